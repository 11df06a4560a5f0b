"""The one protocol every public result speaks.

* ``explain()``: the answer in plain words;
* ``to_data()``: a JSON-ready dict (never None: an empty answer is an
  explained dict);
* ``to_frame()`` where the data is tabular: a :class:`pandas.DataFrame`;
* a short ``repr`` (its class and the first line of the explanation), so
  that typing a name in a notebook never dumps a whole model;
* ``_repr_markdown_`` for notebooks: the explanation.

Result classes are frozen dataclasses declared with ``repr=False`` so that
the short repr below is kept.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping

REPR_WIDTH = 100


def short(text: str, width: int = REPR_WIDTH) -> str:
    """The first line of ``text``, cut to ``width`` characters."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 3] + "..."


class Result(ABC):
    """Base of every public result (see the module docstring)."""

    @abstractmethod
    def explain(self) -> str:
        """The answer in plain words."""

    @abstractmethod
    def to_data(self) -> dict:
        """The answer as a JSON-ready dict."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {short(self.explain())}>"

    def _repr_markdown_(self) -> str:
        return self.explain()


class MappingResult(Result, Mapping):
    """A result that can also be read as a read-only mapping: ``_entries()``
    says of what (a solution per name, a part's JSON form, ...)."""

    @abstractmethod
    def _entries(self) -> Mapping:
        """The mapping this result reads as."""

    def __getitem__(self, key):
        return self._entries()[key]

    def __iter__(self) -> Iterator:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())


def per_party(party_ids, values) -> dict[str, float]:
    """``{party: float}`` of one number per party: the one helper that turns
    an array over parties into the dict every result reports."""
    return {p: float(x) for p, x in zip(party_ids, values)}


def compact_label(labels) -> str:
    """A package as one compact string, ``issue=option, ...`` (sweep columns,
    tables); ``{}`` or None reads as the empty string."""
    return ", ".join(f"{i}={o}" for i, o in (labels or {}).items())
