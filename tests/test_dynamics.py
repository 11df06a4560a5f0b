"""Rubinstein alternating offers: closed forms, backward induction, packages."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.solvers.agreement.pareto import pareto_mask
from negotiation.solvers.dynamics.alternating import (
    alternating_offers,
    discretised_pie,
    frequent_offer_limit,
    rubinstein,
    rubinstein_rates,
)
from negotiation.solvers.dynamics.subgame import spe_packages


@pytest.mark.parametrize("d1, d2, share", [
    (0.9, 0.9, 0.5263),  # 0.1 / 0.19
    (0.9, 0.8, 0.7143),  # 0.2 / 0.28
    (0.8, 0.9, 0.3571),  # 0.1 / 0.28
])
def test_infinite_horizon_closed_form(d1, d2, share):
    assert round(rubinstein(d1, d2).share, 4) == share


def test_three_rounds_by_hand():
    # round 3: P1 takes 1; round 2: P2 must offer P1 0.9, keeps 0.1;
    # round 1: P1 offers P2 0.9 * 0.1 = 0.09 and keeps 0.91
    result = rubinstein(0.9, 0.9, horizon=3)
    assert result.share == pytest.approx(0.91, abs=1e-12)
    assert float(result) == result.share and result.responder_share == pytest.approx(0.09)


def test_one_round_is_ultimatum():
    assert rubinstein(0.5, 0.5, horizon=1).share == 1.0


def test_frequent_offers_tend_to_asymmetric_nash():
    assert round(rubinstein_rates(1, 2, 0.01).share, 4) == 0.6700
    assert frequent_offer_limit(1, 2) == pytest.approx(2 / 3)
    errors = [abs(rubinstein_rates(1, 2, dt).share - 2 / 3) for dt in (0.1, 0.01, 0.001)]
    assert errors[0] > errors[1] > errors[2] and errors[2] < 1e-3


def test_breakdown_is_an_extra_discount():
    # Binmore, Rubinstein & Wolinsky (1986): breakdown q acts like delta (1 - q)
    with_risk = rubinstein(0.9, 0.8, breakdown=0.1).share
    assert with_risk == pytest.approx(rubinstein(0.81, 0.72).share)
    # with patient players the risk of breakdown alone gives the 1 / (2 - q) split
    assert rubinstein(1.0, 1.0, breakdown=0.2).share == pytest.approx(1 / 1.8)


@pytest.mark.parametrize("bad", [dict(delta1=1.2, delta2=0.5), dict(delta1=1.0, delta2=1.0),
                                 dict(delta1=0.9, delta2=0.9, horizon=0),
                                 dict(delta1=0.9, delta2=0.9, breakdown=1.0)])
def test_bad_arguments(bad):
    with pytest.raises(ValueError):
        rubinstein(**bad)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.05, 0.95), st.integers(1, 12))
def test_finite_horizon_recursion(d1, d2, horizon):
    # x_T = 1; x_t = 1 - delta_responder(t) * x_{t+1}: check the first step directly
    share = rubinstein(d1, d2, horizon=horizon).share
    if horizon == 1:
        assert share == 1.0
    else:
        # the round-2 subgame is the same game with the roles swapped
        swapped = rubinstein(d2, d1, horizon=horizon - 1).share
        assert share == pytest.approx(1 - d2 * swapped)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.1, 0.9), st.floats(0.1, 0.9), st.integers(1, 6))
def test_discretised_pie_equals_closed_form(d1, d2, horizon):
    # on a grid of 1/20000 the discrete SPE is within a few grid steps of the
    # exact share (each round can lose at most one step)
    assert discretised_pie(d1, d2, horizon, steps=20_000) == pytest.approx(
        rubinstein(d1, d2, horizon=horizon).share, abs=horizon / 20_000 + 1e-12)


def test_long_horizon_pie_approaches_infinite_horizon():
    share = discretised_pie(0.9, 0.8, horizon=300, steps=20_000)
    assert share == pytest.approx(rubinstein(0.9, 0.8).share, abs=1e-3)


def test_alternating_offers_no_surplus_means_no_agreement():
    gains = np.array([[-0.1, 0.2], [0.3, -0.05]])  # nothing is good for both
    assert alternating_offers(gains, (0.9, 0.9), 4).outcome is None


# ------------------------------------------------------------------ packages

TWO_ISSUES = """
format: negotiation/1
title: split two issues
parties: {a: {name: A, batna: 0.0}, b: {name: B, batna: 0.0}}
issues:
  x: {options: [a_all, half, b_all]}
  y: {options: [a_all, half, b_all]}
preferences:
  a:
    weights: {x: 1, y: 1}
    scores: {x: {a_all: 1, half: 0.5, b_all: 0}, y: {a_all: 1, half: 0.5, b_all: 0}}
  b:
    weights: {x: 1, y: 1}
    scores: {x: {a_all: 0, half: 0.5, b_all: 1}, y: {a_all: 0, half: 0.5, b_all: 1}}
"""


def test_package_spe_last_proposer_takes_all():
    # one round: an ultimatum; the proposer keeps everything (a's utility 1)
    result = spe_packages(negotiation.loads(TWO_ISSUES), (0.9, 0.9), horizon=1)
    assert result.agreement == {"x": "a_all", "y": "a_all"}
    assert result.utilities == {"a": 1.0, "b": 0.0}


def test_package_spe_two_rounds_by_hand():
    # round 2 (b proposes): b takes everything, a gets 0. Round 1: b accepts
    # anything worth >= 0.9 * 1 to it: only b_all/b_all (1.0); the grid has
    # no package worth exactly 0.9, so a must give everything away
    result = spe_packages(negotiation.loads(TWO_ISSUES), (0.9, 0.9), horizon=2)
    assert result.utilities["b"] == pytest.approx(1.0)
    # with delta_b = 0.5, b accepts >= 0.5: a keeps 0.5 (several packages tie;
    # a picks the one best for b among them, which is also worth 0.5 to b)
    result = spe_packages(negotiation.loads(TWO_ISSUES), (0.9, 0.5), horizon=2)
    assert result.utilities == {"a": pytest.approx(0.5), "b": pytest.approx(0.5)}
    assert result.on_frontier and result.is_nash


def test_package_spe_matches_pie_on_fine_grid():
    # one issue with 101 evenly spaced splits: the SPE is Rubinstein's finite
    # horizon share up to the grid
    options = [f"s{k}" for k in range(101)]
    a = {o: k / 100 for k, o in enumerate(options)}
    b = {o: 1 - k / 100 for k, o in enumerate(options)}
    text = ("format: negotiation/1\ntitle: pie\nparties: {a: {name: A}, b: {name: B}}\n"
            f"issues: {{x: {{options: [{', '.join(options)}]}}}}\n"
            f"preferences:\n  a: {{weights: {{x: 1}}, scores: {{x: {a}}}}}\n"
            f"  b: {{weights: {{x: 1}}, scores: {{x: {b}}}}}\n")
    result = spe_packages(negotiation.loads(text), (0.9, 0.9), horizon=3)
    assert result.utilities["a"] == pytest.approx(rubinstein(0.9, 0.9, horizon=3).share,
                                                  abs=0.02)
    assert len(result.plans) == 3 and result.plans[2].utilities["a"] == pytest.approx(1.0)


def test_package_spe_pool_choice_agrees(logroll):
    for horizon in (1, 2, 5):
        zopa_pool = spe_packages(logroll, (0.8, 0.8), horizon)
        acceptable = spe_packages(logroll, (0.8, 0.8), horizon, pool="acceptable")
        assert zopa_pool.agreement == acceptable.agreement
        u = zopa_pool.utilities
        assert u["alpha"] >= 0.3 - 1e-9 and u["beta"] >= 0.3 - 1e-9  # batnas


def test_package_spe_needs_two_cardinal_parties(standoff, prisoners):
    with pytest.raises(ValueError, match="two parties"):
        spe_packages(standoff)
    with pytest.raises(negotiation.OrdinalOnly):
        spe_packages(prisoners)


def test_pareto_mask_small():
    u = np.array([[1, 0], [0, 1], [0.5, 0.5], [0.4, 0.4], [0.5, 0.5]])
    assert pareto_mask(u).tolist() == [True, True, True, False, True]


def test_public_name():
    assert negotiation.rubinstein(0.9, 0.9).share == pytest.approx(1 / 1.9)
    assert math.isclose(rubinstein(0.0, 0.0).share, 1.0)
