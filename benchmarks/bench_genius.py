"""The ANAC competition domains: frontier and solutions, ours against NegMAS, side by side.

    python benchmarks/bench_genius.py                       # every domain of ../shared/genius
    python benchmarks/bench_genius.py --domains DIR --repeat 5 --no-negmas

For each GENIUS domain folder: ours is ``solve(scenario, "all")`` (the zone over
the reservation values, its Pareto frontier and the bargaining solutions) on
a freshly imported Scenario, after one warm-up (the import is timed apart).
NegMAS (pip install negmas, the `bench` extra) gets the same utilities and
reserved values as linear additive utility functions built from the imported
tables (the path of ``bench_frontier.py``: its ``pareto_frontier`` with
``nash_points`` and ``kalai_points``, given the issues, which drops irrational
outcomes first); the import's utilities are checked against the XML by the
tests. Printed per domain: outcomes, parties, medians, the ratio NegMAS / ours
and whether both Nash points give the same utilities; then the geometric mean
and the targets (at least 20x on every domain of 10,000 outcomes or more, no
slower on any of 1,000 or more, a geometric mean of at least 5x).
"""
from __future__ import annotations

import argparse
import math
import os
import statistics
import time
from pathlib import Path

import numpy as np
from bench_frontier import negmas_side

import negotiation
from negotiation.game import compile_game

DOMAINS = Path(__file__).resolve().parents[2] / "shared" / "genius"


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def our_side(folder: Path, repeat: int) -> tuple[float, float, dict]:
    """(import seconds, solve seconds, the Nash solution's utilities)."""
    negotiation.solve(negotiation.load(folder), "all")  # warm-up
    load = median_time(lambda: negotiation.load(folder), repeat)
    times, nash = [], {}
    for _ in range(repeat):
        scenario = negotiation.load(folder)
        start = time.perf_counter()
        found = negotiation.solve(scenario, "all")
        times.append(time.perf_counter() - start)
        nash = found["nash"].utilities if found["nash"].found else {}
    return load, statistics.median(times), nash


def nash_agrees(ours: dict, game, points) -> str:
    if not ours or not points:
        return "no point" if not ours and not points else "one side has none"
    theirs = np.asarray(points[0][0], float)
    mine = np.array([ours[p] for p in game.party_ids])
    if np.allclose(mine, theirs, atol=1e-6):
        return "yes"
    # the textbook Nash point maximises the product of gains over the batnas
    product = {k: float(np.prod(np.maximum(v - game.batna, 0))) for k, v in
               (("NegMAS", theirs), ("ours", mine))}
    return (f"no: Nash product NegMAS {product['NegMAS']:.6f}, ours {product['ours']:.6f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=Path, default=DOMAINS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-negmas", action="store_true")
    args = parser.parse_args()
    folders = sorted(p for p in args.domains.iterdir() if p.is_dir())
    print(f"load average {os.getloadavg()[0]:.2f}; medians of {args.repeat}")
    print("| domain | outcomes | parties | import (s) | ours (s) | NegMAS (s) | NegMAS / ours "
          "| Nash agrees |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    ratios = []
    for folder in folders:
        load, ours, nash = our_side(folder, args.repeat)
        game = compile_game(negotiation.load(folder))
        size, parties = int(game.size), game.n_parties
        if args.no_negmas:
            print(f"| {folder.name} | {size:,} | {parties} | {load:.4f} | {ours:.4f} | - | - | - |")
            continue
        theirs, _, points = negmas_side(game, args.repeat)
        ratios.append((size, theirs / ours))
        print(f"| {folder.name} | {size:,} | {parties} | {load:.4f} | {ours:.4f} | "
              f"{theirs:.4f} | {theirs / ours:.1f}x | {nash_agrees(nash, game, points)} |")
    if ratios:
        geo = math.exp(sum(math.log(r) for _, r in ratios) / len(ratios))
        big = [r for n, r in ratios if n >= 10_000]
        mid = [r for n, r in ratios if n >= 1_000]
        print(f"\ngeometric mean {geo:.2f}x (target 5x: {'met' if geo >= 5 else 'not met'})")
        print(f"10,000 outcomes or more: least {min(big, default=float('nan')):.1f}x "
              f"(target 20x: {'met' if big and min(big) >= 20 else 'not met'})")
        print(f"1,000 outcomes or more: least {min(mid, default=float('nan')):.1f}x "
              f"(target 1x: {'met' if mid and min(mid) >= 1 else 'not met'})")


if __name__ == "__main__":
    main()
