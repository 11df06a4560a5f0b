"""negotiation sides SCENARIO: sides of the table, ratifiers, win-sets, tying hands.

Also the "Sides and ratifiers" section of ``negotiation run`` for a scenario
that declares sides or ratifiers (:func:`negotiation.two_level`).
"""
from __future__ import annotations

from negotiation.commands._common import (
    add_drop_argument,
    add_output_arguments,
    add_scenario_argument,
    dropped,
    run_section,
)
from negotiation.report import Section, Table, package_text
from negotiation.solvers.names import CRITERIA, METHODS

NAME = "sides"
HELP = "sides of the table and ratifiers (two-level games): win-sets, tying hands"
ORDER = 32
SECTION_ORDER = 25


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--solution", choices=CRITERIA, default="nash",
                        help="the solution whose tying-hands scan is shown (default: nash)")
    parser.add_argument("--method", default="auto", choices=METHODS,
                        help="enumerate the space, search it by MILP, or choose (default)")
    add_drop_argument(parser)


def _shift_rows(result, status_quo) -> list[list]:
    rows = []
    for s in result.schelling:
        rows.append([s["ratifier"], s["party"], s["solution"],
                     "-" if s["without"] is None else s["without"],
                     "-" if s["with"] is None else s["with"],
                     "-" if s["shift"] is None else s["shift"],
                     "-" if s["normalised_shift"] is None else s["normalised_shift"]])
    return rows


def section(scenario, args) -> Section | None:
    declares = bool(scenario.sides) or any(p.ratifies for p in scenario.parties.values())
    if not declares and getattr(args, "command", None) != NAME:
        return None  # `negotiation run`: nothing to say for a table of single parties
    from negotiation.solvers.sides import two_level

    result = two_level(scenario, criterion=getattr(args, "solution", "nash"),
                       method=getattr(args, "method", "auto"), drop=dropped(args, scenario))
    blocks: list[str | Table] = [result.explain()]
    if result.declared:
        blocks.append(Table(["side", "members", "exponent (nash)", "exponent (asymmetric)"],
                            [[s, ", ".join(m), *(result.exponents[m[0]],
                                                 result.power_exponents[m[0]])]
                             for s, m in result.sides.items()]))
    if result.schelling:
        blocks.append("Shifts: the ratified party's utility without and with the approval, "
                      "on its own scale, and the shift as a share of its best gain in the zone "
                      "(one party at a time: no comparison across parties).")
        blocks.append(Table(["ratifier", "party", "solution", "without", "with", "shift",
                             "share"],
                            _shift_rows(result, scenario.status_quo)))
    solutions = result.solutions
    if result.ratifiers and any(solutions.values()):
        blocks.append(Table(["solution", "package (changes from the status quo)"],
                            [[k.replace("_", " "), "no deal" if v is None else
                              package_text(v["package"], scenario.status_quo)]
                             for k, v in solutions.items()]))
    return Section("sides", "Sides of the table and ratifiers", blocks, result.to_data())


def run(args) -> int:
    return run_section(section, args)
