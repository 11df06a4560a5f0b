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

With ``--expensive``: measures that cost milliseconds a variant (the number of
SEQ equilibria of the graph model, whether the best off-ramp is self-enforcing)
on 2,000 random variants of ``cuban_1962_bargaining``, in one process and on a
Dask LocalCluster of 2 worker processes (one thread each), side by side on the
same variants, the tables asserted equal. The cluster is the one
``sweep(executor="dask", workers=2)`` starts (``negotiation.sweeps.runner.local_cluster``);
its start-up (its processes, and the package imported on each worker by
``negotiation.sweeps.preload``) is timed separately, and CPU seconds are reported
beside wall times (they do not count what other processes on the machine took).
``--repeat R`` alternates the two R times.

    python benchmarks/bench_sweep.py [--variants 10000] [--naive 300] [--no-dask]
    python benchmarks/bench_sweep.py --expensive [--variants 2000] [--repeat 1]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import negotiation
from negotiation.sweeps import sweep

MEASURES = ["offramp_exists"]
EXPENSIVE_SCENARIO = "cuban_1962_bargaining"
CHEAP_SCENARIO = Path(__file__).resolve().parent / "data" / "ukraine_2022_v1.yaml"
EXPENSIVE_MEASURES = ["equilibria_count:seq", "offramp_holds"]
TARGET = 1.6  # Dask LocalCluster of 2 workers / one process, on the expensive measures


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def cpu_timed(func, client=None):
    """Wall time, CPU seconds of this process (with a LocalCluster: its scheduler
    and the client too), CPU seconds of each Dask worker, and the result."""
    workers = client.run(time.process_time) if client is not None else {}
    here = time.process_time()
    wall, result = timed(func)
    here = time.process_time() - here
    after = client.run(time.process_time) if client is not None else {}
    return wall, here, [after[w] - workers[w] for w in after], result


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def expensive(variants: int, repeat: int) -> None:
    """One process against a Dask LocalCluster of 2 workers, on expensive measures."""
    from distributed import Client

    from negotiation.sweeps.runner import local_cluster

    scenario = negotiation.load(EXPENSIVE_SCENARIO)
    common = dict(vary=None, measures=EXPENSIVE_MEASURES, method="random", seed=0,
                  n=variants, progress=False)
    start_load = load_average()
    # the LocalCluster sweep(executor="dask", workers=2) starts: preloaded, housekeeping slowed
    start_s, cluster = timed(lambda: local_cluster(2))
    rows, ratios = [], []
    with cluster, Client(cluster) as client:
        # first calls (lazy imports, first compilations) out of both timings
        warm = dict(common, n=8)
        warm_s, _ = timed(lambda: (sweep(scenario, **warm), sweep(scenario, executor=client,
                                                                  chunk=1, **warm)))
        for r in range(repeat):
            before = load_average()
            one_s, one_cpu, _, one = cpu_timed(lambda: sweep(scenario, **common))
            dask_s, main_cpu, worker_cpu, on_dask = cpu_timed(
                lambda: sweep(scenario, executor=client, **common), client)
            assert on_dask.equals(one), "the Dask table differs from the one-process table"
            ratios.append(one_s / dask_s)
            rows.append((r + 1, one_s, dask_s, before, load_average(), one_cpu,
                         main_cpu, worker_cpu))
    print(f"{variants:,} random variants of {EXPENSIVE_SCENARIO} ({len(scenario.parameters)} "
          f"parameters), measures {', '.join(EXPENSIVE_MEASURES)} (offramp_holds true in "
          f"{one['offramp_holds'].mean():.1%}; SEQ equilibria {one[EXPENSIVE_MEASURES[0]].min()}"
          f" to {one[EXPENSIVE_MEASURES[0]].max()})")
    print("| run | 1 process (s) | per variant (ms) | Dask LocalCluster, 2 workers (s) | "
          "1 process / Dask | load average before / after |")
    print("|---:|---:|---:|---:|---:|---|")
    for r, one_s, dask_s, before, after, *_ in rows:
        print(f"| {r} | {one_s:.2f} | {1e3 * one_s / variants:.1f} | {dask_s:.2f} | "
              f"{one_s / dask_s:.2f}x | {before} / {after} |")
    # CPU seconds leave out what other processes took; cores used = CPU / wall shows how
    # much of the machine the run got (1 and about 2 on an idle machine of two cores)
    print("\n| run | CPU, 1 process (s) | CPU, Dask workers (s) | CPU, scheduler + client "
          "(s) | Dask CPU / 1-process CPU | cores used, 1 process / Dask |")
    print("|---:|---:|---:|---:|---:|---|")
    for r, one_s, dask_s, _, _, one_cpu, main_cpu, worker_cpu in rows:
        dask_cpu = sum(worker_cpu) + main_cpu
        print(f"| {r} | {one_cpu:.2f} | {' + '.join(f'{c:.2f}' for c in worker_cpu)} | "
              f"{main_cpu:.2f} | {dask_cpu / one_cpu:.2f} | {one_cpu / one_s:.2f} / "
              f"{dask_cpu / dask_s:.2f} |")
    median = statistics.median(ratios)
    print(f"\nDask LocalCluster start-up: {start_s:.1f} s, then a warm-up sweep of 8 "
          f"variants in each: {warm_s:.1f} s (neither included above; load average "
          f"{start_load})")
    print(f"target {TARGET}x: {'met' if median >= TARGET else 'not met'} (median ratio "
          f"{median:.2f}x of {repeat} run(s), best {max(ratios):.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, help="default 10000 (2000 with --expensive)")
    parser.add_argument("--naive", type=int, default=300)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--expensive", action="store_true",
                        help="expensive measures: one process against a Dask LocalCluster")
    parser.add_argument("--repeat", type=int, default=1, help="with --expensive: runs")
    args = parser.parse_args()
    if args.expensive:
        expensive(args.variants or 2000, max(1, args.repeat))
        return
    args.variants = args.variants or 10_000

    # the January 2022 scenario as bundled before its rebuild, where off-ramps
    # exist in most variants (in the rebuilt one the red lines never hold together)
    scenario = negotiation.load(CHEAP_SCENARIO)
    common = dict(vary=None, measures=MEASURES, method="random", seed=0, progress=False)
    fast_s, fast = timed(lambda: sweep(scenario, n=args.variants, **common))
    naive_s, naive = timed(lambda: sweep(scenario, n=args.naive, fast=False, **common))
    assert naive.equals(fast.iloc[:args.naive]), "fast path and naive route disagree"
    per_fast, per_naive = fast_s / args.variants, naive_s / args.naive
    print(f"{args.variants:,} random variants of {CHEAP_SCENARIO.name} ({len(fast.columns) - 1} "
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
