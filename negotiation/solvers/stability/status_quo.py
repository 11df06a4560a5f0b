"""Status-quo analysis: where can the conflict go from where it is now?

Starting at the status quo, follow unilateral improvements (and, if
coalitions are given, coalition improvements): the states reached are the
possible evolutions of the conflict, the equilibria among them the
resolutions it can reach, and the shortest improving path to each is the
order in which the parties would have to move (Li, Hipel, Kilgour & Noakes
2004; Li, Kilgour & Hipel 2005, "Status quo analysis in the graph model for
conflict resolution", Journal of the Operational Research Society 56).

A path never needs a party to move twice in a row: in option form, two
successive improvements by one party are one improvement (it could have
changed both sets of its issues at once), so shortest paths (breadth-first
search, vectorised level by level) already obey the rule.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from negotiation.solvers.stability.adjacency import Adjacency
from negotiation.solvers.stability.concepts import stability
from negotiation.solvers.stability.graph import graph_model
from negotiation.solvers.stability.results import StatusQuoResult, Step

UNSEEN = -2  # parent of a state not reached (the origin's parent is -1)


class Movers(Mapping):
    """Improving edge ``(source, target)`` -> the names of the parties (then
    coalitions) that can make it, looked up in their improvement matrices
    when asked (a path needs a handful of edges, the graph has many)."""

    def __init__(self, matrices: list[Adjacency], names: list[str],
                 graph: Adjacency):
        self._matrices, self._names, self._graph = matrices, names, graph

    def __getitem__(self, edge) -> list[str]:
        a, b = (int(x) for x in edge)
        # a stored entry is an edge (as :func:`graph.edges` reads them)
        names = [name for m, name in zip(self._matrices, self._names)
                 if b in m.row(a)]
        if not names:
            raise KeyError(edge)
        return names

    def __iter__(self) -> Iterator[tuple[int, int]]:
        rows, cols = self._graph.edges()
        return iter(zip(rows.tolist(), cols.tolist()))

    def __len__(self) -> int:
        return self._graph.nnz


class ShortestPaths(Mapping):
    """Reached state -> its shortest improving path from the origin (a list
    of states), read off the breadth-first parents; in discovery order."""

    def __init__(self, parent: np.ndarray, order: np.ndarray):
        self._parent, self.order = parent, order

    def __getitem__(self, state) -> list[int]:
        state = int(state)
        if not 0 <= state < len(self._parent) or self._parent[state] == UNSEEN:
            raise KeyError(state)
        path = [state]
        while self._parent[path[-1]] >= 0:
            path.append(int(self._parent[path[-1]]))
        return path[::-1]

    def __iter__(self) -> Iterator[int]:
        return iter(self.order.tolist())

    def __len__(self) -> int:
        return len(self.order)


def _improvement_graph(model, coalitions) -> tuple[Adjacency, Movers]:
    """All improvement edges, and the movers of each edge (kept on the
    model: every path question of one model asks the same graph)."""
    key = ("improvement_graph", tuple(tuple(c) for c in coalitions))
    if key not in model._cache:
        groups = [((p,), model.party_ids[p]) for p in range(model.n_parties)]
        groups += [(tuple(model.party_ids.index(m) for m in c), "+".join(c))
                   for c in coalitions]
        matrices = [model.coalition_improvements(members) for members, _ in groups]
        src, dst = (np.concatenate(x) for x in zip(*(m.edges() for m in matrices)))
        n = model.n_states
        graph = Adjacency.from_edges(src, dst, n)
        model._cache[key] = graph, Movers(matrices, [name for _, name in groups], graph)
    return model._cache[key]


def _next_level(level: np.ndarray, start: np.ndarray, successors: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """The successors of every state of ``level`` in order (state by state,
    each state's in adjacency order), and the state each was reached from."""
    counts = start[level + 1] - start[level]
    offsets = np.repeat(start[level] - np.cumsum(counts) + counts, counts)
    return successors[offsets + np.arange(counts.sum())], np.repeat(level, counts)


def _first_seen(states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ``states`` in the order first seen, and where each was first."""
    distinct, first = np.unique(states, return_index=True)
    ranked = np.argsort(first)
    return distinct[ranked], first[ranked]


def _breadth_first(graph: Adjacency, origin: int) -> ShortestPaths:
    """The states reachable from ``origin`` in the order a breadth-first
    search with a queue discovers them, successors in index order (scipy's
    ``csgraph.breadth_first_order``, level by level: importing
    ``scipy.sparse.csgraph`` costs 0.3 s at each start), and the shortest
    path to each: every state is reached from the first state of the
    previous level, in discovery order, with an edge to it. Ties between
    equally short paths are broken by that order."""
    parent = np.full(graph.shape[0], UNSEEN)
    parent[origin] = -1
    level, found = np.array([origin]), [np.array([origin])]
    while len(level):
        nxt, via = _next_level(level, graph.indptr, graph.indices)
        new = parent[nxt] == UNSEEN
        level, first = _first_seen(nxt[new])
        parent[level] = via[new][first]
        found.append(level)
    return ShortestPaths(parent, np.concatenate(found))


def improving_paths(model, origin: int, coalitions=()) -> tuple[np.ndarray, Mapping, Mapping]:
    """States reachable from state ``origin`` by improving moves (unilateral,
    and coalition improvements of the given coalitions), the shortest path to
    each (a list of state indices, by breadth-first search), and the movers
    of every edge."""
    graph, movers = _improvement_graph(model, coalitions)
    paths = _breadth_first(graph, int(origin))
    return paths.order, paths, movers


def path_steps(model, path: list[int], movers: Mapping) -> list[Step]:
    """A path of state indices as the moves that walk it."""
    return [Step(movers[(a, b)][0], model.labels(a), model.labels(b))
            for a, b in zip(path[:-1], path[1:])]


def status_quo_analysis(scenario, concept: str = "nash", coalitions=(), sanctions: str = "chain",
                        start=None, values=None) -> StatusQuoResult:
    """States reachable from the status quo (or ``start``, ``{issue: option}``)
    by improving moves, the ``concept`` equilibria among them, and the
    shortest improving path to each, told in :meth:`StatusQuoResult.story`.

    Status-quo analysis after Li, Hipel, Kilgour & Noakes (2004) and Li,
    Kilgour & Hipel (2005); see the module docstring.

    Parameters
    ----------
    scenario : Scenario, Game, GraphModel, str or os.PathLike
        The scenario, its compiled game, its graph model, or a path /
        bundled name.
    concept : {"nash", "gmr", "smr", "seq", "sim"}
        The stability concept whose equilibria are the resolutions.
    coalitions : sequence of sequences of str
        Coalitions of party ids whose joint improvements are also followed
        (and whose coalition stability the equilibria must have).
    sanctions : {"chain", "once"}
        How the opponents may sanction a move (see :func:`stability`).
    start : mapping of str to str, optional
        The starting state, ``{issue: option}`` (default: the status quo).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    StatusQuoResult
        The reachable states (starting state first), the equilibria among
        them and the shortest improving path to each.

    Raises
    ------
    ValueError
        The starting state breaks a feasibility rule, an unknown concept,
        sanction rule or coalition member, or a bad parameter override.

    Examples
    --------
    In chicken, from the status quo (nobody swerves, a crash), either
    driver swerving reaches one of the two Nash equilibria in one move:

    >>> import negotiation
    >>> result = negotiation.status_quo_analysis("chicken")
    >>> result.status_quo
    {'d1_swerves': 'no', 'd2_swerves': 'no'}
    >>> print(result.story())
    From the status quo, improving moves reach 3 state(s); 2 of them are equilibria under
    Nash stability (R).
    - To d1_swerves=no, d2_swerves=yes: first d2 moves (d2_swerves: no -> yes).
    - To d1_swerves=yes, d2_swerves=no: first d1 moves (d1_swerves: no -> yes).

    In the prisoner's dilemma the status quo, mutual defection, is already
    the equilibrium:

    >>> negotiation.status_quo_analysis("prisoners").paths
    [[]]
    """
    model = graph_model(scenario, values)
    result = stability(model, concepts=(concept,), coalitions=coalitions, sanctions=sanctions)
    package = model.game.status_quo if start is None else model.game.package(start)
    try:
        origin = model.index_of(package)
    except KeyError:
        raise ValueError("the starting state breaks a feasibility rule: it is not a state "
                         "of the graph model") from None
    reached, paths, movers = improving_paths(model, origin, result.coalitions)
    stable = (result.coalition_equilibria(concept) if result.coalitions
              else result.equilibria(concept))
    stable_set = set(stable.tolist())
    targets = [int(k) for k in reached if k in stable_set]
    steps = [path_steps(model, paths[t], movers) for t in targets]
    return StatusQuoResult(concept, model.labels(origin),
                           model.labels_of(reached),
                           [model.labels(t) for t in targets], steps, result.coalitions)
