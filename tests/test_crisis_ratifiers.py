"""Crisis bargaining with a ratifier: its approval narrows the offers exactly as
the equivalent red line would (Putnam 1988; Tarar 2001)."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.bundled import bundled_dir

PIE = (bundled_dir() / "fearon_pie.yaml").read_text(encoding="utf-8")
SHARES = [f"a_{5 * k:02d}" if k < 20 else "a_100" for k in range(21)]


def _b_share(option: str) -> float:
    return 1 - int(option[2:]) / 100


def with_ratifier(r: float) -> negotiation.Scenario:
    """fearon_pie with a ratifier of B whose utility is B's share, batna r."""
    data = yaml.safe_load(PIE)
    data["parties"]["senate"] = {"name": "B's legislature", "ratifies": {"party": "b"}}
    data["preferences"]["senate"] = data["preferences"]["b"]
    data["war"]["costs"]["senate"] = r  # its batna: B's war payoff at the common chances, less r
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))


def with_red_line(approved: list[str]) -> negotiation.Scenario:
    data = yaml.safe_load(PIE)
    data["constraints"] = [{"id": "approved", "owner": "b", "kind": "red_line",
                            "rule": f"division in [{', '.join(approved)}]"}]
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))


@settings(max_examples=12, deadline=None)
@given(cost=st.sampled_from([0.0, 0.05, 0.1, 0.2, 0.3]))
def test_a_ratifier_narrows_the_offers_as_its_red_line_would(cost):
    s = with_ratifier(cost)
    game = negotiation.compile_game(s)
    k = game.party_index("senate")
    # its war payoff: B takes the pie with chance 1 - p_win = 0.4, at cost `cost`
    assert game.batna[k] == pytest.approx(0.4 - cost)
    approved = [o for o in SHARES if _b_share(o) >= game.batna[k] - 1e-9]
    with_senate = negotiation.crisis(s)
    by_rule = negotiation.crisis(with_red_line(approved))
    assert with_senate.offer["package"] == by_rule.offer["package"]
    assert with_senate.offer["war_probability"] == pytest.approx(
        by_rule.offer["war_probability"])


def test_a_hawkish_ratifier_lowers_the_risk_of_war():
    # a senate that bears no cost of war approves only shares of at least 0.4
    # for B (its war payoff), more than A would offer alone: the offer is
    # accepted by more of B's types
    free = negotiation.crisis("fearon_pie")
    hawk = negotiation.crisis(with_ratifier(0.0))
    # A's best is then the least the senate approves, 0.6 for A, which every
    # type of B accepts (its war payoff 0.4 - cost_b is at most 0.4)
    assert free.offer["package"] == {"division": "a_75"}
    assert hawk.offer["package"] == {"division": "a_60"}
    assert hawk.offer["war_probability"] == pytest.approx(0.0)
    assert free.offer["war_probability"] == pytest.approx(0.375)


def test_a_ratifier_cannot_hold_a_private_type():
    data = yaml.safe_load(PIE)
    data["parties"]["senate"] = {"ratifies": {"party": "b"}}
    data["preferences"]["senate"] = data["preferences"]["b"]
    data["parameters"]["senate_cost"] = {"value": 0.1, "range": [0, 0.2],
                                         "distribution": {"uniform": [0, 0.2]}}
    data["war"]["costs"]["senate"] = "senate_cost"
    data["private"] = {"b": ["cost_b"], "senate": ["senate_cost"]}
    with pytest.raises(ValueError, match="ratifier"):
        negotiation.crisis(negotiation.loads(yaml.safe_dump(data, sort_keys=False)))


# ------------------------------------------------ an offer given, evaluated
@pytest.mark.parametrize("share, accept", [("a_60", 1.0), ("a_80", 0.5), ("a_90", 0.25),
                                           ("a_75", 0.625)])
def test_an_offer_given_is_accepted_by_the_types_that_prefer_it(share, accept):
    # B accepts A's share x when 1 - x >= 0.4 - c_b, c_b uniform on [0, 0.4]:
    # P(accept) = P(c_b >= x - 0.6) = 1 - (x - 0.6) / 0.4, capped at 1
    made = negotiation.crisis("fearon_pie", offer={"division": share}).made_offer
    assert made["acceptance_probability"] == pytest.approx(accept)
    assert made["war_probability"] == pytest.approx(1 - accept)
    assert made["exact"] and made["fails_surely"] == []


def test_an_offer_across_a_red_line_fails_surely():
    s = with_red_line(["a_00", "a_05"])  # B's red line: A gets at most 0.05
    made = negotiation.crisis(s, offer={"division": "a_50"}).made_offer
    assert made["fails_surely"] == ["approved"]
    # A then fights (0.6 - 0.1 = 0.5 > 0.4 at the status quo): war for sure
    assert made["war_probability"] == pytest.approx(1.0)
    dropped = negotiation.crisis(s, offer={"division": "a_50"}, drop=["approved"]).made_offer
    assert dropped["fails_surely"] == [] and dropped["war_probability"] == pytest.approx(0.0)


def test_an_unknown_offer_is_a_clear_error(capsys):
    from negotiation.cli import main

    with pytest.raises(ValueError, match="no option 'a_33'"):
        negotiation.crisis("fearon_pie", offer={"division": "a_33"})
    assert main(["crisis", "fearon_pie", "--offer", "division"]) == 2
    assert "ISSUE=OPTION" in capsys.readouterr().err
