"""Stacked alternating offers: strategies keep their promises; known outcomes."""
from __future__ import annotations

import json

import pytest
from bundled_variants import ukraine_at_the_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.cli import main
from negotiation.solvers.agreement.zone import zopa
from negotiation.solvers.dynamics.protocol import prepare, simulate, strategy_summary, tournament
from negotiation.solvers.dynamics.strategies import STRATEGIES, concession_curve

NAMES = sorted(STRATEGIES) + ["time:0.5"]


def pie(batna_a=0.0, batna_b=0.0, steps=100):
    """One issue split in ``steps`` equal parts; a's share is k / steps."""
    options = [f"s{k}" for k in range(steps + 1)]
    a = {o: k / steps for k, o in enumerate(options)}
    b = {o: 1 - k / steps for k, o in enumerate(options)}
    return negotiation.loads(
        "format: negotiation/1\ntitle: pie\n"
        f"parties: {{a: {{name: A, batna: {batna_a}}}, b: {{name: B, batna: {batna_b}}}}}\n"
        f"issues: {{x: {{options: [{', '.join(options)}]}}}}\n"
        f"preferences:\n  a: {{weights: {{x: 1}}, scores: {{x: {a}}}}}\n"
        f"  b: {{weights: {{x: 1}}, scores: {{x: {b}}}}}\n")


def test_concession_curve_shapes():
    # u(t) = 1 - t^(1/e) on [0, 1]: at t = 0.5, Boulware (e = 0.2) has given
    # 0.5^5 = 1/32 of its range, linear half, Conceder (e = 5) 0.5^0.2
    assert concession_curve(0.5, 1.0, 0.0, 0.2) == pytest.approx(1 - 1 / 32)
    assert concession_curve(0.5, 1.0, 0.0, 1.0) == pytest.approx(0.5)
    assert concession_curve(0.5, 1.0, 0.0, 5.0) == pytest.approx(1 - 0.5 ** 0.2)
    assert concession_curve(0.0, 0.9, 0.3, 2) == pytest.approx(0.9)
    assert concession_curve(1.0, 0.9, 0.3, 2) == pytest.approx(0.3)


def test_zeuthen_reaches_the_nash_solution():
    # Harsanyi (1956): two Zeuthen bargainers end at the Nash solution; on a
    # pie with batnas 0.2 and 0.4 it maximises (x - 0.2)(0.6 - x): x = 0.4
    trace = simulate(pie(0.2, 0.4), {"a": "zeuthen", "b": "zeuthen"}, rounds=60)
    assert trace.payoffs == pytest.approx([0.4, 0.6])
    trace = simulate(pie(), {"a": "zeuthen", "b": "zeuthen"}, rounds=60)
    assert trace.payoffs == pytest.approx([0.5, 0.5])


def test_zeuthen_on_logroll(logroll):
    # every bargaining solution of the logroll is alpha_keeps / closed (0.8, 0.8)
    trace = simulate(logroll, {"alpha": "zeuthen", "beta": "zeuthen"})
    assert trace.agreement == {"water": "alpha_keeps", "border": "closed"}


def test_hardliner_against_conceder_takes_everything():
    trace = simulate(pie(), {"a": "hardliner", "b": "conceder"}, rounds=20)
    assert trace.payoffs == pytest.approx([1.0, 0.0])
    assert simulate(pie(), {"a": "hardliner", "b": "hardliner"}).agreement is None


def test_linear_pair_meets_in_the_middle():
    # symmetric linear concession from 1 to 0: aspirations cross at 0.5
    trace = simulate(pie(), {"a": "linear", "b": "linear"}, rounds=50)
    assert trace.payoffs[0] == pytest.approx(0.5, abs=0.03)


def test_walk_away_when_nothing_is_allowed():
    trace = simulate(pie(1.1, 0.0), {"a": "linear", "b": "linear"})
    assert trace.agreement is None and trace.walked_away == "a" and len(trace.turns) == 1
    # both can be satisfied alone but not together: talks run to the deadline
    trace = simulate(pie(0.7, 0.7), {"a": "conceder", "b": "conceder"}, rounds=10)
    assert trace.agreement is None and trace.walked_away is None and trace.rounds == 10


def _allowed(game, party, package):
    p = game.party_index(party)
    own = [c for c in game.constraints if c.owner == party and c.relaxable]
    ok = game.satisfied(package[None, :], own).all() if own else True
    return bool(ok) and game.effective(package[None, :])[0, p] >= game.batna[p] - 1e-9


@pytest.fixture(scope="module")
def scenarios(standoff, logroll):
    ukraine = ukraine_at_the_table()  # the protocol seats every party
    return {"standoff": standoff, "logroll": logroll, "ukraine_2022": ukraine,
            "standoff_no_sanctions": standoff.with_parameters(sanctions=0.0)}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), space=st.sampled_from(["acceptable", "feasible"]),
       which=st.sampled_from(["standoff", "logroll", "ukraine_2022", "standoff_no_sanctions"]),
       seed=st.integers(0, 1000), rounds=st.integers(1, 40))
def test_promises(scenarios, data, space, which, seed, rounds):
    scenario = scenarios[which]
    names = {p: data.draw(st.sampled_from(NAMES)) for p in scenario.parties}
    trace = simulate(scenario, names, rounds=rounds, seed=seed, space=space)
    game = trace.game
    # nobody proposes or accepts across its own red lines/conditions or below its batna
    for turn in trace.turns:
        if turn.action in ("offer", "accept"):
            assert _allowed(game, turn.party, trace.pool[turn.package]), turn
    # every agreement lies in the ZOPA
    if trace.agreement is not None:
        inside = {tuple(p) for p in zopa(game).packages.tolist()}
        assert tuple(game.package(trace.agreement).tolist()) in inside
        assert set(trace.turns[-1].accepted_by) == set(game.party_ids) - {
            next(t.party for t in reversed(trace.turns) if t.action == "offer")}
    # the same seed gives the same trace
    again = simulate(scenario, names, rounds=rounds, seed=seed, space=space)
    assert again.to_data() == trace.to_data()
    assert trace.rounds <= rounds


def test_trace_data_and_plot(logroll):
    trace = simulate(logroll, {"alpha": "boulware", "beta": "tit_for_tat"}, rounds=30)
    data = trace.to_data()
    assert set(data) >= {"agreement", "rounds", "trace"}
    assert all(set(t) >= {"round", "party", "action", "offer", "accepted_by"}
               for t in data["trace"])
    assert trace.offer_utilities().shape == (len(trace.turns), 2)
    from negotiation.plots.trace import plot_trace

    fig = plot_trace(trace)
    assert len(fig.axes) == 2


def test_bad_arguments(logroll, prisoners):
    with pytest.raises(ValueError, match="unknown strategy"):
        simulate(logroll, {"alpha": "stubborn"})
    with pytest.raises(ValueError, match="unknown party"):
        simulate(logroll, {"gamma": "linear"})
    with pytest.raises(ValueError, match="rounds"):
        simulate(logroll, {}, rounds=0)
    with pytest.raises(negotiation.OrdinalOnly):
        simulate(prisoners)


def test_tournament_table(logroll):
    table = tournament(logroll, ["hardliner", "linear"], seeds=range(2), rounds=30)
    assert len(table) == 4  # 2 strategies ^ 2 parties
    row = table[(table.alpha == "hardliner") & (table.beta == "hardliner")].iloc[0]
    assert row.agreement_rate == 0.0
    assert row.u_alpha == pytest.approx(0.3) and row.u_beta == pytest.approx(0.3)  # batnas
    row = table[(table.alpha == "linear") & (table.beta == "linear")].iloc[0]
    assert row.agreement_rate == 1.0 and row.u_alpha == pytest.approx(0.8)
    # a hard-line alpha demands alpha_keeps/open, worth 0.2 < 0.3 to beta: never
    # agreed; a hard-line beta demands shared/closed, worth 0.4 >= 0.3 to alpha,
    # which a linear alpha accepts by the deadline
    assert table[(table.alpha == "hardliner") & (table.beta == "linear")].agreement_rate.item() == 0
    row = table[(table.alpha == "linear") & (table.beta == "hardliner")].iloc[0]
    assert row.agreement_rate == 1.0 and row.u_alpha == pytest.approx(0.4)
    summary = strategy_summary(table)
    assert set(summary.index) == {"hardliner", "linear"}
    # linear as alpha: (1 + 1) / 2; as beta: (1 + 0) / 2; mean 0.75
    assert summary.loc["linear", "agreement_rate"] == pytest.approx(0.75)
    assert summary.loc["hardliner", "agreement_rate"] == pytest.approx(0.25)


def test_public_names(logroll):
    assert negotiation.simulate(logroll).agreement is not None
    assert len(negotiation.tournament(logroll, ["linear"], seeds=[0], rounds=10)) == 1


def test_prepare_allowed_matches_definition(standoff):
    setup = prepare(standoff, "feasible")
    for p, pid in enumerate(setup.game.party_ids):
        expected = [_allowed(setup.game, pid, pkg) for pkg in setup.pool]
        assert setup.allowed[:, p].tolist() == expected


def test_cli_json(capsys, tmp_path):
    code = main(["simulate", "logroll", "--strategy", "alpha=boulware", "--rounds", "20",
                 "--seed", "1", "--format", "json", "--out", str(tmp_path)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["agreement"] == {"water": "alpha_keeps", "border": "closed"}
    assert isinstance(data["rounds"], int) and isinstance(data["trace"], list)
    assert (tmp_path / "simulation_trace.png").exists()


@pytest.mark.parametrize("argv, fragments", [
    # one line naming the bad argument and what was expected
    (["--strategy", "alpha"], ["--strategy 'alpha': expected PARTY=NAME"]),
    (["--strategy", "alpha=nope"],
     ["unknown strategy 'nope' (expected one of: ", "boulware", "linear", "conceder",
      "tit_for_tat", "zeuthen", "hardliner", "time:E with E > 0)"]),
    (["--strategy", "zed=linear"], ["unknown party or parties: zed (parties: alpha, beta)"]),
    (["--rounds", "0"], ["--rounds 0: expected at least 1"]),
])
def test_cli_bad_input(capsys, argv, fragments):
    assert main(["simulate", "logroll", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1
    assert err.startswith("negotiation simulate: ")
    for fragment in fragments:
        assert fragment in err
