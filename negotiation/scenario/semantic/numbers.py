"""Numbers of a scenario: a literal or an arithmetic expression of parameters."""
from __future__ import annotations

import math

from negotiation.scenario.expr import ExprError, Num, parse_arith
from negotiation.scenario.model import Quantity
from negotiation.scenario.semantic.context import Context
from negotiation.scenario.structure import did_you_mean


def quantity(ctx: Context, path, raw, default: float | None = None) -> Quantity:
    """The number at ``path``: parsed, its names checked, its value computed."""
    if raw is None and default is not None:
        return Quantity.of(default)
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return Quantity.of(default or 0.0)  # the schema pass has reported the type
    if not isinstance(raw, str):
        return _literal(ctx, path, raw, default)
    try:
        expr = parse_arith(raw)
    except ExprError as exc:
        ctx.add(path, f"{exc} (expected a number or an arithmetic expression of "
                      "parameters)", exc.column)
        return Quantity.of(default or 0.0)
    result = Quantity(expr, raw)
    missing = [n for n in sorted(result.names) if n not in ctx.parameters]
    declared = ctx.data.get("parameters") or {}
    for name in missing:
        if name not in declared:  # a declared one is broken, and reported there
            ctx.add(path, f"unknown parameter {name!r} (declared: "
                          f"{', '.join(ctx.parameters) or 'none'})"
                          f"{did_you_mean(name, ctx.parameters)}")
    if not missing:
        try:
            result.value(ctx.parameter_values)
        except ExprError as exc:
            ctx.add(path, str(exc))
    return result


def _literal(ctx: Context, path, raw: int | float, default) -> Quantity:
    try:
        value = float(raw)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):  # the reader reports these; here for data from elsewhere
        ctx.add(path, "not a finite number (expected a number within about ±1.8e308)")
        return Quantity.of(default or 0.0)
    return Quantity(Num(value), repr(value))


def nonnegative(ctx: Context, path, q: Quantity, what: str, strict=False) -> None:
    value = value_of(ctx, q)
    if value is not None and (value < 0 or (strict and value == 0)):
        bound = "positive" if strict else "zero or more"
        ctx.add(path, f"{what} is {value:g} (expected {bound})")


def probability(ctx: Context, path, q: Quantity) -> None:
    value = value_of(ctx, q)
    if value is not None and not 0.0 <= value <= 1.0:
        ctx.add(path, f"p_win is {value:g} (expected a probability in [0, 1])")


def value_of(ctx: Context, q: Quantity) -> float | None:
    """The value, or None where it cannot be computed (already reported)."""
    try:
        return q.value(ctx.parameter_values)
    except (ExprError, KeyError):
        return None
