"""The ``war`` block: war as an outcome of the game, one lottery for everyone.

A scenario may say what happens when the talks fail and someone fights
(Fearon 1995, "Rationalist explanations for war", *International
Organization* 49: 379-414; ``docs/concepts/crisis-bargaining.md``):

* ``initiator``: the party that chooses between fighting and the standoff;
* ``outcomes``: the ways a war can end, each a partial package (issues left
  out keep their status quo);
* ``chances``: the probability of each outcome (numbers or expressions of
  parameters, summing to 1);
* ``costs``: what fighting costs each party, in its own utility units
  (parties left out: 0);
* ``beliefs``: optionally, a party's own estimate of the chances (mutual
  optimism: Blainey 1973, *The Causes of War*);
* ``shift``: optionally, a shift of power, the ``chances`` of a war fought
  one period later and the ``discount`` factor per period (a commitment
  problem: Powell 2006, "War as a commitment problem", *IO* 60).

A scenario's ``private`` block names parameters only their owner knows
(the others know the declared distribution): the owner's *type*.

This module holds the validated form; the semantic pass builds it
(:mod:`negotiation.scenario.semantic.war`) and :mod:`negotiation.nodeal`
turns it into every party's batna.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from negotiation.scenario.model import FrozenDict, Quantity

if TYPE_CHECKING:
    import numpy as np

SUM_TOL = 1e-9  # chances may miss 1 by rounding only


def not_probabilities(table) -> np.ndarray:
    """Where a table of chances (outcomes, ...) is no probability distribution
    over the outcomes: a chance outside [0, 1] or a sum other than 1, within
    SUM_TOL; one verdict per trailing position (variant, probe point)."""
    import numpy as np

    table = np.asarray(table, float)
    outside = ((table < -SUM_TOL) | (table > 1 + SUM_TOL)).any(axis=0)
    return outside | ~(np.abs(table.sum(axis=0) - 1.0) <= SUM_TOL)


@dataclass(frozen=True)
class War:
    """A validated ``war`` block (see the module docstring)."""

    initiator: str
    outcomes: FrozenDict  # outcome -> FrozenDict(issue -> option)
    chances: FrozenDict  # outcome -> Quantity
    costs: FrozenDict  # party -> Quantity (declared ones only)
    beliefs: FrozenDict  # party -> FrozenDict(outcome -> Quantity)
    proposer: str | None = None  # who makes the take-it-or-leave-it offer, if declared
    # a shift of power: the chances of a war fought next period, and the discount
    # factor per period (both None without a declared shift)
    shift_chances: FrozenDict | None = None  # outcome -> Quantity
    discount: Quantity | None = None

    @property
    def outcome_ids(self) -> tuple[str, ...]:
        return tuple(self.outcomes)

    def quantities(self) -> Iterator[tuple[str, Quantity]]:
        """Every number of the block with its dotted path (``war.costs.russia``)."""
        for outcome, q in self.chances.items():
            yield f"war.chances.{outcome}", q
        for party, q in self.costs.items():
            yield f"war.costs.{party}", q
        for party, table in self.beliefs.items():
            for outcome, q in table.items():
                yield f"war.beliefs.{party}.{outcome}", q
        for outcome, q in (self.shift_chances or {}).items():
            yield f"war.shift.chances.{outcome}", q
        if self.discount is not None:
            yield "war.shift.discount", self.discount

    def chance_tables(self) -> dict[str, FrozenDict]:
        """Every table of chances by its path: the common one, each party's
        beliefs, the shifted one; each must be a probability distribution."""
        return {"war.chances": self.chances,
                **{f"war.beliefs.{p}": t for p, t in self.beliefs.items()},
                **({"war.shift.chances": self.shift_chances} if self.shift_chances else {})}

    def chances_for(self, party: str) -> FrozenDict:
        """The chances ``party`` acts on: its own beliefs where declared."""
        return self.beliefs.get(party, self.chances)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "initiator": self.initiator,
            "outcomes": {o: dict(p) for o, p in self.outcomes.items()},
            "chances": {o: q.to_data() for o, q in self.chances.items()},
        }
        if self.costs:
            data["costs"] = {p: q.to_data() for p, q in self.costs.items()}
        if self.beliefs:
            data["beliefs"] = {p: {o: q.to_data() for o, q in t.items()}
                               for p, t in self.beliefs.items()}
        if self.proposer:
            data["proposer"] = self.proposer
        if self.shift_chances is not None and self.discount is not None:
            data["shift"] = {"chances": {o: q.to_data() for o, q in self.shift_chances.items()},
                             "discount": self.discount.to_data()}
        return data
