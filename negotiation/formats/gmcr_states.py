"""The states of a GMCR+ model, numbered as GMCR+ numbers them.

GMCR+ (the graph-model decision support system of the University of
Waterloo) describes a conflict by binary **options**, each held by one
decision maker. A **state** says, for every option, whether it is taken
(``Y``) or not (``N``). Its **decimal code** is ``sum_k 2**k`` over the
options ``k`` taken (option 0 is the lowest bit). **Infeasible conditions**
remove states: a condition is a list of ``[option, "Y" | "N"]`` literals that
all hold (a conjunction), or ``{"compound": true, "members": [...]}``, any of
several conjunctions (a disjunction). The feasible states are numbered 1, 2,
... in the order of their decimal codes; a manual preference ranking lists
these numbers.
"""
from __future__ import annotations

from itertools import product

MAX_OPTIONS = 20  # 2**20 states: beyond, GMCR+ itself would not list them


def literals(condition) -> list[list[tuple[int, bool]]]:
    """A GMCR+ condition as a disjunction of conjunctions of (option, taken).

    Parameters
    ----------
    condition : list or dict
        ``[[0, "Y"], [2, "N"]]`` or ``{"compound": true, "members": [...]}``.

    Returns
    -------
    list of list of (int, bool)

    Raises
    ------
    ValueError
        A condition of another shape (the message says what was found).

    Examples
    --------
    >>> literals([[0, "Y"], [2, "N"]])
    [[(0, True), (2, False)]]
    >>> literals({"compound": True, "members": [[[0, "Y"]], [[1, "Y"]]]})
    [[(0, True)], [(1, True)]]
    """
    if isinstance(condition, dict) and isinstance(condition.get("members"), list):
        return [conjunction for member in condition["members"]
                for conjunction in literals(member)]
    if not isinstance(condition, list) or not condition:
        raise ValueError(f"a condition must be a non-empty list of [option, \"Y\"|\"N\"] "
                         f"pairs, found {condition!r:.60}")
    out = []
    for literal in condition:
        if (not isinstance(literal, list) or len(literal) != 2
                or not isinstance(literal[0], int) or isinstance(literal[0], bool)
                or literal[1] not in ("Y", "N")):
            raise ValueError(f"expected [option number, \"Y\" or \"N\"], found {literal!r:.60}")
        out.append((literal[0], literal[1] == "Y"))
    return [out]


def holds(conjunctions, state: tuple[bool, ...]) -> bool:
    """Whether a condition (from :func:`literals`) holds at a state.

    Examples
    --------
    >>> holds([[(0, True), (1, False)]], (True, False)), holds([[(1, True)]], (True, False))
    (True, False)
    """
    return any(all(state[k] == taken for k, taken in conj) for conj in conjunctions)


def decimal_code(state: tuple[bool, ...]) -> int:
    """The decimal code of a state: ``sum 2**k`` over the options taken.

    Examples
    --------
    >>> decimal_code((False, True, True))
    6
    """
    return sum(1 << k for k, taken in enumerate(state) if taken)


def feasible_states(n_options: int, infeasibles) -> list[tuple[bool, ...]]:
    """The feasible states in GMCR+ order (state 1 first).

    Parameters
    ----------
    n_options : int
        The number of options.
    infeasibles : list
        Conditions as read by :func:`literals`.

    Returns
    -------
    list of tuple of bool

    Examples
    --------
    >>> feasible_states(2, [literals([[0, "Y"], [1, "Y"]])])
    [(False, False), (True, False), (False, True)]
    """
    states = [tuple(bool(b) for b in reversed(bits)) for bits in product((0, 1),
                                                                         repeat=n_options)]
    states.sort(key=decimal_code)
    return [s for s in states if not any(holds(c, s) for c in infeasibles)]
