"""Fair comparisons across parties: the normalised criteria, and reports that
name the scale they compare on.

Definitions: docs/concepts/bargaining.md ("Comparing parties: on which scale").
"""
from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml

import negotiation
from negotiation.cli import main
from negotiation.game import compile_game
from negotiation.solvers.criteria import criterion_scores
from negotiation.solvers.names import CRITERIA, SCALES

INVARIANT = ("normalised_egalitarian", "normalised_utilitarian", "kalai_smorodinsky", "nash")


def rescaled(text: str, party: str, a: float, b: float) -> str:
    """The scenario with ``party``'s utilities and batna mapped by u -> a u + b
    (scores and batna moved, adjustments and audience cost multiplied)."""
    data = yaml.safe_load(text)
    pref = data["preferences"][party]
    pref["scores"] = {i: {o: a * s + b for o, s in row.items()}
                      for i, row in pref["scores"].items()}
    for adj in pref.get("adjustments", []):
        adj["add"] = a * adj["add"]
    spec = data["parties"][party]
    spec["batna"] = f"{a} * ({spec.get('batna', 0)}) + {b}"
    spec["audience_cost"] = a * spec.get("audience_cost", 0)
    return yaml.safe_dump(data, sort_keys=False)


def _best_scores(scenario, name):
    """(each zone package's score, in package order) and the packages."""
    game = compile_game(scenario)
    z = negotiation.zopa(game)
    return game, z, criterion_scores(name, z.utilities, game.batna, game.power,
                                     z.utilities.max(axis=0) if z.size else None)


@given(st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_normalised_criteria_are_invariant_to_rescaling_one_party(data):
    text = data.draw(scenario_yaml(max_parties=3, max_issues=3))
    party = data.draw(st.sampled_from(sorted(yaml.safe_load(text)["parties"])))
    a = data.draw(st.sampled_from([0.5, 2.0, 3.0]))
    b = data.draw(st.sampled_from([-1.0, 0.0, 0.3]))
    before = negotiation.loads(text)
    after = negotiation.loads(rescaled(text, party, a, b))
    assert negotiation.zopa(before).size == negotiation.zopa(after).size
    for name in INVARIANT:
        x, y = negotiation.solve(before, name), negotiation.solve(after, name)
        assert x.found == y.found
        if not x.found:
            continue
        # the package chosen after rescaling is optimal before it (ties may be
        # broken otherwise: the tie-break is a raw sum)
        game, z, scores = _best_scores(before, name)
        labels = [game.labels(p) for p in z.packages]
        assert scores[labels.index(y.package)] == pytest.approx(scores.max(), rel=1e-9,
                                                                abs=1e-12), name


def _pie(scale_a: float = 1.0) -> str:
    n = 12
    shares = [f"s{k:02d}" for k in range(n + 1)]
    data = {"format": "negotiation/1", "title": "pie", "parties": {"a": {}, "b": {}},
            "issues": {"share": {"options": shares, "status_quo": shares[0]}},
            "preferences": {
                "a": {"weights": {"share": 1},
                      "scores": {"share": {o: scale_a * k / n for k, o in enumerate(shares)}}},
                "b": {"weights": {"share": 1},
                      "scores": {"share": {o: 1 - k / n for k, o in enumerate(shares)}}}}}
    return yaml.safe_dump(data, sort_keys=False)


def test_the_raw_egalitarian_moves_when_one_party_is_rescaled():
    """Raw gains: 3s = 1 - s puts a's share at 1/4; normalised, still 1/2."""
    plain, tripled = negotiation.loads(_pie()), negotiation.loads(_pie(3.0))
    assert negotiation.solve(plain, "egalitarian").package == {"share": "s06"}
    assert negotiation.solve(tripled, "egalitarian").package == {"share": "s03"}
    assert negotiation.solve(tripled, "normalised_egalitarian").package == {"share": "s06"}
    # the raw utilitarian follows the larger scale to the end of the pie
    assert negotiation.solve(tripled, "utilitarian").package == {"share": "s12"}


@given(st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_normalised_egalitarian_is_kalai_smorodinsky(data):
    scenario = negotiation.loads(data.draw(scenario_yaml(max_parties=3, max_issues=3)))
    a = negotiation.solve(scenario, "normalised_egalitarian")
    b = negotiation.solve(scenario, "kalai_smorodinsky")
    assert a.package == b.package


@pytest.mark.parametrize("name", ["normalised_egalitarian", "normalised_utilitarian"])
def test_normalised_criteria_by_milp_and_over_lotteries(name, standoff, logroll):
    for s in (standoff, logroll):
        a = negotiation.solve(s, name)
        b = negotiation.solve(s, name, method="milp")
        assert a.package == b.package and b.exact
        mix = negotiation.solve(s, name, lotteries=True)
        assert mix.found and mix.exact
    ks = negotiation.solve(logroll, "kalai_smorodinsky", lotteries=True)
    ne = negotiation.solve(logroll, "normalised_egalitarian", lotteries=True)
    assert np.allclose(list(ks.utilities.values()), list(ne.utilities.values()))


def test_the_lottery_normalised_utilitarian_is_the_best_sum_of_shares(logroll):
    mix = negotiation.solve(logroll, "normalised_utilitarian", lotteries=True)
    front = negotiation.frontier(logroll)
    u, d = front.utilities, front.batna
    shares = ((u - d) / (u.max(axis=0) - d)).sum(axis=1)
    got = sum((mix.utilities[p] - d[k]) / (u[:, k].max() - d[k])
              for k, p in enumerate(front.game.party_ids))
    assert got == pytest.approx(shares.max(), abs=1e-7)  # a linear objective: a vertex


# ---------------------------------------------------------------- reports name their scale
def test_every_criterion_names_its_scale():
    assert set(SCALES) == set(CRITERIA)
    assert "own utility scales" in SCALES["egalitarian"]
    assert "normalised" in SCALES["normalised_egalitarian"]


def test_solve_json_names_the_scales(capsys):
    assert main(["solve", "standoff", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["scales"]) == set(CRITERIA)
    for name, solution in data["solutions"].items():
        assert solution["scale"] == SCALES[name]


def test_offramp_reports_the_normalised_thinnest_margin(capsys, standoff, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # one paragraph per line
    result = negotiation.find_offramps(standoff, k=2, details=False)
    for o in result.offramps:
        party, share = o.thinnest
        assert share == pytest.approx(min(o.normalised_margins.values()))
        assert 0.0 <= share <= 1.0 + 1e-12
    data = result.to_data()
    assert data["scale"] == SCALES["nash"]
    assert {"party", "share"} == set(data["offramps"][0]["thinnest_margin"])
    assert main(["offramps", "standoff", "--k", "1"]) == 0
    out = capsys.readouterr().out
    assert "Thinnest margin (normalised" in out
    assert "own scale" in out and "relative to each one's declared range" in out


def test_robustness_ranks_by_the_change_relative_to_the_range(standoff):
    result = negotiation.find_offramps(standoff, k=1)
    weakest = result.offramps[0].robustness.weakest
    entry = result.offramps[0].robustness.parameters[weakest["parameter"]]
    span = entry["range"][1] - entry["range"][0]
    assert weakest["relative_change"] == pytest.approx(weakest["change"] / span)
    for e in result.offramps[0].robustness.parameters.values():
        for key in ("breaks_below", "breaks_above"):
            if e[key] is not None:
                relative = abs(e[key] - e["value"]) / (e["range"][1] - e["range"][0])
                assert relative >= weakest["relative_change"] - 1e-12
    assert "of its range" in result.offramps[0].robustness.explain()


def test_red_line_prices_name_their_scale(capsys, standoff):
    assert negotiation.analyze_red_lines(standoff).to_data()["scale"] == SCALES["nash"]
    assert main(["redlines", "standoff"]) == 0
    assert "compares the parties on" in capsys.readouterr().out
