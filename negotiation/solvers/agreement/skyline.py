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

import numpy as np

GRID = 12  # decimals kept when comparing utilities
CELLS = (1 << 16, 1 << 20)  # grid cells of the pre-filter: first pass, later passes
FIRST_BINS = 64  # at most this many bins per coordinate in the first pass
SMALL = 1024  # below this many points the pre-filter does not pay
SHRINK = 0.7  # repeat the pre-filter while it keeps at most this share
LEAF = 1024  # points per group at the bottom of the bitset divide and conquer
TILE = 2048  # at most this many dominators share one bitset table
WORD_BUDGET = 1 << 22  # 64-bit words of bitset tables built at once (32 MB)
ROW_WORDS = 1 << 19  # 64-bit words of candidate bitsets gathered at once (4 MB)
SLICES = 8  # row slices by prefix length (each reads only the words it needs)


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
        efficient = _bitset_divide_and_conquer(distinct)
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
    ranks = np.stack([_dense_rank(col) for col in points])
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


def _bitset_divide_and_conquer(points: np.ndarray) -> np.ndarray:
    """Maximal rows of distinct points sorted lexicographically descending
    (any number of coordinates; integer points are taken as non-negative
    ranks, as :func:`_distinct_descending` makes them).

    The sequence is cut into 2^L groups of at most :data:`LEAF` consecutive
    points; each group keeps its own maximal points (one bitset test for all
    the groups), then neighbouring groups are merged level by level: a point
    of the later group is dropped when a survivor of the earlier one is at
    least as large in coordinates 1.. (in coordinate 0 it is, by the order).
    A dominated point is dominated by a maximal point before it, which
    survives every level and meets it at the level that splits them."""
    n = len(points)
    ranks = points if points.dtype.kind in "iu" else _column_ranks(points)
    levels = int(np.ceil(np.log2(n / LEAF))) if n > LEAF else 0
    group = np.arange(n) // -(-n >> levels)  # ceil(n / 2^levels) points per group
    alive = ~_dominated_in_groups(ranks, group, ranks, group, free=0)
    index, group = np.flatnonzero(alive), group[alive]
    for _ in range(levels):
        later = (group & 1).astype(bool)
        dropped = _dominated_in_groups(ranks[index[~later]], group[~later] >> 1,
                                       ranks[index[later]], group[later] >> 1, free=1)
        keep = np.ones(len(index), dtype=bool)
        keep[np.flatnonzero(later)[dropped]] = False
        index, group = index[keep], group[keep] >> 1
    efficient = np.zeros(n, dtype=bool)
    efficient[index] = True
    return efficient


_z_order_filter = _bitset_divide_and_conquer  # the former 4+ path's name, kept for callers


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


def _column_ranks(points: np.ndarray) -> np.ndarray:
    """Dense ranks of each column (0: the smallest value), as int64."""
    ranks = np.empty(points.shape, dtype=np.int64)
    for c in range(points.shape[1]):
        ranks[:, c] = _dense_rank(points[:, c])
    return ranks


def _dominated_in_groups(high: np.ndarray, high_group: np.ndarray, low: np.ndarray,
                         low_group: np.ndarray, free: int) -> np.ndarray:
    """For each row of ``low``: is some other row of ``high`` of the same
    group at least as large in every coordinate from ``free`` on?

    Rows are ranks, sorted by group; ``high is low`` asks within each group
    (a row does not beat itself). Groups of more than :data:`TILE` high rows
    are cut into tiles (a low row is asked once per tile of its group), and
    the tiles are answered in batches whose bitset tables fit
    :data:`WORD_BUDGET`."""
    same = high is low
    groups = int(max(high_group.max(initial=-1), low_group.max(initial=-1))) + 1
    tile, tiles_of_group = _tiles(high_group, groups, 0 if same else TILE)
    row, low_tile = _copies_per_tile(low_group, tiles_of_group) if not same else (
        np.arange(len(low)), tile)
    beaten = np.zeros(len(row), dtype=bool)
    size = int(np.bincount(tile).max()) if len(tile) else 0
    per_batch = max(1, WORD_BUDGET // ((size + 1) * (-(-size // 64)) + 1))
    for t0 in range(0, int(tiles_of_group.sum()), per_batch):
        h0, h1 = np.searchsorted(tile, [t0, t0 + per_batch])
        l0, l1 = np.searchsorted(low_tile, [t0, t0 + per_batch])
        beaten[l0:l1] = _dominated_in_tiles(high[h0:h1], tile[h0:h1] - t0, low[row[l0:l1]],
                                            low_tile[l0:l1] - t0, free, same)
    return np.bincount(row[beaten], minlength=len(low)) > 0


def _tiles(group: np.ndarray, groups: int, tile: int) -> tuple[np.ndarray, np.ndarray]:
    """Tile of each row (rows sorted by group; a group cut every ``tile``
    rows, never if 0) and the number of tiles of each group (at least one)."""
    count = np.bincount(group, minlength=groups)
    if tile == 0:
        return group, np.ones(groups, dtype=np.int64)
    tiles = np.maximum(1, -(-count // tile))
    within = np.arange(len(group)) - (np.cumsum(count) - count)[group]
    return (np.cumsum(tiles) - tiles)[group] + within // tile, tiles


def _copies_per_tile(group: np.ndarray, tiles_of_group: np.ndarray) -> tuple[np.ndarray,
                                                                             np.ndarray]:
    """One copy of each row per tile of its group: the copies' rows and
    tiles, sorted by tile."""
    copies = tiles_of_group[group]
    row = np.repeat(np.arange(len(group)), copies)
    nth = np.arange(len(row)) - np.repeat(np.cumsum(copies) - copies, copies)
    tile = (np.cumsum(tiles_of_group) - tiles_of_group)[group[row]] + nth
    order = np.argsort(tile, kind="stable")
    return row[order], tile[order]


def _dominated_in_tiles(high: np.ndarray, high_tile: np.ndarray, low: np.ndarray,
                        low_tile: np.ndarray, free: int, same: bool) -> np.ndarray:
    """The bitmap test of Tan, Eng & Ooi (2001) within each tile.

    A tile's high rows are numbered by descending coordinate ``free``: those
    at least as large there as a low row are a prefix of the numbering, a
    mask made on the fly. For each later coordinate a table holds, for every
    j, the bitset of the tile's j largest rows in that coordinate (prefix
    ORs). A low row is beaten iff the AND of its mask and of its table row
    in each coordinate (picked by the count of rows at least as large) is
    not empty, once its own bit is cleared when ``same``."""
    k = low.shape[1]
    tiles = int(max(high_tile.max(initial=-1), low_tile.max(initial=-1))) + 1
    if len(high) == 0 or len(low) == 0:
        return np.zeros(len(low), dtype=bool)
    if free == k:  # no coordinate left to compare: any high row of the tile beats
        return np.bincount(high_tile, minlength=tiles)[low_tile] > 0
    bit, at_least = _order_and_counts(*_columns(high, high_tile, low, low_tile, free, same),
                                      tiles)
    size = int(np.bincount(high_tile).max())
    words = -(-size // 64)
    tables, picks = [], []
    for c in range(free + 1, k):
        position, count = _order_and_counts(*_columns(high, high_tile, low, low_tile, c, same),
                                            tiles)
        tables.append(_prefix_table(high_tile, position, bit, tiles, size, words))
        picks.append(low_tile * (size + 1) + count)  # the table row of each low row
    masks = _prefix_masks(np.arange(size + 1), words)
    beaten = np.empty(len(low), dtype=bool)
    by_prefix = np.argsort(at_least, kind="stable")  # short prefixes need few words
    for rows in np.array_split(by_prefix, min(len(low), SLICES)):
        used = max(1, -(-int(at_least[rows[-1]]) // 64))  # words that can hold a beater
        rows = rows[np.argsort(low_tile[rows], kind="stable")]  # tile by tile: cache friendly
        step = max(1, ROW_WORDS // used)
        for r0 in range(0, len(rows), step):
            part = rows[r0:r0 + step]
            found = _rows(masks, at_least[part], used)
            for table, pick in zip(tables, picks):
                found &= _rows(table, pick[part], used)
            if same:  # a row is in its own prefixes; it does not beat itself
                own = bit[part]
                found[np.arange(len(part)), own >> 6] &= ~_bit(own)
            beaten[part] = found.max(axis=1) > 0
    return beaten


def _columns(high: np.ndarray, high_tile: np.ndarray, low: np.ndarray, low_tile: np.ndarray,
             c: int, same: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Coordinate ``c`` of both sides (the very same array twice when ``same``)."""
    column = high[:, c]
    return (column, high_tile, column, high_tile) if same else (column, high_tile, low[:, c],
                                                                 low_tile)


def _rows(table: np.ndarray, index: np.ndarray, used: int) -> np.ndarray:
    """``table[index, :used]``, copied the fastest way: whole rows when most
    words are used (a plain take), else only the used words."""
    if 2 * used >= table.shape[1]:
        return np.take(table, index, axis=0)[:, :used]
    return table[index, :used]


def _order_and_counts(high: np.ndarray, high_tile: np.ndarray, low: np.ndarray,
                      low_tile: np.ndarray, tiles: int) -> tuple[np.ndarray, np.ndarray]:
    """Each high value's position in its tile by descending value (ties in
    any order), and for each low value the number of high values of its
    tile at least as large. One sort of both by (tile, value descending,
    high first); when ``low is high``, of the high values alone, a value's
    count being the end of its run of ties."""
    same = low is high
    span = 2 * (int(max(high.max(), low.max())) + 1)
    high_keys = high_tile * span + 2 * (span // 2 - 1 - high)
    keys = high_keys if same else np.concatenate([high_keys, low_tile * span
                                                 + 2 * (span // 2 - 1 - low) + 1])
    joint = np.argsort(keys)
    per_tile = np.bincount(high_tile, minlength=tiles)
    earlier = np.cumsum(per_tile) - per_tile  # high values of the tiles before
    position = np.empty(len(high), dtype=np.int64)
    count = np.empty(len(low), dtype=np.int64)
    if same:
        ordered = keys[joint]
        position[joint] = np.arange(len(joint)) - earlier[high_tile[joint]]
        count[joint] = np.searchsorted(ordered, ordered, side="right") - earlier[high_tile[joint]]
        return position, count
    is_high = joint < len(high)
    seen = np.cumsum(is_high)  # high values up to each sorted slot
    highs, lows = joint[is_high], joint[~is_high] - len(high)
    position[highs] = seen[is_high] - 1 - earlier[high_tile[highs]]
    count[lows] = seen[~is_high] - earlier[low_tile[lows]]
    return position, count


def _prefix_table(tile: np.ndarray, position: np.ndarray, bit: np.ndarray, tiles: int,
                  size: int, words: int) -> np.ndarray:
    """Row t * (size + 1) + j: bitset of the rows of tile t at positions below j."""
    table = np.zeros((tiles, size + 1, words), dtype=np.uint64)
    table[tile, position + 1, bit >> 6] = _bit(bit)
    np.bitwise_or.accumulate(table, axis=1, out=table)
    return table.reshape(-1, words)


def _prefix_masks(count: np.ndarray, words: int) -> np.ndarray:
    """Bitsets of bits 0 .. count-1, one row per count."""
    word = np.arange(words)
    full = (count >> 6)[:, None]
    partial = _bit(count & 63)[:, None] - np.uint64(1)
    return np.where(word < full, ~np.uint64(0), np.where(word == full, partial, np.uint64(0)))


def _bit(index: np.ndarray) -> np.ndarray:
    """2 ** (index mod 64) as uint64."""
    return np.left_shift(np.uint64(1), (index & 63).astype(np.uint64))
