"""Maximal vectors (the skyline) of a set of points, exactly and vectorised.

A point is *maximal* when no other point is at least as large in every
coordinate and larger in one. Coordinates are compared on a 1e-12 grid
(rounded to :data:`GRID` decimals), so that float noise does not make equal
points dominate each other; equal points are all maximal or all dominated.

The algorithms, after a cheap vectorised pre-filter (a few *pivots*, points
of largest weighted sum, remove every point they strictly dominate) and the
removal of duplicates (one lexicographic sort), are chosen by dimension:

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
* 4 or more: Sort-Filter-Skyline (Chomicki, Godfrey, Gryz & Liang 2003,
  "Skyline with presorting", ICDE) in Z order (Lee, Zheng, Li & Lee 2007,
  "Approaching the skyline in Z order", VLDB). The Morton code of the
  coordinates' ranks is monotone, so a dominating point always comes first;
  consecutive points are close in space, so each block of points is compared
  only with the maximal points found so far that lie above its lower corner.
"""
from __future__ import annotations

from typing import cast

import numpy as np

GRID = 12  # decimals kept when comparing utilities
CELLS = (1 << 16, 1 << 20)  # grid cells of the pre-filter: first pass, later passes
FIRST_BINS = 64  # at most this many bins per coordinate in the first pass
SMALL = 1024  # below this many points the pre-filter does not pay
SHRINK = 0.7  # repeat the pre-filter while it keeps at most this share
BLOCK = 256  # points per block in the Z-order filter
PAIR_BUDGET = 1 << 22  # pairwise comparisons per broadcast (bounds memory)


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
        efficient = _z_order_filter(distinct)
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
    lexicographically descending, and each original row's distinct index."""
    order = np.lexsort(-points[::-1])  # first coordinate primary, all descending
    ranked = points[:, order]
    new = np.ones(ranked.shape[1], dtype=bool)
    new[1:] = (ranked[:, 1:] != ranked[:, :-1]).any(axis=0)
    group = np.cumsum(new) - 1
    inverse = np.empty_like(group)
    inverse[order] = group
    return np.ascontiguousarray(ranked[:, new].T), inverse


def _scan_2d(points: np.ndarray) -> np.ndarray:
    """Maximal rows of distinct points sorted lexicographically descending
    (1 or 2 coordinates): the last coordinate beats all earlier ones."""
    last = points[:, -1]
    best_before = np.maximum.accumulate(np.concatenate([[-np.inf], last[:-1]]))
    return last > best_before


def _dense_rank(values: np.ndarray) -> np.ndarray:
    """0 for the smallest value, equal values equal ranks."""
    return np.unique(values, return_inverse=True)[1].ravel()


def _divide_and_conquer_3d(points: np.ndarray) -> np.ndarray:
    """Maximal rows of distinct 3-d points sorted lexicographically descending.

    Row i is dominated iff some row j < i has y_j >= y_i and z_j >= z_i. At
    level L the sequence is cut into blocks of 2^(L+1) rows; for each row of
    a block's later half, the earlier half's rows with y >= y_i are those
    sorted before it by (block, y descending, earlier half first), and the
    running maximum of their z ranks (offset by block, so that no block sees
    another's) answers the query in one pass."""
    n = len(points)
    y, z = _dense_rank(points[:, 1]), _dense_rank(points[:, 2])
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


def _z_order_filter(points: np.ndarray) -> np.ndarray:
    """Maximal rows of distinct points sorted lexicographically descending
    (any number of coordinates): Sort-Filter-Skyline in Z order, by blocks."""
    n, k = points.shape
    order = np.lexsort((np.arange(n), -_morton(points)))  # ties: lexicographic order
    ranked = np.ascontiguousarray(points[order])
    front = np.empty((k, n))  # columns of the maximal points found so far
    size = 0
    kept = np.zeros(n, dtype=bool)
    for start in range(0, n, BLOCK):
        block = ranked[start:start + BLOCK]
        above = _above_corner(front[:, :size], block.min(axis=0))
        alive = ~_covered(block, front[:, above])
        alive[alive] = ~_covered_within(block[alive])
        front[:, size:size + alive.sum()] = block[alive].T
        size += int(alive.sum())
        kept[start:start + len(block)] = alive
    efficient = np.zeros(n, dtype=bool)
    efficient[order[kept]] = True
    return efficient


def _morton(points: np.ndarray) -> np.ndarray:
    """Z-order keys: the bits of each coordinate's (scaled) rank interleaved.
    Monotone: a point at least as large everywhere has a key at least as large."""
    n, k = points.shape
    bits = max(1, min(63 // k, int(np.ceil(np.log2(n + 1)))))
    key = np.zeros(n, dtype=np.int64)
    for c in range(k):
        rank = _dense_rank(points[:, c]).astype(np.int64)
        scaled = (rank << bits) // (int(rank.max()) + 1)  # monotone, in [0, 2^bits)
        for b in range(bits):
            key |= ((scaled >> b) & 1) << (b * k + c)
    return key


def _above_corner(front: np.ndarray, corner: np.ndarray) -> np.ndarray:
    """Indices of the front points (columns) at least ``corner`` everywhere:
    the only ones that can dominate a point of a block with that lower corner."""
    ok = front[0] >= corner[0]
    for c in range(1, len(corner)):
        ok &= front[c] >= corner[c]
    return np.flatnonzero(ok)


def _covered(block: np.ndarray, front: np.ndarray) -> np.ndarray:
    """Block rows weakly below some front column (distinct points, so the
    front point dominates)."""
    covered = np.zeros(len(block), dtype=bool)
    step = max(1, PAIR_BUDGET // max(1, len(block)))
    for s in range(0, front.shape[1], step):
        part = front[:, s:s + step]
        # dimension by dimension: (block, part) booleans, no 3-d temporary
        below = block[:, :1] <= part[0]
        for c in range(1, block.shape[1]):
            below &= block[:, c:c + 1] <= part[c]
        covered |= below.any(axis=1)
    return covered


def _covered_within(block: np.ndarray) -> np.ndarray:
    """Block rows weakly below an earlier row of the block (in Z order only
    earlier rows can dominate later ones)."""
    below = block[None, :, 0] <= block[:, None, 0]  # below[j, i]: row j covers row i
    for c in range(1, block.shape[1]):
        below &= block[None, :, c] <= block[:, None, c]
    return cast(np.ndarray, np.triu(below, k=1).any(axis=0))  # 2-d -> 1-d
