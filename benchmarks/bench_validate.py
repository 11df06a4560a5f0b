"""`negotiation validate` on files at the loader's limits: the worst time.

    python benchmarks/bench_validate.py

Each file is generated at (or just under) one limit of
`negotiation/scenario/limits.py` and validated in a fresh process
(`python -m negotiation validate FILE`), so the time includes start-up; the
exit status is 0 for a valid file and 2 for a refused one. The largest
time is the figure `docs/performance.md` records (target: seconds).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from negotiation.scenario.limits import MAX_BYTES, MAX_EXPR_DEPTH, MAX_NODES, MAX_YAML_DEPTH

HEAD = "format: negotiation/1\ntitle: at the limits\n"


def two_parties(options: int, extra: str = "") -> str:
    ids = [f"o{k}" for k in range(options)]
    scores = ", ".join(f"{i}: {k / options:.6f}" for k, i in enumerate(ids))
    return (HEAD + "parties: {a: {}, b: {}}\nissues:\n  x: {options: [" + ", ".join(ids)
            + "]}\npreferences:\n  a: {weights: {x: 1}, scores: {x: {" + scores + "}}}\n"
            + "  b: {weights: {x: 1}, scores: {x: {" + scores + "}}}\n" + extra)


def files() -> dict[str, str]:
    deep_rule = "(" * (MAX_EXPR_DEPTH - 2) + "x == o0" + ")" * (MAX_EXPR_DEPTH - 2)
    constraint = f"constraints:\n  - {{id: c, kind: feasibility, rule: \"{deep_rule}\"}}\n"
    nested = "a: " + "[" * (MAX_YAML_DEPTH - 3) + "1" + "]" * (MAX_YAML_DEPTH - 3)
    filler = "# " + "x" * 98 + "\n"
    size = two_parties(100)
    size += filler * ((MAX_BYTES - len(size)) // len(filler) - 1)
    return {
        "30,000 options in one issue": two_parties(30_000),
        f"about {MAX_NODES:,} values (options scored twice)": two_parties(MAX_NODES // 7),
        f"a rule {MAX_EXPR_DEPTH - 2} parentheses deep": two_parties(3, constraint),
        f"a document {MAX_YAML_DEPTH - 1} levels deep (refused)":
            HEAD + "description:\n  " + nested,
        "a file of just under 10 MiB": size,
        "a file over 10 MiB (refused)": size + filler * 200,
    }


def main() -> None:
    print("| file | exit | seconds |")
    print("|---|---:|---:|")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files().items():
            path = Path(folder) / "scenario.yaml"
            path.write_text(text)
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "negotiation", "validate", str(path)],
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - start
            worst = max(worst, seconds)
            print(f"| {name} ({len(text):,} bytes) | {done.returncode} | {seconds:.2f} |")
    print(f"\nworst: {worst:.2f} s")


if __name__ == "__main__":
    main()
