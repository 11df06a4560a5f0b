"""Result types of the commitment problem (definitions in :mod:`.commitment`
and ``docs/concepts/crisis-bargaining.md``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from negotiation.results import Result, compact_label, per_party


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
