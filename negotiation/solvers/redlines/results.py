"""Result types of the red-line analysis (definitions in :mod:`negotiation.solvers.redlines`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from negotiation.game import TOL, Game
from negotiation.results import Result
from negotiation.solvers.names import SCALES


@dataclass(frozen=True, repr=False)
class RedLine(Result):
    """The verdict on one red line or condition."""

    id: str
    owner: str
    kind: str
    rule: str
    price: float
    binding: bool
    credible: bool  # Schelling: no crossing deal the others would accept tempts the owner
    owner_best_across: float | None  # owner's best effective utility over any crossing package
    owner_batna: float
    conflicts_with: tuple[str, ...]
    restores_zopa: bool = False  # dropping it alone turns an empty ZOPA non-empty
    credible_unconditional: bool = False  # no feasible crossing package reaches the batna
    best_crossing: dict | None = None  # {"package", "value"}: the others accepting it
    best_inside: dict | None = None  # {"package", "value"}: the others accepting it
    public: bool = True  # crossing it costs the owner its audience cost

    def explain(self) -> str:
        verdict = "credible" if self.credible else "not credible"
        bind = "binding" if self.binding else "not binding"
        text = f"{self.id} ({self.owner}, {self.kind}): {bind}, {verdict}, price {self.price:.3f}"
        if self.best_crossing is None:
            return text + "; no deal the others would accept crosses it"
        return (text + f"; the best crossing deal the others would accept gives {self.owner} "
                f"{self.best_crossing['value']:.3f} against its batna {self.owner_batna:.3f}")

    def to_data(self) -> dict:
        return {"id": self.id, "owner": self.owner, "kind": self.kind, "rule": self.rule,
                "binding": self.binding, "credible": self.credible, "price": self.price,
                "credible_unconditional": self.credible_unconditional,
                "best_crossing": self.best_crossing, "best_inside": self.best_inside,
                "public": self.public,
                "owner_best_across": self.owner_best_across, "owner_batna": self.owner_batna,
                "conflicts_with": list(self.conflicts_with), "restores_zopa": self.restores_zopa}


@dataclass(frozen=True, repr=False)
class RedLineAnalysis(Result):
    """Result of :func:`analyze_red_lines`."""

    jointly_feasible: bool
    red_lines: tuple[RedLine, ...]
    minimal_relaxations: list[list[str]]
    minimal_conflicts: list[list[str]]
    relaxation_helps: bool  # False when no package meets every batna at all
    zopa_size: int | None  # None on the MILP route, which does not count packages
    best_score: float
    criterion: str = "nash"
    candidates: int | None = 0  # feasible packages meeting every batna (red lines ignored)
    notes: list[str] = field(default_factory=list)
    method: str = "enumerate"
    exact: bool = True  # False only if a MILP solve stopped short of proven optimality

    def explain(self) -> str:
        if not self.red_lines:
            return "The scenario states no red lines or conditions."
        if self.jointly_feasible:
            binding = [r.id for r in self.red_lines if r.binding]
            count = "some packages" if self.zopa_size is None else \
                f"{self.zopa_size} package(s)"
            head = f"The red lines hold together: {count} respect all of them and every batna."
            if binding:
                return head + " Binding (the best deal would improve without it): " + \
                    ", ".join(binding) + "."
            return head + " None of them is binding: the best deal respects them anyway."
        if not self.relaxation_helps:
            return ("No feasible package meets every party's batna even with every red line "
                    "dropped: no relaxation of red lines helps; the batnas themselves conflict.")
        options = " or ".join("{" + ", ".join(s) + "}" for s in self.minimal_relaxations)
        return ("The red lines are not jointly feasible with every batna: no deal exists "
                f"unless one of these sets gives way: {options}.")

    def to_data(self) -> dict:
        return {"jointly_feasible": self.jointly_feasible,
                "red_lines": [r.to_data() for r in self.red_lines],
                "minimal_relaxations": self.minimal_relaxations,
                "minimal_conflicts": self.minimal_conflicts,
                "relaxation_helps": self.relaxation_helps, "zopa_size": self.zopa_size,
                "best_score": self.best_score, "criterion": self.criterion,
                "scale": SCALES.get(self.criterion, ""),
                "candidates": self.candidates, "method": self.method, "exact": self.exact,
                "explanation": self.explain()}

    def to_frame(self):
        """One row per red line or condition: its verdicts."""
        import pandas as pd

        return pd.DataFrame([r.to_data() for r in self.red_lines]).set_index("id")


def red_line_verdicts(game: Game, constraints, prices, credibility, mcs, mus,
                      jointly: bool) -> tuple[RedLine, ...]:
    """One :class:`RedLine` per constraint from the route's prices, its
    :class:`~.credibility.Credibility` verdicts and reported MCS/MUS families."""
    lines = []
    for j, c in enumerate(constraints):
        partners = sorted({d for s in mus if c.id in s for d in s} - {c.id})
        cred = credibility[j]
        restores = not jointly and [c.id] in mcs
        lines.append(RedLine(c.id, c.owner, c.kind, c.rule_text or str(c.rule),
                             float(prices[j]), bool(prices[j] > TOL or restores),
                             bool(cred.credible), cred.best_across,
                             float(game.batna[game.party_index(c.owner)]),
                             tuple(partners), restores, bool(cred.unconditional),
                             cred.best_crossing, cred.best_inside, cred.public))
    return tuple(lines)
