"""Checks shared by the loader and :meth:`Scenario.with_parameters`."""
from __future__ import annotations

from typing import Iterator

from negotiation.scenario.expr import ExprError
from negotiation.scenario.model import Parameter


def check_parameter_value(parameter: Parameter, value: float) -> None:
    """Raise ValueError if ``value`` is not a finite number in the declared range."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"parameter {parameter.name!r}: {value!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"parameter {parameter.name!r}: {value} is not a finite number")
    if parameter.range is not None:
        lo, hi = parameter.range
        if not lo <= value <= hi:
            raise ValueError(f"parameter {parameter.name!r}: {value:g} is outside its "
                             f"declared range [{lo:g}, {hi:g}]")


def check_quantities(scenario) -> Iterator[str]:
    """Every number of the scenario that cannot be computed or is out of bounds."""
    values = scenario.values
    for path, quantity in scenario.quantities():
        try:
            value = quantity.value(values)
        except ExprError as exc:
            yield f"{path}: {exc}"
            continue
        if path.endswith(".power") and value <= 0:
            yield f"{path}: power is {value:g} (expected positive)"
        elif (path.endswith(".audience_cost") or ".weights." in path) and value < 0:
            yield f"{path}: {value:g} is negative (expected zero or more)"
    yield from _zero_weight_totals(scenario, values)


def require_valid_quantities(scenario) -> None:
    """Raise ValueError listing every problem :func:`check_quantities` finds."""
    problems = list(check_quantities(scenario))
    if problems:
        raise ValueError("; ".join(problems))


def _zero_weight_totals(scenario, values) -> Iterator[str]:
    """Weights are normalised by their sum, so all zero leaves no utility."""
    for pid, pref in scenario.preferences.items():
        weights = getattr(pref, "weights", None)
        if not weights:
            continue
        try:
            total = sum(q.value(values) for q in weights.values())
        except ExprError:
            continue  # reported above
        if total <= 0:
            yield (f"preferences.{pid}.weights: all weights are zero "
                   "(expected at least one positive weight)")
