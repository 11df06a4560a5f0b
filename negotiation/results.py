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

Text reports name packages through :func:`compact_label` (and
:func:`negotiation.report.package_text`); within :func:`labelled` they print
a scenario's issue names and option labels instead of ids (``Screen=19''
LCD`` for ``screen=v_19_LCD``). The display names are a context variable so
that every explanation benefits without being handed the scenario; data
(``to_data``, JSON) keeps ids.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

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


@dataclass(frozen=True)
class DisplayNames:
    """What text reports print for a scenario's issues and options.

    ``issues``: issue id -> its name; ``options``: issue id -> option id ->
    its label (or its value, on an ordered issue); only the ones that differ
    from their ids. ``status_quo``: False where the scenario declares none."""

    issues: Mapping[str, str]
    options: Mapping[str, Mapping[str, str]]
    status_quo: bool = True


_DISPLAY: ContextVar[DisplayNames | None] = ContextVar("display_names", default=None)


def display_names(scenario) -> DisplayNames:
    """The :class:`DisplayNames` of a scenario (its issues' names, its options'
    labels and values)."""
    issues = {iid: i.name for iid, i in scenario.issues.items() if i.name and i.name != iid}
    options = {iid: {o.id: o.shown for o in i.options if o.shown != o.id}
               for iid, i in scenario.issues.items()}
    return DisplayNames(issues, {k: v for k, v in options.items() if v},
                        getattr(scenario, "has_status_quo", True))


@contextmanager
def labelled(scenario) -> Iterator[None]:
    """Within the block, text that :func:`compact_label` and
    :func:`issue_text` / :func:`option_text` write names the scenario's
    issues and options as their names and labels read (JSON data keeps ids:
    build it outside the block, or from ids)."""
    token = _DISPLAY.set(display_names(scenario))
    try:
        yield
    finally:
        _DISPLAY.reset(token)


def active_names() -> DisplayNames | None:
    """The display names in force (:func:`labelled`), or None."""
    return _DISPLAY.get()


def issue_text(issue: str) -> str:
    """An issue as text reports print it: its name where :func:`labelled` is in force."""
    names = _DISPLAY.get()
    return names.issues.get(issue, issue) if names else issue


def option_text(issue: str, option: str) -> str:
    """An option as text reports print it: its label (or value) where
    :func:`labelled` is in force."""
    names = _DISPLAY.get()
    return names.options.get(issue, {}).get(option, option) if names else option


def compact_label(labels) -> str:
    """A package as one compact string, ``issue=option, ...`` (sweep columns,
    tables); ``{}`` or None reads as the empty string. Within
    :func:`labelled`, issues and options read as their names and labels."""
    return ", ".join(f"{issue_text(i)}={option_text(i, o)}" for i, o in (labels or {}).items())


def package_key(labels) -> str:
    """A package as ``issue=option, ...`` of ids, whatever the display names:
    for data (a column that JSON carries, a value compared across runs)."""
    return ", ".join(f"{i}={o}" for i, o in (labels or {}).items())
