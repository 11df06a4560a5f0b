"""Who sits at the table: sides, and the ratifiers behind the parties.

* A **side** (the scenario's ``sides`` block; a party on no declared side
  sits alone on a side of its own name) agrees by unanimity: every member at
  or above its batna. In the Nash products a side carries one weight (its
  share of the sides' power in the asymmetric product), split equally among
  its members: member ``i`` of side ``s`` has the exponent ``w_s / |s|``, so
  that the side's factor is the geometric mean of its members' gains raised
  to ``w_s`` (the group bargaining solution of Chae & Heidhues 2004,
  "A group bargaining solution", *Mathematical Social Sciences* 48: 37-53).
  Writing a side's party down twice does not give it more say (Kalai 1977,
  "Nonsymmetric Nash solutions and replications of 2-person bargaining",
  *Int. J. Game Theory* 6: 129-133, shows that it does in the plain product).
  A side's power is the mean of its members' powers. :class:`Sides`.
* A **ratifier** (a party with ``ratifies: {party, when}``; Putnam 1988,
  "Diplomacy and domestic politics: the logic of two-level games",
  *International Organization* 42: 427-460) is not at the table: it has no
  factor in any bargaining product, no side, no batna row of the zone. Its
  **approval** is a relaxable constraint the game holds with the red lines
  (:class:`Approval`, kind ``ratification``, id and owner the ratifier's
  id): a package where ``when`` holds (every package by default) is a deal
  only if the ratifier's effective utility there meets its batna.

Definitions and references: ``docs/concepts/bargaining.md`` (sides) and
``docs/concepts/two-level-games.md`` (ratifiers).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from negotiation.errors import RatifiersUnsupported
from negotiation.nodeal import TOL
from negotiation.scenario.model import Constraint, Scenario, check_drop

APPROVAL = "ratification"  # the constraint kind of a ratifier's approval


@dataclass(frozen=True)
class Approval(Constraint):
    """A ratifier's approval, held like a red line of its own (``owner``).

    ``rule`` is None: the approval reads the ratifier's utility, not only
    options, so code that evaluates ``rule`` must ask :func:`is_approval`
    first (:meth:`negotiation.game.Game.satisfied` does)."""

    rule: Any = None
    party: str = ""  # whose agreements it ratifies
    when: Any = None  # the rule where its approval is needed (None: every package)

    @property
    def ratifier(self) -> str:
        """The ratifier's id (its owner)."""
        return str(self.owner)

    def needed(self, game, packages: np.ndarray) -> np.ndarray:
        """(packages,) booleans: where the approval is needed."""
        if self.when is None:
            return np.ones(len(np.atleast_2d(packages)), dtype=bool)
        return game.holds(self.when, packages)

    def met(self, game, packages: np.ndarray) -> np.ndarray:
        """(packages,) booleans: not needed, or the ratifier's batna is met."""
        packages = np.atleast_2d(packages)
        r = game.party_index(self.ratifier)
        ok = game.effective(packages)[:, r] >= game.batna[r] - TOL
        return ok | ~self.needed(game, packages)


def is_approval(constraint) -> bool:
    return constraint.kind == APPROVAL


def approvals_of(game) -> list[Approval]:
    """The approvals a game holds (not those it has dropped)."""
    return [c for c in game.constraints if isinstance(c, Approval)]


def approvals(scenario: Scenario) -> tuple[Approval, ...]:
    """The approval of every ratifier of the scenario, in party order."""
    out = []
    for pid, party in scenario.parties.items():
        r = party.ratifies
        if r is None:
            continue
        where = f" where {r.when_text or r.when}" if r.when is not None else ""
        out.append(Approval(pid, APPROVAL, owner=pid, party=r.party, when=r.when,
                            rule_text=f"{pid} approves {r.party}'s agreement{where} "
                                      "at or above its batna"))
    return tuple(out)


def check_relaxable(scenario: Scenario, drop, flag: str = "drop") -> tuple[str, ...]:
    """:func:`~negotiation.scenario.model.check_drop` over the red lines,
    conditions and ratifiers' approvals of a scenario."""
    return check_drop(scenario.constraints + approvals(scenario), drop, flag)


@dataclass(frozen=True, eq=False)
class Sides:
    """The sides of a game's table (definitions in the module docstring).

    ``side_of[p]`` is party p's side (an index into ``side_ids``), -1 for a
    ratifier; ``ratified[p]`` the index of the party a ratifier p ratifies
    (-1 for the others); ``declared``: the scenario declares ``sides``."""

    party_ids: tuple[str, ...]
    side_ids: tuple[str, ...]
    side_of: np.ndarray
    ratified: np.ndarray
    declared: bool = False

    @cached_property
    def at_table(self) -> np.ndarray:
        """(parties,) booleans: the party sits at the table (is not a ratifier)."""
        return self.side_of >= 0

    @cached_property
    def table(self) -> np.ndarray:
        """Indices of the parties at the table."""
        return np.flatnonzero(self.at_table)

    @cached_property
    def ratifiers(self) -> np.ndarray:
        """Indices of the ratifiers."""
        return np.flatnonzero(~self.at_table)

    @cached_property
    def sizes(self) -> np.ndarray:
        """(sides,) members of each side."""
        return np.bincount(self.side_of[self.at_table], minlength=len(self.side_ids))

    @cached_property
    def plain(self) -> bool:
        """Every party at the table, alone on its side: the criteria are by party."""
        return bool(self.at_table.all() and (self.sizes == 1).all())

    @cached_property
    def by_party(self) -> Sides:
        """Every party at the table on a side of its own (the ratifiers stay off)."""
        side_of = np.full(len(self.party_ids), -1)
        side_of[self.table] = np.arange(len(self.table))
        return Sides(self.party_ids, tuple(self.party_ids[p] for p in self.table), side_of,
                     self.ratified)

    @property
    def members(self) -> dict[str, list[str]]:
        """``{side: [party, ...]}`` in side order."""
        return {s: [self.party_ids[p] for p in np.flatnonzero(self.side_of == k)]
                for k, s in enumerate(self.side_ids)}

    @property
    def grouped(self) -> bool:
        """Some side has more than one member (by side and by party can differ)."""
        return bool((self.sizes > 1).any())

    def side_power(self, power) -> np.ndarray:
        """(sides,) each side's power: the mean of its members' powers."""
        power = np.asarray(power, float)
        total = np.bincount(self.side_of[self.at_table], weights=power[self.at_table],
                            minlength=len(self.side_ids))
        return total / self.sizes

    def exponents(self, power=None) -> np.ndarray:
        """(parties,) exponents of the Nash product: ``w_s / |s|`` for a member
        of side s, 0 for a ratifier; ``w_s`` is 1 (``power`` None) or the
        side's share of the sides' power (the asymmetric product)."""
        out = np.zeros(len(self.party_ids))
        if power is None:
            weight = np.ones(len(self.side_ids))
        else:
            side_power = self.side_power(power)
            weight = side_power / side_power.sum()
        sides = self.side_of[self.at_table]
        out[self.at_table] = weight[sides] / self.sizes[sides]
        return out

    @cached_property
    def tie_weights(self) -> np.ndarray:
        """Weights of the total that breaks ties: each side's mean utility."""
        return self.exponents()

    def floor(self, batna: np.ndarray) -> np.ndarray:
        """(parties,) the utility each party needs in the zone: its batna less
        the tolerance at the table; no bar for a ratifier (its approval is a
        constraint of its own)."""
        return np.where(self.at_table, np.asarray(batna, float) - TOL, -np.inf)




def require_at_table(game, what: str) -> None:
    """Raise :class:`RatifiersUnsupported` if the game has ratifiers: ``what``
    (a protocol of turns, crisis bargaining) seats every party at the table."""
    ratifiers = [game.party_ids[p] for p in sides_of(game).ratifiers]
    if ratifiers:
        raise RatifiersUnsupported(
            f"{what} seats every party at the table, and {', '.join(ratifiers)} "
            f"{'ratifies' if len(ratifiers) == 1 else 'ratify'} another party's agreements "
            "from outside it (a two-level game); "
            "this analysis does not model ratification: use solve, offramps, redlines or "
            "the two-level analysis (negotiation sides), or remove the ratifies block")


def scenario_sides(scenario: Scenario) -> Sides:
    """The :class:`Sides` of a scenario's parties (in file order)."""
    parties = tuple(scenario.parties)
    named = dict(scenario.sides)
    placed = {p for members in named.values() for p in members}
    ratified = np.array([parties.index(party.ratifies.party) if party.ratifies else -1
                         for party in scenario.parties.values()])
    side_ids = list(named)
    for k, pid in enumerate(parties):
        if pid not in placed and ratified[k] < 0:
            side_ids.append(pid)
    side_of = np.full(len(parties), -1)
    for s, side in enumerate(side_ids):
        for pid in named.get(side, (side,)):
            side_of[parties.index(pid)] = s
    return Sides(parties, tuple(side_ids), side_of, ratified, bool(named))


def sides_of(game) -> Sides:
    """The :class:`Sides` of a game (kept on it: a game is immutable)."""
    found = game.__dict__.get("_sides")
    if found is None:
        found = game.__dict__["_sides"] = scenario_sides(game.scenario)
    return found
