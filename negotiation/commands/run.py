"""negotiation run [SCENARIO]: the whole analysis of a scenario in one report.

Sections come from every command module that defines ``section``; a section
that does not apply (an ordinal model asked for a ZOPA) explains why instead
of failing the run.
"""
from __future__ import annotations

from pathlib import Path

from negotiation.commands import command_modules
from negotiation.commands._common import (
    add_output_arguments,
    add_scenario_argument,
    emit,
    output_dir,
    scenario_from_args,
)
from negotiation.commands._summary import summary_section
from negotiation.game import OrdinalOnly, SpaceTooLarge, compile_game
from negotiation.report import Report, Section
from negotiation.sides import RatifiersUnsupported

NAME = "run"
HELP = "analyse a scenario end to end (default: the bundled January 2022 scenario)"
ORDER = 1
SECTION_ORDER = 15


def add_arguments(parser) -> None:
    add_scenario_argument(parser, optional=True)
    add_output_arguments(parser)
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="also write the report's figures (PNG) into DIR")


def section(scenario, args) -> Section:
    """The zone of possible agreement: its size, or whether it exists on a
    space too large to count (:func:`negotiation.solvers.agreement.zopa_overview`)."""
    from negotiation.solvers.agreement import zopa_overview

    overview = zopa_overview(compile_game(scenario))
    return Section("zopa", "Zone of possible agreement", [overview.explain()], overview.to_data())


def _sections(scenario, args):
    modules = [m for m in command_modules() if hasattr(m, "section")]
    for module in sorted(modules, key=lambda m: m.SECTION_ORDER):
        try:
            result = module.section(scenario, args)
        except (OrdinalOnly, SpaceTooLarge, RatifiersUnsupported) as exc:
            result = Section(module.NAME, module.NAME.capitalize(), [f"Not available: {exc}"],
                             {"available": False, "reason": str(exc)})
        if result is not None:
            yield result


def run(args) -> int:
    scenario = scenario_from_args(args)
    if args.out:
        args.out = output_dir(args.out)
    sections = list(_sections(scenario, args))
    emit(Report(scenario.title, [summary_section(scenario, sections), *sections]), args.format)
    return 0
