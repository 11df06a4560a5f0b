"""What a sweep varies: declared parameters by name, any number by its path.

``vary`` maps a name to

* ``None``: the parameter's declared range (and, for random sampling, its
  declared distribution);
* a sequence of numbers: the values of a grid; for the sampling methods
  (random, sobol, morris) their minimum and maximum bound a uniform range.

A list of names stands for ``{name: None, ...}``; ``vary=None`` means every
declared parameter that has a range.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from negotiation.scenario.model import Scenario
from negotiation.scenario.override import check_path, is_path
from negotiation.scenario.validate import check_parameter_value

DEFAULT_GRID_POINTS = 11


@dataclass(frozen=True)
class Factor:
    """One varied input: its column name, bounds, grid values, distribution."""

    name: str
    low: float
    high: float
    values: tuple[float, ...] | None = None  # explicit values (grid)
    distribution: tuple[tuple[str, tuple[float, ...]], ...] | None = None
    ranged: bool = True  # False: a distribution with no declared range (random draws only)

    @property
    def bounds(self) -> list[float]:
        return [self.low, self.high]

    def grid(self, points: int) -> np.ndarray:
        if self.values is not None:
            return np.asarray(self.values, float)
        return evenly_spaced(self.low, self.high, points)


def evenly_spaced(low: float, high: float, points: int) -> np.ndarray:
    """``points`` values from low to high, rounded to 12 decimals so that
    0.1 reads 0.1 (not 0.09999999999999999) in the table."""
    return np.round(np.linspace(low, high, points), 12)


def resolve_factors(scenario: Scenario, vary) -> list[Factor]:
    """Factors of a ``vary`` argument, checked against the scenario."""
    if vary is None:
        vary = [name for name, p in scenario.parameters.items() if p.range is not None]
        if not vary:
            raise ValueError("the scenario declares no parameter with a range: "
                             "say what to vary")
    if isinstance(vary, str):
        vary = [vary]
    if not isinstance(vary, Mapping):
        vary = {name: None for name in vary}
    if not vary:
        raise ValueError("nothing to vary")
    return [_factor(scenario, name, spec) for name, spec in vary.items()]


def _factor(scenario: Scenario, name: str, spec) -> Factor:
    if is_path(name):
        check_path(scenario, name)
        declared = None
    elif name not in scenario.parameters:
        known = ", ".join(scenario.parameters) or "none"
        raise ValueError(f"unknown parameter {name!r} (declared: {known}; "
                         "any other number is varied by its path, e.g. parties.X.batna)")
    else:
        declared = scenario.parameters[name]
    if spec is None:
        return _declared_factor(name, declared)
    values = _values(name, spec)
    if declared is not None:
        for v in values:
            check_parameter_value(declared, v)
    return Factor(name, float(min(values)), float(max(values)), tuple(values))


def _declared_factor(name: str, declared) -> Factor:
    if declared is None:
        raise ValueError(f"{name}: a quantity path has no declared range; give its values "
                         "or bounds")
    dist = None
    if declared.distribution:
        dist = tuple((k, tuple(float(a) for a in v)) for k, v in declared.distribution.items())
    if declared.range is None:
        if dist is None:
            raise ValueError(f"parameter {name!r} declares no range; give its values")
        # a distribution without a range: drawn on its own support (random designs only)
        return Factor(name, -np.inf, np.inf, None, dist, ranged=False)
    lo, hi = declared.range
    return Factor(name, lo, hi, None, dist)


def _values(name: str, spec) -> list[float]:
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        spec = [spec]
    if isinstance(spec, (str, bytes)) or not isinstance(spec, (Sequence, np.ndarray)):
        raise ValueError(f"{name}: expected a sequence of numbers, got {spec!r}")
    try:
        values = [float(v) for v in spec]
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected numbers, got {list(spec)!r}") from None
    if not values or not all(np.isfinite(values)):
        raise ValueError(f"{name}: expected finite numbers, got {values!r}")
    return values
