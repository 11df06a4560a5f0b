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
Soviet Union (missiles 0.40, pledge 0.30, Jupiters 0.15, quarantine 0.10,
verification 0.05; scores: deployed, no inspection, pledge given, Jupiters
removed, quarantine lifted are 1; audience cost 0.05; the Jupiters are private):
  status quo: missiles 0.40 + no inspection 0.05                              = 0.45
  settlement: pledge 0.30 + Jupiters 0.15 + quarantine 0.10                   = 0.55
  settlement, what an audience sees (not the Jupiters): 0.30 + 0.10           = 0.40
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
def test_the_settlement_is_the_only_deal_and_costs_moscow_face(cuba):
    strict = negotiation.find_offramps(cuba)
    # Zone: withdrawn needs the pledge and the Jupiters (Soviet conditions), the
    # pledge needs the inspection (US condition); with the quarantine kept the
    # USSR has 0.45 - 0.05 (audience cost) = 0.40 < 0.45. One package is left.
    assert strict.zopa_size == 1
    # Not a golden bridge: what an audience sees falls from 0.45 to 0.40.
    assert strict.count == 0 and not strict.exists
    assert strict.face_costing_count == 1
    (costly,) = strict.face_costing
    assert costly.package == SETTLEMENT
    assert costly.face_lost == pytest.approx(0.05)
    # its effective utility 0.55 - 0.05 = 0.50 still beats the batna 0.45
    assert costly.utilities["soviet_union"] == pytest.approx(0.50)
    assert costly.margins["soviet_union"] == pytest.approx(0.05)
    # the one-issue change that would show a gain: no inspection (0.40 + 0.05 = 0.45),
    # which the US conditions on its pledge and on lifting the quarantine exclude
    assert "verification to none" in strict.face_note
    assert "us_pledge_for_verified_withdrawal" in strict.face_note


def test_under_face_cost_the_settlement_is_moscows_one_offramp(cuba):
    cost = negotiation.find_offramps(cuba, face="cost")
    assert cost.count == 1 and cost.offramps[0].package == SETTLEMENT
    assert cost.offramps[0].visible_gain == pytest.approx(-0.05)
    assert cost.offramps[0].paid_audience_cost


@pytest.mark.parametrize("values, golden", [
    # visible gain = (pledge + quarantine - missiles - verification) / (sum of weights)
    ({"su_w_pledge": 0.35}, True),       # (0.35 + 0.10 - 0.40 - 0.05) / 1.05 = 0
    ({"su_w_pledge": 0.34}, False),      # -0.01 / 1.04 < 0
    ({"su_w_verification": 0.0}, True),  # (0.30 + 0.10 - 0.40) / 0.95 = 0
    ({"su_w_quarantine": 0.15}, True),   # (0.30 + 0.15 - 0.40 - 0.05) / 1.05 = 0
    ({"su_w_missiles": 0.36}, False),    # -0.01 / 0.96 < 0
])
def test_which_soviet_weight_would_make_it_a_golden_bridge(cuba, values, golden):
    strict = negotiation.find_offramps(cuba, values=values)
    assert (SETTLEMENT in [o.package for o in strict.offramps]) is golden
    if not golden:
        assert [f.package for f in strict.face_costing] == [SETTLEMENT]


def test_a_public_trade_would_have_been_a_golden_bridge(public_trade):
    # The audience now sees the Jupiters too: 0.30 + 0.15 + 0.10 = 0.55 against
    # 0.45, a visible gain of +0.10. With the quarantine kept, 0.30 + 0.15 = 0.45:
    # no visible loss, no audience cost, exactly the batna 0.45: a second one.
    strict = negotiation.find_offramps(public_trade)
    assert strict.count == 2 and strict.face_costing_count == 0
    best, kept = strict.offramps
    assert best.package == SETTLEMENT and best.visible_gain == pytest.approx(0.10)
    assert kept.package == KEPT_QUARANTINE and kept.visible_gain == pytest.approx(0.0)
    # face: cost admits the same two: there is no visible loss left to pay for
    assert negotiation.find_offramps(public_trade, face="cost").count == 2
    # the US shows a gain either way (0.6 + 0.1 - 0.1 + 0.1 = 0.7 public, 0.6
    # with the Jupiters seen): publicity costs Washington no face in this model
    game = negotiation.compile_game(public_trade)
    us = game.party_index("united_states")
    assert game.visible_gain(game.package(SETTLEMENT)[None])[0, us] == pytest.approx(0.6)


# ------------------------------------------------------------------- will it hold
def test_the_settlement_holds_by_deterrence(cuba):
    h = negotiation.hold(cuba, face="cost")
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
    # Moscow brings the missiles back and revokes the inspection: from 0.50 (0.55
    # less the audience cost) to 0.40 + 0.05 + 0.30 + 0.15 + 0.10 = 1.00.
    assert su.move == {"missiles": "deployed", "verification": "none"}
    assert su.gain == pytest.approx(0.50) and su.stable
    # The US answers with the strike: 0.04 for it against 0.1 - 0.15 = -0.05 there,
    # and -0.71 for Moscow.
    strike = su.responses[0]
    assert strike.party == "united_states" and strike.move == {"war": "war"}
    assert strike.credible and strike.leaves == pytest.approx(-0.71)


def test_hold_at_strict_face_says_there_is_no_golden_bridge(cuba, capsys):
    with pytest.raises(OfframpError, match="No golden bridge for soviet_union"):
        negotiation.hold(cuba, fixes=False)
    assert main(["hold", NAME, "--no-fixes"]) == 2
    err = capsys.readouterr().err
    assert "No golden bridge" in err and "Traceback" not in err


def test_the_public_trade_holds_the_same_way(public_trade):
    h = negotiation.hold(public_trade, fixes=False)  # strict: now a golden bridge
    assert h.package == SETTLEMENT and h.stable["seq"] and not h.stable["nash"]
    su = next(d for d in h.defections if d.party == "soviet_union")
    # no audience cost at the deal any more: 1.00 - 0.55
    assert su.gain == pytest.approx(0.45)


# ------------------------------------------------------------- private resolve
def test_moscows_offer_under_private_us_resolve(cuba):
    c = negotiation.crisis(cuba)
    # Offers are acceptable packages: the US red line leaves the two withdrawals,
    # and the one with the quarantine kept is worse for both (0.70 < 0.80 and
    # 0.40 < 0.50). The US accepts the settlement for every cost in [0.3, 1.2]:
    # its no-deal value is at most max(0.74 - 0.3, 0.20) = 0.44 < 0.80.
    assert c.offer["package"] == SETTLEMENT
    assert c.offer["acceptance_probability"] == pytest.approx(1.0)
    assert c.war_probability == pytest.approx(0.0) and c.method == "exact"
    # Moscow expects its effective utility there, 0.55 - 0.05
    assert c.offer["expected_utility"] == pytest.approx(0.50)


# ------------------------------------------------------------- the case study
STUDY = Path(__file__).resolve().parents[1] / "docs" / "case-study-cuba-1962.md"


def _console_blocks() -> list[tuple[str, list[str]]]:
    """(command, pasted lines) of every ```console block of the case study."""
    blocks, lines, k = [], STUDY.read_text(encoding="utf-8").splitlines(), 0
    while k < len(lines):
        if lines[k].strip() == "```console":
            end = lines.index("```", k + 1)
            assert lines[k + 1].startswith("$ negotiation ")
            blocks.append((lines[k + 1][2:], lines[k + 2:end]))
            k = end
        k += 1
    return blocks


def _in_order(pasted: list[str], actual: list[str]) -> bool:
    remaining = iter(actual)
    return all(any(line == a for a in remaining) for line in pasted)


def test_the_case_study_shows_what_the_commands_print(tmp_path, monkeypatch, capsys):
    # cuba_public.yaml as the page makes it: sed on the one line `    public: false`
    public, n = re.subn(r"^    public: false$", "    public: true", _text(), flags=re.M)
    assert n == 1
    (tmp_path / "cuba_public.yaml").write_text(public, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    blocks = _console_blocks()
    assert len(blocks) == 10
    for command, pasted in blocks:
        status = main(shlex.split(command)[1:])
        out, err = capsys.readouterr()
        assert status == (2 if command.endswith("hold cuban_1962_bargaining --no-fixes") else 0)
        shown = [line for line in pasted if line.strip() != "..."]
        assert _in_order(shown, (out + err).splitlines()), f"{command}:\n{out}{err}"
