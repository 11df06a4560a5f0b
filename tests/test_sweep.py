"""Sweeps: designs, measures, the fast path, executors and the command line."""
from __future__ import annotations

import hashlib
import importlib
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from bundled_variants import ukraine_demands_as_positions
from hypothesis import given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml

import negotiation
from negotiation.game import compile_game
from negotiation.scenario.expr import evaluate_rule
from negotiation.solvers.agreement.zone import zopa
from negotiation.sweeps import Measure, measure, sweep, with_field
from negotiation.sweeps.factors import resolve_factors
from negotiation.sweeps.measures import REGISTRY
from negotiation.sweeps.sampling import design

CORE = ["offramp_exists", "offramp_count", "zopa_size", "jointly_feasible"]


def direct(scenario):
    """The core measures of one scenario, computed from their definitions."""
    z = zopa(compile_game(scenario))
    game = z.game
    offramps = evaluate_rule(scenario.offramp.requires, game.columns(z.packages),
                             game.option_index())
    if scenario.offramp.face == "strict":  # the golden bridge: no visible loss
        offramps &= game.visible_gain(z.packages)[:, game.party_index(
            scenario.offramp.party)] >= -1e-9
    return {"offramp_exists": bool(offramps.any()), "offramp_count": int(offramps.sum()),
            "zopa_size": z.size, "jointly_feasible": z.size > 0}


# ---------------------------------------------------------------- results stated in the file
@pytest.mark.parametrize("values, expected", [
    ({"sanctions": 0.3}, {"offramp_count": 8, "zopa_size": 10}),
    ({"sanctions": 0.0}, {"offramp_count": 1}),
    ({"sanctions": 0.0, "war_cost": 0.1}, {"zopa_size": 0, "jointly_feasible": False,
                                           "offramp_exists": False}),
])
def test_standoff_statements_hold_along_a_sweep(standoff, values, expected):
    grid = {"sanctions": [0.0, 0.15, 0.3, 0.45, 0.6], "war_cost": [0.1, 0.2]}
    table = sweep(standoff, vary=grid, measures=CORE)
    at = table
    for name, value in values.items():
        at = at[np.isclose(at[name], value)]
    if "war_cost" not in values:
        at = at[np.isclose(at["war_cost"], 0.2)]  # the file's default
    assert len(at) == 1
    for name, value in expected.items():
        assert at[name].iloc[0] == value


def test_nash_package_at_defaults_is_the_stated_one(standoff):
    table = sweep(standoff, vary={"sanctions": [0.3]}, measures=["package:nash",
                                                                  "utility:nash:challenger"])
    stated = {"troops": "withdrawn", "membership": "open_door", "missiles": "ban",
              "hotline": "established"}
    assert table["package:nash"].iloc[0] == ", ".join(f"{k}={v}" for k, v in stated.items())
    game = compile_game(standoff)
    u = game.effective(game.package(stated)[None, :])[0]
    assert table["utility:nash:challenger"].iloc[0] == pytest.approx(u[0])


# ---------------------------------------------------------------- a sweep = each variant alone
def test_grid_sweep_equals_each_variant_alone(standoff):
    grid = {"sanctions": [0.0, 0.2, 0.6], "war_cost": [0.0, 0.1, 0.5], "p_win": [0.3, 0.9]}
    table = sweep(standoff, vary=grid, measures=CORE)
    assert len(table) == 18 and list(table.columns) == [*grid, *CORE]
    for _, row in table.iterrows():
        alone = standoff.with_parameters(**{k: row[k] for k in grid})
        assert {m: row[m] for m in CORE} == direct(alone)


def test_grid_over_a_quantity_path_equals_with_field(standoff):
    path = "preferences.challenger.weights.membership"
    table = sweep(standoff, vary={path: [0.1, 0.5, 2.0], "sanctions": [0.0, 0.3]}, measures=CORE)
    for _, row in table.iterrows():
        alone = with_field(standoff.with_parameters(sanctions=row["sanctions"]), path, row[path])
        assert {m: row[m] for m in CORE} == direct(alone)


def test_grid_is_the_product_in_order(standoff):
    table = sweep(standoff, vary={"sanctions": [0.1, 0.2], "war_cost": [0.0, 0.3, 0.4]},
                  measures=["zopa_size"])
    assert list(zip(table["sanctions"], table["war_cost"])) == [
        (0.1, 0.0), (0.1, 0.3), (0.1, 0.4), (0.2, 0.0), (0.2, 0.3), (0.2, 0.4)]
    assert list(table.index) == list(range(6))


@settings(max_examples=30, deadline=None)
@given(text=scenario_yaml(), seed=st.integers(0, 2**16))
def test_fast_path_equals_recompiling_every_variant(text, seed):
    scenario = negotiation.loads(text)
    paths = [p for p, _ in scenario.quantities() if ".scores." in p][:2]
    vary = {"shift": None, **{p: [0.0, 1.0] for p in paths}}
    measures = [*CORE, "utility:nash:p0", "package:egalitarian"]
    fast = sweep(scenario, vary=vary, measures=measures, method="random", n=12, seed=seed)
    slow = sweep(scenario, vary=vary, measures=measures, method="random", n=12, seed=seed,
                 fast=False)
    pd.testing.assert_frame_equal(fast, slow, rtol=1e-12)


def test_measures_of_the_january_2022_scenario_match_its_notes():
    # the stated red lines cannot hold together at any parameter value
    grid = {"russia_neutrality_stake": [0.0, 0.47], "p_quick_russia": [0.5, 0.95]}
    table = sweep(negotiation.load("ukraine_2022"), vary=grid,
                  measures=["offramp_count", "zopa_size"])
    assert len(table) == 4 and (table["zopa_size"] == 0).all()
    assert (table["offramp_count"] == 0).all()
    # Moscow's demands read as positions: 1,024 off-ramps at stake 0, none at
    # the stake that makes its utilities agree with its demands (Russia fights)
    soft = sweep(ukraine_demands_as_positions(), vary={"russia_neutrality_stake": [0.0, 0.47]},
                 measures=["offramp_count"])
    assert soft["offramp_count"].tolist() == [1024, 0]


# ---------------------------------------------------------------- designs
def test_random_design_follows_declared_distributions():
    scenario = negotiation.loads("""
format: negotiation/1
title: distributions
parameters:
  a: {value: 0.5, range: [0, 1], distribution: {beta: [2, 6]}}
  b: {value: 0.5, range: [0, 1], distribution: {normal: [0.5, 2.0]}}
  c: {value: 0.5, range: [0, 1], distribution: {triangular: [0, 1, 1]}}
  d: {value: 0.3, range: [0.2, 0.4]}
parties: {x: {batna: a}, y: {batna: b}}
issues: {i: {options: [p, q]}}
preferences:
  x: {weights: {i: 1}, scores: {i: {p: 0, q: 1}}}
  y: {weights: {i: 1}, scores: {i: {p: 1, q: 0}}}
""")
    table = design(resolve_factors(scenario, None), "random", 20000, seed=7)
    assert table["a"].mean() == pytest.approx(2 / 8, abs=0.01)  # beta mean a / (a + b)
    assert table["c"].mean() == pytest.approx(2 / 3, abs=0.01)  # triangular (lo+mode+hi)/3
    assert table["b"].between(0, 1).all()  # truncated to the range
    assert table["b"].std() == pytest.approx(np.sqrt(1 / 12), abs=0.01)  # ~uniform: sd >> width
    assert table["d"].between(0.2, 0.4).all()
    assert table["d"].mean() == pytest.approx(0.3, abs=0.005)
    again = design(resolve_factors(scenario, None), "random", 20000, seed=7)
    pd.testing.assert_frame_equal(table, again)


def test_sobol_and_morris_designs_are_salib_samples(standoff):
    from SALib.sample import morris, sobol

    factors = resolve_factors(standoff, ["sanctions", "p_win"])
    problem = {"num_vars": 2, "names": ["sanctions", "p_win"], "bounds": [[0, 0.6], [0.3, 0.9]]}
    np.testing.assert_array_equal(design(factors, "sobol", 8, seed=1).to_numpy(),
                                  sobol.sample(problem, 8, calc_second_order=False, seed=1))
    np.testing.assert_array_equal(design(factors, "morris", 5, seed=1).to_numpy(),
                                  morris.sample(problem, 5, num_levels=4, seed=1))


# ---------------------------------------------------------------- measures
def test_a_custom_measure_is_a_function_of_a_scenario(standoff):
    def challenger_batna(scenario):
        return compile_game(scenario).batna[0]

    table = sweep(standoff, vary={"sanctions": [0.0, 0.3]}, measures=[challenger_batna])
    assert table["challenger_batna"].tolist() == pytest.approx([0.4, 0.1])  # p_win - war_cost - s


def test_registering_a_measure_takes_one_function(standoff):
    @measure("status_quo_in_zopa_test")
    def status_quo_in_zopa(scenario):
        game = compile_game(scenario)
        z = zopa(game)
        return bool((z.packages == game.status_quo).all(axis=1).any())

    try:
        table = sweep(standoff, vary={"sanctions": [0.0, 0.6]},
                      measures=["status_quo_in_zopa_test"])
        # at sanctions 0.6 the challenger's batna is -0.2: the standoff itself is acceptable
        # to it; whether the status quo is in the ZOPA is decided by the others' batnas
        expected = [direct_sq(standoff.with_parameters(sanctions=s)) for s in (0.0, 0.6)]
        assert table["status_quo_in_zopa_test"].tolist() == expected
    finally:
        REGISTRY.pop("status_quo_in_zopa_test")


def direct_sq(scenario):
    game = compile_game(scenario)
    u = game.effective(game.status_quo[None, :])
    return bool(game.acceptable(game.status_quo[None, :])[0] and game.meets_batna(u)[0])


def test_utility_measures_agree_with_solve(standoff):
    from negotiation.solvers.agreement import solve

    grid = {"sanctions": [0.0, 0.3, 0.6], "war_cost": [0.1, 0.2]}
    names = ["nash", "kalai_smorodinsky", "egalitarian", "asymmetric_nash", "utilitarian"]
    table = sweep(standoff, vary=grid, measures=[f"utility:{n}:alliance" for n in names])
    for _, row in table.iterrows():
        alone = standoff.with_parameters(sanctions=row["sanctions"], war_cost=row["war_cost"])
        for n in names:
            found = solve(alone, n)
            expected = found.utilities["alliance"] if found.found else np.nan
            assert row[f"utility:{n}:alliance"] == pytest.approx(expected, nan_ok=True)


def test_equilibria_count_matches_the_stability_analysis(prisoners):
    from negotiation.solvers.stability.concepts import stability

    # an ordinal model: no ZOPA, but the graph model's equilibria can be counted; the
    # prisoner's dilemma has one Nash equilibrium, both defect (Rapoport & Chammah 1965)
    party = prisoners.party_ids[0]
    table = sweep(prisoners, vary={f"parties.{party}.power": [1.0, 2.0]},
                  measures=["equilibria_count:nash"])
    assert table["equilibria_count:nash"].tolist() == [1, 1]
    assert len(stability(prisoners).equilibria("nash")) == 1


def test_measure_object_with_a_batch_form_is_used(standoff):
    calls = []

    def plain(scenario):
        calls.append("plain")
        return 0.0

    def batch(block):
        return block.batna[:, 0]

    table = sweep(standoff, vary={"sanctions": [0.0, 0.3]}, measures=[Measure("b", plain, batch)])
    assert table["b"].tolist() == pytest.approx([0.4, 0.1]) and calls == []


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("kwargs, message", [
    ({"vary": {"nope": [0.1]}}, "unknown parameter"),
    ({"vary": {"sanctions": [0.9]}}, "outside its declared range"),
    ({"vary": {"parties.challenger.batnx": [0.1]}}, "did you mean"),
    ({"vary": {"sanctions": [0.1]}, "measures": ["nope"]}, "unknown measure"),
    ({"vary": {"sanctions": [0.1]}, "measures": ["utility:nash:bob"]}, "unknown party"),
    ({"vary": {"sanctions": [0.1]}, "method": "latin"}, "unknown method"),
    ({"vary": {"preferences.challenger.weights.troops": [-1.0]}}, "negative"),
])
def test_bad_sweeps_raise_value_errors(standoff, kwargs, message):
    with pytest.raises(ValueError, match=message):
        sweep(standoff, **kwargs)


def test_negative_weight_is_caught_on_the_fast_path(standoff):
    from negotiation.sweeps.batch import Baseline

    inputs = pd.DataFrame({"preferences.challenger.weights.troops": [0.2, -0.5]})
    with pytest.raises(ValueError, match="variant 1: .* is negative"):
        Baseline(standoff).block(inputs)


def test_with_field_changes_one_number_and_nothing_else(standoff):
    new = with_field(standoff, "parties.alliance.batna", 0.9)
    assert compile_game(new).batna == pytest.approx([0.1, 0.9, 0.3])
    assert compile_game(standoff).batna == pytest.approx([0.1, 0.35, 0.3])
    assert new.issues == standoff.issues and new.constraints == standoff.constraints
    score = with_field(standoff, "preferences.alliance.scores.missiles.ban", 0.5)
    assert score.preferences["alliance"].scores["missiles"]["ban"].value({}) == 0.5
    assert score.preferences["challenger"] == standoff.preferences["challenger"]


# ---------------------------------------------------------------- executors
def test_local_processes_equal_this_process(standoff):
    kw = dict(vary=None, measures=CORE, method="random", n=60, seed=3, chunk=10)
    pd.testing.assert_frame_equal(sweep(standoff, workers=2, **kw), sweep(standoff, **kw))


def test_dask_local_cluster_equals_the_local_run(standoff):
    distributed = pytest.importorskip("distributed")  # the `distributed` extra
    kw = dict(vary=None, measures=[*CORE, "package:nash"], method="random", n=40, seed=5,
              chunk=7)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = sweep(standoff, executor=client, **kw)
        by_address = sweep(standoff, scheduler=cluster.scheduler_address, **kw)
    local = sweep(standoff, **kw)
    pd.testing.assert_frame_equal(on_dask, local)
    pd.testing.assert_frame_equal(by_address, local)


# ---------------------------------------------------------------- command line
def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "negotiation", "sweep", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_cli_writes_the_table_and_its_metadata(tmp_path, standoff):
    out = tmp_path / "s.csv"
    done = cli("standoff", "--vary", "sanctions=0:0.6:4", "--vary", "war_cost=0.1,0.2",
               "--measure", "offramp_count", "--measure", "zopa_size", "--out", str(out),
               "--plot", str(tmp_path / "s.png"), "--quiet")
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out, index_col="variant")
    assert list(table.columns) == ["sanctions", "war_cost", "offramp_count", "zopa_size"]
    assert table["sanctions"].tolist() == [0, 0, 0.2, 0.2, 0.4, 0.4, 0.6, 0.6]
    meta = json.loads((tmp_path / "s.csv.meta.json").read_text())
    assert meta["version"] == negotiation.__version__
    assert meta["scenario_sha256"] == hashlib.sha256(standoff.to_yaml().encode()).hexdigest()
    assert "seed" in meta and meta["measures"] == ["offramp_count", "zopa_size"]
    assert (tmp_path / "s.png").stat().st_size > 1000
    assert not (tmp_path / "s.csv.partial").exists()


def test_cli_random_without_vary_varies_every_declared_parameter(tmp_path, standoff):
    from negotiation.cli import main

    out = tmp_path / "r.csv"
    assert main(["sweep", "standoff", "--method", "random", "--samples", "5", "--seed", "1",
                 "--measure", "offramp_exists", "--out", str(out), "--quiet"]) == 0
    table = pd.read_csv(out, index_col="variant")
    assert list(table.columns) == [*standoff.parameters, "offramp_exists"] and len(table) == 5
    assert json.loads((tmp_path / "r.csv.meta.json").read_text())["seed"] == 1


@pytest.mark.parametrize("args", [
    ["--vary", "sanctions=a:b:3"],
    ["--vary", "sanctions=0:0.6"],  # a grid needs N
    ["--vary", "sanctions"],  # grid, declared range: fine; but bad measure:
    ["--vary", "nope=0:1:3"],
    ["--vary", "sanctions=0:0.6:3", "--measure", "nope"],
    ["--vary", "sanctions=0:0.6:3", "--resume"],
])
def test_cli_bad_input_exits_2(args, capsys):
    from negotiation.cli import main

    if args == ["--vary", "sanctions"]:
        args = [*args, "--measure", "utility:nash:nobody"]
    assert main(["sweep", "standoff", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("negotiation sweep: ") and len(err.strip().splitlines()) == 1


def test_negotiation_sweep_stays_the_function_after_importing_the_package(standoff):
    first = negotiation.sweep(standoff, vary={"sanctions": [0.0]}, measures=["zopa_size"])
    sweeps = importlib.import_module("negotiation.sweeps")  # binds negotiation.sweeps only

    second = negotiation.sweep(standoff, vary={"sanctions": [0.0]}, measures=["zopa_size"])
    assert negotiation.sweep is sweeps.sweep
    assert first.equals(second) and first["zopa_size"].iloc[0] == 1


def test_progress_bar_on_request_and_off_by_default_without_a_terminal(standoff, capsys):
    sweep(standoff, vary={"sanctions": [0.0, 0.3]}, measures=["zopa_size"])
    assert capsys.readouterr().err == ""
    sweep(standoff, vary={"sanctions": [0.0, 0.3]}, measures=["zopa_size"], progress=True)
    assert "sweep:" in capsys.readouterr().err


def test_random_sweeps_and_the_offramp_probability_draw_alike(standoff):
    # One definition of a declared distribution: a beta on the declared range
    # [0, 0.6] has the same quantiles whether a random sweep or the off-ramp
    # probability draws it (Beta(2, 5) has mean 2/7: scaled, 0.6 * 2/7).
    from negotiation.sweeps.montecarlo import offramp_probability

    text = standoff.to_yaml().replace(
        "description: cost to the challenger of sanctions after an attack",
        "description: cost to the challenger of sanctions after an attack\n"
        "    distribution:\n      beta: [2, 5]")
    scenario = negotiation.loads(text)
    swept = sweep(scenario, vary=["sanctions"], measures=["zopa_size"], method="random",
                  n=4000, seed=1)["sanctions"].to_numpy()
    drawn = offramp_probability(scenario, samples=4000, seed=2).samples["sanctions"]
    for x in (swept, drawn):
        assert abs(x.mean() - 0.6 * 2 / 7) < 0.01 and 0 <= x.min() and x.max() <= 0.6
    assert abs(np.quantile(swept, 0.9) - np.quantile(drawn, 0.9)) < 0.02
