"""The maximal-vector algorithms of the frontier against the definition.

Each path of :mod:`negotiation.solvers.agreement.skyline` (sort and scan,
divide and conquer in 3-d, the bitset divide and conquer for 4 or more, the grid
pre-filter) is checked on its own and through :func:`maxima_mask`, on
coarse grids (many ties and duplicates) and on clouds large enough for the
pre-filter to run.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from skyline_reference import brute_force, distinct_sorted

from negotiation.solvers.agreement import bitset_skyline, skyline
from negotiation.solvers.agreement.skyline import maxima_mask

grids = st.integers(1, 6).flatmap(lambda k: st.lists(
    st.lists(st.integers(0, 5), min_size=k, max_size=k), min_size=1, max_size=80))


@settings(max_examples=80, deadline=None)
@given(grids)
def test_mask_matches_definition(rows):
    u = np.array(rows, dtype=float) / 5
    assert (maxima_mask(u) == brute_force(u)).all()


@settings(max_examples=40, deadline=None)
@given(grids)
def test_each_algorithm_on_distinct_points(rows):
    points = distinct_sorted(np.array(rows, dtype=float) / 5)
    expected = brute_force(points)
    k = points.shape[1]
    if k <= 2:
        assert (skyline._scan_2d(points) == expected).all()
    if k == 3:
        assert (skyline._divide_and_conquer_3d(points) == expected).all()
    assert (bitset_skyline.bitset_divide_and_conquer(points) == expected).all()  # any dimension


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("kind", ["anticorrelated", "grid", "additive"])
def test_large_sets_through_the_prefilter(k, kind):
    rng = np.random.default_rng(10 * k)
    n = 4000
    if kind == "anticorrelated":  # large frontiers
        base = rng.random((n, k))
        u = base - 0.8 * base.mean(axis=1, keepdims=True)
    elif kind == "grid":  # values on bin edges, many duplicates
        u = rng.integers(0, 8, (n, k)) / 8
    else:  # sums of per-issue scores, as the scenarios make them
        u = sum(rng.integers(0, 11, (n, k)) / 10 * rng.random(k) for _ in range(6))
    assert len(skyline._prefilter(np.round(u.T, 12))) <= n
    assert (maxima_mask(u) == brute_force(u)).all()


def test_prefilter_never_drops_a_maximal_point():
    rng = np.random.default_rng(3)
    u = np.round(rng.random((20000, 3)) ** 3, 12)
    kept = np.zeros(len(u), dtype=bool)
    kept[skyline._prefilter(np.ascontiguousarray(u.T))] = True
    assert kept.sum() < len(u) // 4  # it does filter
    assert kept[maxima_mask(u)].all()


def test_duplicates_share_their_answer():
    u = np.array([[0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.6, 0.4, 0.5], [0.4, 0.4, 0.4]] * 400)
    mask = maxima_mask(u)
    assert mask.reshape(-1, 4).tolist() == [[True, True, True, False]] * 400


def test_float_noise_within_the_grid_is_equality():
    u = np.array([[0.1 + 0.2, 0.5, 0.2], [0.3, 0.5, 0.2], [0.3, 0.5 - 1e-14, 0.2]])
    assert maxima_mask(u).tolist() == [True, True, True]


def test_shape_errors():
    with pytest.raises(ValueError):
        maxima_mask(np.zeros(3))
    assert maxima_mask(np.zeros((0, 2))).shape == (0,)
