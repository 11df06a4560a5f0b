"""Results -> text / markdown / JSON.

A command builds a :class:`Report` of :class:`Section` objects; each section
carries prose and tables for people and a ``data`` dict for JSON. Rendering
never computes anything.
"""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation.results import compact_label

FORMATS = ("table", "markdown", "json")


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class Section:
    key: str  # JSON key of this section in a combined report
    heading: str
    blocks: list[str | Table] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    title: str
    sections: list[Section] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        if len(self.sections) == 1:
            return self.sections[0].data
        return {"title": self.title, **{s.key: s.data for s in self.sections}}


def fmt_number(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def package_text(labels: dict, status_quo: dict | None = None) -> str:
    """A package for people: only what differs from the status quo, if given.

    ``{a: x, b: y}`` with status quo ``{a: x, b: z}`` reads ``b: z -> y``; a
    package equal to the status quo reads ``status quo``. JSON output always
    carries the whole package; this is for text and markdown only.
    """
    labels = labels or {}
    if status_quo is None:
        return compact_label(labels)
    changes = [f"{i}: {status_quo[i]} -> {o}" for i, o in labels.items() if status_quo.get(i) != o]
    return "; ".join(changes) if changes else "status quo"


def to_jsonable(value: Any) -> Any:
    """Plain JSON types (numpy scalars and arrays, tuples, NaN -> null)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_jsonable(value.tolist())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return round(value, 12) if math.isfinite(value) else None
    return value


def _text_table(table: Table) -> str:
    cells = [[fmt_number(c) for c in row] for row in table.rows]
    widths = [max([len(h)] + [len(r[k]) for r in cells]) for k, h in enumerate(table.columns)]

    def line(row: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(table.columns), rule, *(line(r) for r in cells)])


def _markdown_table(table: Table) -> str:
    def esc(s: object) -> str:
        return fmt_number(s).replace("|", "\\|")

    head = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    rows = ["| " + " | ".join(esc(c) for c in row) + " |" for row in table.rows]
    return "\n".join([head, rule, *rows])


def render(report: Report, fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps(to_jsonable(report.data()), indent=2, ensure_ascii=False)
    markdown = fmt == "markdown"
    out = [f"# {report.title}" if markdown else report.title,
           "" if markdown else "=" * len(report.title)]
    for section in report.sections:
        out.append("")
        out.append(f"## {section.heading}" if markdown else section.heading)
        out.append("" if markdown else "-" * len(section.heading))
        for block in section.blocks:
            if isinstance(block, Table):
                out.append(_markdown_table(block) if markdown else _text_table(block))
            else:
                out.append(block)
            out.append("")
    return "\n".join(out).rstrip() + "\n"
