"""Will an off-ramp hold? Off-ramps in the graph model.

An off-ramp (:mod:`.search`) is a deal every party prefers to its batna.
Whether it *holds once reached* is a different question, asked of the
graph model for conflict resolution (:mod:`negotiation.solvers.stability.graph`; Fang, Hipel &
Kilgour 1993): at the off-ramp's state, does any party gain by moving away
on the issues it controls, and can the others deter it?

* **Equilibrium under a concept.** The off-ramp's state is stable for every
  party under Nash, GMR, SMR, SEQ or SIM (definitions and references in
  :mod:`negotiation.solvers.stability.concepts`). Nash-stable: nobody gains by moving away. Stable
  under GMR/SMR/SEQ/SIM but not Nash: some party would gain by moving away,
  but the others' response deters it (the deal holds by deterrence). For
  each party that is not Nash-stable, its *best* unilateral improvement (the
  one with the highest utility for it; ties to the lower state index) is
  reported: who would move away, and to what.
* **Reachable from the status quo.** The off-ramp is reached by a path of
  unilateral improvements starting at the status quo (and, if coalitions
  are given, by unilateral and coalition improvements; Kilgour, Hipel, Fang
  & Peng 2001). The shortest such path is the status-quo analysis of Li,
  Kilgour & Hipel (2005), computed by
  :mod:`negotiation.solvers.stability.status_quo`: who moves first, then who.
* **Joint issues.** An issue nobody controls is never moved by anyone in
  the graph model. An off-ramp that changes one is not reachable by moves
  at all: it needs an agreement. Its equilibrium flags still say whether it
  would hold once agreed, and the paths are also searched from the status
  quo with the joint issues set as agreed ("after agreement").

Preferences are the graph model's: effective utilities ``game.effective``
(net of the audience cost, judged against the status quo as in the off-ramp
search). The graph model and the stability result are built once per
:func:`~.search.find_offramps` call and shared by every reported off-ramp.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiation.game import Game, SpaceTooLarge
from negotiation.solvers.names import COALITION_CONCEPTS, CONCEPTS
from negotiation.solvers.offramps.parts import OfframpStability
from negotiation.solvers.stability.concepts import stability
from negotiation.solvers.stability.graph import GraphModel, graph_model
from negotiation.solvers.stability.results import StabilityResult, tell
from negotiation.solvers.stability.status_quo import improving_paths, path_steps

MAX_STATES = 1 << 16  # the graph model is built by default up to this many states


@dataclass
class StabilityContext:
    """One graph model and one stability result, shared by all off-ramps."""

    model: GraphModel | None = None
    result: StabilityResult | None = None
    reason: str | None = None  # why stability was not computed
    note: str | None = None  # e.g. a concept left out
    _paths: dict = field(default_factory=dict)  # (start, with coalitions) -> paths

    @property
    def computed(self) -> bool:
        return self.result is not None

    def parts(self) -> tuple[GraphModel, StabilityResult]:
        """The graph model and the stability result (only when computed:
        :func:`stability_context` sets both or neither)."""
        if self.model is None or self.result is None:
            raise ValueError(f"stability was not computed: {self.reason}")
        return self.model, self.result

    def paths_from(self, start: int, with_coalitions: bool):
        key = (start, with_coalitions)
        if key not in self._paths:
            model, result = self.parts()
            groups = result.coalitions if with_coalitions else ()
            self._paths[key] = improving_paths(model, start, groups)
        return self._paths[key]

    def to_data(self) -> dict:
        if not self.computed:
            return {"computed": False, "reason": self.reason}
        model, result = self.parts()
        sq = model.index_of(model.game.status_quo)
        return {"computed": True, "reason": None, "note": self.note,
                "states": model.n_states, "concepts": list(result.concepts),
                "coalitions": [list(c) for c in result.coalitions],
                "status_quo_equilibrium_under": _equilibrium_under(result, sq)}


def skipped(reason: str) -> StabilityContext:
    return StabilityContext(reason=reason)


def stability_context(game: Game, coalitions=(), max_states: int | None = MAX_STATES
                      ) -> StabilityContext:
    """Build the shared graph model and stability result, or say why not.

    ``max_states=None`` lifts the size cap (the graph model's own limits
    still apply)."""
    if not any(c is not None for c in game.controllers):
        return skipped("no issue has a controller (controlled_by): the graph model has no moves")
    if game.size > game.limit:
        return skipped(f"{game.size:,} packages: beyond the enumeration limit")
    n = len(game.feasible_packages)
    if max_states is not None and n > max_states:
        return skipped(f"the graph model would have {n:,} states, more than {max_states:,}; "
                       "find_offramps(..., stability=True) computes it anyway")
    try:
        model = graph_model(game)
    except SpaceTooLarge as exc:
        return skipped(str(exc))
    try:
        result = stability(model, CONCEPTS, coalitions)
        note = None
    except SpaceTooLarge as exc:  # only SIM refuses: keep the other concepts
        result = stability(model, tuple(c for c in CONCEPTS if c != "sim"), coalitions)
        note = f"SIM left out: {exc}"
    return StabilityContext(model, result, None, note)


def _equilibrium_under(result: StabilityResult, k: int) -> list[str]:
    return [c for c in result.concepts if result.stable[c][k].all()]


def _changes(before: dict, after: dict) -> dict:
    return {i: [before[i], after[i]] for i in before if before[i] != after[i]}


def _best_improvement(model: GraphModel, party: int, k: int) -> int | None:
    """The state the party likes best among its unilateral improvements from k."""
    targets = model.improvements(party).row(k)
    if not len(targets):
        return None
    values = model.payoff[targets, party]
    best = np.flatnonzero(values == values.max())
    return int(targets[best].min())


def would_move(ctx: StabilityContext, k: int) -> list[dict]:
    """Every party with a unilateral improvement at state k: its best one,
    its gain, and the concepts under which it is deterred nonetheless."""
    model, result = ctx.parts()
    here = model.labels(k)
    out = []
    for p, pid in enumerate(model.party_ids):
        t = _best_improvement(model, p, k)
        if t is None:
            continue
        out.append({"party": pid, "to": model.labels(t), "changes": _changes(here, model.labels(t)),
                    "gain": float(model.payoff[t, p] - model.payoff[k, p]),
                    "deterred_under": [c for c in result.concepts if result.stable[c][k, p]]})
    return out


def _route(ctx: StabilityContext, start: int, target: int, with_coalitions: bool) -> dict:
    """Reachable from ``start`` by improvements? The shortest path, told."""
    _, paths, movers = ctx.paths_from(start, with_coalitions)
    if target not in paths:
        return {"reachable": False, "path": None, "story": None}
    steps = path_steps(ctx.parts()[0], paths[target], movers)
    return {"reachable": True,
            "path": [s.to_data() for s in steps],
            "story": tell(steps) if steps else "it is the starting state"}


def _routes(ctx: StabilityContext, start: int, target: int) -> dict:
    routes = {"unilateral": _route(ctx, start, target, False)}
    if ctx.parts()[1].coalitions:
        routes["with_coalitions"] = _route(ctx, start, target, True)
    return routes


def joint_issues(game: Game, package: np.ndarray) -> list[str]:
    """Issues the package changes from the status quo that nobody controls."""
    return [i for i, k, s, c in zip(game.issue_ids, package, game.status_quo, game.controllers)
            if k != s and c is None]


def _agreed_start(game: Game, package: np.ndarray) -> np.ndarray:
    """The status quo with the uncontrolled issues set as in the package."""
    start = game.status_quo.copy()
    free = np.array([c is None for c in game.controllers])
    start[free] = package[free]
    return start


def offramp_stability(ctx: StabilityContext, package) -> OfframpStability:
    """The ``stability`` part of one off-ramp (definitions in the module docstring)."""
    if not ctx.computed:
        return OfframpStability(False, ctx.reason)
    model, result = ctx.parts()
    game = model.game
    package = np.asarray(package, dtype=game.status_quo.dtype)
    k = model.index_of(package)
    coalition = None
    if result.coalitions:
        coalition = tuple(
            c for c in COALITION_CONCEPTS if c in result.coalition_stable
            and result.stable[c][k].all()
            and all(mask[k] for mask in result.coalition_stable[c].values()))
    origin = model.index_of(game.status_quo)
    joint = joint_issues(game, package)
    after = None
    if joint:
        start = _agreed_start(game, package)
        try:
            s = model.index_of(start)
        except KeyError:  # the agreed joint issues alone break a feasibility rule
            after = {"start": game.labels(start), "feasible": False}
        else:
            after = {"start": game.labels(start), "feasible": True, **_routes(ctx, s, k)}
    return OfframpStability(
        True, None, tuple(_equilibrium_under(result, k)),
        {pid: [c for c in result.concepts if result.stable[c][k, p]]
         for p, pid in enumerate(model.party_ids)},
        tuple(would_move(ctx, k)), tuple(joint), coalition, _routes(ctx, origin, k), after,
        game.labels(game.status_quo))
