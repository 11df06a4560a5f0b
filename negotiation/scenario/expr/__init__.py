"""The safe expression language of scenario files: rules and arithmetic.

Rules (constraints, adjustments, priorities, offramp requirements)::

    issue == option    issue != option    issue in [a, b]
    not R    R and R    R or R    R -> R    ( R )

Arithmetic (batna, weights, scores, ...)::

    numbers, parameter names, + - * / **, unary -, min(...), max(...), ( ... )

Both are parsed into frozen AST nodes by small parsers that keep their own
stack (:mod:`.rule_parser`, :mod:`.arith_parser`), so nesting is bounded by
:data:`~negotiation.scenario.limits.MAX_EXPR_DEPTH`, not by Python's
recursion limit. Nothing is ever evaluated by Python's ``eval``: there are
no attributes, no subscripts, no calls other than ``min``/``max``, and
identifiers are plain ``[A-Za-z_][A-Za-z0-9_]*`` names that are checked
against the scenario's parties, issues, options and parameters by the loader.

Modules: :mod:`.tokens` (tokens, the cursor, the depth limit),
:mod:`.rules` (the boolean AST and its vectorised evaluation),
:mod:`.arith` (the arithmetic AST and its evaluation), :mod:`.tree` (the
iterative walks both share).
"""
from negotiation.scenario.expr.arith import (
    Arith,
    BinOp,
    Call,
    Chain,
    Name,
    Neg,
    Num,
    arith_names,
    evaluate_arith,
    evaluate_arith_many,
)
from negotiation.scenario.expr.arith_parser import parse_arith
from negotiation.scenario.expr.errors import ExprError
from negotiation.scenario.expr.rule_parser import parse_rule
from negotiation.scenario.expr.rules import (
    BoolOp,
    Compare,
    Const,
    Not,
    Rule,
    evaluate_rule,
    iter_compares,
    rule_holds,
    rule_issues,
    truth,
)
from negotiation.scenario.expr.tokens import Token, tokenize
from negotiation.scenario.expr.tree import depth

__all__ = ["Arith", "BinOp", "BoolOp", "Call", "Chain", "Compare", "Const", "ExprError", "Name",
           "Neg", "Not", "Num", "Rule", "Token", "arith_names", "depth", "evaluate_arith",
           "evaluate_arith_many", "evaluate_rule", "iter_compares", "parse_arith", "parse_rule",
           "rule_holds", "rule_issues", "tokenize", "truth"]
