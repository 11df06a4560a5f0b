"""negotiation redlines SCENARIO: which red lines hold together, bind, are credible."""
from __future__ import annotations

from negotiation.commands._common import (
    add_drop_argument,
    add_output_arguments,
    add_scenario_argument,
    dropped,
    run_section,
)
from negotiation.report import Section, Table
from negotiation.solvers.names import METHODS

NAME = "redlines"
HELP = "test the red lines: joint feasibility, price, credibility, minimal relaxations"
ORDER = 31
SECTION_ORDER = 40


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--method", default="auto", choices=METHODS,
                        help="enumerate the packages, search by MILP (spaces too large to "
                             "enumerate), or choose by size (default)")
    add_drop_argument(parser)


def _sets(families: list[list[str]]) -> str:
    return " or ".join("{" + ", ".join(s) + "}" for s in families)


def _verdicts(result) -> str:
    lines = []
    postures = [r.id for r in result.red_lines if not r.credible]
    credible = [r.id for r in result.red_lines if r.credible]
    if credible:
        lines.append("Credible (crossing them leaves the owner below its batna): "
                     + ", ".join(credible) + ".")
    if postures:
        lines.append("Postures (the owner would still beat its batna across them): "
                     + ", ".join(postures) + ".")
    if result.minimal_conflicts and result.relaxation_helps:
        lines.append("Minimal conflicts (cannot all hold with every batna): "
                     + _sets(result.minimal_conflicts) + ".")
    return " ".join(lines)


def section(scenario, args) -> Section:
    from negotiation.solvers.redlines import analyze_red_lines

    drop = dropped(args, scenario)
    result = analyze_red_lines(scenario, method=getattr(args, "method", "auto"), drop=drop)
    blocks: list[str | Table] = [result.explain()]
    if drop:
        blocks.insert(0, f"Given up before the analysis: {', '.join(drop)}.")
    if result.red_lines:
        blocks.append(_verdicts(result))
        blocks.append(Table(
            ["red line", "owner", "kind", "binding", "credible", "price", "owner best across",
             "owner batna", "conflicts with"],
            [[r.id, r.owner, r.kind, r.binding, r.credible, r.price,
              "" if r.owner_best_across is None else r.owner_best_across, r.owner_batna,
              ", ".join(r.conflicts_with)] for r in result.red_lines]))
        blocks.append(f"Price = best {result.criterion} product with the red line dropped minus "
                      f"the best with all held ({result.best_score:.4f}); an empty zone counts 0.")
        if result.method == "milp":
            blocks.append("Computed by exact mixed-integer search (the space is not enumerated)"
                          + ("." if result.exact else ": " + "; ".join(result.notes) + "."))
    data = result.to_data()
    if drop:
        data["dropped"] = list(drop)
    return Section("redlines", "Red lines", blocks, data)


def run(args) -> int:
    return run_section(section, args)
