"""The grammar of arithmetic, read without recursion.

Precedence follows Python, loosest first::

    sum     := product (('+' | '-') product)*          left to right
    product := unary (('*' | '/') unary)*              left to right
    unary   := ('+' | '-')* power
    power   := atom ('**' unary)?                     right-associative
    atom    := NUMBER | NAME | ('min' | 'max') '(' sum (',' sum)* ')' | '(' sum ')'

Each open parenthesis or call is a :class:`_Group` on an explicit stack, so
depth costs no Python frames; beyond
:data:`~negotiation.scenario.limits.MAX_EXPR_DEPTH` levels it is an
:class:`ExprError` at the token where it happens.
"""
from __future__ import annotations

from negotiation.scenario.expr.arith import Arith, BinOp, Call, Chain, Name, Neg, Num
from negotiation.scenario.expr.errors import ExprError
from negotiation.scenario.expr.tokens import (
    FUNCTIONS,
    KEYWORDS,
    Cursor,
    Token,
    check_depth,
    number_value,
    too_deep,
)
from negotiation.scenario.limits import MAX_EXPR_DEPTH

Part = tuple  # (expression, depth, column where it starts)


class _Group:
    """One parenthesised level or call (or the whole expression); a plain
    class, as the parser's scratch state needs no generated methods."""

    __slots__ = ("opener", "call", "args", "signs", "powers", "product", "product_ops",
                 "sum", "sum_ops")

    def __init__(self, opener: Token | None, call: Token | None = None):
        self.opener = opener
        self.call = call  # min / max
        self.args: list[Part] = []  # a call's finished arguments
        self.signs: list[Token] = []  # before the next operand
        self.powers: list[tuple] = []  # (signs, base, '**') awaiting exponents
        self.product: list[Part] = []
        self.product_ops: list[str] = []
        self.sum: list[Part] = []
        self.sum_ops: list[str] = []


def parse_arith(text: str) -> Arith:
    """Parse an arithmetic expression; raises :class:`ExprError` on failure."""
    return _ArithParser(text).parse()


class _ArithParser(Cursor):
    def __init__(self, text: str):
        super().__init__(text, "expression")
        self.groups = [_Group(None)]

    def parse(self) -> Arith:
        while True:
            part = self.operand()
            while True:
                group = self.groups[-1]
                if self.tok.is_op("**"):
                    group.powers.append((group.signs, part, self.take()))
                    group.signs = []
                    break  # the exponent
                part = self.unary(part)
                if self.operator(part):
                    break  # the next operand of this group
                part = self.end_group(part)
                if group.opener is None:
                    self.finish()
                    return part[0]
                if group.call is not None and self.tok.is_op(","):
                    group.args.append(part)
                    self.take()
                    break  # the next argument
                part = self.close(group, part)

    def operand(self) -> Part:
        """Reads signs, ``(``s and calls up to a number or a name."""
        while True:
            group, tok = self.groups[-1], self.tok
            if tok.is_op("+", "-"):
                group.signs.append(self.take())
            elif tok.is_op("("):
                self.open(_Group(tok))
            elif tok.kind == "name" and tok.text not in KEYWORDS and self.next_is("("):
                if tok.text not in FUNCTIONS:
                    raise ExprError(f"calling {tok.text!r} is not allowed (only min and max)",
                                    tok.column)
                self.take()
                self.open(_Group(self.tok, call=tok))
            else:
                return self.atom()

    def next_is(self, text: str) -> bool:
        return self.tokens[self.pos + 1].is_op(text)

    def open(self, group: _Group) -> None:
        if len(self.groups) > MAX_EXPR_DEPTH:
            raise too_deep(self.tok.column)
        self.take()
        self.groups.append(group)

    def close(self, group: _Group, part: Part) -> Part:
        """The ``)`` of a group or call: its value, an atom of the enclosing group."""
        if group.call is None:
            self.expect(")", "')'")
        else:
            self.expect(")", "',' or ')'")
            group.args.append(part)
            expr = Call(group.call.text, tuple(p[0] for p in group.args))
            column = group.call.column
            part = expr, check_depth(1 + max(p[1] for p in group.args), column), column
        self.groups.pop()
        return part

    def atom(self) -> Part:
        tok = self.tok
        if tok.kind == "num":
            self.take()
            return Num(number_value(tok)), 1, tok.column
        if tok.kind == "name" and tok.text not in KEYWORDS:
            self.take()
            return Name(tok.text, tok.column), 1, tok.column
        if tok.is_op("["):
            raise ExprError("lists and subscripts are not allowed", tok.column)
        raise self.error("expected a number, a parameter name or '('")

    # folding -----------------------------------------------------------
    def unary(self, part: Part) -> Part:
        """The operand with its signs and the ``**`` bases waiting for it."""
        group = self.groups[-1]
        part = self.signed(group.signs, part)
        group.signs = []
        while group.powers:
            signs, base, star = group.powers.pop()
            expr = BinOp("**", base[0], part[0])
            depth = check_depth(1 + max(base[1], part[1]), star.column)
            part = self.signed(signs, (expr, depth, base[2]))
        return part

    @staticmethod
    def signed(signs: list[Token], part: Part) -> Part:
        expr, depth, column = part
        for sign in reversed(signs):
            if sign.text == "-":
                expr, depth = Neg(expr), check_depth(depth + 1, sign.column)
                column = sign.column
        return expr, depth, column

    def operator(self, part: Part) -> bool:
        """After an operand: takes ``* /`` or ``+ -`` if one follows."""
        group, tok = self.groups[-1], self.tok
        if not tok.is_op("*", "/", "+", "-"):
            return False
        group.product.append(part)
        if tok.text in "*/":
            group.product_ops.append(tok.text)
        else:
            group.sum.append(self.chain(group.product, group.product_ops))
            group.sum_ops.append(tok.text)
        self.take()
        return True

    def end_group(self, part: Part) -> Part:
        """The last operand of a group (or argument): its whole value."""
        group = self.groups[-1]
        group.product.append(part)
        group.sum.append(self.chain(group.product, group.product_ops))
        return self.chain(group.sum, group.sum_ops)

    @staticmethod
    def chain(parts: list[Part], ops: list[str]) -> Part:
        """One part for ``parts`` joined by ``ops`` (and empties both lists)."""
        terms, operators = list(parts), tuple(ops)
        parts.clear()
        ops.clear()
        if len(terms) == 1:
            return terms[0]
        expr = Chain(operators, tuple(p[0] for p in terms))
        column = terms[0][2]
        return expr, check_depth(expr.levels() + max(p[1] for p in terms), column), column
