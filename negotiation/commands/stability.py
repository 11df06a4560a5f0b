"""negotiation stability SCENARIO: graph-model equilibria and status-quo paths."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from negotiation.commands import UsageError
from negotiation.commands._common import (
    add_output_arguments,
    add_scenario_argument,
    parse_coalitions,
    parse_name_list,
    run_section,
)
from negotiation.commands._figures import attach_figure
from negotiation.game import OrdinalOnly, SpaceTooLarge
from negotiation.report import Section, Table, package_text
from negotiation.solvers.names import CONCEPTS, SANCTIONS

NAME = "stability"
HELP = "stable states and equilibria of the graph model (Nash, GMR, SMR, SEQ, SIM)"
ORDER = 45
SECTION_ORDER = 50
TABLE_ROWS = 64  # above this many states, the table lists equilibria only


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--concepts", default=",".join(CONCEPTS), metavar="LIST",
                        help=f"comma-separated concepts (default: {','.join(CONCEPTS)})")
    parser.add_argument("--coalition", action="append", default=[], metavar="A,B",
                        help="also test stability for this coalition of parties (repeatable)")
    parser.add_argument("--sanctions", choices=SANCTIONS, default="chain",
                        help="chain: legal sequences of opponents' moves (default); "
                             "once: each opponent moves at most once")
    parser.add_argument("--out", metavar="DIR", type=Path,
                        help="write the state graph (PNG) into DIR")


def _options(args) -> tuple[list[str], list[tuple[str, ...]], str]:
    """Concepts, coalitions and sanctions (``negotiation run`` passes none of them)."""
    concepts = list(parse_name_list(str(getattr(args, "concepts", ",".join(CONCEPTS)))))
    coalitions = parse_coalitions(getattr(args, "coalition", None))
    return concepts, coalitions, getattr(args, "sanctions", "chain")


def _stable_under(result, held) -> str:
    names = [c for c, h in zip(result.concepts, held) if h]
    if len(names) == len(result.concepts) > 1:
        return "all"
    return " ".join(names) or "-"


def _table(result, rows) -> list[str | Table]:
    """A row per state, or, where states share their stability, a row per
    group of them (its size and the first states), with a note."""
    model = result.model
    status_quo = model.game.scenario.status_quo
    groups: dict[tuple[str, ...], list[int]] = {}
    for k in rows:
        cells = [_stable_under(result, [result.stable[c][k, p] for c in result.concepts])
                 for p in range(model.n_parties)]
        cells.append(_stable_under(result, [result.stable[c][k].all() for c in result.concepts]))
        groups.setdefault(tuple(cells), []).append(k)
    grouped = len(groups) < len(rows)

    def states(ks: list[int]) -> str:
        first = package_text(model.labels(ks[0]), status_quo)
        return first if len(ks) == 1 else f"{len(ks)} states, e.g. {first}"

    columns = ["state (changes from the status quo)" if not grouped else
               "states with this stability", *model.party_ids, "equilibrium under"]
    blocks: list[str | Table] = [Table(columns, [[states(ks), *cells]
                                                 for cells, ks in groups.items()])]
    legend = (f"all: stable under every concept ({', '.join(result.concepts)}). "
              if len(result.concepts) > 1 else "")
    if grouped:
        blocks.append(f"{legend}States that share their stability are grouped ({len(rows)} states "
                      f"in {len(groups)} rows); --format json lists the equilibria of each "
                      f"concept and each state's stability (the first {TABLE_ROWS} states).")
    elif legend:
        blocks.append(legend.strip())
    return blocks


def _data(result, sq) -> dict:
    data = result.to_data()
    model = result.model
    data["stability"] = [{"state": model.labels(k),
                          "stable": {c: {pid: bool(result.stable[c][k, p])
                                         for p, pid in enumerate(model.party_ids)}
                                     for c in result.concepts}}
                         for k in range(min(model.n_states, TABLE_ROWS))]
    if sq is not None:
        data["status_quo_analysis"] = sq.to_data()
    return data


def section(scenario, args) -> Section | None:
    if not any(issue.controlled_by for issue in scenario.issues.values()):
        if getattr(args, "command", None) == NAME:
            raise UsageError("no issue of this scenario has a controller (controlled_by): "
                             "the graph model has no moves")
        return None
    from negotiation.solvers.stability import graph_model, stability, status_quo_analysis

    concepts, coalitions, sanctions = _options(args)
    try:
        model = graph_model(scenario)
        result = stability(model, concepts, coalitions, sanctions)
        sq = status_quo_analysis(model, concepts[0], coalitions=coalitions, sanctions=sanctions)
    except (OrdinalOnly, SpaceTooLarge):
        raise  # `negotiation run` reports these as a section that is not available
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    rows: Sequence[int]
    if model.n_states <= TABLE_ROWS:
        rows, note = range(model.n_states), "Stability of each state for each party:"
    else:
        rows = sorted({int(k) for c in result.concepts for k in result.equilibria(c)})[:TABLE_ROWS]
        note = (f"{model.n_states:,} states: the table lists the equilibria only "
                f"(at most {TABLE_ROWS}), with the concepts under which each party "
                "finds them stable:")
    blocks: list[str | Table] = [result.explain(), note, *_table(result, rows), sq.story()]
    section = Section("stability", "Stability (graph model)", blocks, _data(result, sq))

    def draw():
        from negotiation.plots.state_graph import plot_state_graph

        return plot_state_graph(result)

    attach_figure(section, args, "stability_graph",
                  "The state graph: unilateral improvements by party, equilibria in gold", draw)
    return section


def run(args) -> int:
    return run_section(section, args)
