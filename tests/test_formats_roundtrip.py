"""Round trips: YAML -> GENIUS -> YAML and YAML -> GMCR+ -> YAML give equal
scenarios where the format can express them, and the exporters say what it
cannot express.

The random scenarios are of the expressible kind: for GENIUS, additive
preferences whose weights sum to 1 and whose best score on each issue is 1,
batnas in [0, 1], no constraints; for GMCR+, binary issues (``[no, yes]``,
or ``[yes, no]`` when one-way), ordinal preferences, feasibility rules
written as the reader writes them, and the status quo at state 1.
"""
from __future__ import annotations

import dataclasses
import tempfile
from itertools import product
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.formats import NotExpressible, read_genius, write_genius
from negotiation.formats.gmcr_states import decimal_code

ROUND_TRIPS = settings(max_examples=25, deadline=None)


@st.composite
def genius_scenarios(draw):
    parties = [f"p{k}" for k in range(draw(st.integers(1, 3)))]
    issues = {f"i{k}": [f"o{k}{m}" for m in range(draw(st.integers(2, 4)))]
              for k in range(draw(st.integers(1, 3)))}
    data = {"format": "negotiation/1", "title": draw(st.sampled_from(["Deal", "Two sides"])),
            "parameters": {}, "parties": {}, "issues": {i: {"options": o}
                                                        for i, o in issues.items()},
            "preferences": {}}
    for p in parties:
        data["parties"][p] = {"batna": draw(st.integers(0, 10)) * 0.05}
        cuts = sorted(draw(st.lists(st.integers(0, 8), min_size=len(issues) - 1,
                                    max_size=len(issues) - 1)))
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, 8])]
        scores = {}
        for i, options in issues.items():
            raw = [draw(st.integers(0, 4)) / 4 for _ in options]
            raw[draw(st.integers(0, len(options) - 1))] = 1.0
            scores[i] = dict(zip(options, raw))
        data["preferences"][p] = {"weights": {i: s / 8 for i, s in zip(issues, shares)},
                                  "scores": scores}
        data["parameters"][f"discount_{p}"] = {"value": draw(st.integers(1, 4)) / 4,
                                               "range": [0.0, 1.0]}
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))


@ROUND_TRIPS
@given(genius_scenarios())
def test_yaml_genius_yaml(scenario):
    with tempfile.TemporaryDirectory() as folder:
        done = scenario.to_genius(folder)
        back = negotiation.load(folder)
    assert not done.lost
    assert (back.title, back.parties, back.issues, back.preferences) == \
        (scenario.title, scenario.parties, scenario.issues, scenario.preferences)
    assert back.values == scenario.values


@st.composite
def gmcr_scenarios(draw):
    n = draw(st.integers(2, 4))
    parties = [f"dm{k}" for k in range(draw(st.integers(1, 3)))]
    ids = [f"x{k}" for k in range(n)]
    back = [draw(st.booleans()) for _ in ids]  # [yes, no] and one-way
    one_way = [b or draw(st.booleans()) for b in back]
    controller = [draw(st.sampled_from(parties + [None])) for _ in ids]
    literal = st.tuples(st.integers(0, n - 1), st.booleans())
    infeasible = draw(st.lists(st.lists(literal, min_size=1, max_size=2, unique_by=lambda x: x[0]),
                               max_size=2))
    states = [s for s in (tuple(reversed(b)) for b in product((False, True), repeat=n))
              if not any(all(s[k] == t for k, t in c) for c in infeasible)]
    if not states:
        infeasible, states = [], list(product((False, True), repeat=n))
    states.sort(key=decimal_code)
    text = {True: "yes", False: "no"}
    issues = {}
    for k, i in enumerate(ids):
        issues[i] = {"options": ["yes", "no"] if back[k] else ["no", "yes"],
                     "status_quo": text[states[0][k]]}
        if controller[k]:
            issues[i]["controlled_by"] = controller[k]
        if one_way[k]:
            issues[i]["one_way"] = True

    def rule(conj):
        return " and ".join(f"{ids[k]} == {text[t]}" for k, t in conj)

    prefs = {}
    ranked = draw(st.booleans())
    for p in parties:
        if ranked:
            order = draw(st.permutations(states))
            cuts = draw(st.lists(st.booleans(), min_size=len(order), max_size=len(order)))
            levels, level = [], []
            for state, cut in zip(order, cuts):
                level.append({i: text[state[k]] for k, i in enumerate(ids)})
                if cut:
                    levels.append(level[0] if len(level) == 1 else level)
                    level = []
            if level:
                levels.append(level[0] if len(level) == 1 else level)
            prefs[p] = {"ranking": levels}
        else:
            conjs = draw(st.lists(st.lists(literal, min_size=1, max_size=2,
                                           unique_by=lambda x: x[0]), min_size=1, max_size=3))
            prefs[p] = {"priorities": [rule(c) for c in conjs]}
    constraints = [{"id": f"infeasible_{k + 1}", "kind": "feasibility",
                    "rule": f"not ({rule(c)})", "note": "an infeasible condition of the GMCR+ file"}
                   for k, c in enumerate(infeasible)]
    data = {"format": "negotiation/1", "title": "random", "parties": {p: {} for p in parties},
            "issues": issues, "preferences": prefs, "constraints": constraints}
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))


@ROUND_TRIPS
@given(gmcr_scenarios())
def test_yaml_gmcr_yaml(scenario):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.gmcr"
        scenario.to_gmcr(path)
        back = negotiation.load(path)
    back = dataclasses.replace(back, title=scenario.title, sources=scenario.sources)
    assert back == scenario


def test_bundled_graph_models_round_trip_through_gmcr(tmp_path):
    for name in ("prisoners", "chicken"):
        s = negotiation.load(name)
        s.to_gmcr(tmp_path / f"{name}.gmcr")
        back = negotiation.load(tmp_path / f"{name}.gmcr")
        assert (back.parties, back.issues, back.preferences) == \
            (s.parties, s.issues, s.preferences)


def test_labels_and_names_survive_genius_and_back(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "laptop.xml").write_text(
        '<negotiation_template><utility_space><objective name="Laptop">'
        '<issue index="1" name="Screen size"><item value="19\'\' LCD"/><item value="60 GB"/>'
        '</issue></objective></utility_space></negotiation_template>')
    (tmp_path / "a" / "laptop_buyer.xml").write_text(
        '<utility_space><objective><issue index="1" name="Screen size">'
        '<item value="19\'\' LCD" evaluation="2"/><item value="60 GB" evaluation="1"/></issue>'
        '<weight index="1" value="1"/></objective></utility_space>')
    first = read_genius(tmp_path / "a").scenario
    write_genius(first, tmp_path / "b")
    second = negotiation.load(tmp_path / "b")
    assert (second.issues, second.preferences) == (first.issues, first.preferences)
    assert second.issues["Screen_size"].options[0].label == "19'' LCD"


def test_what_genius_cannot_express_is_refused_or_listed(tmp_path):
    standoff = negotiation.load("standoff")
    with pytest.raises(NotExpressible) as info:
        standoff.to_genius(tmp_path / "strict")
    assert any("red_line" in r for r in info.value.reasons)
    done = standoff.to_genius(tmp_path / "loose", strict=False)
    assert any("red_line" in item for item in done.lost)
    # profiles are read in the order of their file names
    assert sorted(negotiation.load(tmp_path / "loose").party_ids) == sorted(standoff.party_ids)
    assert any("order of the parties" in item for item in done.lost)
    with pytest.raises(NotExpressible, match="ordinal"):
        negotiation.load("prisoners").to_genius(tmp_path / "pd")


def test_what_gmcr_cannot_express_is_refused_or_listed(tmp_path):
    with pytest.raises(NotExpressible, match="has 3 options"):
        negotiation.load("elmira").to_gmcr(tmp_path / "elmira.gmcr")
    cardinal = negotiation.loads(
        "title: t\nparties: {a: {}}\nissues: {x: {options: [no, yes], controlled_by: a}}\n"
        "preferences: {a: {weights: {x: 1}, scores: {x: {no: 0, yes: 1}}}}\n")
    with pytest.raises(NotExpressible, match="cardinal"):
        cardinal.to_gmcr(tmp_path / "cardinal.gmcr")
    done = cardinal.to_gmcr(tmp_path / "cardinal.gmcr", strict=False)
    assert any("cardinal" in item for item in done.lost)
    assert negotiation.load(tmp_path / "cardinal.gmcr").preferences["a"].levels == (
        ((("x", "yes"),),), ((("x", "no"),),))
