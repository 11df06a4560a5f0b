"""Negotiation strategies for the stacked alternating offers protocol.

A strategy sees its own party's (effective) utility of every package in the
agreement space, its batna and its own constraints; at each turn it accepts
the offer on the table, makes a counter-offer or walks away. Every strategy
goes through :meth:`Strategy.act`, which guarantees the project's promise:
no strategy ever proposes or accepts a package that crosses its own red
lines or conditions, or that is worth less to it than its batna. If no such
package exists the party walks away at once.

Strategies (Faratin, Sierra & Jennings 1998, "Negotiation decision functions
for autonomous agents", *Robotics and Autonomous Systems* 24: 159-182, for
the time-dependent and imitative families):

* ``boulware``, ``linear``, ``conceder`` (and ``time:E`` for any ``E > 0``):
  time-dependent concession. At normalised time ``t`` in [0, 1] the
  aspiration is ``u_max - (u_max - u_min) * t ** (1 / e)``, where ``u_max``
  is the party's best allowed package and ``u_min`` its reservation utility
  (the larger of its batna and its worst allowed package). ``e < 1``
  (Boulware, here 0.2) holds out until near the deadline; ``e = 1`` concedes
  linearly; ``e > 1`` (Conceder, here 5) gives ground early. The party
  offers a package worth at least its aspiration (below: the one best for
  the others) and accepts any allowed offer worth at least its aspiration.
* ``tit_for_tat``: relative tit-for-tat (Faratin et al. 1998): the party
  reproduces in percentage terms the concessions of the others. A
  concession is measured by how much another party's successive offers
  improved for this party, as a share of its utility range over the
  agreement space; the party lowers its aspiration by the same share of its
  own range [u_min, u_max] (and raises it again if the others retreat). It
  opens nicely (Axelrod 1984): its second offer concedes ``opening`` (5%) of
  its range even if nobody has moved, so two tit-for-tat players can start.
* ``zeuthen``: Zeuthen's (1930) risk-based concession, as axiomatised by
  Harsanyi (1956, "Approaches to the bargaining problem before and after
  the theory of games", *Econometrica* 24: 144-157). With complete
  information the party compares its risk limit (the largest probability of
  conflict it would accept rather than take the offer on the table),
  ``(u_i(own) - u_i(theirs)) / (u_i(own) - d_i)``, with the proposer's; the
  party with the smaller limit concedes just enough to make the other side
  the one that should concede next. Two Zeuthen players converge on the
  Nash bargaining solution (Harsanyi 1956).
* ``hardliner``: always demands its best allowed package and accepts only
  an offer that is at least as good.

Every strategy offers, of the allowed packages worth at least its aspiration,
the one best for the other parties (the largest sum of their utilities):
among packages of equal utility to the proposer, the one best for its
opponents, and never a package that another package it could offer beats
for everyone. So every offer, and every agreement, is Pareto-efficient in
the agreement space, and successive offers of a time-based party give the
others no less. (This is the offering strategy of the BOA framework that
bids, near its target utility, the bid best for the opponent under an
opponent model: Baarslag, Hindriks, Hendrikx, Dirkzwager & Jonker 2014,
"Decoupling negotiating agents to explore the space of negotiation
strategies", in *Novel Insights in Agent-based Complex Automated
Negotiation*, Springer, 61-83; here the opponents' utilities are known.)
Further ties go to the package best for the proposer, then the one closest
to the offer on the table (fewest issues that differ), then to the party's
seeded numpy Generator: a simulation is reproducible from its seed.
"""
from __future__ import annotations

import abc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL
from negotiation.solvers.names import STRATEGY_NAMES


@dataclass(frozen=True, eq=False)
class PartyView:
    """What a party's strategy knows."""

    index: int
    utilities: np.ndarray  # (M,) this party's effective utility of each package
    allowed: np.ndarray  # (M,) own constraints hold and utility >= batna
    batna: float
    packages: np.ndarray  # (M, issues), for closeness between packages
    all_utilities: np.ndarray  # (M, parties): complete information (offers, Zeuthen)
    batnas: np.ndarray  # (parties,)


@dataclass(frozen=True)
class Action:
    kind: str  # "offer", "accept" or "walk"
    package: int | None = None  # pool index of the offer


@dataclass(frozen=True)
class Situation:
    """The state of the talks when a party is to act."""

    time: float  # normalised: 0 in the first round, 1 in the last
    table: int | None  # pool index of the offer on the table
    proposer: int | None  # party index of whoever made it
    history: tuple[tuple[int, int], ...]  # (party, package) of every offer so far


class Strategy(abc.ABC):
    """Base class: subclasses choose an aspiration; the base keeps the promise."""

    name = "strategy"

    def __init__(self, view: PartyView, rng: np.random.Generator):
        self.view = view
        self.rng = rng
        own = view.utilities[view.allowed]
        self.u_max = float(own.max()) if len(own) else float("nan")
        self.u_min = max(view.batna, float(own.min())) if len(own) else float("nan")

    # -- what subclasses decide --------------------------------------------
    @abc.abstractmethod
    def aspiration(self, s: Situation) -> float:
        """The utility this party asks for at this point of the negotiation."""

    def proposal(self, s: Situation, level: float) -> int:
        return self.offer_at(level, s.table)

    # -- the promise ----------------------------------------------------------
    def act(self, s: Situation) -> Action:
        v = self.view
        if not v.allowed.any():
            return Action("walk")
        level = self.aspiration(s)
        if s.table is not None and v.allowed[s.table] and v.utilities[s.table] >= level - TOL:
            return Action("accept")
        choice = self.proposal(s, level)
        if not v.allowed[choice]:  # a subclass bug must never leak into the talks
            raise AssertionError(f"{self.name} chose a package its own party rules out")
        return Action("offer", choice)

    # -- helpers --------------------------------------------------------------
    def offer_at(self, level: float, near: int | None) -> int:
        """Of the allowed packages worth at least ``level`` (the best ones if
        none is), the one best for the other parties (see the module docstring)."""
        v = self.view
        u = np.where(v.allowed, v.utilities, -np.inf)
        above = v.allowed & (u >= level - TOL)
        if not above.any():
            above = v.allowed & (u >= u.max() - TOL)
        return self.tie_break(np.flatnonzero(above), near)

    def tie_break(self, candidates: np.ndarray, near: int | None) -> int:
        """The best of ``candidates`` for the others (sum of their utilities),
        then for this party, then the closest to ``near``, then by the seed."""
        v = self.view
        others = v.all_utilities[candidates].sum(axis=1) - v.utilities[candidates]
        candidates = candidates[others >= others.max() - TOL]  # nothing beats it for everyone
        own = v.utilities[candidates]
        candidates = candidates[own >= own.max() - TOL]
        if near is not None and len(candidates) > 1:
            distance = (v.packages[candidates] != v.packages[near]).sum(axis=1)
            candidates = candidates[distance == distance.min()]
        return int(candidates[0] if len(candidates) == 1 else self.rng.choice(candidates))


class TimeBased(Strategy):
    """Time-dependent concession, aspiration u_max - (u_max - u_min) t^(1/e)."""

    def __init__(self, view, rng, e: float = 1.0):
        super().__init__(view, rng)
        if e <= 0:
            raise ValueError(f"concession exponent e = {e:g}: expected e > 0")
        self.e = float(e)
        self.name = {0.2: "boulware", 1.0: "linear", 5.0: "conceder"}.get(self.e, f"time:{e:g}")

    def aspiration(self, s: Situation) -> float:
        return concession_curve(s.time, self.u_max, self.u_min, self.e)


def concession_curve(t, u_max: float, u_min: float, e: float):
    """Faratin, Sierra & Jennings (1998) polynomial tactic in utility terms."""
    t = np.clip(t, 0.0, 1.0)
    return u_max - (u_max - u_min) * t ** (1.0 / e)


class Hardliner(Strategy):
    """Never concedes."""

    name = "hardliner"

    def aspiration(self, s: Situation) -> float:
        return self.u_max


class TitForTat(Strategy):
    """Relative tit-for-tat in utility space (see the module docstring)."""

    name = "tit_for_tat"

    def __init__(self, view, rng, opening: float = 0.05):
        super().__init__(view, rng)
        self.level = self.u_max
        self.opening = opening
        self.seen = 0  # offers in the history already reciprocated
        self.own_offers = 0

    def aspiration(self, s: Situation) -> float:
        u, me = self.view.utilities, self.view.index
        last: dict[int, int] = {}
        for party, pkg in s.history[:self.seen]:
            last[party] = pkg
        shares = []
        room = self.u_max - self.u_min
        for party, pkg in s.history[self.seen:]:
            if party != me and party in last and room > TOL:
                shares.append((u[pkg] - u[last[party]]) / room)
            last[party] = pkg
        self.seen = len(s.history)
        if shares:
            self.level -= float(np.mean(shares)) * room
        if self.own_offers == 1 and self.level >= self.u_max - TOL:
            self.level = self.next_level_down(self.opening * room)  # the nice first move
        self.level = float(np.clip(self.level, self.u_min, self.u_max))
        return self.level

    def next_level_down(self, step: float) -> float:
        """Aspiration ``step`` below the best, and at least one package lower."""
        u = self.view.utilities[self.view.allowed]
        lower = u[u < self.u_max - TOL]
        return min(self.u_max - step, float(lower.max())) if len(lower) else self.u_max

    def act(self, s: Situation) -> Action:
        action = super().act(s)
        self.own_offers += action.kind == "offer"
        return action


class Zeuthen(Strategy):
    """Zeuthen-Harsanyi risk-based concession (complete information)."""

    name = "zeuthen"

    def __init__(self, view, rng):
        super().__init__(view, rng)
        self.own: int | None = None  # this party's standing offer

    def aspiration(self, s: Situation) -> float:
        if self.own is None or s.table is None or s.proposer is None:
            own = self.offer_at(self.u_max, s.table)
        else:
            own = self.zeuthen_step(self.own, s.table, s.proposer)
        self.own = own
        return float(self.view.utilities[own])

    def proposal(self, s: Situation, level: float) -> int:
        assert self.own is not None  # set by aspiration(), which act() calls first
        return self.own

    def zeuthen_step(self, mine: int, theirs: int, other: int) -> int:
        v = self.view
        if risk(v.utilities[mine], v.utilities[theirs], v.batna) > \
                risk(v.all_utilities[theirs, other], v.all_utilities[mine, other], v.batnas[other]):
            return mine  # the other side has less to lose from conflict: it should concede
        # concede as little as possible: the best package for me, better for the
        # other than my standing offer, after which the other should concede
        u_me, u_other = v.utilities, v.all_utilities[:, other]
        better = v.allowed & (u_other > u_other[mine] + TOL)
        mine_risk = risk(u_me, u_me[theirs], v.batna)
        their_risk = risk(u_other[theirs], u_other, v.batnas[other])
        enough = better & (mine_risk > their_risk + TOL)
        pool = enough if enough.any() else better
        if not pool.any():
            return mine
        top = np.where(pool, u_me, -np.inf).max()
        return self.tie_break(np.flatnonzero(pool & (u_me >= top - TOL)), theirs)


def risk(own, theirs, batna):
    """Zeuthen's risk limit: the share of one's gain over the batna lost by
    taking ``theirs`` instead of ``own`` (0 when ``own`` gains nothing)."""
    own, theirs = np.asarray(own, float), np.asarray(theirs, float)
    gain = own - batna
    safe = np.where(gain > TOL, gain, 1.0)
    return np.where(gain > TOL, (own - theirs) / safe, 0.0)


STRATEGIES: dict[str, Callable[..., Strategy]] = {
    "boulware": lambda view, rng: TimeBased(view, rng, e=0.2),
    "linear": lambda view, rng: TimeBased(view, rng, e=1.0),
    "conceder": lambda view, rng: TimeBased(view, rng, e=5.0),
    "tit_for_tat": TitForTat,
    "zeuthen": Zeuthen,
    "hardliner": Hardliner,
}
assert tuple(STRATEGIES) == STRATEGY_NAMES  # the command line offers the same names


def make_strategy(name: str, view: PartyView, rng: np.random.Generator) -> Strategy:
    """A strategy by name: one of STRATEGIES, or ``time:E`` for exponent E."""
    if name in STRATEGIES:
        return STRATEGIES[name](view, rng)
    if name.startswith("time:"):
        try:
            e = float(name[5:])
        except ValueError:
            e = -1.0
        if e > 0:
            return TimeBased(view, rng, e=e)
    raise ValueError(f"unknown strategy {name!r} (expected one of: "
                     f"{', '.join(STRATEGIES)}, or time:E with E > 0)")
