"""Exact bargaining optima on agreement spaces too large to enumerate.

The scenario becomes a mixed-integer linear model
(:mod:`negotiation.solvers.milp.model`) solved by HiGHS through
``scipy.optimize.milp`` (Huangfu & Hall 2018, "Parallelizing the dual revised
simplex method", Math. Prog. Comp. 10:119-142). The criteria are those of
:mod:`negotiation.solvers.agreement.points`:

* utilitarian: maximise ``sum_i u_i`` (linear);
* egalitarian: maximise ``t`` with ``t <= u_i - d_i`` (linear);
* Kalai-Smorodinsky: first the ideal point (one MILP per party), then
  maximise ``t`` with ``t (a_i - d_i) <= u_i - d_i``;
* Nash and asymmetric Nash: maximise ``sum_i alpha_i log(u_i - d_i)`` by
  outer approximation (Duran & Grossmann 1986, Math. Prog. 36:307-339):
  ``z_i <= log c + (g_i - c) / c`` for tangent points ``c``; each round adds
  the tangents at the package found, until the upper bound (the MILP's dual
  bound) and the best true value differ by less than ``NASH_GAP`` in log,
  i.e. a relative gap below 1e-9 in the Nash product. The package set is
  finite, so the loop ends: a package revisited is valued exactly. Where the
  solver's dual bound stalls just above that (its own precision), a log gap
  below ``NASH_EXACT`` (1e-8) still counts as proven; and when the MILP
  returns the incumbent again, its tangents already in the model, the bound
  can exceed its value only by HiGHS's feasibility tolerance on the tangent
  rows (1e-7 each): a gap below ``NASH_STALL`` (1e-6 in log) then counts as
  proven too, and the loop stops.

For the linear criteria the gap is the solver's dual bound minus the true
score of the package found; it reflects HiGHS's feasibility tolerance
(1e-7 on each row), so a result counts as exact below ``LINEAR_GAP``.

Ties follow :func:`criteria.ranking_order`: among packages within
``TIE`` of the best score, the largest utilitarian sum, then the smallest
package index (a second and third MILP). Scores closer than ``TIE`` are
tied here, where enumeration separates them at 1e-12: that is the
precision of the solver's feasibility tolerance.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL, Game
from negotiation.scenario.expr import parse_rule
from negotiation.sides import sides_of
from negotiation.solvers.criteria import NORMALISED, criterion_scores
from negotiation.solvers.milp.model import Lin, MilpModel, build_model

SCALE = 1e4  # objective scale: HiGHS's absolute gap of 1e-6 becomes 1e-10
NASH_GAP = 1e-9
NASH_EXACT = 1e-8  # the MILP dual bound's own precision: a log gap below it is proven
NASH_STALL = 1e-6  # the bound left above a revisited incumbent by the feasibility tolerance
TIE = 1e-7
LINEAR_GAP = 1e-6  # HiGHS's feasibility tolerance: finer bounds are not meaningful
MAX_ROUNDS = 200
INDEX_LIMIT = 10 ** 12  # larger spaces order ties issue by issue


@dataclass(frozen=True, eq=False)
class ExactResult:
    """Best package under a criterion: ``package`` (option indices) and its
    effective ``utilities``, both None when no package qualifies; ``exact``
    when optimality is proven within ``gap`` (criterion units; log units for
    the Nash products)."""

    criterion: str
    package: np.ndarray | None
    utilities: np.ndarray | None
    score: float | None
    exact: bool
    gap: float
    solves: int
    status: str

    @property
    def found(self) -> bool:
        return self.package is not None


class ExactSearch:
    """One criterion's lexicographic search: score, then sum, then index.

    ``sides`` (:mod:`negotiation.sides`, default the game's): the ratifiers
    take no part in any criterion, and a side's members share its weight in
    the Nash products and in the total that breaks ties."""

    def __init__(self, game, criterion, power, model: MilpModel, utilities, time_limit,
                 sides=None):
        self.game, self.criterion, self.model, self.u = game, criterion, model, utilities
        self.d = game.batna
        self.sides = sides_of(game) if sides is None else sides
        self.power = power
        self.table = self.sides.at_table
        if power is None:
            self.alpha = None
        elif self.sides.plain:
            self.alpha = np.asarray(power, float) / np.sum(power)
        else:
            self.alpha = self.sides.exponents(power)
        self.time_limit, self.solves = time_limit, 0
        self.rows: list[tuple[Lin, float, float]] = []  # (expr, lo, hi) rows
        self.ideal: np.ndarray | None = None
        self.z: dict[int, int] = {}  # party -> its log-gain variable in the Nash search
        self.top = np.ones(game.n_parties)  # each party's largest gain

    def tangent(self, p: int, c: float) -> None:
        """z_p <= log c + (g_p - c) / c: a tangent of the concave log at c."""
        c = max(c, 1e-12 * self.top[p])
        self.model.add_row(Lin({self.z[p]: 1.0}) + self.gain(p).scale(-1.0 / c),
                           hi=float(np.log(c)) - 1.0)

    def tangents_at(self, package) -> None:
        if self.z:
            g = self.game.effective(package[None])[0] - self.d
            for p in self.z:
                self.tangent(p, float(g[p]))

    def run(self, objective: Lin, rows=()):
        self.solves += 1
        res = self.model.solve(objective.scale(SCALE), list(self.rows) + list(rows),
                               self.time_limit)
        if res.x is None:
            return None, res
        return self.model.package(res.x), res

    def true_score(self, package) -> tuple[np.ndarray, float]:
        u = self.game.effective(package[None])[0]
        alpha = None  # the power shares (criterion_scores splits them by side)
        if self.criterion == "asymmetric_nash":
            alpha = self.alpha if self.sides.plain else self.power
        score = criterion_scores(self.criterion, u[None], self.d, alpha, self.ideal, self.sides)
        return u, float(score[0])

    def total(self, weights=None) -> Lin:
        """The weighted sum of the utilities; default the total that breaks
        ties (each party's, or with sides each side's mean utility)."""
        if weights is None:
            weights = np.ones(len(self.u)) if self.sides.plain else self.sides.tie_weights
        out = Lin()
        for u, w in zip(self.u, weights):
            if w:
                out = out + (u if w == 1.0 else u.scale(float(w)))
        return out

    def gain(self, p: int) -> Lin:
        return self.u[p] + Lin({}, -float(self.d[p]))

    def max_party(self, p: int):
        pkg, res = self.run(self.u[p].scale(-1.0))
        return None if pkg is None else self.game.effective(pkg[None])[0][p]


def max_min_search(search: ExactSearch, span: np.ndarray):
    """max t with t * span_i <= g_i (live parties at the table); returns (expr t, pkg, res)."""
    t = search.model.add_var(lb=-1e9, ub=1e9)
    live = (span > TOL) & search.table
    for p in np.flatnonzero(live).tolist():
        search.model.add_row(Lin({t: float(span[p])}) + search.gain(p).scale(-1.0), hi=0.0)
    if not live.any():
        return None, *search.run(Lin())
    pkg, res = search.run(Lin({t: -1.0}))
    return Lin({t: 1.0}), pkg, res


def nash_search(search: ExactSearch, alpha: np.ndarray, start):
    """Outer approximation of max sum alpha_i log g_i; returns (expr, pkg, gap)."""
    model, game = search.model, search.game
    live = np.flatnonzero(np.asarray(alpha) > 0)  # the parties at the table
    top = np.ones(game.n_parties)
    top[live] = [max(search.max_party(int(p)) - search.d[p], 0.0) for p in live]
    if (top[live] <= TOL).any():
        return None, start, 0.0  # some party cannot gain: every Nash product is 0
    # ``start`` is the egalitarian (max-min gain) optimum: if even it leaves a
    # party at its batna, no package gives every party a gain, and every Nash
    # product is 0 (the log objective would never converge)
    if (game.effective(np.asarray(start)[None, :])[0] - search.d)[live].min() <= TOL:
        return None, start, 0.0
    search.top = top
    search.z = {int(p): model.add_var(lb=-60.0, ub=float(np.log(top[p]))) for p in live}
    objective = Lin({v: float(alpha[p]) for p, v in search.z.items()})
    for p in search.z:
        for c in np.geomspace(1e-12, 1.0, 16) * top[p]:
            search.tangent(p, float(c))
    best, best_val, gap = start, _log_value(search, start, alpha), np.inf
    seen: set[bytes] = set()
    for _ in range(MAX_ROUNDS):
        pkg, res = search.run(objective.scale(-1.0))
        if pkg is None:
            break
        upper = _upper(res)
        value = _log_value(search, pkg, alpha)
        if value > best_val:
            best, best_val = pkg, value
        gap = upper - best_val
        if gap < NASH_GAP:
            break
        if pkg.tobytes() in seen:
            # revisited: its tangents are in the model, so the bound exceeds its true
            # value only by the solver's feasibility tolerance; more rounds add nothing
            if gap < NASH_STALL and np.array_equal(pkg, best):
                gap = 0.0
            break
        seen.add(pkg.tobytes())
        search.tangents_at(pkg)
    return objective, best, max(gap, 0.0)


def _upper(res) -> float:
    """Upper bound on the maximised criterion from a (scaled, negated) MILP."""
    bound = res.mip_dual_bound if res.mip_dual_bound is not None else res.fun
    return -(bound + res.const) / SCALE


def _log_value(search, pkg, alpha) -> float:
    live = np.asarray(alpha) > 0  # the ratifiers' gains do not count
    g = (search.game.effective(pkg[None])[0] - search.d)[live]
    return float(np.asarray(alpha)[live] @ np.log(g)) if (g > 0).all() else -np.inf


def _tie_break(search: ExactSearch, primary: Lin | None, best_pkg, best_score):
    """Among packages scoring within TIE of the best, the largest sum, then
    the smallest package index (criteria.ranking_order, to MILP precision)."""
    rows = []
    if primary is not None:
        floor = _primary_floor(search, best_pkg, best_score)
        rows.append((primary, floor, np.inf))
    for _ in range(MAX_ROUNDS):
        pkg, res = search.run(search.total().scale(-1.0), rows)
        if pkg is None:
            return best_pkg
        if search.true_score(pkg)[1] >= best_score - TIE * max(1.0, abs(best_score)):
            break
        search.tangents_at(pkg)  # the outer approximation let a worse package in
    total = float(search.game.effective(pkg[None])[0].sum())
    rows.append((search.total(), total - TIE * max(1.0, abs(total)), np.inf))
    return _smallest_index(search, rows, pkg)


def _primary_floor(search, pkg, score):
    if search.criterion in ("nash", "asymmetric_nash"):
        alpha = search_alpha(search)
        return _log_value(search, pkg, alpha) - TIE
    return score - TIE * max(1.0, abs(score))


def search_alpha(search):
    """Exponents of the product: power shares, or 1 each (log of the plain
    product); with sides a side's members share its weight, ratifiers 0."""
    if search.criterion == "asymmetric_nash":
        return search.alpha
    return np.ones(search.game.n_parties) if search.sides.plain else search.sides.exponents()


def _smallest_index(search: ExactSearch, rows, fallback):
    game = search.game
    if game.size <= INDEX_LIMIT:
        # index / size keeps the objective O(1); HiGHS's 1e-6 absolute gap
        # (after SCALE) is far below one index step for spaces <= 1e12
        pkg, _ = search.run(search.model.index_expr().scale(1.0 / game.size), rows)
        return fallback if pkg is None else pkg
    rows, pkg = list(rows), fallback
    for j, options in enumerate(search.model.x):  # lexicographic: issue by issue
        order = Lin({v: float(o) for o, v in enumerate(options)})
        found, _ = search.run(order, rows)
        if found is None:
            break
        pkg = found
        rows.append((Lin({options[int(found[j])]: 1.0}), 1.0, 1.0))
    return pkg


def criterion_search(search: ExactSearch, expr, pkg, res):
    """The optimum of ``search.criterion``, starting from the egalitarian
    optimum ``(expr, pkg, res)`` found by :func:`max_min_search`: returns
    (objective expression, package, last MILP result, log gap of the Nash
    search, 0 for the linear criteria). Kalai-Smorodinsky uses
    ``search.ideal``, found here (each party's best utility) unless set."""
    criterion, gap = search.criterion, 0.0
    if criterion in NORMALISED and search.ideal is None:
        search.ideal = np.array([search.max_party(p) if search.table[p] else search.d[p]
                                 for p in range(search.game.n_parties)])
    if criterion == "utilitarian":
        expr = search.total(search.table.astype(float))
        pkg, res = search.run(expr.scale(-1.0))
    elif criterion == "normalised_utilitarian":  # sum of gains / best gains (1: none possible)
        span, expr = search.ideal - search.d, Lin()
        for p in np.flatnonzero(search.table).tolist():
            expr = expr + (search.gain(p).scale(1.0 / span[p]) if span[p] > TOL
                           else Lin({}, 1.0))
        pkg, res = search.run(expr.scale(-1.0))
    elif criterion in ("kalai_smorodinsky", "normalised_egalitarian"):
        expr, pkg, res = max_min_search(search, search.ideal - search.d)
    elif criterion in ("nash", "asymmetric_nash"):
        expr, pkg, gap = nash_search(search, search_alpha(search), pkg)
    elif criterion != "egalitarian":
        raise ValueError(f"unknown criterion {criterion!r}")
    return expr, pkg, res, gap


def _parse(rules):
    return [parse_rule(r) if isinstance(r, str) else r for r in rules]


def best_package(game: Game, criterion: str = "nash", extra_rules=(), drop=(), zopa=True,
                 power=None, time_limit: float | None = None, face_kept=(),
                 sides=None) -> ExactResult:
    """The best package under ``criterion``, found exactly by MILP.

    Packages must meet every feasibility rule, red line, condition and
    ratifier's approval except those named in ``drop``, every rule of
    ``extra_rules`` (rule text such as ``"troops in [withdrawn]"`` or parsed
    rules), and with ``zopa`` the batna of every party at the table; the
    party indices of ``face_kept`` show no visible loss. ``power`` defaults
    to the parties' power (asymmetric Nash); ``sides`` to the game's
    (:mod:`negotiation.sides`). Reusable by other analyses for spaces beyond
    enumeration.
    """
    model, utilities = build_model(game, drop=drop, extra_rules=_parse(extra_rules), zopa=zopa,
                                   face_kept=face_kept)
    power = game.power if power is None else power
    search = ExactSearch(game, criterion, power, model, utilities, time_limit, sides)
    eg_span = np.ones(game.n_parties)
    expr, pkg, res = max_min_search(search, eg_span)  # also tells whether any package qualifies
    if pkg is None:
        return ExactResult(criterion, None, None, None, res.status == 2, 0.0, search.solves,
                           res.message)
    expr, pkg, res, gap = criterion_search(search, expr, pkg, res)
    if criterion not in ("nash", "asymmetric_nash") and res.mip_dual_bound is not None:
        gap = max(0.0, _upper(res) - search.true_score(pkg)[1])
    score = search.true_score(pkg)[1]
    pkg = _tie_break(search, expr, pkg, score)
    u, score = search.true_score(pkg)
    nash = criterion in ("nash", "asymmetric_nash")
    exact = gap <= (NASH_EXACT if nash else LINEAR_GAP * max(1.0, abs(score)))
    return ExactResult(criterion, pkg, u, score, exact, gap, search.solves,
                       "optimal" if exact else f"gap {gap:.3g}")
