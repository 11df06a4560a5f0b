"""Red lines held against their owners' own utilities: stated position or posture?

Definition (``docs/concepts/offramps.md``, section "Red lines and the weights
behind them"): a red line of owner ``o`` is **consistent** with
``o``'s utilities at margin ``m`` when no feasible package that crosses it is
worth more to ``o`` than its batna plus ``m``, the value counted as for
credibility (:mod:`.credibility`: plain utility minus the audience cost for
a public line, effective utility otherwise). Unlike credibility, the other
parties' acceptance plays no part: the check asks whether the author's own
numbers agree with the stated position, not whether the position would be
believed. A line that fails it is, by its owner's utilities, a posture: the
owner would cross it for some deal, so stating it is cheap talk (Farrell &
Rabin 1996, "Cheap talk", *Journal of Economic Perspectives* 10(3): 103-118)
unless something the additive utilities leave out (a principle, a domestic
veto) stands behind it.

Conditions are not checked: a condition is the price its owner puts on an
offer ("X only if Y"), and its owner's utilities rightly prefer getting Y
for less.

An author who means the line as a posture says so with the constraint's
``posture:`` key (why the utilities allow crossing); such a line is reported
as explained, not flagged. A scenario **passes** when no line is flagged
without an explanation.

The check runs over the enumerated feasible packages (red lines, conditions
and batnas aside); a space too large to enumerate raises
:class:`~negotiation.errors.SpaceTooLarge`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL
from negotiation.inputs import as_game
from negotiation.results import Result
from negotiation.sides import is_approval
from negotiation.solvers.redlines.credibility import (
    owner_values,
    public_line,
    stated_utilities,
)

MARGIN = 0.10  # "by a wide margin": a tenth of the owner's utility scale


@dataclass(frozen=True, repr=False)
class LineConsistency(Result):
    """The consistency of one red line with its owner's utilities."""

    id: str
    owner: str
    best_crossing: dict | None  # {"package", "value"}: the owner's best crossing package
    batna: float
    excess: float | None  # best crossing value minus the batna (None: nothing crosses)
    flagged: bool  # excess above the margin
    posture: str  # the author's explanation, "" if none

    def explain(self) -> str:
        if self.best_crossing is None:
            return f"{self.id} ({self.owner}): no feasible package crosses it"
        text = (f"{self.id} ({self.owner}): its best package across the line is worth "
                f"{self.best_crossing['value']:.3f} to it, against its batna {self.batna:.3f}")
        if not self.flagged:
            return text + ": consistent"
        if self.posture:
            return text + f": a posture, as the scenario says ({self.posture.strip()})"
        return text + ": the weights say this line is a posture: is that what you mean?"

    def to_data(self) -> dict:
        return {"id": self.id, "owner": self.owner, "best_crossing": self.best_crossing,
                "batna": self.batna, "excess": self.excess, "flagged": self.flagged,
                "explained": bool(self.flagged and self.posture), "posture": self.posture}


@dataclass(frozen=True, repr=False)
class Consistency(Result):
    """Result of :func:`check_consistency`."""

    lines: tuple[LineConsistency, ...]
    margin: float

    @property
    def unexplained(self) -> tuple[LineConsistency, ...]:
        return tuple(c for c in self.lines if c.flagged and not c.posture)

    @property
    def passes(self) -> bool:
        return not self.unexplained

    def explain(self) -> str:
        if not self.lines:
            return "The scenario states no red lines to check."
        flagged = [c for c in self.lines if c.flagged]
        head = (f"{len(self.lines) - len(flagged)} of {len(self.lines)} red lines agree with "
                f"their owners' utilities (no package across the line beats the owner's "
                f"batna by more than {self.margin:g})")
        if not flagged:
            return head + "."
        tail = "" if self.passes else (" Say so with the constraint's posture: key, or "
                                       "change the weights.")
        return head + "; " + "; ".join(c.explain() for c in flagged) + "." + tail

    def to_data(self) -> dict:
        return {"margin": self.margin, "passes": self.passes,
                "lines": [c.to_data() for c in self.lines], "explanation": self.explain()}


def check_consistency(scenario, margin: float = MARGIN, drop=(), values=None) -> Consistency:
    """Hold every red line and condition against its owner's own utilities.

    See the module docstring for the definition.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
    margin : float
        How far above its batna a crossing package may leave the owner
        before the line is flagged, on the owner's utility scale.
    drop : sequence of str
        Red lines or conditions given up first (not checked).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Examples
    --------
    By their owners' own weights, both red lines of the standoff are
    postures: each owner would cross its line for a deal worth more to it
    than walking away by 0.3 or more:

    >>> import negotiation
    >>> c = negotiation.check_consistency("standoff")
    >>> [line.id for line in c.lines if line.flagged], c.passes
    (['door_stays_open', 'no_ban_on_membership'], False)
    """
    if not margin >= 0:
        raise ValueError(f"margin must be a number >= 0, not {margin!r}")
    game = as_game(scenario, values, what="check_consistency")
    game.require_cardinal("the consistency check")
    game = game.without(drop)
    constraints = [c for c in game.constraints if c.kind == "red_line" and not is_approval(c)]
    pool = game.feasible_packages
    effective = game.effective(pool)
    broken = ~game.satisfied(pool, constraints)
    plain = stated_utilities(game, pool, constraints)
    lines = []
    for j, c in enumerate(constraints):
        owner = str(c.owner)  # a red line always has one (the loader checks)
        o = game.party_index(owner)
        value = owner_values(game, pool, o, public_line(game, c), effective, plain)
        crossing = np.flatnonzero(broken[:, j])
        batna = float(game.batna[o])
        if not len(crossing):
            lines.append(LineConsistency(c.id, owner, None, batna, None, False, c.posture))
            continue
        k = int(crossing[np.argmax(value[crossing])])
        top = float(value[k])
        excess = top - batna
        lines.append(LineConsistency(c.id, owner, {"package": game.labels(pool[k]), "value": top},
                                     batna, excess, excess > margin + TOL, c.posture))
    return Consistency(tuple(lines), float(margin))
