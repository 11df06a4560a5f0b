"""negotiation list: the bundled scenarios."""
from __future__ import annotations

from negotiation.commands._common import add_format_argument, emit
from negotiation.report import Report, Section, Table
from negotiation.scenario import load
from negotiation.scenario.load import bundled_names

NAME = "list"
HELP = "list the bundled scenarios"
ORDER = 91


def add_arguments(parser) -> None:
    add_format_argument(parser)


def run(args) -> int:
    rows = []
    for name in bundled_names():
        s = load(name)
        rows.append([name, s.title, len(s.parties), len(s.issues)])
    section = Section("scenarios", "Bundled scenarios",
                      [Table(["name", "title", "parties", "issues"], rows)],
                      {"scenarios": [{"name": r[0], "title": r[1]} for r in rows]})
    emit(Report("negotiation", [section]), args.format)
    return 0
