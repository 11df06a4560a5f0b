"""Red-line testing: standoff acceptance results, hand-derived figures,
hitting-set duality, and properties on random scenarios against brute force."""
from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hand_scenarios import CREDIBLE_OR_NOT
from hypothesis import given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml

import negotiation
from negotiation.cli import main
from negotiation.game import TOL, compile_game
from negotiation.scenario.expr import rule_issues
from negotiation.solvers.agreement.zone import zopa
from negotiation.solvers.redlines.relaxations import (
    inclusion_minimal,
    minimal_hitting_sets,
    to_masks,
)

CRISIS = {"sanctions": 0.0, "war_cost": 0.1}


# ---------------------------------------------------------------- standoff (acceptance)
def test_standoff_defaults_only_the_neighbours_red_line_binds(standoff):
    r = negotiation.analyze_red_lines(standoff)
    assert r.jointly_feasible and r.zopa_size == 10
    assert [x.id for x in r.red_lines if x.binding] == ["no_ban_on_membership"]
    assert r.minimal_relaxations == [] and r.minimal_conflicts == []


def test_standoff_price_of_the_neighbours_red_line_by_hand(standoff):
    # All held: the Nash solution (withdrawn, open_door, ban, established) has
    # gains 0.395-0.1, 0.84-0.35, 0.98-0.3. Without no_ban_on_membership the
    # best is (withdrawn, moratorium, reciprocal_limits, established):
    # challenger 0.045+0.3+0.21+0.05 = 0.605, alliance 0.4+0.21+0.14+0.05 = 0.8,
    # neighbour 0.6+0.175+0.03 = 0.805.
    held = 0.295 * 0.49 * 0.68
    dropped = (0.605 - 0.1) * (0.8 - 0.35) * (0.805 - 0.3)
    r = negotiation.analyze_red_lines(standoff)
    price = {x.id: x.price for x in r.red_lines}
    assert r.best_score == pytest.approx(held)
    assert price["no_ban_on_membership"] == pytest.approx(dropped - held)
    assert price["door_stays_open"] == pytest.approx(0.0, abs=1e-12)


def test_standoff_crisis_red_lines_conflict(standoff):
    r = negotiation.analyze_red_lines(standoff.with_parameters(**CRISIS))
    assert not r.jointly_feasible
    assert sorted(r.minimal_relaxations) == [["limits_only_if_troops_leave"],
                                             ["no_ban_on_membership"]]
    assert r.minimal_conflicts == [["limits_only_if_troops_leave", "no_ban_on_membership"]]
    by_id = {x.id: x for x in r.red_lines}
    assert by_id["no_ban_on_membership"].conflicts_with == ("limits_only_if_troops_leave",)
    assert by_id["door_stays_open"].conflicts_with == ()
    # dropping either one alone restores a zone of agreement: both bind
    assert by_id["limits_only_if_troops_leave"].binding and by_id["no_ban_on_membership"].binding


def test_standoff_red_lines_are_postures(standoff):
    # Crossing door_stays_open at (withdrawn, formal_ban, status_quo, established)
    # gives the alliance 0.4 + 0 + 0.2 + 0.05 = 0.65 > 0.35: not credible
    # unconditionally. But no crossing package keeps the other red lines and
    # every other batna, so in Schelling's sense the line is credible.
    r = negotiation.analyze_red_lines(standoff)
    by_id = {x.id: x for x in r.red_lines}
    assert not by_id["door_stays_open"].credible_unconditional
    assert by_id["door_stays_open"].owner_best_across == pytest.approx(0.65)
    assert by_id["door_stays_open"].credible and by_id["door_stays_open"].best_crossing is None




def test_credible_red_line_and_posture_by_hand():
    # a crossing never_give gets 0.0 < 0.5: credible. Crossing keep_it_all at
    # split gets 0.6 >= 0.5: a posture. With both held the only package is keep,
    # where b has 0.0 < 0.1: empty; dropping keep_it_all admits split
    # (a 0.6, b 0.5): Nash (0.1)(0.4) = 0.04.
    r = negotiation.analyze_red_lines(negotiation.loads(CREDIBLE_OR_NOT))
    by_id = {x.id: x for x in r.red_lines}
    assert by_id["never_give"].credible and not by_id["keep_it_all"].credible
    assert not r.jointly_feasible
    assert by_id["keep_it_all"].price == pytest.approx(0.04)
    assert r.minimal_relaxations == [["keep_it_all"]]
    assert r.minimal_conflicts == [["keep_it_all"]]


def test_batnas_alone_conflict_no_relaxation_helps():
    text = CREDIBLE_OR_NOT.replace("b: {batna: 0.1}", "b: {batna: 0.9}")
    r = negotiation.analyze_red_lines(negotiation.loads(text))
    assert not r.relaxation_helps and not r.jointly_feasible
    assert r.minimal_relaxations == [] and r.minimal_conflicts == [[]]
    assert "no relaxation" in r.explain()


# ---------------------------------------------------------------- hitting-set duality
def test_berge_on_a_textbook_family():
    # {{a,b},{c}}: the minimal transversals are {a,c} and {b,c}
    assert sorted(minimal_hitting_sets([0b011, 0b100])) == [0b101, 0b110]
    assert minimal_hitting_sets([]) == [0]
    assert minimal_hitting_sets([0, 0b1]) == []


def _brute_transversals(family, n):
    hits = [m for m in range(1 << n) if all(m & e for e in family)]
    return sorted(m for m in hits if not any(h != m and h & m == h for h in hits))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.integers(1, (1 << n) - 1), max_size=6))))
def test_berge_matches_brute_force(case):
    n, family = case
    assert sorted(minimal_hitting_sets(family)) == _brute_transversals(family, n)


def test_inclusion_minimal_rows():
    rows = np.array([[1, 1, 0], [1, 0, 0], [0, 1, 1], [1, 0, 0]], dtype=bool)
    assert sorted(to_masks(inclusion_minimal(rows))) == [0b001, 0b110]


# ---------------------------------------------------------------- random scenarios
def _zopa_nonempty(game, dropped):
    return not zopa(game, drop=tuple(dropped)).empty


def _brute_families(game):
    ids = [c.id for c in game.constraints if c.relaxable]
    subsets = [set(s) for r in range(len(ids) + 1) for s in itertools.combinations(ids, r)]
    restores = [s for s in subsets if _zopa_nonempty(game, s)]
    mcs = [s for s in restores if not any(t < s for t in restores)]
    conflict = [s for s in subsets if not _zopa_nonempty(game, set(ids) - s)]
    mus = [s for s in conflict if not any(t < s for t in conflict)]
    return sorted(sorted(s) for s in mcs), sorted(sorted(s) for s in mus)


@settings(max_examples=40, deadline=None)
@given(scenario_yaml())
def test_relaxations_match_brute_force_over_subsets(text):
    scenario = negotiation.loads(text)
    game = compile_game(scenario)
    r = negotiation.analyze_red_lines(scenario)
    mcs, mus = _brute_families(game)
    if r.jointly_feasible:
        assert mcs == [[]] and mus == []
        assert r.minimal_relaxations == [] and r.minimal_conflicts == []
    elif not r.relaxation_helps:
        assert mcs == [] and mus == [[]] == r.minimal_conflicts and r.minimal_relaxations == []
    else:
        assert r.minimal_relaxations == mcs and r.minimal_conflicts == mus


def _maximal_proper_subsets(s):
    return [set(t) for t in itertools.combinations(s, len(s) - 1)] if s else []


@settings(max_examples=40, deadline=None)
@given(scenario_yaml())
def test_each_relaxation_and_conflict_is_minimal(text):
    scenario = negotiation.loads(text)
    game = compile_game(scenario)
    ids = {c.id for c in game.constraints if c.relaxable}
    r = negotiation.analyze_red_lines(scenario)
    for s in r.minimal_relaxations:
        assert _zopa_nonempty(game, s)
        for t in _maximal_proper_subsets(s):
            assert not _zopa_nonempty(game, t)
    for s in r.minimal_conflicts:
        assert not _zopa_nonempty(game, ids - set(s))
        for t in _maximal_proper_subsets(s):
            assert _zopa_nonempty(game, ids - set(t))


@settings(max_examples=40, deadline=None)
@given(scenario_yaml())
def test_credibility_and_price_against_direct_computation(text):
    scenario = negotiation.loads(text)
    game = compile_game(scenario)
    r = negotiation.analyze_red_lines(scenario)
    pool = game.feasible_packages
    u = game.effective(pool)
    for line in r.red_lines:
        c = scenario.constraint(line.id)
        crossing = ~game.satisfied(pool, [c])[:, 0]
        owner = game.party_index(c.owner)
        assert line.credible_unconditional == bool(
            (u[crossing, owner] < game.batna[owner] - TOL).all())
        # Schelling: only the crossing packages every other party accepts, with
        # the other parties' red lines held (the owner's own are its to give up);
        # a public line costs the audience cost
        others = [q for q in range(game.n_parties) if q != owner]
        rest = [d for d in scenario.constraints if d.relaxable and d.owner != c.owner]
        accepted = (crossing & (u[:, others] >= game.batna[others] - TOL).all(axis=1)
                    & game.satisfied(pool, rest).all(axis=1))
        public = all(scenario.issues[i].public for i in rule_issues(c.rule))
        value = (game.utilities(pool)[:, owner] - game.audience_cost[owner] if public
                 else u[:, owner])
        assert line.credible == bool((value[accepted] < game.batna[owner] - TOL).all())
        assert (line.best_crossing is None) == (not accepted.any())
        if accepted.any():
            assert line.best_crossing["value"] == pytest.approx(value[accepted].max())
        assert line.price >= -1e-12  # dropping a red line never shrinks the zone
        with_all = zopa(game)
        without = zopa(game, drop=(c.id,))

        def best(z):
            return float(np.prod(z.utilities - game.batna, axis=1).max()) if z.size else 0.0

        assert line.price == pytest.approx(best(without) - best(with_all), abs=1e-12)
    assert r.to_data() == negotiation.analyze_red_lines(scenario).to_data()


# ---------------------------------------------------------------- command line
def test_cli_json_keys(capsys):
    assert main(["redlines", "standoff", "--set", "sanctions=0", "--set", "war_cost=0.1",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["jointly_feasible"] is False
    assert data["minimal_relaxations"] == [["limits_only_if_troops_leave"],
                                           ["no_ban_on_membership"]]
    assert {"id", "owner", "binding", "credible", "price"} <= set(data["red_lines"][0])


def test_cli_text_reads_as_a_summary_first(capsys):
    assert main(["redlines", "standoff"]) == 0
    out = capsys.readouterr().out
    assert out.index("hold together") < out.index("price")


def test_cli_bad_parameter_exits_2(capsys):
    assert main(["redlines", "standoff", "--set", "nonsense=1"]) == 2


# ---------------------------------------------------------------- credibility, both ways
CROSS = """
format: negotiation/1
title: credible in Schelling's sense or not
parties:
  a: {batna: 0.5, audience_cost: AUDIENCE}
  b: {batna: B_BATNA}
issues:
  x: {options: [keep, split, give], status_quo: keep, public: PUBLIC}
preferences:
  a: {weights: {x: 1}, scores: {x: {keep: 1.0, split: 0.6, give: 0.0}}}
  b: {weights: {x: 1}, scores: {x: {keep: 0.0, split: 0.5, give: 1.0}}}
constraints:
  - {id: keep_it_all, owner: a, kind: red_line, rule: "x == keep"}
"""


def _line(b_batna=0.1, audience=0.0, public=True, method="enumerate"):
    text = CROSS.replace("B_BATNA", str(b_batna)).replace("AUDIENCE", str(audience)) \
                .replace("PUBLIC", str(public).lower())
    r = negotiation.analyze_red_lines(negotiation.loads(text), method=method)
    return r.red_lines[0]


@pytest.mark.parametrize("method", ["enumerate", "milp"])
def test_a_line_only_rejected_deals_cross_is_credible_but_not_unconditionally(method):
    # crossing at split gives a 0.6 >= 0.5 (so not unconditionally credible);
    # with b's batna 0.7 only give (b 1.0) is acceptable to b, worth 0.0 to a
    line = _line(b_batna=0.7, method=method)
    assert line.credible and not line.credible_unconditional
    assert line.best_crossing["package"] == {"x": "give"}
    assert line.best_crossing["value"] == pytest.approx(0.0)
    assert line.owner_best_across == pytest.approx(0.6)
    # with b's batna 0.1, split is acceptable to b and tempts a: a posture both ways
    posture = _line(b_batna=0.1, method=method)
    assert not posture.credible and not posture.credible_unconditional
    assert posture.best_crossing == {"package": {"x": "split"}, "value": pytest.approx(0.6)}
    # inside the line is only keep, where b (0.0) is below its batna
    assert posture.best_inside is None


@pytest.mark.parametrize("method", ["enumerate", "milp"])
def test_crossing_a_public_line_costs_the_audience_cost(method):
    # a's audience cost 0.2: crossing the public line at split is worth 0.6 - 0.2 < 0.5
    public = _line(audience=0.2, public=True, method=method)
    assert public.credible and public.public
    assert public.best_crossing["value"] == pytest.approx(0.4)
    # on a private issue no one sees the concession: 0.6 >= 0.5, a posture
    private = _line(audience=0.2, public=False, method=method)
    assert not private.credible and not private.public
    assert private.best_crossing["value"] == pytest.approx(0.6)
