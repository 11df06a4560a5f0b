"""The zone of possible agreement (ZOPA).

Definition (Raiffa 1982, *The Art and Science of Negotiation*; DESIGN.md
section 4): the acceptable packages (feasible, within every red line and
condition) at which every party's effective utility is at least its batna.
An empty ZOPA comes back explained: whether any acceptable package exists at
all, and for each party how far the best acceptable package falls short.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL, Game


@dataclass(frozen=True, eq=False)
class Zopa:
    """Packages in the ZOPA and their effective utilities."""

    game: Game
    packages: np.ndarray  # (M, issues)
    utilities: np.ndarray  # (M, parties) effective
    acceptable_count: int
    shortfalls: dict  # party -> how far its best acceptable package is below its batna

    @property
    def size(self) -> int:
        return len(self.packages)

    @property
    def empty(self) -> bool:
        return self.size == 0

    def explain(self) -> str:
        if not self.empty:
            return f"{self.size} package(s) in the zone of possible agreement."
        return why_empty(self.acceptable_count > 0, self.shortfalls)


def why_empty(any_acceptable: bool, shortfalls: dict) -> str:
    """Why a ZOPA is empty: no acceptable package at all, or the parties
    whose best acceptable package falls short of their batna (``shortfalls``:
    party -> gap), or neither (no single package satisfies all at once)."""
    if not any_acceptable:
        return ("No package meets every red line and condition together: the stated "
                "positions are incompatible before any batna is considered "
                "(see the red-line analysis for what would have to give).")
    if shortfalls:
        parts = [f"{p} (best acceptable deal is {gap:.3f} below its batna)"
                 for p, gap in shortfalls.items()]
        return ("The zone of possible agreement is empty. Parties that no acceptable "
                "package satisfies: " + "; ".join(parts) + ".")
    return ("The zone of possible agreement is empty: each party can be satisfied "
            "alone, but no single acceptable package satisfies all at once.")


def zopa(game: Game, drop=()) -> Zopa:
    """The ZOPA of a game; ``drop`` names red lines or conditions to relax."""
    game.require_cardinal("the zone of possible agreement")
    pool = game.feasible_packages
    pool = pool[game.acceptable(pool, drop=drop)]
    u = game.effective(pool)
    inside = game.meets_batna(u)
    shortfalls = {}
    if not inside.any() and len(pool):
        best = u.max(axis=0)
        for p, pid in enumerate(game.party_ids):
            if best[p] < game.batna[p] - TOL:
                shortfalls[pid] = float(game.batna[p] - best[p])
    return Zopa(game, pool[inside], u[inside], len(pool), shortfalls)


def zopa_overview(game: Game) -> dict:
    """Is there a ZOPA, and how large is it: counted where the space can be
    enumerated; beyond the limit, decided by one exact MILP (the egalitarian
    search, which finds a ZOPA package whenever one exists) and not counted.

    Returns ``size`` (None when not counted), ``exists``, ``method`` and an
    ``explanation`` (why it is empty, if it is)."""
    if game.size <= game.limit:
        z = zopa(game)
        return {"size": z.size, "exists": not z.empty, "method": "enumeration",
                "acceptable_packages": z.acceptable_count, "shortfalls": z.shortfalls,
                "explanation": z.explain()}
    from negotiation.solvers.milp.search import best_package, explain_empty  # MILP only for huge spaces

    game.require_cardinal("the zone of possible agreement")
    found = best_package(game, "egalitarian").found
    text = (f"The zone of possible agreement is not empty (an exact MILP search found a "
            f"package every party prefers to its batna; the {game.size:,} packages are too "
            "many to count)." if found else explain_empty(game))
    return {"size": None, "exists": found, "method": "milp", "explanation": text}
