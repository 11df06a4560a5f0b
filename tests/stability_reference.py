"""A plain, state-by-state implementation of the stability concepts.

Written straight from the logical definitions (Fang, Hipel & Kilgour 1993;
Fraser & Hipel 1984; Howard 1971), with Python sets and explicit reachable
lists, and sharing nothing with the vectorised solver but the compiled game.
The tests check that both agree; the benchmark measures how much faster the
vectorised one is. Slow by design: use it on small models only.
"""
from __future__ import annotations

from itertools import product

from negotiation.game import TOL, compile_game


class PlainModel:
    def __init__(self, scenario):
        game = compile_game(scenario)
        self.game = game
        self.states = [tuple(int(v) for v in row) for row in game.feasible_packages]
        self.index = {s: k for k, s in enumerate(self.states)}
        payoff = game.effective(game.feasible_packages)
        self.u = [[float(payoff[k, p]) for p in range(game.n_parties)]
                  for k in range(len(self.states))]
        self.parties = list(range(game.n_parties))
        one_way = [i.one_way for i in scenario.issues.values()]
        self.own = {p: [k for k, c in enumerate(game.controllers) if c == p] for p in self.parties}
        self.one_way = one_way
        self.n_options = [int(n) for n in game.n_options]
        self._moves = {}

    def moves(self, movers: tuple[int, ...], s: int) -> list[int]:
        """States reachable from s by changing issues controlled by ``movers``."""
        key = (movers, s)
        if key not in self._moves:
            issues = sorted(k for p in movers for k in self.own[p])
            state = self.states[s]
            choices = [range(state[k] if self.one_way[k] else 0, self.n_options[k]) for k in issues]
            out = []
            for combo in product(*choices):
                t = list(state)
                for k, v in zip(issues, combo):
                    t[k] = v
                t = tuple(t)
                if t != state and t in self.index:
                    out.append(self.index[t])
            self._moves[key] = out
        return self._moves[key]

    def improvements(self, movers: tuple[int, ...], s: int) -> list[int]:
        return [t for t in self.moves(movers, s)
                if all(self.u[t][p] > self.u[s][p] + TOL for p in movers)]

    def reachable(self, opponents: list[int], start: int, improving: bool, once: bool) -> set[int]:
        """R_H(start): states reached by legal sequences of opponents' moves."""
        seen, found = set(), set()
        frontier = [(start, None, frozenset())]
        while frontier:
            x, last, moved = frontier.pop()
            for j in opponents:
                if j == last or (once and j in moved):
                    continue
                step = self.improvements((j,), x) if improving else self.moves((j,), x)
                for y in step:
                    node = (y, j, moved | {j} if once else frozenset())
                    if node not in seen:
                        seen.add(node)
                        found.add(y)
                        frontier.append(node)
        return found

    def simultaneous(self, opponents: list[int], s: int, s1: int) -> set[int]:
        """Feasible states combining the movers' move s -> s1 with the
        opponents' simultaneous unilateral improvements from s (each
        opponent stays or takes one of its own; at least one moves)."""
        found = set()
        choices = [[None] + self.improvements((j,), s) for j in opponents]
        for combo in product(*choices):
            if all(t is None for t in combo):
                continue
            x = list(self.states[s1])
            for j, t in zip(opponents, combo):
                if t is not None:
                    for k in self.own[j]:
                        x[k] = self.states[t][k]
            if tuple(x) in self.index:  # an infeasible combination is no sanction
                found.add(self.index[tuple(x)])
        return found


def plain_stable(model: PlainModel, movers: tuple[int, ...], s: int, concept: str,
                 once: bool = False) -> bool:
    """Is state s stable for ``movers`` (one party, or a coalition) under ``concept``?"""
    opponents = [j for j in model.parties if j not in movers]
    u = model.u

    def not_better(x):
        return any(u[x][p] <= u[s][p] + TOL for p in movers)

    for s1 in model.improvements(movers, s):
        if concept == "nash":
            return False
        if concept == "sim":
            sanctions = model.simultaneous(opponents, s, s1)
        else:
            sanctions = model.reachable(opponents, s1, concept == "seq", once)
        if concept == "smr":
            (i,) = movers
            ok = any(not_better(x) and all(u[z][i] <= u[s][i] + TOL for z in model.moves(movers, x))
                     for x in sanctions)
        else:
            ok = any(not_better(x) for x in sanctions)
        if not ok:
            return False
    return True


def plain_stability(scenario, concepts=("nash", "gmr", "smr", "seq", "sim"), once=False):
    """{concept: [[stable for party p at state s]]} by the plain definitions."""
    model = PlainModel(scenario)
    return model, {c: [[plain_stable(model, (p,), s, c, once) for p in model.parties]
                       for s in range(len(model.states))] for c in concepts}
