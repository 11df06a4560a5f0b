"""Explaining a package: who concedes what, which constraints are tight, the closest miss.

* **Who concedes what.** For each issue where the package differs from the
  status quo, each party's change of utility contribution on that issue
  (its per-option entry of ``game.tables``, weight x score): the parties who
  gain are favoured by the change, those who lose lose on it, and the
  controller concedes it when it is among them (:mod:`.parts`). Utility from
  interaction terms (``adjustments``) cannot be split by issue and is
  reported apart.
* **Tight constraint.** A constraint that a package satisfies is *tight* at
  it when changing one issue of the package (to any other option) would
  break it: the package sits on the constraint's boundary, and the issues
  whose change breaks it are listed. A party's batna is tight in the same
  sense when a one-issue change takes its effective utility below its
  batna. A constraint that no one-issue change can break is slack.
* **Closest miss** (when no off-ramp exists), two readings, both reported
  where they exist: (a) the acceptable package meeting the requirement whose
  total shortfall below the batnas, ``sum_i max(0, d_i - u_i)``, is
  smallest, and which batnas it misses by how much; (b) the feasible
  package meeting the requirement and every batna that breaks the fewest red
  lines and conditions, and which. Ties go to the package with the larger
  Nash product over the batnas that are met, then to the lexicographically
  smaller package.
"""
from __future__ import annotations

import numpy as np

from negotiation.game import TOL, Game
from negotiation.results import per_party
from negotiation.sides import sides_of
from negotiation.solvers.criteria import criterion_scores
from negotiation.solvers.offramps.parts import IssueChange, PackageExplanation


def issue_changes(game: Game, package: np.ndarray) -> tuple[IssueChange, ...]:
    """Every issue that moves from the status quo, and whom the move favours."""
    changes = []
    for k, issue in enumerate(game.issue_ids):
        old, new = int(game.status_quo[k]), int(package[k])
        if old == new:
            continue
        delta = game.tables[game.offsets[k] + new] - game.tables[game.offsets[k] + old]
        deltas = per_party(game.party_ids, delta)
        controller = game.controllers[k]
        changes.append(IssueChange(
            issue, game.option_ids[k][old], game.option_ids[k][new],
            game.party_ids[controller] if controller is not None else None, deltas,
            tuple(p for p, d in deltas.items() if d > TOL),
            tuple(p for p, d in deltas.items() if d < -TOL)))
    return tuple(changes)


def interaction_deltas(game: Game, package: np.ndarray) -> dict:
    """Utility change not explained issue by issue (adjustments), per party."""
    if not game.adjustments:
        return {}
    both = np.stack([game.status_quo, package])
    raw = game.utilities(both)
    per_issue = game.issue_utilities(both)
    extra = (raw[1] - per_issue[1]) - (raw[0] - per_issue[0])
    return {p: float(x) for p, x in zip(game.party_ids, extra) if abs(x) > TOL}


def one_issue_neighbours(game: Game, package: np.ndarray):
    """Every package differing from ``package`` on exactly one issue, and that issue."""
    rows, issues = [], []
    for k, n in enumerate(game.n_options):
        for option in range(int(n)):
            if option != package[k]:
                row = package.copy()
                row[k] = option
                rows.append(row)
                issues.append(k)
    return np.array(rows, dtype=package.dtype).reshape(-1, game.n_issues), np.array(issues)


def tight_constraints(game: Game, package: np.ndarray) -> dict:
    """Constraints held at the package that a one-issue change would break."""
    neighbours, issue_of = one_issue_neighbours(game, package)
    held = game.satisfied(package[None, :])[0]
    broken = ~game.satisfied(neighbours) if len(neighbours) else np.zeros((0, len(held)), bool)
    tight = {}
    for j, c in enumerate(game.constraints):
        if held[j] and broken[:, j].any():
            tight[c.id] = sorted({game.issue_ids[k] for k in issue_of[broken[:, j]]})
    return tight


def tight_batnas(game: Game, package: np.ndarray) -> dict:
    """Parties whose batna a one-issue change would break, and those issues."""
    neighbours, issue_of = one_issue_neighbours(game, package)
    if not len(neighbours):
        return {}
    below = game.effective(neighbours) < sides_of(game).floor(game.batna)  # ratifiers: approvals
    return {p: sorted({game.issue_ids[k] for k in issue_of[below[:, q]]})
            for q, p in enumerate(game.party_ids) if below[:, q].any()}


def explain_package(game: Game, package: np.ndarray) -> PackageExplanation:
    """Who moves what, utility not explained issue by issue, what is tight."""
    package = np.asarray(package, dtype=np.int16)
    return PackageExplanation(issue_changes(game, package), interaction_deltas(game, package),
                              tight_constraints(game, package), tight_batnas(game, package))


def _pick(game: Game, packages, primary, u) -> int:
    """Smallest primary key, then larger Nash product, then smaller package."""
    index = game.encode(packages)
    nash = criterion_scores("nash", u, game.batna, sides=sides_of(game))
    return int(np.lexsort((index, -nash, primary))[0])


def _batna_miss(game: Game, pool, u, meets_rule) -> dict | None:
    ok = game.acceptable(pool) & meets_rule
    if not ok.any():
        return None
    cand, cu = pool[ok], u[ok]
    short = np.maximum(sides_of(game).floor(game.batna) + TOL - cu, 0.0)  # at the table
    i = _pick(game, cand, short.sum(axis=1), cu)
    return {"package": game.labels(cand[i]),
            "utilities": dict(zip(game.party_ids, map(float, cu[i]))),
            "shortfalls": {p: float(s) for p, s in zip(game.party_ids, short[i]) if s > TOL},
            "total_shortfall": float(short[i].sum())}


def _constraint_miss(game: Game, pool, u, meets_rule) -> dict | None:
    ok = game.meets_batna(u) & meets_rule
    if not ok.any():
        return None
    relaxable = [c for c in game.constraints if c.relaxable]
    cand, cu = pool[ok], u[ok]
    broken = ~game.satisfied(cand, relaxable)
    i = _pick(game, cand, broken.sum(axis=1), cu)
    return {"package": game.labels(cand[i]),
            "utilities": dict(zip(game.party_ids, map(float, cu[i]))),
            "broken": [{"id": c.id, "owner": c.owner, "kind": c.kind}
                       for c, b in zip(relaxable, broken[i]) if b]}


def closest_miss(game: Game, rule, party: str) -> dict:
    """The packages that come nearest to an off-ramp (definitions above)."""
    pool = game.feasible_packages
    meets_rule = game.holds(rule, pool)
    u = game.effective(pool)
    by_batna = _batna_miss(game, pool, u, meets_rule)
    by_constraint = _constraint_miss(game, pool, u, meets_rule)
    parts = []
    if by_batna:
        gaps = ", ".join(f"{p} by {s:.3f}" for p, s in by_batna["shortfalls"].items())
        parts.append(f"The nearest acceptable package misses the batna of {gaps}.")
    if by_constraint:
        ids = ", ".join(b["id"] for b in by_constraint["broken"])
        parts.append(f"The nearest package that every party prefers to its batna breaks "
                     f"{len(by_constraint['broken'])} red line(s) or condition(s): {ids}.")
    if not parts:
        parts.append(f"No feasible package in which {party} backs down meets every batna or "
                     "every red line, even taken separately.")
    return {"by_batna": by_batna, "by_constraints": by_constraint, "summary": " ".join(parts)}
