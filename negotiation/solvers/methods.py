"""Enumerate or MILP: the one choice of method every analysis shares.

``method="enumerate"`` evaluates every package of the agreement space;
``"milp"`` searches it exactly with a mixed-integer programme (HiGHS through
:func:`scipy.optimize.milp`), for spaces too large to enumerate; ``"auto"``
(the default everywhere) enumerates when the space is within the game's
enumeration limit.
"""
from __future__ import annotations

from negotiation.game import Game
from negotiation.solvers.names import METHODS


def check_method(method: str) -> str:
    """``method`` if it is one of :data:`METHODS`, else a ValueError listing them."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (expected one of: {', '.join(METHODS)})")
    return method


def choose_method(game: Game, method: str = "auto") -> str:
    """``"enumerate"`` or ``"milp"``: ``method`` resolved for this game."""
    if check_method(method) == "auto":
        return "enumerate" if game.size <= game.limit else "milp"
    return method
