"""negotiation simulate SCENARIO: play the stacked alternating offers protocol."""
from __future__ import annotations

from pathlib import Path

from negotiation.commands import UsageError
from negotiation.commands._common import (
    add_output_arguments,
    add_scenario_argument,
    parse_name_list,
    run_section,
)
from negotiation.commands._figures import attach_figure
from negotiation.errors import RatifiersUnsupported
from negotiation.game import OrdinalOnly, SpaceTooLarge
from negotiation.report import Section, Table, package_text
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
    parser.add_argument("--pair", metavar="A,B",
                        help="the two parties whose utility space the figure shows "
                             "(default: every pair)")


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
    blocks += _trace_blocks(data["trace"], scenario.status_quo)
    section = Section("simulate", "Simulated negotiation (stacked alternating offers)", blocks,
                      data)
    pair = _pair(scenario, getattr(args, "pair", None))

    def draw():
        from negotiation.plots.trace import plot_trace

        return plot_trace(trace, pair)

    attach_figure(section, args, "simulation_trace",
                  "The simulated negotiation: concession curves and the offers in utility space",
                  draw)
    return section


def _rounds(turns: list[dict]) -> list[tuple[int, list[dict]]]:
    rounds: dict[int, list[dict]] = {}
    for t in turns:
        rounds.setdefault(t["round"], []).append(t)
    return list(rounds.items())


def _trace_blocks(turns: list[dict], status_quo: dict) -> list[str | Table]:
    """The trace, a round whose turns repeat the round before it (the same
    party, action and offer each time) folded into one line with its run; at
    most TRACE_ROWS lines, the last round always among them."""
    def same(a: list[dict], b: list[dict]) -> bool:
        return [(t["party"], t["action"], t["offer"]) for t in a] == \
            [(t["party"], t["action"], t["offer"]) for t in b]

    lines: list[list] = []
    rounds = _rounds(turns)
    k = folded = 0
    while k < len(rounds):
        number, these = rounds[k]
        lines += [[number, t["party"], t["action"], package_text(t["offer"], status_quo)]
                  for t in these]
        end = k
        while end + 1 < len(rounds) and same(rounds[end + 1][1], these):
            end += 1
        if end > k:
            span = f"{rounds[k + 1][0]}-{rounds[end][0]}" if end > k + 1 else rounds[end][0]
            lines.append([span, "every party", "repeat", f"the turns of round {number} again"])
            folded += end - k
        k = end + 1
    last = min(len(rounds[-1][1]), TRACE_ROWS // 2) if rounds else 0
    hidden = len(lines) - TRACE_ROWS + 1 if len(lines) > TRACE_ROWS else 0
    if hidden:
        lines = (lines[:TRACE_ROWS - 1 - last] + [["...", "", "", f"{hidden} line(s) not shown"]]
                 + lines[-last:])
    notes = [f"{folded} round(s) that repeat the one before are folded into one line"] \
        if folded else []
    if hidden:
        notes.append(f"{hidden} line(s) before the last round are not shown")
    blocks: list[str | Table] = [Table(["round", "party", "action",
                                        "offer on the table (changes from the status quo)"],
                                       lines)]
    if notes:
        blocks.append(f"{len(turns)} turns in {len(rounds)} rounds: {'; '.join(notes)} "
                      "(--format json has every turn).")
    return blocks


def _pair(scenario, text: str | None) -> tuple[str, str] | None:
    """The two parties of ``--pair A,B`` (None: every pair)."""
    if text is None:
        return None
    names = parse_name_list(text)
    unknown = [n for n in names if n not in scenario.parties]
    if len(names) != 2 or names[0] == names[1] or unknown:
        what = (f"unknown part{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)}"
                if unknown else "expected two different parties")
        raise UsageError(f"--pair {text!r}: {what} (parties: {', '.join(scenario.parties)})")
    return names[0], names[1]


def run(args) -> int:
    return run_section(section, args)
