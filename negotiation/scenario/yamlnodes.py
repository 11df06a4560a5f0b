"""YAML text -> PyYAML nodes, refusing what PyYAML would choke on.

Before PyYAML sees the text: it must be UTF-8 and hold only characters YAML
allows (each other one is reported at its line and column). While PyYAML
composes it: no deeper than :data:`MAX_YAML_DEPTH` levels (its composer
recurses once per level). Nothing is constructed: the nodes are turned into
data by :mod:`negotiation.scenario.yamldata`.
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

import yaml

from negotiation.scenario.limits import MAX_LISTED, MAX_YAML_DEPTH
from negotiation.scenario.yamlerrors import plain_words


class Position(NamedTuple):
    """Where a value is written in the file (a named tuple: thousands are made
    per file, three times faster than a frozen dataclass)."""

    line: int  # 1-based
    column: int  # 1-based
    quoted: bool = False  # the scalar is written in quotes


class YamlProblem(Exception):
    """The file could not be read at all (syntax, encoding, size, depth).

    ``others`` holds further (message, position) pairs found at once (every
    control character of the file, not only the first).
    """

    def __init__(self, message: str, position: Position | None = None, others=()):
        super().__init__(message)
        self.position = position
        self.others = list(others)

    def all(self) -> list[tuple[str, Position | None]]:
        return [(str(self), self.position), *self.others]


class DepthLimit:
    """Refuses to compose a document nested deeper than :data:`MAX_YAML_DEPTH`
    levels (PyYAML's composer recurses once per level)."""

    depth = 0

    def compose_node(self, parent, index):
        if self.depth >= MAX_YAML_DEPTH:
            mark = self.peek_event().start_mark
            raise YamlProblem(f"the document is nested deeper than {MAX_YAML_DEPTH} levels "
                              f"(expected at most {MAX_YAML_DEPTH} levels of mappings and "
                              "lists)", Position(mark.line + 1, mark.column + 1))
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class Loader(DepthLimit, yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (true/false only) and a depth limit."""


BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")  # YAML 1.2
Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", BOOL, list("tTfF"))

try:  # libyaml's parser, when PyYAML was built with it
    from yaml._yaml import CParser
    HAS_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML without libyaml
    HAS_LIBYAML = False

if HAS_LIBYAML:
    class FastLoader(DepthLimit, yaml.composer.Composer, CParser,
                     yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """:class:`Loader`'s nodes, parsed by libyaml (about 7x faster): the
        events come from C, the nodes are composed here, so the depth limit
        and the resolvers are :class:`Loader`'s own. Only documents that
        parse are composed this way; any error is read again by
        :class:`Loader`, whose messages the project words."""

        yaml_implicit_resolvers = Loader.yaml_implicit_resolvers

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


# what YAML refuses in a file (an escape in a string is checked in yamldata)
_NOT_IN_FILE = yaml.reader.Reader.NON_PRINTABLE
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # as PyYAML counts lines


def character_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def text_to_node(raw: bytes) -> yaml.Node | None:
    """The document's root node (None for an empty file); YamlProblem otherwise."""
    text = _decode(raw)
    _check_characters(text)
    return _compose(text)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem("the file is not UTF-8 text", Position(line, col)) from None


def _check_characters(text: str) -> None:
    """Every character YAML does not allow in a file, each at its place."""
    found = []
    for match in _NOT_IN_FILE.finditer(text):
        found.append(match)
        if len(found) > MAX_LISTED:
            break
    if not found:
        return
    breaks = [m.end() for m in _LINE_BREAK.finditer(text, 0, found[-1].start())]
    problems = []
    for match in found[:MAX_LISTED]:
        line = bisect.bisect_right(breaks, match.start())
        column = match.start() - (breaks[line - 1] if line else 0) + 1
        problems.append((f"control character {character_name(match.group())} is not "
                         "allowed in a YAML file (expected printable text)",
                         Position(line + 1, column)))
    if len(found) > MAX_LISTED:
        problems.append((f"more control characters follow (only the first {MAX_LISTED} are "
                         "listed)", problems[-1][1]))
    raise YamlProblem(*problems[0], others=problems[1:])


def _compose(text: str) -> yaml.Node | None:
    if HAS_LIBYAML:
        try:
            return _single_node(FastLoader, text)
        except (yaml.YAMLError, YamlProblem):
            pass  # worded below, by the pure-Python parser
    try:
        return _single_node(Loader, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Position(mark.line + 1, mark.column + 1) if mark else None
        what = plain_words(exc, text)  # the common mistakes, with their fix
        if what is None:
            what = exc.problem or exc.context or "invalid YAML"
            if exc.problem and exc.context and exc.context_mark is not None:
                # where the unfinished construct began, e.g. an unclosed '{'
                what += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        raise YamlProblem(f"YAML syntax error: {what}", pos) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {' '.join(str(exc).split())}", Position(1, 1)) from None


def _single_node(loader_class, text: str) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
