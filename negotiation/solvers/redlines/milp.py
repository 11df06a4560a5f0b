"""Red-line analysis by mixed-integer search, for spaces beyond enumeration.

Answers the questions of :mod:`negotiation.solvers.redlines.analysis` with the same
definitions (docs/concepts/offramps.md) exactly,
without listing packages. Every question becomes one or more mixed-integer
linear programs over the one-hot option variables of
:mod:`negotiation.solvers.milp.model` (rules compiled by Tseitin's
encoding, audience costs by face variables), solved by HiGHS:

* **jointly feasible**: one feasibility MILP with every constraint held and
  every batna met.
* **price**: the best criterion score with the red line dropped minus the
  best with all held (an empty ZOPA counts 0), each found by the exact
  searches of :mod:`negotiation.solvers.milp.search` (the Nash product by outer
  approximation, Duran & Grossmann 1986). When the red lines conflict the
  base is 0 and only a red line whose dropping alone restores a ZOPA can
  have a price: the others are not solved for.
* **credible**: the owner's best effective utility over the feasible
  packages that satisfy ``not RULE`` (the red line's rule negated and
  compiled like any rule): one MILP maximising it. Credible iff that best is
  below the owner's batna, or no feasible package crosses the line.
* **minimal correction sets** (MCS), by enumerating them in order of size
  (Liffiton & Sakallah 2008, "Algorithms for computing minimal
  unsatisfiable subsets of constraints", *J. Automated Reasoning* 40, the
  first phase of CAMUS). One indicator binary ``y_c`` per relaxable
  constraint c (``y_c = 1``: c dropped); c is enforced unless dropped by
  ``truth(c) + y_c >= 1``, exact because the Tseitin truth of a rule is a
  0/1 expression equal to the rule's value on every integral package.
  Feasibility rules and batnas are held. Minimise ``sum y``. At an optimum
  the dropped set is exactly the set ``broken(p)`` of the package found,
  and no candidate breaks a proper subset of it that avoids the sets found
  so far: it is an MCS. After each, the blocking cut
  ``sum_{c in M} y_c <= |M| - 1`` forbids M and all its supersets; distinct
  MCSs are incomparable, so none is lost; the loop ends when the MILP is
  infeasible (#MCS + 1 solves). An MCS of size 0 means the red lines hold
  jointly.
* **minimal conflicts** (minimal unsatisfiable subsets, MUS): the minimal
  hitting sets of the MCS family (hitting-set duality, Reiter 1987),
  computed by Berge's algorithm in :mod:`negotiation.solvers.redlines.relaxations`.
  (MARCO, Liffiton, Previti, Malik & Marques-Silva 2016, "Fast, flexible
  MUS enumeration", *Constraints* 21, enumerates both families
  interleaved; with few red lines the MCS-first order is simpler and just
  as exact.)
* **conflicts with**: the red lines sharing a MUS, as on the enumeration
  route.

Every package a MILP returns is re-checked with the game's own exact
arithmetic (batnas met to ``TOL``, effective utilities with audience costs):
a package admitted only by the solver's feasibility tolerance (1e-7) is cut
off and the MILP solved again, so the families are those of the game's own
definitions. ``exact`` is False only if some solve stopped without a proof.
"""
from __future__ import annotations

import numpy as np

from negotiation.game import TOL, Game
from negotiation.scenario.expr import Not
from negotiation.sides import is_approval, sides_of
from negotiation.solvers.criteria import NORMALISED
from negotiation.solvers.milp.model import Lin, MilpModel, build_model
from negotiation.solvers.milp.search import (
    NASH_GAP,
    SCALE,
    ExactSearch,
    criterion_search,
    max_min_search,
)
from negotiation.solvers.redlines.credibility import Credibility, owner_values, public_line
from negotiation.solvers.redlines.relaxations import (
    inclusion_minimal_masks,
    mask_members,
    minimal_hitting_sets,
)
from negotiation.solvers.redlines.results import RedLineAnalysis, red_line_verdicts

INFEASIBLE = 2  # scipy.optimize.milp status: proven infeasible
MAX_SOLVES = 10_000  # guard on any one loop; never reached on sane scenarios
NEAR = 1e-6  # an owner's best this close below its batna is re-checked
CROSS = 1e-7  # a ratifier's utility this far below its batna crosses its approval


class _Proofs:
    """Keeps count of whether every MILP answer was proven."""

    def __init__(self):
        self.exact = True

    def solve(self, model: MilpModel, objective: Lin, rows=()):
        """The package of an optimal solution, or None when infeasible."""
        res = model.solve(objective, rows)
        if res.x is None:
            self.exact &= res.status == INFEASIBLE
            return None
        self.exact &= res.status == 0
        return model.package(res.x)


def _no_good(model: MilpModel, package: np.ndarray):
    """A row excluding exactly this package."""
    picked = Lin({options[int(o)]: 1.0 for options, o in zip(model.x, package)})
    return picked, -np.inf, float(len(model.x) - 1)


def _candidate(game: Game, package: np.ndarray) -> bool:
    """Exact check: the package meets every batna (feasibility holds by
    construction: rules are compiled exactly)."""
    return bool(game.meets_batna(game.effective(package[None]))[0])


def _first_candidate(game, proofs, model, objective, rows=()):
    """The optimal package that truly meets every batna, or None."""
    rows = list(rows)
    for _ in range(MAX_SOLVES):
        package = proofs.solve(model, objective, rows)
        if package is None or _candidate(game, package):
            return package
        rows.append(_no_good(model, package))
    proofs.exact = False
    return None


def jointly_feasible(game: Game, proofs: _Proofs | None = None) -> bool:
    """Is some feasible package within every red line and condition and
    every batna? One feasibility MILP."""
    model, _ = build_model(game)
    return _first_candidate(game, proofs or _Proofs(), model, Lin()) is not None


def minimal_correction_sets(game: Game, constraints, proofs: _Proofs | None = None) -> list[int]:
    """Every MCS of the relaxable ``constraints`` as bitmasks (bit j =
    constraints[j]), by size; ``[0]`` when they hold jointly, ``[]`` when no
    feasible package meets every batna (see the module docstring)."""
    proofs = proofs or _Proofs()
    model, _ = build_model(game, kinds=("feasibility",))
    drop = [model.add_var(binary=True) for _ in constraints]
    for c, y in zip(constraints, drop):
        model.add_row(model.constraint_truth(c) + Lin({y: 1.0}), lo=1.0)  # held unless dropped
    cuts: list[tuple[Lin, float, float]] = []  # (expr, lo, hi) rows
    found: list[int] = []
    for _ in range(MAX_SOLVES):
        package = _first_candidate(game, proofs, model, Lin({y: 1.0 for y in drop}), cuts)
        if package is None:
            break
        broken = ~game.satisfied(package[None], constraints)[0]
        found.append(sum(1 << int(j) for j in np.flatnonzero(broken)))
        if not broken.any():
            break  # the empty set corrects everything: nothing else is minimal
        members = np.flatnonzero(broken)
        cuts.append((Lin({drop[j]: 1.0 for j in members}), -np.inf, float(len(members) - 1)))
    # inclusion-minimal filter: a no-op at proven optima, a safeguard otherwise
    return inclusion_minimal_masks(found)


def owner_best_across(game: Game, constraint, proofs: _Proofs | None = None):
    """(credible, owner's best effective utility over the feasible packages
    that break ``constraint``, None if none does)."""
    proofs = proofs or _Proofs()
    owner = game.party_index(constraint.owner)
    model, utilities = crossing_model(game, constraint, kinds=("feasibility",), zopa=False)
    package = proofs.solve(model, utilities[owner].scale(-SCALE))
    if package is None:
        return True, None  # nothing crosses the line: vacuously credible
    best = float(game.effective(package[None])[0][owner])
    batna = float(game.batna[owner])
    if batna - TOL - NEAR <= best < batna - TOL:
        # within the solver's tolerance of the batna: ask directly whether
        # some crossing package reaches it
        other = proofs.solve(model, Lin(), [(utilities[owner], batna - TOL, np.inf)])
        if other is not None:
            best = max(best, float(game.effective(other[None])[0][owner]))
    return best < batna - TOL, best


def crossing_model(game: Game, constraint, **options):
    """:func:`build_model` (with ``options``) of the packages that break
    ``constraint``: its rule negated; for a ratifier's approval, where it is
    needed and the ratifier's utility is below its batna (by ``CROSS``: the
    solver's tolerance)."""
    if not is_approval(constraint):
        return build_model(game, extra_rules=[Not(constraint.rule)], **options)
    model, utilities = build_model(game, extra_rules=[constraint.when] if constraint.when
                                   else [], **options)
    r = game.party_index(constraint.owner)
    model.add_row(utilities[r], hi=float(game.batna[r]) - TOL - CROSS)
    return model, utilities


def milp_credibility(game: Game, constraint, proofs: _Proofs) -> Credibility:
    """Both credibility verdicts of :mod:`.credibility`, by MILP."""
    credible_unconditional, best_across = owner_best_across(game, constraint, proofs)
    owner = game.party_index(constraint.owner)
    others = [q for q in range(game.n_parties) if q != owner]
    public = public_line(game, constraint)
    # the owner's own lines are its own to give up: only the others' are held
    own = tuple(c.id for c in game.constraints if c.relaxable and c.owner == constraint.owner)
    crossing = _best_deal(game, owner, proofs, crossing_model(
        game, constraint, drop=own, zopa=others,
        lose_face=[owner] if public else ()), public)
    inside = _best_deal(game, owner, proofs, build_model(
        game, zopa=others, drop=tuple(d for d in own if d != constraint.id)), False)
    batna = float(game.batna[owner]) - TOL
    return Credibility(crossing is None or crossing["value"] < batna, credible_unconditional,
                       best_across, crossing, inside, public)


def _best_deal(game: Game, owner: int, proofs: _Proofs, built, public: bool) -> dict | None:
    """The owner's best package in a model, valued exactly (as the enumeration
    route values it), or None if the model is infeasible. A best within the
    solver's tolerance below the batna is re-checked: does some package reach it?"""
    model, utilities = built

    def valued(package):
        value = owner_values(game, package[None], owner, public, game.effective(package[None]))
        return {"package": game.labels(package), "value": float(value[0])}

    package = proofs.solve(model, utilities[owner].scale(-SCALE))
    if package is None:
        return None
    best, batna = valued(package), float(game.batna[owner])
    if batna - TOL - NEAR <= best["value"] < batna - TOL:
        other = proofs.solve(model, Lin(), [(utilities[owner], batna - TOL, np.inf)])
        if other is not None and valued(other)["value"] > best["value"]:
            best = valued(other)
    return best


def candidate_ideal(game: Game, proofs: _Proofs) -> np.ndarray:
    """Each party's best effective utility over the candidates (feasible,
    every batna met, red lines ignored): the Kalai-Smorodinsky ideal point
    the enumeration route uses."""
    model, utilities = build_model(game, kinds=("feasibility",))
    ideal = np.array(game.batna, float)  # a ratifier's entry is not used
    for p in sides_of(game).table:
        package = _first_candidate(game, proofs, model, utilities[p].scale(-SCALE))
        ideal[p] = game.effective(package[None])[0][p]
    return ideal


def best_score(game: Game, criterion: str, drop=(), ideal=None,
               proofs: _Proofs | None = None) -> float:
    """Best criterion score over the ZOPA with ``drop`` relaxed (0 if empty),
    by the searches of :mod:`negotiation.solvers.milp.search` without their
    tie-breaking stages (only the score matters here)."""
    proofs = proofs or _Proofs()
    model, utilities = build_model(game, drop=drop)
    search = ExactSearch(game, criterion, game.power, model, utilities, None)
    search.ideal = ideal
    expr, package, res = max_min_search(search, np.ones(game.n_parties))  # egalitarian, and "any?"
    if package is None:
        proofs.exact &= res.status == INFEASIBLE
        return 0.0
    _, package, _, gap = criterion_search(search, expr, package, res)
    proofs.exact &= gap < NASH_GAP  # the linear criteria report gap 0
    return search.true_score(package)[1]


def _prices(game, criterion, constraints, jointly, mcs_names, ideal, proofs):
    """(best score with all held, price of each constraint)."""
    base = best_score(game, criterion, ideal=ideal, proofs=proofs) if jointly else 0.0
    prices = []
    for c in constraints:
        # with the red lines in conflict, dropping c alone restores a ZOPA
        # only if {c} is an MCS; otherwise both bests are 0
        if jointly or [c.id] in mcs_names:
            prices.append(best_score(game, criterion, (c.id,), ideal, proofs) - base)
        else:
            prices.append(0.0)
    return base, prices


def analyze_red_lines_milp(game: Game, criterion: str = "nash") -> RedLineAnalysis:
    """The red-line analysis of :mod:`negotiation.solvers.redlines.analysis`, by MILP."""
    proofs = _Proofs()
    constraints = [c for c in game.constraints if c.relaxable]
    names = [c.id for c in constraints]
    jointly = jointly_feasible(game, proofs)
    if jointly:
        masks, relaxation_helps = [], True  # the families {∅} and {}, reported as nothing
        mcs, mus = [], []
    else:
        masks = minimal_correction_sets(game, constraints, proofs)
        relaxation_helps = bool(masks)
        mcs = sorted(mask_members(m, names) for m in masks)
        mus = sorted(mask_members(m, names) for m in minimal_hitting_sets(masks))
    ideal = candidate_ideal(game, proofs) \
        if criterion in NORMALISED and relaxation_helps else None
    base, prices = _prices(game, criterion, constraints, jointly, mcs, ideal, proofs)
    credibility = [milp_credibility(game, c, proofs) for c in constraints]
    lines = red_line_verdicts(game, constraints, prices, credibility, mcs, mus, jointly)
    notes = [] if proofs.exact else ["some MILP solve ended without a proof of optimality"]
    return RedLineAnalysis(jointly, lines, mcs, mus, relaxation_helps, None, float(base),
                           criterion, None, notes, method="milp", exact=proofs.exact)
