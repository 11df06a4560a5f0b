"""The safe expression language of scenario files: rules and arithmetic.

Rules (constraints, adjustments, priorities, offramp requirements)::

    issue == option    issue != option    issue in [a, b]
    not R    R and R    R or R    R -> R    ( R )

Arithmetic (batna, weights, scores, ...)::

    numbers, parameter names, + - * / **, unary -, min(...), max(...), ( ... )

Both are parsed by a small recursive-descent parser into frozen AST nodes.
Nothing is ever evaluated by Python's ``eval``: there are no attributes,
no subscripts, no calls other than ``min``/``max``, and identifiers are
plain ``[A-Za-z_][A-Za-z0-9_]*`` names that are checked against the
scenario's parties, issues, options and parameters by the loader.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import reduce
from typing import Iterator, Mapping

import numpy as np


class ExprError(ValueError):
    """A rule or an expression that does not parse or does not type-check."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


# ----------------------------------------------------------------- tokens
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>->|==|!=|\*\*|[-+*/(),\[\]]))"
)
_KEYWORDS = {"and", "or", "not", "in"}
_FUNCTIONS = {"min": min, "max": max}


@dataclass(frozen=True)
class Token:
    kind: str  # num, name, op, end
    text: str
    column: int  # 1-based column within the expression


def tokenize(text: str) -> list[Token]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            bad = text[pos:].lstrip()[:1]
            col = len(text) - len(text[pos:].lstrip()) + 1
            raise ExprError(_bad_character_message(bad), col)
        kind = match.lastgroup
        start = match.start(kind)
        tokens.append(Token(kind, match.group(kind), start + 1))
        pos = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _bad_character_message(char: str) -> str:
    if char == ".":
        return "attribute access ('.') is not allowed"
    if char in "'\"":
        return "string literals are not allowed (option names are written bare)"
    if char == ":":
        return "':' is not allowed (no lambdas, slices or mappings)"
    if char in "=<>!":
        return f"operator starting with {char!r} is not allowed (use ==, != or in)"
    return f"unexpected character {char!r}"


# ----------------------------------------------------------------- rule AST
@dataclass(frozen=True)
class Compare:
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
class Not:
    operand: "Rule"

    def __str__(self) -> str:
        return f"not {_wrap(self.operand)}"


@dataclass(frozen=True)
class BoolOp:
    op: str  # and, or, ->
    left: "Rule"
    right: "Rule"

    def __str__(self) -> str:
        return f"{_wrap(self.left)} {self.op} {_wrap(self.right)}"


@dataclass(frozen=True)
class Const:
    value: bool

    def __str__(self) -> str:
        return "true" if self.value else "false"


Rule = Compare | Not | BoolOp | Const


def _wrap(rule: Rule) -> str:
    return f"({rule})" if isinstance(rule, BoolOp) else str(rule)


def rule_issues(rule: Rule) -> set[str]:
    """The issues a rule mentions."""
    return {compare.issue for compare in iter_compares(rule)}


def iter_compares(rule: Rule) -> Iterator[Compare]:
    """Every comparison of a rule, left to right."""
    if isinstance(rule, Compare):
        yield rule
    elif isinstance(rule, Not):
        yield from iter_compares(rule.operand)
    elif isinstance(rule, BoolOp):
        yield from iter_compares(rule.left)
        yield from iter_compares(rule.right)


def evaluate_rule(rule: Rule, columns: Mapping[str, np.ndarray],
                  option_index: Mapping[str, Mapping[str, int]]) -> np.ndarray:
    """Vectorised truth of ``rule`` for many packages at once.

    ``columns[issue]`` is the integer option index of each package for that
    issue; ``option_index[issue][option]`` maps option names to indices.
    """
    if isinstance(rule, Compare):
        col = columns[rule.issue]
        idx = [option_index[rule.issue][o] for o in rule.options]
        hit = col == idx[0] if len(idx) == 1 else np.isin(col, idx)
        return ~hit if rule.negated else hit
    if isinstance(rule, Not):
        return ~evaluate_rule(rule.operand, columns, option_index)
    if isinstance(rule, Const):
        size = len(next(iter(columns.values()))) if columns else 1
        return np.full(size, rule.value)
    left = evaluate_rule(rule.left, columns, option_index)
    right = evaluate_rule(rule.right, columns, option_index)
    if rule.op == "and":
        return left & right
    if rule.op == "or":
        return left | right
    return ~left | right  # implication


# ----------------------------------------------------------------- arithmetic AST
@dataclass(frozen=True)
class Num:
    value: float

    def __str__(self) -> str:
        return repr(self.value) if self.value != int(self.value) else str(int(self.value))


@dataclass(frozen=True)
class Name:
    name: str
    column: int = field(default=1, compare=False)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class BinOp:
    op: str
    left: "Arith"
    right: "Arith"

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


@dataclass(frozen=True)
class Neg:
    operand: "Arith"

    def __str__(self) -> str:
        return f"-{self.operand}"


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple["Arith", ...]

    def __str__(self) -> str:
        return f"{self.func}({', '.join(map(str, self.args))})"


Arith = Num | Name | BinOp | Neg | Call


def arith_names(expr: Arith) -> set[str]:
    """The parameter names an arithmetic expression uses."""
    if isinstance(expr, Name):
        return {expr.name}
    if isinstance(expr, BinOp):
        return arith_names(expr.left) | arith_names(expr.right)
    if isinstance(expr, Neg):
        return arith_names(expr.operand)
    if isinstance(expr, Call):
        return set().union(*(arith_names(a) for a in expr.args))
    return set()


def evaluate_arith(expr: Arith, values: Mapping[str, float]) -> float:
    """Value of an arithmetic expression given parameter values."""
    if isinstance(expr, Num):
        return expr.value
    if isinstance(expr, Name):
        return float(values[expr.name])
    if isinstance(expr, Neg):
        return -evaluate_arith(expr.operand, values)
    if isinstance(expr, Call):
        return float(_FUNCTIONS[expr.func](evaluate_arith(a, values) for a in expr.args))
    left, right = evaluate_arith(expr.left, values), evaluate_arith(expr.right, values)
    try:
        result = _apply(expr.op, left, right)
    except (ZeroDivisionError, OverflowError) as exc:
        raise ExprError(f"{expr} cannot be computed: {exc}") from None
    if isinstance(result, complex) or not math.isfinite(result):
        raise ExprError(f"{expr} is not a finite real number")
    return float(result)


_ARRAY_OPERATORS = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
                    "**": np.power}


def evaluate_arith_many(expr: Arith, values: Mapping[str, float | np.ndarray]) -> np.ndarray:
    """:func:`evaluate_arith` for arrays of parameter values at once (numpy
    broadcasting). Nothing is raised for a value that cannot be computed: it
    comes out NaN or infinite, for the caller to report with its context."""
    if isinstance(expr, Num):
        return np.asarray(expr.value, float)
    if isinstance(expr, Name):
        return np.asarray(values[expr.name], float)
    if isinstance(expr, Neg):
        return -evaluate_arith_many(expr.operand, values)
    if isinstance(expr, Call):
        func = np.minimum if expr.func == "min" else np.maximum
        return reduce(func, [evaluate_arith_many(a, values) for a in expr.args])
    left = evaluate_arith_many(expr.left, values)
    right = evaluate_arith_many(expr.right, values)
    with np.errstate(all="ignore"):
        return _ARRAY_OPERATORS[expr.op](left, right)


def _apply(op: str, left: float, right: float) -> float:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        return left / right
    return left ** right


# ----------------------------------------------------------------- parser
class _Parser:
    def __init__(self, text: str):
        if not isinstance(text, str):
            raise ExprError("expected a string")
        if "__" in text:
            col = text.index("__") + 1
            raise ExprError("dunder names ('__') are not allowed", col)
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expect(self, text: str, what: str) -> Token:
        if self.tok.text != text or self.tok.kind == "name" and text not in _KEYWORDS:
            raise self.error(f"expected {what}")
        return self.take()

    def error(self, expected: str) -> ExprError:
        found = "the end" if self.tok.kind == "end" else repr(self.tok.text)
        return ExprError(f"{expected}, found {found}", self.tok.column)

    def finish(self) -> None:
        if self.tok.text == "[":
            raise ExprError("lists and subscripts are not allowed", self.tok.column)
        if self.tok.kind != "end":
            raise self.error("expected the end of the expression")

    # rules ------------------------------------------------------------
    def implication(self) -> Rule:
        left = self.disjunction()
        if self.tok.text == "->":
            self.take()
            return BoolOp("->", left, self.implication())
        return left

    def disjunction(self) -> Rule:
        left = self.conjunction()
        while self.tok.kind == "name" and self.tok.text == "or":
            self.take()
            left = BoolOp("or", left, self.conjunction())
        return left

    def conjunction(self) -> Rule:
        left = self.negation()
        while self.tok.kind == "name" and self.tok.text == "and":
            self.take()
            left = BoolOp("and", left, self.negation())
        return left

    def negation(self) -> Rule:
        if self.tok.kind == "name" and self.tok.text == "not":
            self.take()
            return Not(self.negation())
        return self.comparison()

    def comparison(self) -> Rule:
        if self.tok.text == "(" and self.tok.kind == "op":
            self.take()
            inner = self.implication()
            self.expect(")", "')'")
            return inner
        if self.tok.kind != "name" or self.tok.text in _KEYWORDS:
            raise self.error("expected an issue name")
        issue = self.take()
        if self.tok.text in ("==", "!="):
            op = self.take().text
            return Compare(issue.text, (self.option(),), op == "!=", issue.column)
        if self.tok.kind == "name" and self.tok.text == "in":
            self.take()
            return Compare(issue.text, self.option_list(), False, issue.column, True)
        if self.tok.text == "(":
            raise ExprError("calls are not allowed in rules", issue.column)
        raise self.error(f"expected '==', '!=' or 'in' after {issue.text!r}")

    def option(self) -> str:
        if self.tok.kind not in ("name", "num") or self.tok.text in _KEYWORDS:
            raise self.error("expected an option name")
        return self.take().text

    def option_list(self) -> tuple[str, ...]:
        self.expect("[", "'[' starting a list of options")
        options = [self.option()]
        while self.tok.text == ",":
            self.take()
            options.append(self.option())
        self.expect("]", "',' or ']'")
        return tuple(options)

    # arithmetic -------------------------------------------------------
    def sum(self) -> Arith:
        left = self.product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.take().text
            left = BinOp(op, left, self.product())
        return left

    def product(self) -> Arith:
        left = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            op = self.take().text
            left = BinOp(op, left, self.unary())
        return left

    def unary(self) -> Arith:
        if self.tok.kind == "op" and self.tok.text in "+-":
            op = self.take().text
            operand = self.unary()
            return Neg(operand) if op == "-" else operand
        return self.power()

    def power(self) -> Arith:
        base = self.atom()
        if self.tok.text == "**":
            self.take()
            return BinOp("**", base, self.unary())  # right-associative
        return base

    def atom(self) -> Arith:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            return Num(float(tok.text))
        if tok.kind == "name" and tok.text not in _KEYWORDS:
            self.take()
            if self.tok.text == "(":
                return self.call(tok)
            return Name(tok.text, tok.column)
        if tok.text == "(":
            self.take()
            inner = self.sum()
            self.expect(")", "')'")
            return inner
        if tok.text == "[":
            raise ExprError("lists and subscripts are not allowed", tok.column)
        raise self.error("expected a number, a parameter name or '('")

    def call(self, name: Token) -> Arith:
        if name.text not in _FUNCTIONS:
            raise ExprError(f"calling {name.text!r} is not allowed (only min and max)",
                            name.column)
        self.take()
        args = [self.sum()]
        while self.tok.text == ",":
            self.take()
            args.append(self.sum())
        self.expect(")", "',' or ')'")
        return Call(name.text, tuple(args))


def parse_rule(text: str) -> Rule:
    """Parse a rule; raises :class:`ExprError` with a column on failure."""
    parser = _Parser(text)
    if parser.tok.kind == "end":
        raise ExprError("empty rule", 1)
    rule = parser.implication()
    parser.finish()
    return rule


def parse_arith(text: str) -> Arith:
    """Parse an arithmetic expression; raises :class:`ExprError` on failure."""
    parser = _Parser(text)
    if parser.tok.kind == "end":
        raise ExprError("empty expression", 1)
    expr = parser.sum()
    parser.finish()
    return expr
