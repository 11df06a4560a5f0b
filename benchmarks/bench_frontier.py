"""Frontier and bargaining solutions: ours against NegMAS, side by side.

    python benchmarks/bench_frontier.py                # 8 issues x 5 options, 2-4 parties
    python benchmarks/bench_frontier.py --issues 6     # a smaller space
    python benchmarks/bench_frontier.py --exact        # exact Nash, 20 issues x 5 options,
                                                       # 6 parties

Both sides get the same random additive utilities (scores on a 0.01 grid,
batna 0 so the ZOPA is the whole space). Ours: compile, ZOPA, Pareto
frontier and all five solutions. NegMAS (pip install negmas, the `bench`
extra): ``pareto_frontier`` with ``nash_points`` and ``kalai_points``.
Printed: seconds each and the ratio.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

import negotiation
from negotiation.game import compile_game
from negotiation.solvers.agreement import SOLUTIONS, solve


def random_yaml(n_issues, n_options, n_parties, seed=0, batna=0.0, rule=None) -> str:
    rng = np.random.default_rng(seed)
    parties = [f"p{k}" for k in range(n_parties)]
    opts = ", ".join(f"o{j}" for j in range(n_options))
    text = ["format: negotiation/1", f"title: random {n_issues}x{n_options}", "parties:"]
    text += [f"  {p}: {{name: {p}, batna: {batna}}}" for p in parties]
    text += ["issues:"]
    text += [f"  i{k}: {{options: [{opts}], status_quo: o0}}" for k in range(n_issues)]
    text += ["preferences:"]
    for p in parties:
        text += [f"  {p}:", "    weights: {" + ", ".join(
            f"i{k}: {rng.integers(1, 10)}" for k in range(n_issues)) + "}", "    scores:"]
        text += [f"      i{k}: {{" + ", ".join(f"o{j}: {rng.integers(0, 101) / 100}"
                                              for j in range(n_options)) + "}"
                 for k in range(n_issues)]
    if rule:
        text += ["constraints:", f"  - {{id: r1, owner: p0, kind: red_line, rule: \"{rule}\"}}"]
    return "\n".join(text) + "\n"


def ours(scenario):
    """Compile, enumerate, ZOPA, frontier and all five solutions (one call)."""
    start = time.perf_counter()
    game = compile_game(scenario)
    results = solve(game, "all", method="enumerate")
    elapsed = time.perf_counter() - start
    return elapsed, negotiation.frontier(game).size, results


def negmas_side(game):
    """The same utilities as NegMAS linear additive ufuns."""
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import kalai_points, nash_points, pareto_frontier

    issues = [make_issue(list(opts), name=i) for i, opts in zip(game.issue_ids, game.option_ids)]
    ufuns = []
    for p in range(game.n_parties):
        values = {i: {o: float(game.tables[game.offsets[k] + j, p]) for j, o in enumerate(opts)}
                  for k, (i, opts) in enumerate(zip(game.issue_ids, game.option_ids))}
        ufuns.append(LinearAdditiveUtilityFunction(values=values, weights={i: 1.0 for i in values},
                                                   issues=issues, reserved_value=0.0))
    outcomes = [tuple(game.labels(p).values()) for p in game.decode(np.arange(game.size))]
    start = time.perf_counter()  # outcomes are listed before timing: NegMAS gets them given
    frontier, _ = pareto_frontier(ufuns, outcomes=outcomes, sort_by_welfare=True)
    nash = nash_points(ufuns, frontier, outcomes=outcomes)
    kalai = kalai_points(ufuns, frontier, outcomes=outcomes)
    return time.perf_counter() - start, len(frontier), nash, kalai


def compare(n_issues, n_options, parties, with_negmas=True):
    print(f"\n{n_issues} issues x {n_options} options = {n_options ** n_issues:,} packages")
    print(f"{'parties':>7} {'frontier':>8} {'ours s':>8} {'negmas s':>9} {'ratio':>7}  nash agrees")
    for k in parties:
        scenario = negotiation.loads(random_yaml(n_issues, n_options, k, seed=k))
        t_ours, size, results = ours(scenario)
        if not with_negmas:
            print(f"{k:>7} {size:>8} {t_ours:>8.3f}")
            continue
        t_neg, neg_size, nash, _ = negmas_side(compile_game(scenario))
        ours_nash = np.array(list(results["nash"].utilities.values()))
        agrees = bool(nash) and np.allclose(nash[0][0], ours_nash, atol=1e-9)
        print(f"{k:>7} {size:>8} {t_ours:>8.3f} {t_neg:>9.3f} {t_neg / t_ours:>7.1f}  "
              f"{agrees} (negmas frontier {neg_size})")


def exact(n_issues=20, n_options=5, n_parties=6):
    scenario = negotiation.loads(random_yaml(n_issues, n_options, n_parties, seed=1, batna=0.3,
                                             rule="i0 == o1 -> (i1 != o2 and i2 in [o0, o3])"))
    game = compile_game(scenario)
    print(f"\nexact search: {n_issues} issues x {n_options} options ({game.size:.2e} packages),"
          f" {n_parties} parties")
    for name in SOLUTIONS:
        start = time.perf_counter()
        sol = solve(game, name, method="milp")
        print(f"  {name:<18} {time.perf_counter() - start:6.2f} s  exact={sol.exact} "
              f"gap={sol.gap:.1e}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=8)
    parser.add_argument("--options", type=int, default=5)
    parser.add_argument("--parties", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--no-negmas", action="store_true")
    parser.add_argument("--exact", action="store_true")
    args = parser.parse_args()
    if args.exact:
        exact()
    else:
        compare(args.issues, args.options, args.parties, not args.no_negmas)
