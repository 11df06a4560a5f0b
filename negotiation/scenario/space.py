"""The agreement space as mixed-radix integers: package index <-> options."""
from __future__ import annotations

import numpy as np


def space_size(n_options) -> int:
    """Number of packages (Python int: no overflow for huge spaces)."""
    size = 1
    for n in n_options:
        size *= int(n)
    return size


def decode(indices: np.ndarray, n_options) -> np.ndarray:
    """Packages (rows of option indices) for the given package indices.

    The last issue varies fastest, so packages come in lexicographic order.
    """
    indices = np.asarray(indices, dtype=np.int64)
    out = np.empty((indices.size, len(n_options)), dtype=np.int16)
    rest = indices.copy()
    for col in range(len(n_options) - 1, -1, -1):
        rest, out[:, col] = np.divmod(rest, int(n_options[col]))
    return out


def encode(packages: np.ndarray, n_options) -> np.ndarray:
    """Package indices of rows of option indices (inverse of :func:`decode`)."""
    packages = np.asarray(packages, dtype=np.int64)
    index = np.zeros(packages.shape[0], dtype=np.int64)
    for col, n in enumerate(n_options):
        index = index * int(n) + packages[:, col]
    return index


def all_packages(n_options) -> np.ndarray:
    return decode(np.arange(space_size(n_options)), n_options)
