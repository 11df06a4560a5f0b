"""Rules: the boolean trees of constraints, adjustments, priorities and offramps.

::

    issue == option    issue != option    issue in [a, b]
    not R    R and R    R or R    R -> R    ( R )

A chain of one operator is one flat node: ``a and b and c`` is
``BoolOp("and", a, b, c)``, and ``a -> b -> c`` (right-associative,
``a -> (b -> c)``) is ``BoolOp("->", a, b, c)``. :func:`evaluate_rule` gives
the truth of a rule for many packages at once (numpy), without recursion;
:func:`rule_holds` its truth for one state (plain Python: the loader's checks
need no numpy); :func:`truth` is the one walk both are.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial, reduce
from typing import TYPE_CHECKING, Any

from negotiation.scenario.expr.tree import Branch, Leaf, Unary, chain_levels, fold, walk

if TYPE_CHECKING:
    import numpy as np

BOOL_OPS = ("and", "or", "->")
# the and / or of a list of boolean arrays or of bitsets (``&`` and ``|`` both)
ALL_OF = partial(reduce, operator.and_)
ANY_OF = partial(reduce, operator.or_)


@dataclass(frozen=True)
class Compare(Leaf):
    """``issue == option`` / ``issue != option`` / ``issue in [options]``."""

    issue: str
    options: tuple[str, ...]
    negated: bool = False  # True for !=
    column: int = field(default=1, compare=False)
    in_list: bool = False  # written as `in [...]`

    def __str__(self) -> str:
        if self.in_list:
            return f"{self.issue} in [{', '.join(self.options)}]"
        return f"{self.issue} {'!=' if self.negated else '=='} {self.options[0]}"


@dataclass(frozen=True)
class Const(Leaf):
    """A rule that is always true or always false."""

    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


@dataclass(frozen=True, eq=False, repr=False)
class Not(Unary):
    """``not R``."""

    operand: Rule

    def __str__(self) -> str:
        return fold(self, _text)


@dataclass(frozen=True, eq=False, repr=False, init=False)
class BoolOp(Branch):
    """``op`` (and, or, ->) joining two or more rules: ``BoolOp("and", a, b, c)``."""

    op: str
    operands: tuple[Rule, ...]

    def __init__(self, op: str, *operands: Rule):
        if op not in BOOL_OPS or len(operands) < 2:
            raise ValueError(f"BoolOp takes one of {BOOL_OPS} and two or more rules")
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "operands", tuple(operands))

    @property
    def children(self) -> tuple:
        return self.operands

    def label(self) -> tuple:
        return (self.op,)

    @classmethod
    def build(cls, label, children) -> BoolOp:
        return cls(label[0], *children)

    def levels(self) -> int:
        n = len(self.operands)
        return 1 + chain_levels(n - 1) if self.op == "->" and n > 2 else chain_levels(n)

    # A binary view, for code that walks rules as ``op(left, right)``: the
    # same truth, split in balanced halves so that walking it stays shallow.
    @property
    def left(self) -> Rule:
        if self.op == "->":  # a -> b -> c is (a and b) -> c
            return _joined("and", self.operands[:-1])
        return _joined(self.op, self.operands[:len(self.operands) // 2])

    @property
    def right(self) -> Rule:
        if self.op == "->":
            return self.operands[-1]
        return _joined(self.op, self.operands[len(self.operands) // 2:])

    def repr_with(self, parts: list[str]) -> str:
        return f"BoolOp({self.op!r}, {', '.join(parts)})"

    def __str__(self) -> str:
        return fold(self, _text)


Rule = Compare | Not | BoolOp | Const


def _joined(op: str, rules: tuple) -> Rule:
    return rules[0] if len(rules) == 1 else BoolOp(op, *rules)


def _text(node, parts: list[str]) -> str:
    """Text of one node given its children's texts (for :func:`fold`)."""
    if isinstance(node, Not):
        return f"not {_wrap(node.operand, parts[0])}"
    if isinstance(node, BoolOp):
        return f" {node.op} ".join(_wrap(r, p) for r, p in zip(node.operands, parts))
    return str(node)


def _wrap(rule, text: str) -> str:
    return f"({text})" if isinstance(rule, BoolOp) else text


def rule_issues(rule: Rule) -> set[str]:
    """The issues a rule mentions."""
    return {compare.issue for compare in iter_compares(rule)}


def iter_compares(rule: Rule) -> Iterator[Compare]:
    """Every comparison of a rule, left to right."""
    return (node for node in walk(rule) if isinstance(node, Compare))


def truth(rule: Rule, *, compare: Callable[[Compare], Any], const: Callable[[bool], Any],
          negate: Callable[[Any], Any], conj: Callable[[list], Any],
          disj: Callable[[list], Any]) -> Any:
    """The truth of ``rule`` in any representation of truth values.

    ``compare`` gives a comparison's truth and ``const`` a constant's;
    ``negate``, ``conj`` (the and of a list) and ``disj`` (its or) combine
    them. One walk serves one state (bools, :func:`rule_holds`), many packages
    (numpy arrays, :func:`evaluate_rule`) and sets of states (bitsets, the
    ranking check of :mod:`negotiation.scenario.semantic.rankings`).
    """
    def node_truth(node, values: list) -> Any:
        if isinstance(node, Compare):
            return compare(node)
        if isinstance(node, Const):
            return const(node.value)
        if isinstance(node, Not):
            return negate(values[0])
        if node.op == "and":
            return conj(values)
        if node.op == "or":
            return disj(values)
        # a -> b -> c reads a -> (b -> c): not (a and b) or c
        return disj([negate(conj(values[:-1])), values[-1]])

    return fold(rule, node_truth)


def evaluate_rule(rule: Rule, columns: Mapping[str, np.ndarray],
                  option_index: Mapping[str, Mapping[str, int]]) -> np.ndarray:
    """Vectorised truth of ``rule`` for many packages at once.

    ``columns[issue]`` is the integer option index of each package for that
    issue; ``option_index[issue][option]`` maps option names to indices.
    """
    import numpy as np

    size = len(next(iter(columns.values()))) if columns else 1
    return truth(rule, compare=lambda node: _compare_truth(node, columns, option_index),
                 const=lambda value: np.full(size, value), negate=operator.invert,
                 conj=ALL_OF, disj=ANY_OF)


def _compare_truth(rule: Compare, columns, option_index) -> np.ndarray:
    import numpy as np

    col = columns[rule.issue]
    idx = [option_index[rule.issue][o] for o in rule.options]
    hit = col == idx[0] if len(idx) == 1 else np.isin(col, idx)
    return ~hit if rule.negated else hit


def rule_holds(rule: Rule, state: Mapping[str, str]) -> bool:
    """Truth of ``rule`` in one state, ``state[issue]`` its option there
    (what :func:`evaluate_rule` gives for a single package)."""
    return truth(rule, compare=lambda node: (state[node.issue] in node.options) != node.negated,
                 const=bool, negate=operator.not_, conj=all, disj=any)
