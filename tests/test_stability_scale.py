"""The fast paths of the stability solver equal the definitions, state by state.

The solver reduces over groups of states instead of move matrices when a
party's issues are neither one-way nor offers, and decides most simultaneous
sanctions (SIM) by a separable bound before enumerating the rest. These tests
build random models of 2^8 to 2^10 states with 3 or 4 parties -- ties in the
preferences, one-way issues for some parties, a feasibility rule, audience
costs (which make preferences non-additive) and an absorbing war state -- and
compare every concept with

* ``stability_reference.plain_stability`` (models without war), and
* ``brute_force`` below: the definitions of docs/concepts/stability.md
  written out per state with Python sets over the model's states and
  preferences, moves enumerated from the issues each party controls.
"""
from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from stability_reference import plain_stability

import negotiation
from negotiation.game import TOL
from negotiation.solvers.stability.concepts import stability
from negotiation.solvers.stability.graph import graph_model
from negotiation.solvers.stability.groups import Groups, Ranked


def scenario_text(bits: int, parties: int, seed: int, war: bool = False, rule: bool = False,
                  ranking: bool = False, one_way: float = 0.0, audience: bool = False) -> str:
    """``bits`` binary issues split among the parties; integer scores (ties)."""
    rng = np.random.default_rng(seed)
    issues = [f"i{k}" for k in range(bits)]
    owner = [k * parties // bits for k in range(bits)]
    lines = ["format: negotiation/1", "title: scale test", "parties:"]
    for p in range(parties):
        cost = f", audience_cost: {rng.integers(1, 4)}" if audience and p % 2 == 0 else ""
        lines.append(f"  p{p}: {{name: p{p}{cost}}}")
    lines.append("issues:")
    for k, i in enumerate(issues):
        oneway = "true" if owner[k] % 2 == 1 and rng.random() < one_way else "false"
        lines.append(f"  {i}: {{options: [off, on], status_quo: off, one_way: {oneway}, "
                     f"controlled_by: p{owner[k]}}}")
    lines.append("preferences:")
    states = list(product(["off", "on"], repeat=bits))
    for p in range(parties):
        lines.append(f"  p{p}:")
        if ranking and p == parties - 1:  # a ranking with ties: not additive
            level = rng.integers(0, 6, len(states))
            lines.append("    ranking:")
            for lv in range(5, -1, -1):
                members = [s for s, x in zip(states, level) if x == lv]
                pats = ", ".join("{" + ", ".join(f"{i}: {o}" for i, o in zip(issues, s)) + "}"
                                 for s in members)
                lines.append(f"      - [{pats}]")
            continue
        lines.append("    weights: {" + ", ".join(f"{i}: 1" for i in issues) + "}")
        lines.append("    scores:")
        for i in issues:
            a, b = rng.integers(0, 4, 2)
            lines.append(f"      {i}: {{off: {a}, on: {b}}}")
    if rule:  # uneven groups: i0 on requires the last issue on
        lines += ["constraints:",
                  f"  - {{id: f, kind: feasibility, rule: \"i0 == on -> {issues[-1]} == on\"}}"]
    if war:
        lines += ["war:", "  initiator: p0", "  outcomes:",
                  "    win: {i1: on}", f"    lose: {{{issues[-2]}: on}}",
                  "  chances: {win: 0.5, lose: 0.5}", f"  costs: {{p0: 1, p1: {seed % 3}}}"]
    return "\n".join(lines) + "\n"


# -- the definitions, per state -------------------------------------------------
class BruteForce:
    """Moves and sanctions straight from the definitions, over a model's states."""

    def __init__(self, model):
        game = model.game
        self.u = model.payoff
        self.n_real = len(model.states)
        self.war = model.war_index
        self.initiator = model.initiator
        self.rows = [tuple(int(v) for v in row) for row in model.states]
        self.index = {s: k for k, s in enumerate(self.rows)}
        self.parties = range(model.n_parties)
        self.own = {p: [k for k, c in enumerate(game.controllers) if c == p] for p in self.parties}
        self.one_way = [i.one_way for i in game.scenario.issues.values()]
        self.n_options = [int(n) for n in game.n_options]
        self._moves: dict = {}

    def moves(self, p: int, s: int) -> list[int]:
        if (p, s) not in self._moves:
            out = []
            if s != self.war:
                state, issues = self.rows[s], self.own[p]
                ranges = [range(state[k] if self.one_way[k] else 0, self.n_options[k])
                          for k in issues]
                for combo in product(*ranges):
                    t = list(state)
                    for k, v in zip(issues, combo):
                        t[k] = v
                    if tuple(t) != state and tuple(t) in self.index:
                        out.append(self.index[tuple(t)])
                if p == self.initiator:
                    out.append(self.war)
            self._moves[p, s] = out
        return self._moves[p, s]

    def improvements(self, p: int, s: int) -> list[int]:
        return [t for t in self.moves(p, s) if self.u[t, p] > self.u[s, p] + TOL]

    def reachable(self, opponents, start: int, improving: bool) -> set[int]:
        """States reached by legal sequences (no one moves twice in a row)."""
        seen, frontier = set(), [(start, None)]
        while frontier:
            x, last = frontier.pop()
            for j in opponents:
                if j == last:
                    continue
                for y in (self.improvements(j, x) if improving else self.moves(j, x)):
                    if (y, j) not in seen:
                        seen.add((y, j))
                        frontier.append((y, j))
        return {y for y, _ in seen}

    def combined(self, p: int, s1: int, choice) -> int | None:
        """The state of i's move to s1 with the opponents' simultaneous moves."""
        if s1 == self.war or self.war in choice.values():
            return self.war
        x = list(self.rows[s1])
        for j, t in choice.items():
            for k in self.own[j]:
                x[k] = self.rows[t][k]
        return self.index.get(tuple(x))

    def sim_sanctioned(self, p: int, s: int, s1: int) -> bool:
        opponents = [j for j in self.parties if j != p]
        options = [[None] + self.improvements(j, s) for j in opponents]
        for combo in product(*options):
            choice = {j: t for j, t in zip(opponents, combo) if t is not None}
            if not choice:
                continue
            x = self.combined(p, s1, choice)
            if x is not None and self.u[x, p] <= self.u[s, p] + TOL:
                return True
        return False

    def stable(self, p: int, s: int, concept: str) -> bool:
        opponents = [j for j in self.parties if j != p]
        low = self.u[s, p] + TOL
        for s1 in self.improvements(p, s):
            if concept == "nash":
                return False
            if concept == "sim":
                ok = self.sim_sanctioned(p, s, s1)
            else:
                reach = self.reachable(opponents, s1, concept == "seq")
                ok = any(self.u[x, p] <= low and (concept != "smr" or all(
                    self.u[z, p] <= low for z in self.moves(p, x))) for x in reach)
            if not ok:
                return False
        return True

    def table(self, concept: str) -> np.ndarray:
        n = self.n_real + (self.war is not None)
        return np.array([[self.stable(p, s, concept) for p in self.parties] for s in range(n)])


CASES = [  # bits, parties, seed, options, concepts checked by brute force
    (8, 4, 1, dict(war=True, one_way=0.5), ("nash", "gmr", "smr", "seq", "sim")),
    (8, 3, 2, dict(war=True, rule=True, audience=True), ("nash", "gmr", "smr", "seq", "sim")),
    (8, 4, 3, dict(ranking=True, rule=True, one_way=0.5), ("nash", "gmr", "seq", "sim")),
    (9, 3, 4, dict(war=True, rule=True, one_way=0.3), ("nash", "gmr", "seq", "sim")),
    (9, 4, 5, dict(ranking=True, audience=True), ("nash", "sim")),
    (10, 4, 6, dict(war=True, rule=True, audience=True, one_way=0.3), ("nash", "sim")),
    (10, 3, 7, dict(war=True, audience=True), ("nash", "gmr", "seq", "sim")),
]


@pytest.mark.parametrize("bits,parties,seed,options,concepts", CASES)
def test_fast_paths_equal_the_definitions(bits, parties, seed, options, concepts):
    model = graph_model(negotiation.loads(scenario_text(bits, parties, seed, **options)))
    assert model.war == options.get("war", False)
    result = stability(model, concepts)
    brute = BruteForce(model)
    for concept in concepts:
        assert np.array_equal(result.stable[concept], brute.table(concept)), concept
    assert any(model.in_groups((p,)) for p in range(parties))  # the group path is used


@pytest.mark.parametrize("seed", [11, 12])
def test_fast_paths_equal_the_reference(seed):
    """Without war, against the repository's plain reference (all five concepts)."""
    scenario = negotiation.loads(scenario_text(8, 4, seed, rule=True, ranking=True,
                                               one_way=0.5, audience=True))
    fast = stability(scenario)
    _, plain = plain_stability(scenario)
    for concept in fast.concepts:
        assert np.array_equal(fast.stable[concept], np.array(plain[concept], dtype=bool)), concept


def test_bound_leaves_non_additive_moves_to_the_enumeration():
    """A ranking is not additive: some SIM moves are not decided by the bound
    and must come out of the exact enumeration, still equal to the definition."""
    from negotiation.solvers.stability.separable import separable_verdicts
    model = graph_model(negotiation.loads(scenario_text(8, 3, 21, ranking=True)))
    focal = 2  # the ranking party
    src, dst = model.improvements(focal).edges()
    verdicts = separable_verdicts(model, src, dst, [focal], [0, 1])
    assert verdicts.open.any() and (verdicts.sanctioned | verdicts.unsanctioned).any()
    brute = BruteForce(model)
    for e in np.flatnonzero(~verdicts.open):
        assert verdicts.sanctioned[e] == brute.sim_sanctioned(focal, src[e], dst[e])


@pytest.mark.parametrize("tabular", [True, False])
def test_group_reductions(tabular):
    """Least over the other states of a group and over the improvements, on
    uneven groups, both layouts, against explicit loops."""
    rng = np.random.default_rng(3)
    states = rng.integers(0, 3, (60, 3))
    states = np.unique(states, axis=0)
    n_options, movable = np.array([3, 3, 3]), np.array([False, True, True])
    groups = Groups.of(states, n_options, movable)
    groups.__dict__["tabular"] = tabular  # force the layout under test
    values, pref = rng.integers(0, 5, len(states)).astype(float), rng.integers(0, 4, len(states))
    same = [np.flatnonzero(states[:, 0] == states[s, 0]) for s in range(len(states))]
    expect = [min((values[t] for t in g if t != s), default=np.inf) for s, g in enumerate(same)]
    assert np.array_equal(groups.least_over_others(values), expect)
    better = [[t for t in g if pref[t] > pref[s] + TOL] for s, g in enumerate(same)]
    ranked = Ranked.of(groups, pref.astype(float), np.array([len(b) for b in better]))
    expect = [min((values[t] for t in b), default=np.inf) for b in better]
    assert np.array_equal(ranked.least(values), expect)
    best, choice = ranked.least_with_choice(values, values)
    assert np.array_equal(best, np.minimum(expect, values))
    assert np.array_equal(values[choice], best)
    assert all(c == s or c in b for s, (c, b) in enumerate(zip(choice, better)))
