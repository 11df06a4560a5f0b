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


def _large_scenario(batna_a: float):
    import yaml

    import negotiation

    issues = {f"i{k}": {"options": [f"o{j}" for j in range(5)]} for k in range(16)}
    first_best = {i: {f"o{j}": 1.0 if j == 0 else 0.0 for j in range(5)} for i in issues}
    last_best = {i: {f"o{j}": 1.0 if j == 4 else 0.0 for j in range(5)} for i in issues}
    doc = {"format": "negotiation/1", "title": "Large",
           "parties": {"a": {"batna": batna_a}, "b": {"batna": 0.0}}, "issues": issues,
           "preferences": {"a": {"weights": {i: 1 for i in issues}, "scores": first_best},
                           "b": {"weights": {i: 1 for i in issues}, "scores": last_best}}}
    return negotiation.loads(yaml.safe_dump(doc))


def test_zopa_section_beyond_enumeration_decides_by_milp():
    from argparse import Namespace

    from negotiation.commands.run import section

    # 5^16 packages: too many to enumerate. a's utility is at most 1.
    inside = section(_large_scenario(0.5), Namespace()).data
    assert inside["exists"] is True and inside["size"] is None and inside["method"] == "milp"
    empty = section(_large_scenario(1.1), Namespace()).data
    assert empty["exists"] is False
    assert "a (best acceptable deal is 0.100 below its batna)" in empty["explanation"]
