"""Monte Carlo probability that an off-ramp exists, against exact answers."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import negotiation
from negotiation.scenario.expr import evaluate_rule
from negotiation.solvers.agreement.zone import zopa
from negotiation.sweeps import sweep
from negotiation.sweeps.montecarlo import (
    clopper_pearson_interval,
    offramp_probability,
    wilson_interval,
)

STANDOFF = (Path(__file__).resolve().parents[1]
            / "negotiation" / "data" / "scenarios" / "standoff.yaml")


def toy(batna="b", score="0.6", audience="0", distribution="{uniform: [0, 1]}", name="b"):
    """Party a backs down (utility ``score``) or stays (1); b is happy with
    either. Backing down is a visible loss for a, allowed at its audience cost
    (``face: cost``): an off-ramp exists iff a's effective utility of backing
    down is at least its batna."""
    return negotiation.loads(f"""
format: negotiation/1
title: toy
parameters:
  {name}: {{value: 0.5, distribution: {distribution}}}
parties:
  a: {{name: A, batna: "{batna}", audience_cost: "{audience}"}}
  b: {{name: B, batna: 0}}
issues:
  move: {{options: [stay, back_down], status_quo: stay}}
preferences:
  a: {{weights: {{move: 1}}, scores: {{move: {{stay: 1, back_down: "{score}"}}}}}}
  b: {{weights: {{move: 1}}, scores: {{move: {{stay: 0, back_down: 1}}}}}}
offramp: {{for: a, requires: move == back_down, face: cost}}
""")


@pytest.mark.parametrize("distribution, exact", [
    ("{uniform: [0, 1]}", 0.6),  # Pr(b <= 0.6)
    ("{normal: [0.5, 0.1]}", stats.norm.cdf(1.0)),
    ("{triangular: [0, 0.5, 1]}", 1 - 0.4 ** 2 / 0.5),  # 1 - (1 - 0.6)^2 / ((1 - 0) (1 - 0.5))
    ("{beta: [2, 2]}", 3 * 0.6 ** 2 - 2 * 0.6 ** 3),
])
@pytest.mark.parametrize("interval", ["wilson", "clopper_pearson"])
def test_exact_probability_inside_interval(distribution, exact, interval):
    result = offramp_probability(toy(distribution=distribution), samples=4000, seed=1,
                                 confidence=0.99, interval=interval)
    assert result.low <= exact <= result.high
    assert result.method == "batched" and result.varied == ("b",)
    assert result.high - result.low < 0.06


def test_score_uncertainty():
    # a's score of backing down ~ U[0, 1], batna 0.3: Pr(s >= 0.3) = 0.7
    result = offramp_probability(toy(batna="0.3", score="s", name="s"), samples=600, seed=2,
                                 confidence=0.99)
    assert result.low <= 0.7 <= result.high
    assert np.array_equal(result.exists, result.samples["s"] >= 0.3 - 1e-9)


def test_audience_cost_uncertainty_batched_equals_per_draw():
    # backing down is a visible loss for a (1 -> 0.6), so it pays the audience
    # cost c ~ U[0, 0.5]: exists iff 0.6 - c >= 0.3, Pr = 0.3 / 0.5 = 0.6
    scenario = toy(batna="0.3", audience="c", name="c", distribution="{uniform: [0, 0.5]}")
    result = offramp_probability(scenario, samples=3000, seed=3, confidence=0.99)
    assert result.method == "batched" and result.low <= 0.6 <= result.high
    # the one engine: the same draws by a random sweep, every variant recompiled
    slow = sweep(scenario, vary=["c"], method="random", samples=3000, seed=3,
                 measures=["offramp_exists"], fast=False)
    assert np.array_equal(slow["c"].to_numpy(), result.samples["c"])
    assert np.array_equal(slow["offramp_exists"].to_numpy(bool), result.exists)


def test_same_seed_same_answer():
    a = offramp_probability(toy(), samples=500, seed=7)
    b = offramp_probability(toy(), samples=500, seed=7)
    assert a.hits == b.hits and np.array_equal(a.exists, b.exists)


def test_wilson_and_clopper_pearson_published_values():
    # 5 successes in 10 trials, 95%: Wilson (0.2366, 0.7634); Clopper-Pearson (0.1871, 0.8129)
    assert wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert clopper_pearson_interval(5, 10) == pytest.approx((0.1871, 0.8129), abs=1e-4)
    assert clopper_pearson_interval(0, 10)[0] == 0 and clopper_pearson_interval(10, 10)[1] == 1


def test_draws_stay_in_the_range_as_a_truncated_normal():
    # normal(0.3, 0.5) on the range [0, 0.6]: the normal conditioned on the
    # range (scipy's truncnorm with a = b = 0.6 standard deviations), not a
    # normal with its tails piled up at 0 and 0.6.
    scenario = negotiation.loads(STANDOFF.read_text().replace(
        "sanctions: {value: 0.3, range: [0.0, 0.6],",
        "sanctions: {value: 0.3, range: [0.0, 0.6], distribution: {normal: [0.3, 0.5]},"))
    draws = offramp_probability(scenario, samples=2000, seed=0).samples
    assert set(draws) == {"sanctions"}
    x = draws["sanctions"]
    assert 0.0 < x.min() and x.max() < 0.6 and (x == 0.0).sum() == (x == 0.6).sum() == 0
    fit = stats.kstest(x, stats.truncnorm(-0.6, 0.6, loc=0.3, scale=0.5).cdf)
    assert fit.pvalue > 0.01
    ranged = offramp_probability(scenario, samples=10, seed=0, ranges=True)
    assert set(ranged.samples) == {"sanctions", "war_cost", "p_win"} and not ranged.box


def test_nothing_uncertain_and_no_offramp(standoff, logroll):
    # nothing declares a distribution: no probability to estimate (as the CLI says)
    with pytest.raises(ValueError, match="no parameter is uncertain"):
        offramp_probability(standoff, samples=100)
    with pytest.raises(ValueError, match="no offramp"):
        offramp_probability(logroll)
    box = offramp_probability(standoff, samples=100, ranges=True)
    assert box.box and "box of independent uniform ranges" in box.explain()


# ------------------------------------------------------------- standoff


def standoff_with_sanctions_uncertain(war_cost: float):
    text = STANDOFF.read_text()
    text = text.replace("sanctions: {value: 0.3, range: [0.0, 0.6],",
                        "sanctions: {value: 0.3, range: [0.0, 0.6], "
                        "distribution: {uniform: [0, 0.6]},")
    text = text.replace("war_cost: {value: 0.2,", f"war_cost: {{value: {war_cost},")
    return negotiation.loads(text)


def offramp_exists(scenario) -> bool:
    """Independent check: the ZOPA holds a package meeting offramp.requires."""
    game = negotiation.compile_game(scenario)
    packages = zopa(game).packages
    if not len(packages):
        return False
    return bool(evaluate_rule(scenario.offramp.requires, game.columns(packages),
                              game.option_index()).any())


def threshold(scenario, lo=0.0, hi=0.6, steps=40) -> float:
    """Smallest sanctions level with an off-ramp, by scanning then bisecting."""
    grid = np.linspace(lo, hi, 61)
    exists = [offramp_exists(scenario.with_parameters(sanctions=x)) for x in grid]
    assert exists == sorted(exists), "off-ramps should appear as sanctions rise, not vanish"
    if exists[0]:
        return lo
    k = exists.index(True)
    a, b = grid[k - 1], grid[k]
    for _ in range(steps):
        mid = (a + b) / 2
        a, b = (a, mid) if offramp_exists(scenario.with_parameters(sanctions=mid)) else (mid, b)
    return b


def test_standoff_probability_matches_threshold():
    # war_cost 0.1: with no sanctions the challenger would rather fight
    scenario = standoff_with_sanctions_uncertain(0.1)
    s_star = threshold(scenario)
    assert 0.0 < s_star < 0.6
    exact = (0.6 - s_star) / 0.6  # Pr(U[0, 0.6] >= s*)
    result = offramp_probability(scenario, samples=4000, seed=0, confidence=0.99)
    assert result.low <= exact <= result.high
    # each draw agrees with the threshold rule
    s = result.samples["sanctions"]
    clear = np.abs(s - s_star) > 1e-6
    assert np.array_equal(result.exists[clear], (s >= s_star)[clear])


def test_standoff_default_costs_always_offramp():
    # war_cost 0.2: an off-ramp exists even without sanctions (file comment)
    scenario = standoff_with_sanctions_uncertain(0.2)
    assert threshold(scenario) == 0.0
    result = offramp_probability(scenario, samples=1000, seed=0)
    assert result.probability == 1.0 and result.low > 0.99


def test_public_name():
    result = negotiation.offramp_probability(toy(), samples=200, seed=0)
    assert 0 <= result.low <= result.probability <= result.high <= 1
    assert "off-ramp for a" in result.explain()
