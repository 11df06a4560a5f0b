"""Arithmetic: the numbers of a scenario (batna, weights, scores, ...).

::

    numbers, parameter names, + - * / **, unary -, min(...), max(...), ( ... )

``+ -`` and ``* /`` are left-associative: a run of them is one flat
:class:`Chain` evaluated left to right (``a - b + c`` is ``(a - b) + c``);
``**`` is right-associative and binds tighter than unary minus, as in
Python (:class:`BinOp`). Every value must be a finite real number:
:func:`evaluate_arith` raises :class:`ExprError` for a division by zero,
an overflow or a complex result; :func:`evaluate_arith_many` computes many
values at once and leaves such values NaN or infinite for its caller.
"""
from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import reduce
from typing import TYPE_CHECKING

from negotiation.scenario.expr.errors import ExprError
from negotiation.scenario.expr.tokens import shorten
from negotiation.scenario.expr.tree import Branch, Leaf, Unary, chain_levels, fold, walk

if TYPE_CHECKING:
    import numpy as np

# Python's operators serve numpy arrays too (``+`` is np.add on arrays): the
# loader evaluates scalars only and so never imports numpy.
_OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul,
              "/": operator.truediv, "**": operator.pow}
_FUNCTIONS = {"min": min, "max": max}
_ARRAY_FUNCTIONS = {"min": "minimum", "max": "maximum"}  # numpy's elementwise names


@dataclass(frozen=True)
class Num(Leaf):
    """A number written in the expression."""

    value: float

    def __str__(self) -> str:
        value = self.value
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)


@dataclass(frozen=True)
class Name(Leaf):
    """A parameter's name, replaced by its value when evaluated."""

    name: str
    column: int = field(default=1, compare=False)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False, repr=False)
class Neg(Unary):
    """Unary minus."""

    operand: Arith

    def __str__(self) -> str:
        return fold(self, _text)


@dataclass(frozen=True, eq=False, repr=False)
class BinOp(Branch):
    """``left op right``: the parser makes these for ``**``."""

    op: str
    left: Arith
    right: Arith

    @property
    def children(self) -> tuple:
        return (self.left, self.right)

    def label(self) -> tuple:
        return (self.op,)

    @classmethod
    def build(cls, label, children) -> BinOp:
        return cls(label[0], *children)

    def repr_with(self, parts: list[str]) -> str:
        return f"BinOp({self.op!r}, {', '.join(parts)})"

    def __str__(self) -> str:
        return fold(self, _text)


@dataclass(frozen=True, eq=False, repr=False)
class Chain(Branch):
    """``terms[0] ops[0] terms[1] ops[1] terms[2] ...`` (``+ -`` or ``* /``),
    computed left to right."""

    ops: tuple[str, ...]
    terms: tuple[Arith, ...]

    @property
    def children(self) -> tuple:
        return self.terms

    def label(self) -> tuple:
        return (self.ops,)

    @classmethod
    def build(cls, label, children) -> Chain:
        return cls(label[0], tuple(children))

    def levels(self) -> int:
        return chain_levels(len(self.terms))

    def repr_with(self, parts: list[str]) -> str:
        return f"Chain({self.ops!r}, ({', '.join(parts)},))"

    def __str__(self) -> str:
        return fold(self, _text)


@dataclass(frozen=True, eq=False, repr=False)
class Call(Branch):
    """``min(...)`` or ``max(...)`` of one or more expressions."""

    func: str  # min or max
    args: tuple[Arith, ...]

    @property
    def children(self) -> tuple:
        return self.args

    def label(self) -> tuple:
        return (self.func,)

    @classmethod
    def build(cls, label, children) -> Call:
        return cls(label[0], tuple(children))

    def repr_with(self, parts: list[str]) -> str:
        return f"Call({self.func!r}, ({', '.join(parts)},))"

    def __str__(self) -> str:
        return fold(self, _text)


Arith = Num | Name | BinOp | Chain | Neg | Call


def _text(node, parts: list[str]) -> str:
    """Text of one node given its children's texts (for :func:`fold`)."""
    if isinstance(node, Neg):
        return f"-{parts[0]}"
    if isinstance(node, BinOp):
        return f"({parts[0]} {node.op} {parts[1]})"
    if isinstance(node, Chain):
        rest = "".join(f" {op} {part}" for op, part in zip(node.ops, parts[1:]))
        return f"({parts[0]}{rest})"
    if isinstance(node, Call):
        return f"{node.func}({', '.join(parts)})"
    return str(node)


def arith_names(expr: Arith) -> set[str]:
    """The parameter names an arithmetic expression uses."""
    return {node.name for node in walk(expr) if isinstance(node, Name)}


def evaluate_arith(expr: Arith, values: Mapping[str, float]) -> float:
    """Value of an arithmetic expression given parameter values.

    Raises :class:`ExprError` unless every step is a finite real number,
    and :class:`KeyError` for a name missing from ``values``.
    """
    return fold(expr, lambda node, args: _value(node, args, values))


def _value(node, args: list[float], values: Mapping[str, float]) -> float:
    if isinstance(node, Num):
        return _finite(node.value, "the number")
    if isinstance(node, Name):
        return _finite(float(values[node.name]), f"parameter {node.name!r}")
    if isinstance(node, Neg):
        return -args[0]
    if isinstance(node, Call):
        return float(_FUNCTIONS[node.func](args))
    if isinstance(node, BinOp):
        return _apply(node, node.op, args[0], args[1])
    result = args[0]
    for op, arg in zip(node.ops, args[1:]):
        result = _apply(node, op, result, arg)
    return result


def _finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise ExprError(f"{what} is {value} (expected a finite number)")
    return value


def _apply(node, op: str, left: float, right: float) -> float:
    try:
        result = _OPERATORS[op](left, right)
    except (ZeroDivisionError, OverflowError) as exc:
        raise ExprError(f"{shorten(str(node), 80)} cannot be computed: {exc}") from None
    if isinstance(result, complex) or not math.isfinite(result):
        raise ExprError(f"{shorten(str(node), 80)} is not a finite real number")
    return float(result)


def evaluate_arith_many(expr: Arith, values: Mapping[str, float | np.ndarray]) -> np.ndarray:
    """:func:`evaluate_arith` for arrays of parameter values at once (numpy
    broadcasting). Nothing is raised for a value that cannot be computed: it
    comes out NaN or infinite, for the caller to report with its context."""
    import numpy as np

    with np.errstate(all="ignore"):
        return fold(expr, lambda node, args: _array(node, args, values))


def _array(node, args: list[np.ndarray], values) -> np.ndarray:
    import numpy as np

    if isinstance(node, Num):
        return np.asarray(node.value, float)
    if isinstance(node, Name):
        return np.asarray(values[node.name], float)
    if isinstance(node, Neg):
        return -args[0]
    if isinstance(node, Call):
        return reduce(getattr(np, _ARRAY_FUNCTIONS[node.func]), args)
    if isinstance(node, BinOp):
        return _OPERATORS[node.op](args[0], args[1])
    result = args[0]
    for op, arg in zip(node.ops, args[1:]):
        result = _OPERATORS[op](result, arg)
    return result
