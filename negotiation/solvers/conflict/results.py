"""Result types of crisis bargaining (definitions in :mod:`.fearon` and
``docs/concepts/crisis-bargaining.md``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from negotiation.results import Result, compact_label, package_key, per_party
from negotiation.solvers.intervals import binomial_interval


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


@dataclass(frozen=True, eq=False, repr=False)
class Crisis(Result):
    """The proposer's best offer under private information (:mod:`.offer`)."""

    game: Any
    proposer: str
    private: tuple[str, ...]  # the private parameters the proposer does not know
    informed: tuple[str, ...]  # their owners
    packages: np.ndarray  # (candidates, issues): the risk-return curve's offers
    utilities: np.ndarray  # (candidates, parties) effective utilities
    acceptance: Any  # types.Acceptance
    complete: tuple | None  # (package, utilities) with complete information, or None
    confidence: float = 0.95
    unanswered: Any = None  # types.Acceptance of no offer at all (when none can succeed)
    made: tuple | None = None  # (package, utilities, acceptance, broken) of a given offer

    @property
    def war_probability(self) -> float:
        """The probability of war: of the chosen offer, or, when no offer can
        succeed, of the no-deal outcome over the types."""
        if self.chosen is not None:
            return float(self.acceptance.war[self.chosen])
        return float(self.unanswered.war[0])

    @cached_property
    def chosen(self) -> int | None:
        """Index of the offer: highest expected utility, then acceptance, then first."""
        if not len(self.packages):
            return None
        a = self.acceptance
        order = np.lexsort((np.arange(len(a.expected)), -a.accept, -np.round(a.expected, 12)))
        return int(order[0])

    @property
    def no_deal(self) -> str:
        return self.game.no_deal.outcome

    @property
    def war_payoffs(self) -> dict[str, float]:
        return per_party(self.game.party_ids, self.game.no_deal.war_payoffs)

    @property
    def offer(self) -> dict | None:
        k = self.chosen
        if k is None:
            return None
        a = self.acceptance
        data = {"package": self.game.labels(self.packages[k]),
                "utilities": per_party(self.game.party_ids, self.utilities[k]),
                "acceptance_probability": float(a.accept[k]),
                "war_probability": float(a.war[k]), "expected_utility": float(a.expected[k]),
                "exact": bool(a.exact)}
        if not a.exact:
            data["intervals"] = {key: list(binomial_interval(
                int(round(float(p) * a.samples)), a.samples, self.confidence))
                for key, p in (("acceptance_probability", a.accept[k]),
                               ("war_probability", a.war[k]))}
        return data

    @property
    def made_offer(self) -> dict | None:
        """The offer given to :func:`~.offer.crisis` (``offer=``), evaluated."""
        if self.made is None:
            return None
        package, u, a, broken = self.made
        return {"package": self.game.labels(package),
                "utilities": per_party(self.game.party_ids, u),
                "acceptance_probability": float(a.accept[0]),
                "war_probability": float(a.war[0]), "exact": bool(a.exact),
                "fails_surely": list(broken)}

    @property
    def risk_return(self) -> list[dict]:
        """Every candidate offer, the proposer's best deal first."""
        a, p = self.acceptance, self.game.party_index(self.proposer)
        order = np.argsort(-self.utilities[:, p], kind="stable")
        return [{"package": self.game.labels(self.packages[k]),
                 "proposer_utility": float(self.utilities[k, p]),
                 "acceptance_probability": float(a.accept[k]),
                 "war_probability": float(a.war[k]),
                 "expected_utility": float(a.expected[k])} for k in order]

    @property
    def method(self) -> str:
        if not self.private:
            return "complete information"
        samples = self.acceptance.samples
        return "exact" if self.acceptance.exact else f"monte carlo ({samples} draws)"

    def explain(self) -> str:
        nd, ids = self.game.no_deal, self.game.party_ids
        init = ids[nd.initiator]
        lines = [f"No deal means {'war' if nd.fights else 'the standoff goes on'}: {init} "
                 f"expects {nd.war_payoffs[nd.initiator]:.3f} from fighting against "
                 f"{nd.status_quo[nd.initiator]:.3f} at the status quo."]
        offer = self.offer
        if offer is None:
            lines.append(f"No acceptable package meets the batna of every party but "
                         f"{self.proposer} and the informed: no offer can succeed, and the "
                         f"no-deal outcome follows (war with probability "
                         f"{self.war_probability:.3f}).")
            return " ".join(lines)
        who = (f"{', '.join(self.informed)} alone know{'s' if len(self.informed) == 1 else ''} "
               f"{', '.join(self.private)}"
               if self.private else "nothing is private")
        lines.append(f"{self.proposer} offers {self._offer_text(offer['package'])}: accepted with "
                     f"probability {offer['acceptance_probability']:.3f}, war with probability "
                     f"{offer['war_probability']:.3f} ({self.method}; {who}); {self.proposer} "
                     f"expects {offer['expected_utility']:.3f}.")
        if self.complete is None:
            lines.append("With complete information no package would meet every batna.")
        else:
            label = self._offer_text(self.game.labels(self.complete[0]))
            lines.append(f"With complete information it would offer {label}, and there "
                         "would be no war.")
        return " ".join(lines + self._made_text())

    def _offer_text(self, labels: dict) -> str:
        """An offer as its changes from the status quo (all of it, if the
        scenario has no status quo or the offer is the status quo)."""
        now = self.game.labels(self.game.status_quo)
        changed = {i: o for i, o in labels.items() if o != now[i]}
        if not changed or not getattr(self.game, "has_status_quo", True):
            return compact_label(labels)
        rest = " (the rest as now)" if len(changed) < len(labels) else ""
        return compact_label(changed) + rest

    def _made_text(self) -> list[str]:
        made = self.made_offer
        if made is None:
            return []
        fails = (f" (it fails surely: {', '.join(made['fails_surely'])})"
                 if made["fails_surely"] else "")
        return [f"The offer given, {self._offer_text(made['package'])}: accepted with probability "
                f"{made['acceptance_probability']:.3f}, war with probability "
                f"{made['war_probability']:.3f}{fails}."]

    def to_data(self) -> dict:
        complete = None if self.complete is None else {
            "package": self.game.labels(self.complete[0]),
            "utilities": per_party(self.game.party_ids, self.complete[1])}
        return {"proposer": self.proposer, "no_deal": self.no_deal,
                "war_probability": self.war_probability,
                "war_payoffs": self.war_payoffs, "offer": self.offer,
                "made": self.made_offer,
                "complete_information": complete, "risk_return": self.risk_return,
                "private": list(self.private), "informed": list(self.informed),
                "method": self.method, "explanation": self.explain()}

    def to_frame(self):
        """The risk-return curve: one row per candidate offer."""
        import pandas as pd

        return pd.DataFrame([{"package": package_key(r["package"]),
                              **{k: v for k, v in r.items() if k != "package"}}
                             for r in self.risk_return])
