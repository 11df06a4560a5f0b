"""Sweeps: 10,000 random variants of the January 2022 scenario, offramp_exists.

Side by side on the same design:

* the fast path (acceptable packages enumerated once, utilities of blocks of
  variants as one matrix product) on all variants;
* the naive route (every variant: set its parameters, recompile the game,
  enumerate the space, compute the ZOPA) on the first ``--naive`` variants,
  checked equal to the fast path there;
* local worker processes (also on the naive sample, where a variant costs
  enough for two processes to pay) and a Dask LocalCluster (2 worker processes, one
  thread each; cluster start-up timed separately) on all variants.

    python benchmarks/bench_sweep.py [--variants 10000] [--naive 300] [--no-dask]
"""
from __future__ import annotations

import argparse
import time

import negotiation
from negotiation.sweeps import sweep

MEASURES = ["offramp_exists"]


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=10_000)
    parser.add_argument("--naive", type=int, default=300)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()

    scenario = negotiation.load("ukraine_2022")
    common = dict(vary=None, measures=MEASURES, method="random", seed=0, progress=False)
    fast_s, fast = timed(lambda: sweep(scenario, n=args.variants, **common))
    naive_s, naive = timed(lambda: sweep(scenario, n=args.naive, fast=False, **common))
    assert naive.equals(fast.iloc[:args.naive]), "fast path and naive route disagree"
    per_fast, per_naive = fast_s / args.variants, naive_s / args.naive
    print(f"{args.variants:,} random variants of ukraine_2022 ({len(fast.columns) - 1} "
          f"parameters), measure offramp_exists (true in {fast['offramp_exists'].mean():.1%})")
    print("| route | variants | time (s) | per variant (ms) |")
    print("|---|---:|---:|---:|")
    print(f"| fast path, 1 process | {args.variants:,} | {fast_s:.2f} | {1e3 * per_fast:.3f} |")
    print(f"| naive recompile, 1 process | {args.naive:,} | {naive_s:.2f} | "
          f"{1e3 * per_naive:.2f} |")
    naive2_s, naive2 = timed(lambda: sweep(scenario, n=args.naive, fast=False, workers=2,
                                           **common))
    assert naive2.equals(naive)
    print(f"| naive recompile, 2 local processes | {args.naive:,} | {naive2_s:.2f} | "
          f"{1e3 * naive2_s / args.naive:.2f} |")
    local_s, local = timed(lambda: sweep(scenario, n=args.variants, workers=2, **common))
    assert local.equals(fast)
    print(f"| fast path, 2 local processes | {args.variants:,} | {local_s:.2f} | "
          f"{1e3 * local_s / args.variants:.3f} |")
    if not args.no_dask:
        from distributed import Client, LocalCluster

        start_s, cluster = timed(lambda: LocalCluster(n_workers=2, threads_per_worker=1,
                                                      processes=True, dashboard_address=None))
        with cluster, Client(cluster) as client:
            dask_s, on_dask = timed(lambda: sweep(scenario, n=args.variants, executor=client,
                                                  **common))
        assert on_dask.equals(fast)
        print(f"| fast path, Dask LocalCluster (2 workers) | {args.variants:,} | {dask_s:.2f} | "
              f"{1e3 * dask_s / args.variants:.3f} |")
        print(f"\nDask LocalCluster start-up: {start_s:.1f} s (not included above)")
    print(f"\nnaive / fast per variant: {per_naive / per_fast:.0f}x")
    print(f"1 process / 2 local processes: {fast_s / local_s:.2f}x (fast path), "
          f"{naive_s / naive2_s:.2f}x (naive)")
    if not args.no_dask:
        print(f"2 local processes / Dask LocalCluster: {local_s / dask_s:.2f}x "
              f"(1 process / Dask: {fast_s / dask_s:.2f}x)")


if __name__ == "__main__":
    main()
