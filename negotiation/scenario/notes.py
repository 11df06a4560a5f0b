"""Notes on a valid scenario file: what the loader assumed where the file is silent.

A note is not a problem: the file loads. It says what a default made of the
file, so that a reader can write it down (or correct it). Today there is one:
an issue without ``status_quo`` starts at its first option (unless the file
declares ``status_quo: none``: then nothing is assumed).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from negotiation.scenario.load import Problem, load, resolve
from negotiation.scenario.yamlread import read_yaml

_FOREIGN = (".xml", ".gmcr", ".json")  # imported formats have no scenario keys to note


@dataclass(frozen=True)
class Note(Problem):
    """A default the loader applied, placed in the file like a problem."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: note: {self.path}: {self.message}"


def notes(text: str | bytes, filename: str = "<string>") -> list[Note]:
    """The notes on scenario text that loads (see the module docstring).

    Parameters
    ----------
    text : str or bytes
        YAML text of a scenario that :func:`negotiation.loads` accepts.
    filename : str
        The name the notes are placed under.

    Returns
    -------
    list of Note
        One per issue without a ``status_quo``, naming the option taken.

    Examples
    --------
    >>> text = '''
    ... format: negotiation/1
    ... title: Split a cake
    ... parties: {a: {batna: 0.2}, b: {batna: 0.2}}
    ... issues:
    ...   cake: {options: [a_gets_it, halves, b_gets_it]}
    ... preferences:
    ...   a: {weights: {cake: 1}, scores: {cake: {a_gets_it: 1, halves: 0.5, b_gets_it: 0}}}
    ...   b: {weights: {cake: 1}, scores: {cake: {a_gets_it: 0, halves: 0.5, b_gets_it: 1}}}
    ... '''
    >>> for note in notes(text, "cake.yaml"):
    ...     print(note)  # doctest: +NORMALIZE_WHITESPACE
    cake.yaml:6:3: note: issues.cake: no status_quo given: the first option 'a_gets_it' is
    the status quo (write status_quo: a_gets_it to say so, or name another option)
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return document_notes(read_yaml(raw), filename)


def document_notes(document, filename: str) -> list[Note]:
    """:func:`notes` of a document already read (the loader's own, so that a
    file is parsed once)."""
    data = document.data if isinstance(document.data, dict) else {}
    found: list[Note] = []
    if data.get("status_quo") == "none":  # no status quo is declared, so none is assumed
        return found
    for iid, issue in (data.get("issues") or {}).items():
        if not isinstance(issue, dict) or "status_quo" in issue or not issue.get("options"):
            continue
        first = next(iter(issue["options"]))
        where = document.where(("issues", iid))
        found.append(Note(filename, where.line, where.column, f"issues.{iid}",
                          f"no status_quo given: the first option {first!r} is the status quo "
                          f"(write status_quo: {first} to say so, or name another option)"))
    return found


def file_notes(path_or_name: str | os.PathLike) -> list[Note]:
    """The notes on a scenario file or bundled scenario that loads (none for
    an imported GENIUS, GeniusWeb or GMCR+ file).

    Examples
    --------
    >>> file_notes("standoff")
    []
    """
    path = resolve(path_or_name)
    if path.is_dir() or path.suffix.lower() in _FOREIGN:
        return []
    return list(load(path).notes)
