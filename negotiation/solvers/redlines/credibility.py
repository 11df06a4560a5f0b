"""Credible red lines in Schelling's sense, and the unconditional test beside it.

Definitions (``docs/concepts/offramps.md``, section "Credible red lines"):

* A red line (or condition) of owner ``o`` is **credible** when every package
  that crosses it *and that every other party would accept* (each at or above
  its batna, every red line and condition of the other parties held,
  feasibility held) leaves ``o`` below its own batna. The owner's own other
  lines are not held: they are its own to keep or give up, and holding them
  would make every line of an owner whose lines clash with the others'
  vacuously credible. The threat "I will walk away rather than
  accept that" is believed when carrying it out is what ``o`` would want at
  the moment of choice (Schelling 1960, *The Strategy of Conflict*, ch. 2;
  Fearon 1997, "Signaling foreign policy interests: tying hands versus
  sinking costs", *Journal of Conflict Resolution* 41: 68-90). Vacuously
  credible when no such package exists: no deal the others would take can
  tempt the owner across.
* Crossing a **public** red line (every issue of its rule public) costs the
  owner its audience cost whatever else the package gives it: it broke a
  commitment made in public (Fearon 1994). A red line on a private issue
  costs it only the audience cost its effective utility already carries
  (for a visible loss).
* **Unconditional** (the older, stricter test): no feasible package across the
  line at all, accepted by the others or not, gives the owner its batna.

For each red line the result reports the owner's best crossing deal the
others would accept (package and value), its best deal inside the line under
the same acceptance, its batna, and both verdicts.

A ratifier's approval (:mod:`negotiation.sides`) is tested like a red line
of the ratifier's: the packages that cross it are those where its approval
is needed and its utility is below its batna, so it is credible by
construction (the ratifier approves exactly what it prefers to no deal).
The "others" who must accept are the parties at the table and the other
ratifiers (through their approvals).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL, Game
from negotiation.scenario.expr import rule_issues
from negotiation.sides import is_approval, sides_of


@dataclass(frozen=True)
class Credibility:
    """Both credibility verdicts on one red line, and the deals behind them."""

    credible: bool  # Schelling: no crossing deal the others accept tempts the owner
    unconditional: bool  # no feasible crossing package at all reaches the batna
    best_across: float | None  # owner's best effective utility over every crossing package
    best_crossing: dict | None  # {"package", "value"}: best crossing deal the others accept
    best_inside: dict | None  # {"package", "value"}: best deal inside, the others accepting
    public: bool  # every issue of the rule is public


def public_line(game: Game, constraint) -> bool:
    """Whether a constraint speaks of public issues only (a ratifier's
    approval is given at home, not a public commitment at the table)."""
    if is_approval(constraint):
        return False
    return all(game.scenario.issues[i].public for i in rule_issues(constraint.rule))


def owner_values(game: Game, packages: np.ndarray, owner: int, public: bool,
                 effective: np.ndarray, plain: np.ndarray | None = None) -> np.ndarray:
    """What crossing is worth to the owner: its plain utility minus the audience
    cost for a public line, its effective utility otherwise. ``plain``: the
    packages' utilities as stated, when the caller has them (one pass over
    the packages for every line instead of one per line)."""
    if public:
        if plain is None:
            plain = game.utilities(packages)
        return plain[:, owner] - game.audience_cost[owner]
    return effective[:, owner]


def stated_utilities(game: Game, pool: np.ndarray, constraints) -> np.ndarray | None:
    """``game.utilities(pool)`` if some constraint is a public line (the only
    ones that need it), else None."""
    return game.utilities(pool) if any(public_line(game, c) for c in constraints) else None


def enumerated_credibility(game: Game, constraints, pool: np.ndarray, u: np.ndarray,
                           broken: np.ndarray) -> list[Credibility]:
    """:class:`Credibility` of each constraint over the enumerated feasible
    packages ``pool`` (effective utilities ``u``, ``broken`` constraints)."""
    meets = u >= sides_of(game).floor(game.batna)  # (packages, parties); ratifiers: approvals
    out = []
    owners = np.array([c.owner for c in constraints], dtype=object)
    plain = stated_utilities(game, pool, constraints)
    for j, c in enumerate(constraints):
        o = game.party_index(c.owner)
        theirs = owners != c.owner  # the other parties' lines (and ratifiers' approvals)
        others = np.delete(meets, o, axis=1).all(axis=1) & ~broken[:, theirs].any(axis=1)
        crossing = broken[:, j]
        public = public_line(game, c)
        value = owner_values(game, pool, o, public, u, plain)
        best_crossing = _best(game, pool, value, crossing & others)
        best_inside = _best(game, pool, u[:, o], ~crossing & others)
        across = u[crossing, o]
        best_across = float(across.max()) if len(across) else None
        batna = game.batna[o] - TOL
        out.append(Credibility(
            best_crossing is None or best_crossing["value"] < batna,
            best_across is None or best_across < batna,
            best_across, best_crossing, best_inside, public))
    return out


def _best(game: Game, pool: np.ndarray, value: np.ndarray, mask: np.ndarray) -> dict | None:
    if not mask.any():
        return None
    k = int(np.flatnonzero(mask)[np.argmax(value[mask])])
    return {"package": game.labels(pool[k]), "value": float(value[k])}
