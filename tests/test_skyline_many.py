"""The skyline in 4 to 7 coordinates against the definition.

The bitset divide and conquer of :mod:`negotiation.solvers.agreement.bitset_skyline`
is checked through :func:`maxima_mask` (pre-filter, duplicates, the 1e-12
grid) and on its own, with its size constants shrunk so that small inputs go
through many levels, cut groups into tiles, answer tiles in several batches
and gather candidate rows in several chunks.
"""
from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from skyline_reference import brute_force, distinct_sorted

from negotiation.solvers.agreement import bitset_skyline, skyline
from negotiation.solvers.agreement.skyline import maxima_mask


def tiny_sizes():
    """Constants small enough for a few hundred points to use every loop."""
    return mock.patch.multiple(bitset_skyline, LEAF=4, TILE=8, WORD_BUDGET=40, ROW_WORDS=2,
                               SLICES=3, ASKED=5, SAMPLE=10)


# coarse integer grids: many ties in every coordinate, many duplicate rows
grids = st.integers(4, 7).flatmap(lambda k: st.lists(
    st.lists(st.integers(0, 4), min_size=k, max_size=k), min_size=1, max_size=300))


@settings(max_examples=60, deadline=None)
@given(grids)
def test_mask_matches_the_definition(rows):
    u = np.array(rows, dtype=float) / 4
    assert (maxima_mask(u) == brute_force(u)).all()


@settings(max_examples=60, deadline=None)
@given(grids)
def test_every_loop_of_the_divide_and_conquer(rows):
    points = distinct_sorted(np.array(rows, dtype=float) / 4)
    with tiny_sizes():
        got = bitset_skyline.bitset_divide_and_conquer(points)
        through_mask = maxima_mask(np.array(rows, dtype=float) / 4)
    assert (got == brute_force(points)).all()
    assert (through_mask == brute_force(np.array(rows, dtype=float))).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 7), st.integers(1, 400), st.integers(0, 2 ** 32 - 1))
def test_continuous_clouds_with_tiny_sizes(k, n, seed):
    rng = np.random.default_rng(seed)
    base = rng.random((n, k))
    u = base - 0.7 * base.mean(axis=1, keepdims=True)  # anticorrelated: large fronts
    with tiny_sizes():
        assert (maxima_mask(u) == brute_force(u)).all()


@settings(max_examples=40, deadline=None)
@given(grids, st.integers(0, 2 ** 32 - 1))
def test_noise_below_the_grid_is_equality(rows, seed):
    # a value and the same value moved by less than half the grid step are equal
    rng = np.random.default_rng(seed)
    u = np.array(rows, dtype=float) / 4 + 0.3
    noisy = u + rng.choice([-3e-14, 0.0, 3e-14], size=u.shape)
    assert (maxima_mask(noisy) == brute_force(u)).all()


@settings(max_examples=40, deadline=None)
@given(grids)
def test_differences_above_the_grid_count(rows):
    # steps of 1e-10 are real differences: the answer is the integer grid's
    grid = np.array(rows, dtype=float)
    assert (maxima_mask(0.5 + grid * 1e-10) == brute_force(grid)).all()


def test_duplicates_share_their_answer():
    rng = np.random.default_rng(7)
    u = np.repeat(rng.integers(0, 5, (200, 6)) / 4, 3, axis=0)
    u = u[rng.permutation(len(u))]
    mask = maxima_mask(u)
    first = {}
    for row, m in zip(map(tuple, u), mask):
        assert first.setdefault(row, m) == m
    assert (mask == brute_force(u)).all()


@pytest.mark.parametrize("k", [4, 5, 6, 7])
def test_additive_utilities_through_the_prefilter(k):
    # sums of per-issue scores, as the scenarios make them; enough points
    # for the pre-filter and for several levels at the real sizes
    rng = np.random.default_rng(k)
    n = 5000
    u = sum(rng.integers(0, 11, (n, k)) / 10 * rng.random(k) for _ in range(7))
    assert (maxima_mask(u) == brute_force(u)).all()


def test_groups_larger_than_a_tile():
    # an anticorrelated cloud keeps most points, so merges see groups of
    # several tiles and several batches at the real constants scaled down
    rng = np.random.default_rng(11)
    base = rng.random((3000, 5))
    u = base - 0.9 * base.mean(axis=1, keepdims=True)
    with mock.patch.multiple(bitset_skyline, LEAF=64, TILE=128, WORD_BUDGET=1000):
        assert (maxima_mask(u) == brute_force(u)).all()


def test_float_points_and_their_ranks_agree():
    rng = np.random.default_rng(3)
    points = distinct_sorted(rng.integers(0, 6, (800, 5)) / 5)
    ranks = np.stack([np.unique(c, return_inverse=True)[1] for c in points.T], axis=1)
    assert (bitset_skyline.bitset_divide_and_conquer(points)
            == bitset_skyline.bitset_divide_and_conquer(ranks.astype(np.int64))).all()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 9), st.integers(1, 200), st.integers(0, 2 ** 32 - 1),
       st.sampled_from([1, 3, 40, 2 ** 20]))
def test_packed_keys_keep_the_lexicographic_order(k, n, seed, top):
    rng = np.random.default_rng(seed)
    columns = rng.integers(0, top, (k, n))
    keys = skyline._packed_keys(columns)
    assert (np.lexsort(keys[::-1]) == np.lexsort(columns[::-1])).all()
    rows = {tuple(r) for r in columns.T}
    assert len({tuple(r) for r in keys.T}) == len(rows)  # equal keys iff equal rows
