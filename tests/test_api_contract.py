"""The public API contract of ``negotiation``, checked name by name.

``negotiation.__all__`` is the public API. Every function that analyses a
scenario takes a Scenario, a Game, or a path / bundled scenario name through
one conversion (``negotiation/inputs.py``) and gives the same answer whichever
is passed; overrides (``values=``) are validated as ``Scenario.with_parameters``
validates them; results explain themselves, serialise and have a short repr;
``method=`` and ``drop=`` behave the same everywhere; one Monte Carlo engine.

Cases that fail today are marked ``xfail(strict=True)`` with the exact error,
so that fixing them turns the suite red until the mark is removed.
"""
from __future__ import annotations

import inspect
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bundled_variants import ukraine_at_the_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.game import Game
from negotiation.scenario import Scenario

try:  # the serialiser the package offers for to_data(), if it offers one
    from negotiation.report import to_jsonable
except ImportError:  # pragma: no cover - plain json then
    def to_jsonable(data):
        return data

try:
    from negotiation.scenario.load import bundled_dir as _bundled_dir
    BUNDLED = Path(_bundled_dir())
except ImportError:  # pragma: no cover
    BUNDLED = Path(negotiation.__file__).parent / "data" / "scenarios"

ACCEPTED = "a Scenario, a Game, or a path or bundled scenario name"
METHODS = ("auto", "enumerate", "milp")


# --------------------------------------------------------------------------
# The public names, sorted by kind
# --------------------------------------------------------------------------

def _call_table():
    """name -> (bundled scenario to run it on, small call of it on a source).

    Small calls: few rounds, two strategies, one seed, few samples.
    """
    n = negotiation
    return {
        "zopa": ("standoff", lambda x, **kw: n.zopa(x, **kw)),
        "zopa_overview": ("standoff", lambda x, **kw: n.zopa_overview(x, **kw)),
        "frontier": ("standoff", lambda x, **kw: n.frontier(x, **kw)),
        "solve": ("standoff", lambda x, **kw: n.solve(x, **kw)),
        "find_offramps": ("standoff", lambda x, **kw: n.find_offramps(x, details=False, **kw)),
        "analyze_red_lines": ("standoff", lambda x, **kw: n.analyze_red_lines(x, **kw)),
        "check_consistency": ("standoff", lambda x, **kw: n.check_consistency(x, **kw)),
        "two_level": ("standoff", lambda x, **kw: n.two_level(x, **kw)),
        "graph_model": ("standoff", lambda x, **kw: n.graph_model(x, **kw)),
        "stability": ("standoff", lambda x, **kw: n.stability(x, **kw)),
        "status_quo_analysis": ("standoff", lambda x, **kw: n.status_quo_analysis(x, **kw)),
        # alternating offers over packages needs exactly two parties
        "spe_packages": ("logroll", lambda x, **kw: n.spe_packages(x, horizon=3, **kw)),
        "simulate": ("standoff", lambda x, **kw: n.simulate(x, rounds=20, seed=0, **kw)),
        "tournament": ("standoff", lambda x, **kw: n.tournament(
            x, strategies=["boulware", "linear"], seeds=[0], rounds=20, **kw)),
        "offramp_probability": ("standoff", lambda x, **kw: n.offramp_probability(
            x, samples=40, seed=1, ranges=True, **kw)),
        "sweep": ("standoff", lambda x, **kw: n.sweep(
            x, vary={"war_cost": [0.1, 0.2]}, measures=["zopa_size"], **kw)),
        "sensitivity": ("standoff", lambda x, **kw: n.sensitivity(
            x, "zopa_size", vary=["war_cost", "p_win"], method="morris", samples=4, seed=0, **kw)),
        "tornado": ("standoff", lambda x, **kw: n.tornado(
            x, "zopa_size", vary=["war_cost", "p_win"], **kw)),
        "crisis": ("fearon_pie", lambda x, **kw: n.crisis(x, **kw)),
        "hold": ("standoff", lambda x, **kw: n.hold(x, fixes=False, **kw)),
        "war_risk": ("fearon_pie", lambda x, **kw: n.war_risk(
            x, samples=4, seed=1, ranges=True, **kw)),
        "commitment_problem": ("fearon_pie", lambda x, **kw: n.commitment_problem(x, **kw)),
    }


CALLS = _call_table()
SCENARIO_FUNCTIONS = tuple(CALLS)
NUMERIC_FUNCTIONS = ("rubinstein", "bargaining_range", "crisis_offer", "audience_standoff",
                     "preventive_war")
FRAME_FUNCTIONS = ("sweep", "sensitivity", "tornado", "tournament")
OTHER_PUBLIC = ("Game", "OrdinalOnly", "Scenario", "ScenarioError", "SpaceTooLarge",
                "__version__", "compile_game", "load", "loads", "scenario_schema")
WITH_VALUES = tuple(name for name in SCENARIO_FUNCTIONS
                    if "values" in inspect.signature(getattr(negotiation, name)).parameters)
INPUT_KINDS = ("scenario", "game", "name", "path")


def test_every_public_name_is_classified():
    """A new public name must be added to this contract (and an old one removed)."""
    classified = set(SCENARIO_FUNCTIONS) | set(NUMERIC_FUNCTIONS) | set(OTHER_PUBLIC)
    assert set(negotiation.__all__) == classified
    assert len(negotiation.__all__) == len(set(negotiation.__all__))


@pytest.mark.parametrize("name", sorted(negotiation.__all__))
def test_every_public_name_resolves(name):
    assert getattr(negotiation, name) is not None


def test_dir_is_sorted_all():
    assert dir(negotiation) == sorted(negotiation.__all__)


def test_values_taking_functions():
    """Every analysis that recompiles a scenario takes overrides."""
    assert set(WITH_VALUES) >= {"zopa", "zopa_overview", "frontier", "solve", "find_offramps",
                                "analyze_red_lines", "graph_model", "stability",
                                "status_quo_analysis", "offramp_probability", "sweep",
                                "sensitivity", "tornado"}


# --------------------------------------------------------------------------
# Sources of every kind
# --------------------------------------------------------------------------

_SCENARIOS: dict[str, Scenario] = {}
_GAMES: dict[str, Game] = {}


def scenario_of(name: str) -> Scenario:
    if name not in _SCENARIOS:
        _SCENARIOS[name] = negotiation.load(name)
    return _SCENARIOS[name]


def game_of(name: str) -> Game:
    if name not in _GAMES:
        _GAMES[name] = negotiation.compile_game(scenario_of(name))
    return _GAMES[name]


def source(name: str, kind: str):
    if kind == "scenario":
        return scenario_of(name)
    if kind == "game":
        return game_of(name)
    if kind == "name":
        return name
    if kind == "path":
        path = BUNDLED / f"{name}.yaml"
        assert path.is_file(), path
        return path
    raise AssertionError(kind)


def test_bundled_folder():
    assert (BUNDLED / "standoff.yaml").is_file()
    assert (BUNDLED / "ukraine_2022.yaml").is_file()


def fingerprint(result):
    """What an answer says, comparable across calls."""
    if isinstance(result, pd.DataFrame):
        return ("frame", result)
    if hasattr(result, "to_data"):
        return ("data", json.dumps(to_jsonable(result.to_data()), sort_keys=True, default=repr))
    if isinstance(result, Mapping):
        return ("mapping", json.dumps(to_jsonable(dict(result)), sort_keys=True, default=repr))
    if type(result).__name__ == "GraphModel":
        return ("graph", tuple(result.party_ids), result.n_states,
                np.asarray(result.states).tolist(), repr(np.asarray(result.payoff).tolist()))
    raise AssertionError(f"no fingerprint for {type(result).__name__}")


def assert_same_answer(a, b):
    fa, fb = fingerprint(a), fingerprint(b)
    assert fa[0] == fb[0]
    if fa[0] == "frame":
        pd.testing.assert_frame_equal(fa[1], fb[1])
    else:
        assert fa == fb


# --------------------------------------------------------------------------
# 1. One conversion: Scenario, Game, name, path give the same answer
# --------------------------------------------------------------------------

@pytest.mark.parametrize("kind", INPUT_KINDS)
@pytest.mark.parametrize("name", SCENARIO_FUNCTIONS)
def test_every_input_kind_gives_the_same_answer(name, kind):
    scenario_name, call = CALLS[name]
    expected = call(scenario_of(scenario_name))
    got = call(source(scenario_name, kind))
    assert type(got) is type(expected)
    assert_same_answer(got, expected)


BAD_SOURCES = [pytest.param(3, id="int"), pytest.param({"title": "x"}, id="dict"),
               pytest.param(["standoff"], id="list"), pytest.param(None, id="None")]


@pytest.mark.parametrize("bad", BAD_SOURCES)
@pytest.mark.parametrize("name", SCENARIO_FUNCTIONS)
def test_anything_else_is_a_type_error_naming_what_is_expected(name, bad):
    _, call = CALLS[name]
    with pytest.raises(TypeError, match=re.escape(ACCEPTED)):
        call(bad)


@pytest.mark.parametrize("args", [
    pytest.param(("rubinstein", (0.9, 0.8)), id="rubinstein"),
    pytest.param(("bargaining_range", (0.6, 0.1, 0.2)), id="bargaining_range"),
    pytest.param(("crisis_offer", (0.6, 0.1, 0.2)), id="crisis_offer"),
    pytest.param(("audience_standoff", (0.6, 0.1, 0.2, 3)), id="audience_standoff"),
    pytest.param(("preventive_war", (0.6, 0.4, 0.1, 0.2, 0.9)), id="preventive_war"),
])
def test_numeric_functions_take_plain_numbers(args):
    name, numbers = args
    result = getattr(negotiation, name)(*numbers)
    assert isinstance(result.explain(), str) and result.explain()
    json.dumps(to_jsonable(result.to_data()))


@pytest.mark.parametrize("bad", [
    pytest.param("standoff", id="str"),
    pytest.param(BUNDLED / "standoff.yaml", id="path"),
    pytest.param("game", id="game"),
    pytest.param(3, id="int"),
    pytest.param(None, id="None"),
    pytest.param({"title": "x"}, id="dict"),
])
def test_compile_game_takes_only_a_scenario(bad):
    if bad == "game":
        bad = game_of("standoff")
    with pytest.raises(TypeError, match="Scenario"):
        negotiation.compile_game(bad)


# --------------------------------------------------------------------------
# 2. Parameter overrides are validated as Scenario.with_parameters does
# --------------------------------------------------------------------------

def test_standoff_declares_the_ranges_the_tests_rely_on():
    params = scenario_of("standoff").parameters
    assert set(params) == {"sanctions", "war_cost", "p_win"}
    lo, hi = params["sanctions"].range
    assert (lo, hi) == (0.0, 0.6)
    assert not lo <= 99 <= hi


def _with_parameters_error(overrides, scenario_name: str = "standoff") -> str:
    with pytest.raises(ValueError) as info:
        scenario_of(scenario_name).with_parameters(**overrides)
    return str(info.value)


@pytest.mark.parametrize("overrides", [
    pytest.param({"sanctions": 99}, id="out_of_range"),
    pytest.param({"nonexistent": 3}, id="unknown"),
])
@pytest.mark.parametrize("name", WITH_VALUES)
def test_values_are_validated_as_with_parameters(name, overrides):
    scenario_name, call = CALLS[name]
    expected = _with_parameters_error(overrides, scenario_name)
    (parameter,) = overrides
    assert parameter in expected
    with pytest.raises(ValueError) as info:
        call(scenario_of(scenario_name), values=overrides)
    assert str(info.value) == expected
    assert parameter in str(info.value)


@pytest.mark.parametrize("overrides", [
    {"sanctions": 99}, {"nonexistent": 3}, {"sanctions": 99, "nonexistent": 3}])
def test_compile_game_validates_values(overrides):
    with pytest.raises(ValueError):
        negotiation.compile_game(scenario_of("standoff"), overrides)


# --------------------------------------------------------------------------
# 3. A Game knows the values it was compiled with
# --------------------------------------------------------------------------

def test_standoff_batna_expression_is_the_one_computed_by_hand():
    text = (BUNDLED / "standoff.yaml").read_text(encoding="utf-8")
    assert 'batna: "p_win - war_cost - sanctions"' in text


def test_game_keeps_its_values_when_recompiled():
    from negotiation.inputs import as_game

    s = scenario_of("standoff")
    g = negotiation.compile_game(s, {"sanctions": 0})
    assert g.values["sanctions"] == 0
    assert g.scenario.parameters["sanctions"].value == 0

    got = negotiation.solve(g, values={"war_cost": 0.1})
    expected = negotiation.solve(s.with_parameters(sanctions=0, war_cost=0.1))
    assert fingerprint(got) == fingerprint(expected)

    recompiled = as_game(g, {"war_cost": 0.1})
    assert recompiled.values["sanctions"] == 0
    assert recompiled.values["war_cost"] == pytest.approx(0.1)
    p_win = s.parameters["p_win"].value
    challenger = recompiled.party_ids.index("challenger")
    # batna: "p_win - war_cost - sanctions" = 0.6 - 0.1 - 0
    assert recompiled.batna[challenger] == pytest.approx(p_win - 0.1 - 0.0)
    assert recompiled.batna[challenger] == pytest.approx(0.5)
    # the default game: 0.6 - 0.2 - 0.3 = 0.1 (the file says so)
    default = game_of("standoff")
    assert default.batna[challenger] == pytest.approx(0.1)
    assert g.batna[challenger] == pytest.approx(0.6 - 0.2 - 0.0)


def test_game_overrides_agree_across_functions():
    s = scenario_of("standoff")
    g = negotiation.compile_game(s, {"sanctions": 0})
    fixed = s.with_parameters(sanctions=0, war_cost=0.1)
    for name in ("zopa", "frontier", "find_offramps", "analyze_red_lines"):
        _, call = CALLS[name]
        assert fingerprint(call(g, values={"war_cost": 0.1})) == fingerprint(call(fixed)), name


# --------------------------------------------------------------------------
# 4. Results explain themselves, serialise, and have short reprs
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in SCENARIO_FUNCTIONS
                                  if n not in FRAME_FUNCTIONS])
def test_results_explain_serialise_and_are_short(name):
    scenario_name, call = CALLS[name]
    result = call(scenario_of(scenario_name))
    text = result.explain()
    assert isinstance(text, str) and text.strip()
    data = result.to_data()
    assert isinstance(data, dict)
    json.dumps(to_jsonable(data))
    assert len(repr(result)) < 300
    assert isinstance(result._repr_markdown_(), str)


@pytest.mark.parametrize("name", FRAME_FUNCTIONS)
def test_tabular_functions_return_frames(name):
    scenario_name, call = CALLS[name]
    frame = call(scenario_of(scenario_name))
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0


@pytest.mark.parametrize("name", ["zopa", "frontier", "solve", "find_offramps",
                                  "analyze_red_lines", "stability", "status_quo_analysis",
                                  "simulate", "offramp_probability"])
def test_results_stay_short_on_a_large_scenario(name):
    _, call = CALLS[name]
    # the protocol of turns seats every party: the scenario without its ratifiers
    result = call(ukraine_at_the_table() if name == "simulate" else game_of("ukraine_2022"))
    assert len(repr(result)) < 300
    assert result.explain().strip()
    json.dumps(to_jsonable(result.to_data()))


def test_solve_all_is_a_read_only_mapping_of_solutions():
    solutions = negotiation.solve(scenario_of("standoff"), "all")
    assert type(solutions).__name__ == "Solutions"
    assert isinstance(solutions, Mapping)
    assert not isinstance(solutions, dict)
    assert len(solutions) >= 1 and "nash" in solutions
    single = type(negotiation.solve(scenario_of("standoff")))
    for key, value in solutions.items():
        assert isinstance(key, str)
        assert isinstance(value, single)
    assert fingerprint(solutions["nash"]) == fingerprint(negotiation.solve(scenario_of("standoff")))
    with pytest.raises(TypeError):
        solutions["nash"] = None  # type: ignore[index]
    with pytest.raises((TypeError, AttributeError)):
        del solutions["nash"]  # type: ignore[attr-defined]
    assert isinstance(solutions.to_frame(), pd.DataFrame)
    assert len(solutions.to_frame()) == len(solutions)
    assert solutions.explain().strip()
    data = solutions.to_data()
    assert isinstance(data, dict)
    json.dumps(to_jsonable(data))
    assert len(repr(solutions)) < 300
    assert isinstance(solutions._repr_markdown_(), str)


@pytest.mark.parametrize("name", sorted(p.stem for p in BUNDLED.glob("*.yaml")))
def test_scenario_and_game_reprs_are_short(name):
    assert len(repr(scenario_of(name))) < 300
    assert len(repr(game_of(name))) < 300


# --------------------------------------------------------------------------
# 5. Named regressions
# --------------------------------------------------------------------------

def test_zopa_on_a_scenario():
    zone = negotiation.zopa(scenario_of("standoff"))
    assert zone.size == 10  # the file says: 10 packages in the ZOPA


def test_find_offramps_on_a_game():
    offramps = negotiation.find_offramps(game_of("standoff"))
    assert offramps.exists and offramps.count == 8  # 8 of them off-ramps


def test_find_offramps_on_a_name():
    assert negotiation.find_offramps("standoff").count == 8


def test_offramp_probability_on_a_game_with_ranges():
    result = negotiation.offramp_probability(game_of("standoff"), samples=50, ranges=True)
    assert 0.0 <= result.probability <= 1.0
    assert result.n == 50


def test_sweep_on_a_game():
    frame = negotiation.sweep(game_of("standoff"), vary={"sanctions": [0, 0.3]},
                              measures=["zopa_size"])
    assert list(frame["sanctions"]) == [0, 0.3]
    assert frame["zopa_size"].iloc[1] == 10


def test_simulate_with_one_strategy_name_for_every_party():
    trace = negotiation.simulate(scenario_of("standoff"), "boulware", rounds=20)
    named = negotiation.simulate(scenario_of("standoff"),
                                 {p: "boulware" for p in game_of("standoff").party_ids},
                                 rounds=20)
    assert fingerprint(trace) == fingerprint(named)


def test_offramp_probability_refuses_when_nothing_is_uncertain():
    s = scenario_of("standoff")
    assert all(p.distribution is None for p in s.parameters.values())
    with pytest.raises(ValueError, match="(?i)uncertain"):
        negotiation.offramp_probability(s)


def test_offramp_probability_over_ranges_says_it_is_a_box():
    result = negotiation.offramp_probability(scenario_of("standoff"), samples=50, ranges=True)
    text = result.explain()
    assert "box" in text and "uniform" in text and "range" in text


def test_find_offramps_no_longer_takes_limit():
    with pytest.raises(TypeError):
        negotiation.find_offramps(scenario_of("standoff"), limit=3)


# --------------------------------------------------------------------------
# 6. method= gives the same answer by every route
# --------------------------------------------------------------------------

STANDOFF_CASES = [pytest.param({}, id="defaults"),
                  pytest.param({"sanctions": 0}, id="sanctions0"),
                  pytest.param({"sanctions": 0, "war_cost": 0.1}, id="no_zopa")]


def _answers(method, values):
    s = scenario_of("standoff")
    offramps = negotiation.find_offramps(s, details=False, method=method, values=values)
    listed = offramps.to_data()["offramps"]
    best = listed[0]["package"] if listed else None
    nash = negotiation.solve(s, method=method, values=values).to_data()["package"]
    feasible = negotiation.analyze_red_lines(s, method=method, values=values).jointly_feasible
    return best, nash, feasible


@pytest.mark.parametrize("values", STANDOFF_CASES)
def test_methods_agree_on_standoff(values):
    by_method = {m: _answers(m, values) for m in METHODS}
    assert by_method["enumerate"] == by_method["milp"] == by_method["auto"]


def test_methods_give_the_documented_answers():
    best, nash, feasible = _answers("milp", {})
    expected = {"troops": "withdrawn", "membership": "open_door", "missiles": "ban",
                "hotline": "established"}
    assert nash == expected and best == expected and feasible is True
    best, nash, feasible = _answers("milp", {"sanctions": 0, "war_cost": 0.1})
    assert best is None and nash is None and feasible is False


@pytest.mark.parametrize("name", ["solve", "find_offramps", "analyze_red_lines"])
def test_unknown_method_lists_the_three(name):
    _, call = CALLS[name]
    with pytest.raises(ValueError) as info:
        call(scenario_of("standoff"), method="simplex")
    for method in METHODS:
        assert method in str(info.value)


# --------------------------------------------------------------------------
# 7. drop= never shrinks the zone of agreement
# --------------------------------------------------------------------------

DROP_FUNCTIONS = ("zopa", "frontier", "solve", "find_offramps", "analyze_red_lines")


def relaxable(name: str) -> list[str]:
    return [c.id for c in game_of(name).constraints if c.relaxable]


def test_standoff_relaxable_constraints():
    assert relaxable("standoff") == ["door_stays_open", "limits_only_if_troops_leave",
                                     "no_ban_on_membership"]


@pytest.mark.parametrize("kind", INPUT_KINDS)
@pytest.mark.parametrize("name", DROP_FUNCTIONS)
def test_drop_is_accepted(name, kind):
    _, call = CALLS[name]
    dropped = call(source("standoff", kind), drop=["no_ban_on_membership"])
    assert fingerprint(dropped) == fingerprint(
        call(scenario_of("standoff"), drop=["no_ban_on_membership"]))
    assert fingerprint(dropped) != fingerprint(call(scenario_of("standoff")))


@pytest.mark.parametrize("name", DROP_FUNCTIONS)
def test_unknown_drop_names_the_relaxable_ones(name):
    _, call = CALLS[name]
    with pytest.raises(ValueError) as info:
        call(scenario_of("standoff"), drop=["no_such_red_line"])
    message = str(info.value)
    assert "no_such_red_line" in message
    for cid in relaxable("standoff"):
        assert cid in message


def _size(name, drop=()):
    return negotiation.zopa(game_of(name), drop=list(drop)).size


@pytest.mark.parametrize("name", ["standoff", "ukraine_2022"])
def test_dropping_a_red_line_never_shrinks_the_zone(name):
    base = _size(name)
    everything = _size(name, relaxable(name))
    for cid in relaxable(name):
        assert base <= _size(name, [cid]) <= everything, cid


def test_dropping_the_binding_red_line_widens_the_zone():
    # the file says: only no_ban_on_membership binds
    assert _size("standoff", ["no_ban_on_membership"]) > _size("standoff")
    assert _size("standoff", ["door_stays_open"]) == _size("standoff")


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(a=st.sets(st.sampled_from(["door_stays_open", "limits_only_if_troops_leave",
                                  "no_ban_on_membership"])),
       b=st.sets(st.sampled_from(["door_stays_open", "limits_only_if_troops_leave",
                                  "no_ban_on_membership"])),
       values=st.sampled_from([{}, {"sanctions": 0}, {"sanctions": 0, "war_cost": 0.1}]))
def test_drop_is_monotone_on_standoff(a, b, values):
    s = scenario_of("standoff")
    small = negotiation.zopa(s, drop=sorted(a), values=values).size
    large = negotiation.zopa(s, drop=sorted(a | b), values=values).size
    assert small <= large


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_drop_is_monotone_on_ukraine(data):
    ids = relaxable("ukraine_2022")
    a = data.draw(st.sets(st.sampled_from(ids), max_size=4))
    b = data.draw(st.sets(st.sampled_from(ids), max_size=4))
    assert _size("ukraine_2022", sorted(a)) <= _size("ukraine_2022", sorted(a | b))


# --------------------------------------------------------------------------
# 8. One Monte Carlo engine
# --------------------------------------------------------------------------

@pytest.mark.parametrize("samples, seed", [(64, 3), (25, 0)])
def test_offramp_probability_is_a_random_sweep(samples, seed):
    s = scenario_of("standoff")
    estimate = negotiation.offramp_probability(s, samples=samples, seed=seed, ranges=True)
    drawn = list(estimate.varied)
    assert drawn == list(s.parameters)  # no distributions: every ranged parameter
    frame = negotiation.sweep(s, vary={p: None for p in drawn}, method="random",
                              samples=samples, seed=seed, measures=["offramp_exists"])
    assert len(frame) == samples == estimate.n
    np.testing.assert_array_equal(np.asarray(estimate.exists, dtype=bool),
                                  frame["offramp_exists"].to_numpy(dtype=bool))
    for p in drawn:
        np.testing.assert_array_equal(np.asarray(estimate.samples[p], dtype=float),
                                      frame[p].to_numpy(dtype=float))
    assert estimate.hits == int(frame["offramp_exists"].sum())
    assert math.isclose(estimate.probability, estimate.hits / samples)
