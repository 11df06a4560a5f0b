"""The two-level analysis by enumeration: win-sets and the threshold scan.

Definitions: :mod:`negotiation.solvers.sides` and
``docs/concepts/two-level-games.md``.
"""
from __future__ import annotations

import numpy as np

from negotiation.arrays import distinct_sorted
from negotiation.game import TOL, Game
from negotiation.sides import approvals_of, sides_of
from negotiation.solvers.agreement.points import solve_points
from negotiation.solvers.agreement.zone import zopa
from negotiation.solvers.criteria import ideal_point

MAX_THRESHOLDS = 101  # ratifier thresholds scanned (quantiles of its utilities beyond)


def approval_ids(game: Game) -> list[str]:
    """The ids of the ratifiers' approvals (each is its ratifier's id)."""
    return [c.id for c in approvals_of(game)]


def win_sets(game: Game) -> dict[str, dict]:
    """Per party at the table: how many of the packages on the table (feasible,
    every red line and condition held, no approval asked) its ratifiers
    approve, and which ratifiers those are."""
    base = game.without(approval_ids(game))
    pool = base.acceptable_packages
    out = {}
    for p in sides_of(game).table:
        pid = game.party_ids[p]
        mine = [c for c in approvals_of(game) if c.party == pid]
        approved = np.ones(len(pool), dtype=bool)
        for c in mine:
            approved &= c.met(game, pool)
        out[pid] = {"size": int(approved.sum()), "of": len(pool),
                    "ratifiers": [c.owner for c in mine]}
    return out


def threshold_scan(game: Game, approval, criterion: str) -> dict | None:
    """The ratified party's utility at the ``criterion`` solution as the
    ratifier's bar ``t`` (the batna its approval asks for) varies over the
    ratifier's utilities in the zone without its approval (and at its
    declared batna). None when that zone is empty.

    Returns ``{"thresholds", "utilities"}`` (the ratified party's utility at
    each bar, NaN where no deal is left: it then gets its batna), the bar
    that serves the ratified party best (``best_threshold``, ``best_utility``;
    the lowest bar among equals) and ``no_deal_above``: the highest bar that
    leaves a deal (None if the approval is needed nowhere in the zone)."""
    r, p = game.party_index(approval.ratifier), game.party_index(approval.party)
    free = zopa(game, drop=(approval.id,))
    if free.empty:
        return None
    u, packages = free.utilities, free.packages
    needed = approval.needed(game, packages)
    bars = distinct_sorted(u[needed, r]) if needed.any() else np.zeros(0)
    if len(bars) > MAX_THRESHOLDS:
        bars = distinct_sorted(np.quantile(bars, np.linspace(0, 1, MAX_THRESHOLDS)))
    bars = distinct_sorted(np.append(bars, game.batna[r]))
    sides, index = sides_of(game), game.encode(packages)
    values = []
    for t in bars:
        kept = ~needed | (u[:, r] >= t - TOL)
        if not kept.any():
            values.append(np.nan)
            continue
        rows = np.flatnonzero(kept)
        k = solve_points(u[rows], game.batna, criterion, power=game.power,
                         package_index=index[rows], sides=sides,
                         inside=np.ones(len(rows), dtype=bool))
        values.append(float(u[rows[k], p]))
    values_arr = np.array(values)
    scored = np.where(np.isnan(values_arr), game.batna[p], values_arr)  # no deal: the batna
    best = int(np.flatnonzero(scored >= scored.max() - TOL)[0])
    top = float(u[needed, r].max()) if needed.any() else None
    return {"thresholds": [float(t) for t in bars], "utilities": [float(v) for v in values_arr],
            "best_threshold": float(bars[best]), "best_utility": float(scored[best]),
            "no_deal_above": top}


def best_gains(game: Game, drop=()) -> np.ndarray | None:
    """Each party's best gain over its batna in the zone (None if empty)."""
    z = zopa(game, drop=drop)
    return None if z.empty else ideal_point(z.utilities) - game.batna
