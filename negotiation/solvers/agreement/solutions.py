"""The five bargaining solutions of a scenario, by enumeration.

Each is chosen among the Pareto-efficient packages of the zone of possible
agreement (:mod:`.zone`, :mod:`.pareto`) by the criteria of
:mod:`negotiation.solvers.criteria` (definitions and references in
:mod:`.points` and ``docs/concepts/bargaining.md``); over lotteries by
:mod:`.lotteries`.
"""
from __future__ import annotations

import numpy as np

from negotiation.results import per_party
from negotiation.sides import sides_of
from negotiation.solvers.agreement.lotteries import solve_lottery
from negotiation.solvers.agreement.pareto import Frontier
from negotiation.solvers.agreement.points import solve_points
from negotiation.solvers.agreement.results import Solution
from negotiation.solvers.criteria import alphas, criterion_scores


def pure_solution(name: str, front: Frontier, sides=None) -> Solution:
    """The package of ``front`` chosen by ``name`` (``sides``: who sits at the
    table and on which side, default the game's: :mod:`negotiation.sides`)."""
    game = front.game
    sides = sides_of(game) if sides is None else sides
    if front.zopa.empty:
        return Solution(name, None, None, explanation=front.zopa.explain())
    index = game.encode(front.packages)
    k = solve_points(front.utilities, game.batna, name, power=game.power, package_index=index,
                     sides=sides)
    u = front.utilities[k]
    power = alphas(game.power, game.n_parties) if name == "asymmetric_nash" else None
    score = criterion_scores(name, u[None], game.batna, power, front.ideal, sides)[0]
    return Solution(name, game.labels(front.packages[k]), per_party(game.party_ids, u),
                    explanation=f"chosen among {front.size} Pareto-efficient ZOPA package(s)",
                    score=float(score))


def lottery_solution(name: str, front: Frontier, sides=None) -> Solution:
    """The lottery over ``front`` chosen by ``name``."""
    game = front.game
    sides = sides_of(game) if sides is None else sides
    if front.zopa.empty:
        return Solution(name, None, None, explanation=front.zopa.explain())
    mix = solve_lottery(front.utilities, game.batna, name, power=game.power, sides=sides)
    if mix is None:  # every package of a non-empty ZOPA is itself a lottery
        raise RuntimeError(f"{name}: no lottery meets every batna, yet the ZOPA is not empty")
    support = np.flatnonzero(mix.weights > 1e-9)
    support = support[np.argsort(-mix.weights[support], kind="stable")]
    lottery = tuple((float(mix.weights[s]), game.labels(front.packages[s])) for s in support)
    return Solution(name, lottery[0][1], per_party(game.party_ids, mix.utilities),
                    exact=mix.gap <= 1e-6, gap=float(mix.gap), lottery=lottery,
                    explanation=f"lottery over {len(support)} frontier package(s)")
