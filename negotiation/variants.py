"""Many variants of one scenario at once: the vectorised variant path.

Parameters never change which packages are acceptable (constraints are rules
over options, not numbers), so the packages are enumerated once
(:class:`Baseline`: the acceptable packages by default, or any given set,
such as off-ramps found with red lines dropped). A ratifier's approval
(:mod:`negotiation.sides`) reads numbers: the baseline leaves it out, and
each variant applies it (:attr:`Block.inside`, :attr:`Block.below`) where
its ``when`` rule holds (``Baseline.needed``). What a variant changes is
numbers: the per-option utility tables, the adjustments, batnas, audience
costs and powers. A package's utility is linear in the tables: with ``A``
the (packages x option rows) incidence matrix of the packages and ``T_v``
the tables of variant ``v``, the utilities are ``A @ T_v``. A block of
variants is one matrix product, (variants x packages x parties), computed
with numpy.

Every number of the scenario is evaluated for all variants of a block at
once (:func:`~negotiation.scenario.expr.evaluate_arith_many`, the arithmetic
of :mod:`scenario.expr` on arrays), and checked as
:meth:`Scenario.with_parameters` checks one variant (:meth:`Block.invalid`
says which variants fail, without raising). Used by the sweeps
(:mod:`negotiation.sweeps.batch`) and by the off-ramps' robustness.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, cast

import numpy as np

from negotiation import nodeal
from negotiation.game import TOL, compile_game
from negotiation.scenario.expr import evaluate_arith_many, evaluate_rule
from negotiation.scenario.model import Additive, Scenario
from negotiation.scenario.override import is_path
from negotiation.scenario.tables import adjustment_public
from negotiation.scenario.war import not_probabilities
from negotiation.sides import approvals_of

if TYPE_CHECKING:  # pandas only for the annotations: importing it costs a quarter second
    import pandas as pd


def stacked_product(incidence: np.ndarray, tables: np.ndarray) -> np.ndarray:
    """``incidence @ tables[v]`` for every variant v, (variants, packages, parties),
    as one matrix product: numpy's broadcast matmul runs one small product per
    variant, about ten times slower here."""
    variants, rows, parties = tables.shape
    flat = incidence @ tables.transpose(1, 0, 2).reshape(rows, variants * parties)
    return flat.reshape(len(incidence), variants, parties).transpose(1, 0, 2)


def _is_discount(path: str) -> bool:
    """A party's discount factor (the war's shift discount is checked by the war)."""
    return path.startswith("parties.") and path.endswith(".discount")


class Baseline:
    """What every variant of a sweep shares: the acceptable packages and
    their incidence matrices (built once per sweep and per process)."""

    def __init__(self, scenario: Scenario, packages: np.ndarray | None = None):
        self.scenario = scenario
        self.game = game = compile_game(scenario)
        self.paths = dict(scenario.quantities())
        if packages is None:  # acceptable but for the approvals, which depend on numbers
            packages = game.without([c.id for c in approvals_of(game)]).acceptable_packages
        self.packages = np.atleast_2d(packages)
        self.n_rows = len(game.tables)
        self.incidence = self._incidence(self.packages)
        self.status_quo_incidence = self._incidence(game.status_quo[None, :])[0]
        self.terms = self._adjustment_terms()
        columns, index = game.columns(self.packages), game.option_index()
        sq_columns = game.columns(game.status_quo[None, :])
        self.term_hits = np.column_stack(
            [evaluate_rule(t[1], columns, index) for t in self.terms]
            or [np.zeros(len(self.packages))]).astype(float)
        self.term_sq = np.array([bool(evaluate_rule(t[1], sq_columns, index)[0])
                                 for t in self.terms], float)
        self.offramp = (evaluate_rule(scenario.offramp.requires, columns, index)
                        if scenario.offramp else np.zeros(len(self.packages), bool))
        # (packages, parties): whose batna binds at each package (a ratifier's
        # where its approval is needed); the fixed scores of ordinal ratifiers
        self.needed = np.ones((len(self.packages), game.n_parties), dtype=bool)
        for c in approvals_of(game):
            self.needed[:, game.party_index(c.ratifier)] = c.needed(game, self.packages)
        self.ordinal = {p: game.utilities(self.packages)[:, p] for p in game.ordinal}
        if scenario.war is not None:  # the packages a war imposes, for the batnas
            outcomes = nodeal.outcome_packages(scenario, game.status_quo)
            self.outcome_incidence = self._incidence(outcomes)
            out_columns = game.columns(outcomes)
            self.outcome_hits = np.column_stack(
                [evaluate_rule(t[1], out_columns, index) for t in self.terms]
                or [np.zeros(len(outcomes))]).astype(float)

    def _incidence(self, packages: np.ndarray) -> np.ndarray:
        rows = packages.astype(np.intp) + self.game.offsets
        out = np.zeros((len(packages), self.n_rows))
        np.add.at(out, (np.arange(len(packages))[:, None], rows), 1.0)
        return out

    def _adjustment_terms(self):
        """(party index, rule, path, public) of every adjustment."""
        terms = []
        for p, pid in enumerate(self.game.party_ids):
            pref = self.scenario.preferences[pid]
            if isinstance(pref, Additive):
                for k, adj in enumerate(pref.adjustments):
                    public = adjustment_public(self.scenario, adj)
                    terms.append((p, adj.when, f"preferences.{pid}.adjustments.{k}.add", public))
        return terms

    @cached_property
    def path_names(self) -> dict[str, frozenset[str]]:
        """The parameters each number of the scenario reads."""
        return {path: frozenset(q.names) for path, q in self.paths.items()}

    @cached_property
    def path_values(self) -> dict[str, np.ndarray]:
        """Each number at the scenario's own parameter values."""
        values = self.scenario.values
        return {path: evaluate_arith_many(q.expr, values) for path, q in self.paths.items()}

    @cached_property
    def own_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """(option rows, parties) every party's table at the scenario's own
        numbers: over every issue, and over the public issues only."""
        own = {path: np.array([value]) for path, value in self.path_values.items()}

        def table(public: bool) -> np.ndarray:
            return np.column_stack([party_table(self, own, 1, p, public)[0]
                                    for p in range(self.game.n_parties)])
        return table(False), table(True)

    @cached_property
    def path_vector(self) -> np.ndarray:
        """(paths,) the numbers of :attr:`path_values`, in the order of :attr:`paths`."""
        return np.array([float(self.path_values[path]) for path in self.paths])

    @cached_property
    def package_index(self) -> np.ndarray:
        return self.game.encode(self.packages)

    def block(self, inputs: pd.DataFrame | Mapping, check: bool = True) -> Block:
        return Block(self, inputs, check)


def party_table(base: Baseline, values: Mapping[str, np.ndarray], size: int, p: int,
                public_only: bool) -> np.ndarray:
    """(variants, option rows) party ``p``'s weight x score table, from the
    numbers ``values`` (path -> (variants,)); zero for a party without
    additive preferences, and for private issues when ``public_only``."""
    game = base.game
    pid = game.party_ids[p]
    table = np.zeros((size, base.n_rows))
    pref = base.scenario.preferences[pid]
    if not isinstance(pref, Additive):
        return table
    weights = {i: values[f"preferences.{pid}.weights.{i}"] for i in pref.weights}
    norm = np.sum(list(weights.values()), axis=0) if pref.normalise else 1.0
    for k, (iid, issue) in enumerate(base.scenario.issues.items()):
        if iid not in weights or (public_only and not issue.public):
            continue
        scores = np.column_stack([values[f"preferences.{pid}.scores.{iid}.{o}"]
                                  for o in issue.option_ids])
        start = game.offsets[k]
        table[:, start:start + scores.shape[1]] = (weights[iid] / norm)[:, None] * scores
    return table


class Block:
    """A block of variants: every quantity and utility as arrays over variants."""

    def __init__(self, base: Baseline, inputs: pd.DataFrame | Mapping, check: bool = True):
        """``inputs``: a DataFrame (one row per variant, one column per
        parameter or quantity path), or a mapping of such columns (arrays)."""
        self.base = base
        columns = ({n: inputs[n].to_numpy(float) for n in inputs.columns}
                   if hasattr(inputs, "columns") else
                   {n: np.asarray(v, float) for n, v in inputs.items()})
        self.size = len(inputs) if hasattr(inputs, "columns") else \
            len(next(iter(columns.values()), ()))
        self.variants = inputs.index if hasattr(inputs, "index") else range(self.size)
        self.values = self._quantities(columns)
        if check:
            self._check()

    # -- numbers ----------------------------------------------------------
    def _quantities(self, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        params: dict[str, float | np.ndarray] = dict(self.base.scenario.values)
        overrides: dict[str, np.ndarray] = {}
        for name, column in inputs.items():
            (overrides if is_path(name) else params)[name] = column
        varied = inputs.keys() - overrides.keys()  # the parameters this block changes
        # the numbers no variant changes: rows of one read-only view (one
        # broadcast per block, not per number: a scenario has hundreds)
        same = np.broadcast_to(self.base.path_vector[:, None],
                               (len(self.base.paths), self.size))
        out, self.changed = {}, set()
        for k, (path, quantity) in enumerate(self.base.paths.items()):
            if path in overrides:
                value = overrides[path]
            elif self.base.path_names[path].isdisjoint(varied):  # as in the scenario
                out[path] = same[k]
                continue
            else:
                value = evaluate_arith_many(quantity.expr, params)
            out[path] = np.broadcast_to(np.asarray(value, float), (self.size,))
            self.changed.add(path)
        return out

    def _changed_values(self):
        """(path, values) of the numbers some variant changes: the others are
        the scenario's own, already checked when it was loaded."""
        return ((path, self.values[path]) for path in self.changed)

    def _check(self) -> None:
        """The checks :meth:`Scenario.with_parameters` makes, per variant."""
        for path, value in self._changed_values():
            bad = ~np.isfinite(value)
            what = "is not a finite number"
            if not bad.any() and path.endswith(".power"):
                bad, what = value <= 0, "is not positive (power must be)"
            elif not bad.any() and _is_discount(path):
                bad, what = (value <= 0) | (value > 1), "is not a discount factor in (0, 1]"
            elif not bad.any() and (path.endswith(".audience_cost") or ".weights." in path
                                    or path.startswith("war.costs.")):
                bad, what = value < 0, "is negative (expected zero or more)"
            if bad.any():
                v = int(np.argmax(bad))
                raise ValueError(f"variant {self.variants[v]}: {path} = {value[v]:g} {what}")

    def invalid(self) -> np.ndarray:
        """(variants,) booleans: where :meth:`Scenario.with_parameters` would
        refuse the variant (a number not finite, a power not positive, a
        negative cost or weight, all of a party's weights zero), or a war's
        chances are not probabilities (:mod:`negotiation.nodeal`)."""
        bad = np.zeros(self.size, dtype=bool)
        for path, value in self._changed_values():
            bad |= ~np.isfinite(value)
            if path.endswith(".power"):
                bad |= value <= 0
            elif _is_discount(path):
                bad |= (value <= 0) | (value > 1)
            elif (path.endswith(".audience_cost") or ".weights." in path
                  or path.startswith("war.costs.")):
                bad |= value < 0
        for pid, pref in self.base.scenario.preferences.items():
            if isinstance(pref, Additive) and pref.weights:
                total = np.sum([self.values[f"preferences.{pid}.weights.{i}"]
                                for i in pref.weights], axis=0)
                bad |= total <= 0
        war = self.base.scenario.war
        if war is not None:  # each table of chances is a probability distribution
            for path, table in war.chance_tables().items():
                c = np.stack([self.values[f"{path}.{o}"] for o in table])
                bad |= not_probabilities(c)
        return bad

    def party_values(self, attr: str) -> np.ndarray:
        """(variants, parties) of a party field: batna, power, audience_cost."""
        return np.column_stack([self.values[f"parties.{p}.{attr}"]
                                for p in self.base.game.party_ids])

    @cached_property
    def batna(self) -> np.ndarray:
        if self.base.scenario.war is None:
            return self.party_values("batna")
        return nodeal.batnas(*self._no_deal)

    @property
    def war_payoffs(self) -> np.ndarray:
        """(variants, parties) each party's war payoff (a scenario with a war block)."""
        return self._no_deal[0]

    @cached_property
    def _no_deal(self) -> tuple[np.ndarray, np.ndarray, int]:
        """War payoffs and status-quo utilities (variants, parties), and the
        initiator: :mod:`negotiation.nodeal` per variant."""
        base, war = self.base, self.base.scenario.war
        tables = self._tables(public_only=False)
        out = np.matmul(base.outcome_incidence, tables)  # (variants, outcomes, parties)
        sq = base.status_quo_incidence @ tables
        for j, (party, _, path, _) in enumerate(base.terms):
            out[:, :, party] += self.values[path][:, None] * base.outcome_hits[None, :, j]
            sq[:, party] += self.values[path] * base.term_sq[j]
        out, sq = self._cap(out), self._cap(sq)
        parties = base.game.party_ids

        def chance(p, o):
            return self.values[f"war.beliefs.{p}.{o}" if p in war.beliefs else f"war.chances.{o}"]

        chances = np.stack([np.stack([chance(p, o) for o in war.outcome_ids], -1)
                            for p in parties], -2)
        costs = np.column_stack([self.values.get(f"war.costs.{p}", np.zeros(self.size))
                                 for p in parties])
        return nodeal.war_payoffs(out, chances, costs), sq, parties.index(war.initiator)

    @cached_property
    def power(self) -> np.ndarray:
        return self.party_values("power")

    # -- utilities ---------------------------------------------------------
    def _tables(self, public_only: bool) -> np.ndarray:
        """(variants, option rows, parties): weight x score, weights normalised
        (unless the party's preferences say ``normalise: false``). A party
        none of whose weights and scores a variant changes keeps the
        scenario's own table."""
        base = self.base
        tables = np.repeat(base.own_tables[public_only][None], self.size, axis=0)
        for p, pid in enumerate(base.game.party_ids):
            if any(path.startswith(f"preferences.{pid}.") for path in self.changed):
                tables[:, :, p] = party_table(base, self.values, self.size, p, public_only)
        return tables

    def _utilities(self, public_only: bool) -> tuple[np.ndarray, np.ndarray]:
        """Utilities of the acceptable packages (variants, packages, parties)
        and of the status quo (variants, parties)."""
        base = self.base
        tables = self._tables(public_only)
        u = stacked_product(base.incidence, tables)  # (variants, packages, parties)
        sq = base.status_quo_incidence @ tables
        for j, (party, _, path, public) in enumerate(base.terms):
            if public or not public_only:
                add = self.values[path]
                u[:, :, party] += add[:, None] * base.term_hits[None, :, j]
                sq[:, party] += add * base.term_sq[j]
        return self._cap(u), self._cap(sq)

    def _cap(self, u: np.ndarray) -> np.ndarray:
        """``u`` (..., parties) with the capped parties' utilities at most 1
        (``normalise: false``, as :meth:`Game.cap`)."""
        capped = self.base.game.capped
        if capped is not None:
            u[..., capped] = np.minimum(u[..., capped], 1.0)
        return u

    @cached_property
    def effective(self) -> np.ndarray:
        """Effective utilities (variants, packages, parties), net of audience
        costs where the visible gain is negative (as :meth:`Game.effective`)."""
        self.base.game.require_cardinal("the zone of possible agreement")
        u, _ = self._utilities(public_only=False)
        for p, scores in self.base.ordinal.items():  # a ratifier's ranking or priorities
            u[:, :, p] = scores
        cost = self.party_values("audience_cost")
        if cost.any() and self.base.game.has_status_quo:
            gain, gain_sq = self._utilities(public_only=True)
            gain -= gain_sq[:, None, :]  # visible gain over the status quo
            np.subtract(u, np.broadcast_to(cost[:, None, :], u.shape), out=u, where=gain < -TOL)
        return u

    @cached_property
    def offramp(self) -> np.ndarray:
        """(variants, packages): the package is an off-ramp but for the batnas: it
        meets ``offramp.requires`` and, with ``face: strict``, shows the
        backing-down party no visible loss in that variant."""
        base = self.base
        meets = np.broadcast_to(base.offramp[None, :], (self.size, len(base.packages)))
        spec = base.scenario.offramp
        if spec is None or spec.face != "strict" or not base.game.has_status_quo:
            return meets  # without a status quo there is no visible loss
        p = base.game.party_index(spec.party)
        gain, gain_sq = self._utilities(public_only=True)
        return meets & (gain[:, :, p] - gain_sq[:, None, p] >= -TOL)

    @cached_property
    def below(self) -> np.ndarray:
        """(variants, packages, parties): a party whose batna binds at the
        package (at the table, or a ratifier whose approval it needs) is
        below it."""
        meets = self.effective >= self.batna[:, None, :] - TOL  # NaN meets nothing
        return ~meets & self.base.needed[None]

    @cached_property
    def inside(self) -> np.ndarray:
        """(variants, packages): the package is in the variant's ZOPA."""
        # .any(axis=2) of a 3-D array is a 2-D array (the stubs also allow a scalar)
        return ~cast(np.ndarray, self.below.any(axis=2))
