"""negotiation simulate SCENARIO: play the stacked alternating offers protocol."""
from __future__ import annotations

from pathlib import Path

from negotiation.commands import UsageError
from negotiation.commands._common import (
    add_output_arguments,
    add_scenario_argument,
    output_dir,
    run_section,
)
from negotiation.game import OrdinalOnly, SpaceTooLarge
from negotiation.report import Section, Table, package_text
from negotiation.sides import RatifiersUnsupported
from negotiation.solvers.names import STRATEGY_NAMES

NAME = "simulate"
HELP = "simulate a negotiation (stacked alternating offers) with chosen strategies"
ORDER = 70
SECTION_ORDER = 80
TRACE_ROWS = 30  # turns shown in the table and markdown formats


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--strategy", action="append", default=[], metavar="PARTY=NAME",
                        help=f"a party's strategy (repeatable): {', '.join(STRATEGY_NAMES)} or "
                             "time:E (default: linear)")
    parser.add_argument("--rounds", type=int, default=100, metavar="N",
                        help="deadline in rounds (default: 100)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="seed of the random tie-breaks (default: 0)")
    parser.add_argument("--space", choices=("acceptable", "feasible"), default="acceptable",
                        help="agreement space: packages meeting every red line "
                             "(default), or feasible ones (each party knows only its own)")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="also write the trace figure (PNG) into DIR")


def parse_strategies(items) -> dict[str, str]:
    chosen = {}
    for item in items or []:
        party, sep, name = item.partition("=")
        if not sep or not party.strip() or not name.strip():
            raise UsageError(f"--strategy {item!r}: expected PARTY=NAME")
        chosen[party.strip()] = name.strip()
    return chosen


def section(scenario, args) -> Section:
    from negotiation.solvers.dynamics.protocol import simulate

    rounds = getattr(args, "rounds", 100)
    if rounds < 1:
        raise UsageError(f"--rounds {rounds}: expected at least 1")
    try:
        trace = simulate(scenario, parse_strategies(getattr(args, "strategy", [])), rounds,
                         getattr(args, "seed", 0), getattr(args, "space", "acceptable"))
    except (OrdinalOnly, SpaceTooLarge, RatifiersUnsupported):
        raise
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    data = trace.to_data()
    blocks: list[str | Table] = [trace.explain()]
    if trace.agreement is not None:
        blocks.append(Table(["issue", "agreed option"],
                            [[i, o] for i, o in trace.agreement.items()]))
    rows = [[t["round"], t["party"], t["action"],
             package_text(t["offer"], scenario.status_quo)]
            for t in data["trace"][:TRACE_ROWS]]
    more = len(data["trace"]) - TRACE_ROWS
    blocks.append(Table(["round", "party", "action",
                         "offer on the table (changes from the status quo)"], rows))
    if more > 0:
        blocks.append(f"... {more} more turn(s) (use --format json for the whole trace).")
    out = getattr(args, "out", None)
    if out is not None:
        path = output_dir(out) / "simulation_trace.png"
        from negotiation.plots.trace import plot_trace

        plot_trace(trace).savefig(path, dpi=120)
        blocks.append(f"Figure written to {path}.")
    return Section("simulate", "Simulated negotiation (stacked alternating offers)", blocks, data)


def run(args) -> int:
    return run_section(section, args)
