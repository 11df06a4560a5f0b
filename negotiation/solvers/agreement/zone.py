"""The zone of possible agreement (ZOPA).

Definition (Raiffa 1982, *The Art and Science of Negotiation*;
``docs/concepts/bargaining.md``): the acceptable packages (feasible, within every red line and
condition) at which every party's effective utility is at least its batna.
An empty ZOPA comes back explained: whether any acceptable package exists at
all, and for each party how far the best acceptable package falls short.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL, Game
from negotiation.inputs import as_game
from negotiation.nodeal import optimism_note
from negotiation.results import Result
from negotiation.sides import sides_of


@dataclass(frozen=True, eq=False, repr=False)
class Zopa(Result):
    """Packages in the ZOPA and their effective utilities."""

    game: Game
    packages: np.ndarray  # (M, issues)
    utilities: np.ndarray  # (M, parties) effective
    acceptable_count: int
    shortfalls: dict  # party -> how far its best acceptable package is below its batna
    optimism: str | None = None  # set when beliefs, not stakes, empty the zone

    @property
    def size(self) -> int:
        return len(self.packages)

    @property
    def empty(self) -> bool:
        return self.size == 0

    def explain(self) -> str:
        if not self.empty:
            return f"{self.size} package(s) in the zone of possible agreement."
        why = why_empty(self.acceptable_count > 0, self.shortfalls,
                        bool(sides_of(self.game).ratifiers.size))
        return f"{why} {self.optimism}" if self.optimism else why

    def to_data(self) -> dict:
        return {"size": self.size, "exists": not self.empty, "method": "enumerate",
                "acceptable_packages": self.acceptable_count, "shortfalls": self.shortfalls,
                "emptied_by_beliefs": self.optimism is not None, "explanation": self.explain()}

    def to_frame(self):
        """One row per package of the zone: its options and each party's utility."""
        return package_frame(self.game, self.packages, self.utilities)


def why_empty(any_acceptable: bool, shortfalls: dict, ratified: bool = False) -> str:
    """Why a ZOPA is empty: no acceptable package at all, or the parties
    whose best acceptable package falls short of their batna (``shortfalls``:
    party -> gap), or neither (no single package satisfies all at once).
    ``ratified``: the acceptable packages also need the ratifiers' approvals."""
    if not any_acceptable:
        held = ("red line, condition and ratifier's approval" if ratified
                else "red line and condition")
        return (f"No package meets every {held} together: the stated "
                "positions are incompatible before any batna is considered "
                "(see the red-line analysis for what would have to give).")
    if shortfalls:
        parts = [f"{p} (best acceptable deal is {gap:.3f} below its batna)"
                 for p, gap in shortfalls.items()]
        return ("The zone of possible agreement is empty. Parties that no acceptable "
                "package satisfies: " + "; ".join(parts) + ".")
    return ("The zone of possible agreement is empty: each party can be satisfied "
            "alone, but no single acceptable package satisfies all at once.")


def zopa(scenario, drop=(), values=None) -> Zopa:
    """The zone of possible agreement, by enumeration.

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
    Zopa
        Its packages and effective utilities; an empty zone is explained.

    Raises
    ------
    SpaceTooLarge
        The space is beyond enumeration: :func:`zopa_overview` decides
        whether the zone is empty by MILP.
    OrdinalOnly
        Some party states only an ordinal ranking.

    Examples
    --------
    >>> import negotiation
    >>> z = negotiation.zopa("standoff")
    >>> z.empty
    False
    """
    game = as_game(scenario, values, what="zopa")
    game.require_cardinal("the zone of possible agreement")
    drop = game.check_drop(drop)
    # the zones of a game, by the constraints dropped, kept on the game (it is
    # immutable, so its zones are too, and they die with it)
    zones = game.__dict__.setdefault("_zones", {})
    key = tuple(sorted(drop))
    if key not in zones:
        zones[key] = _enumerated_zone(game, drop)
    return zones[key]


def _enumerated_zone(game: Game, drop: tuple[str, ...]) -> Zopa:
    pool = game.feasible_packages
    pool = _kept(pool, game.acceptable(pool, drop=drop))
    u = game.effective(pool)
    inside = game.meets_batna(u)
    shortfalls = {}
    if not inside.any() and len(pool):
        best = u.max(axis=0)
        for p in sides_of(game).table:  # a ratifier's batna is its approval, held above
            pid = game.party_ids[p]
            if best[p] < game.batna[p] - TOL:
                shortfalls[pid] = float(game.batna[p] - best[p])
    return Zopa(game, _kept(pool, inside), _kept(u, inside), len(pool), shortfalls,
                _optimism(game, u, inside))


def _kept(rows: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The rows where ``mask`` holds (``compress`` is several times faster
    than boolean indexing over rows; no copy when all are kept)."""
    return rows if mask.all() else np.compress(mask, rows, axis=0)


def _optimism(game: Game, u: np.ndarray, inside: np.ndarray) -> str | None:
    """The mutual-optimism note, when the zone is empty only because some party
    acts on beliefs of its own."""
    nd = game.no_deal
    if inside.any() or nd is None or not nd.believers or not len(u):
        return None
    common = int((u >= sides_of(game).floor(nd.batna_with_common_chances())).all(axis=1).sum())
    return optimism_note(game.party_ids, nd, u, common) if common else None


def package_frame(game: Game, packages: np.ndarray, utilities: np.ndarray):
    """A table of packages: one column per issue (option ids) and ``u_PARTY``
    per party."""
    import pandas as pd

    frame = pd.DataFrame({issue: [game.option_ids[k][int(x)] for x in packages[:, k]]
                          for k, issue in enumerate(game.issue_ids)})
    for p, party in enumerate(game.party_ids):
        frame[f"u_{party}"] = utilities[:, p]
    return frame
