"""Sequencing an off-ramp: in which order can the parties walk to it?

Moves. Going from the status quo to a package, each party changes the
issues it controls (``controlled_by``); issues with no controller change
by a joint move, called ``"all"``. So a package needs at most one move per
party plus one joint move.

The graph. States are the subsets of moves already made (the status quo
plus those moves); an edge adds one move. It is a DAG (the Boolean lattice
of the moves) and every path from the empty set to the full set is one
ordering of the moves. An intermediate state is **unsafe** when some
party's effective utility there is below its batna: that party would
rather walk away (to war, to sanctions) than wait for the rest, and anyone
who has already moved must trust the others to finish. Intermediate states
that break a red line or condition are marked too: a conditional offer ("X
only if Y") made before Y is a step on trust. Edge weights make the
shortest paths the orderings with the fewest unsafe steps and, among
those, the fewest steps ahead of a condition. On a lattice both searches
are short: the least weight from every subset to the full set (one
dynamic-programming pass, supersets first), then a depth-first walk that
takes a move only when it stays on a least-weight path. Orderings are
listed in the lexicographic order of the moves (a graph library would cost
0.15 s to import at each start for this). When every ordering has an
unsafe step, the commitment problem of the deal is visible: who must move
first and whom it must trust (Fearon 1995, "Rationalist explanations for
war", *IO* 49, on commitment problems; Schelling 1960 on moves in steps; the status-quo
analysis of the graph model, Fang, Hipel & Kilgour 1993).
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import islice, permutations

import numpy as np

from negotiation.game import Game
from negotiation.sides import is_approval, sides_of
from negotiation.solvers.offramps.parts import Sequencing

MAX_LISTED = 24  # orderings listed in full (4 moves = 24 orderings)


def moves_to(game: Game, package: np.ndarray) -> list[dict]:
    """The moves from the status quo to ``package``: one per controller."""
    by: dict = {}
    for k, issue in enumerate(game.issue_ids):
        if package[k] != game.status_quo[k]:
            c = game.controllers[k]
            who = game.party_ids[c] if c is not None else "all"
            by.setdefault(who, {})[issue] = game.option_ids[k][int(package[k])]
    order = list(game.party_ids) + ["all"]
    return [{"by": who, "issues": by[who]} for who in order if who in by]


def _states(game: Game, moves: list[dict]):
    """Package and effective utilities of every subset of moves (bitmask-indexed)."""
    rows = np.array([game.package({issue: option
                                   for j, move in enumerate(moves) if s >> j & 1
                                   for issue, option in move["issues"].items()})
                     for s in range(1 << len(moves))], dtype=game.status_quo.dtype)
    return rows, game.effective(rows)


def _weights(m: int, unsafe: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """Weight of the step into each subset of moves. Into an unsafe
    intermediate state m + 1, into one that breaks a red line or condition 1:
    shortest paths minimise the unsafe steps first (m - 1 intermediate states
    at most), then the steps taken ahead of a condition."""
    weight = (m + 1) * unsafe.astype(int) + breaks.astype(int)
    weight[(1 << m) - 1] = 0
    return weight


def _to_full(m: int, weight: np.ndarray) -> np.ndarray:
    """Least total weight from each subset to the full set (supersets first)."""
    full = (1 << m) - 1
    rest = np.zeros(1 << m, dtype=np.int64)
    for s in range(full - 1, -1, -1):  # a superset has a larger index
        rest[s] = min(weight[s | 1 << j] + rest[s | 1 << j] for j in range(m) if not s >> j & 1)
    return rest


def _orderings(m: int) -> Iterator[list[int]]:
    """Every path through the lattice, moves in lexicographic order."""
    for order in permutations(range(m)):
        yield _path(order)


def _shortest(m: int, weight: np.ndarray) -> Iterator[list[int]]:
    """The least-weight paths from the empty set to the full set, moves in
    lexicographic order."""
    rest = _to_full(m, weight)
    full = (1 << m) - 1

    def walk(path):
        s = path[-1]
        if s == full:
            yield list(path)
            return
        for j in range(m):
            t = s | 1 << j
            if t != s and weight[t] + rest[t] == rest[s]:
                yield from walk([*path, t])

    yield from walk([0])


def _path(order) -> list[int]:
    path = [0]
    for j in order:
        path.append(path[-1] | 1 << j)
    return path


def _describe(path, moves, below, breaks) -> dict:
    order = [moves[(b ^ a).bit_length() - 1]["by"] for a, b in zip(path, path[1:])]
    steps = [{"after": order[:n + 1], "below_batna": below[t], "breaks": breaks[t]}
             for n, t in enumerate(path[1:-1])]
    return {"order": order, "unsafe_steps": sum(1 for s in steps if s["below_batna"]),
            "steps_breaking_constraints": sum(1 for s in steps if s["breaks"]),
            "steps": steps}



def _broken(game: Game, rows: np.ndarray) -> list[list[str]]:
    # a ratifier approves the agreement, not the steps towards it
    relaxable = [c for c in game.constraints if c.relaxable and not is_approval(c)]
    ok = game.satisfied(rows, relaxable)
    return [[c.id for c, k in zip(relaxable, row) if not k] for row in ok]


def sequence_moves(game: Game, package) -> Sequencing:
    """Orderings of the moves to ``package``, unsafe intermediate states marked."""
    package = np.asarray(package)
    moves = moves_to(game, package)
    m = len(moves)
    if m == 0:
        return Sequencing()
    rows, u = _states(game, moves)
    below_mask = u < sides_of(game).floor(game.batna)
    below = [[p for p, b in zip(game.party_ids, row) if b] for row in below_mask]
    breaks = _broken(game, rows)
    weight = _weights(m, below_mask.any(axis=1), np.array([bool(b) for b in breaks]))
    listed = [_describe(p, moves, below, breaks) for p in islice(_orderings(m), MAX_LISTED)]
    safest = [_describe(p, moves, below, breaks) for p in islice(_shortest(m, weight), MAX_LISTED)]
    listed.sort(key=lambda o: (o["unsafe_steps"], o["steps_breaking_constraints"], o["order"]))
    safest.sort(key=lambda o: o["order"])
    least = safest[0]["unsafe_steps"]
    return Sequencing(tuple(moves), math.factorial(m), tuple(listed), tuple(safest), least,
                      least == 0, tuple(sorted({o["order"][0] for o in safest})),
                      tuple(below[0]))
