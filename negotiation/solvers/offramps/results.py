"""Result types of the off-ramp search (definitions in :mod:`.search`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from negotiation.results import Result, compact_label, issue_text
from negotiation.solvers.names import SCALES
from negotiation.solvers.offramps.parts import (
    NOT_COMPUTED,
    NOT_SEQUENCED,
    OfframpStability,
    PackageExplanation,
    Robustness,
    Sequencing,
)


class OfframpError(ValueError):
    """An off-ramp question that cannot be asked of this scenario."""


@dataclass(frozen=True, repr=False)
class Offramp(Result):
    """One reported off-ramp, explained."""

    package: dict  # {issue: option}
    utilities: dict  # party -> effective utility
    margins: dict  # party -> utility minus batna
    visible_gain: float  # the backing-down party's visible gain
    paid_audience_cost: bool
    score: float
    rank: int  # rank among all off-ramps (1 = best), before the diversity filter
    shape: tuple[str, ...]  # issues that move away from the status quo
    variants: int | None  # off-ramps of the same shape (None: not counted)
    explanation: PackageExplanation | None = None
    robustness: Robustness = NOT_COMPUTED
    sequencing: Sequencing = NOT_SEQUENCED
    stability: OfframpStability = field(
        default_factory=lambda: OfframpStability(False, "not requested"))
    # party -> margin over its batna as a share of its best gain in the zone (None: not known)
    normalised_margins: dict | None = None
    ratified_by: tuple[str, ...] = ()  # the ratifiers whose approval this package needs
    bound: tuple[str, ...] = ()  # whose batna binds here: the table and ratified_by

    @property
    def thinnest(self) -> tuple[str, float] | None:
        """(party, share) of the thinnest margin: the smallest normalised margin
        among the parties whose batna binds here (comparable across parties:
        each is a share of that party's best gain in the zone)."""
        if not self.normalised_margins:
            return None
        counted = {p: m for p, m in self.normalised_margins.items()
                   if p in (self.bound or self.margins)}
        low = min(counted, key=counted.__getitem__)
        return low, counted[low]

    def explain(self) -> str:
        moves = compact_label({i: self.package[i] for i in self.shape}) or "no change"
        return (f"off-ramp #{self.rank}: {moves} (score {self.score:.4g}, visible gain "
                f"{self.visible_gain:+.3f})")

    def to_data(self) -> dict:
        thin = self.thinnest
        return {"package": self.package, "utilities": self.utilities, "margins": self.margins,
                "normalised_margins": self.normalised_margins,
                "thinnest_margin": None if thin is None else {"party": thin[0], "share": thin[1]},
                "ratified_by": list(self.ratified_by),
                "visible_gain": self.visible_gain, "paid_audience_cost": self.paid_audience_cost,
                "score": self.score, "rank": self.rank, "changed_issues": list(self.shape),
                "variants": self.variants,
                "explanation": None if self.explanation is None else self.explanation.to_data(),
                "robustness": self.robustness.to_data(), "sequencing": self.sequencing.to_data(),
                "stability": self.stability.to_data()}


@dataclass(frozen=True, repr=False)
class Offramps(Result):
    """Result of :func:`find_offramps`."""

    party: str
    requires: str
    rank_by: str
    count: int | None  # off-ramps in all (None: not counted, space too large)
    shapes: int | None  # distinct shapes among them
    zopa_size: int | None
    offramps: tuple[Offramp, ...]
    closest_miss: dict | None = None

    method: str = "enumeration"
    stability: dict = field(default_factory=dict)  # the shared graph model, or why not
    face: str = "strict"  # "strict": no visible loss (the golden bridge); "cost"
    face_costing: tuple | None = ()  # off-ramps that back down at a visible loss (None: MILP)
    face_note: str | None = None  # with none strict: what would let the party show a gain
    face_costing_count: int | None = 0  # how many back down at a visible loss (None: MILP)
    # with declared sides: the best off-ramp counting every party alone, where it differs
    # ({"package", "utilities", "score", "rank", "why"})
    by_party: dict | None = None

    @property
    def scale(self) -> str:
        """The scale ``rank_by`` compares the parties on."""
        return SCALES.get(self.rank_by, "")

    @property
    def exists(self) -> bool:
        return self.count > 0 if self.count is not None else bool(self.offramps)

    def explain(self) -> str:
        if not self.exists:
            size = "" if self.zopa_size is None else f" ({self.zopa_size} package(s))"
            if self.face_costing:
                return (f"No golden bridge for {self.party}: {self.face_costing_count} "
                        f"package(s) of the zone{size} meet '{self.requires}', but each shows "
                        f"{self.party} a visible loss. {self.face_note or ''}").rstrip()
            base = (f"No off-ramp for {self.party}: no package in the zone of possible "
                    f"agreement{size} meets '{self.requires}'.")
            miss = (self.closest_miss or {}).get("summary")
            return base + (" " + miss if miss else "")
        best = self.offramps[0]
        if self.count is None:
            return (f"{self.party} has off-ramps ({self.requires}); the space is too large "
                    f"to count them: the best of {len(self.offramps)} distinct shape(s) were "
                    f"found exactly by MILP; the best by {self.rank_by} moves "
                    f"{', '.join(map(issue_text, best.shape)) or 'nothing'}.")
        text = (f"{self.party} has {self.count} off-ramp(s) ({self.requires}), in "
                f"{self.shapes} distinct shape(s); the best by {self.rank_by} moves "
                f"{', '.join(map(issue_text, best.shape)) or 'nothing'}.")
        if self.face_costing_count:
            text += (f" {self.face_costing_count} more would back down at a visible loss "
                     "(off-ramps that cost face; not golden bridges).")
        if self.by_party:
            first = self.offramps[0].package
            moves = compact_label({i: o for i, o in self.by_party["package"].items()
                                   if first.get(i) != o})
            text += f" Counted by party instead of by side, the best would move {moves}."
        return text

    def to_data(self) -> dict:
        return {"for": self.party, "requires": self.requires, "exists": self.exists,
                "count": self.count, "distinct_shapes": self.shapes, "rank_by": self.rank_by,
                "zopa_size": self.zopa_size, "method": self.method,
                "offramps": [o.to_data() for o in self.offramps],
                "closest_miss": self.closest_miss, "explanation": self.explain(),
                "stability": self.stability, "face": self.face,
                "face_costing": (None if self.face_costing is None
                                 else [f.to_data() for f in self.face_costing]),
                "face_note": self.face_note, "face_costing_count": self.face_costing_count,
                "scale": self.scale, "by_party": self.by_party}

    def to_frame(self):
        """One row per reported off-ramp: rank, score, its options, each
        party's utility and the backing-down party's visible gain."""
        import pandas as pd

        rows = [{"rank": o.rank, "score": o.score, **o.package,
                 **{f"u_{p}": u for p, u in o.utilities.items()},
                 "visible_gain": o.visible_gain} for o in self.offramps]
        return pd.DataFrame(rows)
