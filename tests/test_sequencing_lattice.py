"""The off-ramps' sequencing walks the lattice of moves as networkx would.

The reference is the graph built edge by edge with networkx: every ordering
(``all_simple_paths``) and every least-weight ordering
(``all_shortest_paths``, Dijkstra) from the empty set of moves to the full
set, on random unsafe and constraint-breaking states.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.solvers.offramps import sequencing


def reference_graph(m: int, weight: np.ndarray) -> nx.DiGraph:
    g = nx.DiGraph()
    for s in range(1 << m):
        for j in range(m):
            if not s >> j & 1:
                g.add_edge(s, s | 1 << j, weight=int(weight[s | 1 << j]))
    return g


@st.composite
def lattices(draw):
    m = draw(st.integers(1, 6))
    flags = st.lists(st.booleans(), min_size=1 << m, max_size=1 << m)
    return m, np.array(draw(flags)), np.array(draw(flags))


@settings(max_examples=80, deadline=None)
@given(lattices())
def test_least_weight_orderings_are_dijkstras(case):
    m, unsafe, breaks = case
    weight = sequencing._weights(m, unsafe, breaks)
    g = reference_graph(m, weight)
    full = (1 << m) - 1
    ours = list(sequencing._shortest(m, weight))
    theirs = sorted(nx.all_shortest_paths(g, 0, full, weight="weight"))
    assert ours == theirs  # the same paths, in lexicographic order of the moves
    least = nx.shortest_path_length(g, 0, full, weight="weight")
    assert all(sum(int(weight[t]) for t in p[1:]) == least for p in ours)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 6))
def test_every_ordering_in_depth_first_order(m):
    g = reference_graph(m, np.zeros(1 << m, dtype=int))
    ours = list(sequencing._orderings(m))
    assert len(ours) == math.factorial(m)
    assert ours == list(nx.all_simple_paths(g, 0, (1 << m) - 1))


def test_one_unsafe_step_outweighs_every_broken_condition():
    m = 3
    unsafe = np.zeros(8, dtype=bool)
    breaks = np.zeros(8, dtype=bool)
    unsafe[1] = True  # move 0 first is unsafe
    breaks[[2, 4, 6, 3, 5]] = True  # every other intermediate state breaks a condition
    weight = sequencing._weights(m, unsafe, breaks)
    best = list(sequencing._shortest(m, weight))
    # brute force over the 3! orderings: the fewest unsafe steps, then the fewest broken
    cost = {tuple(p): (sum(unsafe[t] for t in p[1:-1]), sum(breaks[t] for t in p[1:-1]))
            for p in sequencing._orderings(m)}
    least = min(cost.values())
    assert least == (0, 2)  # avoiding the unsafe state costs two broken conditions
    assert sorted(best) == sorted(list(p) for p, c in cost.items() if c == least)
    assert all(path[1] != 1 for path in best)
