"""The zone of possible agreement and the classic bargaining solutions.

Entry points: :func:`zopa` (the zone, by enumeration), :func:`zopa_overview`
(is there a zone, counted or decided by MILP), :func:`frontier` (its Pareto
frontier) and :func:`solve` (Nash, asymmetric Nash, Kalai-Smorodinsky,
egalitarian, utilitarian, and the normalised egalitarian and utilitarian).
Definitions and references: :mod:`.points` and ``docs/concepts/bargaining.md``.
Each chooses enumeration or the exact MILP route by ``method``
(:mod:`negotiation.solvers.methods`).
"""
from __future__ import annotations

import dataclasses

from negotiation.inputs import as_game
from negotiation.sides import sides_of
from negotiation.solvers.agreement.exact import explain_empty, solve_exact
from negotiation.solvers.agreement.pareto import Frontier, frontier, pareto_mask, zopa_frontier
from negotiation.solvers.agreement.results import Solution, Solutions, ZoneOverview
from negotiation.solvers.agreement.solutions import lottery_solution, pure_solution
from negotiation.solvers.agreement.zone import Zopa, why_empty, zopa
from negotiation.solvers.criteria import CRITERIA, check_criterion
from negotiation.solvers.methods import METHODS, choose_method
from negotiation.solvers.milp.search import best_package
from negotiation.solvers.names import WEIGHTING

SOLUTIONS = CRITERIA

__all__ = ["METHODS", "SOLUTIONS", "Frontier", "Solution", "Solutions", "ZoneOverview", "Zopa",
           "frontier",
           "pareto_mask", "solve", "why_empty", "zopa", "zopa_frontier", "zopa_overview"]


def solve(scenario, solution: str = "nash", lotteries: bool = False, method: str = "auto",
          drop=(), values=None, by: str = "side"):
    """Bargaining solution(s) over the zone of possible agreement.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario, its compiled game, or a path / bundled name.
    solution : str
        One of ``nash``, ``asymmetric_nash``, ``kalai_smorodinsky``,
        ``egalitarian``, ``utilitarian``, or ``"all"``.
    lotteries : bool
        Solve over the convex hull of the frontier (probability mixes of
        packages) instead of the packages themselves.
    method : {"auto", "enumerate", "milp"}
        Enumerate every package, search exactly by MILP (spaces too large to
        enumerate), or choose by the enumeration limit.
    drop : sequence of str
        Red lines or conditions to relax (their ids).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.
    by : {"side", "party"}
        ``"side"`` (default): the members of a declared side share its one
        weight in the Nash products (:mod:`negotiation.sides`); where
        counting every party alone picks another package, that solution is
        attached as ``by_party`` with the reason. ``"party"``: every party
        at the table counts alone. Ratifiers are never counted.

    Returns
    -------
    Solution or Solutions
        One :class:`Solution`, or with ``"all"`` a :class:`Solutions`
        mapping each name to its solution.

    Raises
    ------
    ValueError
        An unknown solution, method, parameter or dropped constraint.
    OrdinalOnly
        Some party states only an ordinal ranking.

    Examples
    --------
    >>> import negotiation
    >>> nash = negotiation.solve("standoff", "nash")
    >>> nash.found
    True
    >>> sorted(negotiation.solve("standoff", "all"))[:2]
    ['asymmetric_nash', 'egalitarian']
    """
    names = SOLUTIONS if solution == "all" else (check_criterion(solution, "solution"),)
    if by not in ("side", "party"):
        raise ValueError(f"unknown by {by!r} (expected 'side' or 'party')")
    game = as_game(scenario, values, what="solve")
    game.require_cardinal("bargaining solutions")
    drop = game.check_drop(drop)
    sides = sides_of(game) if by == "side" else sides_of(game).by_party
    milp = choose_method(game, method) == "milp"
    if milp and lotteries:
        raise ValueError("solutions over lotteries need the enumerated frontier "
                         "(method='enumerate')")
    if milp:
        size = None

        def pick(name, table):
            return solve_exact(game, name, drop=drop, sides=table)
    else:
        front = zopa_frontier(zopa(game, drop=drop))
        size = front.zopa.size

        def pick(name, table):
            return (lottery_solution if lotteries else pure_solution)(name, front, table)
    results = {name: _counted(pick, name, sides, by) for name in names}
    if solution != "all":
        return results[solution]
    declared = sides_of(game)
    return Solutions(results, size, declared.members if declared.declared else None, by)


def _counted(pick, name: str, sides, by: str) -> Solution:
    """The solution ``name`` counted ``by`` side or party; by side, with the
    by-party solution attached where it picks another package."""
    found = dataclasses.replace(pick(name, sides), weighting=WEIGHTING[name] if by == "side"
                                else "party")
    if by != "side" or not sides.grouped or not found.found:
        return found
    alone = dataclasses.replace(pick(name, sides.by_party), weighting="party")
    if alone.package == found.package and alone.lottery == found.lottery:
        return found
    return dataclasses.replace(found, by_party=alone, by_party_why=by_party_why(name, sides))


def by_party_why(name: str, sides) -> str:
    """Why counting by party picks another package than counting by side."""
    grouped = ", ".join(f"{s} ({len(m)} members)" for s, m in sides.members.items()
                        if len(m) > 1)
    if name in ("nash", "asymmetric_nash"):
        return (f"by side, each side is one factor of the product, its members sharing its "
                f"weight ({grouped}); by party, every member is a factor of its own, so a "
                "side counts as often as it has members")
    return ("the criterion scores the packages alike by side and by party; the tie among "
            "the best is broken by the sum of the sides' mean utilities by side, by the sum "
            f"of the parties' utilities by party ({grouped})")


def zopa_overview(scenario, drop=(), values=None) -> ZoneOverview:
    """Is there a zone of possible agreement, and how large is it.

    Counted where the space can be enumerated; beyond the limit, decided by
    one exact MILP (the egalitarian search, which finds a zone package
    whenever one exists) and not counted. Returns a :class:`ZoneOverview`:
    ``size`` (None when not counted), ``exists``, ``method`` and an
    ``explanation`` (why it is empty, if it is).

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario, its compiled game, or a path / bundled name.
    drop : sequence of str
        Red lines or conditions to relax (their ids).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    ZoneOverview
        ``size``, ``exists``, ``method`` and ``explanation``, as above.

    Raises
    ------
    ValueError
        An unknown parameter or dropped constraint, or a value outside its
        declared range.
    OrdinalOnly
        Some party states only an ordinal ranking.

    Examples
    --------
    >>> zopa_overview("standoff")["exists"]
    True

    In ``logroll`` no package gives both sides 0.9, so with a walk-away
    value of 0.9 the zone is empty:

    >>> zopa_overview("logroll", values={"walkaway": 0.9})["exists"]
    False
    """
    game = as_game(scenario, values, what="zopa_overview")
    drop = game.check_drop(drop)
    if game.size <= game.limit:
        return ZoneOverview(zopa(game, drop=drop).to_data())
    game.require_cardinal("the zone of possible agreement")
    found = best_package(game, "egalitarian", drop=drop).found
    text = (f"The zone of possible agreement is not empty (an exact MILP search found a "
            f"package every party prefers to its batna; the {game.size:,} packages are too "
            "many to count)." if found else explain_empty(game, drop))
    return ZoneOverview({"size": None, "exists": found, "method": "milp", "explanation": text})
