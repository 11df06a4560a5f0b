"""Result types of bargaining over time (definitions in :mod:`.alternating`,
:mod:`.subgame`, :mod:`.protocol` and ``docs/concepts/dynamics.md``)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from negotiation.game import Game
from negotiation.results import Result


@dataclass(frozen=True, repr=False)
class RubinsteinResult(Result):
    """The first proposer's SPE share of a unit pie and how it was found."""

    share: float  # first proposer's share, agreed in round 1
    delta1: float  # discount factors as given
    delta2: float
    horizon: int | None  # None: infinite
    breakdown: float
    effective: tuple[float, float]  # discounts after folding in the breakdown risk

    @property
    def responder_share(self) -> float:
        return 1.0 - self.share

    def __float__(self) -> float:
        return self.share

    def explain(self) -> str:
        d1, d2 = self.effective
        risk = (f" A breakdown risk of {self.breakdown:g} per round acts as the extra "
                f"discount 1 - q, so the effective discounts are {d1:.4f} and {d2:.4f}."
                if self.breakdown else "")
        if self.horizon is None:
            how = (f"Infinite horizon (Rubinstein 1982): share = (1 - d2) / (1 - d1 d2) "
                   f"= {self.share:.4f}.")
        else:
            how = (f"{self.horizon} round(s), solved backwards from the last proposer, who "
                   f"takes the whole pie: the first proposer's share is {self.share:.4f}.")
        return (how + risk + f" Player 1 proposes ({self.share:.4f}, "
                f"{self.responder_share:.4f}) and player 2 accepts at once.")

    def to_data(self) -> dict:
        return {"share": self.share, "responder_share": self.responder_share,
                "delta1": self.delta1, "delta2": self.delta2, "horizon": self.horizon,
                "breakdown": self.breakdown, "effective": list(self.effective),
                "explanation": self.explain()}


@dataclass(frozen=True)
class ProposalPlan:
    round: int
    proposer: str
    package: dict | None  # {issue: option}; None: the proposer would make no acceptable offer
    utilities: dict  # party -> effective utility of the package (or of waiting)


@dataclass(frozen=True, eq=False, repr=False)
class PackageSpe(Result):
    """SPE of alternating offers over packages, with where it lands."""

    game: Game
    deltas: tuple[float, float]
    horizon: int
    plans: tuple[ProposalPlan, ...]  # round 1 first
    agreement: dict | None  # package agreed in round 1, or None
    utilities: dict  # party -> utility of the equilibrium outcome
    on_frontier: bool
    is_nash: bool  # the agreement maximises the Nash product over the pool
    pool_size: int

    def explain(self) -> str:
        if self.agreement is None:
            return ("No package gives both parties at least their batna: in equilibrium "
                    "every offer is rejected and each party takes its batna.")
        first = self.plans[0].proposer
        where = "on the Pareto frontier" if self.on_frontier else "inside the frontier"
        nash = ("; it is also the Nash bargaining solution of the pool" if self.is_nash else
                "; it differs from the Nash bargaining solution (the proposer's advantage "
                "of a short horizon or unequal patience)")
        return (f"{first} proposes first and the offer is accepted at once (subgame-perfect "
                f"equilibrium over {self.pool_size} packages, {self.horizon} round(s)). "
                f"The agreement lies {where}{nash}.")

    def to_data(self) -> dict:
        return {"agreement": self.agreement, "utilities": self.utilities,
                "horizon": self.horizon, "deltas": list(self.deltas),
                "on_frontier": self.on_frontier, "is_nash": self.is_nash,
                "plans": [{"round": p.round, "proposer": p.proposer, "package": p.package,
                           "utilities": p.utilities} for p in self.plans]}


@dataclass(frozen=True)
class Turn:
    round: int  # 1-based
    party: str
    action: str  # "offer", "accept" or "walk"
    package: int | None  # pool index of the offer on the table after the turn
    accepted_by: tuple[str, ...]  # parties that have accepted the offer on the table


@dataclass(frozen=True, eq=False, repr=False)
class Trace(Result):
    """One simulated negotiation: every turn, and the outcome."""

    game: Game
    pool: np.ndarray  # (M, issues) the agreement space
    utilities: np.ndarray  # (M, parties) effective utilities of the pool
    strategies: Mapping[str, str]
    turns: tuple[Turn, ...]
    agreement_index: int | None  # pool index of the agreement
    rounds: int  # rounds played (the last one possibly partly)
    deadline: int
    seed: int | None
    space: str

    @property
    def agreement(self) -> dict | None:
        """``{issue: option}`` of the agreement, or None."""
        if self.agreement_index is None:
            return None
        return self.game.labels(self.pool[self.agreement_index])

    @property
    def payoffs(self) -> np.ndarray:
        """Each party's utility of the outcome (its batna if no agreement)."""
        if self.agreement_index is None:
            return self.game.batna.copy()
        return self.utilities[self.agreement_index].copy()

    @property
    def walked_away(self) -> str | None:
        return next((t.party for t in self.turns if t.action == "walk"), None)

    def offer_utilities(self) -> np.ndarray:
        """(turns, parties) utilities of the offer on the table after each
        turn (NaN before the first offer)."""
        out = np.full((len(self.turns), self.game.n_parties), np.nan)
        for k, turn in enumerate(self.turns):
            if turn.package is not None:
                out[k] = self.utilities[turn.package]
        return out

    def explain(self) -> str:
        who = ", ".join(f"{p}: {s}" for p, s in self.strategies.items())
        if self.agreement_index is not None:
            gains = ", ".join(f"{p} {u:.3f}" for p, u in zip(self.game.party_ids, self.payoffs))
            return (f"Agreement in round {self.rounds} of {self.deadline} ({who}); "
                    f"utilities {gains}.")
        if self.walked_away:
            return (f"{self.walked_away} walked away in round {self.rounds}: no package meets "
                    f"its own red lines, conditions and batna together ({who}).")
        return f"No agreement by the deadline of {self.deadline} rounds ({who})."

    def to_data(self) -> dict:
        ids = self.game.party_ids
        trace = []
        for turn in self.turns:
            pkg = turn.package
            trace.append({
                "round": turn.round, "party": turn.party, "action": turn.action,
                "offer": None if pkg is None else self.game.labels(self.pool[pkg]),
                "utilities": None if pkg is None else dict(zip(ids, self.utilities[pkg])),
                "accepted_by": list(turn.accepted_by)})
        return {"agreement": self.agreement, "rounds": self.rounds, "deadline": self.deadline,
                "strategies": dict(self.strategies), "seed": self.seed, "space": self.space,
                "utilities": dict(zip(ids, self.payoffs)), "walked_away": self.walked_away,
                "explanation": self.explain(), "trace": trace}

    def to_frame(self):
        """One row per turn: round, party, action, the offer on the table and
        each party's utility at it."""
        import pandas as pd

        rows = []
        for turn in self.turns:
            row = {"round": turn.round, "party": turn.party, "action": turn.action}
            if turn.package is not None:
                row.update(self.game.labels(self.pool[turn.package]))
                row.update({f"u_{q}": float(x) for q, x in
                            zip(self.game.party_ids, self.utilities[turn.package])})
            rows.append(row)
        return pd.DataFrame(rows)
