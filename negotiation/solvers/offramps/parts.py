"""The typed parts of a reported off-ramp, and the words that tell them.

The algorithms (:mod:`.explain`, :mod:`.robustness`, :mod:`.sequencing`,
:mod:`.holding`) compute data; each part here holds it as named fields and
tells it in plain words (``explain()``), so that no algorithm builds a
sentence. ``to_data()`` is the JSON form (with the sentence as ``summary``);
a part can also be read like the mapping it serialises to
(``offramp.robustness["summary"]``).

Words that mean what they say: a party **concedes** an issue when it
controls the issue and its own utility falls by the move (it gives the option
up); every party whose utility falls on a move **loses on** that issue. An
issue with no controller moves **by agreement** (a joint step).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from negotiation.results import MappingResult, issue_text, option_text

BY_AGREEMENT = "by agreement"  # the mover of an issue no party controls
SHORT = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ", "sim": "SIM"}


class Part(MappingResult):
    """A part of an off-ramp: the result protocol, and read-only mapping
    access to its JSON form."""

    def _entries(self) -> Mapping:
        return self.to_data()


# ---------------------------------------------------------------- who moves what
@dataclass(frozen=True, repr=False)
class IssueChange(Part):
    """One issue the off-ramp moves away from the status quo."""

    issue: str
    old: str
    new: str
    controlled_by: str | None
    deltas: Mapping[str, float]  # party -> change of its utility contribution
    favours: tuple[str, ...]
    loses: tuple[str, ...]

    @property
    def concedes(self) -> tuple[str, ...]:
        """The controller, if the move costs it: the party that gives the option up."""
        return tuple(p for p in self.loses if p == self.controlled_by)

    @property
    def mover(self) -> str:
        return self.controlled_by or BY_AGREEMENT

    def explain(self) -> str:
        return f"{self.issue}: {self.old} -> {self.new} ({self.mover})"

    def to_data(self) -> dict:
        return {"issue": self.issue, "from": self.old, "to": self.new,
                "controlled_by": self.controlled_by, "deltas": dict(self.deltas),
                "favours": list(self.favours), "loses": list(self.loses),
                "concedes": list(self.concedes)}


@dataclass(frozen=True, repr=False)
class PackageExplanation(Part):
    """Who moves what, what is not explained issue by issue, what is tight."""

    changes: tuple[IssueChange, ...]
    interactions: Mapping[str, float]  # party -> utility from adjustments, not by issue
    tight_constraints: Mapping[str, list[str]]  # constraint -> issues whose change breaks it
    tight_batnas: Mapping[str, list[str]]  # party -> issues whose change takes it below

    def explain(self) -> str:
        if not self.changes:
            return "No one concedes anything against the status quo."
        conceded: dict = {}
        lost: dict = {}
        for c in self.changes:
            for p in c.concedes:
                conceded.setdefault(p, []).append(
                    f"{issue_text(c.issue)} ({option_text(c.issue, c.old)} -> "
                    f"{option_text(c.issue, c.new)})")
            for p in c.loses:
                if p not in c.concedes:
                    lost.setdefault(p, []).append(issue_text(c.issue))
        words = [f"{p} concedes {', '.join(items)}." for p, items in conceded.items()]
        words += [f"{p} loses on {', '.join(items)}." for p, items in lost.items()]
        joint = [issue_text(c.issue) for c in self.changes if c.controlled_by is None]
        if joint:
            words.append(f"Moved by agreement: {', '.join(joint)}.")
        return " ".join(words) or "No party loses on any issue it moves."

    def to_data(self) -> dict:
        return {"changes": [c.to_data() for c in self.changes],
                "interactions": dict(self.interactions),
                "tight_constraints": dict(self.tight_constraints),
                "tight_batnas": dict(self.tight_batnas), "summary": self.explain()}


# ---------------------------------------------------------------- robustness
@dataclass(frozen=True, repr=False)
class Robustness(Part):
    """Where single declared parameters, moved within their ranges, destroy
    the off-ramp; ``weakest`` is the smallest such move relative to its
    parameter's declared range (the ranking compares parameters on that
    common scale, not in their own units)."""

    weakest: Mapping | None
    parameters: Mapping[str, Mapping]
    grid_points: int
    computed: bool = True

    def explain(self) -> str:
        if not self.computed:
            return "not computed"
        w = self.weakest
        if w is not None:
            value = self.parameters[w["parameter"]]["value"]
            return (f"destroyed if {w['parameter']} moves from {value:g} to "
                    f"{w['breaks_at']:.4g} (change {w['change']:.4g}, "
                    f"{w['relative_change']:.0%} of its range; "
                    f"{_falls_below(w['falls_below_batna'])})")
        if self.parameters:
            return "survives every single-parameter change within the declared ranges"
        return "the scenario declares no parameter ranges to test"

    def to_data(self) -> dict:
        if not self.computed:
            return {}
        return {"weakest": None if self.weakest is None else dict(self.weakest),
                "parameters": {k: dict(v) for k, v in self.parameters.items()},
                "grid_points": self.grid_points, "summary": self.explain()}


def _falls_below(parties) -> str:
    if not parties:
        return "the model cannot be evaluated there"
    if len(parties) == 1:
        return f"{parties[0]} then falls below its batna"
    return f"{', '.join(parties)} then fall below their batnas"


NOT_COMPUTED = Robustness(None, {}, 0, computed=False)


# ---------------------------------------------------------------- sequencing
@dataclass(frozen=True, repr=False)
class Sequencing(Part):
    """The orderings of the moves to the off-ramp (:mod:`.sequencing`)."""

    moves: tuple = ()
    count: int = 0
    orderings: tuple = ()
    safest: tuple = ()
    min_unsafe_steps: int = 0
    safe_ordering_exists: bool = True
    first_movers: tuple = ()
    status_quo_below_batna: tuple = ()
    computed: bool = True

    def explain(self) -> str:
        if not self.computed:
            return "not computed"
        if not self.moves:
            return "the package is the status quo"
        start = (f" (at the status quo {', '.join(self.status_quo_below_batna)} is already "
                 "below its batna)" if self.status_quo_below_batna else "")
        return self._orderings() + start

    def _orderings(self) -> str:
        first = self.safest[0]
        if len(first["order"]) == 1:
            return f"a single move, by {_mover(first['order'][0])}"
        orders = "; ".join(" -> ".join(_mover(m) for m in o["order"]) for o in self.safest[:3])
        trust = "; ".join(trust_lines(first))
        if self.min_unsafe_steps == 0 and not trust:
            return f"a safe ordering exists (no one below its batna, no condition broken): {orders}"
        if self.min_unsafe_steps == 0:
            return (f"no one need fall below its batna on the way ({orders}), but only by "
                    f"moving ahead of a condition: {trust}")
        return (f"every ordering leaves someone below its batna on the way (at least "
                f"{self.min_unsafe_steps} unsafe step(s)); the least exposed: {orders}; {trust}")

    def to_data(self) -> dict:
        if not self.computed:
            return {}
        data = {"moves": list(self.moves), "count": self.count, "orderings": list(self.orderings),
                "safest": list(self.safest), "min_unsafe_steps": self.min_unsafe_steps,
                "safe_ordering_exists": self.safe_ordering_exists, "summary": self.explain()}
        if self.moves:
            data.update(first_movers=list(self.first_movers),
                        status_quo_below_batna=list(self.status_quo_below_batna))
        return data


def _mover(who: str) -> str:
    return BY_AGREEMENT if who == "all" else who


def trust_lines(ordering: Mapping) -> list[str]:
    """At each exposed step of an ordering: who is exposed and who still has to move."""
    lines = []
    order = [_mover(m) for m in ordering["order"]]
    for n, step in enumerate(ordering["steps"]):
        pending = ", ".join(order[n + 1:])
        done = " then ".join(_mover(m) for m in step["after"])
        if step["below_batna"]:
            lines.append(f"after {done}, {', '.join(step['below_batna'])} would be below "
                         f"its batna until {pending} move(s)")
        if step["breaks"]:
            verb = "is" if len(step["breaks"]) == 1 else "are"
            lines.append(f"after {done}, {', '.join(step['breaks'])} {verb} broken until "
                         f"{pending} move(s): the owner(s) must trust them")
    return lines


NOT_SEQUENCED = Sequencing(computed=False)


# ---------------------------------------------------------------- holding
@dataclass(frozen=True, repr=False)
class OfframpStability(Part):
    """The off-ramp placed in the graph model (:mod:`.holding`)."""

    computed: bool
    reason: str | None = None  # why not computed
    equilibrium_under: tuple[str, ...] = ()
    stable_for: Mapping[str, list[str]] = field(default_factory=dict)
    would_move: tuple = ()  # parties with a unilateral improvement: their best one
    joint_issues: tuple[str, ...] = ()
    coalition_equilibrium_under: tuple[str, ...] | None = None
    from_status_quo: Mapping | None = None
    after_agreement: Mapping | None = None
    status_quo: Mapping[str, str] = field(default_factory=dict)

    @property
    def reachable(self) -> bool:
        return bool(self.from_status_quo and self.from_status_quo["unilateral"]["reachable"])

    def explain(self) -> str:
        """'holds once reached: ...' or 'not stable: x would move ...', in one line."""
        if not self.computed:
            return f"not computed ({self.reason})"
        under = self.equilibrium_under
        if "nash" in under:
            text = f"holds once reached: {_concepts(under)}-stable"
        elif under:
            who = ", ".join(f"{m['party']} ({self._move_words(m)})" for m in self.would_move)
            text = (f"holds by deterrence only ({_concepts(under)}-stable, not Nash): "
                    f"{who} would gain by moving away but would be sanctioned")
        else:
            who = "; ".join(f"{m['party']} would move {self._move_words(m)}"
                            for m in self.would_move)
            text = f"not stable: {who}"
        if self.joint_issues:
            joint = self.joint_issues
            text += (f"; needs an agreement on {', '.join(issue_text(i) for i in joint)} "
                     f"(no one controls {'it' if len(joint) == 1 else 'them'})")
        if self.path_explain() is None:
            text += "; improving moves from the status quo do not lead there"
        return text

    def path_explain(self) -> str | None:
        """The shortest improving path, when there is one; None otherwise."""
        if not self.computed:
            return None
        for routes, label in ((self.from_status_quo, "from the status quo"),
                              (self.after_agreement, "once the joint issues are agreed")):
            for kind, how in (("unilateral", "unilateral improvements"),
                              ("with_coalitions", "improvements with coalitions")):
                route = (routes or {}).get(kind)
                if route and route["reachable"]:
                    return f"reachable {label} by {how}: {route['story']}"
        return None

    def _move_words(self, move: Mapping) -> str:
        """'troops back to massed' ('back' when the option is the status quo's)."""
        words = []
        for issue, (_, new) in move["changes"].items():
            back = "back " if self.status_quo.get(issue) == new else ""
            words.append(f"{issue_text(issue)} {back}to {option_text(issue, new)}")
        return " and ".join(words)

    def to_data(self) -> dict:
        if not self.computed:
            return {"computed": False, "reason": self.reason}
        data = {"computed": True, "equilibrium_under": list(self.equilibrium_under),
                "stable_for": dict(self.stable_for), "would_move": list(self.would_move),
                "joint_issues": list(self.joint_issues)}
        if self.coalition_equilibrium_under is not None:
            data["coalition_equilibrium_under"] = list(self.coalition_equilibrium_under)
        first = (self.from_status_quo or {}).get("unilateral") or {}
        data.update(from_status_quo=self.from_status_quo, after_agreement=self.after_agreement,
                    reachable=first.get("reachable", False), path=first.get("path"),
                    summary=self.explain(), path_line=self.path_explain())
        return data


def _concepts(concepts) -> str:
    return "/".join(SHORT[c] for c in concepts)
