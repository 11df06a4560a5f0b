"""Will it hold, and why talks fail: the time of `hold`, `crisis` and `war_risk`.

    python benchmarks/bench_hold.py [--repeat 3]

Each figure is the median of the repeats, with the same call made side by
side: `hold` with and without the search for fixes (the fixes re-run the
stability analysis for every candidate change), `crisis` exact (one private
parameter entering the war payoffs linearly) and by Monte Carlo (20,000
draws), and `war_risk` over 200 analyst draws.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

import negotiation

EARLIER = str(Path(__file__).resolve().parent / "data" / "ukraine_2022_v1.yaml")
RUSSIA_LINES = ("russia_no_enlargement", "russia_no_military_activity_in_ukraine",
                "russia_1997_line")

PIE = negotiation.load("fearon_pie")


def two_types():
    """fearon_pie with b proposing and two types of a's private (its cost and its
    belief in its chance): no exact route, so the Monte Carlo one."""
    data = yaml.safe_load(PIE.to_yaml())
    data["parameters"]["cost_a"]["distribution"] = {"uniform": [0, 0.5]}
    data["parameters"]["p_win_a"]["distribution"] = {"uniform": [0.4, 0.8]}
    data["private"]["a"] = ["cost_a", "p_win_a"]
    data["private"]["b"] = ["cost_b"]
    data["war"]["proposer"] = "b"
    return negotiation.loads(yaml.safe_dump(data))


def median_time(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    global TWO
    TWO = two_types()
    cases = {
        # the January 2022 scenario as bundled before its rebuild (the figures in
        # docs/performance.md), and the rebuilt one with Moscow's demands as positions
        "hold ukraine_2022_v1 (fixes)": lambda: negotiation.hold(EARLIER),
        "hold ukraine_2022_v1 (no fixes)": lambda: negotiation.hold(EARLIER, fixes=False),
        "hold ukraine_2022, demands as positions (no fixes)": lambda: negotiation.hold(
            "ukraine_2022", fixes=False, drop=RUSSIA_LINES,
            values={"russia_neutrality_stake": 0.0}),
        "hold tutorial (fixes)": lambda: negotiation.hold("docs/examples/tutorial.yaml"),
        "crisis fearon_pie (exact)": lambda: negotiation.crisis(PIE),
        "crisis, b proposing, a's cost and belief private (Monte Carlo, 20,000 draws)":
            lambda: negotiation.crisis(TWO, proposer="b"),
        "war_risk fearon_pie (200 analyst draws)":
            lambda: negotiation.war_risk(PIE, samples=200, ranges=True),
    }
    print("| call | median (s) |")
    print("|---|---:|")
    for name, call in cases.items():
        print(f"| {name} | {median_time(call, repeat):.3f} |")


if __name__ == "__main__":
    main()
