"""The proposer's best offer under private information, and the probability of war.

Definition (Fearon 1995, "Rationalist explanations for war", *International
Organization* 49: 379-414; Powell 1999, *In the Shadow of Power*, ch. 3):
the proposer makes a take-it-or-leave-it offer, a package of the acceptable
set (feasible, within every red line and condition). An informed party (the
owner of a ``private`` parameter) accepts when the package is worth at least
its no-deal payoff for its type; every other party accepts when the package
meets its batna. Rejection leads to the no-deal outcome for the type drawn:
war if the initiator then fights, the standoff otherwise. The proposer picks
the package with the highest expected utility,

    EU(x) = P(accept | x) u_P(x) + E[ D_P(t) ; reject ],

trading a better deal against a higher risk of war (the risk-return
trade-off). Ties go to the higher acceptance probability, then to the first
package in enumeration order.

Ratifiers (:mod:`negotiation.sides`) take part as in the zone: a package
needing a ratifier's approval is offered only if the ratifier approves it
(its utility there meets its batna), so a hawkish ratifier narrows what the
proposer can offer (Putnam 1988; Tarar 2001). A ratifier's type cannot be
private: the informed parties sit at the table.

Only packages that matter are scored: every uninformed party at the table
other than the proposer must meet its batna (else the offer surely fails),
and among those a
package is dropped when another gives the proposer and every informed party
at least as much (it can only do worse). What remains is the Pareto frontier
of (proposer, informed parties): the risk-return curve.

Acceptance and war probabilities come from :mod:`.types`: exact (CDF
values) for one private parameter entering the war payoffs affinely,
seeded Monte Carlo with an interval otherwise.
"""
from __future__ import annotations

import numpy as np

from negotiation.inputs import as_game
from negotiation.nodeal import TOL
from negotiation.sides import sides_of
from negotiation.solvers.agreement.pareto import pareto_mask
from negotiation.solvers.conflict import types
from negotiation.solvers.conflict.results import Crisis

SAMPLES = 20_000  # Monte Carlo draws of the private types by default
NOTHING = -1e12  # the utility of no offer at all: rejected by every type


def crisis(scenario, proposer: str | None = None, samples: int = SAMPLES, seed: int = 0,
           confidence: float = 0.95, drop=(), values=None, offer=None) -> Crisis:
    """The proposer's best take-it-or-leave-it offer and the war risk it carries.

    See the module docstring for the definition.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        A scenario with a ``war`` block (and, for private information, a
        ``private`` block).
    proposer : str, optional
        The party making the offer; default: the war block's ``proposer``,
        else the first party that is not the initiator.
    samples, seed : int
        Monte Carlo draws of the private types and their seed (used only
        where the exact route does not apply).
    confidence : float
        The level of the Wilson intervals of a Monte Carlo estimate.
    drop : sequence of str
        Red lines or conditions given up (their ids).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.
    offer : mapping, optional
        An offer to evaluate beside the best one, ``{issue: option}`` (issues
        left out keep the status quo): the offer actually made, say. It is
        accepted with the probability that every informed type prefers it to
        its no-deal payoff, if it is acceptable (no remaining red line or
        condition broken, approvals held) and every other party at the table
        meets its batna there; otherwise it surely fails and the no-deal
        outcome follows for every type.

    Returns
    -------
    Crisis
        The offer (package, utilities, acceptance and war probabilities,
        expected utility, exact or not), the complete-information offer,
        the risk-return curve and the no-deal outcome.

    Raises
    ------
    ValueError
        No war block, an unknown proposer, or a private parameter that
        enters anything but the war block.

    Examples
    --------
    A one-issue pie: A proposes, B's cost of war is private and uniform on
    [0, 0.4]; A's demand is ``p + (C - c_A) / 2 = 0.75`` and B fights with
    probability ``(C - c_A) / (2 C) = 0.375`` (Fearon 1995):

    >>> import negotiation
    >>> c = negotiation.crisis("fearon_pie", proposer="a")
    >>> c.offer["package"], round(c.offer["war_probability"], 4), c.offer["exact"]
    ({'division': 'a_75'}, 0.375, True)
    """
    game = as_game(scenario, values, what="crisis")
    s = game.scenario
    if s.war is None:
        raise ValueError("crisis needs a war block (war: initiator, outcomes, chances, costs): "
                         "without one the no-deal outcome is not modelled")
    game.require_cardinal("crisis bargaining")
    drop = game.check_drop(drop)
    proposer = _proposer(s, proposer)
    p = game.party_index(proposer)
    private = _private(s, proposer)
    informed = sorted({game.party_index(owner) for owner in private.values()})
    table = sides_of(game).table
    _at_table(game, [p, *informed], table)
    pool = game.feasible_packages
    pool = pool[game.acceptable(pool, drop=drop)]  # ratifiers' approvals included
    u = game.effective(pool)
    others = [int(q) for q in table if q != p and q not in informed]
    viable = (u[:, others] >= game.batna[others] - TOL).all(axis=1)
    pool, u = pool[viable], u[viable]
    complete = _complete_information(game, pool, u, p)
    keep = _frontier(u[:, [p, *informed]])
    pool, u = pool[keep], u[keep]
    acceptance = _acceptance(game, u, informed, p, list(private), samples, seed)
    # with no offer that can succeed, the no-deal outcome follows for every type
    unanswered = None if len(pool) else _acceptance(
        game, np.full((1, game.n_parties), NOTHING), informed, p, list(private), samples, seed)
    made = None if offer is None else _made(game, offer, drop, others, informed, p,
                                            list(private), samples, seed)
    return Crisis(game, proposer, tuple(private), tuple(game.party_ids[i] for i in informed),
                  pool, u, acceptance, complete, confidence, unanswered, made)


def _made(game, offer, drop, others, informed, p, private, samples, seed):
    """(package, utilities, acceptance, broken) of a given offer; ``broken``
    names what makes it fail surely (constraints, or parties below batna)."""
    index = game.option_index()
    for issue, option in offer.items():
        if issue not in index:
            raise ValueError(f"offer: unknown issue {issue!r} (issues: {', '.join(index)})")
        if option not in index[issue]:
            raise ValueError(f"offer: {issue} has no option {option!r} (options: "
                             f"{', '.join(index[issue])})")
    package = game.package(offer)
    u = game.effective(package[None])
    kept = [c for c in game.constraints if c.id not in drop]
    broken = [c.id for c, ok in zip(kept, game.satisfied(package, kept)[0]) if not ok]
    broken += [game.party_ids[q] for q in others if u[0, q] < game.batna[q] - TOL]
    scored = u if not broken else np.full((1, game.n_parties), NOTHING)
    return package, u[0], _acceptance(game, scored, informed, p, private, samples, seed), broken


def _acceptance(game, u, informed, p, private, samples, seed) -> types.Acceptance:
    """Exact where one private parameter allows it, Monte Carlo otherwise."""
    if not private and (u == NOTHING).all():  # no offer, no type: the outcome is known
        fights = float(game.no_deal.fights)
        return types.Acceptance(np.zeros(1), np.array([fights]), game.batna[[p]], True)
    if not private or not len(u):
        return types.certain(u, p)
    found = types.exact(game, u, informed[0], p, private[0]) if len(private) == 1 else None
    return found or types.monte_carlo(game, u, informed, p, private, samples, seed)


def _at_table(game, parties, table) -> None:
    """The proposer and the informed parties must sit at the table."""
    for q in parties:
        if q not in table:
            raise ValueError(f"{game.party_ids[q]} is a ratifier: it does not bargain, so it "
                             "can neither propose nor hold a private type in crisis bargaining")


def _proposer(scenario, proposer: str | None) -> str:
    if proposer is None:
        proposer = scenario.war.proposer or next(
            pid for pid in scenario.parties if pid != scenario.war.initiator)
    if proposer not in scenario.parties:
        raise ValueError(f"unknown proposer {proposer!r} (parties: {', '.join(scenario.parties)})")
    return proposer


def _private(scenario, proposer: str) -> dict[str, str]:
    """Private parameter -> owner, in declaration order, except the proposer's
    own (it knows them: they keep their declared values)."""
    owners = scenario.private_parameters
    private = {n: owners[n] for n in scenario.parameters if n in owners and owners[n] != proposer}
    for path, quantity in scenario.quantities():
        used = sorted(quantity.names & set(private))
        if used and not path.startswith("war."):
            raise ValueError(f"private parameter {used[0]!r} enters {path}: crisis bargaining "
                             "lets a private type enter only the war block (chances, costs, "
                             "beliefs)")
    return private


def _complete_information(game, pool: np.ndarray, u: np.ndarray, p: int):
    """(package, utilities) of the proposer's best package that every party
    accepts at the declared values (types known), or None."""
    ok = np.flatnonzero(game.meets_batna(u)) if len(u) else np.zeros(0, int)
    if not len(ok):
        return None
    best = int(ok[np.argmax(u[ok, p])])
    return pool[best], u[best]


def _frontier(points: np.ndarray) -> np.ndarray:
    """Rows on the Pareto frontier of ``points``, one per distinct point."""
    if not len(points):
        return np.zeros(0, bool)
    mask = pareto_mask(points)
    rounded = np.round(points, 12)
    _, first = np.unique(rounded, axis=0, return_index=True)
    distinct = np.zeros(len(points), bool)
    distinct[first] = True
    return mask & distinct
