"""The Cuban missile crisis as a bargain (`cuban_1962_bargaining`), held to the
settlement of 28 October 1962.

Every number asserted is derived by hand from the scenario file in the comment
above it. At the defaults the weights sum to 1 for both parties, so the
utilities below are plain sums of the weights named.

United States (missiles 0.6, verification 0.1, pledge 0.1, Jupiters 0.1,
quarantine 0.1; scores: withdrawn, un_inspection, no pledge, Jupiters in place,
quarantine lifted are 1; -0.15 when the quarantine is lifted with the missiles
still in Cuba):
  status quo (deployed, none, none, in_place, in_force): no pledge 0.1 + Jupiters 0.1 = 0.20
  settlement (withdrawn, un_inspection, given, removed, lifted): missiles 0.6 +
    verification 0.1 + quarantine 0.1                                          = 0.80
  missiles removed by a war, the rest as now: 0.6 + no pledge 0.1 + Jupiters 0.1 = 0.80
Soviet Union (weights as declared, normalise: false: the missiles 0.40, half
of it the avowed defence of Cuba, 0.20 on the issue, half the unavowed
strategic balance, 0.20 as a private adjustment while they stay; pledge 0.30,
Jupiters 0.15, quarantine 0.10, verification 0.05; scores: deployed, no
inspection, pledge given, Jupiters removed, quarantine lifted are 1; audience
cost 0.05; the Jupiters and the balance are private):
  status quo: missiles 0.20 + balance 0.20 + no inspection 0.05               = 0.45
    what an audience sees: 0.20 + 0.05                                        = 0.25
  settlement: pledge 0.30 + Jupiters 0.15 + quarantine 0.10                   = 0.55
    what an audience sees (not the Jupiters): 0.30 + 0.10                     = 0.40
  so the settlement shows Moscow a visible gain of 0.40 - 0.25 = +0.15: with the
  balance share s, 0.40 - (0.40 (1 - s) + 0.05) = 0.40 s - 0.05, a gain for
  s >= 0.125; at s = 0 (the whole worth of the missiles counted in public)
  the loss of 0.05 of the earlier reading.
War (the US initiates; the strike removes the missiles with chance 0.9):
  US    0.9 * 0.80 + 0.1 * 0.20 - 0.7 = 0.04 < 0.20: the standoff goes on
  USSR  0.9 * 0.05 + 0.1 * 0.45 - 0.8 = -0.71 (with the missiles gone, only "no
        inspection", 0.05, is left of its status quo)
so both batnas are the status quo: US 0.20, USSR 0.45.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from console_docs import console_blocks, shown_in_order

import negotiation
from negotiation.cli import main
from negotiation.scenario.load import bundled_names, resolve
from negotiation.solvers.offramps import OfframpError

NAME = "cuban_1962_bargaining"
SETTLEMENT = {"missiles": "withdrawn", "verification": "un_inspection",
              "no_invasion_pledge": "given", "jupiters": "removed", "quarantine": "lifted"}
# the settlement with the quarantine kept in force
KEPT_QUARANTINE = {**SETTLEMENT, "quarantine": "in_force"}
PRIVATE_JUPITERS = "    offered_by: united_states\n    public: false\n"


@pytest.fixture(scope="module")
def cuba():
    return negotiation.load(NAME)


def _text() -> str:
    return resolve(NAME).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def public_trade():
    """The same crisis with the Jupiter removal publicly linked: the one line
    `public: false` (on the Jupiter issue) made `public: true`."""
    text = _text()
    assert text.count(PRIVATE_JUPITERS) == 1
    scenario = negotiation.loads(text.replace(PRIVATE_JUPITERS,
                                              "    offered_by: united_states\n    public: true\n"))
    assert all(issue.public for issue in scenario.issues.values())
    return scenario


# ------------------------------------------------------------------ the file
def test_it_is_bundled_and_validates(cuba, capsys):
    assert NAME in bundled_names() and "cuban_missile_1962" in bundled_names()
    assert main(["validate", NAME]) == 0
    assert ": ok (" in capsys.readouterr().out
    assert list(cuba.parties) == ["united_states", "soviet_union"]


def test_who_moves_what_and_what_is_public(cuba):
    issues = cuba.issues
    assert issues["missiles"].controlled_by == "soviet_union"
    assert issues["quarantine"].controlled_by == "united_states"
    assert issues["verification"].offered_by == "soviet_union"
    assert issues["no_invasion_pledge"].offered_by == "united_states"
    assert issues["jupiters"].offered_by == "united_states"
    assert not issues["jupiters"].public  # removed without public linkage
    assert all(issues[i].public for i in issues if i != "jupiters")
    assert cuba.war.initiator == "united_states" and cuba.offramp.party == "soviet_union"
    assert cuba.offramp.face == "strict" and cuba.offramp.requires_text == "missiles == withdrawn"


def test_every_judgement_is_a_parameter_with_a_range_and_a_description(cuba):
    for name, p in cuba.parameters.items():
        assert p.range is not None and p.description, name
    for c in cuba.constraints:  # every red line and condition cites a declared source
        assert c.source in cuba.sources, c.id


def test_no_deal_is_the_standoff(cuba):
    game = negotiation.compile_game(cuba)
    # module docstring: war is worth 0.04 to the US against 0.20 at the status quo
    assert game.no_deal.war_payoffs == pytest.approx([0.04, -0.71])
    assert game.no_deal.outcome == "status_quo"
    assert list(game.batna) == pytest.approx([0.20, 0.45])
    # the US fights exactly when 0.74 - us_war_cost > 0.20, i.e. us_war_cost < 0.54
    assert negotiation.compile_game(cuba, {"us_war_cost": 0.53}).no_deal.outcome == "war"
    assert negotiation.compile_game(cuba, {"us_war_cost": 0.55}).no_deal.outcome == "status_quo"


# ---------------------------------------------------- the settlement of 28 October
def test_the_settlement_is_a_golden_bridge_for_moscow(cuba):
    strict = negotiation.find_offramps(cuba)
    # Zone: withdrawn needs the pledge and the Jupiters (Soviet conditions), the
    # pledge needs the inspection (US condition). The settlement gives Moscow
    # 0.55 > 0.45; with the quarantine kept, 0.30 + 0.15 = 0.45, exactly its batna,
    # with a visible gain 0.30 - 0.25 = +0.05 (no audience cost): two packages.
    assert strict.zopa_size == 2 and strict.count == 2 and strict.face_costing_count == 0
    best, kept = strict.offramps
    assert best.package == SETTLEMENT and kept.package == KEPT_QUARANTINE
    assert best.visible_gain == pytest.approx(0.15)
    assert kept.visible_gain == pytest.approx(0.05)
    assert best.utilities["soviet_union"] == pytest.approx(0.55)
    assert best.margins["soviet_union"] == pytest.approx(0.10)
    assert kept.margins["soviet_union"] == pytest.approx(0.0, abs=1e-9)


def test_counted_wholly_in_public_the_missiles_make_it_cost_face(cuba):
    # s = 0: what an audience sees falls from 0.45 to 0.40
    strict = negotiation.find_offramps(cuba, values={"su_balance_share": 0.0})
    assert strict.zopa_size == 1 and strict.count == 0 and not strict.exists
    (costly,) = strict.face_costing
    assert costly.package == SETTLEMENT and costly.face_lost == pytest.approx(0.05)
    # its effective utility 0.55 - 0.05 = 0.50 still beats the batna 0.45
    assert costly.utilities["soviet_union"] == pytest.approx(0.50)
    # the one-issue change that would show a gain: no inspection (0.40 against
    # 0.40 + 0.05 = 0.45), which the US conditions exclude
    assert "us_pledge_for_verified_withdrawal" in strict.face_note
    cost = negotiation.find_offramps(cuba, face="cost", values={"su_balance_share": 0.0})
    assert cost.count == 1 and cost.offramps[0].package == SETTLEMENT
    assert cost.offramps[0].visible_gain == pytest.approx(-0.05)
    assert cost.offramps[0].paid_audience_cost


@pytest.mark.parametrize("values, golden", [
    # visible gain = pledge + quarantine - missiles (1 - s) - verification
    ({"su_balance_share": 0.125}, True),                       # 0.40 - 0.35 - 0.05 = 0
    ({"su_balance_share": 0.1}, False),                        # 0.40 - 0.36 - 0.05 < 0
    ({"su_balance_share": 0.0, "su_w_pledge": 0.35}, True),    # 0.45 - 0.40 - 0.05 = 0
    ({"su_balance_share": 0.0, "su_w_pledge": 0.34}, False),   # 0.44 - 0.45 < 0
    ({"su_balance_share": 0.0, "su_w_verification": 0.0}, True),  # 0.40 - 0.40 = 0
    ({"su_balance_share": 0.0, "su_w_missiles": 0.36}, False),  # 0.40 - 0.41 < 0
])
def test_which_reading_makes_it_a_golden_bridge(cuba, values, golden):
    strict = negotiation.find_offramps(cuba, values=values)
    assert (SETTLEMENT in [o.package for o in strict.offramps]) is golden
    if not golden:
        assert [f.package for f in strict.face_costing] == [SETTLEMENT]


def test_a_public_trade_would_have_shown_more_gain(public_trade):
    # The audience now sees the Jupiters too: 0.30 + 0.15 + 0.10 = 0.55 against
    # 0.25, a visible gain of +0.30; with the quarantine kept, 0.45 - 0.25 = +0.20.
    strict = negotiation.find_offramps(public_trade)
    assert strict.count == 2 and strict.face_costing_count == 0
    best, kept = strict.offramps
    assert best.package == SETTLEMENT and best.visible_gain == pytest.approx(0.30)
    assert kept.package == KEPT_QUARANTINE and kept.visible_gain == pytest.approx(0.20)
    # the US shows a gain either way (0.6 + 0.1 - 0.1 + 0.1 = 0.7 public, 0.6
    # with the Jupiters seen): publicity costs Washington no face in this model
    game = negotiation.compile_game(public_trade)
    us = game.party_index("united_states")
    assert game.visible_gain(game.package(SETTLEMENT)[None])[0, us] == pytest.approx(0.6)


# ------------------------------------------------------------------- will it hold
def test_the_settlement_holds_by_deterrence(cuba):
    h = negotiation.hold(cuba)
    assert h.package == SETTLEMENT
    # Each side has an improvement (not Nash), each answered credibly (SEQ).
    assert h.stable == {"nash": False, "gmr": True, "smr": True, "seq": True, "sim": True}
    assert "is self-enforcing under GMR, SMR, SEQ, SIM" in " ".join(h.explain().split())
    assert h.fixes == ()  # stable under SEQ, the concept fixes aim at: nothing to fix
    us, su = (next(d for d in h.defections if d.party == p)
              for p in ("united_states", "soviet_union"))
    # Washington takes back the pledge and the Jupiter removal: 0.80 + 0.1 + 0.1 = 1.00.
    assert us.move == {"no_invasion_pledge": "none", "jupiters": "in_place"}
    assert us.kind == "revoking an offer" and us.gain == pytest.approx(0.20) and us.stable
    # Moscow answers by bringing the missiles back and the inspection off (it gains:
    # 0.40 + 0.05 against 0.00 + 0.00), which leaves the US at 0.1 + 0.1 + 0.1 - 0.15.
    answer = us.responses[0]
    assert answer.party == "soviet_union" and answer.credible
    assert answer.move == {"missiles": "deployed", "verification": "none"}
    assert answer.leaves == pytest.approx(0.15)
    # Moscow brings the missiles back and revokes the inspection: from 0.55 to
    # 0.20 + 0.20 + 0.05 + 0.30 + 0.15 + 0.10 = 1.00.
    assert su.move == {"missiles": "deployed", "verification": "none"}
    assert su.gain == pytest.approx(0.45) and su.stable
    # The US answers with the strike: 0.04 for it against 0.1 - 0.15 = -0.05 there,
    # and 0.9 * 0.05 + 0.1 * 0.45 - 0.8 = -0.71 for Moscow.
    strike = su.responses[0]
    assert strike.party == "united_states" and strike.move == {"war": "war"}
    assert strike.credible and strike.leaves == pytest.approx(-0.71)


def test_hold_with_the_missiles_counted_in_public_finds_no_golden_bridge(cuba, capsys):
    with pytest.raises(OfframpError, match="No golden bridge for soviet_union"):
        negotiation.hold(cuba, fixes=False, values={"su_balance_share": 0.0})
    assert main(["hold", NAME, "--no-fixes", "--set", "su_balance_share=0"]) == 2
    err = capsys.readouterr().err
    assert "No golden bridge" in err and "Traceback" not in err
    # under face: cost the same settlement holds the same way
    h = negotiation.hold(cuba, face="cost", fixes=False, values={"su_balance_share": 0.0})
    assert h.package == SETTLEMENT and h.stable["seq"] and not h.stable["nash"]


def test_the_public_trade_holds_the_same_way(public_trade):
    h = negotiation.hold(public_trade, fixes=False)
    assert h.package == SETTLEMENT and h.stable["seq"] and not h.stable["nash"]
    su = next(d for d in h.defections if d.party == "soviet_union")
    assert su.gain == pytest.approx(0.45)  # 1.00 - 0.55


# ------------------------------------------------------------- private resolve
def test_moscows_offer_under_private_us_resolve(cuba):
    c = negotiation.crisis(cuba)
    # Offers are acceptable packages: the US red line leaves the two withdrawals,
    # and the one with the quarantine kept is worse for both (0.70 < 0.80 and
    # 0.45 < 0.55). The US accepts the settlement for every cost in [0.3, 1.2]:
    # its no-deal value is at most max(0.74 - 0.3, 0.20) = 0.44 < 0.80.
    assert c.offer["package"] == SETTLEMENT
    assert c.offer["acceptance_probability"] == pytest.approx(1.0)
    assert c.war_probability == pytest.approx(0.0) and c.method == "exact"
    assert c.offer["expected_utility"] == pytest.approx(0.55)  # no face to pay for


# ------------------------------------------------------------- the case study
STUDY = Path(__file__).resolve().parents[1] / "docs" / "case-study-cuba-1962.md"


def test_the_case_study_shows_what_the_commands_print(tmp_path, monkeypatch, capsys):
    # cuba_public.yaml as the page makes it: sed on the one line `    public: false`
    public, n = re.subn(r"^    public: false$", "    public: true", _text(), flags=re.M)
    assert n == 1
    (tmp_path / "cuba_public.yaml").write_text(public, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    blocks = console_blocks(STUDY)
    assert len(blocks) == 9
    for command, pasted in blocks:
        status = main(shlex.split(command)[1:])
        out, err = capsys.readouterr()
        assert status == (2 if command.endswith("--set su_balance_share=0")
                          and " hold " in f" {command} " else 0), command
        assert shown_in_order(pasted, (out + err).splitlines()), f"{command}:\n{out}{err}"
