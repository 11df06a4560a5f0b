"""The one error of the expression language."""
from __future__ import annotations


class ExprError(ValueError):
    """A rule or an expression that does not parse or does not type-check.

    ``column`` is 1-based within the expression's text, when known.
    """

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column
