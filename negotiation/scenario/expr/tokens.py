"""Tokens of the expression language, and the cursor the parsers read them with.

A token is a number, a name (``[A-Za-z_][A-Za-z0-9_]*``), or one of the
operators ``-> == != ** - + * / ( ) , [ ]``; anything else (quotes, dots,
colons, ``<``...) is refused here with a message saying what is not allowed.
"""
from __future__ import annotations

import math
import re
from typing import NamedTuple, cast

from negotiation.scenario.expr.errors import ExprError
from negotiation.scenario.limits import MAX_EXPR_DEPTH, SHOWN_CHARS

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>->|==|!=|\*\*|[-+*/(),\[\]]))"
)
KEYWORDS = {"and", "or", "not", "in"}
FUNCTIONS = ("min", "max")


class Token(NamedTuple):
    """One token of an expression: a number, a name, an operator or the end
    (a named tuple: cheaper to define and to make than a frozen dataclass)."""

    kind: str  # num, name, op, end
    text: str
    column: int  # 1-based column within the expression

    def is_op(self, *texts: str) -> bool:
        return self.kind == "op" and self.text in texts

    def is_keyword(self, word: str) -> bool:
        return self.kind == "name" and self.text == word


def tokenize(text: str) -> list[Token]:
    tokens, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            rest = text[pos:].lstrip()
            raise ExprError(_bad_character_message(rest[:1]), len(text) - len(rest) + 1)
        kind = cast(str, match.lastgroup)  # every alternative of _TOKEN is a named group
        tokens.append(Token(kind, match.group(kind), match.start(kind) + 1))
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


def number_value(token: Token) -> float:
    """The value of a number token; one too large for a float is an error."""
    value = float(token.text)
    if not math.isfinite(value):
        raise ExprError(f"the number {shorten(token.text)} is larger than a float can hold "
                        "(about 1.8e308)", token.column)
    return value


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` for a message: cut to ``limit`` characters with a count."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text)} characters)"


class Cursor:
    """The tokens of one expression, read left to right."""

    def __init__(self, text: str, what: str):
        if not isinstance(text, str):
            raise ExprError("expected a string")
        if "__" in text:
            raise ExprError("dunder names ('__') are not allowed", text.index("__") + 1)
        self.tokens = tokenize(text)
        self.pos = 0
        if self.tok.kind == "end":
            raise ExprError(f"empty {what}", 1)

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expect(self, text: str, what: str) -> Token:
        if not self.tok.is_op(text):
            raise self.error(f"expected {what}")
        return self.take()

    def error(self, expected: str) -> ExprError:
        found = "the end" if self.tok.kind == "end" else repr(self.tok.text)
        return ExprError(f"{expected}, found {found}", self.tok.column)

    def finish(self) -> None:
        if self.tok.is_op("["):
            raise ExprError("lists and subscripts are not allowed", self.tok.column)
        if self.tok.kind != "end":
            raise self.error("expected the end of the expression")


def too_deep(column: int) -> ExprError:
    """The error for nesting beyond :data:`MAX_EXPR_DEPTH`."""
    return ExprError(f"nested deeper than {MAX_EXPR_DEPTH} levels of parentheses, "
                     "operators, 'not' and calls", column)


def check_depth(depth: int, column: int) -> int:
    """``depth``, if within :data:`MAX_EXPR_DEPTH`; the error otherwise."""
    if depth > MAX_EXPR_DEPTH:
        raise too_deep(column)
    return depth
