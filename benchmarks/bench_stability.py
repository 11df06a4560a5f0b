"""Stability analysis: time against the number of states.

Models with 4 parties, each controlling k binary issues (2^(4k) states,
random additive preferences), all five concepts (Nash, GMR, SMR, SEQ, SIM).
The vectorised solver runs on every size; the plain state-by-state
implementation (stability_reference) runs side by side
on the small sizes, and the ratio is printed.

    python benchmarks/bench_stability.py [--max-bits 16] [--plain-max-bits 8]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from stability_reference import plain_stability

import negotiation
from negotiation.solvers.stability.concepts import stability

PARTIES = 4


def scenario(bits: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    per = bits // PARTIES
    lines = ["format: negotiation/1", f"title: benchmark {bits} bits", "parties:"]
    lines += [f"  p{k}: {{name: p{k}}}" for k in range(PARTIES)]
    lines.append("issues:")
    issues = [f"i{k}" for k in range(per * PARTIES)]
    for k, i in enumerate(issues):
        lines.append(f"  {i}: {{options: [off, on], status_quo: off, controlled_by: p{k // per}}}")
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-bits", type=int, default=16)
    ap.add_argument("--plain-max-bits", type=int, default=8)
    args = ap.parse_args()
    print(f"{'states':>8} {'vectorised s':>13} {'plain s':>9} {'ratio':>7}  "
          "equilibria (nash gmr smr seq sim)")
    for bits in range(8, args.max_bits + 1, 4):
        s = scenario(bits)
        fast, t_fast = timed(stability, s)
        counts = " ".join(str(len(fast.equilibria(c))) for c in fast.concepts)
        if bits <= args.plain_max_bits:
            (_, plain), t_plain = timed(plain_stability, s)
            for c in fast.concepts:
                assert np.array_equal(fast.stable[c], np.array(plain[c], dtype=bool)), c
            print(f"{2 ** bits:>8} {t_fast:>13.3f} {t_plain:>9.2f} "
                  f"{t_plain / t_fast:>7.0f}  {counts}")
        else:
            print(f"{2 ** bits:>8} {t_fast:>13.3f} {'-':>9} {'-':>7}  {counts}")


if __name__ == "__main__":
    main()
