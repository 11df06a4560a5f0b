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
changed both sets of its issues at once), so shortest paths (networkx
breadth-first search) already obey the rule.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import breadth_first_order

from negotiation.solvers.stability.concepts import stability
from negotiation.solvers.stability.graph import edges, graph_model
from negotiation.solvers.stability.results import StatusQuoResult, Step


def _improvement_graph(model, coalitions) -> tuple[sparse.csr_matrix, dict]:
    """All improvement edges, and the movers of each edge."""
    movers: dict[tuple[int, int], list[str]] = {}
    groups = [((p,), model.party_ids[p]) for p in range(model.n_parties)]
    groups += [(tuple(model.party_ids.index(m) for m in c), "+".join(c)) for c in coalitions]
    src_all, dst_all = [], []
    for members, name in groups:
        src, dst = edges(model.coalition_improvements(members))
        for s, t in zip(src.tolist(), dst.tolist()):
            movers.setdefault((s, t), []).append(name)
        src_all.append(src)
        dst_all.append(dst)
    n = model.n_states
    src, dst = np.concatenate(src_all), np.concatenate(dst_all)
    graph = sparse.csr_matrix((np.ones(len(src), bool), (src, dst)), shape=(n, n))
    return graph, movers


def improving_paths(model, origin: int, coalitions=()) -> tuple[np.ndarray, dict, dict]:
    """States reachable from state ``origin`` by improving moves (unilateral,
    and coalition improvements of the given coalitions), the shortest path to
    each (a list of state indices, by breadth-first search), and the movers
    of every edge."""
    graph, movers = _improvement_graph(model, coalitions)
    reached = breadth_first_order(graph, origin, directed=True, return_predecessors=False)
    digraph: nx.DiGraph[int] = nx.DiGraph()
    digraph.add_node(int(origin))
    sub = graph[reached][:, reached].tocoo()
    digraph.add_edges_from(zip(reached[sub.row].tolist(), reached[sub.col].tolist()))
    return reached, nx.single_source_shortest_path(digraph, int(origin)), movers


def path_steps(model, path: list[int], movers: dict) -> list[Step]:
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
    targets = [int(k) for k in reached if k in set(stable.tolist())]
    steps = [path_steps(model, paths[t], movers) for t in targets]
    return StatusQuoResult(concept, model.labels(origin),
                           [model.labels(int(k)) for k in reached],
                           [model.labels(t) for t in targets], steps, result.coalitions)
