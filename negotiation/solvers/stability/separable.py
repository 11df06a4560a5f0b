"""Simultaneous sanctions (SIM) decided by a separable bound, before enumerating.

A move ``s -> s1`` of the members is SIM-sanctioned when some choice of
the opponents' own improvements from s (each opponent staying or taking one,
Fraser & Hipel 1984; Fang, Hipel & Kilgour 1989) gives a feasible combined
state ``x`` with ``u_m(x) <= u_m(s)`` for some member m (definitions in
:mod:`.concepts`). The combined state is a point of a product: with the
issues split into blocks -- the members' movable issues with the issues no
one moves (``y``), and each opponent's movable issues (``z_j``) -- x is
``(y(s1), z_1, ..., z_k)`` with each ``z_j`` in ``S_j(s)``, the parts of
opponent j's improvements from s and its part at s.

For every function ``g_j`` of one opponent's part,
``u_m(y, z) >= r(y) + sum_j g_j(z_j)`` with ``r(y) = min_z [u_m(y, z) -
sum_j g_j(z_j)]`` (infeasible states count as ``+inf``). Hence

* **no sanction** when ``r(y(s1)) + sum_j min_{S_j(s)} g_j > u_m(s)``: no
  combination, feasible or not, gets low enough;
* **a sanction** when the combination of each opponent's least-``g_j``
  choice is feasible and low enough (a witness, checked exactly).

With ``g_j`` the mean of ``u_m`` over the other blocks, both tests agree on
every move when preferences are additive across the blocks and every package
is feasible (the bound is then the exact least value); otherwise the moves
neither test decides are enumerated exactly by :mod:`.simultaneous`. The
result is the definition's either way: the bound only skips enumerations
whose outcome it proves. War (an opponent's move to the absorbing war state
turns any combination into war) is decided separately: such a sanction exists
exactly when war leaves a member no better off.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL
from negotiation.solvers.stability.graph import GraphModel
from negotiation.solvers.stability.groups import group_keys


@dataclass(frozen=True)
class Verdicts:
    """Per move (in the order given): proved sanctioned, proved unsanctioned."""

    sanctioned: np.ndarray
    unsanctioned: np.ndarray

    @property
    def open(self) -> np.ndarray:
        return ~(self.sanctioned | self.unsanctioned)


@dataclass(frozen=True)
class Blocks:
    """Each real state's index in the members'-and-context block and in each
    opponent's block, and the shape of the product of the blocks."""

    y: np.ndarray
    z: list[np.ndarray]
    shape: tuple[int, ...]


def party_blocks(model: GraphModel, members: Sequence[int],
                 opponents: Sequence[int]) -> Blocks | None:
    """The blocks, or None when two movers share an issue (an issue one party
    controls and another has offered): combinations then do not factor."""
    parts = np.array([model.controlled(p) | model.offered(p)
                      for p in [list(members)] + [[j] for j in opponents]])
    if (parts.sum(axis=0) > 1).any():
        return None
    radix = model.game.n_options.astype(np.int64)
    masks = [~parts[1:].any(axis=0)] + list(parts[1:])
    shape = tuple(int(np.prod(radix[mask])) for mask in masks)
    keys = [group_keys(model.states, radix, mask) for mask in masks]
    return Blocks(keys[0], keys[1:], shape)


def _payoff_tensor(model: GraphModel, blocks: Blocks, member: int) -> np.ndarray:
    tensor = np.full(blocks.shape, np.inf)
    tensor[(blocks.y, *blocks.z)] = model.payoff[:len(model.states), member]
    return tensor


def _separable_parts(tensor: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """``(r, [g_j])``: ``g_j`` the mean of the feasible values over the other
    blocks (0 where none), ``r(y)`` the least excess of the tensor over the sum."""
    finite = np.isfinite(tensor)
    values = np.where(finite, tensor, 0.0)
    parts = []
    for axis in range(1, tensor.ndim):
        other = tuple(a for a in range(tensor.ndim) if a != axis)
        count = finite.sum(axis=other)
        parts.append(values.sum(axis=other) / np.maximum(count, 1))
    excess = tensor.copy()
    for axis, g in enumerate(parts, start=1):
        view = [1] * tensor.ndim
        view[axis] = len(g)
        excess -= g.reshape(view)
    return excess.min(axis=tuple(range(1, tensor.ndim))), parts


def _least_choice(model: GraphModel, opponent: int, part: np.ndarray,
                  g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per real state: the least ``g`` over the opponent's part at s and the
    parts of its improvements from s (war left out), and a part attaining it."""
    if model.in_groups((opponent,)):
        best, state = model.ranked(opponent).least_with_choice(g[part], g[part])
        return best, part[state]
    n_real = len(model.states)
    rows, cols = model.improvements(opponent).edges()
    peace = cols < n_real
    rows, cols = rows[peace], cols[peace]
    best, choice = g[part].copy(), part.copy()
    if len(rows):
        values = g[part[cols]]
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        least = np.minimum.reduceat(values, starts)
        at = np.flatnonzero(values == np.repeat(least, np.diff(np.r_[starts, len(rows)])))
        first = at[np.r_[True, rows[at][1:] != rows[at][:-1]]]
        better = values[first] < best[rows[first]]
        best[rows[first][better]] = values[first][better]
        choice[rows[first][better]] = part[cols[first][better]]
    return best, choice


def _war_sanction(model: GraphModel, src: np.ndarray, members: Sequence[int],
                  opponents: Sequence[int]) -> np.ndarray:
    """Per move: an opponent can go to war from s, and war leaves some member
    no better off than at s (every combination with war in it is war)."""
    initiator = model.initiator
    if initiator is None or initiator not in set(opponents):
        return np.zeros(len(src), dtype=bool)
    rows, cols = model.improvements(initiator).edges()
    can_fight = np.zeros(model.n_states, dtype=bool)
    can_fight[rows[cols == model.war_index]] = True
    war = model.payoff[model.war_index, list(members)]
    no_better: np.ndarray = np.any(war <= model.payoff[:, list(members)] + TOL, axis=1)
    return can_fight[src] & no_better[src]


def separable_verdicts(model: GraphModel, src: np.ndarray, dst: np.ndarray,
                       members: Sequence[int], opponents: Sequence[int]) -> Verdicts | None:
    """The moves ``src[e] -> dst[e]`` the bounds decide (None when the issues
    do not split into blocks; every move is then left to the enumeration)."""
    blocks = party_blocks(model, members, opponents)
    if blocks is None:
        return None
    to_war = dst >= len(model.states)  # the members' own war: every combination is war
    sanctioned = _war_sanction(model, src, members, opponents)
    all_above = ~sanctioned
    y1 = blocks.y[np.where(to_war, 0, dst)]
    for m in members:
        tensor = _payoff_tensor(model, blocks, m)
        r, parts = _separable_parts(tensor)
        least = [_least_choice(model, j, z, g) for j, z, g in zip(opponents, blocks.z, parts)]
        bound = r[y1] + np.add.reduce([best for best, _ in least])[src]
        # the witness: each opponent's least-g choice, as a flat index of the tensor
        stride = np.cumprod((1,) + blocks.shape[:0:-1])[::-1]  # of y, z_1, ..., z_k
        chosen = np.add.reduce([choice * step for (_, choice), step in zip(least, stride[1:])])
        witness = tensor.ravel()[y1 * stride[0] + chosen[src]]
        limit = model.payoff[src, m] + TOL
        finite = tensor[np.isfinite(tensor)]
        margin = 1e-9 * (1.0 + float(np.abs(finite).max(initial=0.0)))  # rounding of the sum
        sanctioned |= (witness <= limit) & ~to_war
        all_above &= to_war | (bound > limit + margin)
    return Verdicts(sanctioned, all_above & ~sanctioned)
