"""Stability analysis checked against outside case data.

Garrison Diversion Unit: model and results of the GMCR+ decision support
system (gmcr-py, University of Waterloo: ``save_files/Garrison.gmcr`` and its
solver results ``test_data/Garrison_logSol.txt``), an independent
implementation. Cuban missile crisis: the option-prioritisation statements of
the GMCR+ example ``Examples/Cuban.gmcr`` and stabilities derived by hand.
See the comments of the two scenario files for what is and is not verified.
"""
from __future__ import annotations

import numpy as np
import pytest
import yaml

import negotiation
from negotiation.solvers.stability.concepts import stability
from negotiation.solvers.stability.graph import graph_model

# -- Garrison Diversion Unit ------------------------------------------------------------
# The source numbers states by the decimal code of its nine binary options:
# US support full 1, reduced 2, appease 4; US opposition legal challenge 8;
# Canadian treaty challenge 16; IJC recommends full 32, reduced 64, lonetree 128,
# suspend 256.
CODE = {"uss_plan": {"full": 1, "reduced": 2, "appease": 4},
        "uso_legal_challenge": {"no": 0, "yes": 8},
        "co_treaty_challenge": {"no": 0, "yes": 16},
        "ijc_recommends": {"full": 32, "reduced": 64, "lonetree": 128, "suspend": 256}}
# decimal codes of the 23 feasible states, in the source's order (its narration
# names states 1-16 and 19 with exactly these codes)
SOURCE_CODES = [34, 36, 41, 42, 50, 52, 57, 58, 66, 68, 74, 82, 84, 89, 90,
                146, 148, 153, 154, 274, 276, 281, 282]
# US support's payoff in the source's narration (higher is better)
SOURCE_USS_PAYOFF = {1: 21, 2: 21, 3: 23, 4: 20, 5: 19, 6: 19, 7: 22, 8: 18, 9: 17, 10: 13,
                     11: 15, 12: 16, 13: 12, 14: 11, 15: 14, 16: 9, 17: 10, 19: 7}
# Garrison_logSol.txt: rows Nash, GMR, SEQ, SIM, SEQ&SIM, SMR over states 1-23
GMCR_PY = {"nash": {2, 3, 11, 17, 18, 21, 22},
           "gmr": {2, 3, 8, 11, 13, 14, 15, 17, 18, 19, 21, 22},
           "seq": {2, 3, 11, 17, 18, 21, 22},
           "sim": {2, 3, 11, 17, 18, 21, 22},
           "smr": {2, 3, 8, 11, 13, 14, 15, 17, 18, 19, 21, 22}}


@pytest.fixture(scope="module")
def garrison():
    return negotiation.load("garrison")


@pytest.fixture(scope="module")
def garrison_model(garrison):
    return graph_model(garrison)


def source_number(model):
    """State index -> the source's state number (rank of its decimal code)."""
    codes = [sum(CODE[i][o] for i, o in model.labels(k).items()) for k in range(model.n_states)]
    order = sorted(codes)
    return {k: order.index(c) + 1 for k, c in enumerate(codes)}, order


def numbered(result, concept, number):
    return {number[int(k)] for k in result.equilibria(concept)}


def test_garrison_states_and_preferences_match_source(garrison_model):
    number, codes = source_number(garrison_model)
    assert codes == SOURCE_CODES
    uss = garrison_model.party_ids.index("uss")
    u = {number[k]: garrison_model.payoff[k, uss] for k in range(garrison_model.n_states)}
    for a in SOURCE_USS_PAYOFF:  # same strict order and ties as the source's payoffs
        for b in SOURCE_USS_PAYOFF:
            assert np.sign(u[a] - u[b]) == np.sign(SOURCE_USS_PAYOFF[a] - SOURCE_USS_PAYOFF[b])
    ijc = garrison_model.party_ids.index("ijc")
    assert np.ptp(garrison_model.payoff[:, ijc]) == 0  # impartial: it never improves


def test_garrison_nash_and_seq_match_gmcr_py(garrison, garrison_model):
    number, _ = source_number(garrison_model)
    r = stability(garrison)
    for concept in ("nash", "seq"):
        assert numbered(r, concept, number) == GMCR_PY[concept], concept


def is_move(model, party, a, b, number):
    """Is there a unilateral move of ``party`` from source state a to source state b?"""
    index = {n: k for k, n in number.items()}
    m = model.moves(model.party_ids.index(party))
    row = m.indices[m.indptr[index[a]]:m.indptr[index[a] + 1]]
    return index[b] in row


def test_garrison_gmr_and_smr_add_multi_step_sanctions(garrison, garrison_model):
    """gmcr-py lets a sanction be one move of one opponent; the graph model
    (Fang, Hipel & Kilgour 1993) lets the opponents answer with any legal
    sequence of moves. Every state the source calls stable stays stable, and
    exactly three more are stable, each for a reason checked move by move."""
    m, (number, _) = garrison_model, source_number(garrison_model)
    rank = {p: {number[k]: m.payoff[k, m.party_ids.index(p)] for k in range(m.n_states)}
            for p in m.party_ids}
    chain, once = stability(garrison), stability(garrison, sanctions="once")
    for concept in ("gmr", "smr"):
        assert numbered(chain, concept, number) == GMCR_PY[concept] | {4, 6, 10}
        assert numbered(once, concept, number) == GMCR_PY[concept] | {4, 10}
    # 4: US support would go full (4 -> 3); the Canadians add a treaty challenge
    # (3 -> 7), the IJC then recommends a reduced project (7 -> 14): worse than 4.
    # No single opponent move from 3 hurts US support, hence the source's verdict.
    assert is_move(m, "uss", 4, 3, number) and rank["uss"][3] > rank["uss"][4]
    assert is_move(m, "co", 3, 7, number) and is_move(m, "ijc", 7, 14, number)
    assert rank["uss"][14] < rank["uss"][4] < rank["uss"][7]
    # 10: US support would reduce (10 -> 9); treaty challenge (9 -> 12), IJC Lonetree (12 -> 16)
    assert is_move(m, "uss", 10, 9, number) and rank["uss"][9] > rank["uss"][10]
    assert is_move(m, "co", 9, 12, number) and is_move(m, "ijc", 12, 16, number)
    assert rank["uss"][16] < rank["uss"][10] < rank["uss"][12]
    # 6: the Canadians would drop their challenge (6 -> 2); only a three-move answer
    # in which US support moves twice (reduce, legal challenge, full project: 2 -> 1
    # -> 4 -> 3) hurts them, so 6 is stable under legal sequences but not "once".
    assert is_move(m, "co", 6, 2, number) and rank["co"][2] > rank["co"][6]
    assert is_move(m, "uss", 2, 1, number) and is_move(m, "uso", 1, 4, number)
    assert is_move(m, "uss", 4, 3, number) and rank["co"][3] < rank["co"][6]


def test_garrison_sim_equals_source_sim(garrison, garrison_model):
    """SIM sanctions are the opponents' own unilateral improvements from s,
    taken at the same time as the focal move (Fraser & Hipel 1984; Fang,
    Hipel & Kilgour 1989), as in gmcr-py. gmcr-py tries one opponent's
    improvement at a time; combinations of several opponents' improvements,
    also allowed here, add no sanction in this model."""
    number, _ = source_number(garrison_model)
    assert numbered(stability(garrison), "sim", number) == GMCR_PY["sim"]


def test_garrison_state_4_is_gmr_but_not_sim_stable(garrison, garrison_model):
    """At 4 US support would go full (4 -> 3). In sequence the opponents can
    punish it (3 -> 7 -> 14, see above), but from 4 itself no opponent has an
    improvement to play at the same time: the US opposition's only move drops
    its legal challenge (4 -> 1), which it ranks last; the Canadian treaty
    challenge (4 -> 8) is worse for the Canadians (their vector ranks 4 above
    8); the IJC is indifferent. So no simultaneous sanction exists."""
    m, (number, _) = garrison_model, source_number(garrison_model)
    index = {k: s for s, k in number.items()}
    rank = {p: {number[k]: m.payoff[k, m.party_ids.index(p)] for k in range(m.n_states)}
            for p in m.party_ids}
    assert is_move(m, "uss", 4, 3, number) and rank["uss"][3] > rank["uss"][4]
    assert is_move(m, "uso", 4, 1, number) and rank["uso"][1] < rank["uso"][4]
    assert is_move(m, "co", 4, 8, number) and rank["co"][8] < rank["co"][4]
    for p in ("uso", "co", "ijc"):
        row = m.improvements(m.party_ids.index(p)).row(index[4])
        assert len(row) == 0, p
    r = stability(garrison)
    uss = m.party_ids.index("uss")
    assert r.stable["gmr"][index[4], uss] and not r.stable["sim"][index[4], uss]


# -- Cuban missile crisis -------------------------------------------------------------------
ISSUES = ("us_air_strike", "us_blockade", "ussr_withdraws", "ussr_escalates")
A, B, W, E = ISSUES
# Examples/Cuban.gmcr: each decision maker's preference statements, most important
# first (a compound statement holds when any of its members holds)
CUBAN_PRIORITIES = {
    "usa": [f"{W} == yes", f"{E} == no", f"{A} == no and {W} == yes", f"{B} == no and {W} == yes",
            f"{A} == yes and {E} == yes", f"{B} == yes and {E} == yes",
            f"({A} == yes and {W} == no) or ({B} == yes and {E} == no) or "
            f"({A} == yes and {E} == no) or ({B} == yes and {W} == no)",
            f"{A} == no and {W} == no and {E} == no", f"{B} == no and {W} == no and {E} == no"],
    "ussr": [f"{E} == no",
             f"({A} == yes and {E} == yes) or ({A} == no and {E} == no) or "
             f"({A} == yes and {E} == no)",
             f"({B} == yes and {E} == yes) or ({B} == no and {E} == no) or "
             f"({B} == yes and {E} == no)",
             f"{A} == no and {E} == no", f"{B} == no and {E} == no",
             f"({B} == yes and {W} == yes) or ({B} == no and {W} == no) or "
             f"({A} == yes and {W} == yes)",
             f"{B} == yes and {W} == no and {E} == no",
             f"{A} == yes and {B} == no and {W} == yes and {E} == no"],
}


@pytest.fixture(scope="module")
def cuban():
    return negotiation.load("cuban_missile_1962")


def decimal(labels):
    """Fraser & Hipel's decimal state: air strike 1, blockade 2, withdraw 4, escalate 8."""
    return sum((labels[i] == "yes") << k for k, i in enumerate(ISSUES))


def cuban_equilibria(scenario, concept):
    r = stability(scenario)
    return {decimal(d) for d in r.labels(r.equilibria(concept))}


def variant(scenario, change):
    """The scenario with its data changed by ``change(dict)``."""
    data = yaml.safe_load(scenario.to_yaml())
    change(data)
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))


def test_cuban_rankings_are_those_of_the_gmcr_example(cuban):
    """The bundled rankings equal the order that the example's option
    prioritisation gives (scored here by the package's `priorities` form)."""
    prioritised = variant(cuban, lambda d: d.update(preferences={
        p: {"priorities": rules} for p, rules in CUBAN_PRIORITIES.items()}))
    g_rank, g_prio = negotiation.compile_game(cuban), negotiation.compile_game(prioritised)
    states = g_rank.feasible_packages
    assert len(states) == 12
    u_rank, u_prio = g_rank.utilities(states), g_prio.utilities(states)
    for p in range(2):
        d_rank = np.sign(u_rank[:, None, p] - u_rank[None, :, p])
        d_prio = np.sign(u_prio[:, None, p] - u_prio[None, :, p])
        assert np.array_equal(d_rank, d_prio), g_rank.party_ids[p]


def test_cuban_historical_resolution_is_sequentially_stable(cuban):
    # 6 (blockade, withdrawal): the US would lift the blockade (6 -> 4, its best
    # state), but from 4 the USSR would take the withdrawal back (4 -> 0, its best),
    # which the US ranks below 6; the USSR has no improvement from 6.
    # 4 (withdrawal, no US action): the USSR would go back to 0, and from 0 every
    # US improvement (2, 1, 3) leaves the USSR worse off than at 4.
    seq = cuban_equilibria(cuban, "seq")
    assert {4, 6} <= seq
    assert 6 not in cuban_equilibria(cuban, "nash")


def test_cuban_irreversible_air_strike(cuban):
    # Examples/Cuban.gmcr marks the air strike irreversible. Then at 5 (air strike,
    # withdrawal) the US can no longer call the strike off (5 -> 4), adding the
    # blockade (7) is worse for it, and the USSR ranks 5 above 1 and 9: 5 is Nash
    # stable. With the strike reversible the US would move 5 -> 4.
    one_way = variant(cuban, lambda d: d["issues"]["us_air_strike"].update(one_way=True))
    assert one_way.issues["us_air_strike"].one_way
    assert 5 in cuban_equilibria(one_way, "nash")
    assert 5 not in cuban_equilibria(cuban, "nash")
