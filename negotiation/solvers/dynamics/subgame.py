"""Alternating offers over a two-party scenario's packages.

The finite-horizon subgame-perfect equilibrium (Stahl 1972; Rubinstein 1982)
of Rubinstein's game played over the packages of a scenario instead of a
divisible pie: the parties alternate proposing packages for ``horizon``
rounds; if every offer is rejected each gets its batna. Utilities are the
effective (cardinal) utilities; delay shrinks each party's gain over its
batna by its discount factor per round (see
:func:`negotiation.solvers.dynamics.alternating.alternating_offers`). The pool of
packages is the ZOPA (default) or every acceptable package: packages below
a party's batna are never accepted in equilibrium, so both give the same
agreement; the second shows that explicitly.

The result reports, for every round, what its proposer would offer if the
round were reached, and where the equilibrium agreement lies: whether it is
on the Pareto frontier of the pool and whether it is the Nash bargaining
solution (Nash 1950), the limit Binmore, Rubinstein & Wolinsky (1986) show
for patient players with equal discount factors.
"""
from __future__ import annotations

import numpy as np

from negotiation.game import Game
from negotiation.inputs import as_game
from negotiation.scenario.model import Scenario
from negotiation.sides import require_at_table
from negotiation.solvers.agreement.pareto import pareto_mask
from negotiation.solvers.agreement.zone import zopa
from negotiation.solvers.criteria import best, nash_product
from negotiation.solvers.dynamics.alternating import alternating_offers
from negotiation.solvers.dynamics.results import PackageSpe, ProposalPlan

DEFAULT_DELTA = 0.9  # a party's discount factor per round where none is declared


def spe_packages(scenario: Scenario | Game, deltas=None, horizon: int = 10,
                 first: str | None = None, pool: str = "zopa", drop=(),
                 values=None) -> PackageSpe:
    """Finite-horizon SPE of alternating offers over a two-party scenario.

    ``first`` names the first proposer (default: the first party listed);
    ``pool`` is ``"zopa"`` or ``"acceptable"``.

    Backward induction (Stahl 1972; Rubinstein 1982) over the scenario's
    packages; see the module docstring.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        A two-party scenario with cardinal preferences, its compiled game,
        or a path / bundled name.
    deltas : pair of float, optional
        Each party's discount factor per round, in the scenario's party
        order; default: each party's declared ``discount`` (a GENIUS
        profile's discount factor, say), else 0.9.
    horizon : int
        The number of rounds, at least 1; after the last rejection each
        party gets its batna.
    first : str, optional
        The id of the first proposer (default: the first party listed).
    pool : {"zopa", "acceptable"}
        The packages that may be proposed.
    drop : sequence of str
        Red lines or conditions to relax (their ids).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    PackageSpe
        The agreement of round 1 (``None`` if none), each party's utility,
        the plan of every round, and whether the agreement is on the Pareto
        frontier and is the Nash bargaining solution of the pool.

    Raises
    ------
    ValueError
        Not two parties, ``horizon`` below 1, an unknown ``pool``, proposer
        or dropped constraint, or a bad parameter override.
    OrdinalOnly
        Some party states only an ordinal ranking.

    Examples
    --------
    One round is an ultimatum: alpha, proposing, takes the package best for
    it among those beta accepts (at least its batna, 0.3).

    >>> import negotiation
    >>> spe = negotiation.spe_packages("logroll", horizon=1)
    >>> spe.agreement
    {'water': 'alpha_keeps', 'border': 'monitored'}
    >>> {party: round(u, 4) for party, u in spe.utilities.items()}
    {'alpha': 0.9, 'beta': 0.4}
    >>> spe.on_frontier, spe.is_nash
    (True, False)

    With two rounds and impatient parties, beta's threat to propose next
    (its best package, a gain of 0.6 over its batna, halved by the delay)
    makes alpha offer the logroll, the Nash bargaining solution:

    >>> spe = negotiation.spe_packages("logroll", deltas=(0.5, 0.5), horizon=2)
    >>> spe.agreement, spe.is_nash
    ({'water': 'alpha_keeps', 'border': 'closed'}, True)
    >>> {party: round(u, 4) for party, u in spe.utilities.items()}
    {'alpha': 0.8, 'beta': 0.8}
    """
    game = as_game(scenario, values, what="spe_packages").without(drop)
    require_at_table(game, "the subgame-perfect proposals")
    game.require_cardinal("alternating offers over packages")
    if game.n_parties != 2:
        raise ValueError(f"alternating offers over packages needs two parties, found "
                         f"{game.n_parties} ({', '.join(game.party_ids)})")
    if horizon < 1:
        raise ValueError("horizon must be at least 1 round")
    if pool not in ("zopa", "acceptable"):
        raise ValueError(f"pool {pool!r}: expected 'zopa' or 'acceptable'")
    packages = zopa(game).packages if pool == "zopa" else game.acceptable_packages
    u = game.effective(packages) if len(packages) else np.empty((0, 2))
    start = 0 if first is None else game.party_index(first)
    index = game.encode(packages) if len(packages) else np.empty(0, np.int64)
    if deltas is None:
        deltas = declared_deltas(game)
    spe = alternating_offers(u - game.batna, deltas, horizon, start, index)
    plans = tuple(_plan(game, packages, u, play) for play in spe.rounds)
    choice = spe.outcome
    agreement, on_frontier, is_nash = None, False, False
    if choice is not None:
        agreement = game.labels(packages[choice])
        inside = game.meets_batna(u)
        on_frontier = bool(pareto_mask(u[inside])[np.flatnonzero(inside) == choice][0])
        scores = nash_product(u[inside], game.batna)
        top = best(scores, u[inside], index[inside])
        is_nash = bool(np.isclose(scores[top], nash_product(u[[choice]], game.batna)[0],
                                  rtol=1e-9, atol=1e-12))
    utilities = plans[0].utilities
    return PackageSpe(game, (float(deltas[0]), float(deltas[1])), int(horizon), plans,
                      agreement, utilities, on_frontier, is_nash, len(packages))


def declared_deltas(game: Game) -> tuple[float, ...]:
    """Each party's declared discount factor (its ``discount``), else the default."""
    s = game.scenario
    return tuple(DEFAULT_DELTA if s.parties[pid].discount is None
                 else float(s.parties[pid].discount.value(s.values)) for pid in game.party_ids)


def _plan(game: Game, packages, u, play) -> ProposalPlan:
    proposer = game.party_ids[play.proposer]
    if play.choice is None:
        utilities = {pid: float(game.batna[p] + play.value[p])
                     for p, pid in enumerate(game.party_ids)}
        return ProposalPlan(play.round, proposer, None, utilities)
    utilities = {pid: float(u[play.choice, p]) for p, pid in enumerate(game.party_ids)}
    return ProposalPlan(play.round, proposer, game.labels(packages[play.choice]), utilities)
