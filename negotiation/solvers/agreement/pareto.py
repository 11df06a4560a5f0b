"""The Pareto frontier of the zone of possible agreement.

A package is *Pareto efficient* when no other package gives every party at
least as much and some party strictly more (Pareto 1906; in negotiation
analysis Raiffa 1982, ch. 11). The frontier of the ZOPA is where rational
bargainers should end up: every bargaining solution of
:mod:`negotiation.solvers.agreement.solutions` picks a frontier point.
Efficiency is judged by the parties at the table: a ratifier
(:mod:`negotiation.sides`) approves or not, it does not bargain.

The frontier is the set of maximal vectors of the zone's utilities, found
exactly by :mod:`negotiation.solvers.agreement.skyline` (sort and scan for
two parties, divide and conquer for three, the same divide and conquer with
bitset merges for more; references there and in ``docs/concepts/bargaining.md``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.game import Game
from negotiation.results import Result, per_party
from negotiation.sides import sides_of
from negotiation.solvers.agreement.skyline import maxima_mask
from negotiation.solvers.agreement.zone import Zopa, package_frame, zopa
from negotiation.solvers.criteria import ideal_point


def pareto_mask(u) -> np.ndarray:
    """Boolean mask of the Pareto-efficient rows of ``u`` (points, parties).

    Parameters
    ----------
    u : array_like, shape (points, parties)
        Utilities; higher is better for every column.

    Returns
    -------
    numpy.ndarray of bool, shape (points,)
        Points with equal utilities (to 12 decimals) are either all
        efficient or all dominated.

    Examples
    --------
    >>> pareto_mask([[0.9, 0.4], [0.8, 0.8], [0.5, 0.5], [0.4, 0.9]]).tolist()
    [True, True, False, True]
    """
    return maxima_mask(u)


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
    # efficient for the parties at the table: a ratifier approves, it does not bargain
    mask = pareto_mask(z.utilities[:, sides_of(z.game).at_table])
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

