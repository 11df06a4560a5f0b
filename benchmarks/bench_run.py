"""`negotiation run` on the bundled January 2022 scenario, against an older checkout.

    git worktree add /tmp/old bc53343
    python benchmarks/bench_run.py --old /tmp/old --repeat 7 \
        -- "$PWD/benchmarks/data/ukraine_2022_v1.yaml"

The file named after `--` is run by both checkouts: the scenario as bundled
before its rebuild (`benchmarks/data/ukraine_2022_v1.yaml`), which older
checkouts can read; with no file each runs its own bundled scenario, which
compares different models once the bundled file has changed.

Each run is a fresh process (`python -m negotiation run`, output discarded),
this checkout and the older one alternating; printed: the median wall time
and peak resident memory of each, their ratio, and the load average.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(tree: Path, args: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one `negotiation run` from ``tree``."""
    with tempfile.NamedTemporaryFile("r") as report:
        cmd = ["/usr/bin/time", "-f", "%e %M", "-o", report.name,
               sys.executable, "-m", "negotiation", "run", *args]
        env = dict(os.environ, PYTHONPATH=str(tree))
        subprocess.run(cmd, cwd=tree, env=env, stdout=subprocess.DEVNULL, check=True)
        seconds, kb = report.read().split()[-2:]
    return float(seconds), float(kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="an older checkout")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("args", nargs="*", help="extra arguments of `negotiation run`")
    args = parser.parse_args()
    trees = {"this": ROOT, "old": args.old.resolve()}
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in trees}
    for _ in range(args.repeat):
        for name, tree in trees.items():
            runs[name].append(one_run(tree, args.args))
    med = {k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v))
           for k, v in runs.items()}
    print(f"load average {os.getloadavg()[0]:.2f}, {args.repeat} runs each")
    for name, (t, mb) in med.items():
        times = ", ".join(f"{s:.2f}" for s, _ in runs[name])
        print(f"{name:>5}: median {t:.2f} s, peak {mb:.0f} MB  ({times})")
    print(f"old / this: {med['old'][0] / med['this'][0]:.2f}x")


if __name__ == "__main__":
    main()
