"""Bargaining solutions over the zone of possible agreement.

Notation: ``u`` are effective utilities (packages x parties), ``d`` the
disagreement point (each party's batna), gains ``g_i = u_i - d_i``.
Each solution is chosen among ZOPA points (``u >= d``); all five pick a
Pareto-efficient point.

* **nash** -- maximise ``prod_i g_i`` (Nash 1950, "The bargaining problem",
  Econometrica 18:155-162). The unique solution satisfying Pareto
  optimality, symmetry, invariance to positive affine rescaling and
  independence of irrelevant alternatives.
* **asymmetric_nash** -- maximise ``prod_i g_i ** alpha_i`` with
  ``alpha = power / sum(power)`` (Kalai 1977, "Nonsymmetric Nash solutions
  and replications of 2-person bargaining", Int. J. Game Theory 6:129-133;
  Roth 1979). Drops symmetry: stronger parties get more.
* **kalai_smorodinsky** -- maximise ``min_i g_i / (a_i - d_i)`` where the
  ideal point ``a_i`` is party i's best utility within the ZOPA (Kalai &
  Smorodinsky 1975, "Other solutions to Nash's bargaining problem",
  Econometrica 43:513-518). Replaces IIA by individual monotonicity: every
  party gets the same fraction of its largest possible gain.
* **egalitarian** -- maximise ``min_i g_i`` (Kalai 1977, "Proportional
  solutions to bargaining situations", Econometrica 45:1623-1630): equal
  absolute gains; needs interpersonally comparable utilities.
* **utilitarian** -- maximise ``sum_i u_i`` (Harsanyi 1955; Myerson 1981):
  the largest total, however it is shared.

Ties are broken deterministically by :func:`criteria.ranking_order`: scores
equal to 12 significant digits go to the larger utilitarian sum, then to the
package with the smaller index in the agreement space.

Over *lotteries* (the convex hull of the frontier, Nash's original setting)
the Nash products are maximised by outer approximation of the concave
``sum alpha_i log g_i`` with tangent planes, each step a linear programme
(Kelley 1960 cutting planes), certified by the Frank-Wolfe duality gap; the
egalitarian, Kalai-Smorodinsky and utilitarian solutions are linear
programmes (max-min, then the largest sum among the max-min optima).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from negotiation.game import TOL, Game, as_game
from negotiation.solvers.criteria import CRITERIA, criterion_scores, ranking_order
from negotiation.solvers.agreement.frontier import Frontier, zopa_frontier
from negotiation.solvers.agreement.zone import zopa

SOLUTIONS = CRITERIA
METHODS = ("auto", "enumerate", "milp")
LOTTERY_GAP = 1e-9  # stop the Nash outer approximation below this log gap
MAX_CUT_ROUNDS = 400


# ---------------------------------------------------------------- core (arrays)
def _check_name(name: str) -> None:
    if name not in SOLUTIONS:
        raise ValueError(f"unknown solution {name!r} (expected one of: {', '.join(SOLUTIONS)})")


def alphas(power, n: int) -> np.ndarray:
    """Bargaining weights: ``power`` normalised to sum 1 (equal if None)."""
    power = np.ones(n) if power is None else np.asarray(power, float)
    if power.shape != (n,) or (power <= 0).any():
        raise ValueError("power must be one positive number per party")
    return power / power.sum()


def solve_points(u, d, solution: str = "nash", power=None, package_index=None) -> int | None:
    """Index of the row of ``u`` chosen by ``solution`` (None if no row has u >= d).

    ``u`` (points, parties), ``d`` (parties,). Rows below ``d`` are outside
    the ZOPA and never chosen. ``package_index`` orders exact ties (default:
    the row number). The ideal point of Kalai-Smorodinsky is taken over the
    rows in the ZOPA.
    """
    _check_name(solution)
    u, d = np.atleast_2d(np.asarray(u, float)), np.asarray(d, float)
    inside = np.flatnonzero((u >= d - TOL).all(axis=1))
    if not len(inside):
        return None
    ui = u[inside]
    index = np.arange(len(u)) if package_index is None else np.asarray(package_index)
    power = alphas(power, u.shape[1]) if solution == "asymmetric_nash" else None
    scores = criterion_scores(solution, ui, d, power=power, ideal=ui.max(axis=0))
    return int(inside[ranking_order(scores, ui, index[inside])[0]])


@dataclass(frozen=True)
class Lottery:
    """A probability mix of points: ``weights`` over the rows given, the
    expected ``utilities``, and ``gap``: an upper bound on how far the
    criterion (log Nash product, or the max-min / sum value) is from optimal."""

    weights: np.ndarray
    utilities: np.ndarray
    gap: float


def solve_lottery(u, d, solution: str = "nash", power=None) -> Lottery | None:
    """The solution over lotteries on the rows of ``u``: their convex hull,
    restricted to expected utilities at least ``d`` (None if that is empty).

    The Kalai-Smorodinsky ideal point is each party's best expected utility
    over that set, found by one LP per party.
    """
    _check_name(solution)
    u, d = np.atleast_2d(np.asarray(u, float)), np.asarray(d, float)
    gains = u - d
    if not _reachable(gains):
        return None
    if solution in ("nash", "asymmetric_nash"):
        alpha = alphas(power if solution == "asymmetric_nash" else None, u.shape[1])
        w, gap = _nash_lottery(gains, alpha)
    elif solution == "utilitarian":
        w, gap = _linear_lottery(gains, np.ones(u.shape[1])), 0.0
    else:
        if solution == "kalai_smorodinsky":
            span = np.array([(_linear_lottery(gains, e) @ gains) @ e
                             for e in np.eye(u.shape[1])])
        else:
            span = np.ones(u.shape[1])
        w, gap = _max_min_then_sum(gains, span), 0.0
    return Lottery(w, w @ u, gap)


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


# ---------------------------------------------------------------- scenario level
@dataclass(frozen=True)
class Solution:
    """One bargaining solution of a scenario.

    ``package`` is ``{issue: option}`` (for a lottery, the most likely
    package) and ``utilities`` ``{party: effective utility}`` (for a lottery,
    expected utilities); both are None when the ZOPA is empty and
    ``explanation`` says why. ``exact`` is True when the optimum is proven
    (``gap``: bound on the criterion's distance from optimal, 0 when found by
    enumeration). ``lottery`` lists ``(probability, package)`` pairs.
    """

    name: str
    package: dict | None
    utilities: dict | None
    exact: bool = True
    gap: float = 0.0
    method: str = "enumerate"
    explanation: str = ""
    score: float | None = None
    lottery: tuple = field(default=())

    @property
    def found(self) -> bool:
        return self.package is not None

    def to_data(self) -> dict | None:
        if not self.found:
            return None
        data = {"package": self.package, "utilities": self.utilities, "exact": self.exact,
                "gap": self.gap, "method": self.method}
        if self.lottery:
            data["lottery"] = [{"probability": p, "package": pkg} for p, pkg in self.lottery]
        return data


def _utilities(game: Game, u) -> dict:
    return {p: float(x) for p, x in zip(game.party_ids, u)}


def _pure_solution(name: str, front: Frontier) -> Solution:
    game = front.game
    if front.zopa.empty:
        return Solution(name, None, None, explanation=front.zopa.explain())
    index = game.encode(front.packages)
    k = solve_points(front.utilities, game.batna, name, power=game.power, package_index=index)
    u = front.utilities[k]
    power = alphas(game.power, game.n_parties) if name == "asymmetric_nash" else None
    score = criterion_scores(name, u[None], game.batna, power, front.ideal)[0]
    return Solution(name, game.labels(front.packages[k]), _utilities(game, u),
                    explanation=f"chosen among {front.size} Pareto-efficient ZOPA package(s)",
                    score=float(score))


def _lottery_solution(name: str, front: Frontier) -> Solution:
    game = front.game
    if front.zopa.empty:
        return Solution(name, None, None, explanation=front.zopa.explain())
    mix = solve_lottery(front.utilities, game.batna, name, power=game.power)
    support = np.flatnonzero(mix.weights > 1e-9)
    support = support[np.argsort(-mix.weights[support], kind="stable")]
    lottery = tuple((float(mix.weights[s]), game.labels(front.packages[s])) for s in support)
    return Solution(name, lottery[0][1], _utilities(game, mix.utilities),
                    exact=mix.gap <= 1e-6, gap=float(mix.gap), lottery=lottery,
                    explanation=f"lottery over {len(support)} frontier package(s)")


def choose_method(game: Game, method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (expected one of: {', '.join(METHODS)})")
    if method == "auto":
        return "enumerate" if game.size <= game.limit else "milp"
    return method


def solve(scenario, solution: str = "nash", lotteries: bool = False, method: str = "auto",
          drop=(), values=None):
    """Bargaining solution(s) of a scenario over its ZOPA.

    ``solution``: one of nash, asymmetric_nash, kalai_smorodinsky,
    egalitarian, utilitarian, or ``"all"`` for a dict of all five.
    ``lotteries``: solve over the convex hull of the frontier instead of the
    packages themselves. ``method``: ``"enumerate"`` (every package),
    ``"milp"`` (exact mixed-integer search, for spaces too large to
    enumerate) or ``"auto"`` (enumerate when the space is within the
    enumeration limit). ``drop`` relaxes named red lines or conditions;
    ``values`` overrides parameters. Returns a :class:`Solution`.
    """
    names = SOLUTIONS if solution == "all" else (solution,)
    for name in names:
        _check_name(name)
    game = as_game(scenario, values)
    game.require_cardinal("bargaining solutions")
    method = choose_method(game, method)
    if method == "milp":
        if lotteries:
            raise ValueError("solutions over lotteries need the enumerated frontier "
                             "(method='enumerate')")
        from negotiation.solvers.milp.search import solve_exact

        results = {name: solve_exact(game, name, drop=drop) for name in names}
    else:
        front = zopa_frontier(zopa(game, drop=drop))
        pick = _lottery_solution if lotteries else _pure_solution
        results = {name: pick(name, front) for name in names}
    return results if solution == "all" else results[solution]
