"""Two-level games: the sides of the table, ratifiers, win-sets, tying hands.

Entry point :func:`two_level`. The structure (who sits at the table, on which
side, who ratifies whose agreements) is :mod:`negotiation.sides`; every
bargaining analysis already counts sides and holds the ratifiers' approvals.
This package measures what the ratifiers do (definitions and references in
``docs/concepts/two-level-games.md``):

* **win-set** of a party (Putnam 1988, "Diplomacy and domestic politics: the
  logic of two-level games", *International Organization* 42: 427-460): the
  packages on the table (feasible, every red line and condition held) that
  all its ratifiers approve. The zone of possible agreement is the
  intersection of the win-sets with every batna at the table.
* a ratifier **binds** a solution when dropping its approval alone changes
  the package the solution picks.
* **Schelling's conjecture** (Schelling 1960, *The Strategy of Conflict*,
  ch. 2: the power to bind oneself; Putnam 1988; Tarar 2001, "International
  bargaining with two-sided domestic constraints", *Journal of Conflict
  Resolution* 45: 320-340), measured: for each solution, how far the
  ratifier moves it towards the party it ratifies: that party's utility with
  the approval held minus with it dropped (on the party's own scale, and as
  a share of its best gain in the zone without the approval).
* **tying hands**: the ratified party's utility at a solution as the
  ratifier's bar (the batna its approval asks for) rises, scanned over the
  ratifier's utilities in the zone; the party gains by empowering its
  ratifier when a higher bar than the declared one serves it better (Tarar
  2001: up to the point where the bar leaves no deal).
* **sides**: each side's members and their exponents in the Nash products,
  and the solutions that differ when every party counts alone.

The solutions use :func:`negotiation.solve` (enumeration or MILP by
``method``); the win-sets and the threshold scan enumerate.
"""
from __future__ import annotations

from negotiation.inputs import as_game
from negotiation.results import per_party
from negotiation.sides import approvals_of, sides_of
from negotiation.solvers.agreement import solve
from negotiation.solvers.criteria import check_criterion
from negotiation.solvers.methods import choose_method
from negotiation.solvers.names import CRITERIA
from negotiation.solvers.sides.analysis import approval_ids, best_gains, threshold_scan, win_sets
from negotiation.solvers.sides.results import TwoLevel

__all__ = ["TwoLevel", "two_level"]


def two_level(scenario, criterion: str = "nash", method: str = "auto", drop=(),
              values=None) -> TwoLevel:
    """Sides, ratifiers, win-sets, binding ratifiers, Schelling's conjecture
    measured and tying hands (definitions in the module docstring).

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario, its compiled game, or a path / bundled name.
    criterion : str
        The solution whose tying-hands scan is reported (``nash`` default);
        the Schelling shifts are reported for every solution.
    method : {"auto", "enumerate", "milp"}
        How the solutions are found; the win-sets and the threshold scan
        need enumeration (None beyond the enumeration limit).
    drop : sequence of str
        Red lines, conditions or approvals given up first (their ids).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    TwoLevel

    Examples
    --------
    >>> import negotiation
    >>> negotiation.two_level("standoff").ratifiers
    ()
    """
    check_criterion(criterion)
    game = as_game(scenario, values, what="two_level")
    game.require_cardinal("the two-level analysis")
    game = game.without(drop)
    sides = sides_of(game)
    enumerate_ = choose_method(game, method) == "enumerate"
    every = solve(game, "all", method=method)
    ids = approval_ids(game)
    free = solve(game, "all", method=method, drop=ids) if ids else every
    alone = {a: solve(game, "all", method=method, drop=(a,)) for a in ids}
    approvals = {c.id: c for c in approvals_of(game)}
    gains = {a: best_gains(game, (a,)) for a in ids} if enumerate_ else {}
    shifts: list[dict] = []
    binding: dict[str, list[str]] = {name: [] for name in CRITERIA}
    for a, without in alone.items():
        c = approvals[a]
        for name in CRITERIA:
            held, dropped = every[name], without[name]
            if held.package != dropped.package:
                binding[name].append(a)
            shifts.append(_shift(game, c, name, held, dropped, gains.get(a)))
    scans = [_scan_entry(game, approvals[a], criterion, every[criterion], free[criterion])
             for a in ids] if enumerate_ else []
    return TwoLevel(
        criterion=criterion, sides=sides.members, declared=sides.declared,
        exponents=per_party(game.party_ids, sides.exponents()),
        power_exponents=per_party(game.party_ids, sides.exponents(game.power)),
        ratifiers=tuple(_ratifier(game, approvals[a]) for a in ids),
        zone={"with_ratifiers": every.zopa_size, "without_ratifiers": free.zopa_size},
        win_sets=win_sets(game) if enumerate_ else None,
        solutions={"with_ratifiers": _package(every[criterion]),
                   "without_ratifiers": _package(free[criterion])},
        binding=binding, schelling=tuple(shifts), tying_hands=tuple(scans),
        by_party={n: {"by_side": s.package, "by_party": s.by_party.package,
                      "why": s.by_party_why}
                  for n, s in every.items() if s.by_party is not None},
        method="enumerate" if enumerate_ else "milp")


def _ratifier(game, c) -> dict:
    r = game.party_index(c.owner)
    return {"ratifier": c.owner, "ratifies": c.party,
            "when": None if c.when is None else str(c.when), "batna": float(game.batna[r])}


def _package(solution) -> dict | None:
    if not solution.found:
        return None
    return {"package": solution.package, "utilities": solution.utilities}


def _shift(game, c, name, held, dropped, gains) -> dict:
    """How far the approval moves one solution towards the party it ratifies."""
    entry = {"ratifier": c.owner, "party": c.party, "solution": name,
             "with": None if not held.found else held.utilities[c.party],
             "without": None if not dropped.found else dropped.utilities[c.party],
             "shift": None, "normalised_shift": None}
    if held.found and dropped.found:
        shift = entry["with"] - entry["without"]
        entry["shift"] = shift
        p = game.party_index(c.party)
        if gains is not None and gains[p] > 0:
            entry["normalised_shift"] = shift / gains[p]
    return entry


def _scan_entry(game, c, criterion, held, free) -> dict:
    """The tying-hands entry of one ratifier: the scan of its bar, and the verdicts."""
    p = game.party_index(c.party)
    declared = held.utilities[c.party] if held.found else float(game.batna[p])
    without = free.utilities[c.party] if free.found else float(game.batna[p])
    entry = {"ratifier": c.owner, "party": c.party, "solution": criterion,
             "declared_batna": float(game.batna[game.party_index(c.ratifier)]),
             "at_declared": declared, "without_ratifiers": without}
    scan = threshold_scan(game, c, criterion)
    if scan is None:
        return {**entry, "best_threshold": None, "best_utility": None, "thresholds": [],
                "utilities": [], "no_deal_above": None, "tying_hands_pays": False,
                "empowering_helps": False}
    return {**entry, **scan, "tying_hands_pays": bool(declared > without + 1e-9),
            "empowering_helps": bool(scan["best_utility"] > declared + 1e-9)}
