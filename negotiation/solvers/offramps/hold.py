"""Will the off-ramp hold, and what would make it hold?

An off-ramp (:mod:`.search`) is a deal every party prefers to its batna. It
is **self-enforcing** under a stability concept (Nash, GMR, SMR, SEQ, SIM of
the graph model for conflict resolution: Fang, Hipel & Kilgour 1993;
definitions in :mod:`negotiation.solvers.stability.concepts`) when its state
is stable for every party: no one gains by moving away on its own, or every
such move meets the response the concept allows. Moves are the ones the
graph model gives each party (:mod:`negotiation.solvers.stability.graph`):
re-escalating on the issues it controls, revoking an offer it made
(``offered_by``), and, with a ``war`` block, the initiator's irreversible
move to war.

For each off-ramp the analysis reports, under every concept, whether it is
stable; each **defection** (a party's unilateral improvement from the deal:
who, by which move, for what gain) with the responses that would deter it
under the chosen concept (a sanction at one step: an opponent's move, for
SEQ a move that is itself an improvement for the one who makes it, that
leaves the defector no better off than at the deal) or, where nothing
deters it, that fact; and, when the deal is not stable under the chosen
concept, the smallest verified changes that would make it so
(:mod:`.fixes`).
"""
from __future__ import annotations

import numpy as np

from negotiation.game import TOL, SpaceTooLarge
from negotiation.inputs import as_game
from negotiation.solvers.names import CONCEPTS
from negotiation.solvers.offramps import fixes as catalogue
from negotiation.solvers.offramps.hold_results import Defection, Hold, Response
from negotiation.solvers.offramps.results import OfframpError
from negotiation.solvers.offramps.search import find_offramps
from negotiation.solvers.stability.concepts import stable_for
from negotiation.solvers.stability.graph import WAR_LABEL, graph_model


def hold(scenario, offramp: int = 1, concept: str = "seq", party=None, requires=None,
         face=None, drop=(), values=None, fixes: bool = True) -> Hold:
    """Is an off-ramp self-enforcing, who would defect, and what would make it hold.

    Definitions in the module docstring and in :mod:`.fixes`.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        A scenario with issues ``controlled_by`` (or ``offered_by``) the
        parties that move them, and an off-ramp to test.
    offramp : int
        Which off-ramp of the ranked list (1 = the best).
    concept : {"nash", "gmr", "smr", "seq", "sim"}
        The concept the fixes aim at (SEQ by default: sanctions must be
        credible).
    party, requires, face
        As for :func:`negotiation.find_offramps`.
    drop : sequence of str
        Red lines or conditions given up.
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.
    fixes : bool
        Search for the changes that would make the off-ramp hold.

    Returns
    -------
    Hold

    Raises
    ------
    OfframpError
        No such off-ramp, or a graph model with no moves.

    Examples
    --------
    >>> import negotiation
    >>> h = negotiation.hold("standoff", fixes=False)
    >>> sorted(h.stable), h.stable["nash"]
    (['gmr', 'nash', 'seq', 'sim', 'smr'], False)
    """
    if concept not in CONCEPTS:
        raise ValueError(f"concept must be one of {', '.join(CONCEPTS)}, got {concept!r}")
    if isinstance(offramp, bool) or not isinstance(offramp, int) or offramp < 1:
        raise OfframpError(f"offramp must be a rank of 1 or more, not {offramp!r}")
    game = as_game(scenario, values, what="hold").without(drop)
    found = find_offramps(game, k=offramp, party=party, requires=requires, face=face,
                          details=False, stability=False)
    if len(found.offramps) < offramp:
        raise OfframpError(f"off-ramp #{offramp}: {found.explain()}")
    chosen = found.offramps[offramp - 1]
    if not any(c is not None for c in game.controllers) and not _offers(game):
        raise OfframpError("no issue is controlled_by or offered_by a party: the graph model "
                           "has no moves, so holding is not a question it can answer")
    model = graph_model(game)
    k = model.index_of(game.package(chosen.package))
    stable, notes = _stable(model, k)
    defections = tuple(_defections(model, k, concept))
    found_fixes = (tuple(_fixes(game.scenario, model, k, concept, defections))
                   if fixes and not stable.get(concept, True) else ())
    return Hold(chosen.package, offramp, found.party, concept, stable, defections,
                found_fixes, fixes, tuple(notes))


def _offers(game) -> bool:
    return any(i.offered_by for i in game.scenario.issues.values())


def _stable(model, k: int) -> tuple[dict, list[str]]:
    stable, notes = {}, []
    for c in CONCEPTS:
        try:
            stable[c] = catalogue.stable_at(model, k, c)
        except SpaceTooLarge as exc:
            notes.append(f"{c.upper()} left out: {exc}")
    return stable, notes


# -- defections -------------------------------------------------------------------
def _defections(model, k: int, concept: str):
    """Each party's best unilateral improvement from the deal, with the
    one-step responses that would deter it under ``concept``."""
    for p, pid in enumerate(model.party_ids):
        targets = model.improvements(p).row(k)
        if not len(targets):
            continue
        gains = model.payoff[targets, p] - model.payoff[k, p]
        t = int(targets[np.lexsort((targets, -gains))[0]])
        stable = bool(stable_for(model, p, concept)[k])
        yield Defection(pid, _move(model, k, t), float(model.payoff[t, p] - model.payoff[k, p]),
                        _kind(model, k, t, pid), len(targets), stable,
                        tuple(_responses(model, p, k, t, concept)), concept)


def _move(model, k: int, t: int) -> dict:
    """What changes from the deal: ``{issue: option}``, or ``{"war": "war"}``."""
    if t == model.war_index:
        return dict(WAR_LABEL)
    here, there = model.labels(k), model.labels(t)
    return {i: o for i, o in there.items() if here[i] != o}


def _kind(model, k: int, t: int, party: str) -> str:
    if t == model.war_index:
        return "war"
    issues = model.game.scenario.issues
    moved = list(_move(model, k, t))
    if all(issues[i].offered_by == party for i in moved):
        return "revoking an offer"
    if all(issues[i].offered_by == party or issues[i].controlled_by == party for i in moved) \
            and any(issues[i].offered_by == party for i in moved):
        return "revoking an offer and re-escalating"
    return "re-escalation"


def _responses(model, p: int, k: int, t: int, concept: str, most: int = 3):
    """Opponents' one-step responses from ``t`` that leave party ``p`` no better
    off than at the deal ``k`` (credible ones only for SEQ), worst for p first."""
    found = []
    for q in range(model.n_parties):
        if q == p:
            continue
        moves = model.improvements(q) if concept == "seq" else model.moves(q)
        row = moves.row(t)
        for x in row:
            if model.payoff[x, p] <= model.payoff[k, p] + TOL:
                credible = bool(model.payoff[x, q] > model.payoff[t, q] + TOL)
                found.append(Response(model.party_ids[q], _move(model, t, int(x)),
                                      float(model.payoff[x, p]), credible))
    found.sort(key=lambda r: (r.leaves, r.party))
    return found[:most]


# -- fixes ---------------------------------------------------------------------------
def _fixes(scenario, model, k: int, concept: str, defections) -> list:
    search = catalogue.Search(scenario, model, k, concept)
    found = list(catalogue.parameter_fixes(search)) if scenario.parameters else []
    cardinal = all(pref.cardinal for pref in scenario.preferences.values())
    for d in (d for d in defections if not d.stable):
        found += catalogue.guarantee_fixes(search, d)
        if cardinal:
            found += catalogue.commitment_fixes(search, d)
    return found
