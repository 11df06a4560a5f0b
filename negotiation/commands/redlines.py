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
from negotiation.solvers.names import METHODS, SCALES

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
    parser.add_argument("--margin", type=float, default=None, metavar="M",
                        help="flag a red line whose owner rates some package across it above "
                             "its batna by more than M (default 0.1)")


def _sets(families: list[list[str]]) -> str:
    return " or ".join("{" + ", ".join(s) + "}" for s in families)


def _verdicts(result) -> str:
    lines = []
    postures = [r.id for r in result.red_lines if not r.credible]
    credible = [r.id for r in result.red_lines if r.credible]
    if credible:
        lines.append("Credible (every crossing deal the others would accept leaves the owner "
                     "below its batna): " + ", ".join(credible) + ".")
    if postures:
        lines.append("Postures (some crossing deal the others would accept beats the owner's "
                     "batna): " + ", ".join(postures) + ".")
    if result.minimal_conflicts and result.relaxation_helps:
        lines.append("Minimal conflicts (cannot all hold with every batna): "
                     + _sets(result.minimal_conflicts) + ".")
    return " ".join(lines)


def _value(best) -> float | str:
    return "-" if best is None else best["value"]


def section(scenario, args) -> Section:
    from negotiation.solvers.redlines import analyze_red_lines

    drop = dropped(args, scenario)
    result = analyze_red_lines(scenario, method=getattr(args, "method", "auto"), drop=drop)
    blocks: list[str | Table] = [result.explain()]
    if drop:
        blocks.insert(0, f"Given up before the analysis: {', '.join(drop)}.")
    if result.red_lines:
        blocks.append(_verdicts(result))
        # the conflicts are named in the verdicts above (and in the JSON per line)
        blocks.append(Table(
            ["red line", "owner", "binding", "price", "credible", "uncond.", "crossing",
             "inside", "batna"],
            [[r.id, r.owner, r.binding, r.price, r.credible, r.credible_unconditional,
              _value(r.best_crossing), _value(r.best_inside), r.owner_batna]
             for r in result.red_lines]))
        blocks.append("Credible: no crossing deal that every other party would accept (each at "
                      "its batna or above, the other parties' red lines held) gives the owner its "
                      "batna; crossing a public line costs the owner its audience cost. "
                      "Uncond. (unconditionally): no feasible crossing package at all does. "
                      "Crossing and inside: the owner's best value across the line and within "
                      "it, the others accepting (- where there is none), on the owner's own "
                      "scale, as its batna.")
        blocks.append(f"Price = best {result.criterion} score with the red line dropped minus "
                      f"the best with all held ({result.best_score:.4f}); an empty zone counts 0. "
                      f"The {result.criterion} score compares the parties on "
                      f"{SCALES[result.criterion]}.")
        if result.method == "milp":
            blocks.append("Computed by exact mixed-integer search (the space is not enumerated)"
                          + ("." if result.exact else ": " + "; ".join(result.notes) + "."))
    data = result.to_data()
    consistency = _consistency(scenario, args, drop, result.method)
    if consistency is not None:
        blocks.extend(_consistency_blocks(consistency))
        data["consistency"] = consistency.to_data()
    if drop:
        data["dropped"] = list(drop)
    return Section("redlines", "Red lines", blocks, data)


def _consistency(scenario, args, drop, method):
    """The red lines against their owners' utilities (enumeration only)."""
    from negotiation.solvers.redlines.consistency import MARGIN, check_consistency

    if method == "milp":
        return None
    margin = getattr(args, "margin", None)
    return check_consistency(scenario, MARGIN if margin is None else margin, drop=drop)


def _consistency_blocks(c) -> list[str | Table]:
    if not c.lines:
        return []
    verdict = {True: "posture", False: "consistent"}
    rows = [[x.id, x.owner, "-" if x.best_crossing is None else x.best_crossing["value"],
             x.batna, "-" if x.excess is None else x.excess,
             (verdict[x.flagged] + (" (explained)" if x.flagged and x.posture else ""))]
            for x in c.lines]
    blocks: list[str | Table] = [
        "Red lines against their owners' own utilities (other parties' acceptance aside): "
        "a line is a posture when some feasible package across it beats its owner's batna "
        f"by more than {c.margin:g}.",
        Table(["red line", "owner", "best across", "batna", "excess", "by the weights"], rows)]
    for x in c.unexplained:
        blocks.append(f"{x.id}: the weights say this line is a posture: is that what you "
                      f"mean? Its owner's best package across it: "
                      f"{_package(x.best_crossing['package'])}. Say so with the constraint's "
                      "posture: key, or change the weights.")
    return blocks


def _package(labels: dict) -> str:
    return ", ".join(f"{i}: {o}" for i, o in labels.items())


def run(args) -> int:
    return run_section(section, args)
