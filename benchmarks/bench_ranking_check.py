"""Loading a file whose rankings cover 2^10, 2^16 and 2^20 states, against an older checkout.

    git worktree add /tmp/old 8325138
    python benchmarks/bench_ranking_check.py --old /tmp/old

Each file has n binary issues and two parties ranking every state by a
"staircase" ({i0: a}, {i0: b, i1: a}, ..., then the state of all b's): the
loader must check that the ranking covers every one of the 2^n states. Each
checkout loads each file ``--repeat`` times in its own process (after one
warm-up load); the best time of each is printed with the ratio old / this.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SIZES = (10, 16, 20)
TIMER = """
import json, sys, time
import negotiation
out = {}
for n in %(sizes)r:
    issues = "\\n".join(f"  i{k}: {{options: [a, b], status_quo: a, controlled_by: p}}"
                       for k in range(n))
    entries = [{**{f"i{j}": "b" for j in range(k)}, f"i{k}": "a"} for k in range(n)]
    entries.append({f"i{k}": "b" for k in range(n)})
    ranking = "\\n".join("      - {" + ", ".join(f"{i}: {o}" for i, o in e.items()) + "}"
                        for e in entries)
    text = (f"format: negotiation/1\\ntitle: ranked\\nparties:\\n  p: {{}}\\n  q: {{}}\\n"
            f"issues:\\n{issues}\\npreferences:\\n  p:\\n    ranking:\\n{ranking}\\n"
            f"  q:\\n    ranking:\\n{ranking}\\n")
    negotiation.loads(text)
    best = float("inf")
    for _ in range(%(repeat)d):
        start = time.perf_counter()
        negotiation.loads(text)
        best = min(best, time.perf_counter() - start)
    out[n] = best
print(json.dumps(out))
"""


def times(tree: Path, repeat: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    code = TIMER % {"sizes": SIZES, "repeat": repeat}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=tree, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="an older checkout to compare against")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ours = times(HERE, args.repeat)
    old = times(args.old, args.repeat) if args.old else {}
    print(f"{'states':>10} {'this s':>9} {'old s':>9} {'old / this':>11}")
    for n in SIZES:
        key = str(n)
        theirs = old.get(key)
        shown = f"{theirs:9.3f} {theirs / ours[key]:11.1f}" if theirs else ""
        print(f"{2 ** n:>10} {ours[key]:9.3f} {shown}")


if __name__ == "__main__":
    main()
