"""Confidence intervals for a binomial proportion (a Monte Carlo share).

* Wilson's score interval (Wilson 1927, "Probable inference, the law of
  succession, and statistical inference", *JASA* 22: 209-212);
* the exact Clopper-Pearson interval (Clopper & Pearson 1934, *Biometrika*
  26: 404-413): quantiles of Beta distributions.
"""
from __future__ import annotations

import numpy as np

INTERVALS = ("wilson", "clopper_pearson")


def wilson_interval(hits: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion."""
    if n <= 0:
        raise ValueError("n must be positive")
    from scipy import stats  # imported on first use: 0.3 to 1 s

    z = stats.norm.ppf(0.5 + confidence / 2)
    phat = hits / n
    denom = 1 + z * z / n
    centre = (phat + z * z / (2 * n)) / denom
    half = z / denom * np.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def clopper_pearson_interval(hits: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval: quantiles of Beta distributions."""
    if n <= 0:
        raise ValueError("n must be positive")
    from scipy import stats

    alpha = 1 - confidence
    low = 0.0 if hits == 0 else float(stats.beta.ppf(alpha / 2, hits, n - hits + 1))
    high = 1.0 if hits == n else float(stats.beta.ppf(1 - alpha / 2, hits + 1, n - hits))
    return low, high


def binomial_interval(hits: int, n: int, confidence: float = 0.95,
                      interval: str = "wilson") -> tuple[float, float]:
    """The ``interval`` (one of :data:`INTERVALS`) for ``hits`` of ``n``.

    Examples
    --------
    >>> [round(float(x), 4) for x in binomial_interval(5, 10)]
    [0.2366, 0.7634]
    """
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}, got {interval!r}")
    method = wilson_interval if interval == "wilson" else clopper_pearson_interval
    return method(hits, n, confidence)
