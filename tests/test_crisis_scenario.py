"""negotiation.crisis on scenarios: the proposer's offer, P(war), mutual optimism."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from war_scenarios import pie, share

import negotiation
from negotiation.cli import main
from negotiation.solvers.conflict import types

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def test_uniform_private_cost_gives_fearons_offer_exactly():
    # p = 0.6, c_A = 0.1, c_B ~ U[0, 0.4]: x* = p + (C - c_A) / 2, P(war) = (C - c_A) / 2C
    c = negotiation.crisis(negotiation.loads(pie()), proposer="a")
    assert c.no_deal == "war"
    assert share(c.offer["package"]) == pytest.approx(0.75)
    assert c.offer["war_probability"] == pytest.approx(0.375, abs=1e-8)
    assert c.offer["acceptance_probability"] == pytest.approx(0.625, abs=1e-8)
    assert c.offer["exact"] is True
    # EU = x P(accept) + (p - c_A) P(war)
    assert c.offer["expected_utility"] == pytest.approx(0.75 * 0.625 + 0.5 * 0.375, abs=1e-8)


def test_exponential_private_cost_matches_the_closed_form():
    # c_B ~ Exp(mean m): x* = p - c_A + m, P(war) = 1 - exp(-(x* - p) / m)
    p, c_a, m = 0.6, 0.1, 0.15
    text = pie(distribution=f"{{exponential: [{m}]}}", cost_b_range=None)
    c = negotiation.crisis(negotiation.loads(text), proposer="a")
    assert c.offer["exact"] is True
    assert share(c.offer["package"]) == pytest.approx(p - c_a + m)
    assert c.offer["war_probability"] == pytest.approx(1 - np.exp(-(m - c_a) / m), abs=1e-6)
    closed = negotiation.crisis_offer(p, c_a, __import__("scipy.stats").stats.expon(scale=m))
    assert share(c.offer["package"]) == pytest.approx(closed.demand, abs=1e-6)


def test_nothing_private_means_no_war_and_the_complete_information_offer():
    c = negotiation.crisis(negotiation.loads(pie(private=False)), proposer="a")
    assert c.offer["war_probability"] == 0 and c.offer["acceptance_probability"] == 1
    # B accepts anything worth its batna 0.4 - 0.2: A demands p + c_B = 0.8
    assert share(c.offer["package"]) == pytest.approx(0.8)
    assert c.to_data()["complete_information"]["package"] == c.offer["package"]
    assert c.method == "complete information"


@SETTINGS
@given(p=st.integers(2, 8), cost_a=st.integers(0, 5), width=st.integers(1, 8))
def test_the_chosen_offer_is_best_and_war_needs_private_information(p, cost_a, width):
    p, cost_a, width = p / 10, cost_a / 20, width / 20
    text = pie(options=21, p=p, cost_a=cost_a, distribution=f"{{uniform: [0, {width}]}}",
               cost_b_range=f"[0, {width}]").replace("value: 0.2", f"value: {width / 2}")
    c = negotiation.crisis(negotiation.loads(text), proposer="a")
    curve = c.risk_return
    best = max(r["expected_utility"] for r in curve)
    assert c.offer["expected_utility"] == pytest.approx(best, abs=1e-12)
    for r in curve:
        assert 0 <= r["war_probability"] <= 1 - r["acceptance_probability"] + 1e-12
    # the hand formula on the grid: B accepts x iff 1 - x >= 1 - p - c_B
    for r in curve:
        x = share(r["package"])
        accept = float(np.clip(1 - (x - p) / width, 0, 1))
        if c.no_deal == "war":
            assert r["acceptance_probability"] == pytest.approx(accept, abs=1e-7)


def test_monte_carlo_agrees_with_the_exact_route():
    s = negotiation.loads(pie())
    c = negotiation.crisis(s, proposer="a")
    game = c.game
    p, informed = game.party_index("a"), [game.party_index("b")]
    mc = types.monte_carlo(game, c.utilities, informed, p, ["cost_b"], 40_000, seed=3)
    sd = np.sqrt(c.acceptance.accept * (1 - c.acceptance.accept) / 40_000)
    assert np.all(np.abs(mc.accept - c.acceptance.accept) <= 5 * sd + 1e-9)
    assert not mc.exact and mc.samples == 40_000


def test_two_private_parameters_go_to_monte_carlo_with_an_interval():
    text = pie(cost_b="cost_b + extra", extra_parameters=(
        "  extra: {value: 0.0, range: [0, 0.1], distribution: {uniform: [0, 0.1]}}"))
    text = text.replace("  b: [cost_b]", "  b: [cost_b, extra]")
    c = negotiation.crisis(negotiation.loads(text), proposer="a", samples=5000, seed=1)
    assert c.offer["exact"] is False
    low, high = c.offer["intervals"]["war_probability"]
    assert low <= c.offer["war_probability"] <= high
    assert "monte carlo" in c.method
    again = negotiation.crisis(negotiation.loads(text), proposer="a", samples=5000, seed=1)
    assert again.offer == c.offer  # seeded


def test_a_private_type_outside_the_war_block_is_refused():
    text = pie().replace("weights: {x: 1}", "weights: {x: cost_b}", 1)
    with pytest.raises(ValueError, match="private parameter 'cost_b' enters preferences"):
        negotiation.crisis(negotiation.loads(text), proposer="a")


def test_mutual_optimism_empties_the_zone_and_says_so():
    # A believes it prevails with 0.7, B that B prevails with 0.6: the range is
    # [0.7 - c_A, 0.4 + c_B], empty for costs 0.1 + 0.1, [0.5, 0.6] for 0.2 + 0.2
    beliefs = ("  beliefs:\n    a: {a_wins: 0.7, b_wins: 0.3}\n"
               "    b: {a_wins: 0.4, b_wins: 0.6}")
    low_costs = negotiation.loads(pie(cost_a=0.1, cost_b=0.1, beliefs=beliefs, private=False))
    z = negotiation.zopa(low_costs)
    assert z.empty and z.to_data()["emptied_by_beliefs"]
    assert "a expects 0.70, b expects 0.60 for itself; the costs (0.20) cover a gap of " \
           "0.20, not 0.30" in z.explain()
    high = negotiation.zopa(negotiation.loads(pie(cost_a=0.2, cost_b=0.2, beliefs=beliefs,
                                                  private=False)))
    shares = sorted(int(high.game.labels(k)["x"][1:]) / 100 for k in high.packages)
    assert shares[0] == pytest.approx(0.5) and shares[-1] == pytest.approx(0.6)
    assert high.to_data()["emptied_by_beliefs"] is False


def test_an_empty_zone_without_beliefs_is_not_blamed_on_them():
    # a war block, no beliefs: the zone is never empty by beliefs
    z = negotiation.zopa(negotiation.loads(pie(private=False)))
    assert not z.empty and not z.to_data()["emptied_by_beliefs"]


def test_crisis_command_json_contract(capsys):
    assert main(["crisis", "fearon_pie", "--proposer", "a", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"proposer", "no_deal", "war_payoffs", "offer", "complete_information",
            "risk_return"} <= set(data)
    assert data["no_deal"] in ("war", "status_quo")
    offer = data["offer"]
    assert {"package", "utilities", "acceptance_probability", "war_probability",
            "expected_utility", "exact"} <= set(offer)
    assert offer["package"] == {"division": "a_75"}
    assert {"package", "acceptance_probability", "expected_utility"} <= set(
        data["risk_return"][0])


def test_crisis_command_refuses_what_it_cannot_answer(capsys):
    assert main(["crisis", "standoff"]) == 2
    assert "no war block" in capsys.readouterr().err
    assert main(["crisis", "fearon_pie", "--proposer", "nobody"]) == 2
    assert "unknown proposer 'nobody'" in capsys.readouterr().err


def test_run_has_a_war_section_only_with_a_war_block(capsys):
    assert main(["run", "fearon_pie", "--format", "json"]) == 0
    assert "crisis" in json.loads(capsys.readouterr().out)
    assert main(["run", "standoff", "--format", "json"]) == 0
    assert "crisis" not in json.loads(capsys.readouterr().out)


def test_uncertainty_keeps_types_apart_from_the_analysts_draws(capsys):
    assert main(["uncertainty", "fearon_pie", "--ranges", "--war-samples", "30",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    risk = data  # one section: its data is the whole report
    assert risk["private_types"] == {"cost_b": "b"}
    assert "cost_b" not in risk["analyst_parameters"] and risk["box_of_ranges"] is True
    low, high = risk["interval_of_mean"]
    assert 0 <= low <= risk["mean"] <= high <= 1


def test_war_risk_at_a_point_is_the_crisis_answer():
    # only cost_a is drawn, over a range of one value: every draw is the default
    text = pie(extra_parameters="  q: {value: 0.1, range: [0.1, 0.1000001]}").replace(
        "costs: {a: 0.1", "costs: {a: q")
    risk = negotiation.war_risk(negotiation.loads(text), samples=5, ranges=True)
    assert risk.mean == pytest.approx(0.375, abs=1e-5)


def test_the_concepts_page_shows_what_the_command_prints(capsys, monkeypatch):
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "concepts" / "crisis-bargaining.md"
    block = page.read_text().split("```console\n$ negotiation crisis fearon_pie\n")[1]
    pasted = [line for line in block.split("```")[0].splitlines() if line.strip() != "..."]
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["crisis", "fearon_pie"]) == 0
    printed = capsys.readouterr().out
    assert "\n".join(pasted) in printed


def test_with_no_offer_possible_war_follows_with_the_chance_the_initiator_fights():
    # no acceptable package at all (a red line the feasibility rules exclude); the
    # initiator b, at 0.55 in the status quo, fights iff 0.6 - c_B > 0.55: c_B < 0.05
    text = pie(options=21, status_quo=9, initiator="b", p=0.4) + (
        "constraints:\n"
        "  - {id: keep, owner: a, kind: red_line, rule: x == s50}\n"
        "  - {id: never, kind: feasibility, rule: x != s50}\n")
    c = negotiation.crisis(negotiation.loads(text), proposer="a")
    assert c.offer is None and c.risk_return == []
    assert c.war_probability == pytest.approx(0.05 / 0.4, abs=1e-8)
    assert "war with probability 0.125" in c.explain()
    assert c.to_data()["war_probability"] == pytest.approx(0.125, abs=1e-8)


def test_the_crisis_report_says_whether_a_shift_of_power_makes_a_commitment_problem(capsys):
    # fearon_pie declares a shift (p_win_later, discount 0.9): at p_win_later 0.3
    # a's war now (0.5 a period, 5.0 in all) beats what b can credibly promise
    # (1.0 today, then 0.4 a period: 1 + 0.9 * 0.4 / 0.1 = 4.6), though a deal
    # exists in each period; with no shift (the default) there is none
    assert main(["crisis", "fearon_pie", "--set", "p_win_later=0.3", "--format", "json"]) == 0
    shifted = json.loads(capsys.readouterr().out)["commitment"]
    assert shifted["commitment_problem"] is True
    assert shifted["best_credible_offer"] == pytest.approx(4.6)
    assert main(["crisis", "fearon_pie", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["commitment"]["commitment_problem"] is False
    assert main(["crisis", "fearon_pie", "--set", "p_win_later=0.3"]) == 0
    assert "A commitment problem: a deal exists in each period" in \
        " ".join(capsys.readouterr().out.split())
