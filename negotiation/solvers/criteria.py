"""Vectorised scores of the classic bargaining criteria, higher is better.

Shared by the bargaining solutions, the off-ramp ranking and the red-line
prices, so that "the Nash product" means one thing everywhere. Inputs are
effective utilities ``u`` of shape (packages, parties), the disagreement
point ``d`` (batnas), and for the asymmetric Nash product the bargaining
powers. Definitions and references are in :mod:`negotiation.solvers.agreement`
and ``docs/concepts/bargaining.md``.

``sides`` (a :class:`negotiation.sides.Sides`, None: every party alone at
the table) says who sits at the table and on which side: the ratifiers'
columns are left out of every criterion, and in the Nash products a side's
members share its one weight (exponents ``w_s / |s|``). The egalitarian
criteria (and Kalai-Smorodinsky) take the least-served party, which is the
least-served member of the least-served side: the same by side as by
party. The utilitarian sums count every party at the table (by party; the
scale each criterion compares on: :data:`negotiation.solvers.names.SCALES`).
"""
from __future__ import annotations

import numpy as np

from negotiation.solvers.names import CRITERIA

TIE_TOL = 1e-12
# the criteria that measure each party's gain against its best gain in the zone
NORMALISED = ("kalai_smorodinsky", "normalised_egalitarian", "normalised_utilitarian")


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
    """min_i (u_i - d_i) / (a_i - d_i); a party with a_i = d_i counts as 1.

    The Kalai-Smorodinsky criterion on a finite zone, and the normalised
    egalitarian one: the egalitarian criterion on :func:`normalised_gains`."""
    return normalised_gains(u, d, ideal).min(axis=1)


def egalitarian_gain(u, d) -> np.ndarray:
    """min_i (u_i - d_i) (Kalai 1977): on each party's own scale."""
    return (np.asarray(u, float) - np.asarray(d, float)).min(axis=1)


def utilitarian_sum(u, d=None) -> np.ndarray:
    """sum_i u_i: on each party's own scale."""
    return np.asarray(u, float).sum(axis=1)


def normalised_gains(u, d, ideal=None) -> np.ndarray:
    """(packages, parties) ``(u_i - d_i) / (a_i - d_i)``: each party's gain over
    its batna as a share of its best gain ``a_i - d_i`` in the zone (a party
    that can gain nothing counts 1). Invariant to a positive affine rescaling
    of any party's utilities together with its batna."""
    u = np.asarray(u, float)
    ideal = ideal_point(u) if ideal is None else np.asarray(ideal, float)
    span = ideal - np.asarray(d, float)
    safe = np.where(span > 0, span, 1.0)
    return np.where(span > 0, gains(u, d) / safe, 1.0)


def normalised_utilitarian(u, d, ideal=None) -> np.ndarray:
    """sum_i of :func:`normalised_gains` (relative utilitarianism: Dhillon &
    Mertens 1999, *Econometrica* 67: 471-498, with the batna and the best
    deal in the zone as each party's 0 and 1)."""
    return normalised_gains(u, d, ideal).sum(axis=1)


def weighted_nash_product(u, d, exponents) -> np.ndarray:
    """prod_i (u_i - d_i)^e_i: the Nash product with a side's members sharing
    its weight (:mod:`negotiation.sides`)."""
    return np.prod(gains(u, d) ** np.asarray(exponents, float), axis=1)


def at_table(u, d, ideal, sides):
    """The columns of the parties at the table (all of them when ``sides`` is None)."""
    if sides is None or sides.at_table.all():
        return np.asarray(u, float), np.asarray(d, float), ideal
    keep = sides.at_table
    return (np.asarray(u, float)[:, keep], np.asarray(d, float)[keep],
            None if ideal is None else np.asarray(ideal, float)[keep])


def criterion_scores(name: str, u, d, power=None, ideal=None, sides=None) -> np.ndarray:
    """Score of every package under the named criterion (``sides``: see the
    module docstring; None or plain: every party alone at the table)."""
    if sides is not None and not sides.plain and name in ("nash", "asymmetric_nash"):
        keep = sides.at_table
        exponents = sides.exponents(power if name == "asymmetric_nash" else None)[keep]
        return weighted_nash_product(np.asarray(u, float)[:, keep], np.asarray(d)[keep],
                                     exponents)
    u, d, ideal = at_table(u, d, ideal, sides)
    if name == "nash":
        return nash_product(u, d)
    if name == "asymmetric_nash":
        return asymmetric_nash_product(u, d, np.ones(np.shape(u)[1]) if power is None else power)
    if name in ("kalai_smorodinsky", "normalised_egalitarian"):
        return ks_ratio(u, d, ideal)
    if name == "egalitarian":
        return egalitarian_gain(u, d)
    if name == "utilitarian":
        return utilitarian_sum(u)
    if name == "normalised_utilitarian":
        return normalised_utilitarian(u, d, ideal)
    raise ValueError(check_criterion(name))


def ranking_order(scores, u, package_index, sides=None) -> np.ndarray:
    """Indices sorted best first, ties broken deterministically.

    Ties (scores within TIE_TOL, relative) are broken by the larger
    utilitarian sum (with ``sides``: the sum of each side's mean utility,
    ratifiers left out), then by the lexicographically smaller package (its
    index in the agreement space): results never depend on enumeration order
    or on chance.
    """
    scores = np.asarray(scores, float)
    scale = max(1.0, float(np.max(np.abs(scores[np.isfinite(scores)]), initial=0.0)))
    rounded = np.round(scores / (scale * TIE_TOL)) if len(scores) else scores
    plain = sides is None or sides.plain
    total = utilitarian_sum(u) if plain else np.asarray(u, float) @ sides.tie_weights
    return np.lexsort((np.asarray(package_index), -np.round(total / TIE_TOL), -rounded))


def best(scores, u, package_index, sides=None) -> int:
    """Index of the best package (see :func:`ranking_order` for ties)."""
    return int(ranking_order(scores, u, package_index, sides)[0])
