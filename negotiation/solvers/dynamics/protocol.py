"""Simulated negotiation: the stacked alternating offers protocol (SAOP).

SAOP (Aydoğan, Festen, Hindriks & Jonker 2017, "Alternating offers
protocols for multilateral negotiation", in *Modern Approaches to Agent-based
Complex Automated Negotiation*, Springer, 153-167): the parties act in a
fixed order (the scenario's order). The first makes an offer; each next
party either accepts the offer on the table, replaces it with a
counter-offer, or walks away (the talks end without agreement). An offer is
agreed when every other party has accepted it in turn. A round is one turn
per party; after ``rounds`` rounds the deadline ends the talks.

The agreement space is the scenario's acceptable packages by default
(``space="acceptable"``: every red line and condition holds), or its
feasible packages (``space="feasible"``: each party knows and enforces only
its own red lines and conditions, so offers may cross someone else's and be
rejected). Utilities are effective utilities (net of audience costs). The
strategies (:mod:`negotiation.solvers.dynamics.strategies`) never propose or accept
a package across their own constraints or below their batna, so every
agreement lies in the zone of possible agreement.

:func:`simulate` plays one negotiation and returns a :class:`Trace`;
:func:`tournament` plays every assignment of strategies to parties over
several seeds and tabulates agreement rates and utilities.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from negotiation.game import TOL, Game
from negotiation.inputs import as_game
from negotiation.scenario.model import Scenario
from negotiation.sides import require_at_table
from negotiation.solvers.dynamics.results import Trace, Turn
from negotiation.solvers.dynamics.strategies import Action, PartyView, Situation, make_strategy
from negotiation.solvers.names import STRATEGY_NAMES

DEFAULT_STRATEGY = "linear"
SPACES = ("acceptable", "feasible")
MAX_ASSIGNMENTS = 20_000


@dataclass(frozen=True, eq=False)
class Setup:
    """The parts of a simulation that do not change between runs."""

    game: Game
    pool: np.ndarray
    utilities: np.ndarray
    allowed: np.ndarray  # (M, parties) own constraints and batna
    space: str


def prepare(scenario: Scenario | Game, space: str = "acceptable", drop=(),
            values=None) -> Setup:
    """Compile the agreement space and each party's allowed packages once."""
    game = as_game(scenario, values, what="simulate").without(drop)
    require_at_table(game, "the negotiation protocol")
    game.require_cardinal("the negotiation protocol")
    if space not in SPACES:
        raise ValueError(f"space {space!r}: expected one of {', '.join(SPACES)}")
    pool = game.acceptable_packages if space == "acceptable" else game.feasible_packages
    u = game.effective(pool) if len(pool) else np.empty((0, game.n_parties))
    allowed = u >= game.batna - TOL
    for p, pid in enumerate(game.party_ids):
        own = [c for c in game.constraints if c.owner == pid and c.relaxable]
        if own and len(pool):
            allowed[:, p] &= game.satisfied(pool, own).all(axis=1)
    return Setup(game, pool, u, allowed, space)


def _views(setup: Setup) -> list[PartyView]:
    g = setup.game
    return [PartyView(p, setup.utilities[:, p], setup.allowed[:, p], float(g.batna[p]),
                      setup.pool, setup.utilities, g.batna) for p in range(g.n_parties)]


def _assignment(game: Game, strategies: Mapping[str, str] | None) -> dict[str, str]:
    if isinstance(strategies, str):  # one strategy name: every party plays it
        strategies = dict.fromkeys(game.party_ids, strategies)
    if strategies is not None and not isinstance(strategies, Mapping):
        raise TypeError("strategies must be a strategy name or a mapping of party ids to "
                        f"strategy names, got {type(strategies).__name__}")
    strategies = dict(strategies or {})
    unknown = set(strategies) - set(game.party_ids)
    if unknown:
        raise ValueError(f"unknown party or parties: {', '.join(sorted(unknown))} "
                         f"(parties: {', '.join(game.party_ids)})")
    return {pid: strategies.get(pid, DEFAULT_STRATEGY) for pid in game.party_ids}


def simulate(scenario: Scenario | Game | Setup, strategies: Mapping[str, str] | None = None,
             rounds: int = 100, seed: int | None = 0, space: str = "acceptable", drop=(),
             values=None) -> Trace:
    """Play the stacked alternating offers protocol once.

    ``strategies`` maps party ids to strategy names (see
    :data:`negotiation.solvers.dynamics.strategies.STRATEGIES`; unnamed parties play
    ``linear``), or is one name that every party plays. The same seed gives
    the same trace. The figure of a trace is
    :func:`negotiation.plots.trace.plot_trace`.

    Parameters
    ----------
    scenario : Scenario, Game, Setup, str or os.PathLike
        A scenario with cardinal preferences, its compiled game, a path /
        bundled name, or a :class:`Setup` made once by :func:`prepare`.
    strategies : mapping of str to str, or str, optional
        Strategy names by party id (see ``STRATEGIES``; ``time:E`` for a
        time-based concession with exponent E), or one name for all.
    rounds : int
        The deadline in rounds (one turn per party), at least 1.
    seed : int, optional
        Seed of the strategies' random choices.
    space : {"acceptable", "feasible"}
        The agreement space (see the module docstring).
    drop : sequence of str
        Red lines or conditions to relax (their ids).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    Trace
        Every turn, the agreement (``None`` if none) and each party's
        utility of the outcome (``payoffs``: its batna if no agreement).

    Raises
    ------
    ValueError
        ``rounds`` not a whole number >= 1, an unknown party, strategy,
        space or dropped constraint, ``drop`` or ``values`` given with a
        Setup, or a bad parameter override.
    TypeError
        ``strategies`` is neither a name nor a mapping.
    OrdinalOnly
        Some party states only an ordinal ranking.

    Examples
    --------
    Two parties conceding linearly find the logroll, 0.8 each:

    >>> import negotiation
    >>> trace = negotiation.simulate("logroll", rounds=20)
    >>> trace.agreement
    {'water': 'alpha_keeps', 'border': 'closed'}
    >>> trace.payoffs.round(4).tolist()
    [0.8, 0.8]
    >>> negotiation.simulate("logroll", rounds=20).turns == trace.turns  # same seed
    True

    Two hardliners never concede: no agreement, each keeps its batna.

    >>> stuck = negotiation.simulate("logroll", "hardliner", rounds=20)
    >>> stuck.agreement is None, stuck.payoffs.round(4).tolist()
    (True, [0.3, 0.3])
    """
    if isinstance(scenario, Setup) and (drop or values):
        raise ValueError("drop= and values= apply when the setup is prepared: pass them to "
                         "prepare()")
    setup = scenario if isinstance(scenario, Setup) else prepare(scenario, space, drop, values)
    game = setup.game
    if int(rounds) != rounds or rounds < 1:
        raise ValueError(f"rounds = {rounds!r}: expected a whole number >= 1")
    names = _assignment(game, strategies)
    n = game.n_parties
    streams = np.random.SeedSequence(seed).spawn(n)
    players = [make_strategy(names[pid], view, np.random.default_rng(stream))
               for pid, view, stream in zip(game.party_ids, _views(setup), streams)]
    return _play(setup, players, names, int(rounds), seed)


def _play(setup: Setup, players, names, rounds: int, seed) -> Trace:
    game, n = setup.game, setup.game.n_parties
    total = rounds * n
    table = proposer = None
    accepted: list[str] = []
    history: list[tuple[int, int]] = []
    turns, agreement = [], None
    for k in range(total):
        p = k % n
        # time is the round's share of the deadline, so every party's last
        # turn comes at t = 1 (a party acting early in a round is not cut short)
        situation = Situation((k // n) / (rounds - 1) if rounds > 1 else 1.0, table, proposer,
                              tuple(history))
        action: Action = players[p].act(situation)
        pid = game.party_ids[p]
        if action.kind == "walk":
            turns.append(Turn(k // n + 1, pid, "walk", table, tuple(accepted)))
            break
        if action.kind == "accept":
            accepted.append(pid)
        else:
            assert action.package is not None  # Strategy.act gives every offer its package
            table, proposer, accepted = action.package, p, []
            history.append((p, table))
        turns.append(Turn(k // n + 1, pid, action.kind, table, tuple(accepted)))
        if len(accepted) == n - 1:
            agreement = table
            break
    return Trace(game, setup.pool, setup.utilities, names, tuple(turns), agreement,
                 turns[-1].round if turns else 0, rounds, seed, setup.space)


def tournament(scenario: Scenario | Game, strategies: Iterable[str] = STRATEGY_NAMES,
               seeds: Iterable[int] = range(5), rounds: int = 100,
               space: str = "acceptable", drop=(), values=None):
    """Every assignment of the given strategies to the parties, over seeds.

    Returns a pandas DataFrame with one row per assignment: the strategy of
    each party (columns named after the parties), ``agreement_rate``,
    ``mean_rounds`` (of the runs that agreed), and each party's mean
    utility of the outcome (``u_<party>``; the batna when there is no
    agreement). :func:`strategy_summary` averages it per strategy.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        A scenario with cardinal preferences, its compiled game, or a path /
        bundled name.
    strategies : iterable of str
        The strategy names to assign (default: all of ``STRATEGIES``).
    seeds : iterable of int
        The seeds of the runs of every assignment.
    rounds : int
        The deadline in rounds of each run.
    space : {"acceptable", "feasible"}
        The agreement space (see the module docstring).
    drop : sequence of str
        Red lines or conditions to relax (their ids).
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    pandas.DataFrame
        One row per assignment, as above; ``attrs["batna"]``: the batnas.

    Raises
    ------
    ValueError
        No strategy or no seed, an unknown strategy, space or dropped
        constraint, more than ``MAX_ASSIGNMENTS`` assignments, or a bad
        parameter override.
    OrdinalOnly
        Some party states only an ordinal ranking.

    Examples
    --------
    Two hardliners never agree; a conceding alpha gives in to a hardline
    beta (0.4 against 0.9); two conceders agree on the logroll, 0.8 each:

    >>> import negotiation
    >>> table = negotiation.tournament("logroll", ["hardliner", "conceder"], seeds=[0],
    ...                                rounds=20)
    >>> table[["alpha", "beta", "agreement_rate", "u_alpha", "u_beta"]].round(4)
           alpha       beta  agreement_rate  u_alpha  u_beta
    0  hardliner  hardliner             0.0      0.3     0.3
    1  hardliner   conceder             0.0      0.3     0.3
    2   conceder  hardliner             1.0      0.4     0.9
    3   conceder   conceder             1.0      0.8     0.8
    """
    import pandas as pd

    setup = prepare(scenario, space, drop, values)
    game = setup.game
    strategies, seeds = list(strategies), list(seeds)
    if not strategies or not seeds:
        raise ValueError("a tournament needs at least one strategy and one seed")
    for name in strategies:
        make_strategy(name, _views(setup)[0], np.random.default_rng(0))  # validate early
    count = len(strategies) ** game.n_parties
    if count > MAX_ASSIGNMENTS:
        raise ValueError(f"{len(strategies)} strategies over {game.n_parties} parties make "
                         f"{count:,} assignments (limit {MAX_ASSIGNMENTS:,}); use fewer "
                         "strategies")
    rows = []
    for combo in itertools.product(strategies, repeat=game.n_parties):
        names = dict(zip(game.party_ids, combo))
        runs = [simulate(setup, names, rounds, seed) for seed in seeds]
        agreed = [r for r in runs if r.agreement_index is not None]
        payoffs = np.mean([r.payoffs for r in runs], axis=0)
        row = {**names, "agreement_rate": len(agreed) / len(runs),
               "mean_rounds": float(np.mean([r.rounds for r in agreed])) if agreed else np.nan}
        row.update({f"u_{pid}": float(u) for pid, u in zip(game.party_ids, payoffs)})
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["batna"] = dict(zip(game.party_ids, map(float, game.batna)))
    return frame


def strategy_summary(table, batna: Mapping[str, float] | None = None):
    """Per strategy, averaged over the parties that played it and the
    assignments: the agreement rate of the talks, and the mean gain over the
    batna (utility of the outcome minus batna) of the party playing it.
    ``batna`` defaults to the one :func:`tournament` stores in ``table.attrs``."""
    import pandas as pd

    batna = table.attrs.get("batna") if batna is None else batna
    records = []
    for pid, d in batna.items():
        for name, group in table.groupby(pid):
            records.append({"strategy": name, "agreement_rate": group["agreement_rate"].mean(),
                            "gain": group[f"u_{pid}"].mean() - d})
    return pd.DataFrame(records).groupby("strategy")[["agreement_rate", "gain"]].mean()
