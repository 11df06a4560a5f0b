"""Checks shared by the loader and :meth:`Scenario.with_parameters`."""
from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from negotiation.scenario.expr import ExprError
from negotiation.scenario.expr.tokens import shorten
from negotiation.scenario.model import Parameter
from negotiation.scenario.war import not_probabilities


def check_parameter_value(parameter: Parameter, value: float) -> None:
    """Raise ValueError if ``value`` is not a finite number in the declared range."""
    value = finite_number(value, f"parameter {parameter.name!r}")
    if parameter.range is not None:
        lo, hi = parameter.range
        if not lo <= value <= hi:
            raise ValueError(f"parameter {parameter.name!r}: {value:g} is outside its "
                             f"declared range [{lo:g}, {hi:g}]")


def finite_number(value, what: str) -> float:
    """``value`` as a finite float; ValueError for a boolean, a non-number,
    NaN, an infinity or an integer too large for a float."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{what}: {value!r} is a boolean, not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: {shorten(repr(value))} is not a number") from None
    except OverflowError:
        digits = int(value.bit_length() * math.log10(2)) + 1 if isinstance(value, int) else None
        shown = f"an integer of {digits} digits" if digits else shorten(repr(value))
        raise ValueError(f"{what}: {shown} is too large for a number "
                         "(expected at most about 1.8e308)") from None
    if not math.isfinite(number):
        raise ValueError(f"{what}: {number} is not a finite number")
    return number


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
        elif (path.endswith(".audience_cost") or ".weights." in path
              or path.startswith("war.costs.")) and value < 0:
            yield f"{path}: {value:g} is negative (expected zero or more)"
        elif path.endswith(".discount") and path.startswith("parties.") \
                and not 0 < value <= 1:
            yield f"{path}: discount is {value:g} (expected a discount factor in (0, 1])"
    yield from _zero_weight_totals(scenario, values)
    if scenario.war is not None:
        yield from _chance_totals(scenario.war, values)


def _chance_totals(war, values) -> Iterator[str]:
    """Each table of chances (common, or a party's beliefs) is a probability
    distribution over the war's outcomes."""
    for path, table in war.chance_tables().items():
        try:
            chances = [q.value(values) for q in table.values()]
        except ExprError:
            continue  # reported above
        if not_probabilities(chances):
            yield (f"{path}: chances {', '.join(f'{c:g}' for c in chances)} (expected "
                   "probabilities summing to 1)")


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
