"""Moves of the graph model as boolean adjacencies, and reductions over them.

Building (:func:`move_matrix`, :func:`with_war`, :func:`improving`): row
``s`` of a party's move matrix lists the states it can reach from ``s`` in
one unilateral move (Kilgour, Hipel & Fang 1987), in the spirit of the matrix
representation of Xu, Hipel & Kilgour (2009), IEEE Trans. SMC-A 39(1).
Reducing (:func:`row_min`, :func:`chain_minimum`): the least value over a
state's moves, and the least value a coalition of opponents can force by
legal sequences of moves, without forming its reachability matrix.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from negotiation.game import TOL
from negotiation.solvers.stability.adjacency import Adjacency
from negotiation.solvers.stability.groups import check_move_count, group_keys

Reduction = Callable[[np.ndarray], np.ndarray]  # values per state -> a value per state
EDGE_LIMIT = 60_000_000  # moves a model may hold in memory (about 0.5 GB)


# -- building moves ----------------------------------------------------------
def move_matrix(states: np.ndarray, n_options: np.ndarray, movable: np.ndarray,
                one_way: np.ndarray, edge_limit: int = EDGE_LIMIT, revocable=None,
                status_quo=None) -> Adjacency:
    """(n, n) adjacency: ``t`` is reachable from ``s`` in one move that
    changes only ``movable`` and ``revocable`` issues (at least one), never
    moving a one-way issue backwards, and a revocable issue only back to its
    ``status_quo`` option. Built group by group: states that agree on every
    other issue can reach each other, so all pairs within a group are
    candidates. Each group's states are ascending in ``order`` (a stable
    sort), so each row's targets come out ascending."""
    n = len(states)
    revocable = np.zeros_like(movable) if revocable is None else revocable & ~movable
    movable = movable | revocable
    if n == 0 or not movable.any():
        return Adjacency.empty(n)
    key = group_keys(states, n_options, ~movable)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    first_of_group = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    group_start = np.flatnonzero(first_of_group)
    group_size = np.diff(np.r_[group_start, n])
    group_of = np.cumsum(first_of_group) - 1  # group of each sorted position
    pairs_per_state = group_size[group_of]
    total = int(pairs_per_state.sum())
    check_move_count(total, edge_limit)
    src_pos = np.repeat(np.arange(n), pairs_per_state)
    offset = np.arange(total) - np.repeat(np.cumsum(pairs_per_state) - pairs_per_state,
                                          pairs_per_state)
    dst_pos = np.repeat(group_start[group_of], pairs_per_state) + offset
    src, dst = order[src_pos], order[dst_pos]
    keep = src != dst  # rows by sorted position: src_pos ascending
    for k in np.flatnonzero(movable & one_way):
        keep &= states[dst, k] >= states[src, k]
    for k in np.flatnonzero(revocable):  # an offer is withdrawn, never made, alone
        keep &= (states[dst, k] == states[src, k]) | (states[dst, k] == status_quo[k])
    by_position = Adjacency.from_rows(np.bincount(src_pos[keep], minlength=n), dst[keep], n)
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    return by_position.take_rows(position)


def with_war(moves: Adjacency, initiator_moves: bool) -> Adjacency:
    """The moves with the war state appended (last index): reachable in one
    move from every state when the mover includes the initiator; absorbing."""
    n = moves.shape[0]
    return with_war_column(moves, np.arange(n) if initiator_moves else np.zeros(0, int))


def with_war_column(matrix: Adjacency, rows: np.ndarray) -> Adjacency:
    """``matrix`` (n, n) grown to (n + 1, n + 1): the given rows also reach
    the new last state (after their other entries), which reaches nothing."""
    n = matrix.shape[0]
    extra = np.zeros(n, dtype=np.int64)
    extra[rows] = 1
    indices = np.insert(matrix.indices, matrix.indptr[1:][extra > 0], n)
    indptr = np.r_[0, np.cumsum(np.diff(matrix.indptr) + extra)]
    indptr = np.r_[indptr, indptr[-1]]
    return Adjacency(indptr.astype(np.int64), indices.astype(np.int32), (n + 1, n + 1))


def improving(moves: Adjacency, values: np.ndarray) -> Adjacency:
    """The moves after which every column of ``values`` (n, k) is strictly
    higher (by more than TOL): unilateral or coalition improvements."""
    values = values.reshape(len(values), -1)
    src, dst = moves.edges()
    return moves.only(np.all(values[dst] > values[src] + TOL, axis=1))


# -- reductions over moves ----------------------------------------------------
def row_min(matrix: Adjacency, values: np.ndarray, empty: float = np.inf) -> np.ndarray:
    """For every state, the least of ``values`` over the states it moves to
    (``empty`` where it has no move)."""
    out = np.full(matrix.shape[0], empty, dtype=float)
    counts = np.diff(matrix.indptr)
    rows = np.flatnonzero(counts)
    if len(rows):
        out[rows] = np.minimum.reduceat(values[matrix.indices], matrix.indptr[rows])
    return out


def chain_minimum(reductions: Sequence[Reduction], value: np.ndarray,
                  once: bool = False) -> np.ndarray:
    """Least ``value`` over the states reachable from each state by a legal
    sequence of one or more moves of the given movers.

    Each mover is given by its reduction: values per state -> the least value
    over each state's moves (:meth:`GraphModel.move_minimum`, or
    :meth:`GraphModel.improvement_minimum` for improving moves). A legal
    sequence never lets a mover move twice in a row (Fang, Hipel & Kilgour
    1993); with ``once=True`` each mover moves at most once. This is the
    reachable set R_H of a coalition H of opponents (Xu, Hipel & Kilgour
    2009) reduced, by a min-plus fixed point, to the one number a sanction
    test needs: the sanctioners' worst threat against the focal party.

    ``V[j](x)`` is the least value reachable from ``x`` when ``j`` moved last
    (``x`` itself included); it satisfies
    ``V[j] = min(value, min_{k != j} least_k(V[k]))``, computed by
    iterating from ``V[j] = value`` until nothing changes (monotone, finite).
    """
    n = len(value)
    if not reductions:
        return np.full(n, np.inf)
    if once:
        return _once_minimum(list(reductions), value)
    m = len(reductions)
    latest = [value.astype(float) for _ in range(m)]
    while True:
        after = [least(latest[k]) for k, least in enumerate(reductions)]
        changed = False
        for j in range(m):
            others = [after[k] for k in range(m) if k != j]
            new = np.minimum(value, np.minimum.reduce(others)) if others else value.astype(float)
            if (new < latest[j]).any():
                changed = True
            latest[j] = new
        if not changed:
            return np.minimum.reduce(after)


def _once_minimum(reductions: list, value: np.ndarray) -> np.ndarray:
    """``chain_minimum`` when each mover moves at most once: dynamic
    programming over the set of movers that have already moved."""
    m = len(reductions)
    full = frozenset(range(m))
    best = {full: value.astype(float)}  # moved set -> least value from here on
    for size in range(m - 1, -1, -1):
        for moved in map(frozenset, combinations(range(m), size)):
            here = value.astype(float) if moved else np.full(len(value), np.inf)
            for k in full - moved:
                here = np.minimum(here, reductions[k](best[moved | {k}]))
            best[moved] = here
    return best[frozenset()]
