"""Stability analysis: time against the number of states.

Models with 4 parties sharing b binary issues (2^b states, random additive
preferences, seeded; scores rounded to 3 decimals, so ties occur), all five
concepts (Nash, GMR, SMR, SEQ, SIM).
The vectorised solver runs on every size; the plain state-by-state
implementation (stability_reference) runs side by side
on the small sizes, and the ratio is printed.

``--curve`` measures 2^12, 2^14, ..., 2^20 states (``--curve-bits`` to choose),
each size in a fresh subprocess so that its peak resident memory
(``ru_maxrss``) is its own: seconds to build the graph model and its moves,
seconds per concept, the total, and the peak.

    python benchmarks/bench_stability.py [--max-bits 16] [--plain-max-bits 8]
    python benchmarks/bench_stability.py --curve [--curve-bits 12 14 16 18 20]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import negotiation
from negotiation.solvers.stability.concepts import stability
from negotiation.solvers.stability.graph import graph_model

PARTIES = 4


def scenario(bits: int, seed: int = 0):
    """``bits`` binary issues, split as evenly as possible among the parties
    (consecutive issues to one party), random additive preferences."""
    rng = np.random.default_rng(seed)
    lines = ["format: negotiation/1", f"title: benchmark {bits} bits", "parties:"]
    lines += [f"  p{k}: {{name: p{k}}}" for k in range(PARTIES)]
    lines.append("issues:")
    issues = [f"i{k}" for k in range(bits)]
    for k, i in enumerate(issues):
        owner = k * PARTIES // bits
        lines.append(f"  {i}: {{options: [off, on], status_quo: off, controlled_by: p{owner}}}")
    lines.append("preferences:")
    for p in range(PARTIES):
        w = rng.integers(1, 10, len(issues))
        lines.append(f"  p{p}:")
        weights = ", ".join(f"{i}: {int(x)}" for i, x in zip(issues, w))
        lines.append("    weights: {" + weights + "}")
        lines.append("    scores:")
        for i in issues:
            a, b = rng.random(2).round(3)
            lines.append(f"      {i}: {{off: {a}, on: {b}}}")
    return negotiation.loads("\n".join(lines) + "\n")


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def one_size(bits: int) -> dict:
    """Times of one size, in this process: the model and its moves, then each
    concept on the same model (so no concept pays for the shared moves)."""
    s = scenario(bits)
    start = time.perf_counter()
    model = graph_model(s)
    for p in range(model.n_parties):
        model.improvements(p)
    row = {"states": model.n_states, "build": time.perf_counter() - start}
    for concept in ("nash", "gmr", "smr", "seq", "sim"):
        result, row[concept] = timed(stability, model, [concept])
        row[concept + "_eq"] = len(result.equilibria(concept))
    row["total"] = time.perf_counter() - start
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


def curve(bits_list) -> None:
    concepts = ("nash", "gmr", "smr", "seq", "sim")
    print(f"load average before: {open('/proc/loadavg').read().split()[:3]}")
    print(f"{'states':>9} {'build':>7} " + " ".join(f"{c:>7}" for c in concepts)
          + f" {'total s':>8} {'peak MB':>8}  equilibria (nash gmr smr seq sim)")
    for bits in bits_list:
        out = subprocess.run([sys.executable, __file__, "--one", str(bits)], check=True,
                             capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        times = " ".join(f"{row[c]:>7.2f}" for c in concepts)
        counts = " ".join(str(row[c + "_eq"]) for c in concepts)
        print(f"{row['states']:>9,} {row['build']:>7.2f} {times} {row['total']:>8.2f} "
              f"{row['peak_mb']:>8.0f}  {counts}", flush=True)
    print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-bits", type=int, default=16)
    ap.add_argument("--plain-max-bits", type=int, default=8)
    ap.add_argument("--curve", action="store_true", help="time and peak memory per size")
    ap.add_argument("--curve-bits", type=int, nargs="+", default=[12, 14, 16, 18, 20])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, as JSON
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(one_size(args.one)))
        return
    if args.curve:
        curve(args.curve_bits)
        return
    print(f"{'states':>8} {'vectorised s':>13} {'plain s':>9} {'ratio':>7}  "
          "equilibria (nash gmr smr seq sim)")
    for bits in range(8, args.max_bits + 1, 4):
        s = scenario(bits)
        fast, t_fast = timed(stability, s)
        counts = " ".join(str(len(fast.equilibria(c))) for c in fast.concepts)
        if bits <= args.plain_max_bits:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
            from stability_reference import plain_stability
            (_, plain), t_plain = timed(plain_stability, s)
            for c in fast.concepts:
                assert np.array_equal(fast.stable[c], np.array(plain[c], dtype=bool)), c
            print(f"{2 ** bits:>8} {t_fast:>13.3f} {t_plain:>9.2f} "
                  f"{t_plain / t_fast:>7.0f}  {counts}")
        else:
            print(f"{2 ** bits:>8} {t_fast:>13.3f} {'-':>9} {'-':>7}  {counts}")


if __name__ == "__main__":
    main()
