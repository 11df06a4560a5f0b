"""Commitment problems over time: the preventive-war closed form, backward
induction on a discretised pie, and the check on a scenario with a shift."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from war_scenarios import pie

import negotiation
from negotiation.solvers.conflict import commitment_by_backward_induction, preventive_war
from negotiation.solvers.conflict.commitment import present_values

GRID = 20
on_grid = st.integers(0, GRID).map(lambda k: k / GRID)  # chances and costs k / 20
discounts = st.integers(0, 99).map(lambda k: k / 100)
horizons = st.integers(2, 6)


# --------------------------------------------------------------------------
# The closed form against backward induction
# --------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(p_now=on_grid, p_later=on_grid, cost_a=on_grid, cost_b=on_grid, d=discounts,
       periods=horizons)
def test_closed_form_equals_backward_induction_on_the_grid(p_now, p_later, cost_a, cost_b, d,
                                                           periods):
    closed = preventive_war(p_now, p_later, cost_a, cost_b, d, periods=periods)
    path = commitment_by_backward_induction(p_now, p_later, cost_a, cost_b, d, periods,
                                            grid=GRID)
    assert path.preventive == closed.preventive
    assert path.war_period in (None, 0)  # once B is stronger nobody fights
    assert path.best_offer == pytest.approx(closed.best_offer, abs=1e-9)
    assert path.war_value == pytest.approx(closed.war_value, abs=1e-12)
    if not path.preventive:  # from period 1 on, B gives A exactly max(0, p2 - c_A)
        assert path.offers[1:] == pytest.approx(closed.continuation, abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(p_now=st.floats(0, 1), p_later=st.floats(0, 1), cost_a=st.floats(0, 1),
       cost_b=st.floats(0, 1), d=st.floats(0, 0.99), periods=horizons)
def test_off_the_grid_backward_induction_agrees_to_the_grids_resolution(
        p_now, p_later, cost_a, cost_b, d, periods):
    closed = preventive_war(p_now, p_later, cost_a, cost_b, d, periods=periods)
    path = commitment_by_backward_induction(p_now, p_later, cost_a, cost_b, d, periods,
                                            grid=GRID)
    _, v1 = present_values(d, periods)
    resolution = d * v1 / GRID  # each later offer rounds up by less than 1 / grid
    assert closed.best_offer - 1e-9 <= path.best_offer <= closed.best_offer + resolution + 1e-9
    if path.preventive:
        assert closed.preventive
    if closed.war_value > closed.best_offer + resolution + 1e-9:
        assert path.preventive


def test_a_long_horizon_approaches_the_infinite_one():
    closed = preventive_war(0.6, 0.5, 0.1, 0.2, 0.9)
    path = commitment_by_backward_induction(0.6, 0.5, 0.1, 0.2, 0.9, periods=400, grid=100)
    assert path.best_offer == pytest.approx(closed.best_offer, abs=1e-9)
    assert path.preventive == closed.preventive


# --------------------------------------------------------------------------
# The closed form
# --------------------------------------------------------------------------

def test_a_large_shift_means_preventive_war():
    # d = 0.9, p1 = 0.6, c_A = 0.1: war now is worth 0.5 / 0.1 = 5, B can promise
    # 1 + 0.9 * 0.3 / 0.1 = 3.7 after a fall to p2 = 0.4
    r = preventive_war(0.6, 0.4, 0.1, 0.2, 0.9)
    assert r.preventive is True
    assert r.war_value == pytest.approx(5.0) and r.best_offer == pytest.approx(3.7)
    assert r.continuation == pytest.approx(0.3)
    assert r.trigger == pytest.approx(0.1 * 0.5 / 0.9)
    assert r.explain().startswith("Preventive war.")
    assert "A deal exists in each period" in r.explain()


def test_a_small_shift_does_not():
    r = preventive_war(0.6, 0.55, 0.1, 0.2, 0.9)
    assert r.preventive is False
    assert r.best_offer == pytest.approx(1 + 0.9 * 0.45 / 0.1)
    assert r.explain().startswith("No preventive war.")


def test_the_trigger_separates_war_from_peace():
    for d, periods in ((0.9, None), (0.5, None), (0.8, 2), (0.7, 5)):
        trigger = preventive_war(0.7, 0.7, 0.05, 0.1, d, periods).trigger
        assert preventive_war(0.7, 0.7 - trigger - 1e-6, 0.05, 0.1, d, periods).preventive
        assert not preventive_war(0.7, 0.7 - trigger + 1e-6, 0.05, 0.1, d, periods).preventive


def test_the_trigger_in_closed_form():
    # infinite horizon: (1 - d)(1 - p1 + c_A) / d; two periods: (1 - p1 + c_A) / d
    assert preventive_war(0.6, 0.4, 0.1, 0.2, 0.8).trigger == pytest.approx(0.2 * 0.5 / 0.8)
    assert preventive_war(0.9, 0.4, 0.1, 0.2, 0.8, periods=2).trigger == pytest.approx(0.2 / 0.8)
    # war now worth no more than one period's whole stake: no shift triggers it
    r = preventive_war(0.3, 0.0, 0.1, 0.2, 0.5)
    assert np.isnan(r.trigger) and not r.preventive and r.to_data()["trigger"] is None
    assert not preventive_war(1.0, 0.0, 0.0, 0.0, 0.0).preventive  # d = 0: one-shot game


def test_a_rising_initiator_never_fights():
    assert not preventive_war(0.4, 0.9, 0.0, 0.0, 0.99).preventive


def test_vectorised_equals_elementwise():
    p_later = np.linspace(0, 0.6, 13)
    d = np.array([[0.5], [0.9]])
    many = preventive_war(0.6, p_later, 0.1, 0.2, d)
    assert many.preventive.shape == (2, 13)
    for i in range(2):
        for j, p2 in enumerate(p_later):
            one = preventive_war(0.6, float(p2), 0.1, 0.2, float(d[i, 0]))
            assert many.preventive[i, j] == one.preventive
            assert many.best_offer[i, j] == pytest.approx(one.best_offer)
    assert "cases" in many.explain()
    json.dumps(many.to_data())


def test_results_serialise():
    for r in (preventive_war(0.6, 0.4, 0.1, 0.2, 0.9),
              commitment_by_backward_induction(0.6, 0.4, 0.1, 0.2, 0.9, periods=3)):
        data = r.to_data()
        json.dumps(data)
        assert data["explanation"] == r.explain() and len(repr(r)) < 300


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs, message", [
    ((0.6, 0.4, 0.1, 0.2, 1.0), {}, "discount = 1: the discount factor per period must lie in"),
    ((0.6, 0.4, 0.1, 0.2, 1.5), {}, "discount = 1.5"),
    ((0.6, 0.4, 0.1, 0.2, -0.1), {}, "discount = -0.1"),
    ((1.2, 0.4, 0.1, 0.2, 0.9), {}, r"p_now = 1.2: a chance of winning must lie in \[0, 1\]"),
    ((0.6, -0.1, 0.1, 0.2, 0.9), {}, "p_later = -0.1"),
    ((0.6, [0.4, 1.1], 0.1, 0.2, 0.9), {}, "p_later = 1.1"),
    ((0.6, 0.4, -0.1, 0.2, 0.9), {}, "cost_a = -0.1: a cost of war must be >= 0"),
    ((0.6, 0.4, 0.1, float("nan"), 0.9), {}, "cost_b = nan"),
    ((0.6, 0.4, 0.1, 0.2, 0.9), {"periods": 1}, "at least two periods"),
])
def test_bad_input_is_refused_with_a_clear_message(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        preventive_war(*args, **kwargs)


def test_backward_induction_refuses_what_it_cannot_solve():
    with pytest.raises(ValueError, match="discount = 1"):
        commitment_by_backward_induction(0.6, 0.4, 0.1, 0.2, 1.0)
    with pytest.raises(ValueError, match="finite horizon"):
        commitment_by_backward_induction(0.6, 0.4, 0.1, 0.2, 0.9, periods=None)
    with pytest.raises(ValueError, match="grid = 0"):
        commitment_by_backward_induction(0.6, 0.4, 0.1, 0.2, 0.9, grid=0)


# --------------------------------------------------------------------------
# A scenario with a shift of power
# --------------------------------------------------------------------------

def shifted(p_now, p_later, discount, cost_a=0.1, **kw) -> str:
    """A pie (A's share in steps of 0.01, status quo at 0) whose war block shifts."""
    shift = (f'  shift: {{chances: {{a_wins: {p_later}, b_wins: "1 - {p_later}"}}, '
             f"discount: {discount}}}")
    return pie(p=p_now, cost_a=cost_a, private=False, beliefs=shift, **kw)


@settings(max_examples=30, deadline=None)
@given(p_now=st.integers(0, 100), p_later=st.integers(0, 100), cost_a=st.integers(0, 50),
       d=discounts)
def test_on_a_pie_the_scenario_check_is_the_closed_form(p_now, p_later, cost_a, d):
    p1, p2, ca = p_now / 100, p_later / 100, cost_a / 100
    check = negotiation.commitment_problem(negotiation.loads(shifted(p1, p2, d, ca)))
    closed = preventive_war(p1, p2, ca, 0.2, d)
    assert check.preventive == closed.preventive
    assert check.war_value == pytest.approx(closed.war_value, abs=1e-9)
    assert check.best_offer == pytest.approx(closed.best_offer, abs=1e-9)
    assert check.zone_now > 0 and check.zone_later > 0  # a deal in each period
    assert check.commitment_problem == closed.preventive


def test_a_scenario_with_a_large_shift_has_a_commitment_problem():
    check = negotiation.commitment_problem(negotiation.loads(shifted(0.6, 0.4, 0.9)))
    assert check.commitment_problem and check.preventive
    assert check.best_today == ({"x": "s100"}, 1.0)
    assert check.promised == ({"x": "s30"}, pytest.approx(0.3))  # b's favourite next period
    assert check.best_offer == pytest.approx(3.7) and check.war_value == pytest.approx(5.0)
    assert check.explain().startswith("A commitment problem: a deal exists in each period")
    data = check.to_data()
    json.dumps(data)
    assert data["commitment_problem"] is True and data["zones"]["later"] == 31
    assert data["batnas"]["later"] == {"a": pytest.approx(0.3), "b": pytest.approx(0.4)}


def test_a_scenario_with_a_small_shift_has_none():
    check = negotiation.commitment_problem(negotiation.loads(shifted(0.6, 0.55, 0.9)))
    assert not check.commitment_problem and not check.preventive
    assert check.explain().startswith("No commitment problem")


def test_the_initiator_may_be_the_second_party():
    # b fights, with chance 0.7 now and 0.4 later; the status quo gives b nothing
    text = shifted(0.3, 0.6, 0.9, cost_a=0.1, initiator="b", status_quo=100)
    check = negotiation.commitment_problem(negotiation.loads(text))
    closed = preventive_war(0.7, 0.4, 0.2, 0.1, 0.9)  # b's cost is cost_b = 0.2
    assert check.initiator == "b" and check.rival == "a"
    assert check.preventive == closed.preventive is True
    assert check.best_offer == pytest.approx(closed.best_offer)


def test_a_war_without_a_deal_today_is_not_a_commitment_problem_alone():
    beliefs = ("  beliefs:\n    a: {a_wins: 0.9, b_wins: 0.1}\n"
               "    b: {a_wins: 0.2, b_wins: 0.8}\n")
    text = shifted(0.6, 0.3, 0.9).replace("  shift:", beliefs + "  shift:")
    check = negotiation.commitment_problem(negotiation.loads(text))
    assert check.zone_now == 0 and check.preventive and not check.commitment_problem
    assert "not a commitment problem alone" in check.explain()


def test_the_bundled_pie_declares_a_shift_that_changes_nothing_by_default():
    s = negotiation.load("fearon_pie")
    assert s.war.shift_chances is not None
    assert not negotiation.commitment_problem(s).commitment_problem
    # a fall to 0.4: the standoff at the status quo (0.4) is then a's batna, so b
    # can promise 0.4 a period: 1 + 9 * 0.4 = 4.6 < 5
    check = negotiation.commitment_problem(s, values={"p_win_later": 0.4})
    assert check.commitment_problem and check.best_offer == pytest.approx(4.6)
    assert check.batna_later.tolist() == pytest.approx([0.4, 0.6])


def test_scenarios_it_cannot_read_are_refused():
    with pytest.raises(ValueError, match="needs a war block"):
        negotiation.commitment_problem("standoff")
    with pytest.raises(ValueError, match="needs a shift of power"):
        negotiation.commitment_problem(negotiation.loads(pie(private=False)))
    text = shifted(0.6, 0.4, 0.9, options=3).replace("  b: {}\n", "  b: {}\n  c: {}\n", 1)
    three = negotiation.loads(text.replace(
        "war:\n", "  c:\n    weights: {x: 1}\n    scores: {x: {s0: 1, s50: 0, s100: 1}}\nwar:\n"))
    with pytest.raises(ValueError, match="two states.*3 parties"):
        negotiation.commitment_problem(three)


def test_a_discount_of_one_is_refused_in_the_file():
    with pytest.raises(negotiation.ScenarioError, match="discount factor is 1"):
        negotiation.loads(shifted(0.6, 0.4, 1))
