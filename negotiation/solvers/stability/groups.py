"""Moves inside groups: reductions over a mover's moves without a move matrix.

States that agree on every issue a mover cannot change form a *group*. When
the mover's issues are neither one-way nor offers (revocable only back to the
status quo), its unilateral moves from s are exactly the other states of s's
group (Fang, Hipel & Kilgour 1993: a decision maker may change its options in
any combination), and its unilateral improvements from s are the states of
the group it strictly prefers (by more than ``TOL``). In a binary-option
model a group is the set ``{s XOR m}`` over the masks m of the mover's
options. So the reductions the stability concepts need -- the least value
over a mover's moves or improvements from every state -- are per-group
reductions over n values (O(n log g) for groups of size g), never over the
n * g moves:

* over the moves: the group's least value, or its second least at the state
  holding the least (a mover does not "move" to where it is);
* over the improvements: within each group sorted by the mover's preference,
  best first, the improvements of s are the first ``count(s)`` states, so the
  least value over them is a prefix minimum.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from negotiation.game import TOL, SpaceTooLarge
from negotiation.solvers.stability.adjacency import Adjacency

PAIR_CHUNK = 1 << 16  # states whose candidate moves are examined at once when building


def group_keys(states: np.ndarray, n_options: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    """Mixed-radix code of the ``fixed`` columns: states with equal keys differ
    only on the other (movable) issues."""
    key = np.zeros(len(states), dtype=np.int64)
    for k in np.flatnonzero(fixed):
        key = key * int(n_options[k]) + states[:, k].astype(np.int64)
    return key


def check_move_count(total: int, edge_limit: int) -> None:
    if total > edge_limit:
        raise SpaceTooLarge(f"the graph model would hold {total:,} moves, more than the "
                            f"limit of {edge_limit:,}; control fewer issues per party")


@dataclass(frozen=True, eq=False)
class Groups:
    """The states (feasible packages) grouped by the issues a mover cannot change."""

    order: np.ndarray  # state indices sorted by group, ascending within a group
    starts: np.ndarray  # first sorted position of each group
    group: np.ndarray  # (n,) the group of each state

    @classmethod
    def of(cls, states: np.ndarray, n_options: np.ndarray, movable: np.ndarray) -> Groups:
        key = group_keys(states, n_options, ~movable)
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        first = np.r_[True, sorted_key[1:] != sorted_key[:-1]] if len(key) else np.zeros(0, bool)
        group = np.empty(len(key), dtype=np.int64)
        group[order] = np.cumsum(first) - 1
        return cls(order, np.flatnonzero(first), group)

    @cached_property
    def sizes(self) -> np.ndarray:
        return np.diff(np.r_[self.starts, len(self.order)])

    @cached_property
    def sorted_group(self) -> np.ndarray:
        return self.group[self.order]

    @cached_property
    def rank(self) -> np.ndarray:
        """Position of each sorted entry within its group."""
        return np.arange(len(self.order)) - np.repeat(self.starts, self.sizes)

    @cached_property
    def longest(self) -> int:
        return int(self.sizes.max(initial=0))

    @property
    def pairs(self) -> int:
        """Candidate moves: every ordered pair of states of a group (self included)."""
        return int(self.sizes[self.group].sum())

    @cached_property
    def tabular(self) -> bool:
        """Groups fit a (groups, longest) table without much padding."""
        return len(self.starts) * self.longest <= 2 * len(self.order) + 1024

    def table(self, ordered: np.ndarray, fill: float) -> np.ndarray:
        """Values in sorted order as a (groups, longest, ...) table, ``fill`` padded."""
        shape = (len(self.starts), self.longest) + ordered.shape[1:]
        if len(self.order) == shape[0] * shape[1]:
            return ordered.reshape(shape)
        out = np.full(shape, fill, dtype=ordered.dtype)
        out[self.sorted_group, self.rank] = ordered
        return out

    def least_over_others(self, values: np.ndarray) -> np.ndarray:
        """(n,) the least of ``values`` over the other states of each state's
        group (+inf for a state alone in its group)."""
        out = np.full(len(values), np.inf)
        if not len(values):
            return out
        ordered = values[self.order].astype(float)
        if self.tabular:
            table = self.table(ordered, np.inf)  # a new array (``ordered`` is a copy)
            rows = np.arange(len(table))
            holder = table.argmin(axis=1)
            least = table[rows, holder]
            table[rows, holder] = np.inf
            second = table.min(axis=1)
            group = self.sorted_group
            out[self.order] = np.where(self.rank == holder[group], second[group], least[group])
            return out
        least = np.minimum.reduceat(ordered, self.starts)
        spread = np.repeat(least, self.sizes)
        at = np.flatnonzero(ordered == spread)
        holder = at[np.r_[True, self.sorted_group[at][1:] != self.sorted_group[at][:-1]]]
        ordered[holder] = np.inf
        spread[holder] = np.minimum.reduceat(ordered, self.starts)[self.sorted_group[holder]]
        out[self.order] = spread
        return out

    def improvement_matrix(self, values: np.ndarray, edge_limit: int) -> Adjacency:
        """(n, n) adjacency: s -> t for t in s's group with every column of
        ``values`` (n, k) strictly higher (by more than TOL) at t, each row's
        targets ascending."""
        check_move_count(self.pairs, edge_limit)
        n = len(self.group)
        values = values.reshape(n, -1).astype(float)
        if not n or not self.tabular:
            return self._improvements_by_state(values)
        table = self.table(values[self.order], np.nan)  # nan: no state, never compared true
        members = self.table(self.order, -1)
        per = max(1, (1 << 22) // max(1, self.longest ** 2))  # groups per chunk
        indices, counts = [], []
        for lo in range(0, len(table), per):
            block = table[lo:lo + per]
            keep = np.all(block[:, None, :, :] > block[:, :, None, :] + TOL, axis=-1)
            counts.append(keep.sum(axis=2).ravel())
            targets = np.broadcast_to(members[lo:lo + per, None, :], keep.shape)
            indices.append(targets[keep].astype(np.int32))
        count = np.concatenate(counts)  # by (group, rank): sorted position when tabular
        by_sorted = count.reshape(len(table), -1)[self.sorted_group, self.rank]
        by_position = Adjacency.from_rows(by_sorted, np.concatenate(indices), n)
        position = np.empty(n, dtype=np.int64)
        position[self.order] = np.arange(n)
        return by_position.take_rows(position)

    def _improvements_by_state(self, values: np.ndarray) -> Adjacency:
        n = len(self.group)
        indices, counts = [], []
        for lo in range(0, n, PAIR_CHUNK):
            source = np.arange(lo, min(lo + PAIR_CHUNK, n))
            size = self.sizes[self.group[source]]
            offset = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
            src = np.repeat(source, size)
            dst = self.order[np.repeat(self.starts[self.group[source]], size) + offset]
            keep = np.all(values[dst] > values[src] + TOL, axis=1)
            indices.append(dst[keep].astype(np.int32))
            counts.append(np.bincount(src[keep] - lo, minlength=len(source)))
        if not n:
            return Adjacency.empty(0)
        return Adjacency.from_rows(np.concatenate(counts), np.concatenate(indices), n)


def prefix_least(values: np.ndarray, rank: np.ndarray,
                 longest: int) -> tuple[np.ndarray, np.ndarray]:
    """Running minimum within consecutive segments (``rank``: each entry's
    position in its segment) by doubling steps, and the position holding it."""
    least = values.astype(float)
    holder = np.arange(len(values))
    step = 1
    while step < longest:
        at = np.flatnonzero(rank >= step)
        earlier = least[at - step] <= least[at]
        least[at] = np.where(earlier, least[at - step], least[at])
        holder[at] = np.where(earlier, holder[at - step], holder[at])
        step *= 2
    return least, holder


@dataclass(frozen=True, eq=False)
class Ranked:
    """One mover's improvements inside its groups: each group sorted by the
    mover's preference, best first; s's improvements are the first
    ``count[s]`` states of its group in that order."""

    groups: Groups
    order: np.ndarray  # state indices, by group, best first
    count: np.ndarray  # (n,) improvements of each state inside its group

    @classmethod
    def of(cls, groups: Groups, preference: np.ndarray, count: np.ndarray) -> Ranked:
        return cls(groups, np.lexsort((-preference, groups.group)), count)

    @cached_property
    def last(self) -> np.ndarray:
        """(n,) sorted position of s's least preferred improvement, -1 if none."""
        return np.where(self.count > 0, self.groups.starts[self.groups.group] + self.count - 1,
                        -1)

    def _running(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Prefix minima of ``values`` in each group's best-first order, and the
        sorted position holding each."""
        ordered = values[self.order].astype(float)
        groups = self.groups
        if not groups.tabular:
            return prefix_least(ordered, groups.rank, groups.longest)
        table = groups.table(ordered, np.inf)
        running = np.minimum.accumulate(table, axis=1)
        width = np.arange(table.shape[1])
        # the latest position where a new running minimum was set holds it
        holder = np.maximum.accumulate(np.where(table <= running, width, 0), axis=1)
        holder += groups.starts[:, None]
        cells = (groups.sorted_group, groups.rank)
        return running[cells], holder[cells]

    def least(self, values: np.ndarray) -> np.ndarray:
        """(n,) the least of ``values`` over each state's improvements (+inf: none)."""
        running, _ = self._running(values)
        return np.where(self.last >= 0, running[np.maximum(self.last, 0)], np.inf)

    def least_with_choice(self, values: np.ndarray, stay: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray]:
        """(n,) the least of ``values`` over staying (``stay``) and each state's
        improvements, and the state attaining it (s itself when staying)."""
        running, holder = self._running(values)
        pick = np.maximum(self.last, 0)
        moving = (self.last >= 0) & (running[pick] < stay)
        best = np.where(moving, running[pick], stay)
        choice = np.where(moving, self.order[holder[pick]], np.arange(len(stay)))
        return best, choice
