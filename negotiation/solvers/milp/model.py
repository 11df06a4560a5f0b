"""A scenario as a mixed-integer linear model (for ``scipy.optimize.milp``).

Used where the agreement space is too large to enumerate. Variables:

* ``x[j, o]`` binary, one-hot per issue (``sum_o x[j, o] = 1``): the package;
* one auxiliary binary per rule sub-formula (Tseitin 1968, "On the
  complexity of derivation in propositional calculus": each ``and``/``or``
  gets a fresh variable tied to its operands by linear inequalities), used
  by constraints and by utility adjustments;
* ``f[p]`` binary, "party p loses face": its visible gain (public issues,
  against the status quo) must be >= -TOL unless ``f[p] = 1``; then its
  utility drops by its audience cost (Fearon 1994);
* a party whose utility is capped at 1 (``normalise: false``; GENIUS's
  additive utility, :mod:`negotiation.scenario.tables`) gets a continuous
  ``c = min(raw, 1)``, exact both ways (``c <= raw``, ``c <= 1``, and one
  binary choosing which of them ``c`` reaches, by a big-M from the bounds of
  ``raw``), so that rows bounding a utility from above stay right; no
  variable where ``raw`` cannot exceed 1;
* a ratifier's approval (:mod:`negotiation.sides`) is a row on its utility,
  ``u_r >= batna_r``, relaxed by a big-M where its ``when`` rule is false
  (``u_r + M (1 - when) >= batna_r``, ``M`` from the ratifier's least
  possible utility).

The face variable is one-sided: the model may set ``f[p] = 1`` even where
face is kept. That only lowers a utility, and every objective here is
nondecreasing in each utility, so optima are unaffected; the searches
recompute the exact effective utilities of the package found.

A linear expression is ``Lin(coefs: {var: coef}, const)``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation.game import KINDS, TOL, Game, OrdinalOnly
from negotiation.scenario.expr import BoolOp, Compare, Const, Not
from negotiation.sides import is_approval, sides_of

MIP_GAP = 1e-12  # relative gap asked of HiGHS (its absolute gap is 1e-6)
UNBOUNDED = 3  # scipy.optimize.milp's status for an unbounded problem


@dataclass
class Lin:
    """A linear expression sum coefs[v] * var_v + const."""

    coefs: dict = field(default_factory=dict)
    const: float = 0.0

    def __add__(self, other: Lin) -> Lin:
        coefs = dict(self.coefs)
        for v, c in other.coefs.items():
            coefs[v] = coefs.get(v, 0.0) + c
        return Lin(coefs, self.const + other.const)

    def scale(self, k: float) -> Lin:
        return Lin({v: k * c for v, c in self.coefs.items()}, k * self.const)

    def negate(self) -> Lin:
        """1 - self (logical negation of a 0/1 expression)."""
        return Lin({v: -c for v, c in self.coefs.items()}, 1.0 - self.const)


class MilpModel:
    """Variables, rows and the compiled package/utility expressions of a game."""

    def __init__(self, game: Game):
        self.game = game
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []  # 1: integer (binary) variable, 0: continuous
        self.rows: list[tuple[dict, float, float]] = []
        self._truth: dict = {}
        self.utilities: list[Lin] = []  # set by build_model (approvals read them)
        self.x = [[self.add_var(binary=True) for _ in range(n)] for n in game.n_options]
        for options in self.x:
            self.add_row(Lin({v: 1.0 for v in options}), 1.0, 1.0)

    # -- variables and rows ------------------------------------------
    def add_var(self, lb=0.0, ub=1.0, binary=False) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(1 if binary else 0)
        return len(self.lb) - 1

    def add_row(self, expr: Lin, lo=-np.inf, hi=np.inf) -> None:
        """lo <= expr <= hi."""
        self.rows.append((dict(expr.coefs), lo - expr.const, hi - expr.const))

    # -- rules (Tseitin) ---------------------------------------------
    def truth(self, rule) -> Lin:
        """A 0/1 linear expression equal to the truth of ``rule``."""
        if isinstance(rule, Compare):
            index = self.game.option_index()[rule.issue]
            j = self.game.issue_ids.index(rule.issue)
            hit = Lin({self.x[j][index[o]]: 1.0 for o in rule.options})
            return hit.negate() if rule.negated else hit
        if isinstance(rule, Const):
            return Lin({}, 1.0 if rule.value else 0.0)
        if isinstance(rule, Not):
            return self.truth(rule.operand).negate()
        if rule in self._truth:
            return self._truth[rule]
        left, right = self.truth(rule.left), self.truth(rule.right)
        if rule.op == "->":
            left = left.negate()
        y = self.add_var(binary=True)
        out = Lin({y: 1.0})
        minus_y = out.scale(-1.0)
        if rule.op == "and":  # y <= a, y <= b, y >= a + b - 1
            self.add_row(left + minus_y, lo=0.0)
            self.add_row(right + minus_y, lo=0.0)
            self.add_row(left + right + minus_y, hi=1.0)
        else:  # or (and a -> b = not a or b): y >= a, y >= b, y <= a + b
            self.add_row(left + minus_y, hi=0.0)
            self.add_row(right + minus_y, hi=0.0)
            self.add_row(left + right + minus_y, lo=0.0)
        self._truth[rule] = out
        return out

    def require(self, rule) -> None:
        """Constrain every solution to satisfy ``rule`` (no auxiliary
        variable for a top-level conjunction or disjunction)."""
        if isinstance(rule, BoolOp) and rule.op == "and":
            self.require(rule.left)
            self.require(rule.right)
        elif isinstance(rule, BoolOp):
            left = self.truth(rule.left)
            left = left.negate() if rule.op == "->" else left
            self.add_row(left + self.truth(rule.right), lo=1.0)
        else:
            self.add_row(self.truth(rule), lo=1.0)

    # -- ratifiers' approvals (negotiation.sides) -----------------------
    def _approval_parts(self, c) -> tuple[Lin, float, float, Lin | None]:
        """(the ratifier's utility, its batna, a big-M, the truth of ``when``)."""
        game = self.game
        r = game.party_index(c.owner)
        if r in game.ordinal:
            raise OrdinalOnly(f"the MILP route needs cardinal utilities, but the ratifier "
                              f"{c.owner} states only an ordinal preference (enumerate instead)")
        u, batna = self.utilities[r], float(game.batna[r])
        low = self.bounds(game.tables, r, public=False)[0]
        big = batna - (low - float(game.audience_cost[r])) + 1.0
        return u, batna, big, None if c.when is None else self.truth(c.when)

    def require_approval(self, c) -> None:
        """The ratifier's utility meets its batna wherever ``c.when`` holds."""
        u, batna, big, when = self._approval_parts(c)
        if when is None:
            self.add_row(u, lo=batna - TOL)
        else:  # u + big * (1 - when) >= batna
            self.add_row(u + when.scale(-big), lo=batna - TOL - big)

    def approval_truth(self, c) -> Lin:
        """A 0/1 variable that is 1 only where the approval holds (one-sided:
        it may be 0 where it holds too)."""
        u, batna, big, when = self._approval_parts(c)
        y = self.add_var(binary=True)
        slack = Lin({y: -big}, big) + (Lin() if when is None else when.negate().scale(big))
        self.add_row(u + slack, lo=batna - TOL)
        return Lin({y: 1.0})

    def constraint_truth(self, c) -> Lin:
        """:meth:`truth` of a constraint's rule; for an approval, :meth:`approval_truth`."""
        return self.approval_truth(c) if is_approval(c) else self.truth(c.rule)

    # -- utilities ---------------------------------------------------
    def table_expr(self, table: np.ndarray, party: int) -> Lin:
        coefs = {}
        for j, options in enumerate(self.x):
            for o, v in enumerate(options):
                w = table[self.game.offsets[j] + o, party]
                if w:
                    coefs[v] = w
        return Lin(coefs)

    def raw_bounds(self, table: np.ndarray, p: int, public: bool) -> tuple[float, float]:
        """The least and greatest of party ``p``'s utility from ``table`` and
        its (public, if ``public``) adjustments, before the cap."""
        game = self.game
        parts = [table[game.offsets[j]:game.offsets[j] + n, p]
                 for j, n in enumerate(game.n_options)]
        adds = [t.add for t in game.adjustments if t.party == p and (t.public or not public)]
        return (sum(float(r.min()) for r in parts) + sum(min(0.0, a) for a in adds),
                sum(float(r.max()) for r in parts) + sum(max(0.0, a) for a in adds))

    def bounds(self, table: np.ndarray, p: int, public: bool) -> tuple[float, float]:
        """:meth:`raw_bounds` after the cap."""
        low, high = self.raw_bounds(table, p, public)
        if self.game.capped is not None and self.game.capped[p]:
            return min(low, 1.0), min(high, 1.0)
        return low, high

    def capped(self, raw: Lin, p: int, table: np.ndarray, public: bool) -> Lin:
        """``min(raw, 1)`` for a capped party whose ``raw`` can exceed 1, else ``raw``."""
        game = self.game
        if game.capped is None or not game.capped[p]:
            return raw
        low, high = self.raw_bounds(table, p, public)
        if high <= 1.0:
            return raw
        c, z = self.add_var(lb=min(low, 1.0), ub=1.0), self.add_var(binary=True)
        big = high - min(low, 1.0) + 1.0
        self.add_row(raw + Lin({c: -1.0}), lo=0.0)  # c <= raw
        self.add_row(Lin({c: 1.0, z: big}) + raw.scale(-1.0), lo=0.0)  # z = 0: c >= raw
        self.add_row(Lin({c: 1.0, z: -big}), lo=1.0 - big)  # z = 1: c >= 1
        return Lin({c: 1.0})

    def public_expr(self, p: int) -> Lin:
        """Party ``p``'s utility counting public issues and public adjustments."""
        game = self.game
        public = self.table_expr(game.public_tables, p)
        for term in (t for t in game.adjustments if t.party == p and t.public):
            public = public + self.truth(term.rule).scale(term.add)
        return self.capped(public, p, game.public_tables, public=True)

    def visible_gain_expr(self, p: int) -> Lin:
        """Party ``p``'s visible gain (public issues and public adjustments,
        against the status quo) as a linear expression; zero without a status quo."""
        game = self.game
        if not game.has_status_quo:
            return Lin()
        return self.public_expr(p) + Lin({}, -float(game.status_quo_public[p]))

    def utility_exprs(self, lose_face=()) -> list[Lin]:
        """Effective utility of each party as a linear expression; a party in
        ``lose_face`` pays its audience cost whatever its visible gain (it has
        broken a public commitment)."""
        game, out = self.game, []
        for p in range(game.n_parties):
            raw = self.table_expr(game.tables, p)
            for term in (t for t in game.adjustments if t.party == p):
                raw = raw + self.truth(term.rule).scale(term.add)
            raw = self.capped(raw, p, game.tables, public=False)
            cost = float(game.audience_cost[p])
            if cost and p in lose_face:
                raw = raw + Lin({}, -cost)
            elif cost and game.has_status_quo:  # no status quo: nothing is seen as lost
                f = self.add_var(binary=True)
                low = self.bounds(game.public_tables, p, public=True)[0]
                big = float(game.status_quo_public[p]) - low + 1.0
                # visible gain + big * f >= -TOL: f = 0 forces the face kept
                self.add_row(self.visible_gain_expr(p) + Lin({f: big}), lo=-TOL)
                raw = raw + Lin({f: -cost})
            out.append(raw)
        return out

    # -- solving -----------------------------------------------------
    def solve(self, objective: Lin, extra_rows=(), time_limit: float | None = None):
        """Minimise ``objective`` subject to the model's rows plus ``extra_rows``."""
        n = len(self.lb)
        c = np.zeros(n)
        for v, k in objective.coefs.items():
            c[v] += k
        rows = list(self.rows) + [(dict(e.coefs), lo - e.const, hi - e.const)
                                  for e, lo, hi in extra_rows]
        from scipy.optimize import Bounds, LinearConstraint, milp  # 0.4 s: only when solving
        from scipy.sparse import coo_matrix

        r, cidx, vals = [], [], []
        for i, (coefs, _, _) in enumerate(rows):
            for v, k in coefs.items():
                r.append(i)
                cidx.append(v)
                vals.append(k)
        a = coo_matrix((np.array(vals, dtype=float),
                        (np.array(r, dtype=np.intp), np.array(cidx, dtype=np.intp))),
                       shape=(len(rows), n)).tocsr()
        lo = np.array([row[1] for row in rows])
        hi = np.array([row[2] for row in rows])

        options: Any = {"mip_rel_gap": MIP_GAP,
                        **({"time_limit": time_limit} if time_limit else {})}
        res = milp(c, integrality=np.array(self.integer), bounds=Bounds(self.lb, self.ub),
                   constraints=LinearConstraint(a, lo, hi), options=options)
        if res.status == UNBOUNDED and np.isfinite(self.lb).all() and np.isfinite(self.ub).all():
            # every variable is bounded, so "unbounded" is an artefact of HiGHS's
            # presolve (seen on the Nash search's tangent rows): solve again without it
            res = milp(c, integrality=np.array(self.integer), bounds=Bounds(self.lb, self.ub),
                       constraints=LinearConstraint(a, lo, hi),
                       options={**options, "presolve": False})
        # milp drops constants; bounds must add it back. OptimizeResult is a dict
        # read and written by attribute; its stubs declare no such attribute.
        res.const = objective.const  # type: ignore[union-attr]
        return res

    def package(self, solution: np.ndarray) -> np.ndarray:
        """The package (option indices) of a solution vector."""
        return np.array([int(np.argmax([solution[v] for v in options])) for options in self.x],
                        dtype=np.int16)

    def index_expr(self) -> Lin:
        """The package's index in the agreement space (mixed radix)."""
        coefs, stride = {}, 1
        for j in range(len(self.x) - 1, -1, -1):
            for o, v in enumerate(self.x[j]):
                coefs[v] = float(o * stride)
            stride *= int(self.game.n_options[j])
        return Lin(coefs)


def build_model(game: Game, drop=(), extra_rules=(), zopa: bool | Sequence[int] = True,
                kinds=KINDS, lose_face=(), face_kept=()):
    """A model of the game's packages meeting every constraint of ``kinds``
    (except those named in ``drop``; a ratifier's approval is a row on its
    utility) and ``extra_rules`` (parsed rules); with ``zopa`` also the
    batna of every party at the table (True) or of the listed party indices
    (a ratifier among them is skipped: its approval is a constraint); the
    parties in ``face_kept`` show no visible loss.
    ``lose_face``: see :meth:`MilpModel.utility_exprs`.
    Returns (model, utility exprs)."""
    model = MilpModel(game)
    chosen = [c for c in game.constraints if c.kind in kinds and c.id not in drop]
    for c in chosen:
        if not is_approval(c):
            model.require(c.rule)
    for rule in extra_rules:
        model.require(rule)
    utilities = model.utilities = model.utility_exprs(lose_face)
    for c in chosen:
        if is_approval(c):
            model.require_approval(c)
    table = sides_of(game).at_table
    held = range(game.n_parties) if zopa is True else (zopa or ())
    for p in held:
        if table[p]:
            model.add_row(utilities[p], lo=float(game.batna[p]) - TOL)
    for p in face_kept:
        model.add_row(model.visible_gain_expr(p), lo=-TOL)
    return model, utilities
