"""Properties of the stability concepts on random small graph models.

The vectorised solver is checked against the plain state-by-state
definitions (stability_reference), and both against the
relations the theory proves (Fang, Hipel & Kilgour 1989, 1993).
"""
from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from stability_reference import PlainModel, plain_stability, plain_stable

import negotiation
from negotiation.solvers.names import COALITION_CONCEPTS, CONCEPTS
from negotiation.solvers.stability.concepts import stability

SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def models(draw, feasibility=None):
    """A random model as plain data: parties, issues, preferences."""
    n_parties = draw(st.integers(2, 3))
    parties = [f"p{k}" for k in range(n_parties)]
    n_issues = draw(st.integers(2, 4))
    issues = {}
    for k in range(n_issues):
        opts = [f"o{k}{m}" for m in range(draw(st.integers(2, 3)))]
        issues[f"i{k}"] = {"options": opts, "controller": draw(st.sampled_from(parties + [None])),
                           "one_way": draw(st.booleans())}
    states = list(itertools.product(*(i["options"] for i in issues.values())))
    prefs = {}
    for p in parties:
        if draw(st.booleans()):  # ordinal: a random ranking with ties
            levels = [draw(st.integers(0, 4)) for _ in states]
            prefs[p] = ("ranking", levels)
        else:
            prefs[p] = ("additive", {i: [draw(st.integers(0, 3)) for _ in v["options"]]
                                     for i, v in issues.items()})
    rule = None
    if feasibility is None and draw(st.booleans()) or feasibility:
        i = draw(st.sampled_from(sorted(issues)))
        j = draw(st.sampled_from(sorted(issues)))
        rule = (i, issues[i]["options"][-1], j, issues[j]["options"][0])
    return {"parties": parties, "issues": issues, "states": states, "prefs": prefs, "rule": rule}


def _feasible(m, state) -> bool:
    if not _rule_used(m):
        return True
    i, a, j, b = m["rule"]
    ids = list(m["issues"])
    return not (state[ids.index(i)] == a and state[ids.index(j)] != b)


def _rule_used(m) -> bool:
    """The feasibility rule is kept only when the status quo meets it."""
    if not m["rule"]:
        return False
    i, a, j, b = m["rule"]
    return not (m["issues"][i]["options"][0] == a and m["issues"][j]["options"][0] != b)


def to_yaml(m, party_order=None, issue_order=None) -> str:
    parties = party_order or m["parties"]
    issue_ids = issue_order or list(m["issues"])
    lines = ["format: negotiation/1", "title: random graph model", "parties:"]
    lines += [f"  {p}: {{name: {p}}}" for p in parties]
    lines.append("issues:")
    for i in issue_ids:
        v = m["issues"][i]
        ctrl = f", controlled_by: {v['controller']}" if v["controller"] else ""
        lines.append(f"  {i}: {{options: [{', '.join(v['options'])}], "
                     f"status_quo: {v['options'][0]}, "
                     f"one_way: {str(v['one_way']).lower()}{ctrl}}}")
    lines.append("preferences:")
    all_ids = list(m["issues"])
    for p in parties:
        kind, data = m["prefs"][p]
        lines.append(f"  {p}:")
        if kind == "additive":
            lines.append(f"    weights: {{{', '.join(f'{i}: 1' for i in issue_ids)}}}")
            lines.append("    scores:")
            for i in issue_ids:
                opts = m["issues"][i]["options"]
                scores = ", ".join(f"{o}: {s}" for o, s in zip(opts, data[i]))
                lines.append(f"      {i}: {{{scores}}}")
        else:
            lines.append("    ranking:")
            for level in sorted(set(data), reverse=True):
                members = [s for s, lv in zip(m["states"], data)
                           if lv == level and _feasible(m, s)]
                if not members:
                    continue
                pats = ", ".join("{" + ", ".join(f"{i}: {s[all_ids.index(i)]}" for i in issue_ids)
                                 + "}" for s in members)
                lines.append(f"      - [{pats}]")
    if _rule_used(m):
        i, a, j, b = m["rule"]
        lines.append("constraints:")
        lines.append(f"  - {{id: f, kind: feasibility, rule: \"{i} == {a} -> {j} == {b}\"}}")
    return "\n".join(lines) + "\n"


def load(m, **order):
    return negotiation.loads(to_yaml(m, **order))


def _check_same(result, plain):
    for c, table in plain.items():
        assert np.array_equal(result.stable[c], np.array(table, dtype=bool).reshape(
            result.stable[c].shape)), c


@SETTINGS
@given(models())
def test_vectorised_equals_plain_definitions(m):
    s = load(m)
    _check_same(stability(s), plain_stability(s)[1])


@SETTINGS
@given(models())
def test_once_variant_equals_plain_definitions(m):
    s = load(m)
    _check_same(stability(s, sanctions="once"),
                plain_stability(s, concepts=("gmr", "smr", "seq"), once=True)[1])


@SETTINGS
@given(models(), st.data())
def test_coalition_stability_equals_plain(m, data):
    s = load(m)
    members = tuple(sorted(data.draw(st.sets(st.sampled_from(m["parties"]), min_size=2))))
    r = stability(s, concepts=COALITION_CONCEPTS, coalitions=[members])
    plain = PlainModel(s)
    index = tuple(plain.game.party_ids.index(p) for p in members)
    for c in COALITION_CONCEPTS:
        expected = [plain_stable(plain, index, k, c) for k in range(len(plain.states))]
        assert r.coalition_stable[c][members].tolist() == expected, c


@SETTINGS
@given(models())
def test_implications_between_concepts(m):
    r = stability(load(m))
    nash, gmr, smr, seq, sim = (r.stable[c] for c in CONCEPTS)
    for weaker in (gmr, smr, seq, sim):
        assert not (nash & ~weaker).any()  # Nash-stable => stable under every concept
    assert not (smr & ~gmr).any()
    assert not (seq & ~gmr).any()
    # SIM is nested with GMR only when every package is feasible (below), and
    # not with SEQ: SEQ's sanctions are improvements from s1, SIM's from s


@SETTINGS
@given(models(feasibility=False))
def test_sim_implies_gmr_when_every_package_is_feasible(m):
    """With every package feasible, the opponents' simultaneous improvements
    from s can be played one after another from s1, each opponent once and
    each step changing only its mover's issues: a legal sequence, so the
    SIM sanction is also a GMR sanction, even with each opponent moving once."""
    s = load(m)
    chain, once = stability(s), stability(s, sanctions="once")
    assert not (chain.stable["sim"] & ~chain.stable["gmr"]).any()
    assert not (chain.stable["sim"] & ~once.stable["gmr"]).any()


# Three parties, one binary issue each; once i has moved (a = yes), b and c
# must be equal. From s = (no, no, no) i improves to s1 = (yes, no, no); j
# and k each improve by saying yes, and together they give (yes, yes, yes),
# feasible and worse for i than s: a simultaneous sanction. From s1 neither
# can move alone (b != c would be infeasible), so R_H(s1) is empty and s is
# not GMR-stable for i: SIM-stable does not imply GMR-stable with
# feasibility constraints.
NOT_SEQUENTIAL = """\
format: negotiation/1
title: a simultaneous sanction that cannot be played in sequence
parties: {i: {name: i}, j: {name: j}, k: {name: k}}
issues:
  a: {options: [no, yes], status_quo: no, controlled_by: i}
  b: {options: [no, yes], status_quo: no, controlled_by: j}
  c: {options: [no, yes], status_quo: no, controlled_by: k}
constraints:
  - {id: together, kind: feasibility,
     rule: "a == yes -> ((b == no and c == no) or (b == yes and c == yes))"}
preferences:
  i:
    ranking:
      - {a: yes, b: no, c: no}
      - {a: no, b: no, c: no}
      - [{a: no, b: yes}, {a: no, c: yes}, {a: yes, b: yes}]
  j: {ranking: [{b: yes}, {b: no}]}
  k: {ranking: [{c: yes}, {c: no}]}
"""


def test_sim_does_not_imply_gmr_with_infeasible_states():
    s = negotiation.loads(NOT_SEQUENTIAL)
    r = stability(s)
    assert r.n_states == 6
    start = [tuple(d.values()) for d in r.labels(range(r.n_states))].index(("no", "no", "no"))
    assert r.stable["sim"][start, 0] and not r.stable["gmr"][start, 0]
    _, plain = plain_stability(s, concepts=("sim", "gmr"))
    assert plain["sim"][start][0] and not plain["gmr"][start][0]
    # if k would rather stay, j improving alone gives the infeasible (yes, yes, no):
    # no sanction is left, and s is not SIM-stable for i
    alone = negotiation.loads(NOT_SEQUENTIAL.replace("[{c: yes}, {c: no}]", "[{c: no}, {c: yes}]"))
    assert not stability(alone).stable["sim"][start, 0]


@SETTINGS
@given(models())
def test_once_is_stricter_than_chain(m):
    s = load(m)
    chain, once = stability(s), stability(s, sanctions="once")
    for c in ("gmr", "smr", "seq"):
        assert not (once.stable[c] & ~chain.stable[c]).any()  # fewer sanctions, fewer stable


@SETTINGS
@given(models(), st.randoms(use_true_random=False))
def test_order_of_parties_and_issues_does_not_matter(m, rnd):
    parties, issues = list(m["parties"]), list(m["issues"])
    rnd.shuffle(parties)
    rnd.shuffle(issues)
    a, b = stability(load(m)), stability(load(m, party_order=parties, issue_order=issues))

    def canon(labels):
        return sorted(tuple(sorted(d.items())) for d in labels)

    for c in CONCEPTS:
        assert canon(a.labels(a.equilibria(c))) == canon(b.labels(b.equilibria(c))), c
