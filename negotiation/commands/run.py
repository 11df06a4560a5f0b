"""negotiation run [SCENARIO]: the whole analysis of a scenario in one report.

Sections come from every command module that defines ``section``; a section
that does not apply (an ordinal model asked for a ZOPA) explains why instead
of failing the run.
"""
from __future__ import annotations

from pathlib import Path

from ..cli import command_modules
from ..game import OrdinalOnly, SpaceTooLarge, compile_game
from ..report import Report, Section
from ..solvers.exact import best_package, explain_empty
from ..solvers.zopa import zopa
from ._summary import summary_section
from ._common import add_output_arguments, add_scenario_argument, emit, scenario_from_args

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
    """The size of the zone of possible agreement, explained.

    Beyond the enumeration limit the ZOPA is not counted; one exact MILP
    (the egalitarian search, which also decides emptiness) says whether it
    is empty, and why if it is."""
    game = compile_game(scenario)
    if game.size <= game.limit:
        z = zopa(game)
        return Section("zopa", "Zone of possible agreement", [z.explain()],
                       {"size": z.size, "acceptable_packages": z.acceptable_count,
                        "shortfalls": z.shortfalls, "explanation": z.explain()})
    game.require_cardinal("the zone of possible agreement")
    found = best_package(game, "egalitarian").found
    text = (f"The zone of possible agreement is not empty (an exact MILP search found a "
            f"package every party prefers to its batna; the {game.size:,} packages are too "
            "many to count)." if found else explain_empty(game))
    return Section("zopa", "Zone of possible agreement", [text],
                   {"size": None, "exists": found, "method": "milp", "explanation": text})


def _sections(scenario, args):
    modules = [m for m in command_modules() if hasattr(m, "section")]
    for module in sorted(modules, key=lambda m: m.SECTION_ORDER):
        try:
            result = module.section(scenario, args)
        except (OrdinalOnly, SpaceTooLarge) as exc:
            result = Section(module.NAME, module.NAME.capitalize(), [f"Not available: {exc}"],
                             {"available": False, "reason": str(exc)})
        if result is not None:
            yield result


def run(args) -> int:
    scenario = scenario_from_args(args)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    sections = list(_sections(scenario, args))
    emit(Report(scenario.title, [summary_section(scenario, sections), *sections]), args.format)
    return 0
