"""The golden bridge: backing down without appearing to lose.

The golden bridge (Ury 1991, *Getting Past No*, ch. 5, "Build them a golden
bridge"): whether a party can back down without appearing to lose is a
condition, not a price. So an off-ramp, by default
(``face="strict"``), also requires that the backing-down party's **visible
gain** (the change of its utility counting public issues only, against the
status quo) is at least zero: what an audience can see is not a defeat,
whatever was given away in private.

``face="cost"`` keeps the weaker definition: a visible loss is allowed, and
costs the party its audience cost (Fearon 1994, "Domestic political
audiences and the escalation of international disputes", *APSR* 88), which
the effective utility already subtracts.

Under ``strict`` the packages that back down *at* a visible loss (still in
the zone, still meeting the requirement) are reported apart, as off-ramps
that cost face, with the face lost. When no strict off-ramp exists, the
result says which one-issue change to the best of them would let the party
show a gain while staying in the zone, or, if none would, on which public
issues its visible losses lie.

A scenario that declares ``status_quo: none`` has no visible gain or loss:
face-saving does not apply (:data:`FACE_NOT_APPLICABLE`), every package keeps
face, and none costs it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL, Game
from negotiation.results import Result, compact_label, issue_text, option_text, per_party
from negotiation.sides import sides_of
from negotiation.solvers.names import FACES

MAX_FIXES = 3  # one-issue changes a note names
# what reports say of face where the scenario declares status_quo: none
FACE_NOT_APPLICABLE = ("not applicable (the scenario declares no status quo, so nothing is "
                       "seen as lost against it)")


def check_face(face: str) -> str:
    if face not in FACES:
        raise ValueError(f"face must be one of {', '.join(FACES)}, got {face!r}")
    return face


def face_kept(game: Game, packages: np.ndarray, party: int) -> np.ndarray:
    """(packages,) booleans: the party shows no visible loss there (everywhere,
    where the scenario has no status quo: :meth:`Game.visible_gain` is zero)."""
    return game.visible_gain(packages)[:, party] >= -TOL


@dataclass(frozen=True, repr=False)
class FaceCost(Result):
    """An off-ramp that backs down at a visible loss (not a golden bridge)."""

    package: dict  # {issue: option}
    utilities: dict  # party -> effective utility
    margins: dict  # party -> utility minus batna
    visible_gain: float  # negative: the face lost is its opposite
    audience_cost: float  # what the loss costs the party (its effective utility pays it)

    @property
    def face_lost(self) -> float:
        return -self.visible_gain

    def explain(self) -> str:
        return (f"{compact_label(self.package)}: a visible loss of {self.face_lost:.3f} "
                f"(audience cost {self.audience_cost:.3f})")

    def to_data(self) -> dict:
        return {"package": self.package, "utilities": self.utilities, "margins": self.margins,
                "visible_gain": self.visible_gain, "face_lost": self.face_lost,
                "audience_cost": self.audience_cost}


def face_costs(game: Game, packages: np.ndarray, u: np.ndarray, party: int,
               order: np.ndarray, k: int) -> tuple[FaceCost, ...]:
    """The best ``k`` face-costing off-ramps, in ``order`` (best first)."""
    gain = game.visible_gain(packages[order[:k]])[:, party]
    return tuple(FaceCost(game.labels(packages[i]), per_party(game.party_ids, u[i]),
                          per_party(game.party_ids, u[i] - game.batna), float(g),
                          float(game.audience_cost[party]))
                 for i, g in zip(order[:k], gain))


def bridge_note(game: Game, package: np.ndarray, party: int, rule) -> str:
    """Which one-issue changes of ``package`` (the best off-ramp that costs face)
    would let the party show no visible loss while still meeting ``rule``, and
    what each would then break (a red line, a condition, someone's batna):
    none is a golden bridge, or there would be one. Without any, what an
    audience sees there, issue by issue."""
    name = game.party_ids[party]
    options = []
    for k, issue in enumerate(game.issue_ids):
        for option in range(int(game.n_options[k])):
            moved = package.copy()
            moved[k] = option
            if option == package[k] or not _shows_no_loss(game, moved, party, rule):
                continue
            option_id = game.option_ids[k][option]
            options.append((f"{issue_text(issue)} to {option_text(issue, option_id)}",
                            _obstacles(game, moved)))
    if options:
        options.sort(key=lambda o: len(o[1]))
        shown = "; ".join(f"{move} (it would break {', '.join(why)})"
                          for move, why in options[:MAX_FIXES])
        return (f"No off-ramp lets {name} back down without a visible loss. One issue moved "
                f"in the best one would let it show a gain: {shown}.")
    changes = _visible_changes(game, package, party)
    net = float(game.visible_gain(package[None])[0, party])
    where = ", ".join(f"{issue_text(i)} {d:+.3f}" for i, d in changes) \
        or "public adjustments only"
    return (f"No off-ramp lets {name} back down without a visible loss, and no one-issue "
            f"change to the best one would; what an audience sees there: {where} (net "
            f"{net:+.3f}).")


def _shows_no_loss(game: Game, package: np.ndarray, party: int, rule) -> bool:
    """Feasible, meeting the requirement, and no visible loss for the party."""
    one = package[None]
    return bool(game.feasible(one)[0] and game.holds(rule, one)[0]
                and face_kept(game, one, party)[0])


def _obstacles(game: Game, package: np.ndarray) -> list[str]:
    """The red lines and conditions a package breaks, and who falls below its batna."""
    held = game.satisfied(package[None])[0]
    broken = [c.id for c, ok in zip(game.constraints, held) if not ok and c.relaxable]
    u = game.effective(package[None])[0]
    below = [f"{p}'s batna" for p, x, b in zip(game.party_ids, u, sides_of(game).floor(game.batna))
             if x < b]  # a ratifier's batna is its approval, among the broken
    return broken + below


def _visible_changes(game: Game, package: np.ndarray, party: int) -> list[tuple[str, float]]:
    """(issue, change of the party's public utility) on every issue that moves it."""
    out = []
    for k, issue in enumerate(game.issue_ids):
        row = game.offsets[k]
        delta = float(game.public_tables[row + package[k], party]
                      - game.public_tables[row + game.status_quo[k], party])
        if abs(delta) > TOL:
            out.append((issue, delta))
    return out
