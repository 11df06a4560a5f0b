"""negotiation hold SCENARIO [--offramp N] [--concept seq]: will the off-ramp hold,
who would defect, and what verified changes would make it hold
(:func:`negotiation.hold`).

Not a section of ``negotiation run``: the search for fixes re-runs the
stability analysis for every candidate change (seconds on a large model).
"""
from __future__ import annotations

from negotiation.commands import UsageError
from negotiation.commands._common import (
    add_drop_argument,
    add_offramp_target_arguments,
    add_output_arguments,
    add_scenario_argument,
    dropped,
    run_section,
)
from negotiation.report import Section, Table
from negotiation.results import compact_label
from negotiation.solvers.names import CONCEPTS

NAME = "hold"
HELP = "will an off-ramp hold: stability under each concept, defections, what would fix it"
ORDER = 33


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--offramp", type=int, default=1, metavar="N",
                        help="which off-ramp of the ranked list (default: 1, the best)")
    parser.add_argument("--concept", choices=CONCEPTS, default="seq",
                        help="the stability concept the fixes aim at (default: seq)")
    add_offramp_target_arguments(parser)
    parser.add_argument("--no-fixes", action="store_true",
                        help="only the stability and the defections (fast)")
    add_drop_argument(parser)


def _section(scenario, args) -> Section:  # not `section`: `negotiation run` leaves it out
    from negotiation.solvers.offramps import OfframpError, hold

    try:
        result = hold(scenario, offramp=args.offramp, concept=args.concept, party=args.party,
                      requires=args.requires, face=args.face, drop=dropped(args, scenario),
                      fixes=not args.no_fixes)
    except (OfframpError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    blocks: list[str | Table] = [result.explain()]
    blocks.append(Table(["concept", "stable for every party"],
                        [[c.upper(), ok] for c, ok in result.stable.items()]))
    if result.defections:
        blocks.append("\n".join(f"- {d.explain()}" for d in result.defections))
    else:
        blocks.append("No party gains by moving away from this deal on its own (Nash-stable).")
    if result.fixes:
        blocks.append(Table(["fix", "change", "size", "verified"],
                            [[f.kind.replace("_", " "), f.explain(), f.size, f.verified]
                             for f in result.fixes]))
        blocks.append("Sizes: a parameter's move as a share of its declared range; a "
                      "snap-back, side payment or preference change in utility (the party's "
                      "own scale); a guarantee counts 1. Each fix was re-checked by the "
                      "stability analysis of the changed scenario.")
    blocks.extend(result.notes)
    return Section("hold", f"Will off-ramp #{result.rank} hold? "
                           f"({compact_label(result.package)})", blocks, result.to_data())


def run(args) -> int:
    if args.offramp < 1:
        raise UsageError(f"--offramp {args.offramp}: off-ramps are ranked from 1")
    return run_section(_section, args)
