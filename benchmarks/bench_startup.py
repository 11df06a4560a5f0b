"""Start-up of the command line against the interpreter with numpy and PyYAML.

    python benchmarks/bench_startup.py [--repeat 15]

The package's modules are compiled first (``python -m compileall``), as an
installed package's are: with PYTHONDONTWRITEBYTECODE set, every run would
otherwise compile its modules from source. Each command is run ``--repeat``
times as a fresh process, alternating with the baseline ``python -c "import
numpy, yaml"`` so that both see the same machine load; the medians and their
ratio are printed, and the ratio of the best runs (the machine's noise only
ever adds time: the best of many runs is the steadiest figure).

``validate`` is measured on three kinds of file: one without a war block or a
ranking (the example standoff), the bundled January 2022 scenario (a war whose
chances are probed over their parameters' ranges, in plain Python), and one
with ordinal rankings (garrison: each ranking is checked against every state
at once, which imports numpy). Two floors follow: ``import yaml, jsonschema``
(a file's structure is checked against the JSON Schema, so no validation can
start faster) and the same with numpy (the floor of a file with rankings).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "negotiation"
BUNDLED = PACKAGE / "data" / "scenarios"
BASELINE = [sys.executable, "-c", "import numpy, yaml"]
FLOORS = {"floor: import yaml, jsonschema": "import yaml, jsonschema",
          "floor: + numpy": "import numpy, yaml, jsonschema"}
COMMANDS = {
    "negotiation --version": ["--version"],
    "negotiation list": ["list"],
    "validate standoff (plain)": ["validate", str(BUNDLED / "standoff.yaml")],
    "validate ukraine_2022 (war)": ["validate", str(BUNDLED / "ukraine_2022.yaml")],
    "validate garrison (rankings)": ["validate", str(BUNDLED / "garrison.yaml")],
}


def seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    repeat = parser.parse_args().repeat
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PACKAGE)], check=True)
    print(f"{'command':34} {'median s':>9} {'baseline s':>11} {'ratio':>6} {'best ratio':>11}")
    runs = {name: [sys.executable, "-m", "negotiation", *args] for name, args in COMMANDS.items()}
    runs.update({name: [sys.executable, "-c", code] for name, code in FLOORS.items()})
    for name, argv in runs.items():
        ours, base = [], []
        for _ in range(repeat):
            base.append(seconds(BASELINE))
            ours.append(seconds(argv))
        m, b = statistics.median(ours), statistics.median(base)
        print(f"{name:34} {m:9.3f} {b:11.3f} {m / b:6.2f} {min(ours) / min(base):11.2f}")


if __name__ == "__main__":
    main()
