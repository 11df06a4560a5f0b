"""negotiation solve SCENARIO: the Pareto frontier and the bargaining solutions."""
from __future__ import annotations

from typing import Any

from negotiation.commands import UsageError
from negotiation.commands._common import (
    add_drop_argument,
    add_output_arguments,
    add_scenario_argument,
    dropped,
    run_section,
)
from negotiation.commands._figures import attach_figure
from negotiation.game import compile_game
from negotiation.report import Section, Table, package_text
from negotiation.sides import sides_of
from negotiation.solvers.names import CRITERIA as SOLUTIONS
from negotiation.solvers.names import METHODS

NAME = "solve"
HELP = "the zone of possible agreement, its Pareto frontier and the bargaining solutions"
ORDER = 30
SECTION_ORDER = 20
FRONTIER_ROWS = 25  # frontier packages listed in the text report
FRONTIER_JSON = 1000  # frontier packages in the JSON (frontier_size is the total)


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--solution", default="all", choices=("all",) + SOLUTIONS,
                        help="which solution to compute (default: all)")
    parser.add_argument("--lotteries", action="store_true",
                        help="solve over lotteries (the convex hull of the frontier)")
    parser.add_argument("--method", default="auto", choices=METHODS,
                        help="enumerate the space, search it by MILP, or choose (default)")
    parser.add_argument("--by", default="side", choices=("side", "party"),
                        help="count a declared side's members as one (default) or every "
                             "party alone")
    add_drop_argument(parser)


def _solutions(game, args):
    from negotiation.solvers.agreement import solve

    name = getattr(args, "solution", "all")
    try:
        result = solve(game, name, lotteries=getattr(args, "lotteries", False),
                       method=getattr(args, "method", "auto"), drop=dropped(args, game.scenario),
                       by=getattr(args, "by", "side"))
    except ValueError as exc:
        if type(exc) is not ValueError:  # OrdinalOnly, SpaceTooLarge: handled by the caller
            raise
        raise UsageError(str(exc)) from None
    return result if name == "all" else {name: result}


def status_quo_of(scenario) -> dict | None:
    """The status quo packages are told against, None where the scenario has none."""
    return scenario.status_quo if scenario.has_status_quo else None


def package_column(scenario, what: str = "package") -> str:
    """A package column's heading: changes from the status quo, if there is one."""
    return f"{what} (changes from the status quo)" if scenario.has_status_quo else what


def _frontier_block(game, front):
    sq = status_quo_of(game.scenario)
    rows = [[package_text(game.labels(p), sq),
             *[float(x) for x in u]] for p, u in zip(front.packages[:FRONTIER_ROWS],
                                                    front.utilities[:FRONTIER_ROWS])]
    return Table([package_column(game.scenario, "frontier package"), *game.party_ids], rows)


def _notes(game, solutions) -> list[str]:  # the scales: negotiation.solvers.names.SCALES
    """What the table compares on, and why a by-party row differs."""
    notes = ["Utilities are on each party's own scale. egalitarian and utilitarian compare "
             "them across parties as raw numbers; kalai_smorodinsky and the normalised "
             "variants compare each party's gain over its batna as a share of its best gain "
             "in the zone; the Nash products need no common scale."]
    notes += [f"{n} by party differs: {s.by_party_why}." for n, s in solutions.items()
              if s.found and s.by_party is not None]
    ratifiers = [game.party_ids[p] for p in sides_of(game).ratifiers]
    if ratifiers:
        notes.append(f"Not at the table (ratifiers, in no criterion): {', '.join(ratifiers)}; "
                     "every package above has the approval it needs.")
    return notes


def section(scenario, args) -> Section:
    from negotiation.solvers.agreement import zopa, zopa_frontier

    game = compile_game(scenario)
    game.require_cardinal("bargaining solutions")
    solutions = _solutions(game, args)
    method = next(iter(solutions.values())).method
    front = zopa_frontier(zopa(game, drop=dropped(args))) if method == "enumerate" else None
    blocks: list[str | Table] = []
    data: dict[str, Any] = {"solutions": {n: (s.to_data() if s.found else None)
                                          for n, s in solutions.items()},
                            "scales": {n: s.scale for n, s in solutions.items()},
                            "by": getattr(args, "by", "side")}
    if scenario.sides:  # every side, those of one undeclared party too
        data["sides"] = sides_of(game).members
    if dropped(args):
        data["dropped"] = list(dropped(args))
        blocks.append(f"Relaxed: {', '.join(dropped(args))}.")
    if front is not None:
        data.update(zopa_size=front.zopa.size, frontier_size=front.size,
                    frontier=front.labelled()[:FRONTIER_JSON],
                    frontier_truncated=front.size > FRONTIER_JSON)
        blocks.append(f"{front.zopa.size} package(s) in the zone of possible agreement, "
                      f"{front.size} of them Pareto efficient.")
        if front.size:
            blocks.append(_frontier_block(game, front))
        if front.size > FRONTIER_ROWS:
            shown = min(front.size, FRONTIER_JSON)
            blocks.append(f"{FRONTIER_ROWS} of the {front.size} frontier packages listed; the "
                          f"JSON output carries {shown}"
                          + (f" (frontier_truncated: the first {FRONTIER_JSON})."
                             if front.size > FRONTIER_JSON else ", every one."))
    else:
        data.update(zopa_size=None, frontier_size=None)
        blocks.append(f"The space ({game.size:,} packages) is searched exactly by MILP; "
                      "the ZOPA is not counted.")
    empty = [s for s in solutions.values() if not s.found]
    if empty:
        data["explanation"] = empty[0].explanation
        blocks.append(empty[0].explanation)
    sq = status_quo_of(scenario)
    rows = [[n, package_text(s.package, sq),
             *[s.utilities[p] for p in game.party_ids], s.exact]
            for n, s in solutions.items() if s.found]
    rows += [[f"{n} by party", package_text(s.by_party.package, sq),
              *[s.by_party.utilities[p] for p in game.party_ids], s.by_party.exact]
             for n, s in solutions.items() if s.found and s.by_party is not None]
    if rows:
        columns = ["solution", package_column(scenario), *game.party_ids, "exact"]
        blocks.append(Table(columns, rows))
        blocks.extend(_notes(game, solutions))
    section = Section("solve", "Frontier and bargaining solutions", blocks, data)
    if front is not None and game.n_parties >= 2 and front.size:
        def draw():
            from negotiation.plots.utility_space import plot_utility_space

            return plot_utility_space(front, solutions)

        attach_figure(section, args, "utility_space",
                      "The zone of possible agreement in utility space: the Pareto frontier, "
                      "the disagreement point and the bargaining solutions", draw, dpi=110)
    return section


def run(args) -> int:
    return run_section(section, args)
