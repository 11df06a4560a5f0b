"""The ranking check on sets of states as bitsets, against numpy and brute force.

``StateSets`` gives each rule the set of states where it holds, as one
integer; it must agree with the vectorised ``evaluate_rule`` over every
package, and the ranking check built on it with a state-by-state oracle.
"""
from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.scenario import ScenarioError
from negotiation.scenario.expr import BoolOp, Compare, Const, Not, evaluate_rule
from negotiation.scenario.model import Issue, Option
from negotiation.scenario.semantic.rankings import StateSets, _repeat
from negotiation.scenario.space import all_packages


def space(sizes):
    return [Issue(f"i{k}", tuple(Option(f"o{k}{m}") for m in range(n)), f"o{k}0")
            for k, n in enumerate(sizes)]


@st.composite
def rules(draw, issues):
    def compare(k):
        issue = issues[k]
        options = draw(st.lists(st.sampled_from(issue.option_ids), min_size=1, max_size=3,
                                unique=True))
        return Compare(issue.id, tuple(options), negated=draw(st.booleans()),
                       in_list=len(options) > 1)

    leaves = st.one_of(st.integers(0, len(issues) - 1).map(compare),
                       st.booleans().map(Const))
    return draw(st.recursive(leaves, lambda kids: st.one_of(
        kids.map(Not),
        st.builds(lambda op, parts: BoolOp(op, *parts), st.sampled_from(["and", "or", "->"]),
                  st.lists(kids, min_size=2, max_size=3))), max_leaves=8))


@st.composite
def space_and_rule(draw):
    issues = space(draw(st.lists(st.integers(1, 4), min_size=1, max_size=4)))
    return issues, draw(rules(issues))


def bits_of(mask: np.ndarray) -> int:
    return sum(1 << int(j) for j in np.flatnonzero(mask))


@settings(max_examples=120, deadline=None)
@given(space_and_rule())
def test_a_rules_set_of_states_is_its_vectorised_truth(case):
    issues, rule = case
    packages = all_packages([len(i.options) for i in issues])
    columns = {issue.id: packages[:, k] for k, issue in enumerate(issues)}
    index = {issue.id: {o: j for j, o in enumerate(issue.option_ids)} for issue in issues}
    assert StateSets(issues).rule(rule) == bits_of(evaluate_rule(rule, columns, index))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=4), st.data())
def test_states_are_numbered_as_packages_are_decoded(sizes, data):
    issues = space(sizes)
    sets = StateSets(issues)
    packages = all_packages(sizes)
    chosen = data.draw(st.sets(st.integers(0, len(packages) - 1)))
    firsts = sets.first(sum(1 << j for j in chosen), 3)
    assert firsts == [{i.id: i.option_ids[packages[j, k]] for k, i in enumerate(issues)}
                      for j in sorted(chosen)[:3]]


@given(st.integers(0, 2**12 - 1), st.integers(1, 12), st.integers(0, 40))
def test_repeat_is_string_repetition(piece, length, times):
    piece &= (1 << length) - 1
    text = format(piece, f"0{length}b") * times
    assert _repeat(piece, length, times) == (int(text, 2) if text else 0)


def ranking_text(n_issues: int, entries: list[dict[str, str]]) -> str:
    issues = "\n".join(f"  i{k}: {{options: [a, b], status_quo: a, controlled_by: p}}"
                       for k in range(n_issues))
    ranking = "\n".join("      - {" + ", ".join(f"{i}: {o}" for i, o in e.items()) + "}"
                        for e in entries)
    return (f"format: negotiation/1\ntitle: ranked\nparties:\n  p: {{}}\n  q: {{}}\n"
            f"issues:\n{issues}\npreferences:\n  p:\n    ranking:\n{ranking}\n"
            f"  q:\n    ranking:\n{ranking}\n")


def staircase(n: int) -> list[dict[str, str]]:
    """{i0: a}, {i0: b, i1: a}, ...: every state but the one of all b's."""
    return [{**{f"i{j}": "b" for j in range(k)}, f"i{k}": "a"} for k in range(n)]


@st.composite
def rankings(draw):
    n = draw(st.integers(1, 3))
    entries = draw(st.lists(st.dictionaries(st.sampled_from([f"i{k}" for k in range(n)]),
                                            st.sampled_from("ab"), min_size=1),
                            min_size=1, max_size=6))
    return n, entries


@settings(max_examples=80, deadline=None)
@given(rankings())
def test_the_ranking_check_is_the_state_by_state_check(case):
    n, entries = case
    states = [dict(zip([f"i{k}" for k in range(n)], combo))
              for combo in itertools.product("ab", repeat=n)]
    ranked: set[int] = set()
    stale = []
    for k, entry in enumerate(entries):
        hit = {j for j, s in enumerate(states) if all(s[i] == o for i, o in entry.items())}
        if not hit - ranked:
            stale.append(k)
        ranked |= hit
    unranked = len(states) - len(ranked)
    text = ranking_text(n, entries)
    if not stale and not unranked:
        negotiation.loads(text)
        return
    with pytest.raises(ScenarioError) as caught:
        negotiation.loads(text)
    message = str(caught.value)
    assert (f"{unranked} feasible state(s) are not ranked" in message) == bool(unranked)
    for k in range(len(entries)):
        assert (f"ranking[{k}]: this entry matches no feasible state" in message) \
            == (k in stale)


def test_a_ranking_over_a_million_states_names_the_one_it_misses():
    text = ranking_text(20, staircase(20))
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as caught:
        negotiation.loads(text)
    took = time.perf_counter() - start
    message = str(caught.value)
    missing = "{" + ", ".join(f"i{k}: b" for k in range(20)) + "}"
    assert f"1 feasible state(s) are not ranked: {missing} (expected" in message
    assert took < 10  # 2^20 states: integers of a million bits, no loop over states
    negotiation.loads(ranking_text(20, staircase(20) + [{f"i{k}": "b" for k in range(20)}]))
