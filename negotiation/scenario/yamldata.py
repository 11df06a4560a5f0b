"""What a YAML value is: plain data (dicts, lists, strings, numbers), with positions.

:class:`Converter` keeps what the walk of the events
(:mod:`negotiation.scenario.yamlwalk`) learns of each value: where it is,
what could not be read, how many values and characters the document has
expanded to. Only the standard tags are read; a scalar that is not what its tag says
(``2022-02-30``, ``!!int abc``, an integer too large for a float, a control
character written as an escape) is a problem at its path, and its path is
listed as unreadable so that later passes do not report it again. Aliases
are followed within :data:`MAX_NODES` values and :data:`MAX_EXPANDED_CHARS`
characters, and no deeper than :data:`MAX_YAML_DEPTH` levels.
"""
from __future__ import annotations

import datetime
import math
import re
from functools import cache

import yaml

from negotiation.scenario.limits import MAX_EXPANDED_CHARS, MAX_NODES, MAX_YAML_DEPTH, SHOWN_CHARS
from negotiation.scenario.yamlparse import BOOL, Loader, Position, YamlProblem, character_name

Path = tuple  # of str keys and int indices

STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{STANDARD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_NULL = {"", "~", "null", "Null", "NULL"}
# an escape in a double-quoted string must not make a control character either
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def position(event) -> Position:
    """Where a scalar event's value is written (and whether in quotes); a
    parser's events always carry their marks."""
    return Position.at(event.start_mark, event.style in ("'", '"'))


def shown(text: str) -> str:
    """A scalar quoted for a message: escaped, and cut if long."""
    if len(text) > SHOWN_CHARS:
        return f"{text[:SHOWN_CHARS]!r}... ({len(text)} characters)"
    return repr(text)


class ExpansionLimit(YamlProblem):
    """The document's aliases expand past :data:`MAX_NODES` values or
    :data:`MAX_EXPANDED_CHARS` characters."""


class Converter:
    def __init__(self):
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.problems: list[tuple[Path, str]] = []
        self.unreadable: set[Path] = set()
        self.count = 0
        self.chars = 0

    def report(self, path: Path, message: str, key=False) -> None:
        """A value (or key) that cannot be read: reported once, here. For a
        key, ``path`` is its mapping's, which later passes still check."""
        self.problems.append((path, message))
        if not key:
            self.unreadable.add(path)

    def enter(self, path: Path, where: Position) -> bool:
        """One more value, at ``path``: counted and placed; False (and
        reported) if aliases have taken it deeper than the limit."""
        self.count += 1
        if self.count > MAX_NODES:
            raise ExpansionLimit(
                f"the document expands to more than {MAX_NODES} values "
                "(anchors and aliases that multiply)", self.near(path))
        self.positions.setdefault(path, where)
        if len(path) >= MAX_YAML_DEPTH:
            self.report(path, f"nested deeper than {MAX_YAML_DEPTH} levels once aliases "
                              f"are followed (expected at most {MAX_YAML_DEPTH})")
            return False
        return True

    def check_tag(self, tag: str, expected: str, path: Path, key=False) -> bool:
        if tag != expected:
            message = (f"YAML tag {tag!r} is not allowed "
                       "(only plain data: mappings, lists, strings, numbers)")
            self.report(path, message, key)
            return False
        return True

    def duplicate(self, path: Path, where: Position) -> None:
        """A key given twice in one mapping: the second is reported, and dropped."""
        first = self.key_positions[path]
        self.key_positions[path + ("#dup",)] = where
        self.problems.append((path + ("#dup",),
                              f"duplicate key {path[-1]!r} (first given at line {first.line})"))

    def key(self, tag: str, text: str, path: Path) -> str | None:
        """A mapping's key, as text (None if it is not a name)."""
        self.count_chars(text, path)
        key = self.scalar(tag, text, path, key=True)
        if isinstance(key, bool) or key is None or isinstance(key, (int, float)):
            return str(key)
        return key if isinstance(key, str) else None

    def count_chars(self, text: str, path: Path) -> None:
        self.chars += len(text)
        if self.chars > MAX_EXPANDED_CHARS:
            raise ExpansionLimit(
                f"the document expands to more than {MAX_EXPANDED_CHARS} characters of text "
                "(anchors and aliases that repeat long strings)", self.near(path))

    def near(self, path: Path) -> Position:
        """The nearest key around ``path``: where an alias is used (the values
        an alias stands for are placed at its anchor's lines)."""
        for k in range(len(path), 0, -1):
            if path[:k] in self.key_positions:
                return self.key_positions[path[:k]]
        return Position(1, 1)

    # scalars -----------------------------------------------------------
    def scalar(self, tag: str, text: str, path: Path, key=False):
        """The value of a scalar (its resolved tag and its text); a problem
        (and its text) if it cannot be read."""
        if not key:
            self.count_chars(text, path)
        if tag not in _SCALAR_TAGS:
            self.check_tag(tag, f"{STANDARD}str", path, key)
            return text
        try:
            return _READERS[tag[len(STANDARD):]](text)
        except _Unreadable as exc:
            self.report(path, f"{shown(text)} {exc}", key)
            return text


class _Unreadable(ValueError):
    """A scalar that is not what its tag says; the message completes its text."""


@cache
def _constructor() -> Loader:
    """One loader whose constructors read single scalar nodes: they use only
    the node, and a loader costs 0.1 ms to make (a scenario has hundreds of numbers)."""
    return Loader("")


def _node(kind: str, text: str) -> yaml.ScalarNode:
    """The node PyYAML's constructor of ``kind`` reads ``text`` from."""
    return yaml.ScalarNode(STANDARD + kind, text)


def _read_str(text: str) -> str:
    bad = _NOT_IN_TEXT.search(text)
    if bad:
        raise _Unreadable(f"contains the unprintable character {character_name(bad.group())} "
                          "(a control character or a lone surrogate; expected printable text)")
    return text


def _read_null(text: str) -> None:
    if text not in _NULL:
        raise _Unreadable("is not null (expected ~, null or nothing after !!null)")
    return None


def _read_bool(text: str) -> bool:
    if not BOOL.match(text):
        raise _Unreadable("is not a boolean (expected true or false)")
    return text.lower() == "true"


def _read_int(text: str) -> int:
    try:
        value = yaml.SafeLoader.construct_yaml_int(_constructor(), _node("int", text))
    except ValueError:  # not digits, or more than Python converts (4300)
        if text.lstrip("+-").replace("_", "").isdigit():
            raise _Unreadable("is too large a number (expected at most about 1.8e308)") from None
        raise _Unreadable("is not a whole number") from None
    try:
        float(value)
    except OverflowError:
        raise _Unreadable("is too large a number (expected at most about 1.8e308)") from None
    return value


def _read_float(text: str) -> float:
    try:
        value = yaml.SafeLoader.construct_yaml_float(_constructor(), _node("float", text))
    except ValueError:
        raise _Unreadable("is not a number") from None
    if math.isinf(value) and "inf" not in text.lower():
        raise _Unreadable("is larger than a float can hold (about 1.8e308)")
    if not math.isfinite(value):
        raise _Unreadable("is not a finite number (NaN and infinities are not allowed)")
    return value


def _read_timestamp(text: str) -> str:
    if not yaml.constructor.SafeConstructor.timestamp_regexp.match(text):
        raise _Unreadable("is not a date (expected YYYY-MM-DD)")
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(_constructor(), _node("timestamp", text))
    except (ValueError, OverflowError) as exc:
        raise _Unreadable(f"is not a valid date ({exc}; expected YYYY-MM-DD)") from None
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else text


_READERS = {"str": _read_str, "null": _read_null, "bool": _read_bool, "int": _read_int,
            "float": _read_float, "timestamp": _read_timestamp}


