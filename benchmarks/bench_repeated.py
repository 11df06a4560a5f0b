"""The frontier and the five solutions as a user calls them, side by side.

    python benchmarks/bench_repeated.py [--issues 8] [--options 5] [--parties 3]

On one freshly loaded Scenario (batnas 0.30, 0.35, 0.25, ... so that the
zone of agreement is realistic): one ``solve(s, "all")``; five
``solve(s, name)`` calls on another fresh Scenario (the compiled game, the
zone and the frontier are computed once and reused); and a plain numpy pass
over the same packages (decode every package, its utilities, the batna test):
the floor any enumeration must pay.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_frontier import random_yaml  # noqa: E402 (the same random scenarios)

import negotiation  # noqa: E402

BATNAS = (0.30, 0.35, 0.25, 0.30, 0.35, 0.25)


def scenario(args):
    text = random_yaml(args.issues, args.options, args.parties)
    for k in range(args.parties):
        text = text.replace(f"p{k}: {{name: p{k}, batna: 0.0}}",
                            f"p{k}: {{name: p{k}, batna: {BATNAS[k]}}}")
    return negotiation.loads(text)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def plain_pass(s) -> None:
    game = negotiation.compile_game(s)
    idx = np.arange(game.size)
    packages = np.stack(np.unravel_index(idx, tuple(game.n_options)), axis=1).astype(np.int16)
    (game.utilities(packages) >= game.batna).all(axis=1).sum()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=8)
    parser.add_argument("--options", type=int, default=5)
    parser.add_argument("--parties", type=int, default=3)
    args = parser.parse_args()
    negotiation.solve(negotiation.loads(random_yaml(3, 3, args.parties)), "all")  # warm-up
    names = ("nash", "asymmetric_nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
    s = scenario(args)
    size = negotiation.compile_game(s).size
    one = timed(lambda: negotiation.solve(scenario(args), "all"))
    five = timed(lambda: [negotiation.solve(s, n) for n in names])
    floor = timed(lambda: plain_pass(scenario(args)))
    print(f"{size:,} packages x {args.parties} parties, zone of "
          f"{negotiation.zopa(s).size:,}, frontier of {negotiation.frontier(s).size:,}")
    print(f"solve(s, 'all')        {one:7.3f} s")
    print(f"five solve(s, name)    {five:7.3f} s")
    print(f"plain numpy pass       {floor:7.3f} s   (all / plain: {one / floor:.1f}x)")


if __name__ == "__main__":
    main()
