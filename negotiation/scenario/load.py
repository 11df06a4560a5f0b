"""YAML -> Scenario. Every error names FILE:LINE:COLUMN and the path in the file.

Reading is in three passes, each reporting every problem it finds:

1. :mod:`yamlread` parses safely (no tags, YAML 1.2 booleans, no duplicate
   keys, bounded aliases);
2. :mod:`structure` checks the shape against the JSON Schema;
3. :mod:`build` resolves names, parses rules and expressions, and checks
   what a schema cannot (references, ranges, rankings, the status quo).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from negotiation.scenario.build import build_scenario
from negotiation.scenario.model import Scenario
from negotiation.scenario.structure import structural_problems
from negotiation.scenario.yamlread import Document, Position, YamlProblem, read_yaml


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(ValueError):
    """A scenario file with problems; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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

    def add(self, path, message: str, column_offset: int | None = None) -> None:
        path = tuple(path)
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


def bundled_dir() -> Path:
    return Path(str(resources.files("negotiation") / "data" / "scenarios"))


def bundled_names() -> list[str]:
    return sorted(p.stem for p in bundled_dir().glob("*.yaml"))


def resolve(path_or_name: str | os.PathLike) -> Path:
    """A path, or the name of a bundled scenario (``ukraine_2022``)."""
    path = Path(path_or_name)
    if path.exists():
        return path
    bundled = bundled_dir() / f"{path_or_name}.yaml"
    if not path.suffix and bundled.exists():
        return bundled
    names = ", ".join(bundled_names())
    raise ScenarioError([Problem(str(path_or_name), 1, 1, "",
                                 f"no such file or bundled scenario (bundled: {names})")])


def loads(text: str | bytes, filename: str = "<string>") -> Scenario:
    """Load a scenario from YAML text."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        document = read_yaml(raw)
    except YamlProblem as exc:
        pos = exc.position or Position(1, 1)
        raise ScenarioError([Problem(filename, pos.line, pos.column, "", str(exc))]) from None
    problems = Problems(document, filename)
    for path, message in document.problems:
        problems.add(path, message)
    if not isinstance(document.data, dict):
        problems.add((), "the file is not a mapping of scenario keys "
                         "(expected format, title, parties, issues, preferences, ...)")
        raise ScenarioError(problems.problems())
    # A value already reported while reading (a forbidden tag) is not
    # reported a second time for the shape it was read as.
    unread = {tuple(path) for path, message in document.problems
              if path and message.startswith("YAML tag")}
    for path, message in structural_problems(document.data):
        if not any(tuple(path)[:len(u)] == u for u in unread):
            problems.add(path, message)
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
    return scenario


def load(path_or_name: str | os.PathLike) -> Scenario:
    """Load and validate a scenario file or a bundled scenario by name.

    Raises :class:`ScenarioError` listing every problem, each as
    ``FILE:LINE:COLUMN: path.in.file: what is wrong (what was expected)``.
    """
    path = resolve(path_or_name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(str(path), 1, 1, "", f"cannot read: {exc.strerror}")]) from None
    return loads(raw, filename=str(path))
