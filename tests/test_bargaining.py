"""Bargaining solutions: closed-form cases, axioms, and the shared examples."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.cli import main
from negotiation.solvers.agreement import SOLUTIONS
from negotiation.solvers.agreement.lotteries import solve_lottery
from negotiation.solvers.agreement.pareto import pareto_mask
from negotiation.solvers.agreement.points import solve_points
from negotiation.solvers.criteria import criterion_scores

GOLDEN = (np.sqrt(5) - 1) / 2  # 0.618...: u = 1 - u^2


def pie(n=100_001):
    x = np.linspace(0, 1, n)
    return np.c_[x, 1 - x]


# ---------------------------------------------------------------- closed forms
def test_linear_pie_nash():
    # max (u1 - 0.2)(1 - u1 - 0.4): u1 - 0.2 = 0.6 - u1, so u = (0.4, 0.6)
    u = pie()
    assert u[solve_points(u, [0.2, 0.4])] == pytest.approx([0.4, 0.6], abs=1e-9)
    lottery = solve_lottery(np.array([[1.0, 0.0], [0.0, 1.0]]), [0.2, 0.4])
    assert lottery.utilities == pytest.approx([0.4, 0.6], abs=1e-9)


def test_concave_frontier_nash_and_ks():
    # u2 = 1 - u1^2, d = 0. Nash: d/du [u (1 - u^2)] = 1 - 3u^2 = 0, u1 = 1/sqrt(3),
    # u2 = 2/3. KS: ideal (1, 1), so u1 = u2 = u with u = 1 - u^2: the golden ratio - 1.
    x = np.linspace(0, 1, 200_001)
    u = np.c_[x, 1 - x**2]
    nash = u[solve_points(u, [0, 0], "nash")]
    assert nash == pytest.approx([1 / np.sqrt(3), 2 / 3], abs=1e-4)
    ks = u[solve_points(u, [0, 0], "kalai_smorodinsky")]
    assert ks == pytest.approx([GOLDEN, GOLDEN], abs=1e-4)
    hull = solve_lottery(u[::50], [0, 0], "nash")  # chords of a concave curve
    assert hull.utilities == pytest.approx([1 / np.sqrt(3), 2 / 3], abs=2e-4)


def test_asymmetric_three_party_pie():
    # max prod (u_i - 0.1)^alpha_i on u1 + u2 + u3 = 1: the gains split the
    # surplus 0.7 in proportion to alpha, u_i = 0.1 + 0.7 alpha_i
    expected = [0.45, 0.31, 0.24]
    grid = [(a, b, 100 - a - b) for a in range(101) for b in range(101 - a)]
    u = np.array(grid, float) / 100
    power = [0.5, 0.3, 0.2]
    k = solve_points(u, [0.1] * 3, "asymmetric_nash", power=power)
    assert u[k] == pytest.approx(expected, abs=1e-9)
    mix = solve_lottery(np.eye(3), [0.1] * 3, "asymmetric_nash", power=power)
    assert mix.utilities == pytest.approx(expected, abs=1e-7)


def monotonicity_sets():
    """Kalai & Smorodinsky (1975): S1 = hull{(0,1), (3/4,3/4), (1,0)},
    S2 = hull{(0,1), (1,0.7), (1,0)}. S2 offers party 2 more at every u1 and
    the ideal point (1, 1) is the same, yet Nash gives party 2 less in S2."""
    t = np.linspace(0, 1, 20_001)[:, None]
    s1 = np.vstack([(1 - t) * [0, 1] + t * [0.75, 0.75], (1 - t) * [0.75, 0.75] + t * [1, 0]])
    s2 = np.vstack([(1 - t) * [0, 1] + t * [1, 0.7], (1 - t) * [1, 0.7] + t * [1, 0]])
    return s1, s2


def test_nash_and_ks_differ_on_monotonicity():
    s1, s2 = monotonicity_sets()
    # S1 is symmetric with a kink at (3/4, 3/4): both solutions pick it
    for name in ("nash", "kalai_smorodinsky"):
        assert s1[solve_points(s1, [0, 0], name)] == pytest.approx([0.75, 0.75], abs=1e-4)
    # S2, segment u2 = 1 - 0.3 u1: u1 (1 - 0.3 u1) rises up to u1 = 1, so Nash = (1, 0.7);
    # KS: u1 = u2 = 1 / 1.3
    assert s2[solve_points(s2, [0, 0], "nash")] == pytest.approx([1.0, 0.7], abs=1e-4)
    ks = s2[solve_points(s2, [0, 0], "kalai_smorodinsky")]
    assert ks == pytest.approx([1 / 1.3, 1 / 1.3], abs=1e-4)
    assert ks[1] > 0.75 > 0.7  # KS is monotone, Nash is not


def test_egalitarian_and_utilitarian_closed_form():
    # d = (0.2, 0.4) on the pie: equal gains g with 0.2 + g + 0.4 + g = 1, g = 0.2
    u = pie(10_001)
    assert u[solve_points(u, [0.2, 0.4], "egalitarian")] == pytest.approx([0.4, 0.6], abs=1e-9)
    pts = np.array([[0.9, 0.2], [0.5, 0.5], [0.3, 0.8]])
    assert solve_points(pts, [0, 0], "utilitarian") == 0  # sums 1.1, 1.0, 1.1: tie -> index
    assert solve_points(pts, [0, 0], "utilitarian", package_index=[5, 4, 3]) == 2


def test_no_point_in_zopa():
    assert solve_points(np.array([[0.1, 0.1]]), [0.5, 0.5]) is None
    assert solve_lottery(np.array([[1.0, 0.0], [0.0, 1.0]]), [0.6, 0.6]) is None


# ---------------------------------------------------------------- axioms
clouds = st.tuples(st.integers(2, 4), st.integers(3, 40), st.integers(0, 10**6))


def cloud(k, n, seed):
    rng = np.random.default_rng(seed)
    u = rng.random((n, k))
    d = rng.random(k) * 0.4
    return u, d


@settings(max_examples=50, deadline=None)
@given(clouds)
def test_solutions_are_rational_and_efficient(args):
    u, d = cloud(*args)
    inside = (u >= d).all(axis=1)
    assume(inside.any())
    efficient = np.zeros(len(u), bool)
    efficient[inside] = pareto_mask(u[inside])
    for name in SOLUTIONS:
        k = solve_points(u, d, name, power=np.arange(1, u.shape[1] + 1))
        assert inside[k] and efficient[k], name


@settings(max_examples=50, deadline=None)
@given(clouds, st.floats(0.1, 10), st.floats(-3, 3), st.integers(0, 3))
def test_nash_and_ks_invariant_to_affine_rescaling(args, scale, shift, party):
    u, d = cloud(*args)
    assume((u >= d).all(axis=1).any())
    party %= u.shape[1]
    v, e = u.copy(), d.copy()
    v[:, party] = scale * v[:, party] + shift
    e[party] = scale * e[party] + shift
    for name in ("nash", "kalai_smorodinsky"):
        inside = (u >= d).all(axis=1)
        original = criterion_scores(name, u[inside], d, ideal=u[inside].max(axis=0))
        k = solve_points(v, e, name)
        got = criterion_scores(name, u[k][None], d, ideal=u[inside].max(axis=0))[0]
        # the rescaled problem's choice is optimal for the original problem
        assert got == pytest.approx(original.max(), rel=1e-9, abs=1e-12), name


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 30), st.integers(0, 10**6), st.floats(0, 0.3))
def test_symmetric_games_give_equal_utilities(n, seed, batna):
    rng = np.random.default_rng(seed)
    half = rng.random((n, 2))
    u = np.vstack([half, half[:, ::-1]])  # closed under swapping the parties
    d = [batna, batna]
    assume((u >= batna).all(axis=1).any())
    for name in ("nash", "kalai_smorodinsky", "egalitarian"):
        mix = solve_lottery(u, d, name)
        assert mix.utilities[0] == pytest.approx(mix.utilities[1], abs=1e-6), name


# ---------------------------------------------------------------- scenarios
def test_logroll_every_solution(logroll):
    # stated in logroll.yaml: walkaway 0.3, all five pick alpha_keeps/closed, 0.8 each
    results = negotiation.solve(logroll, "all")
    assert set(results) == set(SOLUTIONS)
    for name, sol in results.items():
        assert sol.package == {"water": "alpha_keeps", "border": "closed"}, name
        assert sol.utilities == pytest.approx({"alpha": 0.8, "beta": 0.8}), name
        assert sol.exact and sol.method == "enumerate"


def test_standoff_nash(standoff):
    sol = negotiation.solve(standoff, "nash")
    assert sol.package == {"troops": "withdrawn", "membership": "open_door",
                           "missiles": "ban", "hotline": "established"}
    # hand computation: challenger 0.15*0.3 + 0.3*1 + 0.05*1 = 0.395 (no face lost:
    # its public gain 0.345 > 0); alliance 0.4 + 0.35 + 0.04 + 0.05 = 0.84
    assert sol.utilities["challenger"] == pytest.approx(0.395)
    assert sol.utilities["alliance"] == pytest.approx(0.84)


def test_lottery_solutions_dominate_or_match_pure(standoff):
    pure = negotiation.solve(standoff, "all")
    mixed = negotiation.solve(standoff, "all", lotteries=True)
    batna = negotiation.compile_game(standoff).batna
    for name in SOLUTIONS:
        u = np.array(list(mixed[name].utilities.values()))
        assert (u >= batna - 1e-9).all()
        assert sum(p for p, _ in mixed[name].lottery) == pytest.approx(1.0)
    # egalitarian over lotteries can only raise the smallest gain

    def gain(s):
        return min(np.array(list(s.utilities.values())) - batna)

    assert gain(mixed["egalitarian"]) >= gain(pure["egalitarian"]) - 1e-12


def test_empty_zopa_is_explained(standoff):
    scenario = standoff.with_parameters(sanctions=0.0, war_cost=0.1)
    sol = negotiation.solve(scenario, "nash")
    assert sol.package is None and sol.utilities is None
    assert "challenger" in sol.explanation


def test_bad_arguments(standoff, prisoners):
    with pytest.raises(ValueError, match="unknown solution"):
        negotiation.solve(standoff, "shapley")
    with pytest.raises(ValueError, match="unknown method"):
        negotiation.solve(standoff, method="guess")
    with pytest.raises(negotiation.OrdinalOnly):
        negotiation.solve(prisoners)


def test_cli_json(capsys):
    assert main(["solve", "logroll", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["zopa_size"] == 4
    assert set(data["solutions"]) == set(SOLUTIONS)
    nash = data["solutions"]["nash"]
    assert nash["package"] == {"water": "alpha_keeps", "border": "closed"}
    assert nash["utilities"] == {"alpha": 0.8, "beta": 0.8}


def test_cli_empty_zopa_and_bad_input(capsys):
    assert main(["solve", "standoff", "--set", "sanctions=0", "--set", "war_cost=0.1",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["zopa_size"] == 0 and all(v is None for v in data["solutions"].values())
    assert "challenger" in data["explanation"]
    assert main(["solve", "standoff", "--lotteries", "--method", "milp"]) == 2
    assert main(["solve", "prisoners"]) == 2


def test_run_writes_utility_space(tmp_path, capsys):
    assert main(["run", "logroll", "--out", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["solve"]["solutions"]["nash"]["utilities"] == {"alpha": 0.8, "beta": 0.8}
    assert (tmp_path / "utility_space.png").stat().st_size > 1000
