"""Safe YAML reading with a line and column for every key and value.

PyYAML's parser reads the text into events (:mod:`.yamlparse`), and
:mod:`.yamlwalk` turns the events into plain dicts, lists, strings and
numbers itself (:mod:`.yamldata` says what each scalar is); no PyYAML object
is constructed. This module joins them. So

* only the standard tags are accepted (``!!python/object`` and friends are
  reported, never constructed),
* booleans follow YAML 1.2: only ``true``/``false``; ``yes``, ``no``, ``on``
  and ``off`` stay strings (option names),
* duplicate keys are reported, not silently overwritten,
* a scalar that cannot be read as its type (``2022-02-30``, ``!!int abc``,
  an integer too large for a float, a control character) is reported at
  its place, never raised,
* the document cannot nest, or expand through aliases, beyond the limits
  of :mod:`negotiation.scenario.limits`,
* every path in the data has a position, for error messages.

Values reported while reading are listed in :attr:`Document.unreadable`,
so that later passes do not report them a second time.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from negotiation.scenario.limits import MAX_BYTES, MAX_NODES
from negotiation.scenario.yamldata import Converter, Path
from negotiation.scenario.yamlparse import Position, YamlProblem, read_events
from negotiation.scenario.yamlwalk import walk

__all__ = ["MAX_BYTES", "MAX_NODES", "Document", "Position", "YamlProblem", "read_yaml"]


@dataclass
class Document:
    """A file as read: its data, where each value is, what could not be read."""

    data: object
    positions: dict  # path -> Position of the value
    key_positions: dict  # path -> Position of the key naming it
    problems: list  # (path, message) found while reading
    unreadable: set = field(default_factory=set)  # paths of values reported while reading

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
        raise YamlProblem(f"the file is larger than {MAX_BYTES // 2**20} MiB "
                          f"({MAX_BYTES} bytes)", Position(1, 1))
    converter, documents = read_events(raw, _walk)
    if not documents:
        raise YamlProblem("the file is empty (expected a mapping of scenario keys)",
                          Position(1, 1))
    return Document(documents[0], converter.positions, converter.key_positions, converter.problems,
                    converter.unreadable)


def _walk(parser) -> tuple[Converter, list]:
    # a converter per walk: a document the fast parser fails on is walked again
    converter = Converter()
    return converter, walk(parser, converter)
