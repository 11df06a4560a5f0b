"""Declared parameter distributions, drawn by inverse CDF inside the declared range.

One definition for every Monte Carlo of the tool (random sweeps and the
off-ramp probability), so that a ``distribution:`` in a scenario means the
same thing everywhere:

* ``uniform: [low, high]``;
* ``normal: [mean, sd]``, truncated to the parameter's declared range (the
  normal conditioned on the range, not piled up at its ends);
* ``triangular: [low, mode, high]``;
* ``beta: [a, b]``, scaled to the declared range (on [0, 1] when the
  parameter declares none);
* ``exponential: [mean]``.

Every draw is finally clipped to the declared range: a parameter never
leaves the range its author gave.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

_EDGE = 1e-12  # keeps unbounded inverse CDFs finite at u = 0


def _stats():
    """scipy.stats, imported when a distribution other than the uniform is
    used: it takes 0.3 to 1 s to import, and the uniform needs none of it."""
    from scipy import stats

    return stats


def inverse_cdf(kind: str, args, u: np.ndarray, bounds=None) -> np.ndarray:
    """Values of the distribution at uniform draws ``u`` in [0, 1)."""
    args = [float(a) for a in args]
    lo, hi = (float(bounds[0]), float(bounds[1])) if bounds is not None else (None, None)
    u = np.clip(np.asarray(u, float), _EDGE, 1 - _EDGE)
    if kind == "uniform":
        x = args[0] + (args[1] - args[0]) * u
    elif kind == "normal":
        x = _truncated_normal(args, lo, hi).ppf(u)
    elif kind == "triangular":
        low, mode, high = args
        x = np.full_like(u, low) if high == low else \
            _stats().triang.ppf(u, (mode - low) / (high - low), low, high - low)
    elif kind == "beta":
        x = _stats().beta.ppf(u, *args)
        if lo is not None and hi is not None:  # bounds give both or neither
            x = lo + (hi - lo) * x
    elif kind == "exponential":
        x = _stats().expon.ppf(u, scale=args[0])
    else:
        raise ValueError(f"unknown distribution {kind!r}")
    return x if lo is None else np.clip(x, lo, hi)


def _truncated_normal(args, lo, hi):
    """The normal [mean, sd] conditioned on the declared range (frozen scipy)."""
    mean, sd = args
    a = -np.inf if lo is None else (lo - mean) / sd
    b = np.inf if hi is None else (hi - mean) / sd
    return _stats().truncnorm(a, b, loc=mean, scale=sd)


def cdf(distribution: Mapping[str, Sequence[float]], t, bounds=None) -> np.ndarray:
    """P(value <= t) for a declared distribution, exactly as :func:`draw` draws
    it (clipped to ``bounds``: the mass beyond an end sits at that end).

    Examples
    --------
    >>> cdf({"uniform": [0, 0.4]}, [0.1, 0.4, 0.5]).round(4).tolist()
    [0.25, 1.0, 1.0]
    >>> cdf({"exponential": [0.2]}, [0.2], bounds=(0, 0.1)).tolist()
    [1.0]
    """
    (kind, args), = dict(distribution).items()
    args = [float(a) for a in args]
    t = np.asarray(t, float)
    lo, hi = (float(bounds[0]), float(bounds[1])) if bounds is not None else (None, None)
    if kind == "uniform":
        # the closed form, as its inverse in inverse_cdf
        p = np.clip((t - args[0]) / (args[1] - args[0]), 0.0, 1.0) if args[1] > args[0] \
            else (t >= args[0]).astype(float)
    elif kind == "normal":
        p = _truncated_normal(args, lo, hi).cdf(t)
    elif kind == "triangular":
        low, mode, high = args
        p = (t >= low).astype(float) if high == low else \
            _stats().triang.cdf(t, (mode - low) / (high - low), low, high - low)
    elif kind == "beta":
        z = t
        if lo is not None and hi is not None:
            z = (t - lo) / (hi - lo) if hi > lo else np.where(t >= lo, 1.0, -1.0)
        p = _stats().beta.cdf(z, *args)
    elif kind == "exponential":
        p = _stats().expon.cdf(t, scale=args[0])
    else:
        raise ValueError(f"unknown distribution {kind!r}")
    p = np.asarray(p, float)
    if lo is not None:
        p = np.where(t < lo, 0.0, np.where(t >= hi, 1.0, p))
    return p


def draw(distribution: Mapping[str, Sequence[float]] | Iterable[tuple[str, Sequence[float]]],
         u: np.ndarray, bounds=None) -> np.ndarray:
    """Values of a declared ``{kind: args}`` distribution at uniform draws ``u``
    (the mapping itself or its one ``(kind, args)`` item)."""
    (kind, args), = dict(distribution).items()
    return inverse_cdf(kind, args, u, bounds)
