"""`negotiation run` on the bundled January 2022 scenario, against an older checkout.

    git worktree add /tmp/old bc53343
    python benchmarks/bench_run.py --old /tmp/old --repeat 7 \
        -- "$PWD/benchmarks/data/ukraine_2022_v1.yaml"
    python benchmarks/bench_run.py --figures --repeat 7   # what --out DIR adds

The file named after `--` is run by both checkouts: the scenario as bundled
before its rebuild (`benchmarks/data/ukraine_2022_v1.yaml`), which older
checkouts can read; with no file each runs its own bundled scenario, which
compares different models once the bundled file has changed.

Both checkouts' modules are compiled first (`python -m compileall`), as an
installed package's are: with PYTHONDONTWRITEBYTECODE set, every run would
otherwise compile every module from source. Each run is a fresh process
(`python -m negotiation run`, output discarded), this checkout, the older
one and the import floor alternating. The floor is a process that only
imports what the report cannot do without (numpy, PyYAML, jsonschema for
the file's structure; the report imports no scipy): no report can start
faster. Printed: the median wall time and peak resident memory of each,
the ratio old / this, what this checkout spends beyond the floor, and the
load average.

``--figures``: this checkout's `negotiation run` with and without ``--out
DIR``, alternating, against the figures' own rendering: in a third process
the same run with ``--out``, timing only the drawing and saving of each
figure (matplotlib's import included, which happens in the first drawing).
What ``--out`` adds beyond that rendering is overhead of ours.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "import numpy, yaml, jsonschema"


def timed(cmd: list[str], tree: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one process run from ``tree``."""
    with tempfile.NamedTemporaryFile("r") as report:
        env = dict(os.environ, PYTHONPATH=str(tree))
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", report.name, *cmd],
                       cwd=tree, env=env, stdout=subprocess.DEVNULL, check=True)
        seconds, kb = report.read().split()[-2:]
    return float(seconds), float(kb) / 1024


def rendering_seconds(argv: list[str]) -> dict:
    """Run `negotiation run ARGV` here, timing each figure's drawing and saving."""
    import contextlib
    import io
    import time

    from negotiation.commands import _figures

    spent: dict[str, float] = {}
    attach = _figures.attach_figure

    def timed_attach(section, args, name, caption, draw, dpi=120):
        def timed_draw():
            start = time.perf_counter()
            figure = draw()
            save = figure.savefig

            def timed_save(*a, **k):
                begin = time.perf_counter()
                save(*a, **k)
                spent[name] += time.perf_counter() - begin

            figure.savefig = timed_save
            spent[name] = time.perf_counter() - start
            return figure
        attach(section, args, name, caption, timed_draw, dpi)

    _figures.attach_figure = timed_attach  # before the command modules import it
    from negotiation.cli import main as cli

    with contextlib.redirect_stdout(io.StringIO()):
        cli(["run", *argv])
    return spent


def figures(repeat: int, extra: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "negotiation")],
                   check=True)
    with tempfile.TemporaryDirectory() as out:
        plain = [sys.executable, "-m", "negotiation", "run", *extra]
        render = [sys.executable, __file__, "--render", *extra, "--out", out]
        runs: dict[str, list[float]] = {"run": [], "run --out DIR": [], "rendering": []}
        for _ in range(repeat):
            runs["run"].append(timed(plain, ROOT)[0])
            runs["run --out DIR"].append(timed([*plain, "--out", out], ROOT)[0])
            done = subprocess.run(render, cwd=ROOT, check=True, capture_output=True, text=True)
            each = json.loads(done.stdout)
            runs["rendering"].append(sum(each.values()))
    med = {k: statistics.median(v) for k, v in runs.items()}
    print(f"load average {os.getloadavg()[0]:.2f}, {repeat} runs each; "
          f"{len(each)} figures: {', '.join(each)}")
    for name, t in med.items():
        print(f"{name:>14}: median {t:.2f} s  ({', '.join(f'{s:.2f}' for s in runs[name])})")
    added = med["run --out DIR"] - med["run"]
    print(f"--out adds {added:.2f} s; the figures' rendering {med['rendering']:.2f} s; "
          f"beyond it {added - med['rendering']:+.2f} s")


def main() -> None:
    if sys.argv[1:2] == ["--render"]:
        print(json.dumps(rendering_seconds(sys.argv[2:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="an older checkout")
    parser.add_argument("--figures", action="store_true",
                        help="what --out DIR adds to this checkout's run")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("args", nargs="*", help="extra arguments of `negotiation run`")
    args = parser.parse_args()
    if args.figures:
        figures(args.repeat, args.args)
        return
    if args.old is None:
        parser.error("--old is required (or --figures)")
    trees = {"this": ROOT, "old": args.old.resolve(), "floor": ROOT}
    for tree in {ROOT, args.old.resolve()}:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "negotiation")],
                       check=True)
    commands = {name: [sys.executable, "-m", "negotiation", "run", *args.args]
                for name in ("this", "old")}
    commands["floor"] = [sys.executable, "-c", FLOOR]
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in trees}
    for _ in range(args.repeat):
        for name, tree in trees.items():
            runs[name].append(timed(commands[name], tree))
    med = {k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v))
           for k, v in runs.items()}
    print(f"load average {os.getloadavg()[0]:.2f}, {args.repeat} runs each")
    for name, (t, mb) in med.items():
        times = ", ".join(f"{s:.2f}" for s, _ in runs[name])
        print(f"{name:>5}: median {t:.2f} s, peak {mb:.0f} MB  ({times})")
    print(f"old / this: {med['old'][0] / med['this'][0]:.2f}x; "
          f"floor `python -c \"{FLOOR}\"`: old / floor {med['old'][0] / med['floor'][0]:.2f}x; "
          f"this checkout beyond the floor: {med['this'][0] - med['floor'][0]:.2f} s")


if __name__ == "__main__":
    main()
