"""The graph model for conflict resolution: states, moves, improvements, reachability.

The graph model (Kilgour, Hipel & Fang 1987; Fang, Hipel & Kilgour 1993,
*Interactive Decision Making: The Graph Model for Conflict Resolution*)
describes a conflict by its states, each party's unilateral moves between
states, and each party's preferences over states. Here it is built from a
scenario in option form:

* **States** are the feasible packages (``game.feasible_packages``): only
  ``feasibility`` rules remove states. Red lines and conditions are *not*
  part of the state set: they are what a party says it will refuse in an
  agreement, while the graph model asks what each party can do on its own
  and what it would then face. A state that crosses a red line stays in the
  model; the owner's preferences should rank it low.
* **Unilateral moves** of a party: change any non-empty combination of the
  issues it controls (``controlled_by``), to any feasible state. An issue
  marked ``one_way`` can only move to a later option (irreversible moves,
  Fang, Hipel & Kilgour 1993, ch. 2). An issue ``offered_by`` a party is a
  concession it made and can **revoke** on its own: its only unilateral
  move there is back to the status quo (making the offer takes an
  agreement). An issue with neither is never moved by anyone: it is
  context, fixed at every state's value.
* **War as a move.** With a ``war`` block the initiator has one more move,
  from every state, to an absorbing state **war** (no one moves from it),
  valued at each party's war payoff (:mod:`negotiation.nodeal`). It is the
  last state index; its label is ``{"war": "war"}``.
* **Preferences**: ``game.effective`` -- cardinal utilities net of the
  audience cost for additive parties (a state whose public part leaves a
  party visibly worse off than the status quo costs it its audience cost,
  docs/concepts/offramps.md: backing down alone is costlier than its stated
  utility says), rank scores for ranking/priorities parties. Ties are
  allowed and equal is not an improvement; utilities within ``TOL`` count
  as equal.
* **Unilateral improvements**: moves to a strictly preferred state.

Reachability is kept as boolean adjacencies (:mod:`.adjacency`, one per
party; row ``s`` lists the states the party can move to from ``s``), in the spirit of the
matrix formulation of Xu, Hipel & Kilgour (2009), "Matrix representation of
solution concepts in multiple-decision-maker graph models", IEEE Trans. SMC-A
39(1). Instead of forming the (often dense) reachability matrix of a
coalition of opponents, the solvers need only the *least* value a coalition
can force from each state: :func:`chain_minimum` computes it by a min-plus
fixed point over each mover's reduction "least value over my moves (or
improvements) from every state", indexed by the last mover so that no party
moves twice in a row. A mover with neither one-way issues nor offers moves
from s to exactly the other states of its group (the states that agree with
s on every issue it cannot change); its reductions are then per-group
reductions over the states (:mod:`.groups`), and its improvement matrix is
built group by group; other movers use the move adjacency. Simultaneous
sanctions (SIM) combine the opponents' own improvements from the same state:
:func:`simultaneous_stable` decides them exactly, most by a separable bound.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from negotiation.game import TOL, Game
from negotiation.inputs import as_game
from negotiation.results import Result
from negotiation.scenario.model import Scenario
from negotiation.solvers.stability.adjacency import Adjacency
from negotiation.solvers.stability.groups import Groups, Ranked
from negotiation.solvers.stability.moves import (
    EDGE_LIMIT,
    Reduction,
    improving,
    move_matrix,
    row_min,
    with_war,
    with_war_column,
)

WAR_LABEL = {"war": "war"}  # the label of the war state


@dataclass(frozen=True, eq=False, repr=False)
class GraphModel(Result):
    """A conflict in graph form. Build it with :func:`graph_model`."""

    def explain(self) -> str:
        movers = sorted({self.party_ids[c] for c in self.game.controllers if c is not None})
        return (f"A graph model of {self.n_states:,} feasible states; parties that move: "
                f"{', '.join(movers) or 'none'}.")

    def to_data(self) -> dict:
        return {"states": self.n_states, "parties": list(self.party_ids),
                "controllers": {i: (self.party_ids[c] if c is not None else None)
                                for i, c in zip(self.game.issue_ids, self.game.controllers)},
                "explanation": self.explain()}

    game: Game
    states: np.ndarray  # (n, issues) feasible packages, lexicographic order
    payoff: np.ndarray  # (n [+ 1 war], parties) utilities (rank scores for ordinal parties)
    codes: np.ndarray  # (n,) mixed-radix code of each state, ascending
    edge_limit: int = EDGE_LIMIT
    _cache: dict = field(default_factory=dict, repr=False)
    war: bool = False  # the initiator may go to war: one more, absorbing, state

    # -- structure ----------------------------------------------------------
    @property
    def n_states(self) -> int:
        return len(self.states) + int(self.war)

    @property
    def war_index(self) -> int | None:
        """The index of the war state (the last one), or None without war."""
        return len(self.states) if self.war else None

    @cached_property
    def state_codes(self) -> np.ndarray:
        """The code of every state; the war state's is a sentinel so far above the
        space that a simultaneous combination with war in it stays above it."""
        if not self.war:
            return self.codes
        return np.r_[self.codes, (self.n_parties + 2) * int(self.game.size)]

    @property
    def initiator(self) -> int | None:
        nd = self.game.no_deal
        return nd.initiator if self.war and nd is not None else None

    @property
    def party_ids(self) -> tuple[str, ...]:
        return self.game.party_ids

    @property
    def n_parties(self) -> int:
        return self.game.n_parties

    @cached_property
    def one_way(self) -> np.ndarray:
        return np.array([issue.one_way for issue in self.game.scenario.issues.values()])

    def controlled(self, parties: Sequence[int]) -> np.ndarray:
        """(issues,) bool: the issues controlled by any of ``parties``."""
        wanted = set(parties)
        return np.array([c is not None and c in wanted for c in self.game.controllers])

    def offered(self, parties: Sequence[int]) -> np.ndarray:
        """(issues,) bool: the issues offered by (revocable by) any of ``parties``."""
        wanted = {self.party_ids[p] for p in parties}
        return np.array([i.offered_by in wanted for i in self.game.scenario.issues.values()])

    def index_of(self, package) -> int:
        """Index of a package among the states (``KeyError`` if infeasible)."""
        code = int(self.game.encode(np.atleast_2d(package))[0])
        k = int(np.searchsorted(self.codes, code))
        if k >= len(self.codes) or self.codes[k] != code:
            raise KeyError("that package is not a feasible state")
        return k

    def labels(self, k: int) -> dict[str, str]:
        if k == self.war_index:
            return dict(WAR_LABEL)
        return self.game.labels(self.states[k])

    def labels_of(self, indices) -> list[dict[str, str]]:
        """:meth:`labels` of each state of ``indices``."""
        indices = np.asarray(indices, dtype=np.int64).ravel()
        war = indices == (self.war_index if self.war else -1)
        real = iter(self.game.labels_of(self.states[indices[~war]]))
        return [dict(WAR_LABEL) if w else next(real) for w in war.tolist()]

    # -- moves and improvements ---------------------------------------------
    def moves(self, party: int) -> Adjacency:
        """Unilateral moves of one party: an (n, n) boolean adjacency
        (``.to_scipy()`` for a scipy CSR matrix)."""
        return self.joint_moves((party,))

    def improvements(self, party: int) -> Adjacency:
        """Unilateral improvements of one party: moves to a strictly preferred state."""
        return self.coalition_improvements((party,))

    def joint_moves(self, parties: Sequence[int]) -> Adjacency:
        """Moves that change any non-empty combination of the issues the given
        parties control: a party's unilateral moves, or a coalition acting as
        one mover (Kilgour, Hipel, Fang & Peng 2001)."""
        key = ("moves", tuple(sorted(set(parties))))
        if key not in self._cache:
            moves = move_matrix(self.states, self.game.n_options, self.controlled(parties),
                                self.one_way, self.edge_limit, self.offered(parties),
                                self.game.status_quo)
            if self.war:
                moves = with_war(moves, self.initiator in set(parties))
            self._cache[key] = moves
        return self._cache[key]

    def with_payoff(self, payoff: np.ndarray) -> GraphModel:
        """The same states and moves with other preferences (the moves and
        groups are kept; the improvements, which depend on preferences, are not)."""
        kept = {k: v for k, v in self._cache.items() if k[0] in ("moves", "groups")}
        return dataclasses.replace(self, payoff=payoff, _cache=kept)

    def coalition_improvements(self, parties: Sequence[int]) -> Adjacency:
        """Joint moves that leave every given party strictly better off."""
        members = tuple(sorted(set(parties)))
        key = ("improvements", members)
        if key not in self._cache:
            values = self.payoff[:, list(members)]
            if not self.in_groups(members):
                self._cache[key] = improving(self.joint_moves(members), values)
                return self._cache[key]
            n_real = len(self.states)
            matrix = self.groups(members).improvement_matrix(values[:n_real], self.edge_limit)
            if self.war:
                fights = self.initiator in set(members)
                prefer = np.all(values[n_real] > values[:n_real] + TOL, axis=1) & fights
                matrix = with_war_column(matrix, np.flatnonzero(prefer))
            self._cache[key] = matrix
        return self._cache[key]

    # -- reductions over moves, for the stability concepts ----------------------
    def in_groups(self, parties: Sequence[int]) -> bool:
        """The movers' moves are every other state of their group (no one-way
        issue, no offer among their issues): see :mod:`.groups`."""
        movable = self.controlled(parties)
        revocable = self.offered(parties) & ~movable
        return not revocable.any() and not (movable & self.one_way).any()

    def groups(self, parties: Sequence[int]) -> Groups:
        """The states grouped by the issues the given movers cannot change."""
        key = ("groups", tuple(sorted(set(parties))))
        if key not in self._cache:
            self._cache[key] = Groups.of(self.states, self.game.n_options,
                                         self.controlled(parties))
        return self._cache[key]

    def _war_reachers(self, party: int) -> np.ndarray:
        """(real states,) bool: the party's improvements from s include war."""
        can = np.zeros(len(self.states), dtype=bool)
        if self.war:
            rows, cols = self.improvements(party).edges()
            can[rows[cols == self.war_index]] = True
        return can

    def ranked(self, party: int) -> Ranked:
        """A party's improvements as prefixes of its preference-sorted groups."""
        key = ("ranked", party)
        if key not in self._cache:
            n_real = len(self.states)
            count = np.diff(self.improvements(party).indptr)[:n_real] - self._war_reachers(party)
            self._cache[key] = Ranked.of(self.groups((party,)), self.payoff[:n_real, party],
                                         count)
        return self._cache[key]

    def move_minimum(self, party: int) -> Reduction:
        """values -> (n,) the least value over each state's moves of the party."""
        if not self.in_groups((party,)):
            matrix = self.moves(party)
            return lambda values: row_min(matrix, values)
        groups, n_real = self.groups((party,)), len(self.states)
        fights = self.war and self.initiator == party

        def least(values: np.ndarray) -> np.ndarray:
            out = groups.least_over_others(values[:n_real])
            if fights:
                out = np.minimum(out, values[n_real])
            return np.r_[out, np.inf] if self.war else out
        return least

    def improvement_minimum(self, party: int) -> Reduction:
        """values -> (n,) the least value over each state's improvements of the party."""
        if not self.in_groups((party,)):
            matrix = self.improvements(party)
            return lambda values: row_min(matrix, values)
        ranked, n_real = self.ranked(party), len(self.states)
        fights = self._war_reachers(party)

        def least(values: np.ndarray) -> np.ndarray:
            out = ranked.least(values[:n_real])
            if not self.war:
                return out
            return np.r_[np.where(fights, np.minimum(out, values[n_real]), out), np.inf]
        return least


def graph_model(source: Scenario | Game | GraphModel, values=None,
                edge_limit: int = EDGE_LIMIT) -> GraphModel:
    """The graph model of a scenario, a compiled game or a path / bundled name.

    States are the feasible packages, each party's unilateral moves change
    the issues it controls, and its unilateral improvements are the moves to
    a strictly preferred state (Kilgour, Hipel & Fang 1987; Fang, Hipel &
    Kilgour 1993); see the module docstring.

    Parameters
    ----------
    source : Scenario, Game, GraphModel, str or os.PathLike
        The scenario (issues ``controlled_by`` the party that moves them),
        its compiled game, a path / bundled name, or a GraphModel already
        built (returned as it is).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.
    edge_limit : int
        The most moves the model may hold in memory.

    Returns
    -------
    GraphModel
        The states, each party's preferences over them, and its moves and
        improvements as adjacencies (:meth:`GraphModel.moves`,
        :meth:`GraphModel.improvements`).

    Raises
    ------
    ValueError
        ``values`` given with a GraphModel already built, an unknown
        parameter, or a value outside its declared range.
    SpaceTooLarge
        The space is beyond enumeration, or the moves exceed ``edge_limit``.

    Examples
    --------
    The prisoner's dilemma: four states; from mutual cooperation, prisoner
    1's one unilateral move (defecting) is an improvement for it.

    >>> import negotiation
    >>> model = negotiation.graph_model("prisoners")
    >>> model.n_states, model.party_ids
    (4, ('p1', 'p2'))
    >>> model.labels(3)
    {'p1_cooperates': 'yes', 'p2_cooperates': 'yes'}
    >>> [model.labels(k) for k in model.improvements(0).row(3)]
    [{'p1_cooperates': 'no', 'p2_cooperates': 'yes'}]
    """
    if isinstance(source, GraphModel):
        if values:
            raise ValueError("values= cannot change a GraphModel already built: pass its "
                             "scenario or game instead")
        return source
    game = as_game(source, values, what="the graph model")
    # kept on the game (immutable, so its model is too, and dies with it): the
    # off-ramps, the stability section and the status-quo analysis of one
    # report share one model and the moves, improvements and stability cached on it
    models = game.__dict__.setdefault("_graph_models", {})
    if edge_limit not in models:
        models[edge_limit] = _built(game, edge_limit)
    return models[edge_limit]


def _built(game: Game, edge_limit: int) -> GraphModel:
    game.check_enumerable("the stability analysis")
    states = game.feasible_packages
    payoff = game.effective(states)
    war = game.no_deal is not None
    if game.no_deal is not None:
        payoff = np.vstack([payoff, game.no_deal.war_payoffs])
    return GraphModel(game=game, states=states, payoff=payoff,
                      codes=game.encode(states).astype(np.int64), edge_limit=edge_limit,
                      war=war)
