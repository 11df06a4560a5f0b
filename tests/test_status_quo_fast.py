"""The vectorised status-quo graph and paths equal the plain construction.

The reference is the construction straight from the definitions: a dict of
the movers of every improving edge, and networkx's breadth-first shortest
paths over the reachable subgraph.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from random_scenarios import scenario_yaml
from scipy import sparse
from scipy.sparse.csgraph import breadth_first_order

import negotiation
from negotiation.solvers.stability.graph import graph_model
from negotiation.solvers.stability.status_quo import improving_paths

# the January 2022 scenario as bundled before its rebuild: a large model the
# pure-Python reference still checks in seconds (the rebuilt one has 26,245 states)
EARLIER_UKRAINE = (Path(__file__).resolve().parents[1] / "benchmarks" / "data"
                   / "ukraine_2022_v1.yaml")


def plain_paths(model, origin, coalitions=()):
    movers: dict = {}
    groups = [((p,), model.party_ids[p]) for p in range(model.n_parties)]
    groups += [(tuple(model.party_ids.index(m) for m in c), "+".join(c)) for c in coalitions]
    src_all, dst_all = [], []
    for members, name in groups:
        src, dst = model.coalition_improvements(members).edges()
        for s, t in zip(src.tolist(), dst.tolist()):
            movers.setdefault((s, t), []).append(name)
        src_all.append(src)
        dst_all.append(dst)
    n = model.n_states
    src, dst = np.concatenate(src_all), np.concatenate(dst_all)
    graph = sparse.csr_matrix((np.ones(len(src), bool), (src, dst)), shape=(n, n))
    reached = breadth_first_order(graph, origin, directed=True, return_predecessors=False)
    digraph = nx.DiGraph()
    digraph.add_node(int(origin))
    sub = graph[reached][:, reached].tocoo()
    digraph.add_edges_from(zip(reached[sub.row].tolist(), reached[sub.col].tolist()))
    return reached, nx.single_source_shortest_path(digraph, int(origin)), movers


def same(model, origin, coalitions=()):
    r1, p1, m1 = plain_paths(model, origin, coalitions)
    r2, p2, m2 = improving_paths(model, origin, coalitions)
    assert r1.tolist() == r2.tolist()
    assert list(p1) == list(p2)  # the same states, discovered in the same order
    assert {k: p1[k] for k in p1} == {k: p2[k] for k in p2}
    assert len(m1) == len(m2) and set(m1) == set(m2)
    assert all(m1[e] == m2[e] for e in m1)


@pytest.mark.parametrize("name", ["chicken", "prisoners", "elmira", "garrison",
                                  "cuban_missile_1962", "standoff", "cuban_1962_bargaining",
                                  str(EARLIER_UKRAINE)])
def test_bundled_models(name):
    model = graph_model(name)
    for origin in np.linspace(0, model.n_states - 1, 5).astype(int):
        same(model, int(origin))


def test_with_a_coalition():
    model = graph_model(str(EARLIER_UKRAINE))  # 8,748 states, five parties
    coalition = (tuple(model.party_ids[:2]),)
    for origin in (0, model.n_states // 2, model.n_states - 1):
        same(model, origin, coalition)


def test_unknown_edges_and_states_are_key_errors():
    model = graph_model("chicken")
    _, paths, movers = improving_paths(model, 0)
    with pytest.raises(KeyError):
        movers[(0, 0)]
    with pytest.raises(KeyError):
        paths[model.n_states + 5]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_yaml(max_parties=3, max_issues=4, max_constraints=2))
def test_random_models(text):
    scenario = negotiation.loads(text)
    try:
        model = graph_model(scenario)
    except ValueError:
        return  # no controlled issue: no graph model
    for origin in range(0, model.n_states, max(1, model.n_states // 4)):
        same(model, origin)
        if model.n_parties >= 2:
            same(model, origin, ((model.party_ids[0], model.party_ids[1]),))
