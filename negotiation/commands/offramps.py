"""negotiation offramps SCENARIO: ranked, diverse, explained off-ramps."""
from __future__ import annotations

from negotiation.commands import UsageError
from negotiation.commands._common import (
    add_drop_argument,
    add_offramp_target_arguments,
    add_output_arguments,
    add_scenario_argument,
    dropped,
    parse_coalitions,
    run_section,
)
from negotiation.game import TOL
from negotiation.report import Section, Table, package_text
from negotiation.results import active_names, compact_label, issue_text, option_text
from negotiation.solvers.names import CRITERIA, METHODS
from negotiation.solvers.offramps.face import FACE_NOT_APPLICABLE

NAME = "offramps"
HELP = "find the ways a party can back down and still beat its batna (off-ramps)"
ORDER = 30
SECTION_ORDER = 30


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)
    parser.add_argument("--k", type=int, default=10, metavar="N",
                        help="report at most N off-ramps (default: 10)")
    parser.add_argument("--rank-by", choices=CRITERIA, default="nash",
                        help="criterion that ranks off-ramps (default: nash)")
    add_offramp_target_arguments(parser)
    parser.add_argument("--no-diversity", action="store_true",
                        help="report the top N packages even when they share a shape")
    parser.add_argument("--no-stability", action="store_true",
                        help="skip the stability of each off-ramp in the graph model")
    parser.add_argument("--coalition", action="append", default=[], metavar="A,B",
                        help="also test each off-ramp's stability for, and paths with "
                             "improvements of, this coalition (repeatable)")
    parser.add_argument("--method", default="auto", choices=METHODS,
                        help="enumerate the zone, search it by MILP, or choose by size (default)")
    add_drop_argument(parser)


def _has_status_quo() -> bool:
    """Whether the scenario being reported has a status quo (the display names
    of :func:`negotiation.results.labelled` say; JSON is built from ids)."""
    names = active_names()
    return names is None or names.status_quo


def _moves(offramp) -> str:
    """The moves from the status quo; without one, the whole package."""
    if not _has_status_quo():
        return compact_label(offramp.package)
    return "; ".join(f"{issue_text(c.issue)} {option_text(c.issue, c.old)} -> "
                     f"{option_text(c.issue, c.new)}" for c in offramp.explanation.changes) \
        or "no change"


def _face(o, party: str) -> str:
    """Whether backing down by this off-ramp costs the party face."""
    if not _has_status_quo():
        return f"face-saving: {FACE_NOT_APPLICABLE}"
    if o.paid_audience_cost:
        return f"{party} pays its audience cost (visible gain {o.visible_gain:+.3f})"
    if o.visible_gain >= -TOL:
        return f"{party}'s visible gain {o.visible_gain:+.3f}: no loss of face"
    return f"{party}'s visible gain {o.visible_gain:+.3f} (no audience cost declared)"


def _thinnest(o) -> str:
    """The thinnest margin, on the normalised scale (the only one that compares parties)."""
    thin = o.thinnest
    if thin is None:
        return ""
    low, share = thin
    return (f" Thinnest margin (normalised: gain over batna as a share of the best gain in "
            f"the zone): {low} ({share:.0%}; {o.margins[low]:+.3f} on its own scale).")


def _paragraph(n: int, o, party: str) -> str:
    face = _face(o, party)
    ratified = (f" Needs the approval of {', '.join(o.ratified_by)}."
                if o.ratified_by else "")
    lines = [f"{n}. {_moves(o)}  [rank {o.rank}, {o.variants} variant(s) of this shape]",
             f"   {o.explanation.explain()} {face}.{_thinnest(o)}{ratified}",
             f"   Robustness: {o.robustness.explain()}.",
             f"   Sequencing: {o.sequencing.explain()}."]
    if o.stability.computed:
        lines.append(f"   Stability: {o.stability.explain()}.")
        if o.stability.path_explain():
            lines.append(f"   Path: {o.stability.path_explain()}.")
    return "\n".join(lines)


def _summary_blocks(result, status_quo) -> list:
    blocks = [result.explain()]
    if not result.exists:
        return blocks
    stab = result.stability
    if not stab.get("computed") and stab.get("reason") not in (None, "not requested"):
        blocks.append(f"Stability of the off-ramps not computed: {stab['reason']}.")
    elif stab.get("note"):
        blocks.append(f"Stability of the off-ramps: {stab['note']}.")
    blocks.append("\n".join(_paragraph(n, o, result.party)
                            for n, o in enumerate(result.offramps, start=1)))
    parties = list(result.offramps[0].utilities)
    face = _has_status_quo()
    rows = [[n, o.rank, _moves(o), *(o.margins[p] for p in parties),
             *([o.visible_gain, o.paid_audience_cost] if face else []), o.score]
            for n, o in enumerate(result.offramps, start=1)]
    blocks.append(Table(["#", "rank", "moves from the status quo" if face else "package",
                         *(f"margin {p}" for p in parties),
                         *(["visible gain", "face lost"] if face else []),
                         result.rank_by], rows))
    blocks.append(f"Margins are on each party's own scale; the off-ramps are ranked by "
                  f"{result.rank_by} (it compares the parties on {result.scale}); robustness ranks "
                  "parameters by the change relative to each one's declared range.")
    if result.by_party:
        b = result.by_party
        blocks.append(f"Counted by party instead of by side, the best off-ramp would be "
                      f"{package_text(b['package'], status_quo)}: {b['why']}.")
    best = result.offramps[0]
    if face:  # the moves, issue by issue, from the status quo
        blocks.append(Table(["issue", "from", "to", "moved by", *parties],
                            [[issue_text(c.issue), option_text(c.issue, c.old),
                              option_text(c.issue, c.new), c.mover,
                              *(c.deltas[p] for p in parties)]
                             for c in best.explanation.changes]))
    tight = best.explanation.tight_constraints
    if tight:
        blocks.append("Tight at the best off-ramp (a one-issue change breaks them): " +
                      "; ".join(f"{c} (via {', '.join(i)})" for c, i in tight.items()) + ".")
    return blocks


def _face_blocks(result, status_quo) -> list:
    """The off-ramps that back down at a visible loss (not golden bridges)."""
    if not result.face_costing:
        return []
    shown = len(result.face_costing)
    blocks: list = [Table(
        ["off-ramp that costs face", "face lost", "audience cost", f"margin {result.party}"],
        [[package_text(f.package, status_quo), f.face_lost, f.audience_cost,
          f.margins[result.party]] for f in result.face_costing])]
    if shown < result.face_costing_count:
        blocks.append(f"{shown} of {result.face_costing_count} off-ramps that cost face "
                      "shown, best first.")
    return blocks


def _miss_blocks(result, status_quo) -> list:
    miss = result.closest_miss or {}
    blocks = []
    if miss.get("by_batna"):
        b = miss["by_batna"]
        blocks.append(Table(["closest miss (batnas)", "package", "short of batna"],
                            [["smallest total shortfall",
                              package_text(b["package"], status_quo),
                              ", ".join(f"{p} {s:.3f}" for p, s in b["shortfalls"].items())]]))
    if miss.get("by_constraints"):
        c = miss["by_constraints"]
        blocks.append(Table(["closest miss (red lines)", "package", "breaks"],
                            [["fewest broken", package_text(c["package"], status_quo),
                              ", ".join(f"{b['id']} ({b['owner']})" for b in c["broken"])]]))
    return blocks


def section(scenario, args) -> Section | None:
    party, requires = getattr(args, "party", None), getattr(args, "requires", None)
    if scenario.offramp is None and party is None and requires is None:
        if getattr(args, "command", None) == NAME:
            raise UsageError("the scenario declares no 'offramp' block: pass --party PARTY "
                             "--requires RULE")
        return None
    from negotiation.solvers.offramps import OfframpError, find_offramps

    try:
        result = find_offramps(scenario, k=getattr(args, "k", 10),
                               rank_by=getattr(args, "rank_by", "nash"), party=party,
                               requires=requires,
                               diverse=not getattr(args, "no_diversity", False),
                               stability=False if getattr(args, "no_stability", False) else None,
                               coalitions=parse_coalitions(getattr(args, "coalition", None)),
                               method=getattr(args, "method", "auto"), drop=dropped(args, scenario),
                               face=getattr(args, "face", None))
    except OfframpError as exc:
        raise UsageError(str(exc)) from None
    sq = scenario.status_quo if scenario.has_status_quo else None
    blocks = _summary_blocks(result, sq) + _face_blocks(result, sq) + _miss_blocks(result, sq)
    if result.exists:
        blocks.append(f"Will an off-ramp hold, and what would make it hold (snap-backs, "
                      f"guarantees, side payments, parameters): negotiation hold "
                      f"{getattr(args, 'scenario', 'SCENARIO')} --offramp N.")
    data = result.to_data()
    if not scenario.has_status_quo:
        data["face_applicable"] = False
        blocks.append(f"Face-saving: {FACE_NOT_APPLICABLE}.")
    if dropped(args):
        blocks.insert(0, f"Given up: {', '.join(dropped(args))}.")
        data["dropped"] = list(dropped(args))
    return Section("offramps", f"Off-ramps for {result.party}", blocks, data)


def run(args) -> int:
    return run_section(section, args)
