"""A scenario's space is enumerated once: the compiled game, its zones and
their frontiers are cached while the objects live, and stay correct."""
from __future__ import annotations

import gc
import pickle
import weakref

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml

import negotiation
from negotiation import inputs


def test_one_scenario_is_compiled_once_and_its_zone_reused():
    s = negotiation.load("standoff")
    assert inputs.as_game(s) is inputs.as_game(s)
    assert negotiation.zopa(s) is negotiation.zopa(s)
    assert negotiation.frontier(s) is negotiation.frontier(s)
    # a dropped red line is another zone, and overrides another game
    assert negotiation.zopa(s, drop=["door_stays_open"]) is not negotiation.zopa(s)
    assert negotiation.zopa(s, values={"sanctions": 0.0}).size != negotiation.zopa(s).size


def test_the_cache_lives_and_dies_with_the_scenario_and_is_never_pickled():
    s = negotiation.load("standoff")
    fresh = len(pickle.dumps(s))
    game = weakref.ref(inputs.as_game(s))
    negotiation.zopa(s)
    assert pickle.loads(pickle.dumps(s)) == s
    assert len(pickle.dumps(s)) == fresh
    assert "_compiled_games" not in pickle.loads(pickle.dumps(s)).__dict__
    del s
    gc.collect()
    assert game() is None


def test_five_calls_give_what_one_call_gives():
    s = negotiation.load("ukraine_2022")
    every = negotiation.solve(negotiation.load("ukraine_2022"), "all")
    for name in every:
        assert negotiation.solve(s, name).to_data() == every[name].to_data()


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_ideal_point_over_the_frontier_is_the_zone_s(data):
    s = negotiation.loads(data.draw(scenario_yaml()))
    front = negotiation.frontier(s)
    if front.zopa.empty:
        assert front.ideal is None
    else:
        assert np.array_equal(front.ideal, front.zopa.utilities.max(axis=0))


def test_one_game_builds_one_graph_model_and_computes_each_stability_once():
    s = negotiation.load("cuban_1962_bargaining")
    model = negotiation.graph_model(s)
    assert negotiation.graph_model(s) is model
    first = negotiation.stability(s)
    again = negotiation.stability(s)
    for concept in first.concepts:
        assert np.array_equal(first.stable[concept], again.stable[concept])
    # a fresh scenario computes the same answers from nothing
    fresh = negotiation.stability(negotiation.load("cuban_1962_bargaining"))
    assert all(np.array_equal(first.stable[c], fresh.stable[c]) for c in first.concepts)
    # another parameter value is another game, so another model
    name, parameter = next(iter(s.parameters.items()))
    other = negotiation.graph_model(s, values={name: parameter.range[0]})
    assert other is not model and other.game is not model.game
