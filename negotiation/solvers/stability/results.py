"""Result types of the graph model's stability analysis (definitions in
:mod:`.concepts` and ``docs/concepts/stability.md``)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiation.results import Result
from negotiation.solvers.stability.graph import GraphModel

CONCEPT_NAMES = {"nash": "Nash stability (R)", "gmr": "general metarationality (GMR)",
                 "smr": "symmetric metarationality (SMR)", "seq": "sequential stability (SEQ)",
                 "sim": "simultaneous sanctioning (SIM)"}


@dataclass(frozen=True, repr=False)
class StabilityResult(Result):
    """Stability of every state for every party under each concept."""

    model: GraphModel
    concepts: tuple[str, ...]
    stable: dict  # concept -> (n, parties) bool
    sanctions: str = "chain"
    coalitions: tuple[tuple[str, ...], ...] = ()
    coalition_stable: dict = field(default_factory=dict)  # concept -> {coalition: (n,) bool}

    @property
    def n_states(self) -> int:
        return self.model.n_states

    def equilibria(self, concept: str) -> np.ndarray:
        """Indices of the states stable for every party under ``concept``."""
        return np.flatnonzero(self.stable[concept].all(axis=1))

    def coalition_equilibria(self, concept: str) -> np.ndarray:
        """Equilibria that are also stable for every given coalition."""
        ok = self.stable[concept].all(axis=1)
        for mask in self.coalition_stable.get(concept, {}).values():
            ok = ok & mask
        return np.flatnonzero(ok)

    def labels(self, indices) -> list[dict[str, str]]:
        return self.model.labels_of(indices)

    def to_data(self) -> dict:
        data = {"states": self.n_states,
                "parties": list(self.model.party_ids),
                "sanctions": self.sanctions,
                "equilibria": {c: self.labels(self.equilibria(c)) for c in self.concepts}}
        if self.coalitions:
            data["coalitions"] = [list(c) for c in self.coalitions]
            data["coalition_equilibria"] = {c: self.labels(self.coalition_equilibria(c))
                                            for c in self.coalition_stable}
        return data

    def to_frame(self):
        """One row per state: its options and, per concept, whether it is an
        equilibrium (stable for every party)."""
        import pandas as pd

        frame = pd.DataFrame(self.labels(range(self.n_states)))
        for c in self.concepts:
            frame[c] = self.stable[c].all(axis=1)
        return frame

    def explain(self) -> str:
        lines = [f"{self.n_states:,} feasible states; sanctions by "
                 + ("legal chains of opponents' moves (no party twice in a row)."
                    if self.sanctions == "chain" else "opponents each moving at most once.")]
        for c in self.concepts:
            lines.append(f"{CONCEPT_NAMES[c]}: {len(self.equilibria(c))} equilibria.")
        for c in self.coalition_stable:
            lines.append(f"{CONCEPT_NAMES[c]} with coalitions "
                         f"{', '.join('+'.join(m) for m in self.coalitions)}: "
                         f"{len(self.coalition_equilibria(c))} equilibria.")
        return "\n".join(lines)


@dataclass(frozen=True)
class Step:
    mover: str  # party id, or "a+b" for a coalition
    before: dict[str, str]
    after: dict[str, str]

    @property
    def to_war(self) -> bool:
        """The step is the initiator's move to war (the absorbing state)."""
        return self.after.keys() != self.before.keys()

    @property
    def changes(self) -> dict[str, tuple[str, str]]:
        if self.to_war:  # the war state has no options: the move is war itself
            return {"war": ("no", "yes")}
        return {i: (self.before[i], self.after[i]) for i in self.before
                if self.before[i] != self.after[i]}

    def describe(self) -> str:
        if self.to_war:
            return f"{self.mover} goes to war"
        what = "; ".join(f"{i}: {a} -> {b}" for i, (a, b) in self.changes.items())
        verb = "move jointly" if "+" in self.mover else "moves"
        return f"{self.mover} {verb} ({what})"

    def to_data(self) -> dict:
        return {"mover": self.mover, "changes": {i: list(v) for i, v in self.changes.items()}}


@dataclass(frozen=True, repr=False)
class StatusQuoResult(Result):
    concept: str
    status_quo: dict[str, str]
    reachable: list[dict[str, str]]  # states reachable by improvements (status quo first)
    equilibria: list[dict[str, str]]  # equilibria among them
    paths: list[list[Step]]  # shortest improving path to each equilibrium
    coalitions: tuple[tuple[str, ...], ...] = ()

    def story(self) -> str:
        name = CONCEPT_NAMES[self.concept]
        if not self.equilibria:
            return (f"From the status quo, improving moves reach {len(self.reachable)} state(s), "
                    f"none of them an equilibrium under {name}.")
        count = len(self.equilibria)
        lines = [f"From the status quo, improving moves reach {len(self.reachable)} state(s); "
                 f"{count} of them {'is an equilibrium' if count == 1 else 'are equilibria'} "
                 f"under {name}."]
        for state, path in zip(self.equilibria, self.paths):
            target = ", ".join(f"{i}={o}" for i, o in state.items())
            if not path:
                lines.append(f"- The status quo itself ({target}) is an equilibrium: nobody "
                             "gains by moving.")
                continue
            lines.append(f"- To {target}: {tell(path)}.")
        return "\n".join(lines)

    def explain(self) -> str:
        return self.story()

    def to_data(self) -> dict:
        return {"concept": self.concept, "status_quo": self.status_quo,
                "reachable": self.reachable, "equilibria": self.equilibria,
                "coalitions": [list(c) for c in self.coalitions],
                "paths": [[step.to_data() for step in path] for path in self.paths]}


def tell(path: list[Step]) -> str:
    """'first x moves (...); then y moves (...)'."""
    order = ["first", "then", "then", "then"]
    return "; ".join(f"{order[min(k, 3)]} {s.describe()}" for k, s in enumerate(path))
