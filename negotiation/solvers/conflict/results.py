"""Result types of crisis bargaining (definitions in :mod:`.fearon` and
``docs/concepts/crisis-bargaining.md``)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from negotiation.results import Result, compact_label, per_party
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
        lines.append(f"{self.proposer} offers {compact_label(offer['package'])}: accepted with "
                     f"probability {offer['acceptance_probability']:.3f}, war with probability "
                     f"{offer['war_probability']:.3f} ({self.method}; {who}); {self.proposer} "
                     f"expects {offer['expected_utility']:.3f}.")
        if self.complete is None:
            lines.append("With complete information no package would meet every batna.")
        else:
            label = compact_label(self.game.labels(self.complete[0]))
            lines.append(f"With complete information it would offer {label}, and there "
                         "would be no war.")
        return " ".join(lines)

    def to_data(self) -> dict:
        complete = None if self.complete is None else {
            "package": self.game.labels(self.complete[0]),
            "utilities": per_party(self.game.party_ids, self.complete[1])}
        return {"proposer": self.proposer, "no_deal": self.no_deal,
                "war_probability": self.war_probability,
                "war_payoffs": self.war_payoffs, "offer": self.offer,
                "complete_information": complete, "risk_return": self.risk_return,
                "private": list(self.private), "informed": list(self.informed),
                "method": self.method, "explanation": self.explain()}

    def to_frame(self):
        """The risk-return curve: one row per candidate offer."""
        import pandas as pd

        return pd.DataFrame([{"package": compact_label(r["package"]),
                              **{k: v for k, v in r.items() if k != "package"}}
                             for r in self.risk_return])


def _plain(x):
    """A number or an array as JSON: Python numbers and lists, nan as None."""
    if np.ndim(x):
        return [_plain(v) for v in np.asarray(x).tolist()]
    value = x.item() if hasattr(x, "item") else x
    return None if isinstance(value, float) and np.isnan(value) else value


@dataclass(frozen=True, eq=False, repr=False)
class CommitmentProblem(Result):
    """Preventive war against a rising power, in closed form (:mod:`.commitment`): floats,
    or arrays for arrays of inputs; values in units of one period's stake."""

    p_now: Any  # A's chance in a war started now
    p_later: Any  # A's chance in a war started in any later period
    cost_a: Any
    cost_b: Any
    discount: Any
    periods: int | None  # None: an infinite horizon
    war_value: Any  # (p_now - c_A) V_0: A's value of war now
    best_offer: Any  # 1 + d V_1 max(0, p_later - c_A): the most B can credibly offer
    continuation: Any  # max(0, p_later - c_A): what B gives A a period once stronger
    trigger: Any  # the shift p_now - p_later above which A fights (nan: none does)
    preventive: Any  # bool, or a bool array

    @property
    def shift(self):
        return self.p_now - self.p_later

    @property
    def range_now(self) -> tuple:
        """Today's bargaining range (A's share a period), ``[p1 - c_A, p1 + c_B]``."""
        return np.clip(self.p_now - self.cost_a, 0, 1), np.clip(self.p_now + self.cost_b, 0, 1)

    @property
    def range_later(self) -> tuple:  # [p2 - c_A, p2 + c_B]
        return np.clip(self.p_later - self.cost_a, 0, 1), np.clip(self.p_later + self.cost_b, 0, 1)

    def explain(self) -> str:
        if np.ndim(self.preventive):
            return (f"Preventive war in {int(np.sum(self.preventive))} of "
                    f"{np.size(self.preventive)} cases: there A's war value now exceeds the "
                    "most the rising B can credibly offer.")
        horizon = "an infinite horizon" if self.periods is None else f"{self.periods} periods"
        trigger = ("no shift makes A fight: war now is worth no more than one period's whole "
                   "stake" if np.isnan(self.trigger) else
                   f"a shift above {self.trigger:.4f} makes A fight")
        text = (f"A's chance goes from {self.p_now:.4f} to {self.p_later:.4f} (a shift of "
                f"{self.shift:.4f}; {trigger}). War now is worth {self.war_value:.4f} to A "
                f"(in periods' stakes, {horizon}, discount {self.discount:g}); the most the "
                f"rising B can credibly offer is {self.best_offer:.4f}: the whole stake "
                f"today, then {self.continuation:.4f} a period once it is stronger.")
        if not self.preventive:
            return "No preventive war. " + text
        (lo, hi), (lo2, hi2) = self.range_now, self.range_later
        return (f"Preventive war. {text} A deal exists in each period (A's share in "
                f"[{lo:.4f}, {hi:.4f}] now, [{lo2:.4f}, {hi2:.4f}] later), but B cannot "
                "commit to keep A at its war value.")

    def to_data(self) -> dict:
        names = ("p_now", "p_later", "cost_a", "cost_b", "discount", "periods", "shift",
                 "trigger", "war_value", "best_offer", "continuation", "preventive",
                 "range_now", "range_later")
        return {**{n: _plain(getattr(self, n)) for n in names}, "explanation": self.explain()}


@dataclass(frozen=True, eq=False, repr=False)
class CommitmentPath(Result):
    """The finite game of :mod:`.commitment` solved backwards on a pie of shares."""

    p_now: float
    p_later: float
    cost_a: float
    cost_b: float
    discount: float
    periods: int
    grid: int  # shares k / grid
    offers: np.ndarray  # (periods,) B's offer on the path (nan from the war on)
    war_period: int | None  # the period A fights in (None: never)
    value_a: float  # each side's value of the game in period 0
    value_b: float
    war_value: float  # A's war value in period 0
    best_offer: float  # 1 + d U_1: the whole stake today and A's continuation

    @property
    def preventive(self) -> bool:
        return self.war_period == 0

    def explain(self) -> str:
        head = (f"By backward induction on a pie of {self.grid + 1} shares over "
                f"{self.periods} periods: ")
        if self.war_period is None:
            shown = ", ".join(f"{x:.4f}" for x in self.offers[:4])
            more = ", ..." if self.periods > 4 else ""
            return head + (f"no war; B offers A {shown}{more} in turn and A accepts each "
                           f"(A's value {self.value_a:.4f}, B's {self.value_b:.4f}).")
        return head + (f"A fights in period {self.war_period}; war now is worth "
                       f"{self.war_value:.4f} to it against the {self.best_offer:.4f} the "
                       "rising B can credibly offer.")

    def to_data(self) -> dict:
        names = ("p_now", "p_later", "cost_a", "cost_b", "discount", "periods", "grid",
                 "offers", "war_period", "preventive", "value_a", "value_b", "war_value",
                 "best_offer")
        return {**{n: _plain(getattr(self, n)) for n in names}, "explanation": self.explain()}


@dataclass(frozen=True, eq=False, repr=False)
class CommitmentCheck(Result):
    """A shift of power on a two-party scenario (:func:`.commitment.commitment_problem`)."""

    game: Any
    discount: float
    chances_now: dict  # outcome -> the chance the initiator acts on today
    chances_later: dict  # outcome -> the shifted chance
    war_now: float  # the initiator's war payoff a period, today and later
    war_later: float
    batna_now: np.ndarray  # (parties,) today and in the next period
    batna_later: np.ndarray
    zone_now: int  # packages in each period's zone
    zone_later: int
    best_today: tuple | None  # (package, utility): the initiator's best acceptable package
    promised: tuple | None  # (package, utility): the rival's favourite of next period's zone
    continuation: float  # the initiator's utility a period once the rival is stronger
    war_value: float  # war_now / (1 - d)
    best_offer: float  # best today + d / (1 - d) * continuation (nan: nothing acceptable)
    preventive: bool

    @property
    def initiator(self) -> str:
        return self.game.party_ids[self.game.no_deal.initiator]

    @property
    def rival(self) -> str:
        return self.game.party_ids[1 - self.game.no_deal.initiator]

    @property
    def commitment_problem(self) -> bool:
        """A preventive war though a deal exists in each period."""
        return self.preventive and self.zone_now > 0 and self.zone_later > 0

    def explain(self) -> str:
        a, b = self.initiator, self.rival
        zones = f"{self.zone_now} package(s) in today's zone, {self.zone_later} in the next"
        if self.best_today is None:
            return f"No acceptable package: there is no deal for {b} to offer ({zones})."
        later = (f"{compact_label(self.promised[0])} ({self.continuation:.3f} a period)"
                 if self.promised else f"its batna then ({self.continuation:.3f} a period)")
        offer = (f"the most {b} can credibly offer is {self.best_offer:.3f}: "
                 f"{compact_label(self.best_today[0])} today ({self.best_today[1]:.3f}), then, "
                 f"once {b} is stronger, no more than {later}")
        war = (f"war now is worth {self.war_value:.3f} to {a} ({self.war_now:.3f} a period, "
               f"{self.war_later:.3f} after the shift; discount {self.discount:g})")
        if self.commitment_problem:
            return (f"A commitment problem: a deal exists in each period ({zones}), yet {a} "
                    f"fights now: {war}, while {offer}.")
        if self.preventive:
            return (f"{a} fights now: {war}, while {offer}. But not every period has a deal "
                    f"({zones}): this is not a commitment problem alone.")
        return (f"No commitment problem: {offer}, at least {a}'s value of war now "
                f"({self.war_value:.3f}).")

    def to_data(self) -> dict:
        ids = self.game.party_ids
        return {"commitment_problem": self.commitment_problem, "preventive_war": self.preventive,
                "initiator": self.initiator, "rival": self.rival, "discount": self.discount,
                "chances": {"now": self.chances_now, "later": self.chances_later},
                "war_payoffs": {"now": self.war_now, "later": self.war_later},
                "batnas": {"now": per_party(ids, self.batna_now),
                           "later": per_party(ids, self.batna_later)},
                "zones": {"now": self.zone_now, "later": self.zone_later},
                "war_value": self.war_value, "best_credible_offer": _plain(self.best_offer),
                **{key: None if deal is None else dict(zip(("package", "utility"), deal))
                   for key, deal in (("best_today", self.best_today), ("promised", self.promised))},
                "continuation": self.continuation, "explanation": self.explain()}
