"""YAML text -> PyYAML's parser events, refusing what PyYAML would choke on.

Before PyYAML sees the text: it must be UTF-8 and hold only characters YAML
allows (each other one is reported at its line and column). The events come
from libyaml's parser when PyYAML was built with it (about 7x faster than the
pure-Python one), and are walked into data by
:mod:`negotiation.scenario.yamlwalk`; a document that does not parse is read
again by the pure-Python parser, whose errors the project words
(:mod:`negotiation.scenario.yamlerrors`). No node is composed and nothing is
constructed.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import yaml

from negotiation.scenario.limits import MAX_LISTED
from negotiation.scenario.yamlerrors import plain_words

T = TypeVar("T")


class Position(NamedTuple):
    """Where a value is written in the file (a named tuple: thousands are made
    per file, three times faster than a frozen dataclass)."""

    line: int  # 1-based
    column: int  # 1-based
    quoted: bool = False  # the scalar is written in quotes

    @classmethod
    def at(cls, mark, quoted: bool = False) -> Position:
        """The position of a PyYAML mark (0-based line and column)."""
        return cls(mark.line + 1, mark.column + 1, quoted)


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


class Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (true/false only): the pure-Python
    parser, and the resolver both parsers' scalars are typed with."""


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
    class FastParser(CParser, yaml.resolver.Resolver):
        """libyaml's events, with :class:`Loader`'s resolvers (so both parsers
        type a scalar alike)."""

        yaml_implicit_resolvers = Loader.yaml_implicit_resolvers

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)


# what YAML refuses in a file (an escape in a string is checked in yamldata)
_NOT_IN_FILE = yaml.reader.Reader.NON_PRINTABLE
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # as PyYAML counts lines


def character_name(char: str) -> str:
    return f"U+{ord(char):04X}"


def read_events(raw: bytes, walk: Callable[[Any], T]) -> T:
    """``walk(parser)`` over the events of YAML bytes; YamlProblem if they
    are not readable text or do not parse."""
    text = _decode(raw)
    _check_characters(text)
    if HAS_LIBYAML:
        try:
            return _walked(FastParser, text, walk)
        except yaml.YAMLError:
            pass  # worded below, by the pure-Python parser
    try:
        return _walked(Loader, text, walk)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = Position.at(mark) if mark else None
        what = plain_words(exc, text)  # the common mistakes, with their fix
        if what is None:
            what = exc.problem or exc.context or "invalid YAML"
            if exc.problem and exc.context and exc.context_mark is not None:
                # where the unfinished construct began, e.g. an unclosed '{'
                what += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        raise YamlProblem(f"YAML syntax error: {what}", pos) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {' '.join(str(exc).split())}", Position(1, 1)) from None


def _walked(parser_class, text: str, walk: Callable[[Any], T]) -> T:
    parser = parser_class(text)
    try:
        return walk(parser)
    finally:
        parser.dispose()


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
