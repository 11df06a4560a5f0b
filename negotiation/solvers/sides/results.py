"""Result type of the two-level analysis (definitions in :mod:`negotiation.solvers.sides`)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negotiation.results import Result, compact_label


def _num(x) -> str:
    return "no deal" if x is None else f"{x:.3f}"


@dataclass(frozen=True, repr=False)
class TwoLevel(Result):
    """Sides, ratifiers, win-sets, binding ratifiers, Schelling shifts, tying hands.

    ``schelling``: one entry per (ratifier, solution): the ratified party's
    utility ``with`` the approval held and ``without`` it (that one approval
    dropped), ``shift`` (on that party's own scale: one party, no comparison
    across parties) and ``normalised_shift`` (as a share of its best gain in
    the zone without the approval). ``tying_hands``: per ratifier, the scan
    of the ratifier's bar for ``criterion``. ``win_sets`` and the scans are
    None or empty beyond the enumeration limit (``method`` "milp")."""

    criterion: str
    sides: Mapping[str, list]
    declared: bool
    exponents: Mapping[str, float]  # each party's exponent in the Nash product by side
    power_exponents: Mapping[str, float]  # ... in the asymmetric Nash product
    ratifiers: tuple[dict, ...]
    zone: Mapping[str, int | None]
    win_sets: Mapping[str, dict] | None
    solutions: Mapping[str, dict | None]
    binding: Mapping[str, list]
    schelling: tuple[dict, ...]
    tying_hands: tuple[dict, ...]
    by_party: Mapping[str, dict]
    method: str = "enumerate"

    def _sides_text(self) -> str:
        if not self.declared:
            return "No sides declared: every party at the table sits alone on its side."
        parts = [f"{s}: {', '.join(m)}" for s, m in self.sides.items()]
        text = ("Sides (each carries one weight in the Nash products, shared by its "
                "members): " + "; ".join(parts) + ".")
        for name, d in self.by_party.items():
            moved = {i: o for i, o in d["by_party"].items() if d["by_side"].get(i) != o}
            text += (f" {name} counted by party would pick {compact_label(moved)} instead "
                     f"({d['why']}).")
        return text

    def explain(self) -> str:
        lines = [self._sides_text()]
        if not self.ratifiers:
            lines.append("No ratifiers: every party sits at the table (no two-level game).")
            return "\n".join(lines)
        for r in self.ratifiers:
            where = f" where {r['when']}" if r["when"] else ""
            lines.append(f"{r['ratifier']} ratifies {r['ratifies']}'s agreements{where} "
                         f"(batna {r['batna']:.3f}); it is not at the table.")
        with_, without = self.zone["with_ratifiers"], self.zone["without_ratifiers"]
        if with_ is not None:
            lines.append(f"Zone of possible agreement: {with_} package(s) with the ratifiers, "
                         f"{without} without them.")
        if self.win_sets:
            ratified = {p: w for p, w in self.win_sets.items() if w["ratifiers"]}
            total = next(iter(self.win_sets.values()))["of"]
            lines.append("Win-sets (of the packages on the table, those a party's ratifiers "
                         "approve): " + "; ".join(f"{p} {w['size']} of {w['of']}"
                                                  for p, w in ratified.items())
                         + f"; every other party all {total}.")
        bound = {n: b for n, b in self.binding.items() if b}
        lines.append("Binding ratifiers: " + ("; ".join(f"{n}: {', '.join(b)}"
                                                     for n, b in bound.items())
                                              if bound else "none (no solution moves)") + ".")
        for s in self.schelling:
            if s["solution"] == self.criterion:
                lines.append(self._shift_text(s))
        for t in self.tying_hands:
            lines.append(self._tying_text(t))
        return "\n".join(lines)

    @staticmethod
    def _shift_text(s) -> str:
        if s["shift"] is None:
            return (f"{s['ratifier']} and the {s['solution']} solution: {s['party']} gets "
                    f"{_num(s['with'])} with its approval, {_num(s['without'])} without.")
        share = ("" if s["normalised_shift"] is None
                 else f", {s['normalised_shift']:+.0%} of its best gain in the zone")
        if abs(s["shift"]) <= 1e-9:
            return (f"Schelling's conjecture, {s['solution']}: {s['ratifier']} does not move "
                    f"the solution for {s['party']} ({_num(s['with'])} either way).")
        toward = "towards" if s["shift"] > 0 else "away from"
        return (f"Schelling's conjecture, {s['solution']}: {s['ratifier']} moves the solution "
                f"{toward} {s['party']} ({s['party']}'s own scale: {_num(s['without'])} -> "
                f"{_num(s['with'])}, {s['shift']:+.3f}{share}).")

    @staticmethod
    def _tying_text(t) -> str:
        if t["best_threshold"] is None:
            return f"Tying hands ({t['ratifier']}): no zone to scan."
        verdict = ("empowering it further would help" if t["empowering_helps"]
                   else "a higher bar would not help")
        pays = "pays" if t["tying_hands_pays"] else "does not pay"
        return (f"Tying hands ({t['party']} by {t['ratifier']}, {t['solution']}): "
                f"{t['party']} gets {t['at_declared']:.3f} at the declared bar "
                f"{t['declared_batna']:.3f}, {t['without_ratifiers']:.3f} without ratifiers "
                f"(tying hands {pays}); the best bar for {t['party']} is "
                f"{t['best_threshold']:.3f} ({t['best_utility']:.3f}): {verdict}.")

    def to_data(self) -> dict:
        return {"criterion": self.criterion, "sides": {s: list(m) for s, m in self.sides.items()},
                "sides_declared": self.declared, "exponents": dict(self.exponents),
                "power_exponents": dict(self.power_exponents),
                "ratifiers": [dict(r) for r in self.ratifiers], "zone": dict(self.zone),
                "win_sets": None if self.win_sets is None else dict(self.win_sets),
                "solutions": dict(self.solutions), "binding": dict(self.binding),
                "schelling": [dict(s) for s in self.schelling],
                "tying_hands": [dict(t) for t in self.tying_hands],
                "by_party": dict(self.by_party), "method": self.method,
                "scale": "each ratified party's own utility scale, and as a share of its "
                         "best gain in the zone (one party at a time: no comparison across "
                         "parties)",
                "explanation": self.explain()}

    def to_frame(self):
        """One row per (ratifier, solution): the Schelling shift."""
        import pandas as pd

        return pd.DataFrame([dict(s) for s in self.schelling])
