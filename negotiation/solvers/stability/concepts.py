"""Stability analysis in the graph model: Nash, GMR, SMR, SEQ and SIM.

A state is *stable* for a party under a solution concept when the party,
reasoning as the concept describes, would not leave it; it is an
*equilibrium* when it is stable for every party. With ``u_i`` party i's
preference (utility or rank score), ``R_i(s)`` its unilateral moves from s,
``R_i^+(s)`` its unilateral improvements, and ``H = N \\ {i}`` its opponents:

* **Nash stability (R)** -- Nash (1950), in graph form Fang, Hipel & Kilgour
  (1993): ``R_i^+(s)`` is empty.
* **General metarationality (GMR)** -- Howard (1971): every improvement
  ``s1`` is sanctioned: some state ``s2`` reachable from ``s1`` by the
  opponents has ``u_i(s2) <= u_i(s)``.
* **Symmetric metarationality (SMR)** -- Howard (1971): every improvement
  is sanctioned by some ``s2`` that i cannot escape: ``u_i(s2) <= u_i(s)``
  and ``u_i(s3) <= u_i(s)`` for every ``s3`` in ``R_i(s2)``.
* **Sequential stability (SEQ)** -- Fraser & Hipel (1979, 1984): every
  improvement is sanctioned by a *credible* response: a state reachable from
  ``s1`` by opponents' moves that are each a unilateral improvement for the
  opponent who makes it.
* **Simultaneous sanctioning (SIM)** -- Fraser & Hipel (1984), the
  "simultaneous stability" of the tableau method; in graph form Fang, Hipel
  & Kilgour (1989), EJOR 41, and (1993), section 4.2: the parties are
  thought of as moving at the same time, each by a unilateral improvement.
  s is SIM-stable for i when every ``s1`` in ``R_i^+(s)`` can be sanctioned
  by the opponents moving simultaneously: some opponents (at least one),
  each taking one of *its own* unilateral improvements from s (``R_j^+(s)``),
  give a combined state ``x`` -- i's issues as in ``s1``, each moving
  opponent's issues as in its improvement, the rest as in s -- with
  ``u_i(x) <= u_i(s)``. A combination that is not a feasible state is no
  sanction. (The "once"/"chain" option does not apply: a simultaneous
  sanction is one joint step.)

**Sanctions with more than two parties.** The opponents' reachable set
``R_H(s1)`` is the set of states reached by *legal sequences* of unilateral
moves by members of H in which no party moves twice in a row (Fang, Hipel &
Kilgour 1993; Xu, Hipel & Kilgour 2009); for SEQ each move is an improvement
for its mover. ``sanctions="once"`` offers the narrower variant in which
each opponent moves at most once.

**Coalitions** (option ``coalitions=[("a", "b"), ...]``). A coalition C acts
as one mover: it may change any combination of its members' issues
(Kilgour, Hipel, Fang & Peng 2001, "Coalition analysis in group decision
support", Group Decision and Negotiation 10). A *coalition improvement*
leaves every member strictly better off. Following Inohara & Hipel (2008),
"Coalition analysis in the graph model for conflict resolution", Systems
Engineering 11(4), a state is coalition-stable for C under a concept when
every coalition improvement is met by a sanction of the parties outside C
(legal sequences of their unilateral moves; improvements for SEQ) that
leaves *some* member of C no better off than at s. Coalition SIM keeps the
rule above: C's coalition improvement ``s -> s1`` is met by outsiders each
taking, at the same time, one of its own unilateral improvements from s
(at least one moving; the combined state must be feasible). Coalition Nash,
GMR, SEQ and SIM are offered; coalition SMR is not (its counter-response
test does not reduce to per-member minima).

Relations checked by the tests on random models (Fang, Hipel & Kilgour 1989,
1993): every Nash-stable state is GMR-, SMR-, SEQ- and SIM-stable (no
improvement, nothing to sanction); SMR- and SEQ-stable states are
GMR-stable. SIM-stable implies GMR-stable only when every package is
feasible: the opponents' simultaneous improvements can then be played one
after another from ``s1``, each mover once (a legal sequence, each step
changing only its mover's issues as the improvement did from s). With
feasibility constraints the intermediate states may not exist, and
``tests/test_stability_properties.py`` keeps a three-party model in which
a SIM-stable state is not GMR-stable. SIM and SEQ are not nested either way
(SEQ's sanctions are improvements from ``s1``, SIM's from s).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiation.game import TOL
from negotiation.solvers.names import COALITION_CONCEPTS, CONCEPTS, SANCTIONS
from negotiation.solvers.stability.graph import GraphModel, graph_model
from negotiation.solvers.stability.moves import chain_minimum
from negotiation.solvers.stability.results import StabilityResult
from negotiation.solvers.stability.simultaneous import simultaneous_stable


# -- one party ---------------------------------------------------------------
def _all_sanctioned(model: GraphModel, party: int, threat: np.ndarray,
                    own: np.ndarray) -> np.ndarray:
    """Stable where every improvement s -> t meets threat[t] <= own[s]: the
    greatest threat over s's improvements is at most own[s]."""
    greatest = -model.improvement_minimum(party)(-threat)
    return ~(greatest > own + TOL)


def _opponents(model: GraphModel, movers: Sequence[int]) -> list[int]:
    return [j for j in range(model.n_parties) if j not in set(movers)]


def _sanction_threat(model: GraphModel, concept: str, movers: Sequence[int],
                     value: np.ndarray, once: bool) -> np.ndarray:
    """Least ``value`` the opponents of ``movers`` can force after a move."""
    others = _opponents(model, movers)
    if concept == "seq":
        reductions = [model.improvement_minimum(j) for j in others]
    else:
        reductions = [model.move_minimum(j) for j in others]
    return chain_minimum(reductions, value, once=once)


def stable_for(model: GraphModel, party: int, concept: str, sanctions: str = "chain") -> np.ndarray:
    """(n,) bool: the states stable for one party under one concept (computed
    once per model: a report asks for them from several sections)."""
    key = ("stable", party, concept, sanctions)
    if key not in model._cache:
        model._cache[key] = _stable_for(model, party, concept, sanctions)
        model._cache[key].flags.writeable = False  # shared by every caller
    return model._cache[key]


def _stable_for(model: GraphModel, party: int, concept: str, sanctions: str) -> np.ndarray:
    u = model.payoff[:, party]
    ui = model.improvements(party)
    if concept == "nash":
        return np.diff(ui.indptr) == 0
    if concept == "sim":
        return simultaneous_stable(model, ui, (party,), _opponents(model, (party,)))
    if concept == "smr":
        # the focal party's best counter-response from each state (staying included)
        value = np.maximum(u, -model.move_minimum(party)(-u))
        threat = _sanction_threat(model, "gmr", (party,), value, sanctions == "once")
    else:
        threat = _sanction_threat(model, concept, (party,), u, sanctions == "once")
    return _all_sanctioned(model, party, threat, u)


def coalition_stable(model: GraphModel, members: Sequence[int], concept: str,
                     sanctions: str = "chain") -> np.ndarray:
    """(n,) bool: states where no coalition improvement of ``members`` goes
    unsanctioned (Inohara & Hipel 2008): a sanction must leave some member
    no better off, so the test is an OR over members of per-member minima."""
    if concept not in COALITION_CONCEPTS:
        raise ValueError(f"coalition stability is offered for {', '.join(COALITION_CONCEPTS)}, "
                         f"not {concept!r}")
    ci = model.coalition_improvements(members)
    if concept == "nash":
        return np.diff(ci.indptr) == 0
    if concept == "sim":  # outsiders answer with their own improvements, simultaneously
        return simultaneous_stable(model, ci, members, _opponents(model, members))
    src, dst = ci.edges()
    deterred = np.zeros(len(src), dtype=bool)
    for j in members:
        u = model.payoff[:, j]
        threat = _sanction_threat(model, concept, members, u, sanctions == "once")
        deterred |= threat[dst] <= u[src] + TOL
    stable = np.ones(model.n_states, dtype=bool)
    stable[src[~deterred]] = False
    return stable


# -- the result ----------------------------------------------------------------


def _check_options(concepts, sanctions) -> tuple[str, ...]:
    concepts = tuple(dict.fromkeys(c.strip().lower() for c in concepts))
    unknown = [c for c in concepts if c not in CONCEPTS]
    if unknown:
        raise ValueError(f"unknown stability concept(s) {', '.join(unknown)} "
                         f"(choose from {', '.join(CONCEPTS)})")
    if sanctions not in SANCTIONS:
        raise ValueError(f"sanctions must be one of {', '.join(SANCTIONS)}, not {sanctions!r}")
    return concepts


def coalition_members(party_ids: Sequence[str], coalitions) -> list[tuple[str, ...]]:
    """Coalitions as tuples of distinct known party ids, at least two each
    (``ValueError`` otherwise); a bare string is a one-party coalition."""
    out = []
    for coalition in coalitions:
        members = tuple(dict.fromkeys([coalition] if isinstance(coalition, str) else coalition))
        unknown = [p for p in members if p not in party_ids]
        if unknown:
            raise ValueError(f"unknown part{'ies' if len(unknown) > 1 else 'y'} "
                             f"{', '.join(unknown)} in coalition "
                             f"(parties: {', '.join(party_ids)})")
        if len(members) < 2:
            raise ValueError(f"a coalition needs at least two parties, got {', '.join(members)}")
        out.append(members)
    return out


def _coalition_indices(model: GraphModel, coalitions) -> list[tuple[int, ...]]:
    return [tuple(model.party_ids.index(p) for p in members)
            for members in coalition_members(model.party_ids, coalitions)]


def stability(scenario, concepts: Sequence[str] = CONCEPTS, coalitions=(),
              sanctions: str = "chain", values=None) -> StabilityResult:
    """Stability of every state of the graph model of ``scenario`` (a
    Scenario, Game or GraphModel) under the given concepts.

    ``coalitions``: e.g. ``[("moe", "ur")]``; coalition stability is computed
    for the concepts in ``COALITION_CONCEPTS``. ``sanctions``: ``"chain"``
    (legal sequences of opponents' moves, the standard definition) or
    ``"once"`` (each opponent moves at most once). See the module docstring
    for the definitions and references.

    Parameters
    ----------
    scenario : Scenario, Game, GraphModel, str or os.PathLike
        The scenario, its compiled game, its graph model, or a path /
        bundled name.
    concepts : sequence of str
        Any of ``"nash"``, ``"gmr"``, ``"smr"``, ``"seq"`` and ``"sim"``
        (default: all five).
    coalitions : sequence of sequences of str
        Coalitions of party ids, at least two parties each, acting as one
        mover (Kilgour, Hipel, Fang & Peng 2001; Inohara & Hipel 2008).
    sanctions : {"chain", "once"}
        How the opponents may sanction a move.
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    StabilityResult
        Per concept, which states are stable for which party;
        :meth:`StabilityResult.equilibria` lists the states stable for all.

    Raises
    ------
    ValueError
        An unknown concept or sanction rule, a coalition with an unknown
        party or fewer than two, or a bad parameter override.
    SpaceTooLarge
        The space is beyond enumeration, or SIM would have to examine too
        many combinations of moves.

    Examples
    --------
    The prisoner's dilemma (Fang, Hipel & Kilgour 1993): mutual defection
    is the only Nash equilibrium; general metarationality adds mutual
    cooperation, since a defector can be punished by the other defecting.

    >>> import negotiation
    >>> result = negotiation.stability("prisoners")
    >>> result.labels(result.equilibria("nash"))
    [{'p1_cooperates': 'no', 'p2_cooperates': 'no'}]
    >>> result.labels(result.equilibria("gmr"))
    [{'p1_cooperates': 'no', 'p2_cooperates': 'no'},
     {'p1_cooperates': 'yes', 'p2_cooperates': 'yes'}]

    In chicken the Nash (and SEQ) equilibria are the two states in which
    exactly one driver swerves:

    >>> chicken = negotiation.stability("chicken", concepts=["nash", "seq"])
    >>> chicken.labels(chicken.equilibria("nash"))
    [{'d1_swerves': 'no', 'd2_swerves': 'yes'}, {'d1_swerves': 'yes', 'd2_swerves': 'no'}]
    >>> chicken.equilibria("seq").tolist() == chicken.equilibria("nash").tolist()
    True
    """
    concepts = _check_options(concepts, sanctions)
    model = graph_model(scenario, values)
    members = _coalition_indices(model, coalitions)
    stable = {c: np.column_stack([stable_for(model, p, c, sanctions)
                                  for p in range(model.n_parties)])
              if model.n_parties else np.ones((model.n_states, 0), bool) for c in concepts}
    coalition_masks = {c: {tuple(model.party_ids[p] for p in m):
                           coalition_stable(model, m, c, sanctions)
                           for m in members}
                       for c in concepts if members and c in COALITION_CONCEPTS}
    names = tuple(tuple(model.party_ids[p] for p in m) for m in members)
    return StabilityResult(model, concepts, stable, sanctions, names, coalition_masks)
