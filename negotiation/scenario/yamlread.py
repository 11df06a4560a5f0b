"""Safe YAML reading with a line and column for every key and value.

PyYAML composes the document into nodes (no object is constructed); this
module turns the nodes into plain dicts, lists, strings and numbers itself,
so that

* only the standard tags are accepted (``!!python/object`` and friends are
  reported, never constructed),
* booleans follow YAML 1.2: only ``true``/``false``; ``yes``, ``no``, ``on``
  and ``off`` stay strings (option names),
* duplicate keys are reported, not silently overwritten,
* aliases cannot expand the document beyond ``MAX_NODES`` values,
* every path in the data has a position, for error messages.
"""
from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

import yaml

MAX_NODES = 200_000
MAX_BYTES = 10 * 2**20

Path = tuple  # of str keys and int indices


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based
    quoted: bool = False  # the scalar is written in quotes


class YamlProblem(Exception):
    """The file could not be read at all (syntax, encoding, size)."""

    def __init__(self, message: str, position: Position | None = None):
        super().__init__(message)
        self.position = position


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (true/false only)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))

_STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STANDARD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _position(node: yaml.Node) -> Position:
    mark = node.start_mark
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    return Position(mark.line + 1, mark.column + 1, quoted)


class _Converter:
    def __init__(self):
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.problems: list[tuple[Path, str]] = []
        self.count = 0

    def convert(self, node: yaml.Node, path: Path):
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES} values "
                "(anchors and aliases that multiply)", _position(node))
        self.positions.setdefault(path, _position(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, f"{_STANDARD}seq", path)
            return [self.convert(child, path + (i,)) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def check_tag(self, node: yaml.Node, expected: str, path: Path) -> bool:
        if node.tag != expected:
            self.problems.append((path, f"YAML tag {node.tag!r} is not allowed "
                                        "(only plain data: mappings, lists, strings, numbers)"))
            return False
        return True

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        self.check_tag(node, f"{_STANDARD}map", path)
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_STANDARD}merge":
                self.problems.append((path, "merge keys ('<<') are not supported"))
                continue
            key = self.scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                key = str(key) if isinstance(key, (int, float, bool)) or key is None else None
            if key is None:
                self.problems.append((path, "a key must be a plain name"))
                continue
            child = path + (key,)
            if key in result:
                first = self.key_positions[child]
                self.key_positions[child + ("#dup",)] = _position(key_node)
                self.problems.append((child + ("#dup",),
                                      f"duplicate key {key!r} (first given at line {first.line})"))
                continue
            self.key_positions[child] = _position(key_node)
            result[key] = self.convert(value_node, child)
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path):
        if node.tag not in _SCALAR_TAGS:
            self.check_tag(node, f"{_STANDARD}str", path)
            return node.value
        kind = node.tag[len(_STANDARD):]
        text = node.value
        if kind == "str":
            return text
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() == "true"
        if kind == "int":
            return yaml.SafeLoader.construct_yaml_int(_Loader(""), node)
        if kind == "timestamp":
            value = yaml.SafeLoader.construct_yaml_timestamp(_Loader(""), node)
            return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else text
        value = yaml.SafeLoader.construct_yaml_float(_Loader(""), node)
        if not math.isfinite(value):
            self.problems.append((path, f"{text!r} is not a finite number (NaN and "
                                        "infinities are not allowed)"))
        return value


@dataclass
class Document:
    data: object
    positions: dict  # path -> Position of the value
    key_positions: dict  # path -> Position of the key naming it
    problems: list  # (path, message) found while reading

    def where(self, path: Path) -> Position:
        """Position of the nearest enclosing item that has one."""
        path = tuple(path)
        while True:
            for table in (self.key_positions, self.positions):
                if path in table:
                    return table[path]
            if not path:
                return Position(1, 1)
            path = path[:-1]

    def value_position(self, path: Path) -> Position:
        return self.positions.get(tuple(path)) or self.where(path)


def read_yaml(raw: bytes) -> Document:
    """Parse YAML bytes safely into plain data with positions."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(f"the file is larger than {MAX_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem("the file is not UTF-8 text", Position(line, col)) from None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Position(mark.line + 1, mark.column + 1) if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark is not None:
            # where the unfinished construct began, e.g. an unclosed '{'
            what += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        raise YamlProblem(f"YAML syntax error: {what}", pos) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}") from None
    if node is None:
        raise YamlProblem("the file is empty (expected a mapping of scenario keys)",
                          Position(1, 1))
    converter = _Converter()
    data = converter.convert(node, ())
    return Document(data, converter.positions, converter.key_positions, converter.problems)
