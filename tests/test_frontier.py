"""The Pareto frontier: the vectorised skyline against a brute-force check."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.solvers.agreement.pareto import pareto_mask


def brute_force_efficient(u: np.ndarray) -> np.ndarray:
    """O(n^2) definition: no other point weakly better everywhere, strictly somewhere."""
    ge = (u[None, :, :] >= u[:, None, :]).all(axis=2)  # ge[i, j]: j weakly above i
    gt = (u[None, :, :] > u[:, None, :]).any(axis=2)
    return ~(ge & gt).any(axis=1)


points = st.integers(1, 4).flatmap(lambda k: st.lists(
    st.lists(st.integers(0, 6), min_size=k, max_size=k), min_size=1, max_size=60))


@settings(max_examples=60, deadline=None)
@given(points)
def test_mask_matches_definition_on_small_grids(rows):
    # a coarse integer grid makes ties and duplicates frequent
    u = np.array(rows, dtype=float) / 6
    assert (pareto_mask(u) == brute_force_efficient(u)).all()


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_mask_matches_definition_on_random_clouds(k):
    rng = np.random.default_rng(k)
    # anticorrelated utilities make large frontiers, the hard case
    base = rng.random((3000, k))
    u = base - 0.8 * base.mean(axis=1, keepdims=True)
    assert (pareto_mask(u) == brute_force_efficient(u)).all()


def test_float_noise_does_not_create_dominance():
    # 0.1 + 0.2 != 0.3 in floating point; both points are the same deal
    u = np.array([[0.1 + 0.2, 0.5], [0.3, 0.5], [0.2, 0.4]])
    assert pareto_mask(u).tolist() == [True, True, False]


def test_empty_and_single_point():
    assert pareto_mask(np.empty((0, 3))).shape == (0,)
    assert pareto_mask(np.array([[0.2, 0.1]])).tolist() == [True]


def test_logroll_frontier(logroll):
    # ZOPA (walkaway 0.3): (0.9, 0.4), (0.8, 0.8), (0.4, 0.9) efficient;
    # (0.5, 0.5) (both shared, monitored) is dominated by (0.8, 0.8)
    front = negotiation.frontier(logroll)
    assert front.zopa.size == 4
    got = sorted(tuple(np.round(u, 9)) for u in front.utilities)
    assert got == [(0.4, 0.9), (0.8, 0.8), (0.9, 0.4)]


def test_frontier_points_are_in_zopa_and_efficient(standoff):
    front = negotiation.frontier(standoff)
    assert (front.utilities >= front.batna - 1e-9).all()
    assert brute_force_efficient(front.utilities).all()
    # every ZOPA point is weakly below some frontier point
    z = front.zopa.utilities
    covered = (z[:, None, :] <= front.utilities[None, :, :] + 1e-12).all(axis=2).any(axis=1)
    assert covered.all()
