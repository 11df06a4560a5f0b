"""The summary that opens `negotiation run` states what the sections found."""
from __future__ import annotations

import json

from negotiation.cli import main
from negotiation.report import package_text


def test_package_text_lists_changes_from_the_status_quo():
    sq = {"a": "x", "b": "z"}
    assert package_text({"a": "x", "b": "y"}, sq) == "b: z -> y"
    assert package_text(dict(sq), sq) == "status quo"
    assert package_text({"a": "x", "b": "y"}) == "a=x, b=y"


def _summary(capsys, *args):
    assert main(["run", "standoff", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)["summary"]["findings"]


def test_summary_at_the_defaults_of_the_standoff(capsys):
    # standoff.yaml: 10 packages in the ZOPA, 8 off-ramps, only
    # no_ban_on_membership binding.
    findings = _summary(capsys)
    assert findings[0].startswith("A deal exists: 10 package(s)")
    assert "8 off-ramp(s)" in findings[1] and "without losing face" in findings[1]
    binding = [f for f in findings if f.startswith("The red lines hold together")]
    assert binding and binding[0].endswith("binding (they cost the best deal something): "
                                           "no_ban_on_membership.")


def test_summary_when_war_is_cheap_names_what_would_have_to_give(capsys):
    # standoff.yaml: sanctions 0 and war_cost 0.1 leave no ZOPA; either
    # limits_only_if_troops_leave or no_ban_on_membership would have to give.
    findings = _summary(capsys, "--set", "sanctions=0", "--set", "war_cost=0.1")
    assert findings[0].startswith("No deal exists")
    assert findings[1].startswith("No off-ramp for challenger")
    relax = [f for f in findings if f.startswith("The red lines cannot all hold")]
    assert relax and "{limits_only_if_troops_leave} or {no_ban_on_membership}" in relax[0]
