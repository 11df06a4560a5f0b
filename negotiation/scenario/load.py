"""YAML -> Scenario. Every error names FILE:LINE:COLUMN and the path in the file.

Reading is in three passes, each reporting every problem it finds:

1. :mod:`yamlread` parses safely (no tags, YAML 1.2 booleans, no duplicate
   keys, bounded aliases);
2. :mod:`structure` checks the shape against the JSON Schema;
3. :mod:`build` resolves names, parses rules and expressions, and checks
   what a schema cannot (references, ranges, rankings, the status quo).
"""
from __future__ import annotations

import dataclasses
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from negotiation.bundled import bundled_dir, bundled_names
from negotiation.errors import ScenarioError
from negotiation.scenario.build import build_scenario
from negotiation.scenario.limits import MAX_BYTES
from negotiation.scenario.model import Scenario
from negotiation.scenario.structure import did_you_mean, root_causes, structural_problems
from negotiation.scenario.yamlread import Document, Position, YamlProblem, read_yaml


@dataclass(frozen=True)
class Problem:
    """One problem with a file: where it is and what was expected."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the file name, keys or values hold."""
        where = f"{one_line(self.file)}:{self.line}:{self.column}"
        message = one_line(self.message)
        return f"{where}: {one_line(self.path)}: {message}" if self.path else f"{where}: {message}"


def one_line(text: str) -> str:
    """``text`` with every non-printable character escaped as in a repr
    (a newline becomes ``\\n``, NUL ``\\x00``), so a message stays on its line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def format_path(path) -> str:
    parts = []
    for item in path:
        if item == "#dup":
            continue
        parts.append(f"[{item}]" if isinstance(item, int) else str(item))
    return ".".join(parts).replace(".[", "[")


class Problems:
    """Collects (path, message) problems and places them in the file."""

    def __init__(self, document: Document, filename: str):
        self.document = document
        self.filename = filename
        self.items: list[tuple[Position, str, str]] = []
        self.silenced: set[tuple] = set()

    def silence(self, paths) -> None:
        """Problems at or under ``paths`` (already reported) are dropped from now on."""
        self.silenced |= {tuple(p) for p in paths}

    def add(self, path, message: str, column_offset: int | None = None) -> None:
        path = tuple(path)
        if any(path[:k] in self.silenced for k in range(len(path) + 1)):
            return
        if column_offset is not None:
            pos = self.document.value_position(path)
            shift = column_offset - 1 + (1 if pos.quoted else 0)
            pos = Position(pos.line, pos.column + shift, pos.quoted)
        else:
            pos = self.document.where(path)
        self.items.append((pos, format_path(path), message))

    def problems(self) -> list[Problem]:
        ordered = sorted(self.items, key=lambda item: (item[0].line, item[0].column))
        unique = list(dict.fromkeys(ordered))
        return [Problem(self.filename, p.line, p.column, path, msg) for p, path, msg in unique]

    def __bool__(self) -> bool:
        return bool(self.items)


def resolve(path_or_name: str | os.PathLike) -> Path:
    """A path, or the name of a bundled scenario (``ukraine_2022``)."""
    path = Path(path_or_name)
    if _exists(path):
        return path
    bundled = bundled_dir() / f"{path_or_name}.yaml"
    if not path.suffix and _exists(bundled):
        return bundled
    names = ", ".join(bundled_names())
    hint = did_you_mean(path.stem, bundled_names()) if not path.suffix else ""
    raise ScenarioError([Problem(str(path_or_name), 1, 1, "",
                                 f"no such file or bundled scenario (bundled: {names}){hint}")])


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long, a NUL byte in it...
        return False


def loads(text: str | bytes, filename: str = "<string>") -> Scenario:
    """Load a scenario from YAML text.

    Parameters
    ----------
    text : str or bytes
        The YAML text of a scenario (format ``negotiation/1``; see
        ``docs/scenario-format.md``), bytes being UTF-8.
    filename : str
        The name the problems are reported under.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        Listing every problem, each as
        ``FILE:LINE:COLUMN: path.in.file: what is wrong (what was expected)``.

    Examples
    --------
    Two parties split a cake; only halves gives each at least its batna:

    >>> import negotiation
    >>> text = '''
    ... format: negotiation/1
    ... title: Split a cake
    ... parties:
    ...   a: {batna: 0.2}
    ...   b: {batna: 0.2}
    ... issues:
    ...   cake: {options: [a_gets_it, halves, b_gets_it], status_quo: halves}
    ... preferences:
    ...   a: {weights: {cake: 1}, scores: {cake: {a_gets_it: 1, halves: 0.5, b_gets_it: 0}}}
    ...   b: {weights: {cake: 1}, scores: {cake: {a_gets_it: 0, halves: 0.5, b_gets_it: 1}}}
    ... '''
    >>> cake = negotiation.loads(text)
    >>> list(cake.parties), list(cake.issues)
    (['a', 'b'], ['cake'])
    >>> negotiation.solve(cake).package
    {'cake': 'halves'}

    A problem is reported at its line and column:

    >>> try:
    ...     negotiation.loads(text.replace("status_quo: halves", "status_quo: thirds"),
    ...                       filename="cake.yaml")
    ... except negotiation.ScenarioError as error:
    ...     print(error)
    cake.yaml:8:51: issues.cake.status_quo: unknown option 'thirds' for issue 'cake' ...
    """
    # lone surrogates survive as bytes that are not UTF-8, reported as such
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    try:
        document = read_yaml(raw)
    except YamlProblem as exc:
        raise ScenarioError([Problem(filename, *_place(pos), "", message)
                             for message, pos in exc.all()]) from None
    problems = Problems(document, filename)
    for path, message in document.problems:
        problems.add(path, message)
    if not isinstance(document.data, dict):
        problems.add((), "the file is not a mapping of scenario keys "
                         "(expected format, title, parties, issues, preferences, ...)")
        raise ScenarioError(problems.problems())
    # A value already reported while reading (a forbidden tag, an invalid
    # date...) is not reported a second time for the shape it was read as.
    problems.silence(document.unreadable)
    # the root cause of a problem is reported, not what follows from it (a
    # misspelt key, not the missing key, nor every check of the missing value)
    structural, derived = root_causes(structural_problems(document.data))
    for path, message in structural:
        problems.add(path, message)
    problems.silence(derived)
    scenario = None
    structure_broken = bool(problems)
    try:
        scenario = build_scenario(document.data, problems, path=filename)
    except (TypeError, AttributeError, KeyError, ValueError, IndexError):
        # The semantic pass reads whatever shape it finds; where the schema
        # already reported a broken shape, its errors are the ones to show.
        if not structure_broken:
            raise
    if problems or scenario is None:
        raise ScenarioError(problems.problems())
    from negotiation.scenario.notes import document_notes  # it imports this module

    scenario = dataclasses.replace(scenario, notes=tuple(document_notes(document, filename)))
    return scenario


def _place(pos: Position | None) -> tuple[int, int]:
    return (pos.line, pos.column) if pos else (1, 1)


def load(path_or_name: str | os.PathLike) -> Scenario:
    """Load and validate a scenario file or a bundled scenario by name.

    Raises :class:`ScenarioError` listing every problem, each as
    ``FILE:LINE:COLUMN: path.in.file: what is wrong (what was expected)``.

    Parameters
    ----------
    path_or_name : str or os.PathLike
        A scenario file, or the name of a bundled scenario (``standoff``,
        ``ukraine_2022``, ...; see ``negotiation list``), or a GENIUS domain
        (folder or XML), GeniusWeb profiles or a GMCR+ ``.gmcr`` file
        (read by :mod:`negotiation.formats`; ``docs/how-to/import.md``).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        No such file or bundled scenario, a file that cannot be read, or
        every problem of its content (as :func:`loads`).

    Examples
    --------
    >>> import negotiation
    >>> standoff = negotiation.load("standoff")
    >>> standoff.title
    'Border standoff (classroom toy)'
    >>> list(standoff.parties)
    ['challenger', 'alliance', 'neighbour']
    >>> try:
    ...     negotiation.load("no_such_scenario")
    ... except negotiation.ScenarioError as error:
    ...     print(error)
    no_such_scenario:1:1: no such file or bundled scenario (bundled: ...)
    """
    path = resolve(path_or_name)
    if path.suffix.lower() in (".xml", ".gmcr", ".json") or path.is_dir():
        from negotiation.formats.detect import load_foreign  # GENIUS, GeniusWeb, GMCR+

        return load_foreign(path)
    return loads(read_file(path), filename=str(path))


_NOT_FILES = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
              (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
              (stat.S_ISSOCK, "a socket"))


def read_file(path: Path) -> bytes:
    """The bytes of a regular file (after symlinks), at most ``MAX_BYTES``.

    Devices, FIFOs and directories are refused before they are read (a
    device never ends, a FIFO without a writer never answers); the file is
    opened without blocking and read up to one byte past the limit, so a
    file that grows while it is read cannot exceed it either.
    """
    try:
        _require_regular(path, os.stat(path).st_mode)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags), "rb") as handle:
            _require_regular(path, os.fstat(handle.fileno()).st_mode)  # replaced meanwhile?
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _file_problem(path, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise _file_problem(path, f"the file is larger than {MAX_BYTES // 2**20} MiB "
                                  f"({MAX_BYTES} bytes)")
    return raw


def _require_regular(path: Path, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_FILES if test(mode)), "not a regular file")
        raise _file_problem(path, f"cannot read: this is {kind}, not a file "
                                  "(expected a scenario file)")


def _file_problem(path: Path, message: str) -> ScenarioError:
    return ScenarioError([Problem(str(path), 1, 1, "", message)])
