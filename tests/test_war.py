"""The war block: the no-deal outcome chosen, batnas from one lottery, validation."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from war_scenarios import pie

import negotiation
from negotiation.cli import main
from negotiation.scenario.load import ScenarioError
from negotiation.scenario.override import with_field

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def test_batnas_are_the_war_payoffs_when_the_initiator_fights():
    s = negotiation.loads(pie(p=0.6, cost_a=0.1))
    game = negotiation.compile_game(s)
    assert game.no_deal.outcome == "war"
    # A: 0.6 * 1 + 0.4 * 0 - 0.1; B: 0.6 * 0 + 0.4 * 1 - 0.2
    assert game.batna == pytest.approx([0.5, 0.2])


def test_batnas_are_the_status_quo_when_war_does_not_pay():
    s = negotiation.loads(pie(p=0.6, cost_a=0.1, status_quo=60))
    game = negotiation.compile_game(s)  # war 0.5 < 0.6 at the status quo
    assert game.no_deal.outcome == "status_quo"
    assert game.batna == pytest.approx([0.6, 0.4])


@SETTINGS
@given(p=st.integers(0, 20), cost=st.integers(0, 10), sq=st.integers(0, 20),
       cost_b=st.integers(0, 8))
def test_no_deal_flips_where_war_crosses_the_status_quo(p, cost, sq, cost_b):
    p, cost, sq, cost_b = p / 20, cost / 20, sq / 20, cost_b / 20
    text = pie(options=21, p=p, cost_a=cost, status_quo=round(sq * 20), private=False)
    game = negotiation.compile_game(negotiation.loads(text), {"cost_b": cost_b})
    war_a, war_b = p - cost, (1 - p) - cost_b
    fights = war_a > sq + 1e-9
    assert game.no_deal.outcome == ("war" if fights else "status_quo")
    expected = [war_a, war_b] if fights else [sq, 1 - sq]
    assert game.batna == pytest.approx(expected, abs=1e-12)


def _two_issue(wa, wb, sa, sb, chance, costs, outcomes):
    """Two issues of three options, random additive utilities, a war of two outcomes."""
    opts = ["o0", "o1", "o2"]
    def scores(row):
        return "{" + ", ".join(f"{o}: {v!r}" for o, v in zip(opts, row)) + "}"
    out = "\n".join(f"    w{k}: {{{', '.join(f'{i}: {o}' for i, o in imposed.items())}}}"
                    for k, imposed in enumerate(outcomes))
    return f"""format: negotiation/1
title: two issues
parties: {{a: {{}}, b: {{}}}}
issues:
  i: {{options: [o0, o1, o2], status_quo: o1}}
  j: {{options: [o0, o1, o2], status_quo: o0}}
preferences:
  a: {{weights: {{i: {wa[0]!r}, j: {wa[1]!r}}}, scores: {{i: {scores(sa[0])}, j: {scores(sa[1])}}}}}
  b: {{weights: {{i: {wb[0]!r}, j: {wb[1]!r}}}, scores: {{i: {scores(sb[0])}, j: {scores(sb[1])}}}}}
war:
  initiator: b
  outcomes:
{out}
  chances: {{w0: {chance!r}, w1: {1 - chance!r}}}
  costs: {{a: {costs[0]!r}, b: {costs[1]!r}}}
"""


unit = st.floats(0, 1, allow_nan=False).map(lambda x: round(x, 3))
weight = st.floats(0.1, 1).map(lambda x: round(x, 3))
table = st.lists(st.lists(unit, min_size=3, max_size=3), min_size=2, max_size=2)
imposed = st.dictionaries(st.sampled_from(["i", "j"]), st.sampled_from(["o0", "o1", "o2"]))


@SETTINGS
@given(wa=st.tuples(weight, weight), wb=st.tuples(weight, weight), sa=table, sb=table,
       chance=unit, costs=st.tuples(unit, unit), outcomes=st.lists(imposed, min_size=2,
                                                                   max_size=2))
def test_every_batna_from_a_war_block_is_the_hand_formula(wa, wb, sa, sb, chance, costs,
                                                          outcomes):
    game = negotiation.compile_game(negotiation.loads(
        _two_issue(wa, wb, sa, sb, chance, costs, outcomes)))
    sq = {"i": 1, "j": 0}
    index = {"o0": 0, "o1": 1, "o2": 2}

    def u(w, s, package):  # weights normalised, scores summed: by hand
        return (w[0] * s[0][package["i"]] + w[1] * s[1][package["j"]]) / (w[0] + w[1])

    packages = [{**sq, **{k: index[v] for k, v in o.items()}} for o in outcomes]
    war = [chance * u(w, s, packages[0]) + (1 - chance) * u(w, s, packages[1]) - c
           for w, s, c in ((wa, sa, costs[0]), (wb, sb, costs[1]))]
    status = [u(wa, sa, sq), u(wb, sb, sq)]
    fights = war[1] > status[1] + 1e-9
    assert game.batna == pytest.approx(war if fights else status, abs=1e-9)


def test_beliefs_set_the_initiators_choice_and_its_own_batna():
    beliefs = "  beliefs:\n    a: {a_wins: 0.9, b_wins: 0.1}"
    s = negotiation.loads(pie(p=0.3, cost_a=0.1, status_quo=50, beliefs=beliefs))
    game = negotiation.compile_game(s)
    # by the common chances A would not fight (0.2 < 0.5); by its beliefs it does (0.8)
    assert game.no_deal.outcome == "war"
    assert game.batna == pytest.approx([0.8, 0.7 - 0.2])


def test_show_reports_every_batna_and_where_it_came_from(capsys, tmp_path):
    path = tmp_path / "pie.yaml"
    path.write_text(pie(p=0.6, cost_a=0.1))
    assert main(["show", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["batnas"]["a"] == {"value": pytest.approx(0.5), "from": "war"}
    assert data["batnas"]["b"]["from"] == "war"
    assert main(["show", "standoff", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {v["from"] for v in data["batnas"].values()} == {"declared"}


def test_scenarios_without_a_war_block_are_unchanged():
    s = negotiation.load("standoff")
    game = negotiation.compile_game(s)
    assert game.no_deal is None
    assert game.batna == pytest.approx([s.value(p.batna) for p in s.parties.values()])


def test_a_war_scenario_round_trips_through_yaml():
    s = negotiation.load("fearon_pie")
    again = negotiation.loads(s.to_yaml())
    assert again.war == s.war and again.private == s.private
    assert negotiation.compile_game(again).batna == pytest.approx(
        negotiation.compile_game(s).batna)


def test_war_quantities_are_paths_a_sweep_can_vary():
    s = negotiation.load("fearon_pie")
    paths = dict(s.quantities())
    assert {"war.chances.a_prevails", "war.costs.b", "war.beliefs.a.b_prevails"} <= set(paths)
    assert "parties.a.batna" not in paths  # the war sets it
    assert negotiation.compile_game(with_field(s, "war.costs.a", 0.3)).no_deal.outcome \
        == "status_quo"
    with pytest.raises(ValueError, match="summing to 1"):
        with_field(s, "war.chances.a_prevails", 0.9)


def test_the_sweeps_fast_path_agrees_with_recompiling():
    s = negotiation.load("fearon_pie")
    vary = {"p_win": [0.2, 0.5, 0.8], "p_win_a": [0.3, 0.9], "cost_a": [0.0, 0.3],
            "war.costs.b": [0.05, 0.35]}
    fast = negotiation.sweep(s, vary=vary, measures=["zopa_size", "utility:nash:a"],
                             progress=False)
    slow = negotiation.sweep(s, vary=vary, measures=["zopa_size", "utility:nash:a"],
                             progress=False, fast=False)
    assert fast["zopa_size"].tolist() == slow["zopa_size"].tolist()
    assert np.allclose(fast["utility:nash:a"], slow["utility:nash:a"], equal_nan=True)
    assert fast["zopa_size"].nunique() > 2  # the war moves the zone


BAD = [
    ('chances: {a_wins: 0.6, b_wins: "1 - 0.6"}', 'chances: {a_wins: 0.6, b_wins: 0.5}',
     "summing to 1.1"),
    ("initiator: a", "initiator: c", "war.initiator: unknown party 'c'"),
    ("a_wins: {x: s100}", "a_wins: {x: s101}", "unknown option 's101'"),
    ("a_wins: {x: s100}", "a_wins: {y: s100}", "unknown issue 'y'"),
    ('b_wins: "1 - 0.6"}', 'b_winz: "1 - 0.6"}', "unknown outcome 'b_winz'"),
    ("costs: {a: 0.1", "costs: {a: -0.1", "a cost of war is -0.1"),
    ("  b: [cost_b]", "  b: [nothing]", "unknown parameter 'nothing'"),
    ("  b: {}", "  b: {batna: 0.3}", "every batna comes from the war"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD, ids=[b[2] for b in BAD])
def test_a_bad_war_block_is_reported_at_its_line(tmp_path, capsys, old, new, message):
    text = pie(p=0.6, cost_a=0.1)
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ScenarioError, match=message):
        negotiation.load(path)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert err.startswith(f"{path}:") and err.split(":")[1].isdigit()


def test_chances_must_sum_to_one_over_the_whole_range(tmp_path):
    text = pie(p="p", cost_a=0.1, extra_parameters="  p: {value: 0.5, range: [0, 1]}")
    negotiation.loads(text)  # p and 1 - p: fine everywhere
    bad = text.replace('b_wins: "1 - p"', "b_wins: 0.5")
    with pytest.raises(ScenarioError, match=r"summing to 0.5 at p=0 "):
        negotiation.loads(bad)


def test_a_chance_that_cannot_be_computed_is_reported_where(tmp_path):
    text = pie(p="p", cost_a=0.1, extra_parameters="  p: {value: 0.5, range: [0, 1]}")
    bad = text.replace('b_wins: "1 - p"', 'b_wins: "(1 - p) * (p - 1) / (p - 1)"')
    with pytest.raises(ScenarioError,
                       match=r"the chance of b_wins: .* cannot be computed: .* at p=1 "):
        negotiation.loads(bad)


def test_chances_are_probed_inside_the_range_too():
    # 4 p (1 - p) is a probability on [0, 1] but sums with p to 1 only at two points
    text = pie(p="p", cost_a=0.1, extra_parameters="  p: {value: 0.0, range: [0, 1]}")
    negotiation.loads(text)
    bad = text.replace('b_wins: "1 - p"', 'b_wins: "1 - p + 4 * p * (1 - p) * (p - 0.5) ** 2"')
    with pytest.raises(ScenarioError, match=r"summing to 1\.\d+ at p=0\.\d+"):
        negotiation.loads(bad)


def test_a_private_parameter_needs_a_distribution():
    text = pie().replace("  b: [cost_b]", "  b: [p]").replace(
        "parameters:\n", "parameters:\n  p: 0.3\n")
    with pytest.raises(ScenarioError, match="private parameter 'p' has no distribution"):
        negotiation.loads(text)


def test_ordinal_parties_cannot_go_to_war(tmp_path):
    text = pie().replace("  b:\n    weights: {x: 1}", "  b:\n    ranking: [{x: s0}]\n    x: 1")
    text = text.split("  b:\n    ranking")[0] + "  b:\n    ranking: [{x: s0}]\n" + \
        "war:" + text.split("\nwar:")[1]
    with pytest.raises(ScenarioError, match="needs cardinal utilities"):
        negotiation.loads(text)
