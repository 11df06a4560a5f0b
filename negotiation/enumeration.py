"""Array kernels of the enumeration: the whole space, additive sums, bars.

The compiled game (:mod:`negotiation.game`) calls these on every package it
enumerates, so they are written for speed, and each gives exactly what the
plain expression gives (the same additions in the same order):

* :func:`all_packages`: every package in lexicographic order (the last issue
  varies fastest), filled issue by issue from broadcast option ranges
  instead of decoding each package index;
* :func:`gather_sums`: a per-option table summed over the packages' options,
  one issue and one column at a time (1-d takes are several times faster
  than gathering rows);
* :func:`space_sums`: the same over the whole space, one broadcast sum per
  issue (no gather at all);
* :func:`rows_at_least`: rows at least a bar in every column, column by
  column (faster than ``.all(axis=1)`` over a short last axis).
"""
from __future__ import annotations

import numpy as np

FEW = 64  # below this many packages, gather rows (less overhead per call)


def all_packages(n_options) -> np.ndarray:
    """Every package (rows of option indices) in lexicographic order.

    Parameters
    ----------
    n_options : sequence of int
        Options per issue.

    Returns
    -------
    numpy.ndarray of int16, shape (prod(n_options), issues)

    Examples
    --------
    >>> all_packages([2, 3]).tolist()
    [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]
    """
    shape = tuple(int(n) for n in n_options)
    out = np.empty(shape + (len(shape),), dtype=np.int16)
    for k, n in enumerate(shape):
        out[..., k] = np.arange(n, dtype=np.int16).reshape((n,) + (1,) * (len(shape) - k - 1))
    return out.reshape(-1, len(shape))


def gather_sums(table: np.ndarray, offsets, packages: np.ndarray) -> np.ndarray:
    """``sum_k table[offsets[k] + packages[:, k]]`` for every package.

    Parameters
    ----------
    table : numpy.ndarray, shape (options, columns)
        Rows of all issues' options, issue after issue.
    offsets : sequence of int
        First row of each issue.
    packages : numpy.ndarray, shape (packages, issues)

    Returns
    -------
    numpy.ndarray, shape (packages, columns)
        Summed issue by issue from zero (column-major unless few).

    Examples
    --------
    >>> table = np.array([[1.0], [2.0], [10.0], [20.0], [30.0]])
    >>> gather_sums(table, [0, 2], np.array([[0, 2], [1, 0]])).ravel().tolist()
    [31.0, 12.0]
    """
    if len(packages) < FEW:  # a few packages: one row gather per issue costs less
        total = np.zeros((len(packages), table.shape[1]))
        for k, offset in enumerate(offsets):
            total += table[packages[:, k].astype(np.intp) + offset]
        return total
    columns = np.ascontiguousarray(table.T)
    total = np.zeros((table.shape[1], len(packages)))
    rows = np.empty(len(packages), dtype=np.intp)
    for k, offset in enumerate(offsets):
        np.add(packages[:, k], offset, out=rows, dtype=np.intp)
        for p, column in enumerate(columns):
            total[p] += column.take(rows)
    return total.T


def space_sums(table: np.ndarray, offsets, n_options) -> np.ndarray:
    """:func:`gather_sums` over :func:`all_packages` (``n_options``), without
    gathering: each issue's rows added to every partial sum so far.

    Examples
    --------
    >>> table = np.array([[1.0], [2.0], [10.0], [20.0], [30.0]])
    >>> space_sums(table, [0, 2], [2, 3]).ravel().tolist()
    [11.0, 21.0, 31.0, 12.0, 22.0, 32.0]
    """
    total = np.zeros((1, table.shape[1]))
    for offset, n in zip(offsets, n_options):
        rows = table[int(offset):int(offset) + int(n)]
        total = (total[:, None, :] + rows[None, :, :]).reshape(-1, table.shape[1])
    return total


def rows_at_least(values: np.ndarray, bar: np.ndarray) -> np.ndarray:
    """Rows of ``values`` (rows, columns) at least ``bar`` in every column.

    Examples
    --------
    >>> rows_at_least(np.array([[1.0, 2.0], [3.0, 0.0]]), np.array([1.0, 1.0])).tolist()
    [True, False]
    """
    values = np.atleast_2d(values)
    ok = np.ones(len(values), dtype=bool)
    for c in range(values.shape[1]):
        ok &= values[:, c] >= bar[c]
    return ok
