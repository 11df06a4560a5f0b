"""negotiation crisis SCENARIO --proposer PARTY: the best offer under private
information and the probability of war (:func:`negotiation.crisis`).

Also the "War and the probability of war" section of ``negotiation run`` for a
scenario with a ``war`` block.
"""
from __future__ import annotations

from negotiation.commands import UsageError
from negotiation.commands._common import (
    add_drop_argument,
    add_output_arguments,
    add_scenario_argument,
    dropped,
    run_section,
)
from negotiation.report import Section, Table
from negotiation.results import compact_label

NAME = "crisis"
HELP = "why talks fail: the no-deal outcome, the best offer under private information, P(war)"
ORDER = 42
SECTION_ORDER = 35
CURVE_ROWS = 12  # risk-return rows a text report shows (JSON has every one)


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--proposer", "--for", dest="proposer", metavar="PARTY",
                        help="the party making the take-it-or-leave-it offer (default: the war "
                             "block's proposer, else the first party other than the initiator)")
    parser.add_argument("--samples", type=int, default=20_000, metavar="N",
                        help="Monte Carlo draws of the private types, where no exact route "
                             "applies (default: 20000)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the draws")
    parser.add_argument("--offer", metavar="ISSUE=OPTION,...", default=None,
                        help="also evaluate this offer (issues left out keep the status quo): "
                             "the offer actually made, say")
    add_drop_argument(parser)


def section(scenario, args) -> Section | None:
    if scenario.war is None:
        return None  # `negotiation run`: no war block, no section
    from negotiation.solvers.conflict import crisis

    samples = getattr(args, "samples", 20_000)
    if samples < 1:
        raise UsageError(f"--samples {samples}: need at least 1 draw")
    try:
        result = crisis(scenario, proposer=getattr(args, "proposer", None), samples=samples,
                        seed=getattr(args, "seed", 0), drop=dropped(args, scenario),
                        offer=parse_offer(getattr(args, "offer", None)))
    except ValueError as exc:  # an unknown proposer, a private type outside the war block
        raise UsageError(str(exc)) from None
    curve, note = _curve(result)
    blocks: list[str | Table] = [result.explain(), _batnas(result), curve, note]
    data = result.to_data()
    shift = _commitment(scenario)
    if shift is not None:
        blocks.append(shift.explain())
        data["commitment"] = shift.to_data()
    return Section("crisis", "War and the probability of war", blocks, data)


def parse_offer(text: str | None) -> dict[str, str] | None:
    """``issue=option, issue=option`` as a dict (None for None)."""
    if text is None:
        return None
    offer = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        issue, sep, option = (x.strip() for x in part.partition("="))
        if not sep or not issue or not option:
            raise UsageError(f"--offer: {part!r} is not ISSUE=OPTION")
        offer[issue] = option
    return offer


def _commitment(scenario):
    """The commitment-problem check of a declared shift of power (two parties), or None."""
    if scenario.war.shift_chances is None or len(scenario.parties) != 2:
        return None
    from negotiation.solvers.conflict import commitment_problem

    try:
        return commitment_problem(scenario)
    except ValueError:  # a shape the check does not cover (it says which)
        return None


def _batnas(result) -> Table:
    nd, game = result.game.no_deal, result.game
    rows = [[pid, nd.war_payoffs[k], nd.status_quo[k], game.batna[k],
             "own beliefs" if k in nd.believers else "common chances"]
            for k, pid in enumerate(game.party_ids)]
    return Table(["party", "war payoff", "status quo", "batna", "chances used"], rows)


def _curve(result) -> tuple[Table, str]:
    """The risk-return curve from the proposer's best deal down to the first offer
    accepted for sure (lower ones are accepted too and give it less), at most
    CURVE_ROWS rows evenly spread, the chosen offer always among them."""
    whole = result.risk_return
    safe = next((k for k, r in enumerate(whole) if r["acceptance_probability"] >= 1 - 1e-9),
                len(whole) - 1)
    curve = whole[:safe + 1]
    if len(curve) > CURVE_ROWS:
        step = (len(curve) - 1) / (CURVE_ROWS - 1)
        picked = {round(k * step) for k in range(CURVE_ROWS)}
        chosen = result.offer["package"] if result.offer else None
        picked |= {k for k, r in enumerate(curve) if r["package"] == chosen}
        curve = [curve[k] for k in sorted(picked)]
    note = (f"The risk-return curve has {len(whole)} candidate offers (the JSON output lists "
            f"every one); {len(curve)} shown, from the proposer's best deal down to the first "
            "offer accepted for sure.")
    return Table(["offer", "proposer's utility", "P(accept)", "P(war)", "expected utility"],
                 [[compact_label(r["package"]), r["proposer_utility"],
                   r["acceptance_probability"], r["war_probability"], r["expected_utility"]]
                  for r in curve]), note


def run(args) -> int:
    def required(scenario, args):
        if scenario.war is None:
            raise UsageError(f"{args.scenario}: no war block, so the outcome of failed talks "
                             "is not modelled (add war: initiator, outcomes, chances, costs; "
                             "see docs/concepts/crisis-bargaining.md)")
        return section(scenario, args)

    return run_section(required, args)
