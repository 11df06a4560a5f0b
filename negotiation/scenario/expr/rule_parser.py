"""The grammar of rules, read without recursion.

Precedence, loosest first::

    implication := disjunction ('->' disjunction)*      right-associative
    disjunction := conjunction ('or' conjunction)*
    conjunction := negation ('and' negation)*
    negation    := 'not'* (comparison | '(' implication ')')
    comparison  := NAME ('==' | '!=') OPTION | NAME 'in' '[' OPTION (',' OPTION)* ']'

Each open parenthesis is a :class:`_Group` on an explicit stack, so a rule
nested :data:`~negotiation.scenario.limits.MAX_EXPR_DEPTH` levels deep
costs no Python frames; one level deeper is an :class:`ExprError` at the
token where it happens. Chains are built flat (:class:`BoolOp` with n
operands), however long.
"""
from __future__ import annotations

from negotiation.scenario.expr.errors import ExprError
from negotiation.scenario.expr.rules import BoolOp, Compare, Not, Rule
from negotiation.scenario.expr.tokens import KEYWORDS, Cursor, Token, check_depth, too_deep
from negotiation.scenario.limits import MAX_EXPR_DEPTH

Part = tuple  # (rule, depth, column of the token that made it)


class _Group:
    """One parenthesised level of a rule (or the whole rule); a plain class,
    as the parser's scratch state needs no generated methods."""

    __slots__ = ("opener", "nots", "terms")

    def __init__(self, opener: Token | None):
        self.opener = opener
        self.nots: list[Token] = []  # before the next operand
        self.terms: dict[str, list[Part]] = {"and": [], "or": [], "->": []}


def parse_rule(text: str) -> Rule:
    """Parse a rule; raises :class:`ExprError` with a column on failure."""
    return _RuleParser(text).parse()


class _RuleParser(Cursor):
    def __init__(self, text: str):
        super().__init__(text, "rule")
        self.groups = [_Group(None)]

    def parse(self) -> Rule:
        while True:
            part = self.operand()
            while True:
                part = self.negate(part)
                if self.operator(part):
                    break  # the next operand of this group
                part = self.end_group(part)
                if self.groups[-1].opener is None:
                    self.finish()
                    return part[0]
                self.expect(")", "')'")
                self.groups.pop()  # the group is an operand of the enclosing one

    def operand(self) -> Part:
        """Reads ``not``s and ``(``s up to a comparison."""
        while True:
            group = self.groups[-1]
            if self.tok.is_keyword("not"):
                group.nots.append(self.take())
            elif self.tok.is_op("("):
                if len(self.groups) > MAX_EXPR_DEPTH:
                    raise too_deep(self.tok.column)
                self.groups.append(_Group(self.take()))
            else:
                compare = self.comparison()
                return compare, 1, compare.column

    def negate(self, part: Part) -> Part:
        group = self.groups[-1]
        rule, depth, _ = part
        while group.nots:
            token = group.nots.pop()
            depth = check_depth(depth + 1, token.column)
            rule = Not(rule)
        return rule, depth, part[2]

    def operator(self, part: Part) -> bool:
        """After an operand: takes ``and``/``or``/``->`` if one follows."""
        tok = self.tok
        op = tok.text if tok.kind == "name" and tok.text in ("and", "or") else (
            "->" if tok.is_op("->") else None)
        if op is None:
            return False
        terms = self.groups[-1].terms
        terms["and"].append(part)
        if op in ("or", "->"):
            terms["or"].append(self.joined("and", terms["and"]))
        if op == "->":
            terms["->"].append(self.joined("or", terms["or"]))
        self.take()
        return True

    def end_group(self, part: Part) -> Part:
        """The last operand of a group: the group's whole rule."""
        terms = self.groups[-1].terms
        terms["and"].append(part)
        terms["or"].append(self.joined("and", terms["and"]))
        terms["->"].append(self.joined("or", terms["or"]))
        return self.joined("->", terms["->"])

    @staticmethod
    def joined(op: str, parts: list[Part]) -> Part:
        """One part for a chain of parts joined by ``op`` (and empties the list)."""
        chain = list(parts)
        parts.clear()
        if len(chain) == 1:
            return chain[0]
        rule = BoolOp(op, *(p[0] for p in chain))
        column = chain[0][2]
        return rule, check_depth(rule.levels() + max(p[1] for p in chain), column), column

    # leaves ------------------------------------------------------------
    def comparison(self) -> Compare:
        if self.tok.kind != "name" or self.tok.text in KEYWORDS:
            raise self.error("expected an issue name")
        issue = self.take()
        if self.tok.is_op("==", "!="):
            op = self.take().text
            return Compare(issue.text, (self.option(),), op == "!=", issue.column)
        if self.tok.is_keyword("in"):
            self.take()
            return Compare(issue.text, self.option_list(), False, issue.column, True)
        if self.tok.is_op("("):
            raise ExprError("calls are not allowed in rules", issue.column)
        raise self.error(f"expected '==', '!=' or 'in' after {issue.text!r}")

    def option(self) -> str:
        if self.tok.kind not in ("name", "num") or self.tok.text in KEYWORDS:
            raise self.error("expected an option name")
        return self.take().text

    def option_list(self) -> tuple[str, ...]:
        self.expect("[", "'[' starting a list of options")
        options = [self.option()]
        while self.tok.is_op(","):
            self.take()
            options.append(self.option())
        self.expect("]", "',' or ']'")
        return tuple(options)
