"""Off-ramps: ways for a party to back down and still do better than its batna.

Definition (``docs/concepts/offramps.md``). An **off-ramp** for a party T with a
requirement R (a rule: what backing down means, e.g. ``troops in
[partial_pullback, withdrawn]``) is a package of the ZOPA (Raiffa 1982,
*The Art and Science of Negotiation*) that meets R: T backs down and still
does at least as well as its batna; so does every other party. By default
(``face="strict"``, the golden bridge of :mod:`.face`) T must also show no
visible loss; with ``face="cost"`` a visible loss is allowed and costs T its
audience cost (Fearon 1994, "Domestic political audiences and the escalation
of international disputes", *APSR* 88).

Ranking and diversity. Off-ramps are scored by one of the shared criteria of
:mod:`negotiation.solvers.criteria` (Nash product by default, Nash 1950) and
tie-broken by its deterministic rule; with declared sides a side's members
share its weight (:mod:`negotiation.sides`), and where counting every party
alone would rank another off-ramp first, it is reported as ``by_party``.
Each off-ramp's margins are given on each party's own scale and normalised
(its gain over its batna as a share of its best gain in the zone): the
thinnest margin is the smallest normalised one. The *shape* of a package is the set of
issues on which it differs from the status quo; the report keeps the best
off-ramp of each shape first, so that k reported off-ramps are k different
deals rather than k variations of one; where fewer than k shapes exist, the
next-best variants fill the list (every off-ramp is reported when there are
at most k). The list is in rank order.

Each reported off-ramp is explained (:mod:`.explain`: who concedes
what, margins, face, tight constraints), tested for robustness against the
declared parameters (:mod:`.robustness`) and sequenced move by move
(:mod:`.sequencing`). With no off-ramp, the closest miss is reported.
Each is also placed in the graph model (:mod:`.holding`): is it
an equilibrium once reached, and do improving moves from the status quo
lead there?

Spaces beyond the enumeration limit go to the exact MILP route
(:func:`negotiation.solvers.milp.search.best_package`): the best off-ramp is the
criterion's optimum subject to the requirement; each next one is the optimum
subject also to a no-good cut excluding every shape already reported
(``not (changed issues move and the others stay)``), so the k reported are
again the best of k distinct shapes. There the total count of off-ramps,
the variants per shape and the closest miss are not computed (``None``),
and Kalai-Smorodinsky's ideal point is taken over the off-ramps rather
than over the whole ZOPA.
"""
from __future__ import annotations

import numpy as np

from negotiation.game import TOL, Game
from negotiation.inputs import as_game
from negotiation.results import per_party
from negotiation.scenario.expr import ExprError, Not, iter_compares, parse_rule
from negotiation.sides import approvals_of, sides_of
from negotiation.solvers.agreement import by_party_why
from negotiation.solvers.agreement.zone import zopa
from negotiation.solvers.criteria import (
    check_criterion,
    criterion_scores,
    ideal_point,
    normalised_gains,
    ranking_order,
)
from negotiation.solvers.methods import choose_method
from negotiation.solvers.milp.model import build_model
from negotiation.solvers.milp.search import best_package
from negotiation.solvers.offramps.explain import closest_miss, explain_package
from negotiation.solvers.offramps.face import bridge_note, check_face, face_costs, face_kept
from negotiation.solvers.offramps.holding import (
    MAX_STATES,
    offramp_stability,
    skipped,
    stability_context,
)
from negotiation.solvers.offramps.parts import NOT_COMPUTED, NOT_SEQUENCED
from negotiation.solvers.offramps.results import Offramp, OfframpError, Offramps
from negotiation.solvers.offramps.robustness import robustness
from negotiation.solvers.offramps.sequencing import sequence_moves
from negotiation.solvers.stability.concepts import coalition_members


def parse_requirement(game: Game, requires) -> tuple[object, str]:
    """A rule (text or parsed) checked against the game's issues and options."""
    if not isinstance(requires, str):
        return requires, str(requires)
    try:
        rule = parse_rule(requires)
    except ExprError as exc:
        raise OfframpError(f"requirement {requires!r}: {exc}") from None
    index = game.option_index()
    for cmp in iter_compares(rule):
        if cmp.issue not in index:
            raise OfframpError(f"requirement {requires!r}: unknown issue {cmp.issue!r} "
                               f"(issues: {', '.join(game.issue_ids)})")
        unknown = [o for o in cmp.options if o not in index[cmp.issue]]
        if unknown:
            raise OfframpError(f"requirement {requires!r}: unknown option {unknown[0]!r} for "
                               f"{cmp.issue!r} (options: {', '.join(index[cmp.issue])})")
    return rule, requires


def _target(game: Game, party, requires):
    declared = game.scenario.offramp
    if party is None and requires is None and declared is None:
        raise OfframpError("the scenario declares no 'offramp' block: name the party that "
                           "backs down and what backing down requires")
    if party is None:
        if declared is None:
            raise OfframpError("name the party that backs down")
        party = declared.party
    if party not in game.party_ids:
        raise OfframpError(f"unknown party {party!r} (parties: {', '.join(game.party_ids)})")
    if requires is None:
        if declared is None or declared.party != party:
            raise OfframpError(f"say what backing down means for {party} (a rule)")
        return party, declared.requires, declared.requires_text or str(declared.requires)
    rule, text = parse_requirement(game, requires)
    return party, rule, text


def _check_coalitions(game: Game, coalitions) -> list[tuple[str, ...]]:
    """Coalitions as tuples of known party ids, at least two each."""
    try:
        return coalition_members(game.party_ids, coalitions)
    except ValueError as exc:
        raise OfframpError(str(exc)) from None


def _diverse(order: np.ndarray, shapes: np.ndarray, k: int, diverse: bool):
    """Positions (into the ranked list) of the reported packages, and shape counts.

    Diverse: the best package of each shape first (up to k); if fewer than k
    shapes exist, the next-best variants fill the remaining places, so k
    off-ramps are reported whenever k exist. The result is in rank order."""
    _, first, inverse, counts = np.unique(shapes, axis=0, return_index=True,
                                          return_inverse=True, return_counts=True)
    inverse = np.asarray(inverse).reshape(-1)
    if not diverse:
        return list(order[:k]), len(counts), counts[inverse]
    position = {int(i): n for n, i in enumerate(order)}
    seen, chosen = set(), []
    for i in order:  # ranked best first: the first of each shape is its best
        if inverse[i] not in seen:
            seen.add(inverse[i])
            chosen.append(int(i))
            if len(chosen) == k:
                break
    taken = set(chosen)
    chosen += [int(i) for i in order if int(i) not in taken][:k - len(chosen)]
    return sorted(chosen, key=position.__getitem__), len(counts), counts[inverse]


def find_offramps(scenario, k: int = 10, rank_by: str = "nash", party=None,
                  requires=None, diverse: bool = True, details: bool = True,
                  method: str = "auto", stability: bool | None = None,
                  coalitions=(), drop=(), values=None, face: str | None = None) -> Offramps:
    """Ranked, diverse, explained off-ramps (definitions in the module docstring).

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario, its compiled game, or a path / bundled name.
    k : int
        How many off-ramps to report (the best of k distinct shapes first).
    rank_by : str
        The criterion that ranks them (``nash`` default; see
        :data:`negotiation.solvers.criteria.CRITERIA`).
    party, requires : str, optional
        Who backs down and what backing down means (a rule); they override
        the scenario's ``offramp`` block (``--party`` / ``--for`` and
        ``--requires`` on the command line).
    diverse : bool
        Keep the best off-ramp of each shape first.
    details : bool
        Explain robustness and sequencing (off: faster).
    method : {"auto", "enumerate", "milp"}
        Enumerate the zone, search exactly by MILP (spaces too large to
        enumerate), or choose by the enumeration limit.
    stability : bool, optional
        Place each off-ramp in the graph model (:mod:`.holding`); None (the
        default) does so when ``details`` is on and the model has at most
        ``MAX_STATES`` (2^16) states.
    coalitions : sequence of sequences of str
        Coalitions for coalition stability and paths, e.g. ``[("a", "b")]``.
    drop : sequence of str
        Red lines or conditions given up (their ids): which off-ramps open
        if they were.
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.
    face : {"strict", "cost"}, optional
        ``strict``: the backing-down party shows no visible loss (the golden
        bridge, :mod:`.face`); ``cost``: a visible loss costs its audience
        cost. Default: the ``offramp`` block's ``face``, else ``strict``.

    Returns
    -------
    Offramps

    Raises
    ------
    OfframpError
        The question cannot be asked of this scenario (no ``offramp`` block
        and no party named, an unknown party or requirement).

    Examples
    --------
    >>> import negotiation
    >>> negotiation.find_offramps("standoff", k=2).exists
    True
    """
    check_criterion(rank_by)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise OfframpError(f"k must be a positive integer, not {k!r}")
    game = as_game(scenario, values, what="find_offramps")
    game.require_cardinal("the off-ramp search")
    game = game.without(drop)
    party, rule, text = _target(game, party, requires)
    face = check_face(face or (game.scenario.offramp.face if game.scenario.offramp else "strict"))
    coalitions = _check_coalitions(game, coalitions)
    if choose_method(game, method) == "milp":
        return _milp_offramps(game, party, rule, text, k, rank_by, details, face)
    ctx = skipped("not requested") if stability is False or (stability is None and not details) \
        else None
    z = zopa(game)
    ideal = ideal_point(z.utilities) if z.size else None
    sides = sides_of(game)
    meets = game.holds(rule, z.packages)
    p = game.party_index(party)
    strict = face_kept(game, z.packages, p) if face == "strict" else np.ones(z.size, bool)
    lost = _face_costing(game, z, meets & ~strict, p, rank_by, ideal, k, sides)
    packages, u = z.packages[meets & strict], z.utilities[meets & strict]
    if not len(packages):
        # deals that back down at a loss of face are what comes nearest: no closest miss
        miss = None if lost[0] else closest_miss(game, rule, party)
        note = (bridge_note(game, z.packages[meets & ~strict][lost[1]], p, rule)
                if lost[0] else None)
        return Offramps(party, text, rank_by, 0, 0, z.size, (), miss,
                        stability={"computed": False, "reason": "no off-ramp"}, face=face,
                        face_costing=lost[0], face_note=note,
                        face_costing_count=int((meets & ~strict).sum()))
    scores = criterion_scores(rank_by, u, game.batna, game.power, ideal, sides)
    order = ranking_order(scores, u, game.encode(packages), sides)
    shapes = packages != game.status_quo
    chosen, n_shapes, variants = _diverse(order, shapes, k, diverse)
    rank_of = np.empty(len(order), dtype=int)
    rank_of[order] = np.arange(1, len(order) + 1)
    robust = (robustness(game.scenario, packages[chosen]) if details
              else [NOT_COMPUTED] * len(chosen))
    if ctx is None:
        ctx = stability_context(game, coalitions, None if stability else MAX_STATES)
    reported = []
    for n, i in enumerate(chosen):
        reported.append(_offramp(game, party, packages[i], u[i], scores[i], rank_of[i],
                                 variants[i], robust[n], details, ctx, ideal))
    alone = None
    if sides.grouped:  # by party, every member of a side counts alone
        by_party = criterion_scores(rank_by, u, game.batna, game.power, ideal, sides.by_party)
        top = int(ranking_order(by_party, u, game.encode(packages), sides.by_party)[0])
        alone = _by_party(game, rank_by, sides, packages[order[0]], packages[top], u[top],
                          by_party[top], int(rank_of[top]))
    return Offramps(party, text, rank_by, len(packages), n_shapes, z.size, tuple(reported),
                    stability=ctx.to_data(), face=face, face_costing=lost[0],
                    face_costing_count=int((meets & ~strict).sum()), by_party=alone)


def _by_party(game: Game, rank_by, sides, best, top, u, score, rank) -> dict | None:
    """The best off-ramp counted by party, where it is another package."""
    if np.array_equal(best, top):
        return None
    return {"package": game.labels(top), "utilities": per_party(game.party_ids, u),
            "score": float(score), "rank": rank, "why": by_party_why(rank_by, sides)}


def _face_costing(game: Game, z, mask: np.ndarray, p: int, rank_by, ideal, k: int, sides):
    """(the best k off-ramps that cost face, the position of the best among the
    masked packages)."""
    if not mask.any():
        return (), None
    packages, u = z.packages[mask], z.utilities[mask]
    scores = criterion_scores(rank_by, u, game.batna, game.power, ideal, sides)
    order = ranking_order(scores, u, game.encode(packages), sides)
    return face_costs(game, packages, u, p, order, k), int(order[0])


def _offramp(game: Game, party: str, package, u, score, rank, variants, robust, details,
             ctx=None, ideal=None):
    p = game.party_index(party)
    gain = float(game.visible_gain(package[None, :])[0, p])
    gain = 0.0 if abs(gain) <= TOL else gain  # no "-0.000" from float noise
    paid = bool(gain < -TOL and game.audience_cost[p] > 0)
    shape = tuple(i for i, k, s in zip(game.issue_ids, package, game.status_quo) if k != s)
    share = normalised_gains(u[None], game.batna, ideal)[0] if ideal is not None else None
    needed = [c.ratifier for c in approvals_of(game) if c.needed(game, package[None])[0]]
    return Offramp(
        package=game.labels(package),
        utilities={q: float(x) for q, x in zip(game.party_ids, u)},
        margins={q: float(x - b) for q, x, b in zip(game.party_ids, u, game.batna)},
        normalised_margins=None if share is None else per_party(game.party_ids, share),
        ratified_by=tuple(needed),
        bound=tuple(q for k, q in enumerate(game.party_ids)
                    if sides_of(game).at_table[k] or q in needed),
        visible_gain=gain, paid_audience_cost=paid, score=float(score), rank=int(rank),
        shape=shape, variants=None if variants is None else int(variants),
        explanation=explain_package(game, package),
        robustness=robust, sequencing=sequence_moves(game, package) if details else NOT_SEQUENCED,
        stability=offramp_stability(ctx, package))


def shape_rule(game: Game, package: np.ndarray):
    """The rule "exactly these issues differ from the status quo"."""
    parts = [f"{i} {'!=' if k != s else '=='} {opts[int(s)]}"
             for i, opts, k, s in zip(game.issue_ids, game.option_ids, package, game.status_quo)]
    return parse_rule(" and ".join(parts))


def package_rule(game: Game, package: np.ndarray):
    """The rule "exactly this package"."""
    return parse_rule(" and ".join(f"{i} == {opts[int(k)]}" for i, opts, k in
                                   zip(game.issue_ids, game.option_ids, package)))


def _milp_search(game, rank_by, rule, k, cut_of, found, fixed_cuts=(), face_kept=()):
    """Append to ``found`` the best off-ramps, each excluding ``cut_of`` of the
    ones before it, until k are found or none is left."""
    cuts = [*fixed_cuts]
    while len(found) < k:
        result = best_package(game, rank_by, extra_rules=[rule, *cuts], face_kept=face_kept)
        if not result.found:
            return
        found.append(result)
        cuts.append(Not(cut_of(game, result.package)))


def _milp_offramps(game, party, rule, text, k, rank_by, details, face) -> Offramps:
    """Off-ramps by MILP, for spaces beyond enumeration: the best of each
    distinct shape (a no-good cut per shape found), then, if fewer than k
    shapes exist, the next-best variants (a no-good cut per package found);
    reported in rank order, as on the enumeration route. Under ``strict``
    face the party's visible gain is a constraint; the off-ramps that cost
    face are not searched for (``face_costing`` is None)."""
    found: list = []
    kept = [game.party_index(party)] if face == "strict" else []
    _milp_search(game, rank_by, rule, k, shape_rule, found, face_kept=kept)
    _milp_search(game, rank_by, rule, k, package_rule, found,
                 [Not(package_rule(game, r.package)) for r in found], face_kept=kept)
    sides = sides_of(game)
    if found:
        u = np.array([r.utilities for r in found])
        index = game.encode(np.array([r.package for r in found]))
        found = [found[i] for i in ranking_order([r.score for r in found], u, index, sides)]
    packages = np.array([r.package for r in found], dtype=np.int16).reshape(-1, game.n_issues)
    robust = (robustness(game.scenario, packages) if details and len(found)
              else [NOT_COMPUTED] * len(found))
    ctx = skipped(f"{game.size:,} packages: beyond the enumeration limit")
    ideal = _zone_ideal(game) if found else None
    reported = tuple(_offramp(game, party, r.package, r.utilities, r.score, n, None,
                              robust[n - 1], details, ctx, ideal)
                     for n, r in enumerate(found, start=1))
    alone = None
    if found and sides.grouped:
        top = best_package(game, rank_by, extra_rules=[rule], face_kept=kept,
                           sides=sides.by_party)
        alone = _by_party(game, rank_by, sides, found[0].package, top.package, top.utilities,
                          top.score, 0) if top.found else None
        if alone:
            alone["rank"] = None  # the MILP route does not rank every off-ramp
    return Offramps(party, text, rank_by, None, None, None, reported, None, method="milp",
                    stability=ctx.to_data(), face=face, face_costing=None, by_party=alone)


def _zone_ideal(game: Game) -> np.ndarray:
    """Each party's best utility in the zone, by one MILP per party (the
    normalising point of the margins on the MILP route)."""
    model, utilities = build_model(game)
    ideal = np.array(game.batna, float)
    for p in range(game.n_parties):
        res = model.solve(utilities[p].scale(-1.0))
        if res.x is not None:
            ideal[p] = game.effective(model.package(res.x)[None])[0][p]
    return ideal
