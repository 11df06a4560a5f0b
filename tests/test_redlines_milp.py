"""Red lines by MILP: equal to enumeration on random scenarios, the standoff
acceptance case, and a space far beyond enumeration with a hand-derived answer."""
from __future__ import annotations

import json
import time

import numpy as np
import pytest
from hand_scenarios import CREDIBLE_OR_NOT
from hypothesis import given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml

import negotiation
from negotiation.cli import main
from negotiation.game import SpaceTooLarge, compile_game
from negotiation.solvers.criteria import CRITERIA

CRISIS = {"sanctions": 0.0, "war_cost": 0.1}


def _same(enumerated, milp):
    assert milp.method == "milp" and milp.exact
    assert milp.jointly_feasible == enumerated.jointly_feasible
    assert milp.relaxation_helps == enumerated.relaxation_helps
    assert milp.minimal_relaxations == enumerated.minimal_relaxations
    assert milp.minimal_conflicts == enumerated.minimal_conflicts
    assert milp.best_score == pytest.approx(enumerated.best_score, abs=1e-7)
    for e, m in zip(enumerated.red_lines, milp.red_lines, strict=True):
        assert (m.id, m.binding, m.credible, m.credible_unconditional, m.restores_zopa,
                m.conflicts_with, m.public) == \
            (e.id, e.binding, e.credible, e.credible_unconditional, e.restores_zopa,
             e.conflicts_with, e.public)
        for best in ("best_crossing", "best_inside"):
            if getattr(e, best) is None:
                assert getattr(m, best) is None
            else:
                assert getattr(m, best)["value"] == pytest.approx(getattr(e, best)["value"],
                                                                  abs=1e-7)
        assert m.price == pytest.approx(e.price, abs=1e-7)
        if e.owner_best_across is None:
            assert m.owner_best_across is None
        else:
            assert m.owner_best_across == pytest.approx(e.owner_best_across, abs=1e-7)


# ---------------------------------------------------------------- against enumeration
@settings(max_examples=40, deadline=None)
@given(scenario_yaml(max_parties=3, max_issues=3, max_constraints=4))
def test_milp_route_equals_enumeration_nash(text):
    scenario = negotiation.loads(text)
    _same(negotiation.analyze_red_lines(scenario, method="enumerate"),
          negotiation.analyze_red_lines(scenario, method="milp"))


@settings(max_examples=30, deadline=None)
@given(scenario_yaml(max_parties=3, max_issues=3, max_constraints=4),
       st.sampled_from([c for c in CRITERIA if c != "nash"]))
def test_milp_route_equals_enumeration_other_criteria(text, criterion):
    scenario = negotiation.loads(text)
    _same(negotiation.analyze_red_lines(scenario, criterion, method="enumerate"),
          negotiation.analyze_red_lines(scenario, criterion, method="milp"))


def test_auto_uses_milp_beyond_the_limit(standoff):
    small = compile_game(standoff, limit=10)  # standoff has more than 10 packages
    result = negotiation.analyze_red_lines(small)
    assert result.method == "milp" and result.zopa_size is None
    with pytest.raises(SpaceTooLarge):
        negotiation.analyze_red_lines(small, method="enumerate")


# ---------------------------------------------------------------- standoff (acceptance)
def test_standoff_crisis_by_milp(standoff):
    r = negotiation.analyze_red_lines(standoff.with_parameters(**CRISIS), method="milp")
    assert r.method == "milp" and r.exact and not r.jointly_feasible
    assert r.minimal_relaxations == [["limits_only_if_troops_leave"], ["no_ban_on_membership"]]
    assert r.minimal_conflicts == [["limits_only_if_troops_leave", "no_ban_on_membership"]]
    by_id = {x.id: x for x in r.red_lines}
    assert by_id["no_ban_on_membership"].conflicts_with == ("limits_only_if_troops_leave",)
    assert by_id["limits_only_if_troops_leave"].restores_zopa


def test_standoff_defaults_price_by_hand_via_milp(standoff):
    # the hand-derived Nash products of test_redlines.py (all held / without
    # no_ban_on_membership), and the alliance's best beyond door_stays_open 0.65
    held = 0.295 * 0.49 * 0.68
    dropped = (0.605 - 0.1) * (0.8 - 0.35) * (0.805 - 0.3)
    r = negotiation.analyze_red_lines(standoff, method="milp")
    by_id = {x.id: x for x in r.red_lines}
    assert r.jointly_feasible and r.best_score == pytest.approx(held, abs=1e-9)
    assert by_id["no_ban_on_membership"].price == pytest.approx(dropped - held, abs=1e-9)
    assert [x.id for x in r.red_lines if x.binding] == ["no_ban_on_membership"]
    assert not by_id["door_stays_open"].credible_unconditional
    assert by_id["door_stays_open"].owner_best_across == pytest.approx(0.65)
    assert by_id["door_stays_open"].credible  # no crossing deal the others accept




def test_credible_line_and_posture_by_hand_via_milp():
    # crossing never_give leaves a 0.0 < 0.5 (credible); crossing keep_it_all
    # at split gives a 0.6 >= 0.5 (a posture); only split (Nash 0.1 * 0.4)
    # is admitted when keep_it_all is dropped
    r = negotiation.analyze_red_lines(negotiation.loads(CREDIBLE_OR_NOT), method="milp")
    by_id = {x.id: x for x in r.red_lines}
    assert by_id["never_give"].credible and by_id["never_give"].owner_best_across == 0.0
    assert not by_id["keep_it_all"].credible
    assert by_id["keep_it_all"].owner_best_across == pytest.approx(0.6)
    assert by_id["keep_it_all"].price == pytest.approx(0.04)
    assert r.minimal_relaxations == r.minimal_conflicts == [["keep_it_all"]]


def test_batnas_alone_conflict_via_milp():
    text = CREDIBLE_OR_NOT.replace("b: {batna: 0.1}", "b: {batna: 0.9}")
    r = negotiation.analyze_red_lines(negotiation.loads(text), method="milp")
    assert not r.relaxation_helps and r.minimal_relaxations == [] and r.minimal_conflicts == [[]]


# ---------------------------------------------------------------- beyond enumeration
# Two independent conflicts: r1/r2 pin i0 to different options; r4, r5, r6
# (i2 == o1 -> i3 == o1; i2 == o1; i3 != o1) cannot all hold. r3 conflicts
# with nothing. Batnas are 0 and utilities non-negative, so every feasible
# package is a candidate: the MCSs are one of {r1, r2} times one of
# {r4, r5, r6} (6 sets), the MUSs {r1, r2} and {r4, r5, r6}.
RED_LINES = [("r1", "p0", "i0 == o1"), ("r2", "p1", "i0 == o2"), ("r3", "p2", "i1 != o0"),
             ("r4", "p3", "i2 == o1 -> i3 == o1"), ("r5", "p0", "i2 == o1"),
             ("r6", "p1", "i3 != o1")]


def large_yaml(n_issues=20, n_options=5, n_parties=4, seed=3, red_lines=RED_LINES,
               batna=0.0) -> str:
    rng = np.random.default_rng(seed)
    opts = ", ".join(f"o{j}" for j in range(n_options))
    text = ["format: negotiation/1", "title: large", "parties:"]
    text += [f"  p{k}: {{batna: {batna}}}" for k in range(n_parties)]
    text += ["issues:"] + [f"  i{k}: {{options: [{opts}], status_quo: o0}}"
                           for k in range(n_issues)]
    text += ["preferences:"]
    for p in range(n_parties):
        text += [f"  p{p}:", "    weights: {" + ", ".join(
            f"i{k}: {rng.integers(1, 10)}" for k in range(n_issues)) + "}", "    scores:"]
        text += [f"      i{k}: {{" + ", ".join(f"o{j}: {rng.integers(0, 101) / 100}"
                                              for j in range(n_options)) + "}"
                 for k in range(n_issues)]
    text += ["constraints:", "  - {id: f0, kind: feasibility, rule: \"i5 != o4\"}"]
    text += [f"  - {{id: {i}, owner: {o}, kind: red_line, rule: \"{r}\"}}"
             for i, o, r in red_lines]
    return "\n".join(text) + "\n"


def _best_beyond(game, party, issue, allowed):
    """Additive utilities: the owner's best with one issue restricted to
    ``allowed`` options and i5 != o4 (the feasibility rule); others free."""
    table = game.tables[:, party]
    best = 0.0
    for j, n in enumerate(game.n_options):
        column = table[game.offsets[j]:game.offsets[j] + n].copy()
        if j == issue:
            column[[o for o in range(n) if o not in allowed]] = -np.inf
        if j == 5:
            column[4] = -np.inf
        best += column.max()
    return best


def test_large_space_by_milp_with_hand_derived_families():
    scenario = negotiation.loads(large_yaml())
    game = compile_game(scenario)
    assert game.size == 5 ** 20
    with pytest.raises(SpaceTooLarge):
        negotiation.analyze_red_lines(game, method="enumerate")
    start = time.perf_counter()
    r = negotiation.analyze_red_lines(game)  # auto: beyond the limit, so MILP
    elapsed = time.perf_counter() - start
    assert r.method == "milp" and r.exact and not r.jointly_feasible
    assert r.minimal_relaxations == sorted([a, b] for a in ("r1", "r2")
                                           for b in ("r4", "r5", "r6"))
    assert r.minimal_conflicts == [["r1", "r2"], ["r4", "r5", "r6"]]
    by_id = {x.id: x for x in r.red_lines}
    assert by_id["r3"].conflicts_with == () and by_id["r5"].conflicts_with == ("r4", "r6")
    assert not any(x.binding for x in r.red_lines)  # no single drop restores a ZOPA
    # batna 0: every red line is a posture; r1's owner p0 does best beyond
    # it with i0 anywhere but o1
    assert not any(x.credible_unconditional for x in r.red_lines)
    assert by_id["r1"].owner_best_across == pytest.approx(_best_beyond(game, 0, 0, {0, 2, 3, 4}))
    assert by_id["r3"].owner_best_across == pytest.approx(_best_beyond(game, 2, 1, {0}))
    assert elapsed < 60  # measured about a second (docs/performance.md)


def test_large_space_prices_match_exact_solutions():
    # only r1 and r2 (which conflict): dropping either restores a ZOPA, and
    # its price is the best Nash product with it dropped (base 0)
    scenario = negotiation.loads(large_yaml(red_lines=RED_LINES[:3]))
    r = negotiation.analyze_red_lines(scenario)
    assert r.method == "milp" and r.minimal_relaxations == [["r1"], ["r2"]]
    by_id = {x.id: x for x in r.red_lines}
    for name in ("r1", "r2"):
        solution = negotiation.solve(scenario, "nash", method="milp", drop=(name,))
        u = np.array(list(solution.utilities.values()))
        assert by_id[name].price == pytest.approx(float(np.prod(u)), rel=1e-8)
        assert by_id[name].binding and by_id[name].restores_zopa
    assert by_id["r3"].price == 0.0


# ---------------------------------------------------------------- command line
def test_cli_method_milp(capsys):
    assert main(["redlines", "standoff", "--set", "sanctions=0", "--set", "war_cost=0.1",
                 "--method", "milp", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "milp" and data["exact"] is True
    assert data["minimal_conflicts"] == [["limits_only_if_troops_leave", "no_ban_on_membership"]]


def test_cli_bad_method_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["redlines", "standoff", "--method", "simplex"])
    assert exit_info.value.code == 2
