"""Off-ramps and red lines by enumeration on 10^7 packages, against computing the utilities once.

    python benchmarks/bench_large.py                 # 7 issues x 10 options, 4 parties
    python benchmarks/bench_large.py --issues 6      # 10^6 packages

A random additive scenario (the generator of bench_frontier.py: weights 1-9,
scores on a 0.01 grid, seed 0), batnas 0.3, three red lines and an off-ramp
for p0 (moving i0 off the status quo). Each analysis runs on a freshly loaded
Scenario (loading not timed). The baseline is what any analysis must do
once: compile the game, enumerate the packages and compute every party's
utility of each. Printed: medians of --repeat runs, each analysis as a
multiple of the baseline (the target: at most 20x), peak resident memory
and the load average.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

from bench_frontier import random_yaml

import negotiation
from negotiation.game import compile_game

RED_LINES = ["i1 != o9", "i2 != o0 -> i3 != o0", "i4 in [o0, o1, o2, o3, o4, o5, o6]"]


def scenario_text(n_issues: int, n_options: int, n_parties: int) -> str:
    text = random_yaml(n_issues, n_options, n_parties, seed=0, batna=0.3)
    text += "constraints:\n" + "".join(
        f"  - {{id: r{k}, owner: p{k % n_parties}, kind: red_line, rule: \"{rule}\"}}\n"
        for k, rule in enumerate(RED_LINES))
    return text + "offramp: {for: p0, requires: \"i0 != o0\"}\n"


def baseline(text: str) -> None:
    game = compile_game(negotiation.loads(text))
    game.utilities(game.feasible_packages)


def offramps(text: str) -> None:
    negotiation.find_offramps(negotiation.loads(text), method="enumerate", k=5)


def red_lines(text: str) -> None:
    negotiation.analyze_red_lines(negotiation.loads(text), method="enumerate")


def median_time(fn, text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=7)
    parser.add_argument("--options", type=int, default=10)
    parser.add_argument("--parties", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = scenario_text(args.issues, args.options, args.parties)
    packages = args.options ** args.issues
    base = median_time(baseline, text, args.repeat)
    print(f"{packages:,} packages, {args.parties} parties; load average "
          f"{os.getloadavg()[0]:.2f}; medians of {args.repeat}")
    print("| step | seconds | x baseline |")
    print("|---|---:|---:|")
    print(f"| baseline: compile, enumerate, utilities | {base:.2f} | 1.0 |")
    for name, fn in (("find_offramps (enumerate, k=5)", offramps),
                     ("analyze_red_lines (enumerate)", red_lines)):
        t = median_time(fn, text, args.repeat)
        verdict = "met" if t <= 20 * base else "not met"
        print(f"| {name} | {t:.2f} | {t / base:.1f} ({verdict}) |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
