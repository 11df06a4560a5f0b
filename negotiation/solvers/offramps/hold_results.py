"""Result types of the will-it-hold analysis (definitions in :mod:`.hold`)."""
from __future__ import annotations

from dataclasses import dataclass

from negotiation.results import Result, compact_label


def move_text(move: dict) -> str:
    """A move for people: ``war``, or ``issue=option, ...``."""
    return "war" if move == {"war": "war"} else compact_label(move)


@dataclass(frozen=True, repr=False)
class Response(Result):
    """An opponent's one-step response to a defection that leaves the
    defector no better off than at the deal."""

    party: str
    move: dict  # {issue: option} changed from the defection's state, or {"war": "war"}
    leaves: float  # the defector's utility after the response
    credible: bool  # the response is an improvement for the one who makes it

    def explain(self) -> str:
        why = "a credible response: it gains by it" if self.credible else \
            "a threat it would not gain by carrying out"
        return (f"{self.party} answers with {move_text(self.move)} ({why}), leaving the "
                f"defector at {self.leaves:.3f}")

    def to_data(self) -> dict:
        return {"party": self.party, "move": self.move, "leaves": self.leaves,
                "credible": self.credible}


@dataclass(frozen=True, repr=False)
class Defection(Result):
    """A party's best unilateral improvement from the deal."""

    party: str
    move: dict  # {issue: option} changed from the deal, or {"war": "war"}
    gain: float  # on the party's own utility scale
    kind: str  # "re-escalation", "revoking an offer", "war", ...
    count: int  # the party's improvements from the deal (the best is reported)
    stable: bool  # deterred under the chosen concept
    responses: tuple[Response, ...] = ()
    concept: str = "seq"  # the concept the verdict and the responses are for

    def explain(self) -> str:
        head = (f"{self.party} gains {self.gain:.3f} by {self.kind} "
                f"({move_text(self.move)})")
        name = self.concept.upper()
        if self.stable and self.responses:
            return head + f"; deterred under {name}: " + self.responses[0].explain() + "."
        if self.stable:
            return head + f"; deterred under {name} by a longer chain of responses."
        if self.concept == "nash":
            return head + "; Nash stability counts no response: the gain alone makes it defect."
        if self.responses:
            return (head + f"; not deterred under {name}, though an answer would hurt it (" +
                    self.responses[0].explain() + "): the concept's further test fails "
                    "(SMR: it can counter the answer; SIM: the answers are not the others' "
                    "own improvements from the deal).")
        return head + (f"; not deterred under {name}: no response by the others leaves it "
                       "worse off than the deal.")

    def to_data(self) -> dict:
        return {"party": self.party, "move": self.move, "gain": self.gain, "kind": self.kind,
                "improvements": self.count, "deterred": self.stable, "concept": self.concept,
                "responses": [r.to_data() for r in self.responses],
                "explanation": self.explain()}


@dataclass(frozen=True, repr=False)
class Hold(Result):
    """Result of :func:`negotiation.hold`."""

    package: dict  # the off-ramp
    rank: int
    party: str  # who backs down
    concept: str  # the concept the fixes aim at
    stable: dict  # concept -> stable for every party
    defections: tuple[Defection, ...]
    fixes: tuple  # fixes.Fix, smallest first within each kind
    searched: bool = True  # whether fixes were searched for
    notes: tuple[str, ...] = ()

    def explain(self) -> str:
        under = [c.upper() for c, ok in self.stable.items() if ok]
        head = (f"Off-ramp #{self.rank} for {self.party} ({compact_label(self.package)}) is "
                + (f"self-enforcing under {', '.join(under)}" if under
                   else "self-enforcing under no concept") + ".")
        if self.stable.get(self.concept):
            return head
        if not self.searched:
            return head
        if not self.fixes:
            return head + (f" No change in the catalogue makes it {self.concept.upper()}-stable "
                           "(parameters within their ranges, snap-backs, guarantees, side "
                           "payments, preferences).")
        return head + f" {len(self.fixes)} change(s) would make it {self.concept.upper()}-stable."

    def to_data(self) -> dict:
        return {"offramp": {"package": self.package, "rank": self.rank, "for": self.party},
                "concept": self.concept, "stable": dict(self.stable),
                "defections": [d.to_data() for d in self.defections],
                "fixes": [f.to_data() for f in self.fixes], "notes": list(self.notes),
                "explanation": self.explain()}
