"""Result types of the agreement zone and the bargaining solutions."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from negotiation.results import MappingResult, Result
from negotiation.solvers.names import SCALES


@dataclass(frozen=True, repr=False)
class ZoneOverview(MappingResult):
    """Whether a zone of possible agreement exists and, where counted, its size.

    A read-only mapping too (``overview["exists"]``), with the keys of
    :meth:`to_data`: ``size`` (None when not counted), ``exists``, ``method``
    and ``explanation``; enumeration adds ``acceptable_packages`` and
    ``shortfalls``.
    """

    data: Mapping

    def _entries(self) -> Mapping:
        return self.data

    @property
    def exists(self) -> bool:
        return bool(self.data["exists"])

    @property
    def size(self) -> int | None:
        return self.data["size"]

    def explain(self) -> str:
        return str(self.data["explanation"])

    def to_data(self) -> dict:
        return dict(self.data)


@dataclass(frozen=True, repr=False)
class Solution(Result):
    """One bargaining solution of a scenario.

    ``package`` is ``{issue: option}`` (for a lottery, the most likely
    package) and ``utilities`` ``{party: effective utility}`` (for a lottery,
    expected utilities); both are None when the ZOPA is empty and
    ``explanation`` says why. ``exact`` is True when the optimum is proven
    (``gap``: bound on the criterion's distance from optimal, 0 when found by
    enumeration). ``lottery`` lists ``(probability, package)`` pairs.
    """

    name: str
    package: dict | None
    utilities: dict | None
    exact: bool = True
    gap: float = 0.0
    method: str = "enumerate"
    explanation: str = ""
    score: float | None = None
    lottery: tuple = field(default=())
    weighting: str = "side"  # "side": a side's members share its weight; "party": each counts
    by_party: Solution | None = None  # where counting each party alone picks another package
    by_party_why: str = ""

    @property
    def found(self) -> bool:
        return self.package is not None

    @property
    def scale(self) -> str:
        """The scale the criterion compares the parties on."""
        return SCALES.get(self.name, "")

    def explain(self) -> str:
        if self.package is None:  # not self.found
            return f"{self.name}: no solution. {self.explanation}"
        moves = ", ".join(f"{i}={o}" for i, o in self.package.items())
        text = f"{self.name}: {moves} ({self.explanation})"
        if self.by_party is not None and self.by_party.package is not None:
            moved = ", ".join(f"{i}={o}" for i, o in self.by_party.package.items()
                              if self.package.get(i) != o)
            text += f"; by party instead: {moved}"
        return text

    def to_data(self) -> dict:
        """JSON-ready; ``package`` and ``utilities`` are None when not found.
        ``by_party`` (where sides are declared and counting each party alone
        picks another package) is that solution, with ``why``."""
        data = {"name": self.name, "found": self.found, "package": self.package,
                "utilities": self.utilities, "exact": self.exact, "gap": self.gap,
                "method": self.method, "explanation": self.explanation,
                "scale": self.scale, "weighting": self.weighting}
        if self.lottery:
            data["lottery"] = [{"probability": p, "package": pkg} for p, pkg in self.lottery]
        if self.by_party is not None:
            data["by_party"] = {**self.by_party.to_data(), "why": self.by_party_why}
        return data


@dataclass(frozen=True, repr=False)
class Solutions(MappingResult):
    """Every requested solution by name: ``result["nash"]`` is a :class:`Solution`.

    A read-only mapping from solution name to :class:`Solution`, with the
    result protocol: ``explain()``, ``to_data()`` (the ``solutions`` key of
    ``negotiation solve --format json``) and ``to_frame()`` (one row per
    solution, one column per issue and per party's utility).
    """

    by_name: Mapping[str, Solution]
    zopa_size: int | None = None
    sides: Mapping | None = None  # {side: [party, ...]} where the scenario declares sides
    by: str = "side"

    def _entries(self) -> Mapping:
        return self.by_name

    def explain(self) -> str:
        size = "" if self.zopa_size is None else f" over a ZOPA of {self.zopa_size} package(s)"
        lines = [f"{len(self)} bargaining solution(s){size}:",
                 *(s.explain() for s in self.by_name.values())]
        if self.sides:
            lines.append(f"Counted {'by side' if self.by == 'side' else 'by party'}; sides: "
                         + "; ".join(f"{s}: {', '.join(m)}" for s, m in self.sides.items()))
        return "\n".join(lines)

    def to_data(self) -> dict:
        """``solutions`` (name -> solution or None), ``zopa_size``; also
        ``scales`` (name -> the scale it compares the parties on), ``by``
        and, where declared, ``sides``."""
        data: dict[str, Any] = {"solutions": {n: (s.to_data() if s.found else None)
                                              for n, s in self.by_name.items()},
                "zopa_size": self.zopa_size, "by": self.by,
                "scales": {n: s.scale for n, s in self.by_name.items()}}
        if self.sides:
            data["sides"] = {s: list(m) for s, m in self.sides.items()}
        return data

    def to_frame(self):
        import pandas as pd

        rows = []
        for name, s in self.by_name.items():
            row = {"solution": name, **(s.package or {})}
            row.update({f"u_{p}": u for p, u in (s.utilities or {}).items()})
            row.update(exact=s.exact, method=s.method)
            rows.append(row)
        return pd.DataFrame(rows).set_index("solution")
