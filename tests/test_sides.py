"""Sides of the table: a side's members share one weight in the Nash products.

Definitions: docs/concepts/bargaining.md ("Sides of the table").
"""
from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml
from ratifier_scenarios import split

import negotiation
from negotiation.cli import main
from negotiation.game import compile_game
from negotiation.scenario import ScenarioError
from negotiation.sides import sides_of

BY_SIDE = ("nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian",
           "normalised_egalitarian")
N = 30


def west_russia(sides=True, russia_power=1.0, offramp=False) -> str:
    """A unit pie: the west's share ``w`` goes to two Western parties alike,
    ``1 - w`` to Russia; batnas 0."""
    shares = [f"w{k:02d}" for k in range(N + 1)]
    west = {o: k / N for k, o in enumerate(shares)}
    russia = {o: 1 - k / N for k, o in enumerate(shares)}
    data: dict = {
        "format": "negotiation/1", "title": "west and russia",
        "parties": {"united_states": {}, "nato": {}, "russia": {"power": russia_power}},
        "issues": {"split": {"options": shares, "status_quo": shares[0]}},
        "preferences": {p: {"weights": {"split": 1}, "scores": {"split": west}}
                        for p in ("united_states", "nato")}}
    data["preferences"]["russia"] = {"weights": {"split": 1}, "scores": {"split": russia}}
    if sides:
        data["sides"] = {"west": ["united_states", "nato"]}
    if offramp:
        data["offramp"] = {"for": "russia", "requires": "split != w00", "face": "cost"}
    return yaml.safe_dump(data, sort_keys=False)


def west_share(solution) -> float:
    return int(solution.package["split"][1:]) / N


# ---------------------------------------------------------------- closed forms
def test_by_party_the_west_counts_twice():
    """argmax w^2 (1 - w) = 2/3: two Western factors against one."""
    s = negotiation.loads(west_russia(sides=False))
    assert west_share(negotiation.solve(s, "nash")) == pytest.approx(2 / 3)
    assert west_share(negotiation.solve(s, "nash", by="party")) == pytest.approx(2 / 3)


def test_by_side_the_west_counts_once():
    """(w^2)^(1/2) (1 - w) = w (1 - w): the split is 1/2."""
    s = negotiation.loads(west_russia())
    found = negotiation.solve(s, "nash")
    assert west_share(found) == pytest.approx(0.5)
    assert found.weighting == "side"
    assert west_share(found.by_party) == pytest.approx(2 / 3)
    assert "west (2 members)" in found.by_party_why
    assert west_share(negotiation.solve(s, "nash", by="party")) == pytest.approx(2 / 3)
    assert west_share(negotiation.solve(s, "nash", method="milp")) == pytest.approx(0.5)


def test_asymmetric_nash_gives_each_side_its_power_share():
    """Russia's power 2 against the West's 1 (the mean of its members'):
    argmax w^(1/3) (1 - w)^(2/3) = 1/3."""
    s = negotiation.loads(west_russia(russia_power=2.0))
    assert west_share(negotiation.solve(s, "asymmetric_nash")) == pytest.approx(1 / 3)
    assert west_share(negotiation.solve(s, "asymmetric_nash", method="milp")) == \
        pytest.approx(1 / 3)
    game = compile_game(s)
    e = sides_of(game).exponents(game.power)
    assert e.tolist() == pytest.approx([1 / 6, 1 / 6, 2 / 3])


def test_solutions_report_the_sides_and_the_by_party_answer(capsys):
    s = negotiation.loads(west_russia())
    all_ = negotiation.solve(s, "all")
    data = all_.to_data()
    assert data["sides"] == {"west": ["united_states", "nato"], "russia": ["russia"]}
    assert data["by"] == "side"
    assert "by_party" in data["solutions"]["nash"]
    assert data["solutions"]["nash"]["by_party"]["why"]
    assert data["solutions"]["egalitarian"].get("by_party") is None  # the same either way
    assert data["solutions"]["utilitarian"]["weighting"] == "party"
    assert "by party" in all_.explain()


def test_offramps_report_the_best_by_party_where_it_differs():
    s = negotiation.loads(west_russia(offramp=True))
    result = negotiation.find_offramps(s, k=2, details=False)
    assert west_share(type("S", (), {"package": result.offramps[0].package})) == 0.5
    assert result.by_party is not None
    assert result.by_party["package"]["split"] == "w20"
    assert "by_party" in result.to_data()
    milp = negotiation.find_offramps(s, k=1, details=False, method="milp")
    assert milp.offramps[0].package == result.offramps[0].package
    assert milp.by_party["package"] == result.by_party["package"]


# ---------------------------------------------------------------- properties
@st.composite
def split_scenarios(draw):
    text = draw(scenario_yaml(max_parties=3, max_issues=3))
    party = draw(st.sampled_from(sorted(yaml.safe_load(text)["parties"])))
    return split(text, party)


@given(split_scenarios())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_splitting_a_party_into_two_members_of_one_side_changes_no_solution(pair):
    """Every by-side solution of the scenario with party P split into two
    identical members of one side is the solution without the split."""
    alone, twice = pair
    for name in BY_SIDE:
        a, b = negotiation.solve(alone, name), negotiation.solve(twice, name)
        assert a.found == b.found, name
        if a.found:
            assert a.package == b.package, name


@given(split_scenarios())
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_sides_by_milp_equal_enumeration(pair):
    _, twice = pair
    for name in ("nash", "asymmetric_nash"):
        a, b = negotiation.solve(twice, name), negotiation.solve(twice, name, method="milp")
        assert a.found == b.found
        if a.found:
            u, v = (np.array(list(x.utilities.values())) for x in (a, b))
            assert a.package == b.package or np.allclose(u, v, atol=1e-6), name


def _reference(scenario, name):
    """Today's definition, written out: argmax of the criterion over the zone,
    ties to the larger sum, then the smaller package index."""
    game = compile_game(scenario)
    pool = game.feasible_packages
    pool = pool[game.acceptable(pool)]
    u = game.effective(pool)
    inside = (u >= game.batna - 1e-9).all(axis=1)
    if not inside.any():
        return None
    pool, u = pool[inside], u[inside]
    g = np.maximum(u - game.batna, 0)
    span = u.max(axis=0) - game.batna
    ratio = np.where(span > 0, g / np.where(span > 0, span, 1), 1.0)
    alpha = game.power / game.power.sum()
    score = {"nash": g.prod(axis=1), "asymmetric_nash": (g ** alpha).prod(axis=1),
             "kalai_smorodinsky": ratio.min(axis=1), "egalitarian": (u - game.batna).min(axis=1),
             "utilitarian": u.sum(axis=1)}[name]
    scale = max(1.0, np.abs(score).max())
    order = np.lexsort((game.encode(pool), -np.round(u.sum(axis=1) / 1e-12),
                        -np.round(score / (scale * 1e-12))))
    return game.labels(pool[order[0]])


@given(st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_without_sides_every_solution_is_todays(data):
    scenario = negotiation.loads(data.draw(scenario_yaml(max_parties=3, max_issues=3)))
    for name in ("nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian", "utilitarian"):
        found = negotiation.solve(scenario, name)
        assert (found.package if found.found else None) == _reference(scenario, name), name
        assert negotiation.solve(scenario, name, by="party").package == found.package
        assert found.by_party is None


# ---------------------------------------------------------------- the file format
@pytest.mark.parametrize("sides, message", [
    ({"west": ["united_states", "nato"], "also": ["nato"]}, "already on side 'west'"),
    ({"west": ["united_states", "nobody"]}, "unknown party 'nobody'"),
    ({"nato": ["united_states"]}, "has the name of a party that is not on it"),
])
def test_bad_sides_are_reported(sides, message):
    data = yaml.safe_load(west_russia(sides=False))
    data["sides"] = sides
    with pytest.raises(ScenarioError, match=message):
        negotiation.loads(yaml.safe_dump(data, sort_keys=False))


def test_a_side_of_one_is_a_party():
    data = yaml.safe_load(west_russia(sides=False))
    data["sides"] = {"russia": ["russia"]}
    s = negotiation.loads(yaml.safe_dump(data))
    assert sides_of(compile_game(s)).plain
    assert west_share(negotiation.solve(s, "nash")) == pytest.approx(2 / 3)


def test_solve_command_shows_the_by_party_row(capsys, tmp_path):
    path = tmp_path / "west.yaml"
    path.write_text(west_russia(), encoding="utf-8")
    assert main(["solve", str(path)]) == 0
    out = capsys.readouterr().out
    assert "nash by party" in out and "own scale" in out
    assert main(["solve", str(path), "--by", "party", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by"] == "party" and data["solutions"]["nash"]["package"]["split"] == "w20"
