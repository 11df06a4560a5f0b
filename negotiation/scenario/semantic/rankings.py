"""The check of ordinal rankings: every feasible state ranked, each entry new.

A ranking (a graph-model party's preference, most preferred first) must
match every feasible state, and each of its entries must match a feasible
state not already ranked above it. The states are checked as sets: a Python
integer whose bit ``j`` stands for state ``j``, the states numbered as
:func:`negotiation.scenario.space.decode` numbers packages (lexicographic,
the last issue fastest). A comparison's set is a periodic run of bits, and
a rule's set its comparisons' combined with ``&``, ``|`` and ``^``
(:func:`negotiation.scenario.expr.truth`), so a ranking over up to 2^20
states is checked in a few operations on integers of 2^20 bits, with no
numpy and no loop over the states.
"""
from __future__ import annotations

import math
from functools import reduce

from negotiation.scenario.expr.rules import ALL_OF, ANY_OF, truth
from negotiation.scenario.model import Ranking
from negotiation.scenario.semantic.context import Context

RANKING_LIMIT = 2**20  # states a ranking may have to cover
SHOWN = 3  # unranked states named in the message


class StateSets:
    """Sets of states of an agreement space, as bitsets."""

    def __init__(self, issues):
        self.issues = list(issues)
        self.n_options = [len(issue.options) for issue in self.issues]
        self.size = math.prod(self.n_options)
        self.all = (1 << self.size) - 1
        self._position = {issue.id: k for k, issue in enumerate(self.issues)}
        self._index = {issue.id: {o: j for j, o in enumerate(issue.option_ids)}
                       for issue in self.issues}
        self._options = [self._option_sets(k) for k in range(len(self.issues))]

    def _option_sets(self, k: int) -> list[int]:
        """For each option of issue ``k``, the set of states that choose it."""
        stride = math.prod(self.n_options[k + 1:])  # states per run of one option
        block = stride * self.n_options[k]  # one run of every option
        run = (1 << stride) - 1
        return [_repeat(run << (o * stride), block, self.size // block)
                for o in range(self.n_options[k])]

    def option(self, issue: str, option: str) -> int:
        return self._options[self._position[issue]][self._index[issue][option]]

    def rule(self, rule) -> int:
        """The states where ``rule`` holds."""
        def compare(node) -> int:
            hit = reduce(int.__or__, (self.option(node.issue, o) for o in node.options), 0)
            return self.all ^ hit if node.negated else hit

        return truth(rule, compare=compare, const=lambda value: self.all if value else 0,
                     negate=lambda states: self.all ^ states, conj=ALL_OF, disj=ANY_OF)

    def pattern(self, pattern) -> int:
        """The states matching a partial package ((issue, option) pairs)."""
        return reduce(int.__and__, (self.option(i, o) for i, o in pattern), self.all)

    def first(self, states: int, count: int) -> list[dict[str, str]]:
        """The first ``count`` states of a set, each as issue -> option."""
        out: list[dict[str, str]] = []
        while states and len(out) < count:
            lowest = states & -states
            out.append(self.state(lowest.bit_length() - 1))
            states ^= lowest
        return out

    def state(self, j: int) -> dict[str, str]:
        options = {}
        for issue, n in zip(reversed(self.issues), reversed(self.n_options)):
            j, digit = divmod(j, n)
            options[issue.id] = issue.option_ids[digit]
        return {issue.id: options[issue.id] for issue in self.issues}


def _repeat(piece: int, length: int, times: int) -> int:
    """``piece`` (``length`` bits) repeated ``times`` times, by doubling."""
    out, shift = 0, 0
    while times:
        if times & 1:
            out |= piece << shift
            shift += length
        piece |= piece << length
        length *= 2
        times >>= 1
    return out


def check_rankings(ctx: Context, prefs: dict, constraints) -> None:
    """A ranking must rank every feasible state, each entry something new."""
    rankings = {pid: p for pid, p in prefs.items() if isinstance(p, Ranking)}
    if not rankings:
        return
    size = math.prod(len(issue.options) for issue in ctx.issues.values())
    if size > RANKING_LIMIT:
        for pid in rankings:
            ctx.add(("preferences", pid, "ranking"),
                    f"a ranking must cover every feasible state, and this scenario has "
                    f"{size} states (expected at most {RANKING_LIMIT}; "
                    "use weights/scores or priorities for large models)")
        return
    sets = StateSets(ctx.issues.values())
    feasible = reduce(int.__and__, (sets.rule(c.rule) for c in constraints
                                    if c.kind == "feasibility"), sets.all)
    for pid, ranking in rankings.items():
        _check_one_ranking(ctx, pid, ranking, sets, feasible)


def _check_one_ranking(ctx: Context, pid: str, ranking: Ranking, sets: StateSets,
                       feasible: int) -> None:
    ranked = 0
    for k, level in enumerate(ranking.levels):
        hit = reduce(int.__or__, (sets.pattern(pattern) for pattern in level), 0) & feasible
        if not hit & ~ranked:
            ctx.add(("preferences", pid, "ranking", k),
                    "this entry matches no feasible state that is not already ranked "
                    "above it (a repeated or impossible state)")
        ranked |= hit
    missing = feasible & ~ranked
    if missing:
        count = missing.bit_count()
        shown = "; ".join("{" + ", ".join(f"{i}: {o}" for i, o in state.items()) + "}"
                          for state in sets.first(missing, SHOWN))
        more = f" and {count - SHOWN} more" if count > SHOWN else ""
        ctx.add(("preferences", pid, "ranking"),
                f"{count} feasible state(s) are not ranked: {shown}{more} "
                "(expected every feasible state to match an entry)")
