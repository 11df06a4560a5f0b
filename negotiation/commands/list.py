"""negotiation list: the bundled scenarios."""
from __future__ import annotations

import yaml

from negotiation.bundled import bundled_dir, bundled_names
from negotiation.commands._common import add_format_argument, emit
from negotiation.report import Report, Section, Table

NAME = "list"
HELP = "list the bundled scenarios"
ORDER = 91


def add_arguments(parser) -> None:
    add_format_argument(parser)


def _summary(name: str) -> dict:
    """Name, title, sizes and path of a bundled file, read by PyYAML's safe
    loader without the full checks: the bundled files are the package's own,
    checked by its test suite, and listing them should be instant."""
    path = bundled_dir() / f"{name}.yaml"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    data = data if isinstance(data, dict) else {}
    return {"name": name, "title": data.get("title", ""), "parties": len(data.get("parties", {})),
            "issues": len(data.get("issues", {})), "path": str(path)}


def run(args) -> int:
    rows = [_summary(name) for name in bundled_names()]
    table = Table(["name", "title", "parties", "issues"],
                  [[r["name"], r["title"], r["parties"], r["issues"]] for r in rows])
    where = (f"Copy one to start your own: they are the files NAME.yaml in {bundled_dir()} "
             "(or write a commented starter with: negotiation new FILE)")
    section = Section("scenarios", "Bundled scenarios", [table, where], {"scenarios": rows})
    emit(Report("negotiation", [section]), args.format)
    return 0
