"""The expensive sweep measures: SEQ equilibria and whether the best off-ramp holds.

Each is checked two ways: on a three-state graph model whose answers are
derived by hand below, and against a direct call of the solver it stands for
(:func:`negotiation.stability`, :func:`negotiation.hold`) on variants of the
bundled scenarios.
"""
from __future__ import annotations

import pytest

import negotiation
from negotiation.scenario.override import with_values
from negotiation.solvers.offramps import OfframpError, find_offramps, hold
from negotiation.solvers.stability.concepts import stability
from negotiation.sweeps import resolve, sweep

# Three feasible states (x, y): the deal (a0, b0), A's deviation (a1, b0), B's answer
# (a1, b1); (a0, b1) is infeasible, so A cannot move from (a1, b1) and B not from
# (a0, b0). Utilities (weights 1:1 normalised to halves), with A paying `snap`
# wherever x != a0:
#   A: (a0, b0) 0.5   (a1, b0) 0.8 - snap   (a1, b1) 0.6 - snap
#   B: (a0, b0) 0.5   (a1, b0) 0.3          (a1, b1) 0.4
# SEQ at the deal: A's move to (a1, b0) is an improvement while snap < 0.3; B's
# credible answer (0.3 -> 0.4) sanctions it when 0.6 - snap <= 0.5, so the deal is
# SEQ-stable exactly when snap >= 0.1. Nash-stable only when A has no improvement
# at all: snap >= 0.3. (a1, b1) is always SEQ-stable (A cannot move, B's only move
# loses); (a1, b0) never (B improves to (a1, b1), where A cannot answer). So SEQ
# equilibria: 1 for snap < 0.1, 2 from 0.1 (the deal joins). With A's batna
# `outside` above 0.5 the deal leaves the zone: there is no off-ramp.
THREE = """
format: negotiation/1
title: three states, a snap-back and an outside option
parameters:
  snap: {value: 0, range: [0, 0.5]}
  outside: {value: 0, range: [0, 1]}
parties: {a: {batna: outside}, b: {}}
issues:
  x: {options: [a0, a1], status_quo: a0, controlled_by: a}
  y: {options: [b0, b1], status_quo: b0, controlled_by: b}
preferences:
  a:
    weights: {x: 1, y: 1}
    scores: {x: {a0: 0.4, a1: 1.0}, y: {b0: 0.6, b1: 0.2}}
    adjustments: [{when: "x != a0", add: -snap}]
  b:
    weights: {x: 1, y: 1}
    scores: {x: {a0: 0.5, a1: 0.1}, y: {b0: 0.5, b1: 0.7}}
constraints:
  - {id: no_b1_at_a0, kind: feasibility, rule: "x == a0 -> y == b0"}
offramp: {for: a, requires: x == a0}
"""
SNAPS = [0.0, 0.05, 0.15, 0.25, 0.4]
MEASURES = ["offramp_holds", "offramp_holds:nash", "equilibria_count:seq"]


@pytest.fixture(scope="module")
def three():
    return negotiation.loads(THREE)


def test_the_three_state_case_by_hand(three):
    table = sweep(three, vary={"snap": SNAPS, "outside": [0.0, 0.7]}, measures=MEASURES,
                  progress=False)
    inside = table[table["outside"] == 0.0]
    assert inside["offramp_holds"].tolist() == [False, False, True, True, True]
    assert inside["offramp_holds:nash"].tolist() == [False, False, False, False, True]
    assert inside["equilibria_count:seq"].tolist() == [1, 1, 2, 2, 2]
    outside = table[table["outside"] == 0.7]  # no off-ramp: nothing to hold
    assert not outside["offramp_holds"].any() and not outside["offramp_holds:nash"].any()
    assert outside["equilibria_count:seq"].tolist() == [1, 1, 2, 2, 2]  # batna plays no part


def _direct_holds(scenario, concept: str) -> bool:
    if not find_offramps(scenario, k=1, details=False, stability=False).exists:
        with pytest.raises(OfframpError):
            hold(scenario, fixes=False)  # the solver itself refuses: no off-ramp
        return False
    return bool(hold(scenario, concept=concept, fixes=False).stable[concept])


def _direct_seq_count(scenario) -> int:
    return len(stability(scenario, concepts=("seq",)).equilibria("seq"))


@pytest.mark.parametrize("name, concept", [("cuban_1962_bargaining", "seq"),
                                           ("standoff", "seq"), ("standoff", "nash")])
def test_the_measures_are_the_solvers_on_each_variant(name, concept):
    scenario = negotiation.load(name)
    holds = "offramp_holds" if concept == "seq" else f"offramp_holds:{concept}"
    table = sweep(scenario, measures=[holds, "equilibria_count:seq"], method="random",
                  samples=8, seed=3, progress=False)
    names = list(scenario.parameters)
    for _, row in table.iterrows():
        variant = with_values(scenario, {p: float(row[p]) for p in names})
        assert row[holds] == _direct_holds(variant, concept)
        assert row["equilibria_count:seq"] == _direct_seq_count(variant)


def test_the_cuban_variants_are_mixed_so_the_comparison_can_fail():
    table = sweep("cuban_1962_bargaining", measures=["offramp_holds", "equilibria_count:seq"],
                  method="random", samples=8, seed=3, progress=False)
    assert table["offramp_holds"].nunique() == 2
    assert table["equilibria_count:seq"].nunique() > 1


def test_plain_name_is_seq_and_unknown_concepts_are_refused():
    assert resolve("offramp_holds").name == "offramp_holds"
    assert resolve("offramp_holds:SEQ").name == "offramp_holds:seq"
    with pytest.raises(ValueError, match="unknown stability concept"):
        resolve("offramp_holds:nope")


def test_a_scenario_without_an_offramp_is_refused():
    with pytest.raises(ValueError, match="declares no off-ramp"):
        sweep("garrison", vary={"parties.uss.batna": [0.0]}, measures=["offramp_holds"],
              progress=False)
