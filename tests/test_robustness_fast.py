"""Off-ramp robustness by the vectorised variant path equals the recompile route.

The reference below is the definition computed one value at a time: each
grid value and each bisection step recompiles the game with that one
parameter changed (:func:`below_batna`).
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from random_scenarios import scenario_yaml

import negotiation
from negotiation.game import compile_game
from negotiation.solvers.offramps.parts import Robustness
from negotiation.solvers.offramps.robustness import (
    GRID,
    XTOL,
    _Variants,
    below_batna,
    robustness,
)


def _bisect(scenario, package, name, alive_at, dead_at, xtol):
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


def _entry(scenario, package, parameter):
    values = np.unique(np.append(np.linspace(*parameter.range, GRID), parameter.value))
    entry = {"value": parameter.value, "range": list(parameter.range),
             "breaks_below": None, "breaks_above": None}
    xtol = XTOL * (parameter.range[1] - parameter.range[0])
    for key, side in (("breaks_below", values < parameter.value),
                      ("breaks_above", values > parameter.value)):
        order = np.flatnonzero(side)[::-1] if key == "breaks_below" else np.flatnonzero(side)
        alive_at = parameter.value
        for i in order:
            below = below_batna(scenario, package[None, :], parameter.name, values[i])
            if below is None or below.any():
                entry[key] = _bisect(scenario, package, parameter.name, alive_at,
                                     float(values[i]), xtol)
                break
            alive_at = float(values[i])
    return entry


def recompiled(scenario, packages) -> list[dict]:
    """The robustness of each package, recompiling the game per value."""
    ranged = [p for p in scenario.parameters.values() if p.range and p.range[1] > p.range[0]]
    parties = compile_game(scenario).party_ids
    out = []
    for package in np.atleast_2d(packages):
        entries = {p.name: _entry(scenario, package, p) for p in ranged}
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
                                            [p for p, b in zip(parties, below[0]) if b])
        out.append(Robustness(weakest, entries, GRID).to_data())
    return out


def some_packages(scenario, k=4):
    z = negotiation.zopa(scenario)
    pool = z.packages if len(z.packages) else compile_game(scenario).feasible_packages
    return pool[np.linspace(0, len(pool) - 1, min(k, len(pool))).astype(int)]


@pytest.mark.parametrize("name", ["ukraine_2022", "standoff", "logroll", "fearon_pie"])
def test_bundled_scenarios(name):
    scenario = negotiation.load(name)
    packages = some_packages(scenario, 3 if name == "ukraine_2022" else 5)
    assert [r.to_data() for r in robustness(scenario, packages)] == \
        recompiled(scenario, packages)


def test_off_ramps_outside_the_zone():
    # packages the scenario's red lines exclude (as off-ramps found with drop=)
    scenario = negotiation.load("ukraine_2022")
    game = compile_game(scenario)
    outside = game.feasible_packages[~game.acceptable(game.feasible_packages)][:3]
    assert [r.to_data() for r in robustness(scenario, outside)] == \
        recompiled(scenario, outside)


REFUSED = """\
format: negotiation/1
title: a weight that turns negative
parameters:
  w: {value: 0.5, range: [-0.5, 1.0]}
  b: {value: 0.2, range: [0.0, 0.9]}
parties:
  a: {batna: b}
  c: {batna: 0.1}
issues:
  x: {options: [x0, x1], status_quo: x0}
  y: {options: [y0, y1], status_quo: y0}
preferences:
  a: {weights: {x: w, y: 1}, scores: {x: {x0: 0, x1: 1}, y: {y0: 0.2, y1: 0.6}}}
  c: {weights: {x: 1, y: 1}, scores: {x: {x0: 1, x1: 0.5}, y: {y0: 0.4, y1: 1}}}
"""


def test_refused_variants_are_decided_by_recompiling():
    # below w = 0 the weight is refused: those values destroy every package
    scenario = negotiation.loads(REFUSED)
    packages = compile_game(scenario).feasible_packages
    variants = _Variants(scenario, packages, ["w", "b"])
    below, refused = variants.below(np.array([0, 0, 1]), np.array([-0.25, 0.25, 0.5]))
    assert refused.tolist() == [True, False, False]
    assert [r.to_data() for r in robustness(scenario, packages)] == \
        recompiled(scenario, packages)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_yaml(max_parties=3, max_issues=3, max_constraints=2))
def test_random_scenarios(text):
    scenario = negotiation.loads(text)
    packages = compile_game(scenario).feasible_packages[:3]
    assert [r.to_data() for r in robustness(scenario, packages)] == \
        recompiled(scenario, packages)
