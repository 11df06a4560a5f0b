"""Scenario -> Game: the compiled, numeric form the solvers work on.

* A package (one option per issue) is a row of option indices; the agreement
  space is the mixed-radix product of the issues' options, enumerated in
  chunks so memory stays bounded.
* Additive utilities are per-option tables (weight x score, weights
  normalised to sum 1), so the utilities of N packages for P parties are one
  gather-and-sum: ``tables[offsets + packages].sum(axis=1)``. A party whose
  preferences say ``normalise: false`` keeps its weights as declared and its
  utility is capped at 1, ``min(1, sum_i w_i s_i + adjustments)``: GENIUS's
  additive utility (Baarslag et al. 2014, "GENIUS: an integrated environment
  for supporting the design of generic automated negotiators"; the cap is
  what GENIUS applies to a profile whose weights sum above 1).
* Ordinal preferences (ranking, priorities) become integer scores, higher is
  better, flagged as ordinal: solvers that need cardinal utilities say so.
* The effective utility subtracts a party's audience cost wherever its
  visible gain (public issues only, against the status quo) is negative
  (Fearon 1994; docs/concepts/offramps.md). A scenario that declares
  ``status_quo: none`` has no visible gain (it is zero everywhere: nothing
  is seen as lost against a status quo that does not exist).
* Constraints become boolean masks over packages.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

import numpy as np

from negotiation.enumeration import all_packages, gather_sums, rows_at_least, space_sums
from negotiation.errors import OrdinalOnly, SpaceTooLarge
from negotiation.nodeal import TOL, NoDeal, no_deal
from negotiation.scenario.expr import evaluate_rule
from negotiation.scenario.model import (
    Constraint,
    Priorities,
    Ranking,
    Scenario,
    check_drop,
)
from negotiation.scenario.space import decode, encode, space_size
from negotiation.scenario.tables import AdditiveTerm, capped_parties, utility_tables
from negotiation.sides import APPROVAL, approvals, is_approval, sides_of

KINDS = ("feasibility", "red_line", "condition", APPROVAL)  # every kind of constraint
ENUMERATION_LIMIT = 20_000_000  # packages a command may enumerate by default
CHUNK = 1 << 20  # packages per chunk of enumeration


@dataclass(frozen=True, eq=False)
class Game:
    """The numeric form of a scenario. Build it with :func:`compile_game`."""

    def __repr__(self) -> str:
        return (f"<Game {self.scenario.title!r}: {self.n_parties} parties, "
                f"{self.n_issues} issues, {self.size:,} packages>")

    scenario: Scenario
    issue_ids: tuple[str, ...]
    option_ids: tuple[tuple[str, ...], ...]
    party_ids: tuple[str, ...]
    n_options: np.ndarray  # (issues,)
    offsets: np.ndarray  # (issues,) start of each issue's rows in the tables
    tables: np.ndarray  # (total options, parties) utility contribution
    public_tables: np.ndarray  # the same, public issues only
    adjustments: tuple[AdditiveTerm, ...]
    ordinal: Mapping[int, Ranking | Priorities]  # party index -> its ordinal preference
    batna: np.ndarray  # (parties,)
    audience_cost: np.ndarray  # (parties,)
    power: np.ndarray  # (parties,)
    status_quo: np.ndarray  # (issues,)
    constraints: tuple[Constraint, ...]
    controllers: tuple[int | None, ...]  # party index controlling each issue
    limit: int = ENUMERATION_LIMIT
    no_deal: NoDeal | None = None  # with a war block: war or the standoff, and why
    # (parties,) booleans: utility capped at 1 (``normalise: false``); None: nobody
    capped: np.ndarray | None = None
    # False: the scenario declares status_quo: none (``status_quo`` is a placeholder)
    has_status_quo: bool = True
    _index: dict = field(default_factory=dict, repr=False)

    # -- structure ----------------------------------------------------------
    @property
    def size(self) -> int:
        """Number of packages in the agreement space (may exceed int64)."""
        return space_size(self.n_options)

    @property
    def values(self) -> dict[str, float]:
        """The parameter values this game was compiled with."""
        return self.scenario.values

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

    @property
    def n_issues(self) -> int:
        return len(self.issue_ids)

    @property
    def cardinal(self) -> np.ndarray:
        return np.array([p not in self.ordinal for p in range(self.n_parties)])

    def require_cardinal(self, what: str) -> None:
        """Raise :class:`OrdinalOnly` if a party at the table is ordinal (not a ratifier)."""
        ordinal = [self.party_ids[p] for p in self.ordinal if sides_of(self).at_table[p]]
        if ordinal:
            raise OrdinalOnly(
                f"{what} needs cardinal utilities (weights and scores), but "
                f"{', '.join(ordinal)} state(s) only an ordinal ranking or priorities; "
                "use the stability analysis for ordinal models, or give weights and scores")

    def require_status_quo(self, what: str) -> None:
        """Raise ValueError if the scenario declares ``status_quo: none``."""
        if not self.has_status_quo:
            raise ValueError(f"{what} needs a status quo, and this scenario declares "
                             "status_quo: none (give every issue a status_quo to run it)")

    def cap(self, u: np.ndarray) -> np.ndarray:
        """``u`` (packages, parties) with the capped parties' utilities at most 1."""
        if self.capped is not None:  # column by column, in place (no fancy-index copy)
            for p in np.flatnonzero(self.capped):
                np.minimum(u[:, p], 1.0, out=u[:, p])
        return u

    def party_index(self, party: str) -> int:
        try:
            return self.party_ids.index(party)
        except ValueError:
            known = ", ".join(self.party_ids)
            raise KeyError(f"unknown party {party!r} (parties: {known})") from None

    def option_index(self) -> dict[str, dict[str, int]]:
        if not self._index:
            self._index.update({i: {o: k for k, o in enumerate(opts)}
                                for i, opts in zip(self.issue_ids, self.option_ids)})
        return self._index

    # -- packages <-> labels -------------------------------------------------
    def decode(self, indices) -> np.ndarray:
        return decode(indices, self.n_options)

    def encode(self, packages) -> np.ndarray:
        return encode(packages, self.n_options)

    def labels(self, package: Sequence[int] | np.ndarray) -> dict[str, str]:
        """``{issue: option}`` of one package."""
        return {i: opts[int(k)] for i, opts, k in zip(self.issue_ids, self.option_ids, package)}

    def labels_of(self, packages: np.ndarray) -> list[dict[str, str]]:
        """:meth:`labels` of each row of ``packages`` (n, issues), column by column."""
        packages = np.asarray(packages, dtype=np.intp).reshape(-1, len(self.issue_ids))
        columns = [np.array(opts, dtype=object)[packages[:, j]]
                   for j, opts in enumerate(self.option_ids)]
        return [dict(zip(self.issue_ids, row)) for row in zip(*columns)]

    def package(self, labels: Mapping[str, str]) -> np.ndarray:
        """Package of ``{issue: option}``; issues left out take the status quo."""
        index = self.option_index()
        unknown = set(labels) - set(self.issue_ids)
        if unknown:
            raise KeyError(f"unknown issue(s) {', '.join(sorted(unknown))}")
        row = self.status_quo.copy()
        for k, issue in enumerate(self.issue_ids):
            if issue in labels:
                row[k] = index[issue][labels[issue]]
        return row

    def columns(self, packages: np.ndarray) -> dict[str, np.ndarray]:
        return {issue: packages[:, k] for k, issue in enumerate(self.issue_ids)}

    def holds(self, rule, packages: np.ndarray) -> np.ndarray:
        """(packages,) booleans: where ``rule`` (a parsed rule) is true."""
        return evaluate_rule(rule, self.columns(np.atleast_2d(packages)), self.option_index())

    # -- enumeration ---------------------------------------------------------
    def check_enumerable(self, what: str = "this analysis", limit: int | None = None) -> None:
        limit = self.limit if limit is None else limit
        if self.size > limit:
            raise SpaceTooLarge(
                f"{what} would enumerate {self.size:,} packages, more than the limit of "
                f"{limit:,}. The bargaining solutions and the off-ramp search have an exact "
                "MILP route for spaces this large (method='milp', the default when needed); "
                "this analysis needs a smaller model (fewer issues or options)")

    def chunks(self, chunk: int = CHUNK, limit: int | None = None) -> Iterator[np.ndarray]:
        """All packages in lexicographic order, ``chunk`` rows at a time."""
        self.check_enumerable(limit=limit)
        total = self.size
        for start in range(0, total, chunk):
            yield self.decode(np.arange(start, min(start + chunk, total)))

    # -- utilities -----------------------------------------------------------
    def _gather(self, table: np.ndarray, packages: np.ndarray) -> np.ndarray:
        if packages is self.__dict__.get("feasible_packages") and len(packages) == self.size:
            return space_sums(table, self.offsets, self.n_options)
        return gather_sums(table, self.offsets, packages)

    def issue_utilities(self, packages: np.ndarray) -> np.ndarray:
        """The issue-by-issue part of the additive utilities (weight x score
        summed over issues; no interaction adjustments, no ordinal scores),
        shape (packages, parties)."""
        return self._gather(self.tables, np.atleast_2d(packages))

    def utilities(self, packages: np.ndarray) -> np.ndarray:
        """Utilities as stated (no audience cost), shape (packages, parties).

        Ordinal parties get their ordinal score (higher is better)."""
        packages = np.atleast_2d(packages)
        u = self.issue_utilities(packages)
        self._add_adjustments(u, packages, public_only=False)
        self.cap(u)
        for p in self.ordinal:
            u[:, p] = self.ordinal_scores(p, packages)
        return u

    def public_utilities(self, packages: np.ndarray) -> np.ndarray:
        """Utilities counting public issues only (what an audience sees)."""
        packages = np.atleast_2d(packages)
        u = self._gather(self.public_tables, packages)
        self._add_adjustments(u, packages, public_only=True)
        return self.cap(u)

    def _add_adjustments(self, u, packages, public_only: bool) -> None:
        if not self.adjustments:
            return
        columns, index = self.columns(packages), self.option_index()
        for term in self.adjustments:
            if term.public or not public_only:
                u[:, term.party] += term.add * evaluate_rule(term.rule, columns, index)

    @cached_property
    def status_quo_public(self) -> np.ndarray:
        return self.public_utilities(self.status_quo[None, :])[0]

    def visible_gain(self, packages: np.ndarray) -> np.ndarray:
        """Change of public-issue utility from the status quo, (packages, parties);
        zero without a status quo."""
        if not self.has_status_quo:
            return np.zeros((len(np.atleast_2d(packages)), self.n_parties))
        return self.public_utilities(packages) - self.status_quo_public

    def effective(self, packages: np.ndarray) -> np.ndarray:
        """Utilities net of audience costs: a party whose visible gain is
        negative loses its ``audience_cost`` (docs/concepts/offramps.md)."""
        packages = np.atleast_2d(packages)
        u = self.utilities(packages)
        if self.audience_cost.any():
            lost_face = self.visible_gain(packages) < -TOL
            u -= lost_face * self.audience_cost
        return u

    def ordinal_scores(self, party: int, packages: np.ndarray) -> np.ndarray:
        pref = self.ordinal[party]
        columns, index = self.columns(packages), self.option_index()
        if isinstance(pref, Priorities):
            n = len(pref.rules)
            score = np.zeros(len(packages))
            for k, rule in enumerate(pref.rules, start=1):
                score += (2.0 ** (n - k)) * evaluate_rule(rule, columns, index)
            return score
        levels = len(pref.levels)
        score = np.full(len(packages), -1.0)  # unranked (infeasible) states
        for k in range(levels - 1, -1, -1):  # best level last so it wins
            hit = np.zeros(len(packages), dtype=bool)
            for pattern in pref.levels[k]:  # a pattern matches where all its pairs do
                hit |= np.all([columns[i] == index[i][o] for i, o in pattern], axis=0)
            score[hit] = levels - k
        return score

    # -- constraints ---------------------------------------------------------
    def satisfied(self, packages: np.ndarray, constraints=None) -> np.ndarray:
        """(packages, constraints) booleans: which constraints (approvals too) each meets."""
        packages = np.atleast_2d(packages)
        constraints = self.constraints if constraints is None else constraints
        out = np.ones((len(packages), len(constraints)), dtype=bool)
        for k, c in enumerate(constraints):
            out[:, k] = c.met(self, packages) if is_approval(c) else self.holds(c.rule, packages)
        return out

    def mask(self, packages: np.ndarray, kinds=None, drop: Sequence[str] = ()) -> np.ndarray:
        """Packages meeting every constraint (of the given kinds), except ``drop``."""
        chosen = [c for c in self.constraints if c.kind in (kinds or KINDS) and c.id not in drop]
        # .all(axis=1) of a 2-D array is a 1-D array (the stubs also allow a scalar)
        return cast(np.ndarray, self.satisfied(packages, chosen).all(axis=1))

    def check_drop(self, drop: Sequence[str] = ()) -> tuple[str, ...]:
        """``drop`` as relaxable constraint ids, or a ValueError (``model.check_drop``)."""
        return check_drop(self.constraints, drop)

    def without(self, drop: Sequence[str] = ()) -> Game:
        """This game with the named red lines or conditions given up."""
        drop = self.check_drop(drop)
        if not drop:
            return self
        kept = tuple(c for c in self.constraints if c.id not in drop)
        return dataclasses.replace(self, constraints=kept, _index={})

    def feasible(self, packages: np.ndarray) -> np.ndarray:
        return self.mask(packages, kinds=("feasibility",))

    def acceptable(self, packages: np.ndarray, drop: Sequence[str] = ()) -> np.ndarray:
        """Feasible and within every red line and condition (except ``drop``)."""
        return self.mask(packages, drop=drop)

    def meets_batna(self, utilities: np.ndarray) -> np.ndarray:  # at the table: sides.py
        return rows_at_least(utilities, sides_of(self).floor(self.batna))

    @cached_property
    def feasible_packages(self) -> np.ndarray:
        """Every feasible package (enumerated once, chunk by chunk)."""
        if self.size <= min(CHUNK, self.limit) and all(c.relaxable for c in self.constraints):
            return all_packages(self.n_options)  # the whole space, in order, not decoded
        parts = [chunk[self.feasible(chunk)] for chunk in self.chunks()]
        return np.concatenate(parts) if parts else np.empty((0, self.n_issues), np.int16)

    @cached_property
    def acceptable_packages(self) -> np.ndarray:
        pool = self.feasible_packages
        return pool[self.acceptable(pool)]


def compile_game(scenario: Scenario, values: Mapping[str, float] | None = None,
                 limit: int = ENUMERATION_LIMIT) -> Game:
    """Compile a scenario into a Game.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario.
    values : mapping of str to float, optional
        Parameter overrides, validated exactly as
        :meth:`Scenario.with_parameters` validates them (unknown names and
        values outside a declared range raise :class:`ValueError`). The
        game's :attr:`Game.scenario` is the scenario with these values, so a
        game always knows the values it was compiled with.
    limit : int
        The enumeration limit in packages.

    Returns
    -------
    Game

    Raises
    ------
    ValueError
        An unknown parameter or a value outside its declared range.

    Examples
    --------
    >>> import negotiation
    >>> game = compile_game(negotiation.load("standoff"), {"sanctions": 0.1})
    >>> game.values["sanctions"]
    0.1
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"compile_game expects a Scenario, got {type(scenario).__name__}")
    if values:
        scenario = scenario.with_parameters(**values)
    merged = scenario.values
    issues = list(scenario.issues.values())
    parties = list(scenario.parties)
    offsets, tables, public, adjustments = utility_tables(scenario, merged, issues, parties)
    ordinal = {p: scenario.preferences[pid] for p, pid in enumerate(parties)
               if isinstance(scenario.preferences[pid], (Ranking, Priorities))}
    party_objs = list(scenario.parties.values())
    game = Game(
        scenario=scenario,
        issue_ids=tuple(i.id for i in issues),
        option_ids=tuple(i.option_ids for i in issues),
        party_ids=tuple(parties),
        n_options=np.array([len(i.options) for i in issues], dtype=np.int64),
        offsets=offsets.astype(np.intp),
        tables=tables,
        public_tables=public,
        adjustments=adjustments,
        ordinal=ordinal,
        batna=np.array([0.0 if scenario.war else p.batna.value(merged) for p in party_objs]),
        audience_cost=np.array([p.audience_cost.value(merged) for p in party_objs]),
        power=np.array([p.power.value(merged) for p in party_objs]),
        status_quo=np.array([i.index(i.status_quo) for i in issues], dtype=np.int16),
        constraints=scenario.constraints + approvals(scenario),
        controllers=tuple(parties.index(i.controlled_by) if i.controlled_by else None
                          for i in issues),
        limit=limit,
        capped=capped_parties(scenario),
        has_status_quo=scenario.has_status_quo,
    )
    if scenario.war is None:
        return game
    found = no_deal(scenario, game.status_quo, game.utilities)  # every batna from the war
    return dataclasses.replace(game, batna=found.batna, no_deal=found)
