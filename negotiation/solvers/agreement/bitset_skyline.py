"""Maximal vectors of four or more coordinates: divide and conquer with bitset merges.

The divide and conquer of Kung, Luccio & Preparata (1975, "On finding the
maxima of a set of vectors", JACM 22:469-476), bottom up, its merge step (which
points of a later half does some point of the earlier half dominate?)
answered with the bitmaps of Tan, Eng & Ooi (2001, "Efficient progressive
skyline computation", VLDB, the Bitmap algorithm): the points of a half at
least as large as a query in one coordinate are a prefix of that
coordinate's order, a bitset read from a table of prefix ORs, and the
query is dominated iff the AND of its bitsets over the coordinates is not
empty; 64 pairs per machine word. Coordinate 0 needs no bitset (the
earlier half is at least as large there), and the bits are numbered in
coordinate 1's order, so a query reads only the words of its prefix
there. All the halves of one level are answered together (their tables
side by side); halves of more than :data:`TILE` points are cut into tiles
so that tables stay small. First, when there are many points, the
maximal points of a sample (the points of largest rank sum) remove the
points they dominate in one such test, as the pivots of Sort-Filter-
Skyline do (Chomicki, Godfrey, Gryz & Liang 2003, "Skyline with
presorting", ICDE). O(n^2 / 64) word operations in the worst case, much
less when the halves' maximal points are few.

Used by :func:`negotiation.solvers.agreement.skyline.maxima_mask` for four
coordinates or more, on distinct points sorted lexicographically descending.
"""
from __future__ import annotations

import numpy as np

LEAF = 1024  # points per group at the bottom of the bitset divide and conquer
TILE = 2048  # at most this many dominators share one bitset table
WORD_BUDGET = 1 << 22  # 64-bit words of bitset tables built at once (32 MB)
ROW_WORDS = 1 << 19  # 64-bit words of candidate bitsets gathered at once (4 MB)
SLICES = 8  # row slices by prefix length (each reads only the words it needs)
ASKED = 1 << 18  # low rows (copies) asked at once
SAMPLE = 2000  # points of the sample whose maximal points filter the rest first


def dense_rank(values: np.ndarray) -> np.ndarray:
    """0 for the smallest value, equal values equal ranks."""
    return np.unique(values, return_inverse=True)[1].ravel()


def bitset_divide_and_conquer(points: np.ndarray) -> np.ndarray:
    """Maximal rows of distinct points sorted lexicographically descending
    (any number of coordinates; integer points are taken as non-negative
    ranks, as :func:`_distinct_descending` makes them).

    Many points first: those dominated by the maximal points of a sample
    (the :data:`SAMPLE` points of largest rank sum, which dominate much) are
    dropped in one bitset test. Then :func:`_groups_then_merges`."""
    n = len(points)
    ranks = points if points.dtype.kind in "iu" else _column_ranks(points)
    kept = _undominated_by_sample(ranks) if n > 4 * SAMPLE else np.arange(n)
    efficient = np.zeros(n, dtype=bool)
    efficient[kept[_groups_then_merges(ranks[kept])]] = True
    return efficient


def _undominated_by_sample(ranks: np.ndarray) -> np.ndarray:
    """Indices (increasing) of the points that no maximal point of the
    sample dominates."""
    n = len(ranks)
    score = (ranks / np.maximum(1, ranks.max(axis=0))).sum(axis=1)
    sample = np.sort(np.argpartition(-score, SAMPLE)[:SAMPLE])  # kept in lexicographic order
    front = sample[_groups_then_merges(ranks[sample])]
    kept = np.ones(n, dtype=bool)
    kept[front] = False
    asked = np.flatnonzero(kept)  # the points outside the sample's front
    beaten = _dominated_in_groups(ranks[front], np.zeros(len(front), dtype=np.int64),
                                  ranks[asked], np.zeros(len(asked), dtype=np.int64), free=0)
    kept[:] = True
    kept[asked[beaten]] = False
    return np.flatnonzero(kept)


def _groups_then_merges(ranks: np.ndarray) -> np.ndarray:
    """Indices of the maximal rows of distinct rank rows sorted
    lexicographically descending.

    The sequence is cut into 2^L groups of at most :data:`LEAF` consecutive
    points; each group keeps its own maximal points (one bitset test for all
    the groups), then neighbouring groups are merged level by level: a point
    of the later group is dropped when a survivor of the earlier one is at
    least as large in coordinates 1.. (in coordinate 0 it is, by the order).
    A dominated point is dominated by a maximal point before it, which
    survives every level and meets it at the level that splits them."""
    n = len(ranks)
    levels = int(np.ceil(np.log2(n / LEAF))) if n > LEAF else 0
    group = np.arange(n) // max(1, -(-n >> levels))  # ceil(n / 2^levels) points per group
    alive = ~_dominated_in_groups(ranks, group, ranks, group, free=0)
    index, group = np.flatnonzero(alive), group[alive]
    for _ in range(levels):
        later = (group & 1).astype(bool)
        dropped = _dominated_in_groups(ranks[index[~later]], group[~later] >> 1,
                                       ranks[index[later]], group[later] >> 1, free=1)
        keep = np.ones(len(index), dtype=bool)
        keep[np.flatnonzero(later)[dropped]] = False
        index, group = index[keep], group[keep] >> 1
    return index


def _column_ranks(points: np.ndarray) -> np.ndarray:
    """Dense ranks of each column (0: the smallest value), as int64."""
    ranks = np.empty(points.shape, dtype=np.int64)
    for c in range(points.shape[1]):
        ranks[:, c] = dense_rank(points[:, c])
    return ranks


def _dominated_in_groups(high: np.ndarray, high_group: np.ndarray, low: np.ndarray,
                         low_group: np.ndarray, free: int) -> np.ndarray:
    """For each row of ``low``: is some other row of ``high`` of the same
    group at least as large in every coordinate from ``free`` on?

    Rows are ranks, sorted by group; ``high is low`` asks within each group
    (a row does not beat itself; such groups, the leaves, are small). Other
    groups of more than :data:`TILE` high rows are cut into tiles, a low row
    being asked once per tile of its group. Memory stays bounded: tiles are
    answered in batches whose bitset tables fit :data:`WORD_BUDGET`, and at
    most :data:`ASKED` low rows (copies) at a time."""
    same = high is low
    groups = int(max(high_group.max(initial=-1), low_group.max(initial=-1))) + 1
    tile, tiles_of_group = _tiles(high_group, groups, 0 if same else TILE)
    first = np.cumsum(tiles_of_group) - tiles_of_group  # each group's first tile
    size = int(np.bincount(tile).max()) if len(tile) else 0
    tables = max(1, low.shape[1] - free - 1)
    per_batch = max(1, WORD_BUDGET // (tables * (size + 1) * (-(-size // 64)) + 1))
    beaten = np.zeros(len(low), dtype=bool)
    for t0 in range(0, int(tiles_of_group.sum()), per_batch):
        t1 = t0 + per_batch
        h0, h1 = np.searchsorted(tile, [t0, t1])
        if same:
            beaten[h0:h1] = _dominated_in_tiles(high[h0:h1], tile[h0:h1] - t0, high[h0:h1],
                                                tile[h0:h1] - t0, free, same)
            continue
        start = np.clip(first[low_group], t0, t1)  # the batch's tiles of each row's group
        copies = np.clip(first[low_group] + tiles_of_group[low_group], t0, t1) - start
        for rows in _runs_of_weight(np.flatnonzero(copies), copies, ASKED):
            row = np.repeat(rows, copies[rows])
            nth = np.arange(len(row)) - np.repeat(np.cumsum(copies[rows]) - copies[rows],
                                                  copies[rows])
            hit = _dominated_in_tiles(high[h0:h1], tile[h0:h1] - t0, low[row],
                                      start[row] + nth - t0, free, same)
            beaten[row[hit]] = True
    return beaten


def _runs_of_weight(rows: np.ndarray, weight: np.ndarray, budget: int) -> list[np.ndarray]:
    """``rows`` cut into consecutive runs of about ``budget`` total weight."""
    if len(rows) == 0:
        return []
    run = (np.cumsum(weight[rows]) - 1) // budget
    return np.split(rows, np.flatnonzero(np.diff(run)) + 1)


def _tiles(group: np.ndarray, groups: int, tile: int) -> tuple[np.ndarray, np.ndarray]:
    """Tile of each row (rows sorted by group; a group cut every ``tile``
    rows, never if 0) and the number of tiles of each group (at least one)."""
    count = np.bincount(group, minlength=groups)
    if tile == 0:
        return group, np.ones(groups, dtype=np.int64)
    tiles = np.maximum(1, -(-count // tile))
    within = np.arange(len(group)) - (np.cumsum(count) - count)[group]
    return (np.cumsum(tiles) - tiles)[group] + within // tile, tiles


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
    return _any_beater(at_least, masks, tables, picks, low_tile, bit if same else None)


def _any_beater(at_least: np.ndarray, masks: np.ndarray, tables: list[np.ndarray],
                picks: list[np.ndarray], low_tile: np.ndarray,
                own: np.ndarray | None) -> np.ndarray:
    """Low rows whose prefix mask (``masks[at_least]``) AND their rows of
    every table (``picks``) is not empty, their ``own`` bit cleared first.

    Rows go by slices of similar prefix length, so each slice reads only
    the words that can hold a beater; within a slice tile by tile (the
    tables' rows of one tile are close in memory), :data:`ROW_WORDS` words
    at a time."""
    beaten = np.empty(len(at_least), dtype=bool)
    by_prefix = np.argsort(at_least, kind="stable")
    for rows in np.array_split(by_prefix, min(len(at_least), SLICES)):
        used = max(1, -(-int(at_least[rows[-1]]) // 64))
        rows = rows[np.argsort(low_tile[rows], kind="stable")]
        step = max(1, ROW_WORDS // used)
        for r0 in range(0, len(rows), step):
            part = rows[r0:r0 + step]
            found = _rows(masks, at_least[part], used)
            for table, pick in zip(tables, picks):
                found &= _rows(table, pick[part], used)
            if own is not None:  # a row is in its own prefixes; it does not beat itself
                found[np.arange(len(part)), own[part] >> 6] &= ~_bit(own[part])
            beaten[part] = _nonzero_rows(found)
    return beaten


def _columns(high: np.ndarray, high_tile: np.ndarray, low: np.ndarray, low_tile: np.ndarray,
             c: int, same: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Coordinate ``c`` of both sides (the very same array twice when ``same``)."""
    column = high[:, c]
    return (column, high_tile, column, high_tile) if same else (column, high_tile, low[:, c],
                                                                 low_tile)


def _nonzero_rows(bits: np.ndarray) -> np.ndarray:
    """Rows of ``bits`` with a bit set. A few words: OR the columns (a
    reduction along short rows is slow in numpy)."""
    if bits.shape[1] > 16:
        return bits.max(axis=1) > 0
    seen = bits[:, 0].copy()
    for word in range(1, bits.shape[1]):
        seen |= bits[:, word]
    return seen > 0


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
    tile at least as large.

    One sort of both by (tile, value descending, high first); when ``low is
    high``, of the high values alone, a value's count being the end of its
    run of ties; when the (tile, value) cells are not many more than the
    low values, a histogram of the high values per tile counts instead, and
    only the high values are sorted."""
    values = int(max(high.max(), low.max())) + 1
    high_keys = high_tile * (2 * values) + 2 * (values - 1 - high)
    per_tile = np.bincount(high_tile, minlength=tiles)
    before = np.cumsum(per_tile) - per_tile  # high values of the tiles before each tile
    earlier = before[high_tile]
    if low is not high and tiles * values > 4 * len(low):
        low_keys = low_tile * (2 * values) + 2 * (values - 1 - low) + 1
        return _joint_order_and_counts(high_keys, low_keys, earlier, before[low_tile])
    by_value = _argsort(high_keys)
    position = np.empty(len(high), dtype=np.int64)
    position[by_value] = np.arange(len(high)) - earlier[by_value]
    if low is high:
        ordered = high_keys[by_value]
        count = np.empty(len(high), dtype=np.int64)
        count[by_value] = np.searchsorted(ordered, ordered, side="right") - earlier[by_value]
        return position, count
    cells = np.bincount(high_tile * values + high, minlength=tiles * values)
    at_least = np.cumsum(cells.reshape(tiles, values)[:, ::-1], axis=1)[:, ::-1]
    return position, at_least[low_tile, low]


def _joint_order_and_counts(high_keys: np.ndarray, low_keys: np.ndarray,
                            high_earlier: np.ndarray,
                            low_earlier: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_order_and_counts` by one sort of both sides' keys (ties:
    high first); ``*_earlier``: the high values in the tiles before each."""
    joint = _argsort(np.concatenate([high_keys, low_keys]))
    is_high = joint < len(high_keys)
    seen = np.cumsum(is_high)  # high values up to each sorted slot
    highs, lows = joint[is_high], joint[~is_high] - len(high_keys)
    position = np.empty(len(high_keys), dtype=np.int64)
    position[highs] = seen[is_high] - 1 - high_earlier[highs]
    count = np.empty(len(low_keys), dtype=np.int64)
    count[lows] = seen[~is_high] - low_earlier[lows]
    return position, count


def _argsort(keys: np.ndarray) -> np.ndarray:
    """``np.argsort`` of non-negative int64 keys, faster: when the keys and
    the indices fit 63 bits together, sort the keys with the index in the
    low bits (a plain sort of values is several times faster than an
    argsort); an already sorted array is recognised in one pass."""
    n = len(keys)
    if n == 0 or bool((keys[1:] >= keys[:-1]).all()):
        return np.arange(n)
    shift = max(1, (n - 1).bit_length())
    if int(keys.max()) >= 1 << (63 - shift):
        return np.argsort(keys)
    packed = np.sort((keys << shift) | np.arange(n))
    return packed & ((1 << shift) - 1)


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
