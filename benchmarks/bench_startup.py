"""Start-up of the command line against the interpreter with numpy and PyYAML.

    python benchmarks/bench_startup.py [--repeat 15]

Each command is run ``--repeat`` times as a fresh process, alternating with
the baseline ``python -c "import numpy, yaml"`` so that both see the same
machine load; the medians and their ratio are printed.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

SCENARIO = (Path(__file__).resolve().parents[1]
            / "negotiation" / "data" / "scenarios" / "standoff.yaml")
BASELINE = [sys.executable, "-c", "import numpy, yaml"]
COMMANDS = {
    "negotiation --version": ["--version"],
    "negotiation list": ["list"],
    "negotiation validate FILE": ["validate", str(SCENARIO)],
}


def seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    print(f"{'command':28} {'median s':>9} {'baseline s':>11} {'ratio':>6}")
    for name, args in COMMANDS.items():
        argv = [sys.executable, "-m", "negotiation", *args]
        ours, base = [], []
        for _ in range(repeat):
            base.append(seconds(BASELINE))
            ours.append(seconds(argv))
        m, b = statistics.median(ours), statistics.median(base)
        print(f"{name:28} {m:9.3f} {b:11.3f} {m / b:6.2f}")


if __name__ == "__main__":
    main()
