"""Will an off-ramp hold? Stability of off-ramps in the graph model, derived by
hand on the border standoff and a two-party toy, and checked against brute
force (independent improvement relation, breadth-first search) on random
scenarios."""
from __future__ import annotations

import itertools
import json
from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml

import negotiation
from negotiation.cli import main
from negotiation.game import TOL, compile_game
from negotiation.solvers.offramps.holding import offramp_stability, stability_context
from negotiation.solvers.offramps.search import OfframpError

BEST = {"troops": "withdrawn", "membership": "open_door", "missiles": "ban",
        "hotline": "established"}


# ---------------------------------------------------------------- standoff by hand
# Stated utilities (standoff.yaml weights x scores; the graph model uses these,
# not the audience-cost-adjusted ones):
#   challenger at BEST: 0.15*0.3 + 0.5*0 + 0.3*1 + 0.05*1 = 0.395
#     troops -> massed: 0.15*1.0 + 0.35 = 0.500 (+0.105); -> partial: 0.09 + 0.35 = 0.44
#   alliance at BEST: 0.4*1 + 0.35*1 + 0.2*0.2 + 0.05*1 = 0.84
#     missiles -> status_quo: 0.4 + 0.35 + 0.2 + 0.05 = 1.00 (its best move: open_door
#     already scores 1 for it, so any membership change costs it)
#   neighbour controls nothing: Nash-stable everywhere.
# Sanctions: after the challenger's return to massed (challenger 0.5, alliance
# 0.35 + 0.04 + 0.05 = 0.44), the alliance restoring missiles to status_quo is an
# improvement for it (0.44 -> 0.60) and leaves the challenger 0.15 + 0.05 = 0.2
# <= 0.395: GMR, SEQ; its counter-moves from there (troops partial 0.14,
# withdrawn 0.095) stay <= 0.395: SMR. Every alliance improvement keeps troops
# withdrawn (alliance <= 1.0); the challenger's return to massed, always an
# improvement for it (+0.105 on troops alone), costs the alliance 0.4, leaving
# <= 0.6 <= 0.84, and with troops massed the alliance's best is 0.6: GMR, SMR,
# SEQ. SIM: each side's own improvement from BEST (massed; missiles status_quo)
# played with the other's gives (massed, open_door, status_quo, established):
# challenger 0.2 <= 0.395, alliance 0.6 <= 0.84.
@pytest.fixture(scope="module")
def best(standoff):
    result = negotiation.find_offramps(standoff)
    assert result.offramps[0].package == BEST
    return result.offramps[0].stability


def test_best_offramp_holds_by_deterrence_not_nash(best):
    assert best["computed"]
    assert best["equilibrium_under"] == ["gmr", "smr", "seq", "sim"]
    assert "nash" not in best["stable_for"]["challenger"]
    assert "nash" not in best["stable_for"]["alliance"]
    assert best["stable_for"]["neighbour"] == ["nash", "gmr", "smr", "seq", "sim"]


def test_who_would_move_away_and_to_what(best):
    moves = {m["party"]: m for m in best["would_move"]}
    assert set(moves) == {"challenger", "alliance"}
    assert moves["challenger"]["changes"] == {"troops": ["withdrawn", "massed"]}
    assert moves["challenger"]["gain"] == pytest.approx(0.5 - 0.395)
    assert moves["alliance"]["changes"] == {"missiles": ["ban", "status_quo"]}
    assert moves["alliance"]["gain"] == pytest.approx(1.0 - 0.84)
    assert moves["challenger"]["deterred_under"] == ["gmr", "smr", "seq", "sim"]
    assert "troops back to massed" in best["summary"]
    assert best["summary"].startswith("holds by deterrence only")


def test_hotline_is_a_joint_move_and_the_status_quo_is_a_dead_end(best):
    # hotline has no controller: the deal needs an agreement. At the status
    # quo (massed, open_door, status_quo, none) each party already has its best
    # option on the issues it controls, so no improvement leaves it at all.
    assert best["joint_issues"] == ["hotline"]
    assert best["reachable"] is False and best["path"] is None
    after = best["after_agreement"]
    assert after["start"] == {"troops": "massed", "membership": "open_door",
                              "missiles": "status_quo", "hotline": "established"}
    assert after["unilateral"]["reachable"] is False
    assert "needs an agreement on hotline" in best["summary"]


def test_a_coalition_can_walk_it_once_the_hotline_is_agreed(standoff):
    # joint move troops -> withdrawn, missiles -> ban from (massed, open_door,
    # status_quo, established): challenger 0.2 -> 0.395, alliance 0.6 -> 0.84
    o = negotiation.find_offramps(standoff, coalitions=[("challenger", "alliance")]).offramps[0]
    route = o.stability["after_agreement"]["with_coalitions"]
    assert route["reachable"]
    assert route["path"] == [{"mover": "challenger+alliance",
                              "changes": {"troops": ["massed", "withdrawn"],
                                          "missiles": ["status_quo", "ban"]}}]
    assert o.stability["from_status_quo"]["with_coalitions"]["reachable"] is False
    assert "challenger+alliance move jointly" in o.stability["path_line"]


def test_offramp_without_joint_issues(standoff):
    # k=2: the best of each shape, and the second shape leaves the hotline alone
    second = negotiation.find_offramps(standoff, k=2).offramps[1]
    assert "hotline" not in second.package or second.package["hotline"] == "none"
    assert second.stability["joint_issues"] == []
    assert second.stability["after_agreement"] is None


# ---------------------------------------------------------------- a reachable, Nash-stable off-ramp
TOY = """
format: negotiation/1
title: two unilateral steps
parties:
  a: {batna: 0.0}
  b: {batna: 0.0}
issues:
  x: {options: [x0, x1], status_quo: x0, controlled_by: a}
  y: {options: [y0, y1], status_quo: y0, controlled_by: b}
preferences:
  a:
    weights: {x: 1, y: 1}
    scores: {x: {x0: 0.0, x1: 1.0}, y: {y0: 0.0, y1: 0.6}}
  b:
    weights: {x: 1, y: 3}
    scores: {x: {x0: 0.0, x1: 0.4}, y: {y0: 0.0, y1: 1.0}}
offramp: {for: a, requires: "x == x1"}
"""


def test_toy_offramp_is_nash_and_walked_in_two_steps():
    # a gains 0.5 by x0 -> x1 and b gains 0.75 by y0 -> y1 whatever the other
    # does: (x1, y1) is every party's best reply, Nash-stable, and the status
    # quo reaches it in two unilateral improvements, one by each party.
    result = negotiation.find_offramps(negotiation.loads(TOY))
    top = result.offramps[0]
    assert top.package == {"x": "x1", "y": "y1"}
    s = top.stability
    assert s["equilibrium_under"] == ["nash", "gmr", "smr", "seq", "sim"]
    assert s["would_move"] == [] and s["joint_issues"] == []
    assert s["reachable"] and len(s["path"]) == 2
    assert sorted(step["mover"] for step in s["path"]) == ["a", "b"]
    assert s["summary"] == "holds once reached: Nash/GMR/SMR/SEQ/SIM-stable"
    assert s["path_line"].startswith("reachable from the status quo by unilateral improvements")
    assert result.stability["status_quo_equilibrium_under"] == []


# ---------------------------------------------------------------- skipped, with a reason
def test_skips_say_why(standoff):
    off = negotiation.find_offramps(standoff, stability=False)
    assert off.stability == {"computed": False, "reason": "not requested"}
    assert off.offramps[0].stability["computed"] is False
    milp = negotiation.find_offramps(standoff, details=False, method="milp", stability=True)
    assert milp.stability["computed"] is False and "enumeration limit" in milp.stability["reason"]
    capped = stability_context(compile_game(standoff), max_states=10)
    assert not capped.computed and "54 states" in capped.reason
    no_moves = negotiation.loads(TOY.replace(", controlled_by: a", "")
                                 .replace(", controlled_by: b", ""))
    r = negotiation.find_offramps(no_moves)
    assert r.stability["computed"] is False and "controller" in r.stability["reason"]


def test_bad_coalition_is_a_clear_error(standoff):
    with pytest.raises(OfframpError, match="unknown party"):
        negotiation.find_offramps(standoff, coalitions=[("challenger", "bob")])
    with pytest.raises(OfframpError, match="at least two"):
        negotiation.find_offramps(standoff, coalitions=[("challenger",)])


# ---------------------------------------------------------------- random scenarios
def _brute_improvements(game, coalitions=()):
    """(state, mover name) -> improved states, by direct enumeration: a mover
    changes a non-empty set of the issues it controls; every member gains."""
    states = [tuple(p) for p in game.feasible_packages.tolist()]
    feasible = set(states)
    u = {s: game.effective(game.feasible_packages[k:k + 1])[0] for k, s in enumerate(states)}
    groups = [((p,), pid) for p, pid in enumerate(game.party_ids)]
    groups += [(tuple(game.party_ids.index(m) for m in c), "+".join(c)) for c in coalitions]
    out = {}
    for s in states:
        for members, name in groups:
            issues = [k for k, c in enumerate(game.controllers) if c in members]
            ranges = [range(int(game.n_options[k])) if k in issues else [s[k]]
                      for k in range(game.n_issues)]
            for t in itertools.product(*ranges):
                if t != s and t in feasible and all(u[t][m] > u[s][m] + TOL for m in members):
                    out.setdefault(s, []).append((t, name))
    return out, u


def _distances(graph, start):
    dist, queue = {start: 0}, deque([start])
    while queue:
        s = queue.popleft()
        for t, _ in graph.get(s, []):
            if t not in dist:
                dist[t] = dist[s] + 1
                queue.append(t)
    return dist


def _check_path(game, path, start, target, graph):
    """A reported path is a chain of improvements from start to target."""
    state = tuple(start)
    labels = game.option_index()
    for step in path:
        nxt = list(state)
        for issue, (old, new) in step["changes"].items():
            k = game.issue_ids.index(issue)
            assert game.option_ids[k][state[k]] == old
            nxt[k] = labels[issue][new]
        assert (tuple(nxt), step["mover"]) in graph.get(state, [])
        state = tuple(nxt)
    assert state == tuple(target)


def _check_entry(game, reference, s, p, unilateral, joint, u, coalitions):
    """One stability entry against stability() and brute force."""
    sq = tuple(game.status_quo.tolist())
    k = [tuple(x) for x in reference.model.states.tolist()].index(p)
    assert s["equilibrium_under"] == [c for c in reference.concepts
                                      if reference.stable[c][k].all()]
    for q, pid in enumerate(game.party_ids):
        assert s["stable_for"][pid] == [c for c in reference.concepts
                                        if reference.stable[c][k, q]]
    # every party with an improvement is named, with its best one
    movers = {m["party"]: m for m in s["would_move"]}
    for q, pid in enumerate(game.party_ids):
        options = [t for t, name in unilateral.get(p, []) if name == pid]
        assert (pid in movers) == bool(options)
        if options:
            to = tuple(game.package(movers[pid]["to"]).tolist())
            assert to in options
            assert u[to][q] == pytest.approx(max(u[t][q] for t in options))
    changed_free = [i for i, a, b, c in zip(game.issue_ids, p, sq, game.controllers)
                    if a != b and c is None]
    assert s["joint_issues"] == changed_free
    # reachability and shortest paths against breadth-first search
    for key, graph in (("unilateral", unilateral), ("with_coalitions", joint)):
        route = s["from_status_quo"].get(key)
        if route is None:
            assert key == "with_coalitions" and not coalitions
            continue
        dist = _distances(graph, sq)
        assert route["reachable"] == (p in dist)
        if changed_free:
            assert not route["reachable"]  # nobody moves an uncontrolled issue
        if route["reachable"]:
            assert len(route["path"]) == dist[p]
            _check_path(game, route["path"], sq, p, graph)
    assert s["reachable"] == s["from_status_quo"]["unilateral"]["reachable"]
    after = s["after_agreement"]
    assert (after is None) == (not changed_free)
    if after is not None and after["feasible"]:
        start = tuple(game.package(after["start"]).tolist())
        # the status quo, with the issues nobody controls set as agreed
        assert all(a == (b if c is None else q)
                   for a, b, q, c in zip(start, p, sq, game.controllers))
        route = after["unilateral"]
        assert route["reachable"] == (p in _distances(unilateral, start))
        if route["reachable"]:
            _check_path(game, route["path"], start, p, unilateral)
    if coalitions:
        assert s["coalition_equilibrium_under"] == [
            c for c in ("nash", "gmr", "seq", "sim")
            if k in set(reference.coalition_equilibria(c).tolist())]


@settings(max_examples=40, deadline=None)
@given(scenario_yaml(), st.booleans())
def test_reported_stability_matches_stability_and_brute_force(text, with_coalition):
    scenario = negotiation.loads(text)
    coalitions = [("p0", "p1")] if with_coalition else []
    result = negotiation.find_offramps(scenario, k=3, coalitions=coalitions)
    game = compile_game(scenario)
    if all(c is None for c in game.controllers):
        assert all(not o.stability["computed"] and "controller" in o.stability["reason"]
                   for o in result.offramps)
        return
    reference = negotiation.stability(scenario, coalitions=coalitions)
    unilateral, u = _brute_improvements(game)
    joint, _ = _brute_improvements(game, coalitions)
    for o in result.offramps:  # the reported off-ramps ...
        p = tuple(game.package(o.package).tolist())
        _check_entry(game, reference, o.stability, p, unilateral, joint, u, coalitions)
    # ... and, through the same shared context, every state of the model
    ctx = stability_context(game, coalitions)
    for p in game.feasible_packages:
        _check_entry(game, reference, offramp_stability(ctx, p), tuple(p.tolist()),
                     unilateral, joint, u, coalitions)


# ---------------------------------------------------------------- command line
def test_cli_text_and_json(capsys):
    assert main(["offramps", "standoff", "--k", "2"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # prose is wrapped to the terminal width
    assert "Stability: holds by deterrence only" in out
    assert "challenger (troops back to massed)" in out
    assert main(["offramps", "standoff", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stability"]["computed"] is True and data["stability"]["states"] == 54
    assert data["offramps"][0]["stability"]["equilibrium_under"] == ["gmr", "smr", "seq", "sim"]
    assert main(["offramps", "standoff", "--coalition", "challenger,alliance", "--k", "1"]) == 0
    assert "Path: reachable once the joint issues are agreed" in capsys.readouterr().out
    assert main(["offramps", "standoff", "--no-stability", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["stability"]["computed"] is False
    assert main(["offramps", "standoff", "--coalition", "challenger,nobody"]) == 2


def test_the_stability_line_names_issues_and_options_as_the_report_does(capsys):
    """Text reports print issues' names and options' labels (the concessions
    above the stability line do); JSON keeps the ids."""
    assert main(["offramps", "cuban_1962_bargaining", "--k", "1"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    start = out.index("Stability:")
    stability = out[start:out.index("do not lead there.", start)]
    assert "US Jupiter missiles in Turkey back to In place" in stability
    assert "needs an agreement on UN verification of the withdrawal" in stability
    assert "jupiters" not in stability
    assert main(["offramps", "cuban_1962_bargaining", "--k", "1", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)["offramps"][0]["stability"]["summary"]
    assert "jupiters back to in_place" in summary and "Turkey" not in summary
