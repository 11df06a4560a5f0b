"""Red lines held against their owners' own utilities (the consistency check).

A hand case: two issues, `border` (open / closed) and `aid` (none / some /
lots), party `a` says it will never accept `border == open`. Its utility is
w * [border closed] + (1 - w) * aid score (none 0, some 0.5, lots 1), batna b.
Its best package across the line is (open, lots), worth 1 - w: the line is a
posture by a's weights exactly when 1 - w - b exceeds the margin.
"""
from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.cli import main


def scenario_yaml(w: float, b: float, posture: str | None = None, public: bool = True,
                  audience: float = 0.0, kind: str = "red_line") -> str:
    line = {"id": "never_open", "owner": "a", "kind": kind, "rule": "border != open"}
    if posture:
        line["posture"] = posture
    data = {
        "format": "negotiation/1", "title": "hand case",
        "parties": {"a": {"batna": b, "audience_cost": audience}, "b": {"batna": 0}},
        "issues": {"border": {"options": ["closed", "open"], "status_quo": "closed",
                              "public": public},
                   "aid": {"options": ["none", "some", "lots"], "status_quo": "none"}},
        "preferences": {
            "a": {"weights": {"border": w, "aid": 1 - w},
                  "scores": {"border": {"closed": 1, "open": 0},
                             "aid": {"none": 0, "some": 0.5, "lots": 1}}},
            "b": {"weights": {"border": 1}, "scores": {"border": {"closed": 0, "open": 1}}}},
        "constraints": [line]}
    return yaml.safe_dump(data, sort_keys=False)


def scenario(*args, **kwargs):
    return negotiation.loads(scenario_yaml(*args, **kwargs))


def test_a_line_the_weights_support_is_consistent():
    c = negotiation.check_consistency(scenario(w=0.7, b=0.3))
    (line,) = c.lines
    assert line.best_crossing == {"package": {"border": "open", "aid": "lots"},
                                  "value": pytest.approx(0.3)}
    assert line.excess == pytest.approx(0.0) and not line.flagged and c.passes


def test_a_line_the_weights_contradict_is_a_posture():
    c = negotiation.check_consistency(scenario(w=0.3, b=0.3))
    (line,) = c.lines
    assert line.excess == pytest.approx(0.4) and line.flagged and not c.passes
    assert "is that what you mean?" in c.explain()


def test_the_margin_decides_how_wide_is_wide():
    s = scenario(w=0.55, b=0.3)  # excess 0.15
    assert negotiation.check_consistency(s, margin=0.1).lines[0].flagged
    assert not negotiation.check_consistency(s, margin=0.2).lines[0].flagged
    with pytest.raises(ValueError, match="margin"):
        negotiation.check_consistency(s, margin=-1)


def test_a_posture_said_so_is_explained_not_flagged():
    c = negotiation.check_consistency(scenario(w=0.3, b=0.3, posture="a bargaining position"))
    (line,) = c.lines
    assert line.flagged and c.passes and c.unexplained == ()
    assert line.to_data()["explained"] and "as the scenario says" in line.explain()


def test_crossing_a_public_line_costs_the_audience_cost():
    # (open, lots) is worth 1 - w - audience on a public line: 0.7 - 0.25 - 0.3 = 0.15
    public = negotiation.check_consistency(scenario(w=0.3, b=0.3, audience=0.25))
    assert public.lines[0].excess == pytest.approx(0.15)
    # on a private issue only the effective utility counts (no visible loss
    # here: aid rises), so the excess is the full 0.4
    private = negotiation.check_consistency(scenario(w=0.3, b=0.3, audience=0.25,
                                                     public=False))
    assert private.lines[0].excess == pytest.approx(0.4)


def test_conditions_are_not_checked():
    c = negotiation.check_consistency(scenario(w=0.3, b=0.3, kind="condition"))
    assert c.lines == () and c.passes


@settings(max_examples=40, deadline=None)
@given(w=st.floats(0.05, 0.95), b=st.floats(0.0, 0.9), margin=st.floats(0.0, 0.5))
def test_flagged_exactly_when_the_hand_excess_exceeds_the_margin(w, b, margin):
    line = negotiation.check_consistency(scenario(w, b), margin=margin).lines[0]
    assert line.excess == pytest.approx(1 - w - b, abs=1e-9)
    if abs(line.excess - margin) > 1e-6:
        assert line.flagged == (1 - w - b > margin)


def test_redlines_reports_the_check_in_text_and_json(tmp_path, capsys):
    path = tmp_path / "hand.yaml"
    path.write_text(scenario_yaml(w=0.3, b=0.3), encoding="utf-8")
    assert main(["redlines", str(path)]) == 0
    out = capsys.readouterr().out
    assert "the weights say this line is a posture" in out
    assert main(["redlines", str(path), "--format", "json", "--margin", "0.5"]) == 0
    data = json.loads(capsys.readouterr().out)
    check = data["consistency"]
    assert check["margin"] == 0.5 and check["passes"]
    assert check["lines"][0]["excess"] == pytest.approx(0.4)


def test_the_bundled_cases_go_both_ways():
    # the Cuban settlement's one red line agrees with the US weights; the
    # standoff's two are postures by their owners' weights
    assert negotiation.check_consistency("cuban_1962_bargaining").passes
    standoff = negotiation.check_consistency("standoff")
    assert {x.id for x in standoff.unexplained} == {"door_stays_open", "no_ban_on_membership"}
