"""Private types: how likely an offer is accepted, and what rejection brings.

The informed parties know their private parameters (their *types*, declared
in the scenario's ``private`` block); everyone else knows only the declared
distribution (:mod:`negotiation.scenario.distributions`). A party of type
``t`` accepts a package when its effective utility there is at least its
no-deal payoff *for its type*, ``D(t)``: its war payoff if the initiator
fights given ``t``, its status-quo utility if not (:mod:`negotiation.nodeal`).
For every candidate package this module gives

* ``P(accept)``, over the types;
* ``P(war)``: the probability that the offer is rejected *and* the initiator
  then fights;
* the proposer's expected payoff when the offer is rejected.

Two routes (Fearon 1995, section on private information; Powell 1999, *In
the Shadow of Power*, ch. 3):

* **exact**: one private parameter ``t`` that enters only the war block and
  the war payoffs affinely (checked numerically at five points of its
  support), with the proposer's own war payoff independent of ``t``. Then
  the initiator's choice is a threshold on ``t``, acceptance within each
  region is a threshold too, and every probability is a difference of CDF
  values;
* **Monte Carlo** otherwise: seeded draws of every private parameter,
  vectorised over draws and candidates (common random numbers: every
  candidate is judged on the same draws).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.nodeal import TOL, batnas, fights, war_payoffs, war_terms
from negotiation.scenario.distributions import cdf, draw

AFFINE_TOL = 1e-9  # residual below which a war payoff counts as affine in the type
CELLS = 1 << 22  # candidates x draws evaluated at once


@dataclass(frozen=True)
class Acceptance:
    """Per candidate: acceptance and war probabilities, the proposer's expected payoff."""

    accept: np.ndarray  # (candidates,)
    war: np.ndarray  # (candidates,)
    expected: np.ndarray  # (candidates,) the proposer's expected utility of offering it
    exact: bool
    samples: int = 0  # Monte Carlo draws (0: exact)


def no_deal_at(game, params: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """War payoffs, batnas (..., parties) and whether the initiator fights (...)."""
    nd = game.no_deal
    chances, costs = war_terms(game.scenario, params)
    war = war_payoffs(nd.utilities, chances, costs)
    return war, batnas(war, nd.status_quo, nd.initiator), fights(war, nd.status_quo, nd.initiator)


def certain(utilities: np.ndarray, proposer: int) -> Acceptance:
    """No private type: every candidate is accepted for sure."""
    n = len(utilities)
    return Acceptance(np.ones(n), np.zeros(n), utilities[:, proposer].copy(), True)


def monte_carlo(game, utilities, informed, proposer, names, samples, seed) -> Acceptance:
    """Acceptance over seeded draws of the private parameters ``names``."""
    params = _draws(game, names, samples, seed)
    _, batna, fight = no_deal_at(game, params)
    n = len(utilities)
    accept, war, expected = np.empty(n), np.empty(n), np.empty(n)
    step = max(1, CELLS // samples)
    for start in range(0, n, step):
        u = utilities[start:start + step]
        ok = (u[:, None, informed] >= batna[None, :, informed] - TOL).all(axis=2)
        accept[start:start + step] = ok.mean(axis=1)
        war[start:start + step] = (~ok & fight[None, :]).mean(axis=1)
        expected[start:start + step] = np.where(ok, u[:, None, proposer],
                                                batna[None, :, proposer]).mean(axis=1)
    return Acceptance(accept, war, expected, False, samples)


def _draws(game, names, samples, seed) -> dict:
    rng = np.random.default_rng(seed)
    params: dict = dict(game.values)
    for name in names:  # in declaration order, so a seed means the same draws
        p = game.scenario.parameters[name]
        params[name] = draw(p.distribution, rng.random(samples), p.range)
    return params


def exact(game, utilities, informed: int, proposer: int, name: str) -> Acceptance | None:
    """The exact route for one private parameter, or None where it does not apply."""
    param = game.scenario.parameters[name]
    lo, hi = _support(param)
    grid = np.array([lo, hi, lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3, (lo + hi) / 2])
    war, _, _ = no_deal_at(game, {**game.values, name: grid})
    slope = (war[1] - war[0]) / (hi - lo) if hi > lo else np.zeros(war.shape[1])
    intercept = war[0] - slope * lo
    fitted = intercept + slope * grid[:, None]
    if not np.allclose(war, fitted, rtol=0, atol=AFFINE_TOL) or abs(slope[proposer]) > AFFINE_TOL:
        return None
    nd = game.no_deal
    regions = _regions(intercept[nd.initiator], slope[nd.initiator],
                       nd.status_quo[nd.initiator], lo, hi)

    def prob(a, b, a_open, b_open):
        """P(a <= t <= b), either end open where flagged (point masses count)."""
        top = cdf(param.distribution, np.where(b_open, np.nextafter(b, -np.inf), b), param.range)
        bottom = cdf(param.distribution, np.where(a_open, a, np.nextafter(a, -np.inf)),
                     param.range)
        return np.where(a <= b, np.maximum(top - bottom, 0.0), 0.0)

    u_i, u_p = utilities[:, informed], utilities[:, proposer]
    accept, war_p = np.zeros(len(u_i)), np.zeros(len(u_i))
    expected = np.zeros(len(u_i))
    for a, b, a_open, b_open, is_war in regions:
        mass = float(prob(np.float64(a), np.float64(b), a_open, b_open))
        if is_war and abs(slope[informed]) > AFFINE_TOL:
            tau = (u_i + TOL - intercept[informed]) / slope[informed]
            if slope[informed] > 0:  # accepts for types up to tau
                ok = prob(np.full_like(tau, a), np.minimum(tau, b), a_open,
                          b_open & (tau >= b))
            else:  # accepts for types from tau
                ok = prob(np.maximum(tau, a), np.full_like(tau, b), a_open & (tau <= a),
                          b_open)
        else:
            level = intercept[informed] if is_war else nd.status_quo[informed]
            ok = np.where(u_i >= level - TOL, mass, 0.0)
        rejected = mass - ok
        accept += ok
        war_p += rejected if is_war else 0.0
        expected += rejected * (intercept[proposer] if is_war else nd.status_quo[proposer])
    expected += accept * u_p
    return Acceptance(accept, war_p, expected, True)


def _support(param) -> tuple[float, float]:
    if param.range is not None:
        return float(param.range[0]), float(param.range[1])
    u = np.array([1e-12, 1 - 1e-12])
    lo, hi = draw(param.distribution, u)
    return float(lo), float(hi)


def _regions(a: float, b: float, sq: float, lo: float, hi: float):
    """(low, high, low open, high open, war) intervals of the type on which the
    initiator fights (its war payoff ``a + b t`` beats ``sq`` by more than TOL)."""
    whole = (-np.inf, np.inf, False, False)
    if abs(b) <= AFFINE_TOL:
        return [(*whole, bool(a > sq + TOL))]
    t = (sq + TOL - a) / b
    if b > 0:  # fights for t above the threshold
        return [(-np.inf, t, False, False, False), (t, np.inf, True, False, True)]
    return [(-np.inf, t, False, True, True), (t, np.inf, False, False, False)]
