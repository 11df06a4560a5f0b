"""Simultaneous sanctioning (SIM): the opponents' joint moves, enumerated.

A unilateral improvement of a party is SIM-sanctioned when the opponents'
own unilateral improvements, taken simultaneously, can leave it no better
off (Fraser & Hipel 1984; definitions in :mod:`.concepts` and
``docs/concepts/stability.md``). Moves the separable bound of
:mod:`.separable` does not decide are enumerated, in arrays of at most
``SIM_BUDGET`` combined states; an analysis that could examine more than
``SIM_LIMIT`` combinations (one per decided move, the worst case for each
move left to the enumeration) is refused.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiation.game import TOL, SpaceTooLarge
from negotiation.solvers.stability.adjacency import Adjacency
from negotiation.solvers.stability.graph import GraphModel
from negotiation.solvers.stability.separable import separable_verdicts

SIM_BUDGET = 1 << 21  # combined states examined in one array (a few tens of MB)
SIM_LIMIT = 10_000_000_000  # combinations a SIM analysis may have to examine (worst case)


def simultaneous_stable(model: GraphModel, moves: Adjacency, members: Sequence[int],
                        opponents: Sequence[int], budget: int = SIM_BUDGET) -> np.ndarray:
    """(n,) bool: the states from which every move ``s -> s1`` in ``moves``
    (the members' improvements) meets a simultaneous sanction.

    A simultaneous sanction (Fraser & Hipel 1984; Fang, Hipel & Kilgour 1989)
    is a choice, for each opponent, of staying put or taking one of its own
    unilateral improvements *from s*, at least one opponent moving, such that
    the combined state -- the members' issues as in ``s1``, each moving
    opponent's issues as in its improvement, everything else as in ``s`` --
    is feasible and leaves some member no better off than at ``s``. A
    combination that is not a feasible state is no sanction.

    Most moves are decided first by a separable bound and a witness
    (:mod:`.separable`: exact for preferences additive across the movers'
    issues, a proof either way). The moves it leaves open are enumerated
    exactly, vectorised over all of them at once: opponents are added one
    at a time, a combined state being the code of ``s1`` plus the code
    differences ``code(t) - code(s)`` of the opponents' improvements (each
    changes only its mover's issues). A move is dropped as soon as one
    sanction is found. The most attractive move from each state is tried
    first, so that an unstable state usually costs one enumeration.
    """
    n = model.n_states
    src, dst = moves.edges()
    stable = np.ones(n, dtype=bool)
    if not len(src):
        return stable
    members = list(members)
    if not opponents:
        stable[src] = False
        return stable
    verdicts = separable_verdicts(model, src, dst, members, opponents)
    if verdicts is None:
        undecided = np.ones(len(src), dtype=bool)
    else:
        stable[src[verdicts.unsanctioned]] = False
        undecided = verdicts.open
    _check_combinations(model, src[undecided], opponents, len(src) - int(undecided.sum()))
    src, dst = src[undecided], dst[undecided]
    if not len(src):
        return stable
    steps = [_improvement_steps(model, j) for j in
             sorted(opponents, key=lambda j: model.improvements(j).nnz)]
    size = int(model.game.size)
    # one column per code of the space, and a last one for war (any combination
    # with war in it is war: its code lands at or above the space)
    grid = np.full((len(members), size + 1), np.inf)
    grid[:, model.codes] = model.payoff[:len(model.codes), members].T  # infeasible: +inf
    if model.war:
        grid[:, size] = model.payoff[model.war_index, members]
    limit = model.payoff[:, members] + TOL  # (n, members): no better off than at s
    order = np.lexsort((-model.payoff[dst][:, members].sum(axis=1), src))
    first = np.zeros(len(src), dtype=bool)
    if len(src):
        first[order[np.r_[True, src[order][1:] != src[order][:-1]]]] = True
    for chosen in (first, ~first):
        pick = np.flatnonzero(chosen & stable[src])
        hit = _sanctioned(src[pick], model.state_codes[dst[pick]], grid, limit, steps, budget)
        stable[src[pick][~hit]] = False
    return stable


def _check_combinations(model: GraphModel, sources: np.ndarray, opponents: Sequence[int],
                        decided: int = 0, limit: int | None = None) -> None:
    """Refuse an enumeration that could run for hours: the worst case is,
    for every move left to enumerate (from ``sources``), the product over
    opponents of 1 + |R_j^+(s)|, plus one combination (the bound's witness)
    for each of the ``decided`` moves."""
    limit = SIM_LIMIT if limit is None else limit
    per_state = np.ones(model.n_states)
    for j in opponents:
        per_state *= 1 + np.diff(model.improvements(j).indptr)
    worst = float(per_state[sources].sum()) + decided
    if worst > limit:
        raise SpaceTooLarge(f"simultaneous sanctioning (SIM) could have to examine {worst:,.0f} "
                            f"combinations of moves, more than the limit of {limit:,}; "
                            "leave 'sim' out of the concepts or give the parties fewer options")


def _improvement_steps(model: GraphModel, party: int) -> tuple[np.ndarray, np.ndarray]:
    """A party's improvements as (indptr, code differences) by source state."""
    m = model.improvements(party)
    rows, cols = m.edges()
    return m.indptr, model.state_codes[cols] - model.state_codes[rows]


def _sanctioned(src: np.ndarray, start: np.ndarray, grid: np.ndarray, limit: np.ndarray,
                steps: list, budget: int) -> np.ndarray:
    """(moves,) bool: a simultaneous sanction exists for the move from
    ``src[e]`` whose target has code ``start[e]``. Depth first over the
    opponents, splitting the frontier whenever it would exceed ``budget``."""
    hit = np.zeros(len(src), dtype=bool)

    def search(move: np.ndarray, code: np.ndarray, level: int) -> None:
        keep = ~hit[move]
        move, code = move[keep], code[keep]
        indptr, delta = steps[level]
        base = indptr[src[move]]
        counts = indptr[src[move] + 1] - base
        total = int(counts.sum())
        if total > budget and len(move) > 1:
            half = len(move) // 2
            search(move[:half], code[:half], level)
            search(move[half:], code[half:], level)
            return
        which = np.repeat(np.arange(len(move)), counts)
        offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        new_code = code[which] + delta[base[which] + offset]
        new_move = move[which]
        column = np.minimum(new_code, grid.shape[1] - 1)  # at or above the space: war
        found = (grid[:, column] <= limit[src[new_move]].T).any(axis=0)
        hit[new_move[found]] = True
        if level + 1 < len(steps):  # this opponent staying put, or moving
            search(np.r_[move, new_move[~found]], np.r_[code, new_code[~found]], level + 1)

    search(np.arange(len(src)), start.astype(np.int64), 0)
    return hit
