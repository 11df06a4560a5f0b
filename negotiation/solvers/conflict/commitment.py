"""Commitment problems over time: preventive war against a rising power.

Fearon (1995, "Rationalist explanations for war", *International
Organization* 49: 379-414, section on commitment problems) and Powell (2006,
"War as a commitment problem", *International Organization* 60: 169-203): a
deal that both sides prefer to war in every period can still fail when power
shifts, because the side growing stronger cannot promise today what it will
not want to give tomorrow.

**The model.** Two states, A (declining) and B (rising), share a stake worth
1 in each period ``t = 0, 1, ..., T - 1`` (``T = periods``; ``None``: an
infinite horizon). Payoffs are discounted by ``d`` in [0, 1) per period, so
the stake remaining from period ``t`` is worth
``V_t = (1 - d**(T - t)) / (1 - d)`` (``1 / (1 - d)`` for ``T`` infinite),
in units of one period's stake.

* Power shifts once: a war started in period 0 is won by A with chance
  ``p1`` (``p_now``), one started in any later period with ``p2``
  (``p_later``).
* In each period B offers A a share ``x_t`` of that period's stake; A
  accepts (the division holds for the period and the next one begins) or
  fights. Only A chooses war: B's best accepted offer always gives it
  ``(c_A + c_B) V_t`` more than a war would.
* A war started in period ``t`` ends the game: the winner takes the whole
  stake in period ``t`` and in every later period, and each side pays once a
  share ``c_i`` of the stake's present value ``V_t`` (the same as ``c_i`` of
  the stake in every remaining period). A's war value is
  ``(p_t - c_A) V_t``, B's ``(1 - p_t - c_B) V_t``; for ``T = 1`` or
  ``d = 0`` this is Fearon's one-shot game.
* No commitment: an offer binds only its own period. Once stronger, B can
  promise nothing beyond what it will want to give then (subgame
  perfection).

**The closed form.** From period 1 on, B offers the least A accepts:
``a = max(0, p2 - c_A)`` per period (A accepts ``x`` iff
``x + d a V_{t+1} >= (p2 - c_A) V_t``, and ``V_t = 1 + d V_{t+1}``), so A's
continuation is ``a V_1``. The most B can credibly offer in period 0 is the
whole stake today plus that continuation, ``O = 1 + d V_1 a``, and A fights
now (preventive war) iff its war value exceeds it:

    (p1 - c_A) V_0 > 1 + d V_1 max(0, p2 - c_A).

Equivalently: iff ``(p1 - c_A) V_0 > 1`` (war now beats the whole of one
period's stake) and the shift ``p1 - p2`` exceeds the trigger
``(1 - p1 + c_A) / (d V_1)``; infinite horizon: ``p1 - c_A > 1 - d`` and
``p1 - p2 > (1 - d)(1 - p1 + c_A) / d``. A deal exists in each period taken
alone (the ranges ``[p1 - c_A, p1 + c_B]`` and ``[p2 - c_A, p2 + c_B]``)
even then. ``d = 0.9, p1 = 0.6, c_A = 0.1``: a shift above 0.0556 leads to war.

:func:`commitment_by_backward_induction` solves the finite game on a pie of
``grid + 1`` shares. It equals the closed form exactly when ``p1``, ``p2``
and ``c_A`` are multiples of ``1 / grid``; otherwise its credible offer lies
within ``d V_1 / grid`` above the closed form's (the offers round up).

:func:`commitment_problem` applies the model to a scenario (see there).
"""
from __future__ import annotations

import numpy as np

from negotiation.inputs import as_game
from negotiation.nodeal import TOL, batnas, war_payoffs
from negotiation.sides import require_at_table
from negotiation.solvers.agreement.zone import zopa
from negotiation.solvers.conflict.commitment_results import (
    CommitmentCheck,
    CommitmentPath,
    CommitmentProblem,
)


def present_values(discount, periods: int | None = None):
    """``(V_0, V_1)``: the stake's value from period 0 and from period 1."""
    d = np.asarray(discount, float)
    if periods is None:
        v = 1.0 / (1.0 - d)
        return v, v
    return (1.0 - d ** periods) / (1.0 - d), (1.0 - d ** (periods - 1)) / (1.0 - d)


def _checked(p_now, p_later, cost_a, cost_b, discount, periods):
    arrays = [np.asarray(x, float) for x in (p_now, p_later, cost_a, cost_b, discount)]
    for name, x in zip(("p_now", "p_later"), arrays[:2]):
        _refuse(name, x, ~((x >= 0) & (x <= 1)), "a chance of winning must lie in [0, 1]")
    for name, x in zip(("cost_a", "cost_b"), arrays[2:4]):
        _refuse(name, x, ~(x >= 0), "a cost of war must be >= 0")
    _refuse("discount", arrays[4], ~((arrays[4] >= 0) & (arrays[4] < 1)),
            "the discount factor per period must lie in [0, 1) (at 1 the stake's "
            "present value is infinite)")
    if periods is not None and (isinstance(periods, bool) or not isinstance(
            periods, (int, np.integer)) or periods < 2):
        raise ValueError(f"periods = {periods!r}: a shift of power needs at least two "
                         "periods (an int >= 2, or None for an infinite horizon)")
    return arrays


def _refuse(name: str, x: np.ndarray, bad: np.ndarray, why: str) -> None:
    if np.any(bad):
        raise ValueError(f"{name} = {np.asarray(x)[bad].flat[0]:g}: {why}")


def preventive_war(p_now, p_later, cost_a, cost_b, discount,
                   periods: int | None = None) -> CommitmentProblem:
    """Whether the declining A fights now rather than face a stronger B.

    A fights iff ``(p1 - c_A) V_0 > 1 + d V_1 max(0, p2 - c_A)``: its war
    value now exceeds the most B can credibly offer (Fearon 1995; Powell
    2006). The model and the derivation are in the module docstring.
    Vectorised: the numbers broadcast against each other.

    Parameters
    ----------
    p_now, p_later : float or array_like
        A's chance of winning a war started now and one started in any
        later period, in [0, 1].
    cost_a, cost_b : float or array_like
        The costs of war, shares of the stake's present value, >= 0.
    discount : float or array_like
        The discount factor per period, in [0, 1).
    periods : int, optional
        The number of periods (>= 2); default an infinite horizon.

    Returns
    -------
    CommitmentProblem
        ``preventive`` (bool), ``war_value``, ``best_offer`` and
        ``continuation`` (in units of one period's stake), ``shift`` and
        ``trigger`` (the shift above which A fights; nan: none does), the
        bargaining range of each period.

    Raises
    ------
    ValueError
        A chance outside [0, 1], a negative cost, a discount outside
        [0, 1) or fewer than two periods.

    Examples
    --------
    With ``d = 0.9``, ``p1 = 0.6`` and ``c_A = 0.1`` war now is worth
    ``0.5 / 0.1 = 5``; a fall to ``p2 = 0.4`` leaves B able to promise only
    ``1 + 0.9 * 0.3 / 0.1 = 3.7``, so A fights; a shift above 0.0556 does it.

    >>> import negotiation
    >>> r = negotiation.preventive_war(0.6, 0.4, 0.1, 0.2, 0.9)
    >>> r.preventive, round(r.war_value, 4), round(r.best_offer, 4), round(r.trigger, 4)
    (True, 5.0, 3.7, 0.0556)
    >>> negotiation.preventive_war(0.6, 0.55, 0.1, 0.2, 0.9).preventive
    False
    >>> negotiation.preventive_war(0.6, [0.4, 0.55], 0.1, 0.2, 0.9).preventive.tolist()
    [True, False]
    """
    p1, p2, ca, cb, d = _checked(p_now, p_later, cost_a, cost_b, discount, periods)
    v0, v1 = present_values(d, periods)
    continuation = np.maximum(0.0, p2 - ca)
    war = (p1 - ca) * v0
    offer = 1.0 + d * v1 * continuation
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        trigger = np.where(war > 1.0, (1.0 - p1 + ca) / (d * v1), np.nan)
    shape = np.broadcast_shapes(*(np.shape(x) for x in (p1, p2, ca, cb, d)))

    def out(x):  # a float for numbers, an array of the common shape for arrays
        return np.broadcast_to(x, shape).copy() if shape else x.item()

    return CommitmentProblem(out(p1), out(p2), out(ca), out(cb), out(d), periods, out(war),
                             out(offer), out(continuation), out(trigger),
                             out(war > offer + TOL))


def commitment_by_backward_induction(p_now: float, p_later: float, cost_a: float,
                                     cost_b: float, discount: float, periods: int = 2,
                                     grid: int = 100) -> CommitmentPath:
    """The finite game of the module docstring solved backwards on a grid.

    In each period, last first, B offers the least share of ``0, 1/grid,
    ..., 1`` that A accepts (A accepts on a tie), given A's continuation;
    if A accepts none it fights. Exact against :func:`preventive_war` when
    the chances and ``c_A`` are multiples of ``1 / grid`` (see the module
    docstring).

    Parameters
    ----------
    p_now, p_later, cost_a, cost_b, discount : float
        As in :func:`preventive_war` (scalars).
    periods : int
        The number of periods, >= 2.
    grid : int
        The pie's steps: shares ``k / grid``, >= 1.

    Returns
    -------
    CommitmentPath
        The offers on the equilibrium path, the period of war (None: none),
        each side's value, A's war value now and B's best credible offer.

    Raises
    ------
    ValueError
        As :func:`preventive_war`, a horizon that is not finite, or a grid
        below 1.

    Examples
    --------
    Two periods: A fights iff ``1.9 (p1 - c_A) > 1 + 0.9 max(0, p2 - c_A)``.

    >>> path = commitment_by_backward_induction(0.9, 0.3, 0.1, 0.1, 0.9)
    >>> path.war_period, round(path.war_value, 4), round(path.best_offer, 4)
    (0, 1.52, 1.18)
    >>> path = commitment_by_backward_induction(0.9, 0.7, 0.1, 0.1, 0.9)
    >>> path.war_period, path.offers.round(4).tolist()
    (None, [0.98, 0.6])
    """
    if periods is None:
        raise ValueError("backward induction needs a finite horizon (periods >= 2)")
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 1:
        raise ValueError(f"grid = {grid!r}: the pie needs at least one step (an int >= 1)")
    values = [float(x) for x in _checked(p_now, p_later, cost_a, cost_b, discount, periods)]
    p1, p2, ca, cb, d = values
    shares = np.arange(grid + 1) / grid
    offers, fights = np.full(periods, np.nan), np.zeros(periods, bool)
    u_a = u_b = stake = 0.0  # the values of what follows the last period
    best_offer = war_now = float("nan")
    for t in reversed(range(periods)):
        stake = 1.0 + d * stake  # V_t
        p = p1 if t == 0 else p2
        war_a, war_b = (p - ca) * stake, (1.0 - p - cb) * stake
        if t == 0:
            best_offer, war_now = 1.0 + d * u_a, war_a
        accepted = shares + d * u_a >= war_a - TOL
        if accepted.any():
            x = float(shares[int(np.argmax(accepted))])  # the least A accepts
            offers[t], u_a, u_b = x, x + d * u_a, 1.0 - x + d * u_b
        else:
            fights[t], u_a, u_b = True, war_a, war_b
    war_period = int(np.argmax(fights)) if fights.any() else None
    if war_period is not None:
        offers[war_period:] = np.nan  # off the path
    return CommitmentPath(p1, p2, ca, cb, d, periods, grid, offers, war_period, u_a, u_b,
                          war_now, best_offer)


def commitment_problem(scenario, values=None) -> CommitmentCheck:
    """Whether a shift of power makes a deal unstable though one exists in each period.

    The model of the module docstring on a scenario whose ``war`` block
    declares ``shift: {chances, discount}``, for exactly two parties: the
    initiator is A (the declining side), the other party B (the
    rising side, who makes the offers). Each period a package is in force
    and the parties' utilities at it are that period's payoffs; a war
    imposes its outcome's package in every later period, and the war cost
    ``c_i`` of the war block is paid in every period. Then:

    * A's war value now is ``W_now / (1 - d)``, with ``W_now`` its war
      payoff by the chances it acts on (its beliefs, else ``chances``);
    * next period's batnas are the no-deal outcome with ``shift.chances``
      for every party (war if the initiator then prefers it to the status
      quo, the standoff otherwise), and next period's zone the acceptable
      packages meeting them;
    * the most B can credibly offer is A's best acceptable package today
      (feasible, inside every red line and condition) plus
      ``d / (1 - d)`` times A's utility, per period, at B's favourite
      package of next period's zone (ties: the least for A), or at A's
      batna then if that zone is empty;
    * A fights preventively iff its war value exceeds that offer (by more
      than 1e-9); a **commitment problem** is a preventive war while both
      today's zone (:func:`~negotiation.solvers.agreement.zone.zopa`) and
      next period's are non-empty.

    On a pie (A's share ``x``, B's ``1 - x``, war outcomes "A takes all"
    and "B takes all", status quo at ``x = 0``) this is
    :func:`preventive_war` with an infinite horizon.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        A two-party scenario with a ``war`` block declaring a ``shift``.
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    CommitmentCheck
        Both zones' sizes, both periods' batnas and A's war payoffs, the war
        value, the best credible offer and its packages, ``preventive`` and
        ``commitment_problem``.

    Raises
    ------
    ValueError
        No war block, no shift, or not exactly two parties.
    SpaceTooLarge
        The space is beyond enumeration.

    Examples
    --------
    >>> import negotiation
    >>> c = negotiation.commitment_problem("fearon_pie", values={"p_win_later": 0.4})
    >>> c.commitment_problem, round(c.war_value, 4), round(c.best_offer, 4)
    (True, 5.0, 4.6)
    >>> negotiation.commitment_problem("fearon_pie").commitment_problem
    False
    """
    game = as_game(scenario, values, what="commitment_problem")
    require_at_table(game, "the commitment problem")
    s = game.scenario
    if s.war is None:
        raise ValueError("commitment_problem needs a war block with a shift (war: ..., shift: "
                         "{chances, discount}): without one no war is modelled")
    if s.war.shift_chances is None or s.war.discount is None:
        raise ValueError("commitment_problem needs a shift of power: the war block declares "
                         "none (shift: {chances: {outcome: expr}, discount: expr})")
    if game.n_parties != 2:
        raise ValueError(f"commitment_problem models two states, the initiator and its rival; "
                         f"this scenario has {game.n_parties} parties "
                         f"({', '.join(game.party_ids)})")
    nd = game.no_deal
    assert nd is not None  # a war block compiles to a no-deal outcome
    a, b = nd.initiator, 1 - nd.initiator
    d = float(s.war.discount.value(s.values))
    later = np.array([s.war.shift_chances[o].value(s.values) for o in nd.outcome_ids])
    war_later = war_payoffs(nd.utilities, np.broadcast_to(later, nd.chances.shape), nd.costs)
    batna_later = batnas(war_later, nd.status_quo, a)
    pool = game.feasible_packages
    pool = pool[game.acceptable(pool)]
    u = game.effective(pool)
    in_later = np.flatnonzero((u >= batna_later - TOL).all(axis=1))
    best = promised = None
    if len(pool):  # the initiator's best acceptable package
        k = int(np.argmax(u[:, a]))
        best = (game.labels(pool[k]), float(u[k, a]))
    if len(in_later):  # the rival's favourite, then the least for the initiator
        j = int(in_later[np.lexsort((u[in_later, a], -u[in_later, b]))[0]])
        promised = (game.labels(pool[j]), float(u[j, a]))
    continuation = promised[1] if promised else float(batna_later[a])
    war_value = float(nd.war_payoffs[a]) / (1.0 - d)
    offer = best[1] + d / (1.0 - d) * continuation if best else float("nan")
    return CommitmentCheck(
        game, d, dict(zip(nd.outcome_ids, nd.chances[a].tolist())),
        dict(zip(nd.outcome_ids, later.tolist())), float(nd.war_payoffs[a]),
        float(war_later[a]), game.batna, batna_later, zopa(game).size, len(in_later), best,
        promised, continuation, war_value, offer, bool(best and war_value > offer + TOL))
