"""Moves between states as a boolean adjacency, row-compressed.

Row ``s`` lists the states reachable from ``s`` in one move: ``indices``
between ``indptr[s]`` and ``indptr[s + 1]``, ascending. It is the layout of
a boolean CSR matrix (the ``indptr`` and ``indices`` of ``scipy.sparse``),
kept as two numpy arrays because the graph model only ever lists, filters
and reduces edges: it never multiplies matrices, and importing scipy.sparse
costs 0.2 to 0.25 s at every start (it clones numpy's namespace, importing
numpy.f2py and numpy.testing), more than a whole report's analysis of the
bundled scenario. :meth:`Adjacency.to_scipy` gives the scipy matrix for
matrix algebra.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.arrays import distinct_sorted


@dataclass(frozen=True, eq=False)
class Adjacency:
    """An (n, n) boolean adjacency; ``indptr`` (n + 1,), ``indices`` (edges,).
    Only :meth:`take_rows` makes one of other shape, (rows, n)."""

    indptr: np.ndarray
    indices: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def empty(cls, n: int) -> Adjacency:
        return cls(np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=np.int32), (n, n))

    @classmethod
    def from_edges(cls, sources: np.ndarray, targets: np.ndarray, n: int) -> Adjacency:
        """The adjacency with an edge for each (source, target) pair, each
        pair once, rows' targets ascending."""
        sources, targets = np.asarray(sources, np.int64), np.asarray(targets, np.int64)
        code = distinct_sorted(sources * n + targets)  # by source, then target
        counts = np.bincount(code // n, minlength=n) if n else np.zeros(0, np.int64)
        return cls(np.r_[0, np.cumsum(counts)].astype(np.int64),
                   (code % n).astype(np.int32) if n else code.astype(np.int32), (n, n))

    @classmethod
    def from_rows(cls, counts: np.ndarray, targets: np.ndarray, n: int) -> Adjacency:
        """The adjacency whose row ``s`` holds the next ``counts[s]`` of
        ``targets`` (already ascending within each row), over ``n`` states."""
        return cls(np.r_[0, np.cumsum(counts)].astype(np.int64),
                   np.asarray(targets, np.int32), (len(counts), n))

    @property
    def nnz(self) -> int:
        """The number of edges."""
        return int(self.indptr[-1])

    def row(self, s: int) -> np.ndarray:
        """The states reachable from ``s`` in one move, ascending."""
        return self.indices[self.indptr[s]:self.indptr[s + 1]]

    def out_degree(self) -> np.ndarray:
        """(n,) the number of moves from each state."""
        return np.diff(self.indptr)

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """(sources, targets) of every edge, by source then target."""
        return np.repeat(np.arange(self.shape[0]), self.out_degree()), self.indices

    def only(self, keep: np.ndarray) -> Adjacency:
        """The adjacency with only the edges where ``keep`` (edges,) is true."""
        sources, _ = self.edges()
        counts = np.bincount(sources[keep], minlength=self.shape[0])
        return Adjacency.from_rows(counts, self.indices[keep], self.shape[1])

    def take_rows(self, rows: np.ndarray) -> Adjacency:
        """The adjacency whose row ``i`` is row ``rows[i]`` of this one (a
        permutation of the rows keeps it square)."""
        rows = np.asarray(rows, dtype=np.int64)
        counts = self.out_degree()[rows]
        starts = np.repeat(self.indptr[rows] - np.cumsum(counts) + counts, counts)
        picked = self.indices[starts + np.arange(int(counts.sum()))]
        return Adjacency.from_rows(counts, picked, self.shape[1])

    def toarray(self) -> np.ndarray:
        """(n, n) dense boolean matrix (for small models)."""
        dense = np.zeros(self.shape, dtype=bool)
        dense[self.edges()] = True
        return dense

    def to_scipy(self):
        """The same edges as a ``scipy.sparse.csr_matrix``."""
        from scipy import sparse

        return sparse.csr_matrix((np.ones(self.nnz, bool), self.indices, self.indptr),
                                 shape=self.shape)
