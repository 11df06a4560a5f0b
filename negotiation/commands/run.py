"""negotiation run [SCENARIO]: the whole analysis of a scenario in one report.

Sections come from every command module that defines ``section``; a section
that does not apply (an ordinal model asked for a ZOPA) explains why instead
of failing the run.
"""
from __future__ import annotations

from pathlib import Path

from negotiation.commands import UsageError, command_modules
from negotiation.commands._brief import brief, requested_sections
from negotiation.commands._common import (
    add_output_arguments,
    add_scenario_argument,
    emit,
    names_for,
    output_dir,
    scenario_from_args,
)
from negotiation.commands._summary import summary_section
from negotiation.errors import RatifiersUnsupported
from negotiation.game import OrdinalOnly, SpaceTooLarge, compile_game
from negotiation.report import Report, Section

NAME = "run"
HELP = "analyse a scenario end to end (default: the bundled January 2022 scenario)"
ORDER = 1
SECTION_ORDER = 15
SECTION_KEY = "zopa"


def add_arguments(parser) -> None:
    add_scenario_argument(parser, optional=True)
    add_output_arguments(parser)
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="also write the report's figures (PNG) into DIR")
    parser.add_argument("--html", metavar="FILE", type=Path,
                        help="write the report as one self-contained HTML page (sortable "
                             "tables, inline figures, the JSON to download) instead of printing it")
    parser.add_argument("--brief", action="store_true",
                        help="the summary and the answer of each section (JSON: unchanged)")
    parser.add_argument("--sections", metavar="A,B,...",
                        help="only these sections, by their JSON keys "
                             f"({', '.join(section_keys())})")


def section(scenario, args) -> Section:
    """The zone of possible agreement: its size, or whether it exists on a
    space too large to count (:func:`negotiation.solvers.agreement.zopa_overview`)."""
    from negotiation.solvers.agreement import zopa_overview

    overview = zopa_overview(compile_game(scenario))
    return Section("zopa", "Zone of possible agreement", [overview.explain()], overview.to_data())


def _section_modules():
    modules = [m for m in command_modules() if hasattr(m, "section")]
    return sorted(modules, key=lambda m: getattr(m, "SECTION_ORDER", 99))


def _key(module) -> str:
    """The JSON key of a module's section (``SECTION_KEY``, else its name)."""
    return getattr(module, "SECTION_KEY", module.NAME)


def section_keys() -> list[str]:
    """Every section a report can have, by JSON key, in the report's order."""
    return ["summary", *(_key(m) for m in _section_modules())]


def _sections(scenario, args, wanted=None):
    for module in _section_modules():
        if wanted is not None and _key(module) not in wanted:
            continue
        try:
            result = module.section(scenario, args)
        except (OrdinalOnly, SpaceTooLarge, RatifiersUnsupported) as exc:
            result = Section(_key(module), module.NAME.capitalize(), [f"Not available: {exc}"],
                             {"available": False, "reason": str(exc)})
        if result is None and wanted is not None:  # asked for by name: say why it is missing
            result = Section(_key(module), module.NAME.capitalize(),
                             [f"Not available: the scenario has nothing for the {_key(module)} "
                              f"section ({module.HELP})."],
                             {"available": False, "reason": "does not apply to this scenario"})
        if result is not None:
            yield result


def _report(scenario, args) -> Report:
    chosen = requested_sections(getattr(args, "sections", None), section_keys())
    # the summary reads every other section
    compute = None if chosen is None or "summary" in chosen else set(chosen)
    sections = list(_sections(scenario, args, compute))
    sections = [summary_section(scenario, sections), *sections]
    if chosen is not None:
        sections = [s for s in sections if s.key in chosen]
    if getattr(args, "brief", False):
        sections = [brief(s, scenario.status_quo) for s in sections]
    return Report(scenario.title, sections)


def _write_html(report: Report, scenario, path: Path) -> None:
    from negotiation.report_html import render_html

    page = render_html(report, scenario.status_quo, filename=f"{path.stem}.json")
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--html {path}: cannot write the report ({exc.strerror})") from None
    figures = sum(len(s.figures) for s in report.sections)
    print(f"HTML report written to {path} ({len(report.sections)} sections, "
          f"{figures} figure{'s' if figures != 1 else ''}).")


def run(args) -> int:
    scenario = scenario_from_args(args)
    if args.out:
        args.out = output_dir(args.out)
    with names_for(scenario, args.format):  # text names issues and options by their labels
        report = _report(scenario, args)
    if args.html is not None:
        _write_html(report, scenario, args.html)
    else:
        emit(report, args.format)
    return 0
