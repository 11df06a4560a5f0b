"""GMCR+ conflict files: written here by hand, imported, and analysed, they
give the equilibria of the bundled YAML versions (which the published
tables check in tests/test_stability.py and tests/test_stability_cases.py).

The files follow the GMCR+ format: binary options held by decision makers,
permitted directions, infeasible conditions, prioritised statements or a
manual ranking of the feasible states (numbered by their decimal codes),
coalitions and misperceptions.
"""
from __future__ import annotations

import json
import warnings

import pytest

import negotiation
from negotiation.cli import main
from negotiation.formats import read_gmcr

CONCEPTS = ("nash", "gmr", "smr", "seq", "sim")

PRISONERS = {  # prioritisation: the other cooperates, then I defect
    "options": [{"name": "P1 cooperates", "permittedDirection": "both"},
                {"name": "P2 cooperates", "permittedDirection": "both"}],
    "decisionMakers": [
        {"name": "Prisoner 1", "options": [0], "preferences": [[[1, "Y"]], [[0, "N"]]]},
        {"name": "Prisoner 2", "options": [1], "preferences": [[[0, "Y"]], [[1, "N"]]]}],
    "infeasibles": [], "useManualPreferenceRanking": False, "coalitions": [0, 1]}

CHICKEN = {  # manual rankings; states 1 (N,N) 2 (Y,N) 3 (N,Y) 4 (Y,Y)
    "options": [{"name": "D1 swerves", "permittedDirection": "both"},
                {"name": "D2 swerves", "permittedDirection": "both"}],
    "decisionMakers": [
        {"name": "Driver 1", "options": [0], "preferenceRanking": [3, 4, 2, 1]},
        {"name": "Driver 2", "options": [1], "preferenceRanking": [2, 4, 3, 1]}],
    "infeasibles": [], "useManualPreferenceRanking": True, "coalitions": [0, 1]}

# Elmira (Hipel, Kilgour, Fang & Peng 1997): Uniroyal delays, accepts or
# abandons (exactly one); the states 5, 6, 11 and 12 of this numbering are
# the published state 9 (abandon), ranked equal.
ELMIRA = {
    "options": [{"name": "Modify", "permittedDirection": "fwd"},
                {"name": "Delay", "permittedDirection": "back"},
                {"name": "Accept", "permittedDirection": "both"},
                {"name": "Abandon", "permittedDirection": "fwd"},
                {"name": "Insist", "permittedDirection": "both"}],
    "decisionMakers": [
        {"name": "MoE", "options": [0],
         "preferenceRanking": [9, 3, 4, 10, 7, 1, 2, 8, [11, 5, 6, 12]]},
        {"name": "Uniroyal", "options": [1, 2, 3],
         "preferenceRanking": [1, 4, 10, 7, [5, 11, 6, 12], 2, 3, 9, 8]},
        {"name": "Local Government", "options": [4],
         "preferenceRanking": [9, 3, 7, 1, 10, 8, 4, 2, [11, 5, 12, 6]]}],
    "infeasibles": [[[1, "Y"], [2, "Y"]], [[1, "Y"], [3, "Y"]], [[2, "Y"], [3, "Y"]],
                    [[1, "N"], [2, "N"], [3, "N"]]],
    "useManualPreferenceRanking": True, "coalitions": [[0, 1], 2]}


def write(tmp_path, name, model) -> str:
    path = tmp_path / f"{name}.gmcr"
    path.write_text(json.dumps(model))
    return str(path)


def two_by_two(result, concept):
    """Equilibria of a 2x2 model as (first issue, second issue) tuples."""
    return {tuple(labels.values()) for labels in result.labels(result.equilibria(concept))}


@pytest.mark.parametrize("name, model", [("prisoners", PRISONERS), ("chicken", CHICKEN)])
def test_two_by_two_games_give_the_bundled_equilibria(tmp_path, name, model):
    imported = negotiation.stability(negotiation.load(write(tmp_path, name, model)))
    bundled = negotiation.stability(name)
    for concept in CONCEPTS:
        assert two_by_two(imported, concept) == two_by_two(bundled, concept), concept


def elmira_states(result, indices, imported: bool):
    """States as (modify, Uniroyal's course, insist)."""
    out = set()
    for labels in result.labels(indices):
        if imported:
            course = next(c for c in ("Delay", "Accept", "Abandon") if labels[c] == "yes")
            out.add((labels["Modify"], course.lower(), labels["Insist"]))
        else:
            out.add((labels["modify"], labels["uniroyal"], labels["insist"]))
    return out


def test_elmira_gives_the_published_equilibria(tmp_path):
    done = read_gmcr(write(tmp_path, "elmira", ELMIRA))
    assert done.coalitions == (("MoE", "Uniroyal"),)
    imported = negotiation.stability(done.scenario, coalitions=done.coalitions)
    bundled = negotiation.stability("elmira", coalitions=[("moe", "ur")])
    for concept in CONCEPTS:
        assert elmira_states(imported, imported.equilibria(concept), True) == \
            elmira_states(bundled, bundled.equilibria(concept), False), concept
    for concept in ("nash", "gmr", "seq", "sim"):
        assert elmira_states(imported, imported.coalition_equilibria(concept), True) == \
            elmira_states(bundled, bundled.coalition_equilibria(concept), False), concept
    # published Nash equilibria 5, 8, 9: (no, delay, yes), (yes, accept, yes), abandon
    nash = elmira_states(imported, imported.equilibria("nash"), True)
    assert {("no", "delay", "yes"), ("yes", "accept", "yes")} <= nash
    assert {s for s in nash if s[1] != "abandon"} == {("no", "delay", "yes"),
                                                      ("yes", "accept", "yes")}


def test_the_mapping_of_options(tmp_path):
    s = read_gmcr(write(tmp_path, "elmira", ELMIRA)).scenario
    delay, modify, accept = s.issues["Delay"], s.issues["Modify"], s.issues["Accept"]
    assert (delay.option_ids, delay.one_way, delay.controlled_by) == (("yes", "no"), True,
                                                                      "Uniroyal")
    assert (modify.option_ids, modify.one_way) == (("no", "yes"), True)
    assert not accept.one_way
    assert s.status_quo == {"Modify": "no", "Delay": "yes", "Accept": "no", "Abandon": "no",
                            "Insist": "no"}  # state 1
    assert [c.kind for c in s.constraints] == ["feasibility"] * 4
    assert s.parties["Local_Government"].name == "Local Government"


def test_priorities_and_ties_are_kept(tmp_path):
    s = read_gmcr(write(tmp_path, "pd", PRISONERS)).scenario
    assert [str(r) for r in s.preferences["Prisoner_1"].rules] == [
        "P2_cooperates == yes", "P1_cooperates == no"]
    elmira = read_gmcr(write(tmp_path, "elmira", ELMIRA)).scenario
    assert len(elmira.preferences["MoE"].levels[-1]) == 4  # the abandon states tie


def test_compound_statements_become_or_rules(tmp_path):
    model = json.loads(json.dumps(PRISONERS))
    model["decisionMakers"][0]["preferences"] = [
        {"compound": True, "members": [[[0, "Y"], [1, "Y"]], [[0, "N"], [1, "N"]]]}]
    s = read_gmcr(write(tmp_path, "pd", model)).scenario
    assert str(s.preferences["Prisoner_1"].rules[0]) == \
        "(P1_cooperates == yes and P2_cooperates == yes) or " \
        "(P1_cooperates == no and P2_cooperates == no)"


def test_misperceptions_are_reported_not_dropped(tmp_path, capsys):
    model = json.loads(json.dumps(PRISONERS))
    model["decisionMakers"][1]["misperceptions"] = [[[0, "Y"], [1, "N"]]]
    path = write(tmp_path, "hyper", model)
    done = read_gmcr(path)
    assert any("misperceptions of Prisoner_2" in item for item in done.not_modelled)
    assert "misperceptions of Prisoner_2" in done.yaml
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        negotiation.load(path)
    assert any("not modelled" in str(w.message) for w in seen)
    assert main(["import", path, "-o", str(tmp_path / "hyper.yaml")]) == 0
    assert "not modelled: misperceptions" in capsys.readouterr().err


def test_import_writes_yaml_that_loads_unchanged_and_gives_the_same_results(tmp_path, capsys):
    source = write(tmp_path, "elmira", ELMIRA)
    out = tmp_path / "elmira.yaml"
    assert main(["import", source, "-o", str(out)]) == 0
    assert "--coalition MoE,Uniroyal" in capsys.readouterr().out
    text = out.read_text()
    assert text.startswith("# Imported from the GMCR+ file elmira.gmcr")
    again, direct = negotiation.load(out), negotiation.load(source)
    assert again == direct
    a, b = negotiation.stability(again), negotiation.stability(direct)
    assert all(list(a.equilibria(c)) == list(b.equilibria(c)) for c in CONCEPTS)
    assert main(["validate", str(out)]) == 0
