"""Stability analysis in the graph model: closed-form and published cases, CLI."""
from __future__ import annotations

import json

import numpy as np
import pytest

import negotiation
from negotiation.cli import main
from negotiation.solvers.names import CONCEPTS
from negotiation.solvers.stability.concepts import stability
from negotiation.solvers.stability.graph import graph_model

ALL = set(CONCEPTS)


def equilibria(result, concept):
    return {tuple(d.values()) for d in result.labels(result.equilibria(concept))}


@pytest.fixture(scope="module")
def chicken():
    return negotiation.load("chicken")


@pytest.fixture(scope="module")
def elmira():
    return negotiation.load("elmira")


# -- 2x2 conflicts, derived by hand (Fang, Hipel & Kilgour 1993, ch. 3) ---------
def test_prisoners_dilemma(prisoners):
    r = stability(prisoners)
    assert equilibria(r, "nash") == {("no", "no")}
    for c in ("gmr", "smr", "seq", "sim"):
        assert equilibria(r, c) == {("no", "no"), ("yes", "yes")}, c


def test_chicken(chicken):
    r = stability(chicken)
    one_swerves = {("no", "yes"), ("yes", "no")}
    assert equilibria(r, "nash") == one_swerves
    assert equilibria(r, "seq") == one_swerves  # the crash is no improvement for the punisher
    for c in ("gmr", "smr", "sim"):
        assert equilibria(r, c) == one_swerves | {("yes", "yes")}, c


def test_two_parties_chain_equals_once(chicken, prisoners):
    for s in (chicken, prisoners):
        a, b = stability(s), stability(s, sanctions="once")
        for c in CONCEPTS:
            assert np.array_equal(a.stable[c], b.stable[c])


# -- Elmira (Hipel, Kilgour, Fang & Peng 1997; Xu, Hipel & Kilgour 2009) ----------
ELMIRA = {1: ("no", "delay", "no"), 2: ("yes", "delay", "no"), 3: ("no", "accept", "no"),
          4: ("yes", "accept", "no"), 5: ("no", "delay", "yes"), 6: ("yes", "delay", "yes"),
          7: ("no", "accept", "yes"), 8: ("yes", "accept", "yes")}


def published(result, concept):
    """Equilibria in the published numbering; the four abandon states are state 9."""
    out = set()
    for state in equilibria(result, concept):
        out.add(9 if state[1] == "abandon" else
                next(k for k, v in ELMIRA.items() if v == state))
    return out


def test_elmira_published_table(elmira):
    r = stability(elmira)
    assert published(r, "nash") == {5, 8, 9}
    assert published(r, "gmr") == {1, 4, 5, 8, 9}
    assert published(r, "smr") == {1, 4, 5, 8, 9}
    assert published(r, "seq") == {5, 8, 9}
    # every abandon state is an equilibrium: the merged state 9 of the publication
    abandon = [s for s in equilibria(r, "nash") if s[1] == "abandon"]
    assert len(abandon) == 4


def test_elmira_status_quo_and_coalition(elmira):
    sq = negotiation.status_quo_analysis(elmira)
    assert [tuple(s.values()) for s in sq.equilibria] == [ELMIRA[5]]
    (path,) = sq.paths
    assert [s.mover for s in path] == ["lg"]
    assert path[0].changes == {"insist": ("no", "yes")}
    # MoE and Uniroyal together leave the deadlock for a modified, accepted order
    sq = negotiation.status_quo_analysis(elmira, coalitions=[("moe", "ur")])
    assert [tuple(s.values()) for s in sq.equilibria] == [ELMIRA[8]]
    assert [s.mover for s in sq.paths[0]] == ["lg", "moe+ur"]
    assert "lg moves" in sq.story() and "moe+ur move jointly" in sq.story()
    r = stability(elmira, coalitions=[("moe", "ur")])
    state5 = graph_model(elmira).index_of(elmira_package(elmira, 5))
    assert r.stable["nash"][state5].all() and not r.coalition_stable["nash"][("moe", "ur")][state5]


def elmira_package(scenario, k):
    game = negotiation.compile_game(scenario)
    return game.package(dict(zip(game.issue_ids, ELMIRA[k])))


def test_cuban_missile_crisis_if_present():
    try:
        s = negotiation.load("cuban_missile_1962")
    except Exception:
        pytest.skip("cuban_missile_1962 not bundled")
    r = stability(s)
    names = {tuple(d.values()): d for d in r.labels(range(r.n_states))}
    # published: the historical outcome (blockade, withdrawal) is an equilibrium
    assert ("no", "yes", "yes", "no") in equilibria(r, "seq")
    assert equilibria(r, "nash") == set()
    assert names


# -- model definition ---------------------------------------------------------------
def test_one_way_and_uncontrolled_issues(elmira, standoff):
    model = graph_model(elmira)
    ur = model.party_ids.index("ur")
    accept = model.index_of(elmira_package(elmira, 3))
    targets = {model.labels(t)["uniroyal"] for t in model.moves(ur).indices[
        model.moves(ur).indptr[accept]:model.moves(ur).indptr[accept + 1]]}
    assert targets == {"abandon"}  # no return to delay
    m = graph_model(standoff)
    uncontrolled = [k for k, c in enumerate(m.game.controllers) if c is None]
    for p in range(m.n_parties):
        src, dst = np.repeat(np.arange(m.n_states), np.diff(m.moves(p).indptr)), m.moves(p).indices
        for k in uncontrolled:
            assert (m.states[src, k] == m.states[dst, k]).all()


def test_bad_options(prisoners):
    with pytest.raises(ValueError, match="unknown stability concept"):
        stability(prisoners, concepts=["nash", "bogus"])
    with pytest.raises(ValueError, match="sanctions"):
        stability(prisoners, sanctions="twice")
    with pytest.raises(ValueError, match="unknown party"):
        stability(prisoners, coalitions=[("p1", "zz")])
    with pytest.raises(ValueError, match="coalition SMR|offered"):
        from negotiation.solvers.stability.concepts import coalition_stable
        coalition_stable(graph_model(prisoners), (0, 1), "smr")


def test_sim_refuses_a_runaway_enumeration(monkeypatch, capsys):
    import importlib

    from negotiation.game import SpaceTooLarge
    module = importlib.import_module("negotiation.solvers.stability.simultaneous")
    monkeypatch.setattr(module, "SIM_LIMIT", 0)
    chicken = negotiation.load("chicken")  # fresh: a game keeps the stability it computed
    with pytest.raises(SpaceTooLarge, match="SIM"):
        stability(chicken, concepts=["sim"])
    assert main(["stability", "chicken", "--concepts", "sim"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert len(stability(chicken, concepts=["nash", "gmr"]).equilibria("gmr")) == 3


# -- command line ---------------------------------------------------------------------
def test_cli_json(capsys, prisoners):
    assert main(["stability", "prisoners", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["states"] == 4
    assert set(data["equilibria"]) == ALL
    assert data["equilibria"]["nash"] == [{"p1_cooperates": "no", "p2_cooperates": "no"}]


def test_cli_table_coalition_and_png(capsys, tmp_path):
    assert main(["stability", "elmira", "--coalition", "moe,ur", "--concepts", "nash,seq",
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "moe+ur" in out and "lg" in out
    png = tmp_path / "stability_graph.png"
    assert png.exists() and png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("argv", [["--concepts", "nash,bogus"], ["--coalition", "moe,nobody"],
                                  ["--coalition", "moe"]])
def test_cli_bad_input(argv, capsys):
    assert main(["stability", "elmira", *argv]) == 2
    err = capsys.readouterr().err
    assert "negotiation stability" in err and "Traceback" not in err


def test_section_skipped_without_controllers(tmp_path):
    from negotiation.commands import stability as command
    text = negotiation.load("chicken").to_yaml().replace("controlled_by: d1", "").replace(
        "controlled_by: d2", "")
    s = negotiation.loads(text)
    assert command.section(s, type("A", (), {})()) is None


def test_audience_cost_deters_a_visible_retreat():
    # One party controls a public posture: stay (0.5) or retreat (0.45). A
    # private side benefit of 0.1 comes with retreating while side_deal is
    # none (an adjustment on a private issue, so the audience does not see
    # it): retreating is then worth 0.55 as stated, an improvement. Its public
    # part, 0.45, is below the status quo's 0.5: with an audience cost of 0.2
    # it is worth 0.35 and staying is stable. With side_deal paid (no side
    # benefit) staying is stable either way.
    text = """
format: negotiation/1
title: face
parties:
  a: {audience_cost: COST}
issues:
  posture: {options: [stay, retreat], status_quo: stay, controlled_by: a}
  side_deal: {options: [none, paid], status_quo: none, public: false}
preferences:
  a:
    weights: {posture: 0.5, side_deal: 0.5}
    scores:
      posture: {stay: 1.0, retreat: 0.9}
      side_deal: {none: 0.0, paid: 0.0}
    adjustments:
      - {when: "posture == retreat and side_deal == none", add: 0.1}
"""
    def nash_states(cost):
        r = negotiation.stability(negotiation.loads(text.replace("COST", str(cost))), ["nash"])
        return sorted((s["posture"], s["side_deal"]) for s in r.to_data()["equilibria"]["nash"])

    assert nash_states(0.0) == [("retreat", "none"), ("stay", "paid")]
    assert nash_states(0.2) == [("stay", "none"), ("stay", "paid")]
