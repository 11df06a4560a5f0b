"""The agreement zone and the bargaining solutions beyond enumeration.

The same definitions as the enumeration route, answered by the exact MILP
search of :mod:`negotiation.solvers.milp.search`.
"""
from __future__ import annotations

from negotiation.game import TOL, Game
from negotiation.results import per_party
from negotiation.sides import sides_of
from negotiation.solvers.agreement.results import Solution
from negotiation.solvers.agreement.zone import why_empty
from negotiation.solvers.milp.model import Lin, build_model
from negotiation.solvers.milp.search import best_package


def explain_empty(game: Game, drop=()) -> str:
    """Why no package of a (large) space is in the ZOPA, found by MILP:
    no acceptable package at all, or each party's best acceptable utility
    against its batna (the same words as :meth:`Zopa.explain`)."""
    model, utilities = build_model(game, drop=drop, zopa=False)
    if model.solve(Lin()).x is None:
        return why_empty(False, {}, bool(sides_of(game).ratifiers.size))
    shortfalls = {}
    for p in sides_of(game).table:  # a ratifier's approval is a constraint of the model
        pid = game.party_ids[p]
        res = model.solve(utilities[p].scale(-1.0))
        best = game.effective(model.package(res.x)[None])[0][p]
        if best < game.batna[p] - TOL:
            shortfalls[pid] = float(game.batna[p] - best)
    return why_empty(True, shortfalls)


def solve_exact(game: Game, criterion: str, drop=(), time_limit: float | None = None,
                sides=None):
    """A :class:`Solution` found by :func:`best_package`."""
    result = best_package(game, criterion, drop=drop, time_limit=time_limit, sides=sides)
    if result.package is None:  # not result.found
        return Solution(criterion, None, None, exact=result.exact, method="milp",
                        explanation=explain_empty(game, drop))
    utilities = per_party(game.party_ids, result.utilities)
    return Solution(criterion, game.labels(result.package), utilities, exact=result.exact,
                    gap=float(result.gap), method="milp", score=result.score,
                    explanation=f"exact MILP search ({result.solves} solves, {result.status})")
