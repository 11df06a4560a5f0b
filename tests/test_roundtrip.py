"""Scenario round trips, with_parameters, and immutability.

Random valid scenarios are generated as plain data (what a user would write),
dumped with ``yaml.safe_dump``, loaded, written back with ``to_yaml`` and
loaded again: the two scenarios must be equal, and writing is idempotent.
"""
from __future__ import annotations

import dataclasses
import math
import pickle

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.scenario import bundled_names, loads
from negotiation.scenario.model import FrozenDict

NAMES = ["alpha", "beta", "gamma", "delta", "north", "south"]
OPTION_NAMES = ["no", "yes", "on", "off", "low", "high", "NO", "y", "none", "keep", "opt_2"]


@st.composite
def rules(draw, issues: dict, depth: int = 2):
    """A rule over the given issues ({issue: [options]})."""
    if depth == 0 or draw(st.booleans()):
        issue = draw(st.sampled_from(sorted(issues)))
        options = issues[issue]
        form = draw(st.sampled_from(["==", "!=", "in"]))
        if form == "in":
            chosen = draw(st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True))
            return f"{issue} in [{', '.join(chosen)}]"
        return f"{issue} {form} {draw(st.sampled_from(options))}"
    op = draw(st.sampled_from(["and", "or", "->", "not"]))
    left = draw(rules(issues, depth - 1))
    if op == "not":
        return f"not ({left})"
    right = draw(rules(issues, depth - 1))
    return f"({left}) {op} ({right})"


@st.composite
def numbers(draw, params: dict, low=-1.0, high=1.0):
    """A literal, a parameter name, or an expression of parameters."""
    kind = draw(st.sampled_from(["literal", "literal", "name", "expr"]) if params
                else st.just("literal"))
    if kind == "literal":
        return draw(st.floats(low, high, allow_nan=False).map(lambda x: round(x, 3)))
    name = draw(st.sampled_from(sorted(params)))
    if kind == "name":
        return name
    return draw(st.sampled_from([f"{name} * 0.5", f"min({name}, 1) - 0.25",
                                 f"max({name}, 0) ** 2", f"-{name} + 1"]))


@st.composite
def scenario_data(draw) -> dict:
    data: dict = {"format": "negotiation/1", "title": draw(st.sampled_from(["T", "A toy"]))}
    if draw(st.booleans()):
        data["description"] = "Some words."
    if draw(st.booleans()):
        data["as_of"] = "2022-01-15"
    if draw(st.booleans()):
        data["sources"] = {"memo": {"cite": "A memo", "url": "https://example.org"},
                           "note": "plain text source"}
    params = {}
    for k in range(draw(st.integers(0, 3))):
        value = round(draw(st.floats(0, 1)), 3)
        if draw(st.booleans()):
            params[f"p{k}"] = value
        else:
            params[f"p{k}"] = {"value": value, "range": [0.0, 1.0],
                               "description": f"parameter {k}"}
            if draw(st.booleans()):
                params[f"p{k}"]["distribution"] = {"uniform": [0.0, 1.0]}
    if params:
        data["parameters"] = params
    parties = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
    data["parties"] = {}
    for pid in parties:
        party = {}
        if draw(st.booleans()):
            party["name"] = pid.capitalize()
        if draw(st.booleans()):
            party["batna"] = draw(numbers(params))
        if draw(st.booleans()):
            party["power"] = draw(st.floats(0.1, 3).map(lambda x: round(x, 2)))
        if draw(st.booleans()):
            party["audience_cost"] = draw(st.floats(0, 1).map(lambda x: round(x, 2)))
        data["parties"][pid] = party
    issue_ids = draw(st.lists(st.sampled_from(["troops", "trade", "gas", "lights", "door"]),
                              min_size=1, max_size=4, unique=True))
    issues = {}
    data["issues"] = {}
    for iid in issue_ids:
        options = draw(st.lists(st.sampled_from(OPTION_NAMES), min_size=1, max_size=4,
                                unique=True))
        issues[iid] = options
        issue: dict = {}
        if draw(st.booleans()):
            issue["name"] = iid.title()
        if draw(st.booleans()):
            issue["options"] = {o: ({"label": o.upper()} if draw(st.booleans()) else None)
                                for o in options}
        else:
            issue["options"] = list(options)
        if draw(st.booleans()):
            issue["status_quo"] = draw(st.sampled_from(options))
        if draw(st.booleans()):
            issue["controlled_by"] = draw(st.sampled_from(parties))
        if draw(st.booleans()):
            issue["one_way"] = True
        if draw(st.booleans()):
            issue["public"] = draw(st.booleans())
        data["issues"][iid] = issue
    status_quo = {i: data["issues"][i].get("status_quo", issues[i][0]) for i in issues}
    data["preferences"] = {pid: draw(preference(issues, params)) for pid in parties}
    constraints = []
    # a ranking must rank every feasible state: keep all states feasible then
    ranked = any("ranking" in p for p in data["preferences"].values())
    kinds = ["red_line", "condition"] + ([] if ranked else ["feasibility"])
    for k in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(kinds))
        c: dict = {"id": f"c{k}", "kind": kind}
        if kind == "feasibility":
            # true at the status quo by construction
            iid = draw(st.sampled_from(sorted(issues)))
            c["rule"] = f"{iid} == {status_quo[iid]} or ({draw(rules(issues, 1))})"
        else:
            c["owner"] = draw(st.sampled_from(parties))
            c["rule"] = draw(rules(issues))
        if "sources" in data and draw(st.booleans()):
            c["source"] = "memo"
        if draw(st.booleans()):
            c["note"] = "a note"
        constraints.append(c)
    if constraints:
        data["constraints"] = constraints
    if draw(st.booleans()):
        data["offramp"] = {"for": draw(st.sampled_from(parties)), "requires": draw(rules(issues))}
    return data


@st.composite
def preference(draw, issues: dict, params: dict) -> dict:
    form = draw(st.sampled_from(["additive", "additive", "ranking", "priorities"]))
    if form == "ranking":
        # one entry per option of the first issue: covers every state once
        first = sorted(issues)[0]
        order = draw(st.permutations(issues[first]))
        entries: list = [{first: o} for o in order]
        if len(entries) >= 2 and draw(st.booleans()):
            entries = [entries[:2]] + entries[2:]  # a tie
        return {"ranking": entries}
    if form == "priorities":
        return {"priorities": draw(st.lists(rules(issues), min_size=1, max_size=3))}
    weighted = draw(st.lists(st.sampled_from(sorted(issues)), min_size=1, unique=True))
    weights = {i: round(draw(st.floats(0.05, 1)), 3) for i in weighted}
    scores = {i: {o: draw(numbers(params, 0.0, 1.0)) for o in issues[i]} for i in weighted}
    result = {"weights": weights, "scores": scores}
    if draw(st.booleans()):
        result["adjustments"] = [{"when": draw(rules(issues)),
                                  "add": draw(numbers(params, -0.5, 0.5))}]
    return result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_data())
def test_random_scenarios_round_trip(data):
    first = loads(yaml.safe_dump(data, sort_keys=False))
    text = first.to_yaml()
    second = loads(text)
    assert second == first
    assert second.to_yaml() == text  # writing is idempotent
    assert loads(yaml.safe_dump(first.to_data(), sort_keys=False)) == first
    # what the user wrote survives: ids, options (strings, never booleans), status quo
    assert list(second.parties) == list(data["parties"])
    for iid, issue in data["issues"].items():
        assert list(second.issues[iid].option_ids) == list(issue["options"])
        assert all(isinstance(o, str) for o in second.issues[iid].option_ids)
    assert second.values == first.values


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_scenarios_round_trip(name):
    scenario = negotiation.load(name)
    again = loads(scenario.to_yaml())
    assert again == scenario
    assert again.to_yaml() == scenario.to_yaml()


def test_round_trip_keeps_expressions_as_written(standoff):
    text = standoff.to_yaml()
    assert "batna: p_win - war_cost - sanctions" in text
    assert loads(text).parties["challenger"].batna.text == "p_win - war_cost - sanctions"


# ----------------------------------------------------------------- with_parameters

def test_with_parameters_returns_a_new_scenario(standoff):
    before = standoff.to_yaml()
    changed = standoff.with_parameters(sanctions=0.5, p_win=0.8)
    assert changed is not standoff and changed != standoff
    assert changed.values == {"sanctions": 0.5, "war_cost": 0.2, "p_win": 0.8}
    assert standoff.values == {"sanctions": 0.3, "war_cost": 0.2, "p_win": 0.6}
    assert standoff.to_yaml() == before
    # batna = p_win - war_cost - sanctions, computed by hand
    game = negotiation.compile_game(changed)
    assert game.batna[0] == pytest.approx(0.8 - 0.2 - 0.5)
    assert negotiation.compile_game(standoff).batna[0] == pytest.approx(0.6 - 0.2 - 0.3)
    # the new value survives a round trip
    assert loads(changed.to_yaml()).values["sanctions"] == 0.5


def test_with_parameters_accepts_the_range_ends(standoff):
    assert standoff.with_parameters(sanctions=0.0, war_cost=0.5).values["war_cost"] == 0.5


@pytest.mark.parametrize("values, fragment", [
    ({"sanctions": 0.7}, "outside its declared range [0, 0.6]"),
    ({"sanctions": -0.01}, "outside its declared range"),
    ({"p_win": 0.1}, "outside its declared range [0.3, 0.9]"),
    ({"sanction": 0.1}, "unknown parameter 'sanction'"),
    ({"sanctions": "abc"}, "is not a number"),
    ({"sanctions": math.nan}, "not a finite number"),
    ({"sanctions": math.inf}, "not a finite number"),
])
def test_with_parameters_rejects_bad_values(standoff, values, fragment):
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace("]", r"\]")
                       .replace("(", r"\(").replace(")", r"\)")):
        standoff.with_parameters(**values)
    assert standoff.values["sanctions"] == 0.3


def _weighted_by(parameter_range="[0, 1]"):
    return loads(f"""
title: weights from a parameter
parameters:
  w: {{value: 0.5, range: {parameter_range}}}
parties: {{a: {{audience_cost: "w - 0.25"}}, b: {{}}}}
issues: {{x: {{options: [no, yes]}}, z: {{options: [no, yes]}}}}
preferences:
  a: {{weights: {{x: w, z: w}}, scores: {{x: {{no: 0, yes: 1}}, z: {{no: 0, yes: 1}}}}}}
  b: {{weights: {{x: 1}}, scores: {{x: {{no: 1, yes: 0}}}}}}
""")


def test_with_parameters_validates_the_new_scenario():
    scenario = _weighted_by("[-1, 1]")
    with pytest.raises(ValueError, match="negative"):
        scenario.with_parameters(w=0.1)  # audience_cost 0.1 - 0.25 < 0
    with pytest.raises(ValueError, match="all weights are zero"):
        _weighted_by().with_parameters(w=0)


# ----------------------------------------------------------------- immutability

@pytest.mark.parametrize("mutate", [
    lambda d: d.__setitem__("k", 1),
    lambda d: d.__delitem__("a"),
    lambda d: d.update(k=1),
    lambda d: d.pop("a"),
    lambda d: d.popitem(),
    lambda d: d.clear(),
    lambda d: d.setdefault("k", 1),
    lambda d: d.__ior__({"k": 1}),
])
def test_frozen_dict_cannot_change(mutate):
    frozen = FrozenDict({"a": 1, "b": 2})
    with pytest.raises(TypeError):
        mutate(frozen)
    assert frozen == {"a": 1, "b": 2}


def test_frozen_dict_hashes_and_pickles():
    frozen = FrozenDict({"a": 1})
    assert hash(frozen) == hash(FrozenDict({"a": 1}))
    again = pickle.loads(pickle.dumps(frozen))
    assert isinstance(again, FrozenDict) and again == frozen
    with pytest.raises(TypeError):
        again["b"] = 2


def test_scenario_is_immutable(standoff):
    with pytest.raises(dataclasses.FrozenInstanceError):
        standoff.title = "changed"
    with pytest.raises(TypeError):
        standoff.parties["intruder"] = standoff.parties["alliance"]
    with pytest.raises(TypeError):
        standoff.preferences["alliance"].weights["troops"] = 1
    with pytest.raises(TypeError):
        standoff.parameters["sanctions"] = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        standoff.parameters["sanctions"].value = 1
    assert isinstance(standoff.issues["troops"].options, tuple)


def test_scenario_pickles(standoff):
    assert pickle.loads(pickle.dumps(standoff)) == standoff
