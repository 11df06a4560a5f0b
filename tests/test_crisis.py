"""Fearon's crisis bargaining: range, risk-return trade-off, audience costs,
and the crisis model of a party's batna in scenario files."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import negotiation
from negotiation.solvers.conflict.fearon import (
    audience_standoff,
    bargaining_range,
    crisis_offer,
    expected_utility,
)

STANDOFF = "negotiation/data/scenarios/standoff.yaml"


def test_bargaining_range():
    r = bargaining_range(0.6, 0.1, 0.2)
    assert (r.low, r.high) == pytest.approx((0.5, 0.8)) and r.width == pytest.approx(0.3)
    assert bargaining_range(0.95, 0.0, 0.2).high == 1.0  # clipped to the stake


def test_fearon_uniform_closed_form():
    # x* = p + (C - c_A) / 2 = 0.6 + 0.15; Pr(war) = (C - c_A) / (2C) = 0.3 / 0.8
    offer = crisis_offer(0.6, 0.1, stats.uniform(0, 0.4))
    assert offer.demand == pytest.approx(0.75)
    assert offer.war_probability == pytest.approx(0.375)
    assert offer.method == "closed form" and offer.corner is None
    # EU = 0.75 * 0.625 + 0.5 * 0.375
    assert offer.expected_utility == pytest.approx(0.65625)


def test_numerical_agrees_with_closed_form():
    # the same uniform law written as a Beta(1, 1) on [0, 0.4] goes the numerical route
    offer = crisis_offer(0.6, 0.1, stats.beta(1, 1, loc=0, scale=0.4))
    assert offer.method == "numerical"
    assert offer.demand == pytest.approx(0.75, abs=1e-6)
    assert offer.war_probability == pytest.approx(0.375, abs=1e-5)


def test_exponential_cost_by_hand():
    # c_B ~ Exp(mean m): EU'(x) = 0 at x* = p - c_A + m; Pr(war) = 1 - exp(-(x* - p) / m)
    p, c_a, m = 0.5, 0.1, 0.2
    offer = crisis_offer(p, c_a, stats.expon(scale=m))
    assert offer.demand == pytest.approx(p - c_a + m, abs=1e-6)
    assert offer.war_probability == pytest.approx(1 - np.exp(-(m - c_a) / m), abs=1e-6)


def test_corners():
    no_risk = crisis_offer(0.6, 0.5, stats.uniform(0, 0.4))  # c_A >= C
    assert no_risk.demand == pytest.approx(0.6) and no_risk.war_probability == 0
    assert no_risk.corner == "no risk"
    whole = crisis_offer(0.9, 0.0, stats.uniform(0, 0.4))  # 0.9 + 0.2 > 1
    assert whole.demand == 1.0 and whole.war_probability == pytest.approx(0.25)
    assert whole.corner == "whole stake"
    known = crisis_offer(0.5, 0.1, 0.2)  # complete information: no war
    assert known.demand == pytest.approx(0.7) and known.war_probability == 0


@settings(max_examples=40, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.0, 0.5), st.floats(0.05, 0.8),
       st.floats(0.5, 4), st.floats(0.5, 4))
def test_numerical_optimum_beats_every_demand(p, c_a, scale, a, b):
    dist = stats.beta(a, b, scale=scale)
    offer = crisis_offer(p, c_a, dist)
    grid = np.linspace(0, 1, 4001)
    assert offer.expected_utility >= expected_utility(grid, p, c_a, dist).max() - 1e-6
    # never worse than war or than the surely accepted demand p
    assert offer.expected_utility >= max(p - c_a, expected_utility(p, p, c_a, dist)) - 1e-9


def test_bad_inputs():
    with pytest.raises(ValueError):
        crisis_offer(1.2, 0.1, stats.uniform(0, 0.4))
    with pytest.raises(ValueError):
        crisis_offer(0.5, 0.1, stats.norm(0, 1))  # negative costs possible
    with pytest.raises(TypeError):
        crisis_offer(0.5, 0.1, "uniform")


def test_audience_costs_close_the_range():
    # range [p - c_A + a0 + g t, p + c_B]: closes when a0 + g t = c_A + c_B
    s = audience_standoff(0.6, 0.1, 0.2, t=np.array([0.0, 1.0, 2.5, 3.0]), a0=0.05, growth=0.1)
    assert s.low == pytest.approx([0.55, 0.65, 0.8, 0.85])
    assert s.high == pytest.approx([0.8] * 4)
    assert s.closes_at == pytest.approx(2.5)
    assert s.open.tolist() == [True, True, True, False]
    assert audience_standoff(0.6, 0.1, 0.2, [0], a0=0.0, growth=0.0).closes_at is None


def test_public_name():
    assert negotiation.crisis_offer(0.6, 0.1, stats.uniform(0, 0.4)).demand == pytest.approx(0.75)


# ------------------------------------------------------------ scenario key


def _standoff_text():
    from pathlib import Path

    return (Path(__file__).resolve().parents[1] / STANDOFF).read_text()


def test_crisis_key_sets_batna(standoff):
    text = _standoff_text().replace(
        'batna: "p_win - war_cost - sanctions"',
        'crisis: {p_win: p_win, war_cost: "war_cost + sanctions", stake: 2}')
    scenario = negotiation.loads(text)
    game = negotiation.compile_game(scenario)
    # stake * p_win - war_cost = 2 * 0.6 - (0.2 + 0.3)
    assert game.batna[0] == pytest.approx(0.7)
    moved = negotiation.compile_game(scenario.with_parameters(sanctions=0.5))
    assert moved.batna[0] == pytest.approx(0.5)
    # stake 1 reproduces the original formula
    text1 = text.replace("stake: 2", "stake: 1")
    assert negotiation.compile_game(negotiation.loads(text1)).batna == pytest.approx(
        negotiation.compile_game(standoff).batna)


def test_crisis_key_round_trips():
    text = _standoff_text().replace('batna: "p_win - war_cost - sanctions"',
                                    'crisis: {p_win: p_win, war_cost: war_cost}')
    scenario = negotiation.loads(text)
    again = negotiation.loads(scenario.to_yaml())
    assert again == scenario and again.parties["challenger"].crisis is not None
    assert "crisis:" in scenario.to_yaml()


def test_crisis_and_batna_together_is_an_error():
    text = _standoff_text().replace('batna: "p_win - war_cost - sanctions"',
                                    'batna: 0.1\n    crisis: {p_win: 0.6, war_cost: 0.2}')
    with pytest.raises(negotiation.ScenarioError) as info:
        negotiation.loads(text, "s.yaml")
    line = text.splitlines().index("    crisis: {p_win: 0.6, war_cost: 0.2}") + 1
    assert f"s.yaml:{line}:" in str(info.value) and "not both" in str(info.value)


@pytest.mark.parametrize("crisis, message", [("{p_win: 1.5, war_cost: 0.1}", "probability"),
                                             ("{p_win: 0.5, war_cost: -0.1}", "war_cost"),
                                             ("{p_win: 0.5}", "war_cost"),
                                             ("{p_win: 0.5, war_cost: 0, stake: 0}", "stake")])
def test_crisis_key_checked(crisis, message):
    text = _standoff_text().replace('batna: "p_win - war_cost - sanctions"', f"crisis: {crisis}")
    with pytest.raises(negotiation.ScenarioError, match=message):
        negotiation.loads(text)
