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

Reachability is kept as sparse boolean matrices (one per party; row ``s``
lists the states the party can move to from ``s``), in the spirit of the
matrix formulation of Xu, Hipel & Kilgour (2009), "Matrix representation of
solution concepts in multiple-decision-maker graph models", IEEE Trans. SMC-A
39(1). Instead of forming the (often dense) reachability matrix of a
coalition of opponents, the solvers need only the *least* value a coalition
can force from each state: :func:`chain_minimum` computes it by a min-plus
fixed point over the sparse move matrices, indexed by the last mover so that
no party moves twice in a row. Simultaneous sanctions (SIM) combine the
opponents' own improvements from the same state and are enumerated exactly
by :func:`simultaneous_stable`.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

import numpy as np
from scipy import sparse

from negotiation.game import TOL, Game, SpaceTooLarge
from negotiation.inputs import as_game
from negotiation.results import Result
from negotiation.scenario.model import Scenario

EDGE_LIMIT = 60_000_000  # moves a model may hold in memory (about 0.5 GB)
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

    # -- moves and improvements ---------------------------------------------
    def moves(self, party: int) -> sparse.csr_matrix:
        """Unilateral moves of one party: (n, n) boolean CSR matrix."""
        return self.joint_moves((party,))

    def improvements(self, party: int) -> sparse.csr_matrix:
        """Unilateral improvements of one party: moves to a strictly preferred state."""
        return self.coalition_improvements((party,))

    def joint_moves(self, parties: Sequence[int]) -> sparse.csr_matrix:
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
        """The same states and moves with other preferences (the moves are
        kept; the improvements, which depend on preferences, are not)."""
        moves = {k: v for k, v in self._cache.items() if k[0] == "moves"}
        return dataclasses.replace(self, payoff=payoff, _cache=moves)

    def coalition_improvements(self, parties: Sequence[int]) -> sparse.csr_matrix:
        """Joint moves that leave every given party strictly better off."""
        members = tuple(sorted(set(parties)))
        key = ("improvements", members)
        if key not in self._cache:
            self._cache[key] = improving(self.joint_moves(members), self.payoff[:, list(members)])
        return self._cache[key]


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
        improvements as sparse matrices (:meth:`GraphModel.moves`,
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
    >>> [model.labels(k) for k in model.improvements(0)[3].indices]
    [{'p1_cooperates': 'no', 'p2_cooperates': 'yes'}]
    """
    if isinstance(source, GraphModel):
        if values:
            raise ValueError("values= cannot change a GraphModel already built: pass its "
                             "scenario or game instead")
        return source
    game = as_game(source, values, what="the graph model")
    game.check_enumerable("the stability analysis")
    states = game.feasible_packages
    payoff = game.effective(states)
    war = game.no_deal is not None
    if game.no_deal is not None:
        payoff = np.vstack([payoff, game.no_deal.war_payoffs])
    return GraphModel(game=game, states=states, payoff=payoff,
                      codes=game.encode(states).astype(np.int64), edge_limit=edge_limit,
                      war=war)


# -- building moves ----------------------------------------------------------
def _group_keys(states: np.ndarray, n_options: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    """Mixed-radix code of the ``fixed`` columns: states with equal keys differ
    only on the other (movable) issues."""
    key = np.zeros(len(states), dtype=np.int64)
    for k in np.flatnonzero(fixed):
        key = key * int(n_options[k]) + states[:, k].astype(np.int64)
    return key


def move_matrix(states: np.ndarray, n_options: np.ndarray, movable: np.ndarray,
                one_way: np.ndarray, edge_limit: int = EDGE_LIMIT, revocable=None,
                status_quo=None) -> sparse.csr_matrix:
    """(n, n) boolean CSR: ``t`` is reachable from ``s`` in one move that
    changes only ``movable`` and ``revocable`` issues (at least one), never
    moving a one-way issue backwards, and a revocable issue only back to its
    ``status_quo`` option. Built group by group: states that agree on every
    other issue can reach each other, so all pairs within a group are
    candidates."""
    n = len(states)
    revocable = np.zeros_like(movable) if revocable is None else revocable & ~movable
    movable = movable | revocable
    if n == 0 or not movable.any():
        return sparse.csr_matrix((n, n)).astype(bool)  # empty (n, n)
    key = _group_keys(states, n_options, ~movable)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    first_of_group = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    group_start = np.flatnonzero(first_of_group)
    group_size = np.diff(np.r_[group_start, n])
    group_of = np.cumsum(first_of_group) - 1  # group of each sorted position
    pairs_per_state = group_size[group_of]
    total = int(pairs_per_state.sum())
    if total > edge_limit:
        raise SpaceTooLarge(f"the graph model would hold {total:,} moves, more than the "
                            f"limit of {edge_limit:,}; control fewer issues per party")
    src_pos = np.repeat(np.arange(n), pairs_per_state)
    offset = np.arange(total) - np.repeat(np.cumsum(pairs_per_state) - pairs_per_state,
                                          pairs_per_state)
    dst_pos = np.repeat(group_start[group_of], pairs_per_state) + offset
    src, dst = order[src_pos], order[dst_pos]
    keep = src != dst
    for k in np.flatnonzero(movable & one_way):
        keep &= states[dst, k] >= states[src, k]
    for k in np.flatnonzero(revocable):  # an offer is withdrawn, never made, alone
        keep &= (states[dst, k] == states[src, k]) | (states[dst, k] == status_quo[k])
    src, dst = src[keep], dst[keep]
    return sparse.csr_matrix((np.ones(len(src), dtype=bool), (src, dst)), shape=(n, n))


def with_war(moves: sparse.csr_matrix, initiator_moves: bool) -> sparse.csr_matrix:
    """The moves with the war state appended (last index): reachable in one
    move from every state when the mover includes the initiator; absorbing."""
    n = moves.shape[0]
    rows = np.arange(n) if initiator_moves else np.zeros(0, int)  # no stored zeros
    column = sparse.csr_matrix((np.ones(len(rows), bool), (rows, np.zeros(len(rows), int))),
                               shape=(n, 1), dtype=bool)
    grown = sparse.hstack([moves, column], format="csr")
    absorbing = sparse.csr_matrix((np.zeros(0, bool), (np.zeros(0, int), np.zeros(0, int))),
                                  shape=(1, n + 1))
    return sparse.csr_matrix(sparse.vstack([grown, absorbing], format="csr"))


def edges(matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """(sources, targets) of every nonzero of a CSR matrix."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return rows, matrix.indices


def improving(moves: sparse.csr_matrix, values: np.ndarray) -> sparse.csr_matrix:
    """The moves after which every column of ``values`` (n, k) is strictly
    higher (by more than TOL): unilateral or coalition improvements."""
    values = values.reshape(len(values), -1)
    src, dst = edges(moves)
    keep = np.all(values[dst] > values[src] + TOL, axis=1)
    n = moves.shape[0]
    return sparse.csr_matrix((np.ones(int(keep.sum()), dtype=bool), (src[keep], dst[keep])),
                             shape=(n, n))


# -- reductions over moves ----------------------------------------------------
def row_min(matrix: sparse.csr_matrix, values: np.ndarray, empty: float = np.inf) -> np.ndarray:
    """For every state, the least of ``values`` over the states it moves to
    (``empty`` where it has no move)."""
    out = np.full(matrix.shape[0], empty, dtype=float)
    counts = np.diff(matrix.indptr)
    rows = np.flatnonzero(counts)
    if len(rows):
        out[rows] = np.minimum.reduceat(values[matrix.indices], matrix.indptr[rows])
    return out


def row_max(matrix: sparse.csr_matrix, values: np.ndarray, empty: float = -np.inf) -> np.ndarray:
    return -row_min(matrix, -values, -empty)


def chain_minimum(matrices: Sequence[sparse.csr_matrix], value: np.ndarray,
                  once: bool = False) -> np.ndarray:
    """Least ``value`` over the states reachable from each state by a legal
    sequence of one or more moves of the given movers.

    A legal sequence never lets a mover move twice in a row (Fang, Hipel &
    Kilgour 1993); with ``once=True`` each mover moves at most once. This is
    the reachable set R_H of a coalition H of opponents (Xu, Hipel & Kilgour
    2009) reduced, by a min-plus fixed point, to the one number a sanction
    test needs: the sanctioners' worst threat against the focal party.

    ``V[j](x)`` is the least value reachable from ``x`` when ``j`` moved last
    (``x`` itself included); it satisfies
    ``V[j] = min(value, min_{k != j} rowmin(M_k, V[k]))``, computed by
    iterating from ``V[j] = value`` until nothing changes (monotone, finite).
    """
    n = len(value)
    if not matrices:
        return np.full(n, np.inf)
    if once:
        return _once_minimum(list(matrices), value)
    m = len(matrices)
    latest = [value.astype(float) for _ in range(m)]
    while True:
        after = [row_min(M, latest[k]) for k, M in enumerate(matrices)]
        changed = False
        for j in range(m):
            others = [after[k] for k in range(m) if k != j]
            new = np.minimum(value, np.minimum.reduce(others)) if others else value.astype(float)
            if (new < latest[j]).any():
                changed = True
            latest[j] = new
        if not changed:
            return np.minimum.reduce(after)


def _once_minimum(matrices: list, value: np.ndarray) -> np.ndarray:
    """``chain_minimum`` when each mover moves at most once: dynamic
    programming over the set of movers that have already moved."""
    m = len(matrices)
    full = frozenset(range(m))
    best = {full: value.astype(float)}  # moved set -> least value from here on
    for size in range(m - 1, -1, -1):
        for moved in map(frozenset, combinations(range(m), size)):
            here = value.astype(float) if moved else np.full(len(value), np.inf)
            for k in full - moved:
                here = np.minimum(here, row_min(matrices[k], best[moved | {k}]))
            best[moved] = here
    return best[frozenset()]
