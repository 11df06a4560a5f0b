"""The skyline's reference for the tests: the definition by brute force, and
the input the algorithms take (distinct rows, lexicographically descending)."""
from __future__ import annotations

import numpy as np


def brute_force(u: np.ndarray, chunk: int = 512) -> np.ndarray:
    """O(n^2) definition on the 12-decimal grid: no row weakly above
    everywhere and strictly above somewhere."""
    u = np.round(np.asarray(u, float), 12)
    out = np.ones(len(u), dtype=bool)
    for s in range(0, len(u), chunk):
        part = u[s:s + chunk]
        ge = (u[None, :, :] >= part[:, None, :]).all(axis=2)
        gt = (u[None, :, :] > part[:, None, :]).any(axis=2)
        out[s:s + chunk] = ~(ge & gt).any(axis=1)
    return out


def distinct_sorted(u: np.ndarray) -> np.ndarray:
    """Distinct rows, lexicographically descending (the algorithms' input)."""
    rows = np.unique(np.round(u, 12), axis=0)
    return rows[np.lexsort(-rows.T[::-1])]
