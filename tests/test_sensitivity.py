"""Sobol and Morris indices (SALib) and the tornado, on closed-form cases."""
from __future__ import annotations

import numpy as np
import pytest

import negotiation
from negotiation.game import compile_game
from negotiation.sweeps import Measure, sensitivity, tornado

# Parameters a, b, c uniform on [0, 1]; the first party's batna is a + 2b,
# and c enters nothing that the measure reads.
ADDITIVE = """
format: negotiation/1
title: additive test function
parameters:
  a: {value: 0.5, range: [0, 1]}
  b: {value: 0.5, range: [0, 1]}
  c: {value: 0.5, range: [0, 1]}
parties:
  x: {batna: "a + 2 * b"}
  y: {batna: c}
issues: {i: {options: [p, q]}}
preferences:
  x: {weights: {i: 1}, scores: {i: {p: 0, q: 1}}}
  y: {weights: {i: 1}, scores: {i: {p: 1, q: 0}}}
"""


@pytest.fixture(scope="module")
def additive():
    return negotiation.loads(ADDITIVE)


def batna_of_x(scenario) -> float:
    """A custom measure: Y = a + 2b."""
    return float(compile_game(scenario).batna[0])


# the same measure on the fast path: a block of variants at once
FAST_Y = Measure("y", batna_of_x, lambda block: block.batna[:, 0])


def test_sobol_indices_of_an_additive_function_match_the_analytic_values(additive):
    # Var(a) = 1/12, Var(2b) = 4/12: S1 = ST = 1/5 and 4/5 (no interactions); c: 0
    table = sensitivity(additive, FAST_Y, method="sobol", n=4096, seed=1).set_index("parameter")
    assert table.loc["a", "S1"] == pytest.approx(0.2, abs=0.03)
    assert table.loc["b", "S1"] == pytest.approx(0.8, abs=0.03)
    assert table.loc["a", "ST"] == pytest.approx(0.2, abs=0.03)
    assert table.loc["b", "ST"] == pytest.approx(0.8, abs=0.03)
    assert abs(table.loc["c", "S1"]) < 0.02 and abs(table.loc["c", "ST"]) < 0.02
    assert list(table.columns) == ["S1", "S1_conf", "ST", "ST_conf"]


def test_the_plain_measure_gives_the_same_sobol_indices(additive):
    fast = sensitivity(additive, FAST_Y, vary=["a", "b"], n=64, seed=2)
    plain = sensitivity(additive, batna_of_x, vary=["a", "b"], n=64, seed=2)
    np.testing.assert_allclose(fast[["S1", "ST"]], plain[["S1", "ST"]], atol=1e-12)


def test_morris_effects_of_a_linear_function_are_its_slopes(additive):
    # elementary effects of a + 2b over unit ranges: exactly 1 and 2, no spread; c: 0
    table = sensitivity(additive, FAST_Y, method="morris", n=20, seed=3).set_index("parameter")
    assert table["mu_star"].tolist() == pytest.approx([1.0, 2.0, 0.0], abs=1e-9)
    assert table["sigma"].tolist() == pytest.approx([0.0, 0.0, 0.0], abs=1e-9)


def test_tornado_orders_inputs_by_swing(additive):
    table = tornado(additive, FAST_Y)
    assert table["parameter"].tolist() == ["b", "a", "c"]
    assert table["swing"].tolist() == pytest.approx([2.0, 1.0, 0.0])
    b = table.iloc[0]
    assert (b["at_low"], b["at_high"], b["base"]) == pytest.approx((0.5, 2.5, 1.5))


def test_sobol_indices_of_a_scenario_measure_are_variance_shares(standoff):
    # the off-ramp count moves with all three parameters (through the challenger's
    # batna, p_win - war_cost - sanctions); indices are shares of its variance
    table = sensitivity(standoff, "offramp_count", method="sobol", n=128, seed=4)
    assert set(table["parameter"]) == {"sanctions", "war_cost", "p_win"}
    assert (table["ST"] > -0.05).all() and (table["S1"] < 1.05).all()
    assert table["ST"].sum() > 0.5  # the count varies, and the three explain it


def test_sensitivity_rejects_text_measures_and_unknown_methods(standoff):
    with pytest.raises(ValueError, match="not a number"):
        sensitivity(standoff, "package:nash", n=8, seed=0)
    with pytest.raises(ValueError, match="sobol or morris"):
        sensitivity(standoff, "zopa_size", method="grid")
