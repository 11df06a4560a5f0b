"""Designs: which variants a sweep evaluates, in a deterministic order.

* ``grid``: the Cartesian product of every factor's values (the first factor
  varies slowest); a factor given by its range gets ``n`` evenly spaced points.
* ``random``: ``n`` independent draws (Monte Carlo). A declared distribution
  is sampled by its inverse CDF (:mod:`negotiation.scenario.distributions`:
  a normal truncated to the declared range, a beta scaled to it); otherwise
  uniform on the range.
* ``sobol`` / ``morris``: SALib's own samplers (Saltelli-style Sobol sequence,
  Saltelli 2002 and Saltelli et al. 2010; Morris 1991 trajectories), so that
  the rows feed SALib's analysers unchanged. Uniform over the bounds.

A design is a DataFrame with a column per factor; its index (0..N-1) is the
variant number a resumed sweep uses to find what is missing.
"""
from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd

from negotiation.solvers.names import DESIGNS
from negotiation.sweeps.factors import DEFAULT_GRID_POINTS, Factor

DEFAULT_N = {"grid": DEFAULT_GRID_POINTS, "random": 1000, "sobol": 256, "morris": 20}
MORRIS_LEVELS = 4


def salib_problem(factors: list[Factor]) -> dict:
    for f in factors:
        if not f.high > f.low:
            raise ValueError(f"{f.name}: sensitivity sampling needs a range with low < high, "
                             f"got [{f.low:g}, {f.high:g}]")
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [f.bounds for f in factors]}


def design(factors: list[Factor], method: str = "grid", n: int | None = None,
           seed: int | None = None) -> pd.DataFrame:
    """The variants of a sweep, one row each, a column per factor."""
    if method not in DESIGNS:
        raise ValueError(f"unknown method {method!r} (expected one of: {', '.join(DESIGNS)})")
    unranged = [f.name for f in factors if not f.ranged]
    if unranged and method != "random":
        raise ValueError(f"parameter {unranged[0]!r} declares a distribution but no range: "
                         "only a random design can draw it (method='random')")
    n = DEFAULT_N[method] if n is None else int(n)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    rows = _SAMPLERS[method](factors, n, seed)
    frame = pd.DataFrame(np.asarray(rows, float).reshape(-1, len(factors)),
                         columns=[f.name for f in factors])
    frame.index.name = "variant"
    return frame


def _grid(factors, n, seed):
    axes = [f.grid(n) for f in factors]
    return list(itertools.product(*axes))


def _random(factors, n, seed):
    uniform = np.random.default_rng(seed).random((n, len(factors)))
    return np.column_stack([inverse_cdf(f, uniform[:, k]) for k, f in enumerate(factors)])


def inverse_cdf(factor: Factor, u: np.ndarray) -> np.ndarray:
    """Map uniform draws on [0, 1) to the factor's distribution, within its bounds
    (:mod:`negotiation.scenario.distributions`: one meaning everywhere)."""
    if not factor.distribution:
        return factor.low + (factor.high - factor.low) * u
    # imported here: it loads scipy.stats (seconds on a cold process), which a
    # worker process that only evaluates variants never needs
    from negotiation.scenario.distributions import draw

    return draw(factor.distribution, u, (factor.low, factor.high) if factor.ranged else None)


def _sobol(factors, n, seed):
    from SALib.sample import sobol

    with warnings.catch_warnings():  # SALib warns when n is not a power of 2
        warnings.simplefilter("ignore")
        return sobol.sample(salib_problem(factors), n, calc_second_order=False, seed=seed)


def _morris(factors, n, seed):
    from SALib.sample import morris

    return morris.sample(salib_problem(factors), n, num_levels=MORRIS_LEVELS, seed=seed)


_SAMPLERS = {"grid": _grid, "random": _random, "sobol": _sobol, "morris": _morris}
