"""The compiled game against a plain Python reading of the scenario.

The reference functions below walk the Scenario objects package by package
(weights normalised to sum 1, adjustments, public issues, audience costs,
docs/concepts/offramps.md) without touching the game's tables, so the vectorised
code is checked against an independent computation.
"""
from __future__ import annotations

import itertools
import resource
import time
import tracemalloc

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation import cli
from negotiation.game import ENUMERATION_LIMIT, TOL, SpaceTooLarge, compile_game
from negotiation.scenario import loads
from negotiation.scenario.expr import BoolOp, Compare, Const, Not
from negotiation.solvers.agreement.zone import zopa

# ----------------------------------------------------------------- reference


def holds(rule, labels: dict) -> bool:
    if isinstance(rule, Compare):
        hit = labels[rule.issue] in rule.options
        return not hit if rule.negated else hit
    if isinstance(rule, Not):
        return not holds(rule.operand, labels)
    if isinstance(rule, Const):
        return rule.value
    assert isinstance(rule, BoolOp)
    left, right = holds(rule.left, labels), holds(rule.right, labels)
    return {"and": left and right, "or": left or right, "->": (not left) or right}[rule.op]


def mentioned(rule) -> set:
    if isinstance(rule, Compare):
        return {rule.issue}
    if isinstance(rule, Not):
        return mentioned(rule.operand)
    if isinstance(rule, BoolOp):
        return mentioned(rule.left) | mentioned(rule.right)
    return set()


def reference_utility(scenario, pid: str, labels: dict, public_only=False) -> float:
    values = scenario.values
    pref = scenario.preferences[pid]
    weights = {i: q.value(values) for i, q in pref.weights.items()}
    total = sum(weights.values())
    u = 0.0
    for issue, w in weights.items():
        if public_only and not scenario.issues[issue].public:
            continue
        u += w / total * pref.scores[issue][labels[issue]].value(values)
    for adj in pref.adjustments:
        if public_only and not all(scenario.issues[i].public for i in mentioned(adj.when)):
            continue  # an audience cannot see a term that depends on hidden issues
        if holds(adj.when, labels):
            u += adj.add.value(values)
    return u


def reference_effective(scenario, pid, labels) -> float:
    status_quo = scenario.status_quo
    gain = (reference_utility(scenario, pid, labels, True)
            - reference_utility(scenario, pid, status_quo, True))
    cost = scenario.parties[pid].audience_cost.value(scenario.values)
    return reference_utility(scenario, pid, labels) - (cost if gain < -TOL else 0.0)


def all_labels(scenario):
    ids = list(scenario.issues)
    for combo in itertools.product(*(scenario.issues[i].option_ids for i in ids)):
        yield dict(zip(ids, combo))


# ----------------------------------------------------------------- random additive scenarios

OPTIONS = ["no", "yes", "low", "mid", "high"]


@st.composite
def rule_text(draw, issues: dict, depth=2) -> str:
    if depth == 0 or draw(st.booleans()):
        issue = draw(st.sampled_from(sorted(issues)))
        if draw(st.booleans()):
            return f"{issue} {draw(st.sampled_from(['==', '!=']))} " \
                   f"{draw(st.sampled_from(issues[issue]))}"
        chosen = draw(st.lists(st.sampled_from(issues[issue]), min_size=1, unique=True))
        return f"{issue} in [{', '.join(chosen)}]"
    op = draw(st.sampled_from(["and", "or", "->"]))
    left, right = draw(rule_text(issues, depth - 1)), draw(rule_text(issues, depth - 1))
    return f"{'not ' if draw(st.booleans()) else ''}({left}) {op} ({right})"


@st.composite
def additive_scenarios(draw):
    params = {"k": {"value": round(draw(st.floats(0, 1)), 3), "range": [0, 1]}}
    n_issues = draw(st.integers(1, 4))
    issues = {f"i{j}": draw(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=4,
                                     unique=True)) for j in range(n_issues)}
    issue_data = {}
    for iid, options in issues.items():
        issue_data[iid] = {"options": options,
                           "status_quo": draw(st.sampled_from(options)),
                           "public": draw(st.booleans())}
    parties, prefs = {}, {}
    for p in range(draw(st.integers(1, 4))):
        pid = f"p{p}"
        parties[pid] = {"batna": round(draw(st.floats(-0.5, 1)), 3),
                        "audience_cost": draw(st.sampled_from([0, 0.1, 0.35, "k"]))}
        weights = {i: draw(st.sampled_from([0, 0.2, 1, 2.5, "k"])) for i in issues}
        weights[draw(st.sampled_from(sorted(issues)))] = 1  # at least one positive
        scores = {i: {o: draw(st.sampled_from([0.0, 0.25, 1.0, -0.5, "k", "1 - k"]))
                      for o in options} for i, options in issues.items()}
        pref = {"weights": weights, "scores": scores}
        adjustments = [{"when": draw(rule_text(issues)),
                        "add": draw(st.sampled_from([0.3, -0.2, "k / 2"]))}
                       for _ in range(draw(st.integers(0, 2)))]
        if adjustments:
            pref["adjustments"] = adjustments
        prefs[pid] = pref
    constraints = [{"id": f"c{k}", "owner": "p0",
                    "kind": draw(st.sampled_from(["red_line", "condition"])),
                    "rule": draw(rule_text(issues))} for k in range(draw(st.integers(0, 3)))]
    data = {"title": "random additive", "parameters": params, "parties": parties,
            "issues": issue_data, "preferences": prefs}
    if constraints:
        data["constraints"] = constraints
    scenario = loads(yaml.safe_dump(data, sort_keys=False))
    return scenario.with_parameters(k=round(draw(st.floats(0, 1)), 3))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(additive_scenarios())
def test_vectorised_utilities_equal_a_plain_loop(scenario):
    game = compile_game(scenario)
    labels = list(all_labels(scenario))
    packages = np.array([game.package(lab) for lab in labels])
    assert len(packages) == game.size
    raw, eff = game.utilities(packages), game.effective(packages)
    gain, sat = game.visible_gain(packages), game.satisfied(packages)
    sq = scenario.status_quo
    for row, lab in enumerate(labels):
        for p, pid in enumerate(scenario.parties):
            assert raw[row, p] == pytest.approx(reference_utility(scenario, pid, lab), abs=1e-12)
            assert eff[row, p] == pytest.approx(reference_effective(scenario, pid, lab), abs=1e-12)
            expected_gain = (reference_utility(scenario, pid, lab, True)
                             - reference_utility(scenario, pid, sq, True))
            assert gain[row, p] == pytest.approx(expected_gain, abs=1e-12)
        for k, c in enumerate(scenario.constraints):
            assert sat[row, k] == holds(c.rule, lab)
        assert game.acceptable(packages[row:row + 1])[0] == all(
            holds(c.rule, lab) for c in scenario.constraints)
    # the batna test uses the effective utilities (docs/concepts/offramps.md)
    batna = np.array([scenario.parties[p].batna.value(scenario.values) for p in scenario.parties])
    assert np.array_equal(game.meets_batna(eff), (eff >= batna - TOL).all(axis=1))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(additive_scenarios(), st.floats(0, 1))
def test_values_override_equals_with_parameters(scenario, k):
    direct = compile_game(scenario, values={"k": k})
    rebuilt = compile_game(scenario.with_parameters(k=k))
    packages = np.array([direct.package(lab) for lab in all_labels(scenario)])
    assert np.allclose(direct.effective(packages), rebuilt.effective(packages), atol=1e-12)
    assert np.allclose(direct.batna, rebuilt.batna) and np.allclose(
        direct.audience_cost, rebuilt.audience_cost)


def test_standoff_by_hand(standoff):
    """One package computed by hand from the file's numbers."""
    game = compile_game(standoff)
    deal = {"troops": "withdrawn", "membership": "open_door", "missiles": "ban",
            "hotline": "established"}
    u = game.effective(game.package(deal))[0]
    # challenger: 0.15*0.3 + 0.5*0 + 0.3*1 + 0.05*1 = 0.395; public part
    # 0.345 vs 0 at the status quo: a visible gain, no audience cost
    assert u[0] == pytest.approx(0.395)
    # alliance: 0.4*1 + 0.35*1 + 0.2*0.2 + 0.05*1 = 0.84
    assert u[1] == pytest.approx(0.84)
    # neighbour (weights sum 1): 0.6*1 + 0.35*1 + 0.05*0.6 = 0.98
    assert u[2] == pytest.approx(0.98)
    # troops partial_pullback, nothing else: challenger's public utility falls
    # from 0.15 to 0.09, a visible loss, so it also loses its audience cost 0.15
    pullback = game.package({"troops": "partial_pullback"})
    assert game.visible_gain(pullback)[0, 0] == pytest.approx(0.09 - 0.15)
    assert game.effective(pullback)[0, 0] == pytest.approx(0.09 - 0.15)
    # the hotline is not public: it changes utility but not the visible gain
    hotline = game.package({"hotline": "established"})
    assert game.visible_gain(hotline)[0, 0] == pytest.approx(0.0)
    assert game.utilities(hotline)[0, 0] == pytest.approx(0.15 + 0.05)


def test_ordinal_scores_follow_the_ranking(prisoners):
    game = compile_game(prisoners)
    states = {(a, b): game.package({"p1_cooperates": a, "p2_cooperates": b})
              for a in ("no", "yes") for b in ("no", "yes")}
    u = {s: game.utilities(p)[0] for s, p in states.items()}
    # p1's ranking, best first: (no, yes), (yes, yes), (no, no), (yes, no)
    order_p1 = [("no", "yes"), ("yes", "yes"), ("no", "no"), ("yes", "no")]
    assert [u[s][0] for s in order_p1] == [4, 3, 2, 1]
    order_p2 = [("yes", "no"), ("yes", "yes"), ("no", "no"), ("no", "yes")]
    assert [u[s][1] for s in order_p2] == [4, 3, 2, 1]
    with pytest.raises(negotiation.OrdinalOnly, match="p1, p2"):
        game.require_cardinal("the Nash solution")


def test_priorities_score_powers_of_two():
    scenario = loads("""
title: priorities
parties: {a: {}}
issues: {x: {options: [no, yes]}, y: {options: [no, yes]}}
preferences:
  a: {priorities: ["x == yes", "y == yes", "x == no -> y == no"]}
""")
    game = compile_game(scenario)
    for x, y in itertools.product(["no", "yes"], repeat=2):
        met = [x == "yes", y == "yes", x == "yes" or y == "no"]
        expected = sum(2 ** (3 - k) for k, m in enumerate(met, start=1) if m)
        assert game.utilities(game.package({"x": x, "y": y}))[0, 0] == expected


# ----------------------------------------------------------------- enumeration

def test_chunks_cover_the_space_in_lexicographic_order(logroll):
    game = compile_game(logroll)
    chunks = list(game.chunks(chunk=4))
    assert [len(c) for c in chunks] == [4, 4, 1]
    flat = np.concatenate(chunks)
    expected = np.array(list(itertools.product(range(3), range(3))))
    assert np.array_equal(flat, expected)
    assert np.array_equal(game.encode(flat), np.arange(9))
    assert np.array_equal(game.decode(np.arange(9)), flat)


def _big_yaml(n_issues: int, n_options: int = 10, n_parties: int = 4) -> str:
    """n_options ** n_issues packages. p0 cares only about i2 (score k/9 for
    option k) and needs 0.5; everyone else has batna 0 and scores >= 0."""
    options = [f"o{k}" for k in range(n_options)]
    data = {"title": f"{n_options}^{n_issues} packages",
            "parties": {f"p{j}": {"batna": 0.5 if j == 0 else 0.0} for j in range(n_parties)},
            "issues": {f"i{i}": {"options": options} for i in range(n_issues)},
            "preferences": {},
            "constraints": [
                {"id": "small_world", "kind": "feasibility", "rule": "i0 in [o0, o1]"},
                {"id": "not_nine", "owner": "p1", "kind": "red_line", "rule": "i1 != o9"}]}
    data["preferences"]["p0"] = {"weights": {"i2": 1},
                                 "scores": {"i2": {o: k / 9 for k, o in enumerate(options)}}}
    for j in range(1, n_parties):
        data["preferences"][f"p{j}"] = {
            "weights": {f"i{i}": 1 + (i + j) % 3 for i in range(n_issues)},
            "scores": {f"i{i}": {o: ((k * j + i) % n_options) / (n_options - 1)
                                 for k, o in enumerate(options)} for i in range(n_issues)}}
    return yaml.safe_dump(data, sort_keys=False)


def test_ten_million_packages_in_bounded_memory():
    game = compile_game(loads(_big_yaml(7)))
    assert game.size == 10**7
    tracemalloc.start()
    start = time.perf_counter()
    try:
        z = zopa(game)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - start
    # feasible: i0 in {o0, o1} -> 2 * 10^6; acceptable: i1 != o9 -> 0.9 of that;
    # ZOPA: p0 needs score k/9 >= 0.5 on i2 -> k in 5..9, half of them
    assert len(game.feasible_packages) == 2 * 10**6
    assert z.acceptable_count == 1_800_000
    assert z.size == 900_000
    assert set(np.unique(z.packages[:, 2])) == set(range(5, 10))
    # The whole space as int64 rows alone would take 10^7 * 7 * 8 B = 534 MiB,
    # and the utilities of every package for 4 parties 305 MiB; the chunked
    # path stays well below either.
    assert peak < 250 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert elapsed < 60
    print(f"10^7 packages: {elapsed:.1f} s, traced peak {peak / 2**20:.0f} MiB, "
          f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def test_a_space_beyond_the_limit_is_refused_before_allocating():
    game = compile_game(loads(_big_yaml(8)))
    assert game.size == 10**8 > ENUMERATION_LIMIT
    tracemalloc.start()
    try:
        with pytest.raises(SpaceTooLarge) as info:
            zopa(game)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert "100,000,000 packages" in message and f"{ENUMERATION_LIMIT:,}" in message
    assert peak < 10 * 2**20
    with pytest.raises(SpaceTooLarge):
        next(game.chunks())
    # a raised limit lets the same game enumerate (lazily: only one chunk here)
    assert len(next(game.chunks(chunk=5, limit=10**8))) == 5


def test_cli_turns_space_too_large_into_exit_2(tmp_path, monkeypatch, capsys):
    path = tmp_path / "huge.yaml"
    path.write_text(_big_yaml(8))

    class Enumerate:  # a command that enumerates the whole space
        NAME, HELP, ORDER = "enumerate", "enumerate every package", 99

        @staticmethod
        def add_arguments(parser):
            parser.add_argument("scenario")

        @staticmethod
        def run(args):
            zopa(compile_game(negotiation.load(args.scenario)))
            return 0

    monkeypatch.setattr(cli, "command_modules", lambda names=None: [Enumerate])
    assert cli.main(["enumerate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "more than the limit" in err
    assert "Traceback" not in err


def test_cli_enumeration_on_a_huge_space_exits_2(tmp_path, capsys):
    # The red lines have an exact MILP route; the protocol simulation must
    # enumerate the agreement space, so it refuses with one clear message.
    path = tmp_path / "huge.yaml"
    path.write_text(_big_yaml(8))
    assert cli.main(["simulate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "100,000,000" in err and "Traceback" not in err
