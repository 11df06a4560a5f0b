"""The rule and arithmetic language: precedence, evaluation, and safety.

Precedence (loosest first): ``->`` (right-associative), ``or``, ``and``,
``not``; arithmetic follows Python: ``+ -`` < ``* /`` < unary minus < ``**``
(right-associative), so Python's own evaluation of the same text is an
independent oracle for arithmetic (used only here, in the tests).
"""
from __future__ import annotations

import ast
import itertools
import math
import operator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.scenario import ScenarioError, loads
from negotiation.scenario.expr import (
    BoolOp,
    Compare,
    ExprError,
    Not,
    evaluate_arith,
    evaluate_rule,
    parse_arith,
    parse_rule,
    rule_holds,
)

# ----------------------------------------------------------------- rules

A, B, C, D = (Compare(n, ("y",)) for n in "abcd")


def _truth(text: str) -> dict[tuple[bool, ...], bool]:
    """Truth table of a rule over issues a, b, c, d with options n/y."""
    combos = list(itertools.product([0, 1], repeat=4))
    columns = {name: np.array([c[k] for c in combos]) for k, name in enumerate("abcd")}
    index = {name: {"n": 0, "y": 1} for name in "abcd"}
    values = evaluate_rule(parse_rule(text), columns, index)
    return {tuple(map(bool, c)): bool(v) for c, v in zip(combos, values)}


def _implies(p: bool, q: bool) -> bool:
    return (not p) or q


@pytest.mark.parametrize("text, expected", [
    ("not a == y and b == y", BoolOp("and", Not(A), B)),
    ("a == y or b == y and c == y", BoolOp("or", A, BoolOp("and", B, C))),
    ("a == y and b == y -> c == y", BoolOp("->", BoolOp("and", A, B), C)),
    ("a == y -> b == y or c == y", BoolOp("->", A, BoolOp("or", B, C))),
    # a chain of one operator is one flat node; '->' still means a -> (b -> c)
    ("a == y -> b == y -> c == y", BoolOp("->", A, B, C)),
    ("(a == y -> b == y) -> c == y", BoolOp("->", BoolOp("->", A, B), C)),
    ("a == y or b == y or c == y", BoolOp("or", A, B, C)),
    ("(a == y or b == y) or c == y", BoolOp("or", BoolOp("or", A, B), C)),
    ("not not a == y", Not(Not(A))),
    ("not (a == y or b == y)", Not(BoolOp("or", A, B))),
])
def test_rule_precedence(text, expected):
    assert parse_rule(text) == expected


@pytest.mark.parametrize("text, oracle", [
    ("a == y -> b == y -> c == y", lambda a, b, c, d: _implies(a, _implies(b, c))),
    ("not a == y and b == y or c == y -> d == y",
     lambda a, b, c, d: _implies(((not a) and b) or c, d)),
    ("a != y or b in [y] and not c in [n]", lambda a, b, c, d: (not a) or (b and c)),
    ("(a == y -> b == y) -> c == y", lambda a, b, c, d: _implies(_implies(a, b), c)),
    ("a in [n, y]", lambda a, b, c, d: True),
])
def test_rule_truth_tables(text, oracle):
    for combo, value in _truth(text).items():
        assert value == oracle(*combo), (text, combo)


def test_compare_forms():
    assert parse_rule("price != high") == Compare("price", ("high",), negated=True)
    assert parse_rule("price in [low, medium]") == Compare("price", ("low", "medium"),
                                                           in_list=True)
    # option names that YAML 1.1 would make booleans, and numeric option names
    assert parse_rule("lights == off").options == ("off",)
    assert parse_rule("tier == 2").options == ("2",)


# a random rule tree -> (text with minimal parentheses, Python oracle)
_LEAVES = st.sampled_from([(f"{n} == y", n, False) for n in "abcd"]
                          + [(f"{n} != y", n, True) for n in "abcd"])
_PREC = {"->": 0, "or": 1, "and": 2, "not": 3, "leaf": 4}


def _leaf(item):
    text, name, negated = item
    return text, "leaf", (lambda env: env[name] != negated)


def _combine(draw_op, left, right):
    op = draw_op
    lt, lp, lf = left
    rt, rp, rf = right
    # '->' is right-associative: its left side needs parentheses at equal level
    need_left = _PREC[lp] < _PREC[op] or (op == "->" and lp == "->")
    need_right = _PREC[rp] < _PREC[op] or (op != "->" and rp == op)
    text = f"{f'({lt})' if need_left else lt} {op} {f'({rt})' if need_right else rt}"
    funcs = {"and": lambda e: lf(e) and rf(e), "or": lambda e: lf(e) or rf(e),
             "->": lambda e: _implies(lf(e), rf(e))}
    return text, op, funcs[op]


def _negate(item):
    text, prec, func = item
    return (f"not {f'({text})' if _PREC[prec] < _PREC['not'] else text}", "not",
            lambda e: not func(e))


_RULES = st.recursive(
    _LEAVES.map(_leaf),
    lambda children: st.one_of(
        children.map(_negate),
        st.builds(_combine, st.sampled_from(["and", "or", "->"]), children, children)),
    max_leaves=8)


@settings(max_examples=60, deadline=None)
@given(_RULES)
def test_random_rules_follow_precedence(rule):
    text, _, oracle = rule
    for combo, value in _truth(text).items():
        assert value == oracle(dict(zip("abcd", combo))), text


@settings(max_examples=60, deadline=None)
@given(_RULES)
def test_one_state_truth_is_the_vectorised_truth(rule):
    # rule_holds (plain Python, the loader's) against the oracle and evaluate_rule
    text, _, oracle = rule
    parsed = parse_rule(text)
    for combo, value in _truth(text).items():
        state = {name: "ny"[bit] for name, bit in zip("abcd", combo)}
        assert rule_holds(parsed, state) == value == oracle(dict(zip("abcd", combo))), text


def test_one_state_truth_of_constants():
    from negotiation.scenario.expr import Const
    assert rule_holds(BoolOp("and", Const(True), A), {"a": "y"})
    assert not rule_holds(BoolOp("or", Const(False), A), {"a": "n"})
    assert rule_holds(BoolOp("->", Const(False), A), {"a": "n"})  # false -> anything


def test_str_of_rule_parses_back_to_the_same_rule():
    for text in ["not a == y and b == y or c == y -> d == y", "a == y -> (b == y -> c == y)",
                 "(a == y -> b == y) -> c == y", "not (a in [y, n] and b != y)"]:
        rule = parse_rule(text)
        assert parse_rule(str(rule)) == rule


# ----------------------------------------------------------------- arithmetic

@pytest.mark.parametrize("text, value", [
    ("2 ** 3 ** 2", 512.0),  # right-associative
    ("-2 ** 2", -4.0),  # ** binds tighter than unary minus
    ("2 ** -1", 0.5),
    ("1 - 2 - 3", -4.0),  # left-associative
    ("8 / 4 / 2", 1.0),
    ("2 + 3 * 4", 14.0),
    ("(2 + 3) * 4", 20.0),
    ("--1", 1.0),
    ("+1.5e1", 15.0),
    (".5 * 4", 2.0),
    ("min(3, max(1, 2), 5)", 2.0),
    ("max(-1)", -1.0),
    ("p_win - war_cost - sanctions", 0.6 - 0.2 - 0.3),
    ("min(p_win, 1 - p_win) * 2", 0.8),
])
def test_arithmetic_values(text, value):
    params = {"p_win": 0.6, "war_cost": 0.2, "sanctions": 0.3}
    assert evaluate_arith(parse_arith(text), params) == pytest.approx(value)


_ATOMS = st.sampled_from(["0.0", "1.0", "2.0", "3.0", "0.5", "x", "y"])


def _binary(op, left, right):
    return f"{left} {op} {right}"


_ARITH = st.recursive(
    _ATOMS,
    lambda children: st.one_of(
        st.builds(_binary, st.sampled_from(["+", "-", "*", "/", "**"]), children, children),
        children.map(lambda t: f"-{t}"),
        children.map(lambda t: f"({t})"),
        st.builds(lambda a, b: f"min({a}, {b})", children, children),
        st.builds(lambda a, b: f"max({a}, {b})", children, children)),
    max_leaves=7)


_PY_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
                 ast.Div: operator.truediv, ast.Pow: operator.pow}


def _python_value(node, env):
    """The value Python's own grammar gives the text: an oracle for precedence
    and associativity, independent of the project's parser (no eval)."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(env[node.id])
    if isinstance(node, ast.UnaryOp):
        return -_python_value(node.operand, env)
    if isinstance(node, ast.Call):
        return {"min": min, "max": max}[node.func.id](*(_python_value(a, env) for a in node.args))
    left, right = _python_value(node.left, env), _python_value(node.right, env)
    return _PY_OPERATORS[type(node.op)](left, right)


@settings(max_examples=60, deadline=None)
@given(_ARITH, st.floats(-3, 3, allow_nan=False), st.floats(0.1, 3))
def test_random_arithmetic_matches_python(text, x, y):
    env = {"x": x, "y": y}
    try:
        expected = _python_value(ast.parse(text, mode="eval").body, env)
        ok = isinstance(expected, float) and math.isfinite(expected)
    except (ZeroDivisionError, OverflowError):
        ok = False
    if ok:
        assert evaluate_arith(parse_arith(text), env) == pytest.approx(expected, rel=1e-12)
    else:  # division by zero, overflow, complex: an error, never a wrong number
        with pytest.raises(ExprError):
            evaluate_arith(parse_arith(text), env)


# ----------------------------------------------------------------- safety

INJECTIONS = [
    "__import__('os')",
    "__import__('os').system('ls')",
    "().__class__",
    "().__class__.__bases__[0].__subclasses__()",
    "a.b",
    "x.real",
    "lambda: 1",
    "(lambda: 1)()",
    "__class__",
    "__builtins__",
    "x[0]",
    "[1, 2]",
    "open('f')",
    "eval('1')",
    "exec",  # a bare name is fine in arithmetic only if declared; see below
    "abs(x)",
    "getattr(x, 'y')",
    "'abc'",
    '"abc"',
    "1; import os",
    "x if y else 1",
    "{1: 2}",
    "x @ y",
    "x < y",
    "x = 1",
    "f'{x}'",
    "\\x41",
]


@pytest.mark.parametrize("text", [t for t in INJECTIONS if t != "exec"])
def test_injection_is_rejected_in_arithmetic(text):
    with pytest.raises(ExprError):
        parse_arith(text)


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_is_rejected_in_rules(text):
    with pytest.raises(ExprError):
        parse_rule(text)


@pytest.mark.parametrize("text", ["price == high and __import__('os')",
                                  "price.__class__ == high", "price == high.real",
                                  "price == (lambda: 1)", "price in x[0]",
                                  "min(price) == low", "price == 'high'",
                                  "price == high or open('x') == y"])
def test_injection_inside_a_rule_is_rejected(text):
    with pytest.raises(ExprError):
        parse_rule(text)


def test_bare_names_are_only_names():
    """A name is never looked up in Python: an undeclared one is an error."""
    expr = parse_arith("exec")
    with pytest.raises(KeyError):
        evaluate_arith(expr, {})


@pytest.mark.parametrize("bad", [None, 1, b"x == y", ["x == y"]])
def test_non_strings_are_rejected(bad):
    with pytest.raises(ExprError):
        parse_rule(bad)
    with pytest.raises(ExprError):
        parse_arith(bad)


@pytest.mark.parametrize("text", ["", "   ", "price ==", "== high", "price in low",
                                  "price in [low", "(price == low", "price == low)",
                                  "and", "not", "price == low and", "-> price == low"])
def test_broken_rules_have_a_column(text):
    with pytest.raises(ExprError) as info:
        parse_rule(text)
    assert info.value.column is not None and info.value.column >= 1


def test_no_eval_exec_or_compile_in_the_scenario_package():
    forbidden = {"eval", "exec", "compile", "__import__"}
    package = Path(negotiation.__file__).parent / "scenario"
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in forbidden, f"{path.name}:{node.lineno}"


# ----------------------------------------------------------------- through the loader

BASE = (Path(__file__).parent / "malformed" / "17_unknown_option_rule.yaml").read_text() \
    .replace("hihg", "high")


def test_base_scenario_loads():
    assert loads(BASE).constraints[0].rule_text == "price != high"


@pytest.mark.parametrize("rule, column", [
    ("price != high and __import__('os')", 11 + 18),
    ("price.__class__ == high", 11 + 6),  # the dunder check comes first
    ("price == (lambda: 1)", 11 + 16),  # the tokenizer stops at ':' first
    ("abs(price) == high", 11),
])
def test_loader_rejects_injection_in_rules_with_position(rule, column):
    text = BASE.replace("rule: price != high", f'rule: "{rule}"')
    with pytest.raises(ScenarioError) as info:
        loads(text, filename="inj.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.path) == (31, "constraints[0].rule")
    # the quoted value starts at column 11, its text at column 12
    assert problem.column == column + 1
    assert str(problem).startswith(f"inj.yaml:31:{column + 1}: constraints[0].rule: ")


@pytest.mark.parametrize("expr, fragment", [
    ("__import__('os').system('ls')", "dunder"),
    ("().__class__", "dunder"),
    ("cost.real", "attribute access"),
    ("lambda: 1", "':' is not allowed"),
    ("cost[0]", "subscripts"),
    ("open(cost)", "calling 'open' is not allowed"),
    ("'abc'", "string literals"),
])
def test_loader_rejects_injection_in_arithmetic_with_position(expr, fragment):
    text = BASE.replace("batna: cost}", f'batna: "{expr}"}}')
    with pytest.raises(ScenarioError) as info:
        loads(text, filename="inj.yaml")
    (problem,) = info.value.problems
    assert problem.line == 8 and problem.path == "parties.buyer.batna"
    assert fragment in problem.message
    assert str(problem).startswith("inj.yaml:8:")
