"""Frontier and bargaining solutions: ours against NegMAS, side by side.

    python benchmarks/bench_frontier.py                # 8 issues x 5 options, 2-4 parties
    python benchmarks/bench_frontier.py --issues 6     # a smaller space
    python benchmarks/bench_frontier.py --exact        # exact Nash, 20 issues x 5 options,
                                                       # 6 parties
    python benchmarks/bench_frontier.py --batnas 0.30 0.35 0.25 --parties 2 3 4 6 --repeat 5

Both sides get the same random additive utilities (scores on a 0.01 grid)
and the same reserved values (``--batnas``, cycled over the parties; batna 0
by default, so the ZOPA is the whole space). Ours, on a freshly loaded
Scenario each time (loading not timed, as NegMAS is given its ufuns):
compile, ZOPA, Pareto frontier and all five solutions as one
``solve(s, "all")``, and as five ``solve(s, name)`` calls on one Scenario;
and a plain numpy pass over the same packages (decode, utilities, batna
test). NegMAS (pip install negmas, the `bench` extra): ``pareto_frontier``
with ``nash_points`` and ``kalai_points``, given the issues (its fastest
path, which drops irrational outcomes first). Printed: medians of
``--repeat`` runs (NegMAS: of ``--negmas-repeat``), the ratios and the load
average.
"""
from __future__ import annotations

import argparse
import os
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


NAMES = ("nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def plain_pass(scenario) -> None:
    """The floor of any enumeration: decode every package, its utilities, the batna test."""
    game = compile_game(scenario)
    packages = np.stack(np.unravel_index(np.arange(game.size), tuple(game.n_options)),
                        axis=1).astype(np.int16)
    (game.utilities(packages) >= game.batna).all(axis=1).sum()


def ours(text: str, repeat: int) -> dict:
    """Medians over ``repeat`` fresh Scenarios: one solve(s, "all"), five
    solve(s, name) calls, the plain pass."""
    fresh = [negotiation.loads(text) for _ in range(3 * repeat)]
    one = [timed(lambda s=s: solve(s, "all", method="enumerate")) for s in fresh[:repeat]]
    five = [timed(lambda s=s: [solve(s, n, method="enumerate") for n in NAMES])
            for s in fresh[repeat:2 * repeat]]
    floor = [timed(lambda s=s: plain_pass(s)) for s in fresh[2 * repeat:]]
    s = fresh[0]
    return {"all": float(np.median(one)), "five": float(np.median(five)),
            "plain": float(np.median(floor)), "frontier": negotiation.frontier(s).size,
            "zone": negotiation.zopa(s).size, "nash": solve(s, "nash")}


def negmas_side(game, repeat: int = 1):
    """The same utilities and reserved values as NegMAS linear additive ufuns."""
    from negmas.outcomes import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import kalai_points, nash_points, pareto_frontier

    issues = [make_issue(list(opts), name=i) for i, opts in zip(game.issue_ids, game.option_ids)]
    ufuns = []
    for p in range(game.n_parties):
        values = {i: {o: float(game.tables[game.offsets[k] + j, p]) for j, o in enumerate(opts)}
                  for k, (i, opts) in enumerate(zip(game.issue_ids, game.option_ids))}
        ufuns.append(LinearAdditiveUtilityFunction(values=values, weights={i: 1.0 for i in values},
                                                   issues=issues,
                                                   reserved_value=float(game.batna[p])))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        frontier, _ = pareto_frontier(ufuns, issues=issues, sort_by_welfare=True)
        nash = nash_points(ufuns, frontier, issues=issues)
        kalai_points(ufuns, frontier, issues=issues)
        times.append(time.perf_counter() - start)
    return float(np.median(times)), len(frontier), nash


def with_batnas(text: str, batnas, n_parties: int) -> str:
    for k in range(n_parties):
        text = text.replace(f"p{k}: {{name: p{k}, batna: 0.0}}",
                            f"p{k}: {{name: p{k}, batna: {batnas[k % len(batnas)]}}}")
    return text


def compare(n_issues, n_options, parties, batnas=(0.0,), repeat=5, negmas_repeat=1,
            with_negmas=True):
    import warnings

    warnings.filterwarnings("ignore")  # NegMAS speed hints
    print(f"\n{n_issues} issues x {n_options} options = {n_options ** n_issues:,} packages, "
          f"batnas {batnas}, load average {os.getloadavg()[0]:.2f}")
    print(f"{'parties':>7} {'zone':>8} {'front':>6} {'all s':>7} {'five s':>7} {'plain s':>8} "
          f"{'negmas s':>9} {'all x':>6} {'five x':>7} {'all/plain':>9}  nash agrees")
    for k in parties:
        text = with_batnas(random_yaml(n_issues, n_options, k, seed=k), batnas, k)
        r = ours(text, repeat)
        line = (f"{k:>7} {r['zone']:>8} {r['frontier']:>6} {r['all']:>7.3f} {r['five']:>7.3f} "
                f"{r['plain']:>8.3f}")
        if not with_negmas:
            print(line + f" {'-':>9} {'-':>6} {'-':>7} {r['all'] / r['plain']:>9.2f}")
            continue
        t_neg, neg_size, nash = negmas_side(compile_game(negotiation.loads(text)), negmas_repeat)
        ours_nash = np.array(list(r["nash"].utilities.values()))
        agrees = bool(nash) and np.allclose(nash[0][0], ours_nash, atol=1e-9)
        print(line + f" {t_neg:>9.3f} {t_neg / r['all']:>6.0f} {t_neg / r['five']:>7.0f} "
              f"{r['all'] / r['plain']:>9.2f}  {agrees} (negmas frontier {neg_size})")


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
    parser.add_argument("--batnas", type=float, nargs="+", default=[0.0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--negmas-repeat", type=int, default=1)
    parser.add_argument("--no-negmas", action="store_true")
    parser.add_argument("--exact", action="store_true")
    args = parser.parse_args()
    if args.exact:
        exact()
    else:
        negotiation.solve(negotiation.loads(random_yaml(3, 3, 3)), "all")  # warm-up
        compare(args.issues, args.options, args.parties, tuple(args.batnas), args.repeat,
                args.negmas_repeat, not args.no_negmas)
