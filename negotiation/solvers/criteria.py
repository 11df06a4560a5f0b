"""Vectorised scores of the classic bargaining criteria, higher is better.

Shared by the bargaining solutions, the off-ramp ranking and the red-line
prices, so that "the Nash product" means one thing everywhere. Inputs are
effective utilities ``u`` of shape (packages, parties), the disagreement
point ``d`` (batnas), and for the asymmetric Nash product the bargaining
powers. Definitions and references are in :mod:`negotiation.solvers.agreement`
and ``docs/concepts/bargaining.md``.
"""
from __future__ import annotations

import numpy as np

from negotiation.solvers.names import CRITERIA

TIE_TOL = 1e-12


def check_criterion(name: str, what: str = "criterion") -> str:
    """``name`` if it is one of :data:`CRITERIA`, else a ValueError listing them.

    The one check of a criterion name, used by every function that takes one
    (``solve``, ``find_offramps(rank_by=)``, ``analyze_red_lines``, sweeps).
    """
    if name not in CRITERIA:
        raise ValueError(f"unknown {what} {name!r} (expected one of: {', '.join(CRITERIA)})")
    return name


def alphas(power, n: int) -> np.ndarray:
    """Bargaining weights: ``power`` normalised to sum 1 (equal if None)."""
    power = np.ones(n) if power is None else np.asarray(power, float)
    if power.shape != (n,) or (power <= 0).any():
        raise ValueError("power must be one positive number per party")
    return power / power.sum()


def gains(u: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Gains over the disagreement point, clipped at 0 (ZOPA points have u >= d)."""
    return np.maximum(np.asarray(u, float) - np.asarray(d, float), 0.0)


def nash_product(u, d) -> np.ndarray:
    """prod_i (u_i - d_i) (Nash 1950)."""
    return np.prod(gains(u, d), axis=1)


def asymmetric_nash_product(u, d, power) -> np.ndarray:
    """prod_i (u_i - d_i)^alpha_i with alpha = power / sum(power)."""
    alpha = np.asarray(power, float) / np.sum(power)
    return np.prod(gains(u, d) ** alpha, axis=1)


def ideal_point(u) -> np.ndarray:
    """Each party's best utility over the given packages (the ZOPA)."""
    return np.max(u, axis=0)


def ks_ratio(u, d, ideal=None) -> np.ndarray:
    """min_i (u_i - d_i) / (a_i - d_i); a party with a_i = d_i counts as 1."""
    u = np.asarray(u, float)
    ideal = ideal_point(u) if ideal is None else np.asarray(ideal, float)
    span = ideal - np.asarray(d, float)
    safe = np.where(span > 0, span, 1.0)
    ratio = np.where(span > 0, gains(u, d) / safe, 1.0)
    return ratio.min(axis=1)


def egalitarian_gain(u, d) -> np.ndarray:
    """min_i (u_i - d_i) (Kalai 1977)."""
    return (np.asarray(u, float) - np.asarray(d, float)).min(axis=1)


def utilitarian_sum(u, d=None) -> np.ndarray:
    """sum_i u_i."""
    return np.asarray(u, float).sum(axis=1)


def criterion_scores(name: str, u, d, power=None, ideal=None) -> np.ndarray:
    """Score of every package under the named criterion."""
    if name == "nash":
        return nash_product(u, d)
    if name == "asymmetric_nash":
        return asymmetric_nash_product(u, d, np.ones(np.shape(u)[1]) if power is None else power)
    if name == "kalai_smorodinsky":
        return ks_ratio(u, d, ideal)
    if name == "egalitarian":
        return egalitarian_gain(u, d)
    if name == "utilitarian":
        return utilitarian_sum(u)
    raise ValueError(check_criterion(name))


def ranking_order(scores, u, package_index) -> np.ndarray:
    """Indices sorted best first, ties broken deterministically.

    Ties (scores within TIE_TOL, relative) are broken by the larger
    utilitarian sum, then by the lexicographically smaller package (its
    index in the agreement space): results never depend on enumeration order
    or on chance.
    """
    scores = np.asarray(scores, float)
    scale = max(1.0, float(np.max(np.abs(scores[np.isfinite(scores)]), initial=0.0)))
    rounded = np.round(scores / (scale * TIE_TOL)) if len(scores) else scores
    total = np.round(utilitarian_sum(u) / TIE_TOL)
    return np.lexsort((np.asarray(package_index), -total, -rounded))


def best(scores, u, package_index) -> int:
    """Index of the best package (see :func:`ranking_order` for ties)."""
    return int(ranking_order(scores, u, package_index)[0])
