"""Red-line testing: joint feasibility, price, binding, credibility, relaxations.

Definitions (DESIGN.md section 4). The red lines and conditions of a scenario
(``kind`` red_line or condition) bind every agreement; feasibility rules are
never relaxed. With all of them held, the ZOPA is the set of acceptable
packages where every party's effective utility meets its batna (Raiffa 1982,
*The Art and Science of Negotiation*).

* **jointly feasible**: the ZOPA with every red line held is non-empty.
* **price** of a red line c: the best criterion score (Nash product by
  default) over the ZOPA with c dropped and all others held, minus the best
  with all held; an empty ZOPA counts 0. **binding**: price > 0. The price
  is what holding the red line costs the best agreement (the shadow price
  of a discrete constraint).
* **credible**: every feasible package that crosses the red line leaves its
  owner below its batna (effective utility, audience cost included): the
  owner would rather walk away than accept any such package. A red line that
  is not credible is a posture (Schelling 1960, *The Strategy of Conflict*,
  ch. 2, on commitments; Fearon 1994 on audience costs that make them
  credible). Vacuously credible if no feasible package crosses it.
* **minimal relaxations** (minimal correction sets) and **minimal conflicts**
  (minimal unsatisfiable subsets): see :mod:`negotiation.solvers.redlines.relaxations`
  (Reiter 1987; Liffiton & Sakallah 2008). Both are empty lists when the red
  lines are jointly feasible. When no feasible package meets every batna
  even with every red line dropped, no relaxation helps: minimal relaxations
  is empty, the only minimal conflict is the empty set (the batnas alone
  conflict), and the result says so.
  A price of 0 can hide a red line that matters: where the ZOPA is empty and
  dropping this red line alone makes it non-empty at a package where some
  party is exactly at its batna (Nash product 0). Such a red line also counts
  as binding (``restores_zopa``): holding it is what stands between the
  parties and any deal.
* **conflicts with**: the red lines that share a minimal conflict with c.

Two routes compute these, chosen by ``method`` as :func:`bargaining.solve`
does: ``"enumerate"`` works on the enumerated feasible packages (below);
``"milp"`` answers the same questions exactly by mixed-integer search,
without enumeration (:mod:`negotiation.solvers.redlines.milp`); ``"auto"``
enumerates when the agreement space is within the enumeration limit. The
MILP route cannot count packages: ``zopa_size`` and ``candidates`` are None.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiation.game import TOL, Game, as_game
from negotiation.scenario import Scenario
from negotiation.solvers.agreement.solutions import choose_method
from negotiation.solvers.criteria import CRITERIA, criterion_scores, ideal_point
from negotiation.solvers.redlines.relaxations import correction_and_conflict_sets


@dataclass(frozen=True)
class RedLine:
    """The verdict on one red line or condition."""

    id: str
    owner: str
    kind: str
    rule: str
    price: float
    binding: bool
    credible: bool
    owner_best_across: float | None  # owner's best effective utility beyond the line
    owner_batna: float
    conflicts_with: tuple[str, ...]
    restores_zopa: bool = False  # dropping it alone turns an empty ZOPA non-empty

    def to_data(self) -> dict:
        return {"id": self.id, "owner": self.owner, "kind": self.kind, "rule": self.rule,
                "binding": self.binding, "credible": self.credible, "price": self.price,
                "owner_best_across": self.owner_best_across, "owner_batna": self.owner_batna,
                "conflicts_with": list(self.conflicts_with), "restores_zopa": self.restores_zopa}


@dataclass(frozen=True)
class RedLineAnalysis:
    """Result of :func:`analyze_red_lines`."""

    jointly_feasible: bool
    red_lines: tuple[RedLine, ...]
    minimal_relaxations: list[list[str]]
    minimal_conflicts: list[list[str]]
    relaxation_helps: bool  # False when no package meets every batna at all
    zopa_size: int | None  # None on the MILP route, which does not count packages
    best_score: float
    criterion: str = "nash"
    candidates: int | None = 0  # feasible packages meeting every batna (red lines ignored)
    notes: list[str] = field(default_factory=list)
    method: str = "enumerate"
    exact: bool = True  # False only if a MILP solve stopped short of proven optimality

    def explain(self) -> str:
        if not self.red_lines:
            return "The scenario states no red lines or conditions."
        if self.jointly_feasible:
            binding = [r.id for r in self.red_lines if r.binding]
            count = "some packages" if self.zopa_size is None else \
                f"{self.zopa_size} package(s)"
            head = f"The red lines hold together: {count} respect all of them and every batna."
            if binding:
                return head + " Binding (the best deal would improve without it): " + \
                    ", ".join(binding) + "."
            return head + " None of them is binding: the best deal respects them anyway."
        if not self.relaxation_helps:
            return ("No feasible package meets every party's batna even with every red line "
                    "dropped: no relaxation of red lines helps; the batnas themselves conflict.")
        options = " or ".join("{" + ", ".join(s) + "}" for s in self.minimal_relaxations)
        return ("The red lines are not jointly feasible with every batna: no deal exists "
                f"unless one of these sets gives way: {options}.")

    def to_data(self) -> dict:
        return {"jointly_feasible": self.jointly_feasible,
                "red_lines": [r.to_data() for r in self.red_lines],
                "minimal_relaxations": self.minimal_relaxations,
                "minimal_conflicts": self.minimal_conflicts,
                "relaxation_helps": self.relaxation_helps, "zopa_size": self.zopa_size,
                "best_score": self.best_score, "criterion": self.criterion,
                "candidates": self.candidates, "method": self.method, "exact": self.exact,
                "explanation": self.explain()}


def _best(scores: np.ndarray, mask: np.ndarray) -> float:
    """Best score among masked packages; an empty set counts 0."""
    return float(scores[mask].max()) if mask.any() else 0.0


def _prices(scores, meets, broken) -> np.ndarray:
    """Price of each constraint: best with it dropped minus best with all held."""
    n_broken = broken.sum(axis=1)
    held_all = meets & (n_broken == 0)
    base = _best(scores, held_all)
    prices = np.empty(broken.shape[1])
    for j in range(broken.shape[1]):
        only_j = meets & (n_broken == 1) & broken[:, j]
        prices[j] = _best(scores, held_all | only_j) - base
    return prices


def _criterion_scores(game: Game, u: np.ndarray, meets: np.ndarray, criterion: str):
    # Kalai-Smorodinsky's ideal point is taken over the packages meeting every batna
    ideal = ideal_point(u[meets]) if meets.any() else None
    scores = criterion_scores(criterion, u, game.batna, game.power, ideal)
    return np.where(meets, scores, -np.inf)


def _credibility(game: Game, constraints, u: np.ndarray, broken: np.ndarray):
    """(credible, owner's best utility beyond the line) per constraint."""
    out = []
    for j, c in enumerate(constraints):
        p = game.party_index(c.owner)
        across = u[broken[:, j], p]
        best = float(across.max()) if len(across) else None
        out.append((best is None or best < game.batna[p] - TOL, best))
    return out


def red_line_verdicts(game: Game, constraints, prices, credibility, mcs, mus,
                      jointly: bool) -> tuple[RedLine, ...]:
    """One :class:`RedLine` per constraint from the route's prices,
    (credible, owner's best across) pairs and reported MCS/MUS families."""
    lines = []
    for j, c in enumerate(constraints):
        partners = sorted({d for s in mus if c.id in s for d in s} - {c.id})
        credible, best = credibility[j]
        restores = not jointly and [c.id] in mcs
        lines.append(RedLine(c.id, c.owner, c.kind, c.rule_text or str(c.rule),
                             float(prices[j]), bool(prices[j] > TOL or restores), bool(credible),
                             best, float(game.batna[game.party_index(c.owner)]),
                             tuple(partners), restores))
    return tuple(lines)


def _enumerated(game: Game, criterion: str) -> RedLineAnalysis:
    """The red-line analysis over the enumerated feasible packages."""
    constraints = [c for c in game.constraints if c.relaxable]
    names = [c.id for c in constraints]
    pool = game.feasible_packages
    u = game.effective(pool)
    meets = game.meets_batna(u)
    broken = ~game.satisfied(pool, constraints)
    scores = _criterion_scores(game, u, meets, criterion)
    held_all = meets & ~broken.any(axis=1)
    jointly = bool(held_all.any())
    relaxation_helps = bool(meets.any())
    mcs, mus = correction_and_conflict_sets(broken[meets], names)
    if jointly:
        mcs, mus = [], []  # the families {∅} and {} of the theory, reported as "nothing"
    elif not relaxation_helps:
        mcs = []
    lines = red_line_verdicts(game, constraints, _prices(scores, meets, broken),
                              _credibility(game, constraints, u, broken), mcs, mus, jointly)
    return RedLineAnalysis(jointly, lines, mcs, mus, relaxation_helps,
                           int(held_all.sum()), _best(scores, held_all), criterion,
                           int(meets.sum()))


def analyze_red_lines(scenario: Scenario | Game, criterion: str = "nash",
                      method: str = "auto") -> RedLineAnalysis:
    """Test every red line and condition of a scenario (definitions above).

    ``method``: ``"enumerate"`` (every feasible package), ``"milp"`` (exact
    mixed-integer search, for spaces too large to enumerate) or ``"auto"``
    (enumerate when the space is within the enumeration limit)."""
    if criterion not in CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r} (expected one of: {', '.join(CRITERIA)})")
    game = as_game(scenario)
    game.require_cardinal("the red-line analysis")
    if choose_method(game, method) == "milp":
        from negotiation.solvers.redlines.milp import analyze_red_lines_milp

        return analyze_red_lines_milp(game, criterion)
    return _enumerated(game, criterion)
