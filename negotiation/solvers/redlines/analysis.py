"""The red-line analysis by enumeration of the feasible packages.

Definitions: :mod:`negotiation.solvers.redlines` and ``docs/concepts/offramps.md``.
"""
from __future__ import annotations

import numpy as np

from negotiation.game import Game
from negotiation.sides import sides_of
from negotiation.solvers.criteria import criterion_scores, ideal_point
from negotiation.solvers.redlines.credibility import enumerated_credibility
from negotiation.solvers.redlines.relaxations import correction_and_conflict_sets
from negotiation.solvers.redlines.results import RedLineAnalysis, red_line_verdicts


def _best(scores: np.ndarray, mask: np.ndarray) -> float:
    """Best score among masked packages; an empty set counts 0."""
    return float(scores[mask].max()) if mask.any() else 0.0


def _prices(scores, meets, broken) -> np.ndarray:
    """Price of each constraint: best with it dropped minus best with all held."""
    n_broken = broken.sum(axis=1)
    held_all = meets & (n_broken == 0)
    base = _best(scores, held_all)
    prices = np.empty(broken.shape[1])
    for j in range(broken.shape[1]):
        only_j = meets & (n_broken == 1) & broken[:, j]
        prices[j] = _best(scores, held_all | only_j) - base
    return prices


def _criterion_scores(game: Game, u: np.ndarray, meets: np.ndarray, criterion: str):
    # Kalai-Smorodinsky's ideal point is taken over the packages meeting every batna
    ideal = ideal_point(u[meets]) if meets.any() else None
    scores = criterion_scores(criterion, u, game.batna, game.power, ideal, sides_of(game))
    return np.where(meets, scores, -np.inf)


def enumerated_analysis(game: Game, criterion: str) -> RedLineAnalysis:
    """The red-line analysis over the enumerated feasible packages."""
    constraints = [c for c in game.constraints if c.relaxable]
    names = [c.id for c in constraints]
    pool = game.feasible_packages
    u = game.effective(pool)
    meets = game.meets_batna(u)
    broken = ~game.satisfied(pool, constraints)
    scores = _criterion_scores(game, u, meets, criterion)
    held_all = meets & ~broken.any(axis=1)
    jointly = bool(held_all.any())
    relaxation_helps = bool(meets.any())
    mcs, mus = correction_and_conflict_sets(broken[meets], names)
    if jointly:
        mcs, mus = [], []  # the families {∅} and {} of the theory, reported as "nothing"
    elif not relaxation_helps:
        mcs = []
    lines = red_line_verdicts(game, constraints, _prices(scores, meets, broken),
                              enumerated_credibility(game, constraints, pool, u, broken), mcs,
                              mus, jointly)
    return RedLineAnalysis(jointly, lines, mcs, mus, relaxation_helps,
                           int(held_all.sum()), _best(scores, held_all), criterion,
                           int(meets.sum()))
