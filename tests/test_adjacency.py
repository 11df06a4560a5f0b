"""The graph model's boolean adjacency against scipy.sparse, and the array
helpers the report's speed rests on against the numpy functions they replace."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import sparse

import negotiation
from negotiation.arrays import distinct_sorted
from negotiation.report import _cell_lines
from negotiation.solvers.redlines.relaxations import distinct_rows
from negotiation.solvers.stability import graph_model
from negotiation.solvers.stability.adjacency import Adjacency


@st.composite
def edge_lists(draw):
    n = draw(st.integers(0, 12))
    if n == 0:
        return n, np.zeros(0, int), np.zeros(0, int)
    m = draw(st.integers(0, 40))
    ends = st.lists(st.integers(0, n - 1), min_size=m, max_size=m)
    return n, np.array(draw(ends), int), np.array(draw(ends), int)


def scipy_of(n, src, dst):
    return sparse.csr_matrix((np.ones(len(src), bool), (src, dst)), shape=(n, n))


@settings(max_examples=200, deadline=None)
@given(edge_lists())
def test_from_edges_is_scipys_csr_with_each_edge_once(case):
    n, src, dst = case
    ours, theirs = Adjacency.from_edges(src, dst, n), scipy_of(n, src, dst)
    theirs.sum_duplicates()
    assert ours.indptr.tolist() == theirs.indptr.tolist()
    assert ours.indices.tolist() == theirs.indices.tolist()  # each row ascending
    assert ours.nnz == theirs.nnz
    assert (ours.toarray() == theirs.toarray()).all()
    assert (ours.to_scipy().toarray() == theirs.toarray()).all()


@settings(max_examples=200, deadline=None)
@given(edge_lists(), st.data())
def test_rows_edges_and_filters_agree_with_scipy(case, data):
    n, src, dst = case
    ours, theirs = Adjacency.from_edges(src, dst, n), scipy_of(n, src, dst)
    dense = theirs.toarray()
    for s in range(n):
        assert ours.row(s).tolist() == np.flatnonzero(dense[s]).tolist()
    rows, cols = ours.edges()
    assert sorted(zip(rows.tolist(), cols.tolist())) == sorted(zip(*map(list, dense.nonzero())))
    keep = np.array(data.draw(st.lists(st.booleans(), min_size=ours.nnz, max_size=ours.nnz)),
                    bool)
    kept = ours.only(keep)
    assert set(zip(*map(list, kept.edges()))) == set(zip(rows[keep].tolist(),
                                                         cols[keep].tolist()))
    if n:
        pick = np.array(data.draw(st.lists(st.integers(0, n - 1), max_size=2 * n)), int)
        assert (ours.take_rows(pick).toarray() == dense[pick]).all()


def test_the_empty_adjacency_has_no_edges():
    empty = Adjacency.empty(3)
    assert empty.nnz == 0 and empty.shape == (3, 3) and not empty.toarray().any()
    assert empty.row(2).tolist() == [] and empty.out_degree().tolist() == [0, 0, 0]


def test_a_graph_models_moves_are_adjacencies_with_a_scipy_view():
    model = graph_model(negotiation.load("standoff"))
    moves = model.moves(0)
    assert isinstance(moves, Adjacency)
    assert moves.shape == (model.n_states, model.n_states) and moves.nnz > 0
    assert (moves.to_scipy().toarray() == moves.toarray()).all()
    # a unilateral move changes only the mover's issues: never itself
    assert not moves.toarray().diagonal().any()


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(np.int64, st.integers(0, 60), elements=st.integers(-2**40, 2**40)))
def test_distinct_sorted_is_numpys_unique_on_integers(values):
    assert distinct_sorted(values).tolist() == np.unique(values).tolist()


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(np.float64, st.integers(0, 60),
                  elements=st.floats(allow_nan=False, width=16)))
def test_distinct_sorted_is_numpys_unique_on_floats_without_nan(values):
    assert distinct_sorted(values).tolist() == np.unique(values).tolist()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 40), st.integers(0, 70), st.integers(0, 2**32 - 1))
def test_distinct_rows_is_numpys_unique_over_rows(n, k, seed):
    broken = np.random.default_rng(seed).random((n, k)) < 0.4
    ours, theirs = distinct_rows(broken), np.unique(broken, axis=0)
    assert ours.dtype == bool and ours.shape == theirs.shape
    assert (ours == theirs).all()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=list("ab -\t\n\xa0é."), max_size=30), st.integers(1, 40))
def test_a_table_cell_wraps_as_textwrap_wraps_it(text, width):
    assert _cell_lines(text, width) == (textwrap.wrap(text, width, break_on_hyphens=False)
                                        or [""])


@pytest.mark.parametrize("name", ["standoff", "ukraine_2022"])
def test_labels_of_many_states_are_the_labels_of_each(name):
    model = graph_model(negotiation.load(name))
    states = np.r_[np.arange(min(model.n_states, 50)), model.n_states - 1]
    assert model.labels_of(states) == [model.labels(int(k)) for k in states]
    assert model.labels_of([]) == []
