"""Ratifiers (two-level games): the closed form of Tarar (2001), the zone as
the intersection of win-sets, and every analysis holding the approvals.

Definitions: docs/concepts/two-level-games.md.
"""
from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml
from ratifier_scenarios import N, pie, pie_yaml, share, with_ratifier

import negotiation
from negotiation.cli import main
from negotiation.game import compile_game
from negotiation.scenario import ScenarioError
from negotiation.sides import RatifiersUnsupported, sides_of
from negotiation.solvers.names import CRITERIA

SHARES = [k / N for k in range(N + 1)]


# ---------------------------------------------------------------- Tarar (2001)
def test_the_pie_alone_splits_in_half():
    assert share(negotiation.solve(pie(), "nash")) == 0.5


@pytest.mark.parametrize("r", SHARES)
def test_a_ratifier_moves_the_nash_split_to_its_bar(r):
    """Nash over A-shares s >= r of a unit pie: max(r, 1/2) (Tarar 2001)."""
    found = negotiation.solve(pie(r), "nash")
    assert share(found) == pytest.approx(max(r, 0.5))
    assert "ra" in found.utilities  # reported, but not a factor of the product


@pytest.mark.parametrize("r", [0.3, 0.5, 0.65, 0.9, 1.0])
def test_the_milp_route_finds_the_same_split(r):
    assert share(negotiation.solve(pie(r), "nash", method="milp")) == pytest.approx(max(r, 0.5))


@pytest.mark.parametrize("r", [0.35, 0.75])
def test_a_ratifier_that_applies_only_to_treaties(r):
    """With ``when``, the approval binds only where the condition holds."""
    vienna_only = pie(r, when="venue == vienna", venue_rule="venue == vienna")
    assert share(negotiation.solve(vienna_only, "nash")) == pytest.approx(max(r, 0.5))
    free = pie(r, when="venue == vienna")
    found = negotiation.solve(free, "nash")
    assert share(found) == 0.5 and found.package["venue"] == "geneva"
    # a package outside the condition is unaffected: a's share 0.1 at geneva is
    # in the zone although the ratifier would refuse it
    z = negotiation.zopa(free)
    labels = [compile_game(free).labels(p) for p in z.packages]
    assert {"share": "s002", "venue": "geneva"} in labels
    assert {"share": "s002", "venue": "vienna"} not in labels


@given(r=st.sampled_from(SHARES), when=st.sampled_from([None, "venue == vienna"]))
@settings(max_examples=25, deadline=None)
def test_milp_zone_and_solutions_match_enumeration(r, when):
    s = pie(r, when=when, venue_rule="venue == vienna" if when else None)
    for name in ("nash", "kalai_smorodinsky", "egalitarian"):
        a, b = negotiation.solve(s, name), negotiation.solve(s, name, method="milp")
        assert a.package == b.package, name


# ---------------------------------------------------------------- zone and win-sets
def _approved(game, packages):
    """Per package: every ratifier whose approval it needs meets its batna."""
    ok = np.ones(len(packages), dtype=bool)
    u = game.effective(packages)
    for r, pid in enumerate(game.party_ids):
        ratifies = game.scenario.parties[pid].ratifies
        if ratifies is None:
            continue
        needed = (np.ones(len(packages), bool) if ratifies.when is None
                  else game.holds(ratifies.when, packages))
        ok &= ~needed | (u[:, r] >= game.batna[r] - 1e-9)
    return ok


@st.composite
def ratified(draw):
    text = draw(scenario_yaml(max_parties=3, max_issues=3))
    parties = sorted(yaml.safe_load(text)["parties"])
    party = draw(st.sampled_from(parties))
    copy_of = draw(st.sampled_from(parties))
    batna = draw(st.integers(0, 12)) * 0.05
    issues = yaml.safe_load(text)["issues"]
    issue = draw(st.sampled_from(sorted(issues)))
    when = draw(st.sampled_from([None, f"{issue} != {issues[issue]['options'][0]}"]))
    return with_ratifier(text, party, batna, when, copy_of)


@given(ratified())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_zone_package_satisfies_every_ratifier(scenario):
    game = compile_game(scenario)
    z = negotiation.zopa(game)
    assert _approved(game, z.packages).all()
    # and the zone is exactly: acceptable by the red lines, approved, table batnas met
    pool = game.feasible_packages
    plain = [c.id for c in game.constraints if c.kind == "ratification"]
    held = game.without(plain).acceptable(pool)
    u = game.effective(pool)
    table = sides_of(game).at_table
    brute = held & _approved(game, pool) & (u[:, table] >= game.batna[table] - 1e-9).all(axis=1)
    assert z.size == int(brute.sum())


@given(ratified())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_dropping_a_ratifier_never_shrinks_the_zone(scenario):
    game = compile_game(scenario)
    game.require_cardinal("the test")
    with_r = {tuple(p) for p in negotiation.zopa(game).packages}
    without = {tuple(p) for p in negotiation.zopa(game, drop=["r0"]).packages}
    assert with_r <= without
    overview = negotiation.zopa_overview(compile_game(scenario, limit=1), drop=["r0"])
    assert overview.exists == bool(without)


@given(ratified())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_solutions_by_milp_equal_enumeration_with_a_ratifier(scenario):
    for name in ("nash", "asymmetric_nash", "egalitarian", "utilitarian",
                 "normalised_egalitarian"):
        a = negotiation.solve(scenario, name)
        b = negotiation.solve(scenario, name, method="milp")
        assert a.found == b.found, name
        if a.found:
            u = np.array(list(a.utilities.values()))
            v = np.array(list(b.utilities.values()))
            assert a.package == b.package or np.allclose(u, v, atol=1e-6), name


def test_win_sets_and_the_two_level_report():
    t = negotiation.two_level(pie(0.7))
    assert t.win_sets["a"] == {"size": 14, "of": 42, "ratifiers": ["ra"]}
    assert t.win_sets["b"]["size"] == 42  # no ratifier: every package on the table
    assert t.zone == {"with_ratifiers": 14, "without_ratifiers": 42}
    assert "ra" in t.binding["nash"]
    shift = next(s for s in t.schelling if s["solution"] == "nash")
    assert shift["with"] == pytest.approx(0.7) and shift["without"] == pytest.approx(0.5)
    assert shift["normalised_shift"] == pytest.approx(0.2)  # a's best gain without ra is 1
    hands = t.tying_hands[0]
    assert hands["tying_hands_pays"] and hands["empowering_helps"]
    assert hands["best_threshold"] == pytest.approx(1.0)
    # the scan is Tarar's curve: max(bar, 1/2)
    for bar, got in zip(hands["thresholds"], hands["utilities"]):
        assert got == pytest.approx(max(bar, 0.5))
    data = t.to_data()
    json.dumps(data)
    assert "Schelling" in t.explain()


def test_a_ratifier_below_half_does_not_bind():
    t = negotiation.two_level(pie(0.3))
    assert t.binding["nash"] == []
    assert not t.tying_hands[0]["tying_hands_pays"] and t.tying_hands[0]["empowering_helps"]


# ---------------------------------------------------------------- red lines and off-ramps
def test_red_line_analysis_relaxes_an_approval_like_a_red_line():
    yaml_text = pie_yaml(0.7).replace("title: unit pie", "title: unit pie\nconstraints:\n"
                                      "- {id: b_keeps_half, owner: b, kind: red_line, "
                                      "rule: \"share in [s000, s001, s002, s003, s004, s005, "
                                      "s006, s007, s008, s009, s010]\"}")
    s = negotiation.loads(yaml_text)
    for method in ("enumerate", "milp"):
        r = negotiation.analyze_red_lines(s, method=method)
        assert not r.jointly_feasible
        by_id = {x.id: x for x in r.red_lines}
        assert by_id["ra"].owner == "ra" and by_id["ra"].kind == "ratification"
        assert by_id["ra"].credible  # by construction
        assert ["ra"] in r.minimal_relaxations and ["b_keeps_half"] in r.minimal_relaxations
        assert r.minimal_conflicts == [["b_keeps_half", "ra"]]


def test_offramps_need_the_approvals_they_call_for():
    s = negotiation.loads(pie_yaml(0.6, when="venue == vienna")
                          + "offramp: {for: b, requires: \"venue == vienna\", face: cost}\n")
    result = negotiation.find_offramps(s, k=3)
    assert result.exists
    for o in result.offramps:
        assert o.ratified_by == ("ra",) and int(o.package["share"][1:]) / N >= 0.6
        assert o.thinnest is not None


def test_drop_accepts_a_ratifier_on_the_command_line(capsys):
    assert main(["solve", "--format", "json", "--drop", "ra", "--solution", "nash",
                 str(_file(pie_yaml(0.8)))]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["solutions"]["nash"]["package"]["share"] == "s010"


def _file(text, name="pie.yaml"):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sides_command_json(capsys):
    assert main(["sides", "--format", "json", str(_file(pie_yaml(0.7)))]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("ratifiers", "win_sets", "binding", "schelling", "tying_hands", "zone",
                "sides", "exponents", "scale"):
        assert key in data
    assert data["ratifiers"][0] == {"ratifier": "ra", "ratifies": "a", "when": None,
                                    "batna": 0.7}


# ---------------------------------------------------------------- sweeps and robustness
def test_the_sweep_fast_path_applies_the_approval_per_variant():
    text = pie_yaml(0.7).replace("title: unit pie", "title: unit pie\nparameters:\n"
                                 "  bar: {value: 0.7, range: [0, 1]}")
    text = text.replace("batna: 0.7", "batna: bar")
    s = negotiation.loads(text)
    measures = ["zopa_size", "utility:nash:a", "package:nash"]
    fast = negotiation.sweep(s, vary={"bar": [0.2, 0.55, 0.7, 0.95]}, measures=measures)
    slow = negotiation.sweep(s, vary={"bar": [0.2, 0.55, 0.7, 0.95]}, measures=measures,
                             fast=False)
    assert fast["zopa_size"].tolist() == slow["zopa_size"].tolist() == [2 * 17, 2 * 10,
                                                                          2 * 7, 2 * 2]
    assert np.allclose(fast["utility:nash:a"], [0.5, 0.55, 0.7, 0.95])
    assert np.allclose(slow["utility:nash:a"], fast["utility:nash:a"])


def test_robustness_counts_the_ratifier_where_its_approval_is_needed():
    text = pie_yaml(0.6).replace("title: unit pie", "title: unit pie\nparameters:\n"
                                 "  bar: {value: 0.6, range: [0, 1]}")
    text = text.replace("batna: 0.6", "batna: bar")
    text += "offramp: {for: b, requires: \"share != s000\", face: cost}\n"
    result = negotiation.find_offramps(negotiation.loads(text), k=1)
    weakest = result.offramps[0].robustness.weakest
    assert weakest["parameter"] == "bar" and weakest["falls_below_batna"] == ["ra"]


# ---------------------------------------------------------------- the file format
BAD = [
    ({"ratifies": {"party": "c"}}, "unknown party 'c'"),
    ({"ratifies": {"party": "ra"}}, "cannot ratify its own agreements"),
    ({"ratifies": {"party": "a", "when": "venue == paris"}}, "unknown option 'paris'"),
]


@pytest.mark.parametrize("block, message", BAD)
def test_a_bad_ratifies_block_is_reported(block, message):
    data = yaml.safe_load(pie_yaml(0.5))
    data["parties"]["ra"].update(block)
    with pytest.raises(ScenarioError, match=message):
        negotiation.loads(yaml.safe_dump(data))


def test_a_ratifier_of_a_ratifier_and_a_ratifier_on_a_side_are_reported():
    data = yaml.safe_load(pie_yaml(0.5))
    data["parties"]["rb"] = {"ratifies": {"party": "ra"}}
    data["preferences"]["rb"] = data["preferences"]["ra"]
    with pytest.raises(ScenarioError, match="is itself a ratifier"):
        negotiation.loads(yaml.safe_dump(data))
    data = yaml.safe_load(pie_yaml(0.5, sides={"west": ["a", "ra"]}))
    with pytest.raises(ScenarioError, match="a ratifier sits on no side"):
        negotiation.loads(yaml.safe_dump(data))
    data = yaml.safe_load(pie_yaml(0.5))
    data["constraints"] = [{"id": "ra", "owner": "a", "kind": "red_line",
                            "rule": "venue == geneva"}]
    with pytest.raises(ScenarioError, match="the id of a ratifier's approval"):
        negotiation.loads(yaml.safe_dump(data))
    data = yaml.safe_load(pie_yaml(0.5))
    data["offramp"] = {"for": "ra", "requires": "venue == geneva"}
    with pytest.raises(ScenarioError, match="must sit at the table"):
        negotiation.loads(yaml.safe_dump(data))


def test_ratifies_and_sides_round_trip():
    s = pie(0.6, when="venue == vienna", sides={"alone": ["b"]})
    again = negotiation.loads(s.to_yaml())
    assert again == s
    assert again.parties["ra"].ratifies.when_text == "venue == vienna"
    assert dict(again.sides) == {"alone": ("b",)}


def test_schema_describes_sides_and_ratifies():
    schema = negotiation.scenario_schema()
    assert "sides" in schema["properties"]
    party = schema["properties"]["parties"]["additionalProperties"]
    assert party["properties"]["ratifies"]["required"] == ["party"]


# ---------------------------------------------------------------- what refuses
def test_analyses_that_seat_everyone_refuse_a_ratifier(capsys):
    s = pie(0.6)
    with pytest.raises(RatifiersUnsupported, match="seats every party at the table"):
        negotiation.simulate(s)
    with pytest.raises(RatifiersUnsupported):
        negotiation.spe_packages(s)
    assert main(["simulate", str(_file(pie_yaml(0.6)))]) == 2
    assert "ratif" in capsys.readouterr().err
    # the whole run reports the section as not available instead of failing
    assert main(["run", "--format", "json", str(_file(pie_yaml(0.6)))]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["simulate"]["available"] is False
    assert "sides" in data


def test_an_ordinal_ratifier_approves_by_its_scores():
    data = yaml.safe_load(pie_yaml(None))
    data["parties"]["ra"] = {"batna": 1, "ratifies": {"party": "a"}}
    data["preferences"]["ra"] = {"priorities": ["venue == vienna"]}  # score 1 at vienna
    s = negotiation.loads(yaml.safe_dump(data))
    found = negotiation.solve(s, "nash")
    assert found.package == {"share": "s010", "venue": "vienna"}
    with pytest.raises(negotiation.OrdinalOnly, match="ratifier ra"):
        negotiation.solve(s, "nash", method="milp")
    fast = negotiation.sweep(s, vary={"parties.ra.batna": [0, 1, 2]}, measures=["zopa_size"])
    assert fast["zopa_size"].tolist() == [42, 21, 0]


@pytest.mark.parametrize("name", CRITERIA)
def test_no_criterion_counts_the_ratifier(name):
    """A ratifier that wants the whole pie changes nothing but the zone: with
    a bar of 0 (it approves everything) every solution is the pie's own."""
    assert negotiation.solve(pie(0.0), name).package == negotiation.solve(pie(), name).package
