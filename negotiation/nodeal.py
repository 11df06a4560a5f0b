"""The no-deal outcome: war or the status quo, chosen by the initiator.

With a ``war`` block (:mod:`negotiation.scenario.war`) the outcome of failed
talks is not assumed but chosen (Fearon 1995, "Rationalist explanations for
war", *International Organization* 49: 379-414):

* a party's **war payoff** is ``sum_o chance_o * u(package_o) - cost``,
  over the outcomes ``o`` of the war, with its own beliefs for the chances
  where it declares them and the common chances otherwise;
* the initiator **fights** when its war payoff (by its own beliefs) exceeds
  its utility at the status quo by more than the tolerance; otherwise the
  standoff goes on;
* every party's **batna** is its payoff at that outcome: its war payoff if
  the initiator fights, its utility at the status quo if not.

Utilities here are a party's plain utilities (audience costs are the price
of a visible concession at the table, not of a war). Every function works on
arrays with leading dimensions (variants of a sweep) as well as on one game.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.scenario.expr import evaluate_arith_many
from negotiation.scenario.model import Scenario

TOL = 1e-9  # utilities within TOL of a batna meet it; war must beat the standoff by more


@dataclass(frozen=True, eq=False)
class NoDeal:
    """The no-deal outcome of one game and the numbers behind it."""

    outcome_ids: tuple[str, ...]
    packages: np.ndarray  # (outcomes, issues): the package each outcome imposes
    utilities: np.ndarray  # (outcomes, parties): plain utilities there
    status_quo: np.ndarray  # (parties,): plain utilities at the status quo
    chances: np.ndarray  # (parties, outcomes): the chances each party acts on
    true_chances: np.ndarray  # (outcomes,): the common chances
    costs: np.ndarray  # (parties,)
    initiator: int
    believers: tuple[int, ...] = ()  # parties that act on beliefs of their own

    @property
    def war_payoffs(self) -> np.ndarray:
        """(parties,) each party's war payoff by the chances it acts on."""
        return war_payoffs(self.utilities, self.chances, self.costs)

    @property
    def fights(self) -> bool:
        return bool(fights(self.war_payoffs, self.status_quo, self.initiator))

    @property
    def outcome(self) -> str:
        """``"war"`` or ``"status_quo"``."""
        return "war" if self.fights else "status_quo"

    @property
    def batna(self) -> np.ndarray:
        return batnas(self.war_payoffs, self.status_quo, self.initiator)

    def batna_with_common_chances(self) -> np.ndarray:
        """The batnas if every party acted on the common chances (no beliefs)."""
        shared = np.broadcast_to(self.true_chances, self.chances.shape)
        return batnas(war_payoffs(self.utilities, shared, self.costs), self.status_quo,
                      self.initiator)


def war_payoffs(utilities: np.ndarray, chances: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """``sum_o chance[p, o] * u[o, p] - cost[p]``, over leading dimensions too.

    ``utilities`` (..., outcomes, parties), ``chances`` (..., parties,
    outcomes), ``costs`` (..., parties) -> (..., parties).
    """
    return np.einsum("...po,...op->...p", chances, utilities) - costs


def fights(war: np.ndarray, status_quo: np.ndarray, initiator: int) -> np.ndarray:
    """Whether the initiator prefers war to the standoff (over leading dimensions)."""
    return war[..., initiator] > status_quo[..., initiator] + TOL


def batnas(war: np.ndarray, status_quo: np.ndarray, initiator: int) -> np.ndarray:
    """Every party's payoff at the no-deal outcome (over leading dimensions)."""
    return np.where(fights(war, status_quo, initiator)[..., None], war, status_quo)


def outcome_packages(scenario: Scenario, status_quo: np.ndarray) -> np.ndarray:
    """(outcomes, issues): the status quo with each outcome's options imposed."""
    issues = list(scenario.issues.values())
    rows = np.repeat(status_quo[None, :], len(scenario.war.outcomes), axis=0)
    for r, imposed in enumerate(scenario.war.outcomes.values()):
        for k, issue in enumerate(issues):
            if issue.id in imposed:
                rows[r, k] = issue.index(imposed[issue.id])
    return rows


def no_deal(scenario: Scenario, status_quo: np.ndarray, utilities) -> NoDeal:
    """The no-deal outcome of a scenario with a war block, at its parameter values.

    ``utilities(packages)`` gives the plain utilities (packages, parties) of
    the compiled game.
    """
    war, values = scenario.war, scenario.values
    parties = list(scenario.parties)
    packages = outcome_packages(scenario, status_quo)
    chances, costs = war_terms(scenario, values)
    return NoDeal(
        outcome_ids=war.outcome_ids, packages=packages,
        utilities=utilities(packages), status_quo=utilities(status_quo[None, :])[0],
        chances=chances, true_chances=np.array(
            [war.chances[o].value(values) for o in war.outcome_ids]),
        costs=costs, initiator=parties.index(war.initiator),
        believers=tuple(parties.index(p) for p in war.beliefs))


def war_terms(scenario: Scenario, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """The chances each party acts on (..., parties, outcomes) and the costs
    (..., parties) at parameter values ``params`` (numbers, or arrays over
    draws: the leading dimensions)."""
    war = scenario.war
    size = np.broadcast(*[np.asarray(v) for v in params.values()]).shape

    def value(q):
        return np.broadcast_to(np.asarray(evaluate_arith_many(q.expr, params), float), size)

    chances = np.stack([np.stack([value(war.chances_for(p)[o]) for o in war.outcome_ids], -1)
                        for p in scenario.parties], -2)
    costs = np.stack([value(war.costs[p]) if p in war.costs else np.zeros(size)
                      for p in scenario.parties], -1)
    return chances, costs


def expected_outcomes(nd: NoDeal, common: bool = False) -> np.ndarray:
    """(parties,) each party's expected utility of the war's outcome before its
    cost: by the chances it acts on, or by the common chances."""
    chances = np.broadcast_to(nd.true_chances, nd.chances.shape) if common else nd.chances
    return war_payoffs(nd.utilities, chances, np.zeros_like(nd.costs))


def optimism_note(party_ids, nd: NoDeal, utilities: np.ndarray, common_zone: int) -> str:
    """Why beliefs, not stakes, empty a zone that the common chances would leave
    open (mutual optimism: Blainey 1973; Fearon 1995, section 3)."""
    own, shared = expected_outcomes(nd), expected_outcomes(nd, common=True)
    parts = [f"{party_ids[k]} expects {own[k]:.2f} (the common chances give {shared[k]:.2f})"
             for k in nd.believers]
    text = (f"No deal: beliefs, not stakes, empty the zone (with the common chances it would "
            f"hold {common_zone} package(s)); " + "; ".join(parts) + ".")
    if len(party_ids) == 2:
        stake = float(utilities.sum(axis=1).max())  # the most the two can share in a deal
        gap, costs = float(own.sum() - stake), float(nd.costs.sum())
        text += (f" {party_ids[0]} expects {own[0]:.2f}, {party_ids[1]} expects "
                 f"{own[1]:.2f} for itself; the costs ({costs:.2f}) cover a gap of "
                 f"{costs:.2f}, not {gap:.2f}.")
    return text
