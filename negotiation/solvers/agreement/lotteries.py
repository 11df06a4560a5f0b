"""Bargaining solutions over lotteries: the convex hull of the frontier.

Nash's original setting (Nash 1950) lets the parties agree on a probability
mix of packages. The Nash products are maximised by outer approximation of
the concave ``sum alpha_i log g_i`` with tangent planes, each step a linear
programme (Kelley 1960 cutting planes), certified by the Frank-Wolfe duality
gap; the egalitarian, Kalai-Smorodinsky (normalised egalitarian) and
utilitarian solutions are linear programmes (max-min, then the largest sum
among the max-min optima), and so is the normalised utilitarian one.
Definitions of the five solutions: :mod:`negotiation.solvers.agreement.points`
and ``docs/concepts/bargaining.md``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL
from negotiation.solvers.criteria import alphas, at_table, check_criterion

LOTTERY_GAP = 1e-9  # stop the Nash outer approximation below this log gap
MAX_CUT_ROUNDS = 400


@dataclass(frozen=True)
class Lottery:
    """A probability mix of points: ``weights`` over the rows given, the
    expected ``utilities``, and ``gap``: an upper bound on how far the
    criterion (log Nash product, or the max-min / sum value) is from optimal."""

    weights: np.ndarray
    utilities: np.ndarray
    gap: float


def solve_lottery(u, d, solution: str = "nash", power=None, sides=None) -> Lottery | None:
    """The solution over lotteries on the rows of ``u``: their convex hull,
    restricted to expected utilities at least ``d`` (None if that is empty).

    The Kalai-Smorodinsky ideal point (and the normalising best gains) is
    each party's best expected utility over that set, found by one LP per
    party. ``sides`` (:mod:`negotiation.sides`): the ratifiers' columns are
    left out (the rows are zone packages their approval already holds), and
    a side's members share its weight in the Nash products.
    """
    check_criterion(solution, "solution")
    full = np.atleast_2d(np.asarray(u, float))
    u, d, _ = at_table(full, d, None, sides)
    gains = u - d
    if not _reachable(gains):
        return None
    if solution in ("nash", "asymmetric_nash"):
        if sides is None or sides.plain:
            alpha = alphas(power if solution == "asymmetric_nash" else None, u.shape[1])
        else:
            e = sides.exponents(power if solution == "asymmetric_nash" else None)
            alpha = e[sides.at_table] / e.sum()
        w, gap = _nash_lottery(gains, alpha)
    elif solution == "utilitarian":
        w, gap = _linear_lottery(gains, np.ones(u.shape[1])), 0.0
    else:
        if solution == "egalitarian":
            span = np.ones(u.shape[1])
        else:  # each party's best expected gain: the ideal point
            span = np.array([(_linear_lottery(gains, e) @ gains) @ e
                             for e in np.eye(u.shape[1])])
        if solution == "normalised_utilitarian":
            live = span > TOL
            w = _linear_lottery(gains, np.where(live, 1.0 / np.where(live, span, 1.0), 0.0))
        else:
            w = _max_min_then_sum(gains, span)
        gap = 0.0
    return Lottery(w, w @ full, gap)


def _lp(c, a_ub, b_ub, n_lambda, bounds=None):
    """linprog over (lambda in the simplex, extra variables)."""
    extra = len(c) - n_lambda
    a_eq = np.r_[np.ones(n_lambda), np.zeros(extra)][None]
    bounds = bounds or [(0, None)] * n_lambda + [(None, None)] * extra
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:
        raise RuntimeError(f"linear programme failed: {res.message}")
    return res


def _reachable(gains) -> bool:
    """Is there a lottery with every expected gain >= 0?"""
    res = linprog(np.zeros(len(gains)), A_ub=-gains.T, b_ub=np.full(gains.shape[1], TOL),
                  A_eq=np.ones((1, len(gains))), b_eq=[1.0], bounds=(0, None), method="highs")
    return res.status == 0


def _linear_lottery(gains, weights):
    """Lottery maximising weights @ expected gain, keeping every gain >= 0."""
    n = len(gains)
    res = _lp(-(gains @ weights), -gains.T, np.zeros(gains.shape[1]), n)
    return np.maximum(res.x, 0.0)


def _max_min(gains, span):
    """max t such that every live party's expected gain / span >= t."""
    n = len(gains)
    live = span > TOL  # a party that can gain nothing counts as fully served
    scaled = gains[:, live] / span[live]
    c = np.r_[np.zeros(n), -1.0]
    a_ub = np.hstack([-scaled.T, np.ones((live.sum(), 1))])
    a_ub = np.vstack([a_ub, np.hstack([-gains.T, np.zeros((gains.shape[1], 1))])])
    b_ub = np.zeros(len(a_ub))
    res = _lp(c, a_ub, b_ub, n)
    return res.x[:n], res.x[-1], scaled


def _max_min_then_sum(gains, span):
    """Max-min of gains / span, then the largest total gain among those
    optima (so the lottery is Pareto efficient)."""
    n = len(gains)
    w, t, scaled = _max_min(gains, span)
    a_ub = np.vstack([-scaled.T, -gains.T])
    b_ub = np.r_[-(t - 1e-10) * np.ones(scaled.shape[1]), np.zeros(gains.shape[1])]
    try:
        w = _lp(-gains.sum(axis=1), a_ub, b_ub, n).x
    except RuntimeError:
        pass  # the first stage's lottery is already optimal for max-min
    return np.maximum(w, 0.0)


def _nash_lottery(gains, alpha):
    """max sum_i alpha_i log(g_i) over g in the hull of the rows of ``gains``.

    Kelley's cutting planes: log g <= log c + (g - c) / c at every point c
    visited; each round is one LP in (lambda, z). The bound is certified by
    the Frank-Wolfe gap max_p sum_i alpha_i (G_pi - g_i) / g_i, which is an
    upper bound on the suboptimality of the concave objective.
    """
    n = len(gains)
    top = np.array([(_linear_lottery(gains, e) @ gains) @ e for e in np.eye(gains.shape[1])])
    live = top > TOL  # a party with no possible gain drops out of the product
    if not live.any():
        return _linear_lottery(gains, np.ones(gains.shape[1])), 0.0
    g_all, top = gains[:, live], top[live]
    alpha = alpha[live] / alpha[live].sum()
    found = _nash_on_facets(g_all, alpha)
    if found is not None:
        return _expand(found[0], n), found[1]
    k = g_all.shape[1]
    cuts = [(i, c) for i in range(k) for c in np.geomspace(1e-9, 1, 12) * top[i]]
    best_w, best_val, gap = None, -np.inf, np.inf
    c_obj = np.r_[np.zeros(n), -alpha]
    bounds = [(0, None)] * n + [(None, np.log(t)) for t in top]
    for _ in range(MAX_CUT_ROUNDS):
        a_ub = np.zeros((len(cuts) + k, n + k))
        b_ub = np.zeros(len(cuts) + k)
        a_ub[len(cuts):, :n] = -g_all.T  # expected gains stay >= 0
        for r, (i, c) in enumerate(cuts):  # z_i - (lambda @ g_i) / c <= log c - 1
            a_ub[r, :n] = -g_all[:, i] / c
            a_ub[r, n + i] = 1.0
            b_ub[r] = np.log(c) - 1.0
        res = _lp(c_obj, a_ub, b_ub, n, bounds)
        w = np.maximum(res.x[:n], 0.0)
        w /= w.sum()
        g = w @ g_all
        value = float(alpha @ np.log(np.maximum(g, 1e-300)))
        if value > best_val:
            best_w, best_val = w, value
        gap = min(gap, -res.fun - best_val, _frank_wolfe_gap(g_all, best_w, alpha))
        if gap < LOTTERY_GAP:
            break
        cuts.extend((i, max(g[i], 1e-12)) for i in range(k))
    best_w, gap = _polish(g_all, alpha, best_w, gap)
    return _expand(best_w, n), max(gap, 0.0)


def _nash_on_facets(g_all, alpha):
    """Nash over the hull written as facets {g : A g <= b} (qhull; Barber,
    Dobkin & Huhdanpaa 1996): a smooth problem in k variables (SLSQP), then
    a feasibility LP for the lottery reaching it. None if the hull is
    degenerate (points in a lower-dimensional subspace); the caller then
    uses cutting planes."""
    from scipy.optimize import minimize
    from scipy.spatial import ConvexHull, QhullError

    k = g_all.shape[1]
    if k < 2 or len(g_all) <= k:
        return None
    try:
        hull = ConvexHull(g_all)
    except (QhullError, ValueError):
        return None
    a, b = hull.equations[:, :-1], -hull.equations[:, -1]
    start = g_all[hull.vertices].mean(axis=0)
    if (start <= 0).any():
        return None
    res = minimize(lambda g: -alpha @ np.log(np.maximum(g, 1e-300)), start,
                   jac=lambda g: -alpha / np.maximum(g, 1e-300), method="SLSQP",
                   bounds=[(1e-12, None)] * k, options={"ftol": 1e-15, "maxiter": 500},
                   constraints=[{"type": "ineq", "fun": lambda g: b - a @ g, "jac": lambda g: -a}])
    if not res.success:
        return None
    n = len(g_all)
    mix = linprog(np.zeros(n), A_eq=np.vstack([g_all.T, np.ones(n)]), b_eq=np.r_[res.x, 1.0],
                  bounds=(0, None), method="highs")
    if mix.status != 0:
        return None
    w = np.maximum(mix.x, 0.0)
    w, gap = _polish(g_all, alpha, w / w.sum(), _frank_wolfe_gap(g_all, w / w.sum(), alpha))
    return (w, gap) if gap < 1e-6 else None


def _expand(w, n):
    return w if len(w) == n else np.r_[w, np.zeros(n - len(w))]


def _polish(g_all, alpha, w, gap):
    """Newton steps on the face the cutting planes found (the log objective
    is flat near its optimum, so a 1e-9 gap in value still leaves ~1e-5 in
    the utilities); kept only if the certified Frank-Wolfe gap improves."""
    # Caratheodory: an optimum mixes at most k + 1 points; keep the heaviest
    support = np.argsort(-w, kind="stable")[:g_all.shape[1] + 1]
    support = support[w[support] > 1e-7]
    if len(support) < 2:
        return w, gap
    sub, x = g_all[support], w[support] / w[support].sum()
    m = len(support)
    for _ in range(50):
        g = x @ sub
        grad = -(sub @ (alpha / g))
        hess = (sub * (alpha / g**2)) @ sub.T
        kkt = np.block([[hess, np.ones((m, 1))], [np.ones((1, m)), np.zeros((1, 1))]])
        step = np.linalg.lstsq(kkt, np.r_[-grad, 0.0], rcond=None)[0][:m]
        shrink = [1.0] + [-x[j] / step[j] for j in range(m) if step[j] < 0]
        t = min(1.0, 0.99 * min(shrink)) if len(shrink) > 1 else 1.0
        while t > 1e-12 and ((x + t * step) @ sub <= 0).any():
            t /= 2
        x = np.maximum(x + t * step, 0.0)
        x /= x.sum()
        if np.abs(t * step).max() < 1e-15:
            break
    candidate = np.zeros_like(w)
    candidate[support] = x
    new_gap = _frank_wolfe_gap(g_all, candidate, alpha)
    return (candidate, new_gap) if new_gap <= gap else (w, gap)


def _frank_wolfe_gap(g_all, w, alpha) -> float:
    g = w @ g_all
    if (g <= 0).any():
        return np.inf
    return float(max(0.0, ((g_all - g) / g @ alpha).max()))


def linprog(*args, **kwargs):
    """:func:`scipy.optimize.linprog`, imported on first use (importing
    scipy.optimize costs about 0.2 s, and most analyses never solve over
    lotteries)."""
    from scipy.optimize import linprog as solve

    return solve(*args, **kwargs)
