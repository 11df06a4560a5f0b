"""Minimal correction sets and minimal conflicting sets of red lines.

Setting. The relaxable constraints (red lines and conditions) are a set C.
A package is a *candidate* when it is feasible and every party's effective
utility meets its batna; ``broken(p)`` is the set of relaxable constraints
candidate ``p`` breaks. Dropping a set D of constraints makes the ZOPA
non-empty exactly when some candidate has ``broken(p) ⊆ D``.

* A **minimal correction set** (MCS) is an inclusion-minimal D whose dropping
  restores a ZOPA. By the remark above the MCSes are exactly the
  inclusion-minimal members of the family ``{broken(p)}``: computed exactly
  by taking the distinct broken-sets (``np.unique`` over the boolean rows,
  one pass over the candidates, no search over subsets) and keeping the
  inclusion-minimal ones.
* A **minimal unsatisfiable subset** (MUS, a minimal conflict) is an
  inclusion-minimal S ⊆ C that cannot hold together with every batna: every
  candidate breaks some member of S. By hitting-set duality (Reiter 1987,
  "A theory of diagnosis from first principles", *Artificial Intelligence*
  32; Liffiton & Sakallah 2008, "Algorithms for computing minimal
  unsatisfiable subsets of constraints", *J. Automated Reasoning* 40) the
  MUSes are exactly the minimal hitting sets (minimal transversals) of the
  MCS family. They are computed with Berge's incremental transversal
  algorithm (Berge 1989, *Hypergraphs*, ch. 2): exact, and its cost grows
  with the number of MCSes and transversals, not with 2^|C|.

Special cases follow from the definitions: when the constraints are jointly
satisfiable the MCS family is ``{∅}`` and there is no MUS; when no candidate
exists at all (no feasible package meets every batna even with every red
line dropped) there is no MCS and the only MUS is ``∅``: no relaxation of
red lines helps.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from negotiation.arrays import distinct_sorted


def distinct_rows(broken: np.ndarray) -> np.ndarray:
    """The distinct rows of a (packages, constraints) boolean matrix."""
    broken = np.asarray(broken, dtype=bool)
    if broken.shape[0] == 0:
        return broken.reshape(0, broken.shape[1] if broken.ndim == 2 else 0)
    k = broken.shape[1]
    if not 0 < k < 63:
        return np.unique(broken, axis=0)
    # each row as a number, its first column the highest bit: numbers sort
    # as the rows do, and distinct integers are 20x faster to find than rows
    bits = np.left_shift(1, np.arange(k - 1, -1, -1, dtype=np.int64))
    codes = distinct_sorted(broken @ bits)
    return (codes[:, None] & bits) != 0


def inclusion_minimal(rows: np.ndarray) -> np.ndarray:
    """Rows (as sets of column indices) that contain no other row.

    Rows are processed by increasing size, so a row is kept exactly when no
    kept (smaller or equal, distinct) row is a subset of it."""
    rows = distinct_rows(rows)
    if len(rows) == 0:
        return rows
    order = np.lexsort((np.arange(len(rows)), rows.sum(axis=1)))
    kept: list[np.ndarray] = []
    for row in rows[order]:
        if kept:
            stack = np.array(kept)
            # a kept set K is a subset of row iff K has no member outside row
            if (~(stack & ~row).any(axis=1)).any():
                continue
        kept.append(row)
    return np.array(kept, dtype=bool)


def to_masks(rows: np.ndarray) -> list[int]:
    """Boolean rows -> integer bitmasks (bit j = column j)."""
    weights = [1 << j for j in range(rows.shape[1])] if rows.ndim == 2 else []
    return [sum(w for w, hit in zip(weights, row) if hit) for row in rows]


def inclusion_minimal_masks(masks: Iterable[int]) -> list[int]:
    """The distinct bitmasks that contain no other, by size then value."""
    unique = sorted(set(masks), key=lambda m: (bin(m).count("1"), m))
    kept: list[int] = []
    for m in unique:
        if not any(k & m == k for k in kept):
            kept.append(m)
    return kept


def minimal_hitting_sets(family: Sequence[int]) -> list[int]:
    """Every minimal transversal of a family of sets given as bitmasks.

    Berge's algorithm: the transversals of {E1..Ek} are obtained from those
    of {E1..Ek-1}: a transversal that already meets Ek stays; one that
    misses it is extended by each element of Ek; then non-minimal sets are
    removed. The empty family has the single transversal ∅; a family that
    contains ∅ has none."""
    transversals = [0]
    for edge in sorted(set(family), key=lambda m: (bin(m).count("1"), m)):
        if edge == 0:
            return []
        elements = [1 << j for j in range(edge.bit_length()) if edge >> j & 1]
        grown = []
        for t in transversals:
            if t & edge:
                grown.append(t)
            else:
                grown.extend(t | e for e in elements)
        transversals = inclusion_minimal_masks(grown)
    return transversals


def mask_members(mask: int, names: Sequence[str]) -> list[str]:
    """Sorted names of the members of a bitmask."""
    return sorted(names[j] for j in range(len(names)) if mask >> j & 1)


def correction_and_conflict_sets(broken: np.ndarray, names: Sequence[str]):
    """(MCSes, MUSes) as sorted lists of sorted name lists.

    ``broken`` is the (candidates, constraints) matrix of which relaxable
    constraints each candidate package breaks. Returns the raw families:
    ``[[]]`` as the MCS family when the constraints hold jointly, and
    ``[[]]`` as the MUS family when there is no candidate at all."""
    minimal = inclusion_minimal(broken)
    mcs_masks = to_masks(minimal)
    mus_masks = minimal_hitting_sets(mcs_masks)
    mcs = sorted(mask_members(m, names) for m in mcs_masks)
    mus = sorted(mask_members(m, names) for m in mus_masks)
    return mcs, mus
