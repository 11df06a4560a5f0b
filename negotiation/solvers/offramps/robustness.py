"""How robust an off-ramp is to the declared parameters.

Definition. An off-ramp survives a parameter value when, with that one
parameter changed (all others at their current values), it is still an
off-ramp. Red lines, conditions and the backing-down requirement are rules
on packages and do not depend on parameters, so the off-ramp dies exactly
when some party's effective utility falls below its batna (a ratifier's
only where its approval is needed: :mod:`negotiation.sides`). The
**robustness** of an off-ramp is the smallest change of any single declared
parameter, within its declared range, that destroys it, measured relative to
that range (parameters come in different units: a change of 0.1 in a
probability and in a cost are not comparable, a tenth of each range is); an
off-ramp no single change within the ranges destroys is robust across them.

Search. Each parameter's range is scanned on a grid (``GRID`` points plus the
current value); on each side of the current value the crossing between the
nearest surviving and the nearest failing grid point is located by
bisection to ``XTOL`` of the range. This is a numerical search: a failure
window narrower than the grid step can be missed (the utilities are sums
of arbitrary arithmetic expressions of the parameters, so there is no
closed form in general); the grid step is reported.

Evaluation. All the values of all the parameters are evaluated together
through the vectorised variant path (:mod:`negotiation.variants`: one
variant per value, the others at their current values; the bisections of
every parameter, package and side advance in step, one block of variants
per halving), instead of recompiling the game for each value. A variant that
:meth:`Scenario.with_parameters` would refuse (an expression that cannot be
evaluated there, a weight that turns negative, a war's chances) is decided
by recompiling it, as :func:`below_batna` does: the answers are the same.
"""
from __future__ import annotations

import numpy as np

from negotiation.arrays import distinct_sorted
from negotiation.game import TOL, compile_game
from negotiation.scenario import Scenario
from negotiation.sides import approvals_of
from negotiation.solvers.offramps.parts import Robustness
from negotiation.variants import Baseline

GRID = 101
XTOL = 1e-7  # bisection tolerance, as a fraction of the parameter's range
_EVAL_ERRORS = (ValueError, ZeroDivisionError, OverflowError, ArithmeticError)


def below_batna(scenario: Scenario, packages: np.ndarray, name: str, value: float):
    """(packages, parties) booleans: who falls below its batna at ``name = value``.

    None where the scenario's expressions cannot be evaluated at that value.
    One value, by recompiling the game (the definition; :class:`_Variants`
    evaluates many values at once and gives the same answers)."""
    try:
        game = compile_game(scenario, {name: float(value)})
        below: np.ndarray = game.effective(packages) < game.batna - TOL
        for c in approvals_of(game):  # a ratifier counts where its approval is needed
            below[:, game.party_index(c.ratifier)] &= c.needed(game, packages)
        return below
    except _EVAL_ERRORS:
        return None


class _Variants:
    """Who falls below its batna, for many (parameter, value) changes of one
    scenario at once, at the given packages."""

    def __init__(self, scenario: Scenario, packages: np.ndarray, names: list[str]):
        self.scenario, self.packages, self.names = scenario, packages, names
        self.base = Baseline(scenario, packages)

    def below(self, changed: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(changes, packages, parties) booleans and (changes,) refusals for
        parameter ``names[changed[i]]`` set to ``values[i]``, one at a time."""
        current = self.scenario.values
        frame = {n: np.where(changed == j, values, current[n]) for j, n in enumerate(self.names)}
        try:
            block = self.base.block(frame, check=False)
            refused = block.invalid()
            with np.errstate(all="ignore"):  # refused variants may compute inf or nan
                below = (block.effective < block.batna[:, None, :] - TOL) & block.base.needed
        except _EVAL_ERRORS:  # the block as a whole failed: every variant alone
            refused = np.ones(len(values), dtype=bool)
            below = np.zeros((len(values), len(self.packages), self.base.game.n_parties), bool)
        for v in np.flatnonzero(refused):  # decided as below_batna decides them
            exact = below_batna(self.scenario, self.packages, self.names[changed[v]], values[v])
            refused[v] = exact is None
            below[v] = False if exact is None else exact
        return below, refused


def _first_failure(values, dead, current):
    """Nearest failing grid value on each side of ``current`` and the last
    surviving value before it: {'down'|'up': (alive_at, dead_at)}."""
    found = {}
    for side, pick in (("down", values < current), ("up", values > current)):
        idx = np.flatnonzero(pick)
        idx = idx[::-1] if side == "down" else idx
        alive_at = current
        for i in idx:
            if dead[i]:
                found[side] = (alive_at, float(values[i]))
                break
            alive_at = float(values[i])
    return found


def _grids(ranged) -> list[np.ndarray]:
    return [distinct_sorted(np.append(np.linspace(p.range[0], p.range[1], GRID), p.value))
            for p in ranged]


def _scan(variants: _Variants, grids: list[np.ndarray]) -> list[np.ndarray]:
    """Per parameter, (values, packages) booleans: the off-ramp dies there."""
    changed = np.concatenate([np.full(len(g), j) for j, g in enumerate(grids)])
    below, refused = variants.below(changed, np.concatenate(grids))
    dead = refused[:, None] | below.any(axis=2)
    return np.split(dead, np.cumsum([len(g) for g in grids])[:-1])


def _bisect(variants: _Variants, brackets: list[tuple], xtol: np.ndarray) -> np.ndarray:
    """Narrow every bracket (parameter, package, alive_at, dead_at) to its
    crossing, all in step; returns the failing ends."""
    which = np.array([b[0] for b in brackets], dtype=int)
    package = np.array([b[1] for b in brackets], dtype=int)
    alive = np.array([b[2] for b in brackets], dtype=float)
    dead = np.array([b[3] for b in brackets], dtype=float)
    for _ in range(200):
        active = np.flatnonzero(np.abs(dead - alive) > xtol[which])
        if not len(active):
            break
        mid = 0.5 * (alive[active] + dead[active])
        below, refused = variants.below(which[active], mid)
        fails = refused | below[np.arange(len(active)), package[active]].any(axis=1)
        dead[active[fails]] = mid[fails]
        alive[active[~fails]] = mid[~fails]
    return dead


def robustness(scenario: Scenario, packages: np.ndarray) -> list[Robustness]:
    """Per package: where each ranged parameter destroys it, and the weakest one."""
    packages = np.atleast_2d(packages)
    ranged = [p for p in scenario.parameters.values() if p.range and p.range[1] > p.range[0]]
    if not ranged or not len(packages):
        return [Robustness(None, {}, GRID) for _ in range(len(packages))]
    variants = _Variants(scenario, packages, [p.name for p in ranged])
    grids = _grids(ranged)
    brackets, where = [], []
    for j, (parameter, values, dead) in enumerate(zip(ranged, grids, _scan(variants, grids))):
        for n in range(len(packages)):
            for side, (alive_at, dead_at) in _first_failure(values, dead[:, n],
                                                            parameter.value).items():
                brackets.append((j, n, alive_at, dead_at))
                where.append((n, parameter.name, side))
    xtol = np.array([XTOL * (p.range[1] - p.range[0]) for p in ranged])
    crossings = _bisect(variants, brackets, xtol) if brackets else np.zeros(0)
    per_package: list[dict[str, dict]] = [
        {p.name: {"value": p.value, "range": list(p.range), "breaks_below": None,
                  "breaks_above": None} for p in ranged} for _ in range(len(packages))]
    for (n, name, side), crossing in zip(where, crossings):
        per_package[n][name]["breaks_below" if side == "down" else "breaks_above"] = \
            float(crossing)
    return _reported(variants, per_package)


def _reported(variants: _Variants, per_package: list[dict]) -> list[Robustness]:
    """Each package's entries with its weakest parameter and who falls below."""
    weakest = [_weakest(entries) for entries in per_package]
    hit = {n: w for n, w in enumerate(weakest) if w is not None}
    if hit:
        changed = np.array([variants.names.index(w["parameter"]) for w in hit.values()])
        below, refused = variants.below(changed, np.array([w["breaks_at"]
                                                           for w in hit.values()]))
        parties = variants.base.game.party_ids
        for v, (n, w) in enumerate(hit.items()):
            w["falls_below_batna"] = (
                [] if refused[v] else [p for p, b in zip(parties, below[v, n]) if b])
    return [Robustness(w, entries, GRID) for w, entries in zip(weakest, per_package)]


def _weakest(entries: dict) -> dict | None:
    """The smallest destroying move relative to its parameter's declared range
    (parameters have different units: the range is the common scale)."""
    weakest = None
    for name, e in entries.items():
        for key in ("breaks_below", "breaks_above"):
            if e[key] is not None:
                change = abs(e[key] - e["value"])
                relative = change / (e["range"][1] - e["range"][0])
                if weakest is None or relative < weakest["relative_change"] - 1e-12:
                    weakest = {"parameter": name, "breaks_at": e[key], "change": change,
                               "relative_change": relative}
    return weakest
