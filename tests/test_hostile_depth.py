"""Hostile depth: nesting that once ended in RecursionError is refused in place.

Rules and expressions nest up to ``MAX_EXPR_DEPTH`` levels and parse (long
chains of one operator are flat nodes, however long); one level more is a
problem at the rule's FILE:LINE:COLUMN. YAML documents nest up to
``MAX_YAML_DEPTH`` levels, counted before PyYAML's recursive composer goes
deeper; aliases that refer to themselves, or chain past the limit, are
reported. Evaluating and walking a tree at the limit takes no more Python
frames than a shallow one (checked under a lowered recursion limit).
"""
from __future__ import annotations

import contextlib
import copy
import pickle
import sys
from pathlib import Path

import numpy as np
import pytest

from negotiation.scenario import ScenarioError, loads
from negotiation.scenario.expr import (
    BoolOp,
    Chain,
    ExprError,
    Not,
    depth,
    evaluate_arith,
    evaluate_arith_many,
    evaluate_rule,
    iter_compares,
    parse_arith,
    parse_rule,
    rule_issues,
)
from negotiation.scenario.limits import MAX_EXPR_DEPTH, MAX_YAML_DEPTH

BASE = (Path(__file__).parent / "malformed" / "17_unknown_option_rule.yaml").read_text() \
    .replace("hihg", "high")
RULE_LINE, RULE_COLUMN = 31, 11  # `rule: price != high`; the quoted text starts at 12
BATNA_LINE = 8  # `buyer: {name: Buyer, batna: cost}`


def with_rule(rule: str) -> str:
    return BASE.replace("rule: price != high", f'rule: "{rule}"')


def with_batna(expr: str) -> str:
    return BASE.replace("batna: cost}", f'batna: "{expr}"}}')


def problems_of(text: str, filename: str = "deep.yaml"):
    with pytest.raises(ScenarioError) as info:
        loads(text, filename=filename)
    return info.value.problems


def only_problem(text: str, filename: str = "deep.yaml"):
    (problem,) = problems_of(text, filename)
    assert str(problem).startswith(f"{filename}:{problem.line}:{problem.column}: ")
    assert "\n" not in str(problem)
    return problem


@contextlib.contextmanager
def few_frames(spare: int = 120):
    """Lower the recursion limit to the current depth plus ``spare`` frames:
    code that recursed once per level of a deep tree would fail here."""
    frame, used = sys._getframe(), 0
    while frame is not None:
        used, frame = used + 1, frame.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(used + spare)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


# ----------------------------------------------------------------- rules
@pytest.mark.parametrize("rule", [
    "(" * (MAX_EXPR_DEPTH + 1) + "price == low" + ")" * (MAX_EXPR_DEPTH + 1),
    "(" * 5000 + "price == low" + ")" * 5000,
    "not " * 1000 + "price == low",
    "not " * MAX_EXPR_DEPTH + "price == low",
    "(" * 200 + "not " * MAX_EXPR_DEPTH + "price == low" + ")" * 200,
    "price == low and (" * 400 + "price == low" + ")" * 400,
])
def test_deep_rule_is_reported_at_its_line(rule):
    problem = only_problem(with_rule(rule))
    assert (problem.line, problem.path) == (RULE_LINE, "constraints[0].rule")
    assert problem.column > RULE_COLUMN
    assert f"nested deeper than {MAX_EXPR_DEPTH} levels" in problem.message


def test_rules_up_to_the_limit_parse():
    inner = "not " * (MAX_EXPR_DEPTH - 1) + "price == low"
    scenario = loads(with_rule(inner))
    assert depth(scenario.constraints[0].rule) == MAX_EXPR_DEPTH
    parens = "(" * MAX_EXPR_DEPTH + "price == low" + ")" * MAX_EXPR_DEPTH
    assert str(loads(with_rule(parens)).constraints[0].rule) == "price == low"


@pytest.mark.parametrize("op", ["and", "or", "->"])
def test_a_chain_of_1000_terms_is_one_flat_node(op):
    if op == "->":  # price != high -> ... -> price != high -> price == low
        terms = ["price != high"] * 999 + ["price == low"]
    else:
        terms = [f"price != {'high' if k % 2 else 'low'}" for k in range(1000)]
    scenario = loads(with_rule(f" {op} ".join(terms)))
    rule = scenario.constraints[0].rule
    assert isinstance(rule, BoolOp) and rule.op == op and len(rule.operands) == 1000
    assert depth(rule) <= 12
    assert rule_issues(rule) == {"price"} and len(list(iter_compares(rule))) == 1000
    columns = {"price": np.array([0, 1, 2]), "warranty": np.array([0, 0, 0])}
    index = {"price": {"low": 0, "medium": 1, "high": 2}, "warranty": {"no": 0, "yes": 1}}
    truth = evaluate_rule(rule, columns, index)
    # and: medium only (low and high are both excluded); or: always;
    # ->: where a premise fails (high) or the conclusion holds (low)
    expected = {"and": [False, True, False], "or": [True, True, True],
                "->": [True, False, True]}[op]
    assert truth.tolist() == expected


def test_the_binary_view_of_a_long_chain_is_shallow():
    """Code that walks rules as op(left, right) stays within a few frames."""
    rule = parse_rule(" -> ".join(f"a{k} == y" for k in range(1000)))

    def height(node):
        if isinstance(node, BoolOp):
            return 1 + max(height(node.left), height(node.right))
        return 1 + height(node.operand) if isinstance(node, Not) else 1

    assert height(rule) <= 12
    left, right = rule.left, rule.right  # a0 -> ... -> a999 is (a0 and ... a998) -> a999
    assert left == BoolOp("and", *rule.operands[:-1]) and right == rule.operands[-1]


# ----------------------------------------------------------------- arithmetic
@pytest.mark.parametrize("expr", [
    "(" * 1000 + "cost" + ")" * 1000,
    " ** ".join(["cost"] * 1000),
    "min(" * 500 + "cost" + ")" * 500,
    "-" * 1000 + "cost",
    "max(cost, " * 400 + "cost" + ")" * 400,
])
def test_deep_expression_is_reported_at_its_line(expr):
    problem = only_problem(with_batna(expr))
    assert (problem.line, problem.path) == (BATNA_LINE, "parties.buyer.batna")
    assert f"nested deeper than {MAX_EXPR_DEPTH} levels" in problem.message


def test_long_sums_are_flat():
    scenario = loads(with_batna(" + ".join(["cost"] * 1000) + " - 199.9"))
    batna = scenario.parties["buyer"].batna
    assert isinstance(batna.expr, Chain) and len(batna.expr.terms) == 1001
    assert scenario.value(batna) == pytest.approx(1000 * 0.2 - 199.9)


def test_expressions_up_to_the_limit_evaluate():
    power = " ** ".join(["1.0001"] * MAX_EXPR_DEPTH)
    assert depth(parse_arith(power)) == MAX_EXPR_DEPTH
    with pytest.raises(ExprError, match="nested deeper"):
        parse_arith(power + " ** 1.0001")
    calls = "min(" * (MAX_EXPR_DEPTH - 1) + "x" + ")" * (MAX_EXPR_DEPTH - 1)
    assert evaluate_arith(parse_arith(calls), {"x": 2.0}) == 2.0


def test_walks_at_the_limit_take_no_frames_per_level():
    rule = parse_rule("(" * 99 + "not " * (MAX_EXPR_DEPTH - 2) + "(a == y or b == n)"
                      + ")" * 99)
    expr = parse_arith(" ** ".join(["x"] * (MAX_EXPR_DEPTH - 2)) + " ** -x")
    columns = {"a": np.array([0, 1]), "b": np.array([0, 0])}
    index = {"a": {"n": 0, "y": 1}, "b": {"n": 0, "y": 1}}
    with few_frames():
        assert evaluate_rule(rule, columns, index).tolist() == [True, True]
        assert evaluate_arith(expr, {"x": 1.0}) == 1.0
        assert evaluate_arith_many(expr, {"x": np.array([1.0, 1.0])}).tolist() == [1.0, 1.0]
        for tree, parse in ((rule, parse_rule), (expr, parse_arith)):
            assert pickle.loads(pickle.dumps(tree)) == tree
            assert copy.deepcopy(tree) == tree and hash(copy.copy(tree)) == hash(tree)
            assert parse(str(tree)) == tree
            assert repr(tree).count("(") > MAX_EXPR_DEPTH
            assert depth(tree) == MAX_EXPR_DEPTH


# ----------------------------------------------------------------- YAML
@pytest.mark.parametrize("levels", [MAX_YAML_DEPTH + 1, 500, 20_000])
def test_deep_flow_yaml_is_refused_before_pyyaml_recurses(levels):
    text = BASE + "sources:\n  deep: " + "[" * levels + "]" * levels + "\n"
    problem = only_problem(text)
    assert problem.line == BASE.count("\n") + 2
    assert f"nested deeper than {MAX_YAML_DEPTH} levels" in problem.message


def test_deep_block_yaml_is_refused_at_its_line():
    text = BASE + "".join("  " * k + f"k{k}:\n" for k in range(500)) + "  " * 500 + "v: 1\n"
    problem = only_problem(text)
    # the root mapping is level 1, key k0 and its value level 2: key k99 is level 101
    assert problem.line == BASE.count("\n") + MAX_YAML_DEPTH
    assert f"nested deeper than {MAX_YAML_DEPTH} levels" in problem.message


def test_yaml_up_to_the_limit_is_read():
    levels = MAX_YAML_DEPTH - 3  # under sources.deep
    text = BASE + "sources:\n  deep: " + "[" * levels + "]" * levels + "\n"
    problems = problems_of(text)
    assert all("nested deeper" not in p.message for p in problems)


def test_self_referencing_alias_is_reported():
    text = BASE + "sources:\n  loop: &r [*r]\n"
    problems = problems_of(text)
    loop = [p for p in problems if "recursive alias" in p.message]
    assert len(loop) == 1 and loop[0].line == BASE.count("\n") + 2
    assert loop[0].path == "sources.loop[0]"


def test_aliases_that_chain_past_the_limit_are_reported():
    chain = "".join(f"  a{k}: &a{k} [{f'*a{k - 1}' if k else 1}]\n" for k in range(300))
    problems = problems_of(BASE + "sources:\n" + chain)
    deep = [p for p in problems if "once aliases are followed" in p.message]
    assert deep and all(f"nested deeper than {MAX_YAML_DEPTH} levels" in p.message for p in deep)
