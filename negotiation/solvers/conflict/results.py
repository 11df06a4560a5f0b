"""Result types of crisis bargaining (definitions in :mod:`.crisis` and
``docs/concepts/crisis-bargaining.md``)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.results import Result


@dataclass(frozen=True, repr=False)
class BargainingRange(Result):
    """Divisions of the stake (A's share) that both prefer to war."""

    low: float  # p - c_A, clipped to [0, 1]
    high: float  # p + c_B, clipped to [0, 1]

    @property
    def empty(self) -> bool:
        return self.low > self.high

    @property
    def width(self) -> float:
        return max(0.0, self.high - self.low)

    def explain(self) -> str:
        if self.empty:
            return ("The bargaining range is empty: some division would be worse than war "
                    "for one side.")
        return (f"Every division giving A between {self.low:.4f} and {self.high:.4f} of the "
                "stake is better than war for both sides.")

    def to_data(self) -> dict:
        return {"low": self.low, "high": self.high, "empty": self.empty, "width": self.width,
                "explanation": self.explain()}


@dataclass(frozen=True, repr=False)
class CrisisOffer(Result):
    """A's optimal demand when B's cost of war is private."""

    p: float
    cost_proposer: float
    demand: float  # A's share demanded
    war_probability: float  # Pr(B rejects) = F(demand - p)
    expected_utility: float  # A's expected payoff at the demand
    method: str  # "closed form", "numerical" or "complete information"
    corner: str | None  # None, "no risk" (demand at the bottom) or "whole stake"

    def explain(self) -> str:
        where = {None: "an interior optimum", "no risk": "a corner: demand no more than B "
                 "surely accepts", "whole stake": "a corner: the whole stake"}[self.corner]
        return (f"A demands {self.demand:.4f} of the stake ({where}, {self.method}); B fights "
                f"with probability {self.war_probability:.4f}, and A expects "
                f"{self.expected_utility:.4f} (war alone would give it "
                f"{self.p - self.cost_proposer:.4f}).")

    def to_data(self) -> dict:
        return {"p": self.p, "cost_proposer": self.cost_proposer, "demand": self.demand,
                "war_probability": self.war_probability,
                "expected_utility": self.expected_utility, "method": self.method,
                "corner": self.corner, "explanation": self.explain()}


@dataclass(frozen=True, repr=False)
class AudienceStandoff(Result):
    """The bargaining range over the time ``t`` of a public standoff."""

    t: np.ndarray
    audience_cost: np.ndarray  # a(t)
    low: np.ndarray  # p - c_A + a(t): the least A now accepts (its credible demand)
    high: np.ndarray  # p + c_B: the most B accepts
    closes_at: float | None  # t at which the range becomes empty (None: never)

    @property
    def open(self) -> np.ndarray:
        return self.low <= self.high

    def explain(self) -> str:
        if self.closes_at is None:
            return "The bargaining range stays open over the whole standoff."
        return f"The bargaining range closes at t = {self.closes_at:.4g}: audience costs lock A in."

    def to_data(self) -> dict:
        return {"t": self.t.tolist(), "audience_cost": self.audience_cost.tolist(),
                "low": self.low.tolist(), "high": self.high.tolist(),
                "closes_at": self.closes_at, "explanation": self.explain()}

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame({"t": self.t, "audience_cost": self.audience_cost,
                             "low": self.low, "high": self.high, "open": self.open})
