"""negotiation uncertainty SCENARIO: how likely is an off-ramp, given what we
do not know about the parameters?

Draws the parameters that declare a ``distribution`` (and, with ``--ranges``,
those that only declare a range, uniformly over it), checks each draw
exactly, and reports the share of draws in which an off-ramp exists with a
binomial confidence interval (:func:`negotiation.offramp_probability`),
plus the share of draws in which the zone of possible agreement is empty.

Not a section of ``negotiation run``: the question needs declared
distributions (or ``--ranges``), which a plain run does not assume.
"""
from __future__ import annotations

from negotiation.commands import UsageError
from negotiation.commands._common import (
    add_output_arguments,
    add_scenario_argument,
    emit,
    parse_settings,
    scenario_from_args,
)
from negotiation.report import Report, Section, Table
from negotiation.scenario.override import with_certain_parameters

NAME = "uncertainty"
HELP = "probability that an off-ramp exists when parameters are uncertain (Monte Carlo)"
ORDER = 45
INTERVALS = {"wilson": "wilson", "clopper-pearson": "clopper_pearson"}


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--samples", type=int, default=2000, metavar="N",
                        help="number of draws (default: 2000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="seed of the draws; the same seed gives the same answer (default: 0)")
    parser.add_argument("--confidence", type=float, default=0.95, metavar="C",
                        help="confidence level of the interval, between 0 and 1 (default: 0.95)")
    parser.add_argument("--interval", type=lambda s: s.replace("_", "-"),
                        choices=list(INTERVALS), default="wilson",
                        help="Wilson score interval (default) or the exact Clopper-Pearson one")
    parser.add_argument("--ranges", action="store_true",
                        help="also draw parameters that declare only a range, uniformly over it")
    parser.add_argument("--war-samples", type=int, default=200, metavar="N",
                        help="with a war block: draws for the distribution of the war "
                             "probability, each solving a crisis (default: 200)")


# --------------------------------------------------------------------------
# arguments


def _check_arguments(args) -> None:
    if args.samples < 1:
        raise UsageError(f"--samples {args.samples}: need at least 1 draw")
    if args.war_samples < 2:
        raise UsageError(f"--war-samples {args.war_samples}: need at least 2 draws")
    if not 0 < args.confidence < 1:
        raise UsageError(f"--confidence {args.confidence:g}: must lie strictly between 0 and 1 "
                         "(for example 0.95)")


_WITHIN_RANGE = {"normal": "truncated to", "beta": "scaled to"}


def _drawn(scenario, use_ranges: bool) -> dict[str, str]:
    """What each drawn parameter is drawn from, in words (as
    :mod:`negotiation.scenario.distributions` draws it)."""
    drawn = {}
    for name, param in scenario.parameters.items():
        if name in scenario.private_parameters:
            continue  # a party's type, not the analyst's uncertainty
        if param.distribution:
            text = _drawn_from(param)
        elif use_ranges and param.range is not None:
            text = f"uniform [{param.range[0]:g}, {param.range[1]:g}] (declared range)"
        else:
            continue
        drawn[name] = text
    return drawn


def _drawn_from(param) -> str:
    (kind, values), = param.distribution.items()
    text = f"{kind} [{', '.join(f'{float(v):g}' for v in values)}]"
    if param.range is not None:
        text += f", {_WITHIN_RANGE.get(kind, 'within')} [{param.range[0]:g}, {param.range[1]:g}]"
    return text


# --------------------------------------------------------------------------
# the report


def _sections(scenario, args) -> list[Section]:
    # Parameters given with --set keep that value instead of being drawn:
    # an analyst who fixes one parameter asks about the others.
    fixed = list(parse_settings(args.set or []))
    scenario = with_certain_parameters(scenario, fixed)
    drawn = _drawn(scenario, args.ranges)
    if not drawn:
        private = (" (private types are the parties' information, not the analyst's "
                   f"uncertainty: {', '.join(scenario.private_parameters)}; negotiation crisis "
                   "draws them)"
                   if scenario.private_parameters else "")
        raise UsageError("no parameter is uncertain: declare a 'distribution' for some "
                         "parameters (e.g. distribution: {uniform: [0, 0.6]}) or pass "
                         "--ranges to draw parameters uniformly over their declared ranges"
                         + private)
    if scenario.offramp is None and scenario.war is None:
        raise UsageError("the scenario declares no offramp (offramp: {for: PARTY, requires: "
                         "RULE}) and no war block: there is nothing to estimate")
    sections = []
    if scenario.offramp is not None:
        sections.append(_offramp_section(scenario, args, drawn, fixed))
    if scenario.war is not None:
        sections.append(_war_section(scenario, args, drawn))
    return sections


def _war_section(scenario, args, drawn) -> Section:
    from negotiation.sweeps.warrisk import war_risk

    try:
        risk = war_risk(scenario, samples=args.war_samples, seed=args.seed,
                        confidence=args.confidence, ranges=args.ranges)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    rows = [[p, "analyst's uncertainty", d] for p, d in drawn.items()]
    rows += [[p, f"private type of {owner}", _drawn_from(scenario.parameters[p])]
             for p, owner in scenario.private_parameters.items()]
    return Section("war_risk", "Probability of war", [risk.explain(), Table(
        ["parameter", "treated as", "drawn from"], rows)], risk.to_data())


def _offramp_section(scenario, args, drawn, fixed) -> Section:
    from negotiation.sweeps.montecarlo import offramp_probability

    try:
        result = offramp_probability(scenario, samples=args.samples, seed=args.seed,
                                     confidence=args.confidence,
                                     interval=INTERVALS[args.interval], ranges=args.ranges)
    except ValueError as exc:  # no offramp block, a non-finite expression
        raise UsageError(str(exc)) from None
    empty = result.zopa_empty
    share_empty = float(empty.mean())
    headline = _headline(result)
    if result.box:
        headline += (" No distribution is declared: this is the share of a box of independent "
                     "uniform ranges, not a probability anyone believes.")
    blocks: list[str | Table] = [
        headline, _breakdown(scenario, result, empty),
        Table(["parameter", "drawn from"], [[p, d] for p, d in drawn.items()])]
    if scenario.private_parameters:
        blocks.append("Private types held at their declared values here (they are the "
                      f"parties' information, not the analyst's): "
                      f"{', '.join(scenario.private_parameters)}.")
    if fixed:
        blocks.append(f"Held at their --set values: {', '.join(fixed)}.")
    data = {"for": result.party, "probability": result.probability,
            "interval": [result.low, result.high], "confidence": result.confidence,
            "interval_method": result.interval, "hits": result.hits,
            "samples": result.n, "seed": args.seed, "drawn": drawn,
            "zopa_empty_share": share_empty, "held_fixed": fixed,
            "evaluation": result.method, "box_of_ranges": result.box,
            "explanation": headline}
    return Section("uncertainty", f"Off-ramp probability for {result.party}", blocks, data)


def _headline(result) -> str:
    """The estimate in one sentence; the drawn parameters go in the table."""
    method = "Wilson" if result.interval == "wilson" else "Clopper-Pearson"
    count = len(result.varied)
    return (f"An off-ramp for {result.party} exists in {result.hits} of {result.n} draws "
            f"({count} parameter{'s' if count != 1 else ''} drawn): probability "
            f"{result.probability:.3f}, {round(result.confidence * 100, 6):g}% {method} interval "
            f"[{result.low:.3f}, {result.high:.3f}].")


def _breakdown(scenario, result, empty) -> str:
    """Why the draws without an off-ramp have none: no agreement at all, or
    agreements that do not meet ``offramp.requires``."""
    n_empty = int(empty.sum())
    other = result.n - result.hits - n_empty
    text = (f"The zone of possible agreement is empty in {n_empty} of {result.n} draws "
            f"({n_empty / result.n:.3f}).")
    if other:
        rule = scenario.offramp.requires_text or str(scenario.offramp.requires)
        face = (f" with {scenario.offramp.party}'s face kept"
                if scenario.offramp.face == "strict" else "")
        text += (f" In {other} more, agreements exist but none meets the off-ramp rule "
                 f"({rule}){face}.")
    return text


def run(args) -> int:
    _check_arguments(args)
    scenario = scenario_from_args(args)
    emit(Report(scenario.title, _sections(scenario, args)), args.format)
    return 0
