"""The bundled January 2022 scenario (`ukraine_2022`): built as a scholar would
defend it, and held to what happened on 24 February 2022.

The structural tests read the file; the findings are derived by hand from it
where the arithmetic is short (the batnas below), and otherwise asserted as
directions that must hold whatever the exact numbers (a softer demand, a lower
war risk).

Russia's utilities at the defaults (weights normalised by their sum 1.27:
kyiv_government 0.30, nato_open_door 0.30, eastern_deployments 0.10,
ukraine_military_ties 0.15, missile_placement 0.10, exercises 0.05,
arms_control 0.06, russian_troops 0.08, rhetoric 0.03, minsk_track 0.08,
risk_reduction 0.02; the neutrality stake 0.47 is added after normalising):
  status quo: (current 0.3 * 0.10 + massed 0.08 + hostile 0.03 + stalled
    0.3 * 0.08) / 1.27 - 0.47                                   = -0.341
  Kyiv falls: (installed 0.30 + no ties 0.15 + massed 0.08 + hostile 0.03 +
    implementation 0.08) / 1.27                                 =  0.504
  Ukraine holds: (massed 0.08 + hostile 0.03 + stalled 0.024) / 1.27 - 0.47
                                                                = -0.364
  war by Moscow's belief 0.8, cost 0.15 + sanctions 0.2:
    0.8 * 0.504 + 0.2 * (-0.364) - 0.35                         = -0.0197
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from console_docs import console_blocks, shown_in_order

import negotiation
from negotiation.bundled import bundled_dir
from negotiation.cli import main

NAME = "ukraine_2022"
RUSSIA_LINES = ("russia_no_enlargement", "russia_no_military_activity_in_ukraine",
                "russia_1997_line")
WEST_LINES = ("us_no_membership_ban", "nato_open_door_stays", "us_no_rollback",
              "nato_no_rollback")
# the replies of 26 January as the file encodes them
REPLIES = {"ukraine_military_ties": "reciprocal_restraint",
           "missile_placement": "reciprocal_limits", "exercises": "transparency",
           "arms_control": "talks", "russian_troops": "withdrawn", "rhetoric": "toned_down",
           "minsk_track": "talks", "risk_reduction": "channels_restored"}


@pytest.fixture(scope="module")
def ukraine():
    return negotiation.load(NAME)


@pytest.fixture(scope="module")
def game(ukraine):
    return negotiation.compile_game(ukraine)


# ------------------------------------------------------------------ the file
def test_every_red_line_of_both_sides_is_stated_with_a_source(ukraine):
    lines = {c.id: c for c in ukraine.constraints if c.kind == "red_line"}
    assert set(RUSSIA_LINES) | set(WEST_LINES) | {"ukraine_nothing_without_ukraine"} \
        == set(lines)
    for c in lines.values():
        assert c.source in ukraine.sources, c.id
    assert {lines[i].owner for i in RUSSIA_LINES} == {"russia"}


def test_war_is_an_outcome_with_separate_beliefs(ukraine):
    war = ukraine.war
    assert war.initiator == "russia"
    assert set(war.costs) >= {"russia", "united_states", "nato", "ukraine", "france_germany"}
    # Moscow's belief and the West's estimate are different parameters, each
    # with a range, a distribution and a description citing its sources
    believed = war.beliefs["russia"]["kyiv_falls"].names
    common = war.chances["kyiv_falls"].names
    assert believed == {"p_quick_russia"} and common == {"p_quick_west"}
    for name in ("p_quick_russia", "p_quick_west"):
        p = ukraine.parameters[name]
        assert p.range is not None and p.distribution is not None
        assert any(src in p.description for src in ukraine.sources), name
    assert "HINDSIGHT" in ukraine.parameters["p_quick_russia"].description
    assert ukraine.private_parameters == {"war_cost": "russia"}


def test_the_offers_belong_to_their_makers_and_the_ties_are_an_issue(ukraine):
    issues = ukraine.issues
    assert issues["ukraine_military_ties"].status_quo == "arms_and_training"
    offered = {i: issue.offered_by for i, issue in issues.items() if issue.offered_by}
    assert offered == {"ukraine_military_ties": "united_states",
                       "missile_placement": "united_states", "exercises": "nato",
                       "arms_control": "united_states", "risk_reduction": "nato"}


def test_the_west_is_one_side_and_the_ratifiers_apply(ukraine):
    assert ukraine.sides == {"west": ("united_states", "nato", "france_germany")} or \
        {k: tuple(v) for k, v in ukraine.sides.items()} == \
        {"west": ("united_states", "nato", "france_germany")}
    ratifies = {pid: p.ratifies for pid, p in ukraine.parties.items() if p.ratifies}
    assert {pid: r.party for pid, r in ratifies.items()} == \
        {"us_senate": "united_states", "frontline_allies": "nato"}


def test_every_judgement_is_a_declared_parameter(ukraine):
    for name, p in ukraine.parameters.items():
        assert p.range is not None and p.description, name
    raw = yaml.safe_load((bundled_dir() / f"{NAME}.yaml").read_text(encoding="utf-8"))
    assert not any("batna" in party for party in raw["parties"].values())  # all from the war


# ---------------------------------------------------------------- the check
def test_the_scenario_passes_its_own_consistency_check(ukraine):
    c = negotiation.check_consistency(ukraine)
    assert c.passes
    explained = {x.id for x in c.lines if x.flagged}
    assert explained == {"russia_1997_line", "ukraine_nothing_without_ukraine"}
    assert all(x.posture for x in c.lines if x.flagged)


def test_the_stakes_are_the_least_that_make_the_lines_agree(ukraine):
    # a little below its default, each stake leaves its owner's lines postures
    below = negotiation.check_consistency(ukraine, values={"russia_neutrality_stake": 0.45})
    assert {x.id for x in below.unexplained} == {"russia_no_military_activity_in_ukraine"}
    below = negotiation.check_consistency(ukraine, values={"west_principle_stake": 0.35})
    assert {x.id for x in below.unexplained} == {"us_no_rollback"}
    # read as positions (stake 0), Russia's demands on Ukraine are postures
    soft = negotiation.check_consistency(ukraine, values={"russia_neutrality_stake": 0.0})
    assert {"russia_no_enlargement", "russia_no_military_activity_in_ukraine"} <= \
        {x.id for x in soft.unexplained}


# ---------------------------------------------------------------- findings
def test_russia_fights_and_no_deal_means_war(game):
    nd = game.no_deal
    r = game.party_index("russia")
    assert nd.fights
    assert nd.war_payoffs[r] == pytest.approx(-0.0197, abs=5e-4)  # hand-derived above
    assert nd.status_quo[r] == pytest.approx(-0.341, abs=5e-4)
    assert (game.batna == nd.war_payoffs).all()


def test_the_status_quo_is_not_in_the_zone(game):
    sq = game.status_quo[None]
    assert not game.acceptable(sq)[0]  # it crosses Russia's red lines
    broken = {c.id for c, ok in zip(game.constraints, game.satisfied(sq)[0]) if not ok}
    assert broken == set(RUSSIA_LINES)
    assert not game.meets_batna(game.effective(sq))[0]  # and Russia prefers war to it


def test_the_stated_red_lines_cannot_hold_together(ukraine):
    r = negotiation.analyze_red_lines(ukraine)
    assert not r.jointly_feasible
    relaxations = r.minimal_relaxations
    assert relaxations and all({"russia_no_enlargement", "russia_1997_line"} <= set(s)
                               for s in relaxations)


def test_with_every_stated_line_war_is_certain_and_softer_demands_lower_it(ukraine):
    assert negotiation.crisis(ukraine).war_probability == pytest.approx(1.0)
    risks = [negotiation.crisis(ukraine, drop=RUSSIA_LINES,
                                values={"russia_neutrality_stake": s}).war_probability
             for s in (0.0, 0.2, 0.4, 0.47)]
    assert risks[0] == 0.0 and risks == sorted(risks) and risks[-1] > 0.3


def test_the_offer_made_was_riskier_than_the_best_offer(ukraine):
    c = negotiation.crisis(ukraine, drop=RUSSIA_LINES, offer=REPLIES)
    made, best = c.made_offer, c.offer
    assert made["fails_surely"] == [] and made["exact"]
    assert made["war_probability"] > best["war_probability"]
    # the best offer buys its lower risk with what the replies refused
    assert best["package"]["ukraine_military_ties"] == "no_military_activity"
    # with Russia's lines held, the replies cross them and fail surely
    held = negotiation.crisis(ukraine, offer=REPLIES).made_offer
    assert set(held["fails_surely"]) >= {"russia_no_enlargement", "russia_1997_line"}


def test_read_as_positions_the_demands_leave_an_offramp_that_holds(ukraine):
    values = {"russia_neutrality_stake": 0.0}
    found = negotiation.find_offramps(ukraine, drop=RUSSIA_LINES, values=values)
    assert found.exists and found.count > 100
    held = negotiation.hold(ukraine, drop=RUSSIA_LINES, values=values, fixes=False)
    assert held.stable["seq"] and not held.stable["nash"]


def test_the_run_report_says_why_talks_fail(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["run", NAME, "--sections", "summary,crisis,redlines"]) == 0
    out = capsys.readouterr().out
    assert "No deal exists" in out and "war with probability 1.000" in out
    summary = out.split("Summary")[1].split("\n\n\n")[0]
    assert "No deal means war" in summary and "a probability of war of 1.000" in summary
    assert "postures" not in summary  # every flagged line is explained in the file
    assert max(len(line) for line in out.splitlines()) <= 100


# ------------------------------------------------------------- the case study
STUDY = Path(__file__).resolve().parents[1] / "docs" / "case-study-ukraine-2022.md"


def test_the_case_study_shows_what_the_commands_print(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    blocks = console_blocks(STUDY)
    assert len(blocks) == 8
    for command, pasted in blocks:
        assert main(shlex.split(command)[1:]) == 0, command
        out, err = capsys.readouterr()
        assert shown_in_order(pasted, (out + err).splitlines()), f"{command}:\n{out}{err}"


def _table_rows() -> list[list[str]]:
    """The rows of the case study's table of settings, cells stripped."""
    text = STUDY.read_text(encoding="utf-8")
    start = text.index("| setting | Russia fights |")
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_case_study_table_is_what_crisis_computes(ukraine):
    rows = _table_rows()
    assert len(rows) == 9
    for setting, fights, held, best, made in rows:
        values = {}
        if setting != "defaults":
            name, value = re.fullmatch(r"`(\w+)=([\d.]+)`", setting).groups()
            values = {name: float(value)}
        every = negotiation.crisis(ukraine, values=values)
        dropped = negotiation.crisis(ukraine, values=values, drop=RUSSIA_LINES, offer=REPLIES)
        assert fights == ("yes" if every.game.no_deal.fights else "no"), setting
        assert f"{every.war_probability:.3f}" == held, setting
        assert f"{dropped.war_probability:.3f}" == best, setting
        assert f"{dropped.made_offer['war_probability']:.3f}" == made, setting


def test_the_file_is_the_bundled_one():
    assert (bundled_dir() / f"{NAME}.yaml").exists()
