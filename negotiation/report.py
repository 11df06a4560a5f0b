"""Results -> text / markdown / JSON.

A command builds a :class:`Report` of :class:`Section` objects; each section
carries prose and tables for people and a ``data`` dict for JSON. Rendering
never computes anything.
"""
from __future__ import annotations

import json
import math
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from negotiation.prose import terminal_width, wrap_prose
from negotiation.results import active_names, compact_label, issue_text, option_text

FORMATS = ("table", "markdown", "json")
MIN_COLUMN = 8  # a table column is never narrowed below this


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
    # figures for the HTML report (``negotiation.report_html.Plot``); the text,
    # markdown and JSON renderers skip them
    figures: list[Any] = field(default_factory=list)


@dataclass
class Report:
    title: str
    sections: list[Section] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        if len(self.sections) == 1:
            return self.sections[0].data
        return {"title": self.title, **{s.key: s.data for s in self.sections}}


Kinds = tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]


def _kinds() -> Kinds:
    """The boolean, (numpy) integer, float and (numpy) array types a value may
    have. A numpy value exists only once numpy is imported, so a command that
    computes nothing (``list``) renders its report without importing it."""
    np = sys.modules.get("numpy")
    if np is None:
        return (bool,), (), (float,), ()
    return (bool, np.bool_), (np.integer,), (float, np.floating), (np.ndarray,)


def fmt_number(value: Any) -> str:
    bools, _, floats, _ = _kinds()
    if isinstance(value, bools):
        return "yes" if value else "no"
    if isinstance(value, floats):
        return f"{value:.3f}"
    return "" if value is None else str(value)


def package_text(labels: dict, status_quo: dict | None = None) -> str:
    """A package for people: only what differs from the status quo, if given.

    ``{a: x, b: y}`` with status quo ``{a: x, b: z}`` reads ``b: z -> y``; a
    package equal to the status quo reads ``status quo``. JSON output always
    carries the whole package; this is for text and markdown only. Within
    :func:`negotiation.results.labelled`, issues and options read as their
    names and labels, and a scenario without a status quo reads whole.
    """
    labels = labels or {}
    if labels == {"war": "war"}:  # the graph model's war state
        return "war"
    names = active_names()
    if status_quo is None or (names is not None and not names.status_quo):
        return compact_label(labels)  # no status quo to count changes from
    changes = [f"{issue_text(i)}: {option_text(i, status_quo[i])} -> {option_text(i, o)}"
               for i, o in labels.items() if status_quo.get(i) != o]
    return "; ".join(changes) if changes else "status quo"


def to_jsonable(value: Any) -> Any:
    """Plain JSON types (numpy scalars and arrays, tuples, NaN -> null)."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    bools, integers, floats, arrays = _kinds()
    if isinstance(value, arrays):
        return to_jsonable(value.tolist())
    if isinstance(value, bools):
        return bool(value)
    if isinstance(value, integers):
        return int(value)
    if isinstance(value, floats):
        value = float(value)
        return round(value, 12) if math.isfinite(value) else None
    return value


def _text_table(table: Table, width: int) -> str:
    """Columns padded to their widest cell; when that is wider than ``width``,
    the widest columns are narrowed and their cells wrapped onto more lines."""
    cells = [[fmt_number(c) for c in row] for row in table.rows]
    widths = [max([len(h)] + [len(r[k]) for r in cells]) for k, h in enumerate(table.columns)]
    gaps = 2 * (len(widths) - 1)
    if sum(widths) + gaps > width:  # headers wrap first: a column needs only its longest word
        widths = [max([max(map(len, h.split()), default=0)] + [len(r[k]) for r in cells])
                  for k, h in enumerate(table.columns)]
    # the widest column gives up a character at a time, first among those that
    # can wrap between words (an id or a number is cut only when nothing else helps)
    words = [max(len(w) for text in [h] + [r[k] for r in cells] for w in text.split() or [""])
             for k, h in enumerate(table.columns)]
    while sum(widths) + gaps > width and max(widths) > MIN_COLUMN:
        wrappable = [k for k, w in enumerate(widths) if w > max(words[k], MIN_COLUMN)]
        pool = wrappable or [k for k, w in enumerate(widths) if w > MIN_COLUMN]
        widths[max(pool, key=lambda k: widths[k])] -= 1
    if sum(widths) + gaps > width:
        return _records(table, cells, width)

    def lines(row: Sequence[str]) -> list[str]:
        parts = [_cell_lines(c, w) for c, w in zip(row, widths)]
        return ["  ".join((p[k] if k < len(p) else "").ljust(w)
                          for p, w in zip(parts, widths)).rstrip()
                for k in range(max(len(p) for p in parts))]

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([*lines(table.columns), rule, *(x for r in cells for x in lines(r))])


def _cell_lines(text: str, width: int) -> list[str]:
    """A cell's lines at ``width``: most cells fit as they are, which is
    what textwrap would return for them (it costs 50 us a cell)."""
    if len(text) <= width and text.isprintable() and text.strip() == text:
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _records(table: Table, cells: list[list[str]], width: int) -> str:
    """A table with too many columns to fit: one record per row, a line per field."""
    blocks = []
    for row in cells:
        blocks.append("\n".join(wrap_prose(f"{h}: {c}", width) for h, c in zip(table.columns, row)))
    return "\n\n".join(blocks)


def _markdown_table(table: Table) -> str:
    def esc(s: object) -> str:
        return fmt_number(s).replace("|", "\\|")

    head = "| " + " | ".join(table.columns) + " |"
    rule = "|" + "|".join("---" for _ in table.columns) + "|"
    rows = ["| " + " | ".join(esc(c) for c in row) + " |" for row in table.rows]
    return "\n".join([head, rule, *rows])


def _underlined(heading: str, rule: str, width: int) -> list[str]:
    """A heading wrapped to ``width`` and underlined as wide as its widest line."""
    lines = wrap_prose(heading, width).splitlines() or [""]
    return [*lines, rule * max(map(len, lines))]


def render(report: Report, fmt: str = "table", width: int | None = None) -> str:
    """The report as text (fitting ``width``, by default :func:`terminal_width`),
    markdown or JSON."""
    if fmt == "json":
        return json.dumps(to_jsonable(report.data()), indent=2, ensure_ascii=False)
    markdown = fmt == "markdown"
    width = terminal_width() if width is None else width
    out = [f"# {report.title}", ""] if markdown else _underlined(report.title, "=", width)
    for section in report.sections:
        out.append("")
        out += [f"## {section.heading}", ""] if markdown else \
            _underlined(section.heading, "-", width)
        for block in section.blocks:
            if isinstance(block, Table):
                out.append(_markdown_table(block) if markdown else _text_table(block, width))
            else:
                out.append(block if markdown else wrap_prose(block, width))
            out.append("")
    return "\n".join(out).rstrip() + "\n"
