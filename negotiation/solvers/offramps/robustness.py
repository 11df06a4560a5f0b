"""How robust an off-ramp is to the declared parameters.

Definition. An off-ramp survives a parameter value when, with that one
parameter changed (all others at their current values), it is still an
off-ramp. Red lines, conditions and the backing-down requirement are rules
on packages and do not depend on parameters, so the off-ramp dies exactly
when some party's effective utility falls below its batna. The
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
"""
from __future__ import annotations

import numpy as np

from negotiation.game import TOL, compile_game
from negotiation.scenario import Scenario
from negotiation.solvers.offramps.parts import Robustness

GRID = 101
XTOL = 1e-7  # bisection tolerance, as a fraction of the parameter's range
_EVAL_ERRORS = (ValueError, ZeroDivisionError, OverflowError, ArithmeticError)


def below_batna(scenario: Scenario, packages: np.ndarray, name: str, value: float):
    """(packages, parties) booleans: who falls below its batna at ``name = value``.

    None where the scenario's expressions cannot be evaluated at that value."""
    try:
        game = compile_game(scenario, {name: float(value)})
        return game.effective(packages) < game.batna - TOL
    except _EVAL_ERRORS:
        return None


def _bisect(scenario, package, name, alive_at, dead_at, xtol):
    """Narrow [alive_at, dead_at] to the crossing; returns the failing end."""
    for _ in range(200):
        if abs(dead_at - alive_at) <= xtol:
            break
        mid = 0.5 * (alive_at + dead_at)
        below = below_batna(scenario, package[None, :], name, mid)
        if below is None or below.any():
            dead_at = mid
        else:
            alive_at = mid
    return dead_at


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


def _scan(scenario: Scenario, packages: np.ndarray, parameter):
    lo, hi = parameter.range
    values = np.unique(np.append(np.linspace(lo, hi, GRID), parameter.value))
    dead = np.zeros((len(values), len(packages)), dtype=bool)
    for g, v in enumerate(values):
        below = below_batna(scenario, packages, parameter.name, v)
        dead[g] = True if below is None else below.any(axis=1)
    return values, dead


def robustness(scenario: Scenario, packages: np.ndarray) -> list[Robustness]:
    """Per package: where each ranged parameter destroys it, and the weakest one."""
    packages = np.atleast_2d(packages)
    per_package: list[dict[str, dict]] = [{} for _ in range(len(packages))]  # name -> entry
    ranged = [p for p in scenario.parameters.values() if p.range and p.range[1] > p.range[0]]
    for parameter in ranged:
        values, dead = _scan(scenario, packages, parameter)
        xtol = XTOL * (parameter.range[1] - parameter.range[0])
        for n, package in enumerate(packages):
            entry = {"value": parameter.value, "range": list(parameter.range),
                     "breaks_below": None, "breaks_above": None}
            for side, (alive_at, dead_at) in _first_failure(values, dead[:, n],
                                                            parameter.value).items():
                crossing = _bisect(scenario, package, parameter.name, alive_at, dead_at, xtol)
                entry["breaks_below" if side == "down" else "breaks_above"] = crossing
            per_package[n][parameter.name] = entry
    game = compile_game(scenario)
    return [Robustness(_weakest(scenario, game, package, entries), entries, GRID)
            for package, entries in zip(packages, per_package)]


def _weakest(scenario, game, package, entries: dict) -> dict | None:
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
    if weakest is not None:
        below = below_batna(scenario, package[None, :], weakest["parameter"],
                            weakest["breaks_at"])
        weakest["falls_below_batna"] = ([] if below is None else
                                        [p for p, b in zip(game.party_ids, below[0]) if b])
    return weakest
