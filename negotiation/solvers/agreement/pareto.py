"""The Pareto frontier of the zone of possible agreement.

A package is *Pareto efficient* when no other package gives every party at
least as much and some party strictly more (Pareto 1906; in negotiation
analysis Raiffa 1982, ch. 11). The frontier of the ZOPA is where rational
bargainers should end up: every bargaining solution of
:mod:`negotiation.solvers.agreement.solutions` picks a frontier point.

The algorithm is a vectorised sort-filter skyline (Chomicki, Godfrey, Gryz &
Liang 2003, "Skyline with presorting", ICDE):

1. utilities are rounded to a 1e-12 grid, so that float noise (0.3 + 0.5 vs
   0.8) does not make equal packages dominate each other;
2. a cheap pre-filter removes every point dominated by a few *pivots*
   (maximisers of weighted sums, which are always efficient);
3. the distinct survivors are sorted by utility sum, then lexicographically,
   both descending, so a dominating point always comes before the points it
   dominates; they are filtered block by block against the frontier found so
   far (numpy broadcasting), then against the rest of their own block.

With two parties step 3 is a single sweep: after sorting by the first party,
a point is efficient iff its second utility beats the running maximum.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from negotiation.game import Game
from negotiation.results import Result, per_party
from negotiation.solvers.agreement.zone import Zopa, package_frame, zopa
from negotiation.solvers.criteria import ideal_point

GRID = 12  # decimals kept when comparing utilities
BLOCK = 2048  # points per block in the skyline filter
PIVOTS = 24  # weighted-sum maximisers used by the pre-filter
PAIR_BUDGET = 1 << 22  # pairwise comparisons per broadcast (bounds memory)


def pareto_mask(u) -> np.ndarray:
    """Boolean mask of the Pareto-efficient rows of ``u`` (points, parties).

    Higher is better for every column. Points with equal utilities (to 12
    decimals) are either all efficient or all dominated.
    """
    u = np.round(np.asarray(u, dtype=float), GRID)
    n = len(u)
    if n == 0:
        return np.zeros(0, dtype=bool)
    if u.ndim != 2:
        raise ValueError("utilities must be a 2-d array (points, parties)")
    candidates = np.flatnonzero(~_dominated_by_pivots(u))
    distinct, inverse = np.unique(u[candidates], axis=0, return_inverse=True)
    if u.shape[1] == 2:
        efficient = _sweep_2d(distinct)
    else:
        efficient = _skyline(distinct)
    mask = np.zeros(n, dtype=bool)
    mask[candidates[efficient[inverse.ravel()]]] = True
    return mask


def _dominated_by_pivots(u: np.ndarray) -> np.ndarray:
    """Points strictly dominated by one of a few pivots (any point may serve;
    maximisers of positive weighted sums dominate the most)."""
    k = u.shape[1]
    rng = np.random.default_rng(0)  # fixed seed: the pivots are deterministic
    weights = np.vstack([np.ones(k), rng.dirichlet(np.ones(k), PIVOTS), np.eye(k) + 1e-6])
    scale = np.ptp(u, axis=0)
    scale[scale == 0] = 1.0
    scores = (weights / scale) @ u.T  # (pivots, points): contiguous rows for argmax
    pivots = u[np.argmax(scores, axis=1)]
    columns = [np.ascontiguousarray(u[:, c]) for c in range(k)]
    alive = np.arange(len(u))
    for p in pivots:  # the candidate set shrinks with every pivot
        cols = [col[alive] for col in columns]
        weak = cols[0] <= p[0]
        for c in range(1, k):
            weak &= cols[c] <= p[c]
        hit = np.flatnonzero(weak)
        equal = (u[alive[hit]] == p).all(axis=1)  # the pivot's own twins survive
        weak[hit[equal]] = False
        alive = alive[~weak]
    dominated = np.ones(len(u), dtype=bool)
    dominated[alive] = False
    return dominated


def _sweep_2d(points: np.ndarray) -> np.ndarray:
    """Efficient rows among distinct 2-d points (one vectorised sweep)."""
    order = np.lexsort((-points[:, 1], -points[:, 0]))
    second = points[order, 1]
    best_before = np.maximum.accumulate(np.concatenate([[-np.inf], second[:-1]]))
    efficient = np.zeros(len(points), dtype=bool)
    efficient[order] = second > best_before
    return efficient


def _skyline(points: np.ndarray) -> np.ndarray:
    """Efficient rows among distinct points (sort-filter skyline in blocks)."""
    keys = [-points[:, k] for k in range(points.shape[1] - 1, -1, -1)]
    order = np.lexsort(keys + [-points.sum(axis=1)])
    ranked = points[order]
    front = np.empty((0, points.shape[1]))
    kept = []
    for start in range(0, len(ranked), BLOCK):
        block = ranked[start:start + BLOCK]
        alive = ~_covered(block, front)
        block, index = block[alive], np.arange(start, start + len(alive))[alive]
        if len(block):
            # within the block, only earlier points can dominate later ones
            weak = (block[None, :, :] <= block[:, None, :]).all(axis=2)
            weak = np.triu(weak, k=1)  # weak[j, i]: earlier j covers later i
            alive = ~weak.any(axis=0)
            front = np.vstack([front, block[alive]])
            kept.append(index[alive])
    efficient = np.zeros(len(points), dtype=bool)
    if kept:
        efficient[order[np.concatenate(kept)]] = True
    return efficient


def _covered(block: np.ndarray, front: np.ndarray) -> np.ndarray:
    """Block points weakly below some (distinct, hence dominating) front point."""
    covered = np.zeros(len(block), dtype=bool)
    if not len(front):
        return covered
    step = max(1, PAIR_BUDGET // max(1, len(block)))
    for s in range(0, len(front), step):
        part = front[s:s + step]
        # (block, part) dominance; .all(axis=2) of a 3-D array is a 2-D array
        below = cast(np.ndarray, (block[:, None, :] <= part[None, :, :]).all(axis=2))
        covered |= below.any(axis=1)
    return covered


@dataclass(frozen=True, eq=False, repr=False)
class Frontier(Result):
    """The Pareto frontier of a scenario's ZOPA.

    ``packages`` and ``utilities`` (effective) are the efficient ZOPA points,
    sorted by package index; ``zopa`` is the whole zone they come from.
    """

    zopa: Zopa
    packages: np.ndarray
    utilities: np.ndarray

    @property
    def game(self) -> Game:
        return self.zopa.game

    @property
    def size(self) -> int:
        return len(self.packages)

    @property
    def batna(self) -> np.ndarray:
        return self.game.batna

    @property
    def ideal(self) -> np.ndarray | None:
        """Each party's best utility within the ZOPA (None if it is empty).

        Taken over the frontier, which is the same: among the zone's packages
        best for a party, the lexicographically best one is efficient."""
        return None if self.zopa.empty else ideal_point(self.utilities)

    def labelled(self) -> list[dict]:
        """``[{"package": {issue: option}, "utilities": {party: u}}, ...]``."""
        parties = self.game.party_ids
        return [{"package": self.game.labels(p), "utilities": per_party(parties, u)}
                for p, u in zip(self.packages, self.utilities)]

    def explain(self) -> str:
        if self.zopa.empty:
            return self.zopa.explain()
        return (f"{self.size} Pareto-efficient package(s) among the {self.zopa.size} "
                "of the zone of possible agreement.")

    def to_data(self) -> dict:
        return {"size": self.size, "zopa_size": self.zopa.size, "explanation": self.explain(),
                "frontier": self.labelled()}

    def to_frame(self):
        """One row per efficient package: its options and each party's utility."""
        return package_frame(self.game, self.packages, self.utilities)


def zopa_frontier(z: Zopa) -> Frontier:
    """The efficient points of an already computed ZOPA (computed once per zone)."""
    if "_frontier" not in z.__dict__:  # kept on the zone, dies with it
        z.__dict__["_frontier"] = _efficient(z)
    return z.__dict__["_frontier"]


def _efficient(z: Zopa) -> Frontier:
    mask = pareto_mask(z.utilities)
    packages, utilities = z.packages[mask], z.utilities[mask]
    order = np.argsort(z.game.encode(packages), kind="stable")
    return Frontier(z, packages[order], utilities[order])


def frontier(scenario, drop=(), values=None) -> Frontier:
    """Pareto frontier of the zone of possible agreement.

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
    Frontier
        The efficient packages of the zone, sorted by package index.

    Raises
    ------
    SpaceTooLarge
        The agreement space is beyond the enumeration limit.

    Examples
    --------
    >>> import negotiation
    >>> negotiation.frontier("standoff").size > 0
    True
    """
    return zopa_frontier(zopa(scenario, drop=drop, values=values))

