"""Bargaining over time: Rubinstein's alternating offers.

Two players split a unit pie. Player 1 proposes a split in rounds 1, 3, 5,
...; player 2 in rounds 2, 4, ...; the responder accepts (the game ends) or
rejects (the next round begins). A share ``x`` agreed in round ``t`` is worth
``delta_i ** (t - 1) * x`` to player ``i``.

* **Infinite horizon** (Rubinstein 1982, "Perfect equilibrium in a bargaining
  model", *Econometrica* 50: 97-109): the unique subgame-perfect equilibrium
  (SPE) is immediate agreement, the first proposer taking
  ``(1 - delta2) / (1 - delta1 * delta2)``.
* **Finite horizon** ``T``: after ``T`` rejected offers both get nothing.
  Backward induction (Stahl 1972): the last proposer takes everything; one
  round earlier the proposer offers the responder exactly the discounted
  value of being the next proposer, and so on.
* **Risk of breakdown** (Binmore, Rubinstein & Wolinsky 1986, "The Nash
  bargaining solution in economic modelling", *RAND J. Econ.* 17: 176-188):
  if after each rejection the talks break down with probability ``q``
  (both get the breakdown payoff 0), a player's continuation value is
  multiplied by ``1 - q``: breakdown acts exactly like the extra discount
  ``delta_i * (1 - q)``.
* **Frequent offers**: with ``delta_i = exp(-r_i * Delta)`` and the interval
  ``Delta -> 0`` the first proposer's share tends to ``r2 / (r1 + r2)``, the
  asymmetric Nash bargaining solution with powers proportional to ``1/r_i``
  (Binmore, Rubinstein & Wolinsky 1986); the first-mover advantage vanishes.

:func:`alternating_offers` is the same backward induction over any finite
set of agreements (a discretised pie, or a scenario's packages: see
:mod:`negotiation.solvers.dynamics.subgame`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from negotiation.solvers.dynamics.results import RubinsteinResult


def _check_discount(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} = {value:g}: a discount factor must lie in [0, 1]")
    return value


def rubinstein(delta1: float, delta2: float, horizon: int | None = None,
               breakdown: float = 0.0) -> RubinsteinResult:
    """First proposer's subgame-perfect share of a unit pie.

    ``horizon`` is the number of offers that may be made (``None``:
    unlimited); ``breakdown`` the probability that the talks end, both
    getting 0, after each rejection. See the module docstring for the
    definitions and references. Returns a :class:`RubinsteinResult`
    (``float(result)`` is the share).

    Parameters
    ----------
    delta1, delta2 : float
        The discount factors of the first proposer and of the responder,
        in [0, 1].
    horizon : int, optional
        The number of offers that may be made, at least 1 (``None``:
        unlimited, Rubinstein 1982).
    breakdown : float
        The probability in [0, 1) that the talks break down after each
        rejection (Binmore, Rubinstein & Wolinsky 1986).

    Returns
    -------
    RubinsteinResult
        ``share`` (the first proposer's), ``responder_share`` and the
        effective discounts ``delta_i * (1 - breakdown)``.

    Raises
    ------
    ValueError
        A discount factor outside [0, 1], ``breakdown`` outside [0, 1),
        ``horizon`` not a whole number >= 1, or an infinite horizon with
        both discounts equal to 1.

    Examples
    --------
    Infinite horizon: the first proposer takes ``(1 - d2) / (1 - d1 d2)``,
    ``1 / (1 + 0.9)`` for equal discounts of 0.9.

    >>> import negotiation
    >>> result = negotiation.rubinstein(0.9, 0.9)
    >>> round(result.share, 4), round(result.responder_share, 4)
    (0.5263, 0.4737)

    One offer is an ultimatum (the proposer takes everything); with two,
    the proposer must give the responder the 0.9 it would get by waiting:

    >>> float(negotiation.rubinstein(0.9, 0.9, horizon=1))
    1.0
    >>> round(negotiation.rubinstein(0.9, 0.9, horizon=2).share, 4)
    0.1

    A breakdown risk ``q`` acts as the extra discount ``1 - q``:
    ``1 / (1 + 0.81)`` here.

    >>> round(negotiation.rubinstein(0.9, 0.9, breakdown=0.1).share, 4)
    0.5525
    """
    if not 0.0 <= breakdown < 1.0:
        raise ValueError(f"breakdown = {breakdown:g}: a probability in [0, 1) is expected")
    d1, d2 = _check_discount("delta1", delta1), _check_discount("delta2", delta2)
    e1, e2 = d1 * (1.0 - breakdown), d2 * (1.0 - breakdown)
    if horizon is None:  # infinite
        if e1 * e2 >= 1.0:
            raise ValueError("with an infinite horizon at least one discount must be below 1")
        share = (1.0 - e2) / (1.0 - e1 * e2)
    else:
        if int(horizon) != horizon or horizon < 1:
            raise ValueError(f"horizon = {horizon!r}: a whole number of rounds >= 1 is expected")
        share = _finite_share(e1, e2, int(horizon))
    return RubinsteinResult(share, d1, d2, None if horizon is None else int(horizon),
                            float(breakdown), (e1, e2))


def _finite_share(d1: float, d2: float, horizon: int) -> float:
    """Proposer's share in round 1 of ``horizon``, by backward induction."""
    share = 1.0  # the proposer of the last round takes everything
    for t in range(horizon - 1, 0, -1):
        # the round-t responder is the round-(t+1) proposer: offer it exactly
        # its discounted continuation share, keep the rest
        responder_delta = d2 if t % 2 == 1 else d1
        share = 1.0 - responder_delta * share
    return share


def rubinstein_rates(r1: float, r2: float, interval: float, horizon: int | None = None,
                     breakdown: float = 0.0) -> RubinsteinResult:
    """Rubinstein with time preferences as rates: ``delta_i = exp(-r_i * interval)``.

    As ``interval -> 0`` the share tends to ``r2 / (r1 + r2)`` (the patient
    player, with the smaller rate, gets more; Binmore, Rubinstein & Wolinsky
    1986); see :func:`frequent_offer_limit`.
    """
    if r1 < 0 or r2 < 0 or r1 + r2 == 0:
        raise ValueError("rates must be >= 0 and not both 0")
    if interval <= 0:
        raise ValueError(f"interval = {interval:g}: the time between offers must be positive")
    return rubinstein(math.exp(-r1 * interval), math.exp(-r2 * interval), horizon, breakdown)


def frequent_offer_limit(r1: float, r2: float) -> float:
    """``lim_{Delta -> 0}`` of the first proposer's share: ``r2 / (r1 + r2)``."""
    if r1 < 0 or r2 < 0 or r1 + r2 == 0:
        raise ValueError("rates must be >= 0 and not both 0")
    return r2 / (r1 + r2)


# --------------------------------------------------------------------------
# Backward induction over a finite set of agreements


@dataclass(frozen=True)
class RoundPlay:
    """What happens in one round of the SPE if that round is reached."""

    round: int  # 1-based
    proposer: int  # 0 or 1
    choice: int | None  # index of the proposed agreement; None: no acceptable offer
    value: np.ndarray  # (2,) each player's gain over disagreement, valued at this round


@dataclass(frozen=True)
class AlternatingOffers:
    """The SPE path of a finite alternating-offers game (first round first)."""

    rounds: tuple[RoundPlay, ...]

    @property
    def outcome(self) -> int | None:
        """Agreement reached in round 1 (``None``: no agreement in equilibrium)."""
        return self.rounds[0].choice

    @property
    def value(self) -> np.ndarray:
        return self.rounds[0].value


def alternating_offers(gains, deltas, horizon: int, first: int = 0,
                       package_index=None) -> AlternatingOffers:
    """Subgame-perfect equilibrium of two-player alternating offers over
    finitely many agreements, by backward induction (Stahl 1972; Rubinstein
    1982 for the limit).

    ``gains`` is (M, 2): each agreement's utility minus the player's
    disagreement payoff (batna). Agreement in round ``t`` is worth
    ``delta_i ** (t - 1)`` times its gain: delay shrinks the surplus over
    the batna, so the answer does not change if a player's utilities are
    rescaled by a positive affine map. After ``horizon`` rejections both get
    their disagreement payoff. The responder accepts an offer worth at least
    its discounted continuation value (ties accept, as in the standard SPE);
    the proposer picks, among offers the responder accepts, its best one,
    ties broken by the responder's gain and then the lower index
    (``package_index``, if given), so the answer is deterministic.
    """
    gains = np.asarray(gains, float)
    if gains.ndim != 2 or gains.shape[1] != 2:
        raise ValueError("alternating offers needs gains of shape (agreements, 2)")
    deltas = np.asarray(deltas, float)
    order = np.arange(len(gains)) if package_index is None else np.asarray(package_index)
    tol = 1e-12
    nxt = np.zeros(2)  # continuation after the last round: disagreement
    plays = []
    for t in range(horizon, 0, -1):
        proposer = (first + t - 1) % 2
        responder = 1 - proposer
        wait = deltas * nxt  # what each player gets by letting this round fail
        ok = gains[:, responder] >= wait[responder] - tol
        choice, value = None, wait
        if ok.any():
            idx = np.flatnonzero(ok)
            best = idx[np.lexsort((order[idx], -gains[idx, responder], -gains[idx, proposer]))[0]]
            if gains[best, proposer] >= wait[proposer] - tol:
                choice, value = int(best), gains[best].copy()
        plays.append(RoundPlay(t, proposer, choice, value))
        nxt = value
    return AlternatingOffers(tuple(reversed(plays)))


def discretised_pie(delta1: float, delta2: float, horizon: int, steps: int = 10_000) -> float:
    """First proposer's SPE share when the pie can only be split in
    multiples of ``1/steps``: :func:`alternating_offers` on the grid. As
    ``steps`` grows it tends to :func:`rubinstein`'s share (and, for long
    horizons, to the infinite-horizon share)."""
    x = np.linspace(0.0, 1.0, steps + 1)
    spe = alternating_offers(np.column_stack([x, 1.0 - x]), (delta1, delta2), horizon)
    return float(spe.value[0])
