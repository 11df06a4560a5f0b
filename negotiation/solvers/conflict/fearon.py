"""Crisis bargaining with war as the outside option (Fearon 1995).

Fearon (1995, "Rationalist explanations for war", *International
Organization* 49: 379-414): two states, A and B, dispute a divisible stake
normalised to [0, 1] (``x`` is A's share). War gives A the whole stake with
probability ``p`` and costs the sides ``c_A`` and ``c_B`` (in units of the
stake), so the war payoffs are ``p - c_A`` and ``1 - p - c_B``. Because war
is costly, every division in the **bargaining range** ``[p - c_A, p + c_B]``
is better for both than war: a deal always exists under complete
information.

**Private information.** If A proposes a take-it-or-leave-it demand ``x``
but does not know B's cost ``c_B`` (distributed by F), B fights exactly when
``x > p + c_B``, and A maximises

    EU(x) = x * (1 - F(x - p)) + (p - c_A) * F(x - p).

A risks war to get a better deal: the risk-return trade-off. For ``c_B``
uniform on [0, C] the interior optimum is ``x* = p + (C - c_A) / 2`` with
``Pr(war) = (C - c_A) / (2 C)``; corners: ``x* = p`` (no risk of war) when
``c_A >= C``, and ``x* = 1`` when the interior optimum exceeds the stake.
Other distributions are solved numerically (a grid over the support, then
:func:`scipy.optimize.minimize_scalar` around the best grid point).

**Audience costs** (Fearon 1994, "Domestic political audiences and the
escalation of international disputes", *APSR* 88: 577-592): a leader who
has made a public demand and then settles for less pays ``a(t)``, growing
the longer the public standoff lasts (here ``a(t) = a0 + g t``). A settles
only if ``x - a(t) >= p - c_A``, so the bottom of the range rises to
``p - c_A + a(t)``: A's demands become more credible (it will not take
less) while the range shrinks, and closes at ``a(t*) = c_A + c_B``, after
which no settlement is better for both than war.
"""
from __future__ import annotations

import numpy as np

from negotiation.solvers.conflict.results import AudienceStandoff, BargainingRange, CrisisOffer


def bargaining_range(p: float, cost_a: float, cost_b: float) -> BargainingRange:
    """Fearon's range ``[p - c_A, p + c_B]`` (clipped to the stake [0, 1]).

    Every division of the stake in the range is better for both sides than
    a war that A wins with probability ``p`` (Fearon 1995).

    Parameters
    ----------
    p : float
        The probability that A wins the war, in [0, 1].
    cost_a, cost_b : float
        The costs of war to A and to B (units of the stake), >= 0.

    Returns
    -------
    BargainingRange
        ``low`` and ``high`` (A's share), ``width`` and ``empty``.

    Raises
    ------
    ValueError
        ``p`` outside [0, 1] or a negative cost.

    Examples
    --------
    >>> import negotiation
    >>> r = negotiation.bargaining_range(0.6, 0.1, 0.2)
    >>> round(r.low, 4), round(r.high, 4), round(r.width, 4)
    (0.5, 0.8, 0.3)

    Costless war leaves a single division, A's chance of winning:

    >>> r = negotiation.bargaining_range(0.6, 0.0, 0.0)
    >>> round(r.low, 4), round(r.high, 4), r.empty
    (0.6, 0.6, False)
    """
    _check_probability(p)
    if cost_a < 0 or cost_b < 0:
        raise ValueError("costs of war must be >= 0")
    return BargainingRange(float(np.clip(p - cost_a, 0, 1)), float(np.clip(p + cost_b, 0, 1)))


def _check_probability(p: float) -> None:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p = {p:g}: the probability that A wins must lie in [0, 1]")


def expected_utility(x, p: float, cost_proposer: float, opponent_cost) -> np.ndarray:
    """A's expected payoff of demanding ``x`` (vectorised over ``x``)."""
    x = np.asarray(x, float)
    war = opponent_cost.cdf(x - p)
    return x * (1.0 - war) + (p - cost_proposer) * war


def crisis_offer(p: float, cost_proposer: float, opponent_cost) -> CrisisOffer:
    """A's optimal take-it-or-leave-it demand and the resulting risk of war.

    ``opponent_cost`` is B's cost of war: a frozen :mod:`scipy.stats`
    distribution (private information), or a number (complete
    information: A demands ``p + c_B`` and there is no war).

    The risk-return trade-off of Fearon (1995): A maximises
    ``x (1 - F(x - p)) + (p - c_A) F(x - p)``; see the module docstring.

    Parameters
    ----------
    p : float
        The probability that A wins the war, in [0, 1].
    cost_proposer : float
        A's cost of war (units of the stake), >= 0.
    opponent_cost : float or frozen scipy.stats distribution
        B's cost of war, known to A (a number >= 0) or private (a
        distribution with support in [0, inf)). Uniform on [0, C] is solved
        in closed form, other distributions numerically.

    Returns
    -------
    CrisisOffer
        A's ``demand``, the ``war_probability`` it carries, A's
        ``expected_utility``, the ``method`` and the ``corner`` (if any).

    Raises
    ------
    ValueError
        ``p`` outside [0, 1], a negative cost, or a cost distribution with
        support below 0.
    TypeError
        ``opponent_cost`` is neither a number nor a distribution.

    Examples
    --------
    B's cost uniform on [0, C]: A demands ``p + (C - c_A) / 2`` and B fights
    with probability ``(C - c_A) / (2 C)``, here 0.7 and 0.4.

    >>> import negotiation
    >>> from scipy import stats
    >>> offer = negotiation.crisis_offer(0.5, 0.1, stats.uniform(0, 0.5))
    >>> round(offer.demand, 4), round(offer.war_probability, 4), offer.method
    (0.7, 0.4, 'closed form')

    Under complete information A demands ``p + c_B`` and there is no war:

    >>> offer = negotiation.crisis_offer(0.5, 0.1, 0.2)
    >>> round(offer.demand, 4), offer.war_probability
    (0.7, 0.0)

    For B's cost exponential with mean ``s`` the first-order condition
    gives ``x* = p + s - c_A`` (0.6 here), found numerically:

    >>> offer = negotiation.crisis_offer(0.5, 0.1, stats.expon(scale=0.2))
    >>> round(offer.demand, 4), offer.method
    (0.6, 'numerical')
    """
    _check_probability(p)
    if cost_proposer < 0:
        raise ValueError("the proposer's cost of war must be >= 0")
    if isinstance(opponent_cost, (int, float, np.number)) and not isinstance(opponent_cost, bool):
        c_b = float(opponent_cost)
        if c_b < 0:
            raise ValueError("the opponent's cost of war must be >= 0")
        demand = min(1.0, p + c_b)
        return CrisisOffer(p, cost_proposer, demand, 0.0, demand, "complete information",
                           "whole stake" if demand == 1.0 else None)
    if not hasattr(opponent_cost, "cdf"):
        raise TypeError("opponent_cost must be a number or a frozen scipy.stats distribution")
    low, high = opponent_cost.support()
    if low < 0:
        raise ValueError("the opponent's cost of war must be >= 0 (its distribution has "
                         f"support from {low:g})")
    uniform = _uniform_width(opponent_cost)
    if uniform is not None:
        return _uniform_offer(p, cost_proposer, uniform, opponent_cost)
    return _numerical_offer(p, cost_proposer, opponent_cost)


def _uniform_width(dist) -> float | None:
    """C if ``dist`` is uniform on [0, C], else None."""
    if getattr(getattr(dist, "dist", None), "name", "") != "uniform":
        return None
    low, high = dist.support()
    return float(high) if low == 0 and high > 0 else None


def _uniform_offer(p, c_a, width, dist) -> CrisisOffer:
    demand, corner = p + (width - c_a) / 2.0, None
    if c_a >= width:
        demand, corner = p, "no risk"
    if demand >= 1.0:
        demand, corner = 1.0, "whole stake"
    war = float(np.clip((demand - p) / width, 0.0, 1.0))
    eu = float(expected_utility(demand, p, c_a, dist))
    return CrisisOffer(p, c_a, float(demand), war, eu, "closed form", corner)


def _numerical_offer(p, c_a, dist) -> CrisisOffer:
    # demands below p + (lowest cost) are surely accepted, so the optimum is
    # at least that; above 1 nothing is left to demand
    low = min(1.0, p + max(0.0, float(dist.ppf(0.0))))
    top = dist.ppf(1.0)
    high = min(1.0, p + (float(top) if np.isfinite(top) else float(dist.ppf(1 - 1e-12))))
    if high <= low:
        return _offer_at(p, c_a, dist, low)
    grid = np.linspace(low, high, 2001)
    eu = expected_utility(grid, p, c_a, dist)
    k = int(np.argmax(eu))
    step = grid[1] - grid[0]
    a, b = max(low, grid[k] - step), min(high, grid[k] + step)
    from scipy import optimize  # 0.2-0.5 s to import: only for a continuous cost

    res = optimize.minimize_scalar(lambda x: -float(expected_utility(x, p, c_a, dist)),
                                   bounds=(a, b), method="bounded",
                                   options={"xatol": 1e-10})
    x = float(res.x) if -res.fun >= eu[k] else float(grid[k])
    return _offer_at(p, c_a, dist, x, low)


def _offer_at(p, c_a, dist, x, low=None) -> CrisisOffer:
    corner = None
    if x >= 1.0 - 1e-9:
        corner = "whole stake"
    elif low is not None and x <= low + 1e-9:
        corner = "no risk"
    war = float(dist.cdf(x - p))
    return CrisisOffer(p, c_a, x, war, float(expected_utility(x, p, c_a, dist)),
                       "numerical", corner)


# --------------------------------------------------------------------------
# Audience costs over a public standoff


def audience_cost(t, a0: float = 0.0, growth: float = 0.0) -> np.ndarray:
    """``a(t) = a0 + growth * t``: the cost of backing down after ``t``."""
    return a0 + growth * np.asarray(t, float)


def audience_standoff(p: float, cost_a: float, cost_b: float, t, a0: float = 0.0,
                      growth: float = 0.0) -> AudienceStandoff:
    """Fearon's range when A's backing down costs ``a(t) = a0 + growth t``.

    The low end is A's credible demand: after ``t`` it rejects anything
    below ``p - c_A + a(t)``. The range closes when ``a(t) = c_A + c_B``.

    Audience costs after Fearon (1994); see the module docstring.

    Parameters
    ----------
    p : float
        The probability that A wins the war, in [0, 1].
    cost_a, cost_b : float
        The costs of war to A and to B (units of the stake), >= 0.
    t : float or array_like
        The times of the public standoff at which to evaluate the range.
    a0 : float
        A's audience cost at ``t = 0``, >= 0.
    growth : float
        The growth of the audience cost per unit of time, >= 0.

    Returns
    -------
    AudienceStandoff
        At each ``t``: ``audience_cost``, ``low``, ``high`` and ``open``;
        ``closes_at`` is the time the range closes (``None``: never).

    Raises
    ------
    ValueError
        ``p`` outside [0, 1], or a negative cost, ``a0`` or ``growth``.

    Examples
    --------
    With ``c_A = c_B = 0.1`` and an audience cost growing by 0.1 per unit
    of time, the range closes at ``t = (c_A + c_B) / 0.1 = 2``:

    >>> import negotiation
    >>> s = negotiation.audience_standoff(0.5, 0.1, 0.1, t=[0, 1, 3], growth=0.1)
    >>> round(s.closes_at, 4)
    2.0
    >>> s.low.round(4).tolist(), s.high.round(4).tolist(), s.open.tolist()
    ([0.4, 0.5, 0.7], [0.6, 0.6, 0.6], [True, True, False])
    """
    _check_probability(p)
    if min(cost_a, cost_b, a0, growth) < 0:
        raise ValueError("costs, a0 and growth must be >= 0")
    t = np.asarray(t, float)
    a = audience_cost(t, a0, growth)
    low = p - cost_a + a
    high = np.full_like(low, p + cost_b)
    slack = cost_a + cost_b - a0
    if slack < 0:
        closes = 0.0
    elif growth > 0:
        closes = slack / growth
    else:
        closes = None
    return AudienceStandoff(t, a, low, high, closes)
