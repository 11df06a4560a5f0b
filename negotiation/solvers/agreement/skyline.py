"""Maximal vectors (the skyline) of a set of points, exactly and vectorised.

A point is *maximal* when no other point is at least as large in every
coordinate and larger in one. Coordinates are compared on a 1e-12 grid
(rounded to :data:`GRID` decimals), so that float noise does not make equal
points dominate each other; equal points are all maximal or all dominated.

The algorithms, after a cheap vectorised pre-filter (a grid: a point in a
cell strictly above an occupied cell in every coordinate is dominated) and
the removal of duplicates (one sort of the coordinates' ranks, packed a few
to an integer), are chosen by dimension:

* 1 or 2 coordinates: sort and scan, O(n log n) (Kung, Luccio & Preparata
  1975, "On finding the maxima of a set of vectors", JACM 22:469-476).
  Sorted lexicographically descending, a point is maximal iff its second
  coordinate beats the running maximum of those before it.
* 3 coordinates: the divide and conquer of Kung, Luccio & Preparata (1975)
  and Bentley (1980, "Multidimensional divide-and-conquer", CACM 23:214-229).
  Sorted lexicographically descending, a point is dominated iff some earlier
  point is at least as large in the last two coordinates. Every earlier /
  later pair is split exactly once by a halving of the sorted sequence, so
  all the halves of one level are answered together: one sort by (half, 2nd
  coordinate) and one running maximum of the 3rd. O(n log^2 n) work in
  log n numpy passes.
* 4 or more: the same divide and conquer with bitset merges
  (:mod:`negotiation.solvers.agreement.bitset_skyline`).
"""
from __future__ import annotations

import numpy as np

from negotiation.solvers.agreement.bitset_skyline import bitset_divide_and_conquer, dense_rank

GRID = 12  # decimals kept when comparing utilities
CELLS = (1 << 16, 1 << 20)  # grid cells of the pre-filter: first pass, later passes
FIRST_BINS = 64  # at most this many bins per coordinate in the first pass
SMALL = 1024  # below this many points the pre-filter does not pay
SHRINK = 0.7  # repeat the pre-filter while it keeps at most this share


def maxima_mask(u) -> np.ndarray:
    """Boolean mask of the maximal rows of ``u`` (points, coordinates).

    Parameters
    ----------
    u : array_like, shape (points, coordinates)
        Higher is better in every coordinate.

    Returns
    -------
    numpy.ndarray of bool, shape (points,)
        True where no other row is at least as large everywhere and larger
        somewhere (compared to 12 decimals). Equal rows share their answer.

    Examples
    --------
    >>> maxima_mask([[1, 2], [2, 1], [1, 1], [2, 1]]).tolist()
    [True, True, False, True]
    """
    u = np.asarray(u, dtype=float)
    if u.ndim != 2:
        raise ValueError("utilities must be a 2-d array (points, parties)")
    n, k = u.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    cols = np.round(np.ascontiguousarray(u.T), GRID)  # one contiguous row per coordinate
    alive = _prefilter(cols)
    distinct, inverse = _distinct_descending(cols[:, alive])
    if k <= 2:
        efficient = _scan_2d(distinct)
    elif k == 3:
        efficient = _divide_and_conquer_3d(distinct)
    else:
        efficient = bitset_divide_and_conquer(distinct)
    mask = np.zeros(n, dtype=bool)
    mask[alive[efficient[inverse]]] = True
    return mask


def _prefilter(cols: np.ndarray) -> np.ndarray:
    """Indices of the points that no point of a higher grid cell dominates.

    A coarse grid first (cheap over all the points), then finer ones over
    the survivors (whose bounding box is smaller too), while each pass still
    removes a good share of the points."""
    alive = np.arange(cols.shape[1])
    points, cells = cols, min(CELLS[0], FIRST_BINS ** cols.shape[0])
    while len(alive) > SMALL:
        keep = _grid_survivors(points, cells)
        if len(keep) > SHRINK * len(alive) and cells == CELLS[1]:
            break
        alive, cells = alive[keep], CELLS[1]
        points = cols[:, alive]
    return alive


def _grid_survivors(cols: np.ndarray, cells: int) -> np.ndarray:
    """Indices of the points whose grid cell has no occupied cell strictly
    above it in every coordinate.

    Each coordinate's range is cut into ``g`` equal bins (``g ** k`` about
    ``cells``). A point in a cell strictly above another cell in every
    coordinate is strictly larger everywhere than every point of that cell,
    so those points are dominated; bins are monotone in the value, so this
    holds exactly. Which cells have an occupied cell above them is a running
    maximum of the occupancy grid along each axis (bins are counted from the
    top, so the running maximum goes forwards)."""
    k, n = cols.shape
    g = max(2, int(round(cells ** (1.0 / k))))
    top, bottom = cols.max(axis=1), cols.min(axis=1)
    spread = top - bottom
    scale = np.divide(g, spread, out=np.zeros(k), where=spread > 0)
    cell = np.zeros(n, dtype=np.int64)
    for c in range(k):
        b = ((top[c] - cols[c]) * scale[c]).astype(np.int64)  # 0: the highest bin
        cell *= g
        cell += np.minimum(b, g - 1)
    occupied = np.zeros(g ** k, dtype=np.uint8)
    occupied[cell] = 1
    grid = occupied.reshape((g,) * k)
    for axis in range(k):  # grid[c]: some cell at least as high as c everywhere
        _running_max(grid.reshape(g ** axis, g, -1))
    beaten = np.zeros((g,) * k, dtype=bool)
    beaten[(slice(1, g),) * k] = grid[(slice(0, g - 1),) * k]  # one bin higher everywhere
    return np.flatnonzero(~beaten.ravel()[cell])


def _running_max(grid: np.ndarray) -> None:
    """Running maximum along the middle axis of a 3-d array, in place (one
    vector operation per bin: much faster than ``maximum.accumulate`` along
    an inner axis)."""
    for j in range(1, grid.shape[1]):
        np.maximum(grid[:, j], grid[:, j - 1], out=grid[:, j])


def _distinct_descending(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``points`` (given as columns), sorted
    lexicographically descending, and each original row's distinct index.

    Rows are returned as dense ranks per coordinate (int64), which keep the
    order and the ties of the values; sorting them packed, a few coordinates
    to an integer key, is much cheaper than sorting the floats."""
    ranks = np.stack([dense_rank(col) for col in points])
    keys = _packed_keys(ranks)
    order = np.lexsort(-keys[::-1])  # first key primary, all descending
    ranked = keys[:, order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (ranked[:, 1:] != ranked[:, :-1]).any(axis=0)
    group = np.cumsum(new) - 1
    inverse = np.empty_like(group)
    inverse[order] = group
    return np.ascontiguousarray(ranks[:, order[new]].T), inverse


def _packed_keys(ranks: np.ndarray) -> np.ndarray:
    """Non-negative integer columns (one row per coordinate) packed into as
    few int64 keys as fit, earlier coordinates in higher bits: the keys
    compare lexicographically as the columns do."""
    k, n = ranks.shape
    bits = max(1, int(ranks.max(initial=0)).bit_length())
    per_key = max(1, 63 // bits)
    keys = np.zeros((-(-k // per_key), n), dtype=np.int64)
    for c in range(k):
        keys[c // per_key] <<= bits
        keys[c // per_key] |= ranks[c]
    return keys


def _scan_2d(points: np.ndarray) -> np.ndarray:
    """Maximal rows of distinct points sorted lexicographically descending
    (1 or 2 coordinates): the last coordinate beats all earlier ones."""
    last = points[:, -1]
    best_before = np.maximum.accumulate(np.concatenate([[-np.inf], last[:-1]]))
    return last > best_before


def _divide_and_conquer_3d(points: np.ndarray) -> np.ndarray:
    """Maximal rows of distinct 3-d points sorted lexicographically descending.

    Row i is dominated iff some row j < i has y_j >= y_i and z_j >= z_i. At
    level L the sequence is cut into blocks of 2^(L+1) rows; for each row of
    a block's later half, the earlier half's rows with y >= y_i are those
    sorted before it by (block, y descending, earlier half first), and the
    running maximum of their z ranks (offset by block, so that no block sees
    another's) answers the query in one pass."""
    n = len(points)
    y, z = dense_rank(points[:, 1]), dense_rank(points[:, 2])
    position = np.arange(n)
    dominated = np.zeros(n, dtype=bool)
    level = 0
    while (1 << level) < n:
        block = position >> (level + 1)
        later = (position >> level) & 1
        order = np.argsort(block * (2 * n) + (n - 1 - y) * 2 + later, kind="stable")
        offset = block * n
        value = np.where(later == 0, offset + z, -1)  # only the earlier half answers
        best = np.maximum.accumulate(value[order])
        hit = (later[order] == 1) & (best >= offset[order] + z[order])
        dominated[order[hit]] = True
        level += 1
    return ~dominated
