"""What would make an off-ramp hold: the smallest verified changes of the model.

An off-ramp that is not stable under a concept (SEQ by default) at its state
``k`` of the graph model (:mod:`negotiation.solvers.stability`) can be made
stable by changing the model. Each kind of change below is a well-defined
change of the *scenario*, so that every reported fix is verified by running
the ordinary stability analysis on the changed scenario:

* **parameter**: one declared parameter moved within its declared range,
  the smallest move (relative to the range: parameters have different
  units); if no single one suffices, pairs on a coarse grid of their ranges.
* **snap_back**: a cost ``s`` the defecting party pays at every state where
  it has moved away from the deal on an issue it controls or offers (the
  sanctions that snap back; a war outcome that changes those issues counts
  too): a preference adjustment ``when: not (its issues as in the deal),
  add: -s``. The smallest ``s``.
* **guarantee**: an issue the defector moves made ``one_way`` (its
  options can then only move later), when the defection moves it to an
  earlier option: which issue suffices, else whether all of them together do.
* **side_payment**: a transfer ``t`` at the deal from another party to the
  defector, on the utility scale (adjustments ``+t`` and ``-t`` when the
  deal holds; the parties' scales are their own, so a transfer is a
  modelling judgement of comparability, and the result says so). The
  smallest ``t``, and who pays.
* **preference** (the inverse approach to the graph model: Kinsara, Kilgour
  & Hipel 2015, "Inverse approach to the graph model for conflict
  resolution", *IEEE Trans. SMC: Systems* 45): how much more the defector
  would have to value the deal, relative to its deviations, for the deal to
  be stable (an adjustment ``+d`` at the deal for the defector alone).

The sizes are found on the graph model with the preferences recomputed
vectorised over candidate values (:mod:`negotiation.variants`), by a scan
from zero outward then bisection to ``PRECISION`` of the range: the smallest
size at which the deal is stable, when stability is reached along the scan.
A size found is then verified on the changed scenario.
"""
from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from negotiation.results import Result
from negotiation.scenario.expr import parse_arith, parse_rule
from negotiation.scenario.model import Adjustment, Parameter, Quantity, freeze
from negotiation.solvers.stability.concepts import stable_for
from negotiation.solvers.stability.graph import graph_model
from negotiation.variants import Baseline

SCAN = 12  # candidate sizes per scan, from zero outward
PRECISION = 1e-6  # the search stops at this share of the searched interval
FIX_PARAMETER = "fix_size"  # the parameter a catalogue change is written with
PAIR_STEPS = (0.5, 1.0)  # shares of the way to a range's end, for pairs
MAX_PAIR_PARAMETERS = 4  # pairs are tried among this many parameters that matter most


@dataclass(frozen=True, repr=False)
class Fix(Result):
    """One verified change that makes the off-ramp stable under the concept."""

    kind: str  # "parameter", "snap_back", "guarantee", "side_payment", "preference"
    change: dict  # what changes: {parameter: value}, {"party", "issue"}, ...
    size: float  # the size of the change (relative to the range for parameters)
    verified: bool  # the stability analysis of the changed scenario agrees
    text: str = ""
    scenario: Any = field(default=None, compare=False)  # the changed scenario itself
    resize: Any = field(default=None, compare=False)  # size -> the scenario changed that much

    def explain(self) -> str:
        return self.text + ("" if self.verified else " (not confirmed on the changed scenario)")

    def to_data(self) -> dict:
        return {"kind": self.kind, "change": self.change, "size": self.size,
                "verified": self.verified, "explanation": self.explain()}


class Search:
    """The search for fixes of one off-ramp: its scenario, graph model, state
    and concept, and the vectorised stability test of candidate changes."""

    def __init__(self, scenario, model, k: int, concept: str):
        self.scenario, self.model, self.k, self.concept = scenario, model, k, concept
        self.package = model.states[k]
        self._bases: dict = {}  # id(scenario) -> (scenario, its Baseline over the states)
        self.memo: dict = {}

    def _base(self, scenario) -> Baseline:
        if id(scenario) not in self._bases:
            self._bases[id(scenario)] = (scenario, Baseline(scenario, packages=self.model.states))
        return self._bases[id(scenario)][1]

    def stable(self, payoff: np.ndarray) -> bool:
        # the parties unstable at the deal first: a candidate usually fails on them
        return stable_at(self.model.with_payoff(payoff), self.k, self.concept, self.order)

    @cached_property
    def order(self) -> list[int]:
        flags = [bool(stable_for(self.model, p, self.concept)[self.k])
                 for p in range(self.model.n_parties)]
        return sorted(range(self.model.n_parties), key=lambda p: flags[p])

    def payoffs(self, scenario, columns: dict) -> np.ndarray:
        """(variants, states [+ war], parties) preferences of ``scenario`` with
        the given parameter columns, vectorised (:mod:`negotiation.variants`)."""
        block = self._base(scenario).block(columns, check=False)
        out = block.effective
        if self.model.war:
            out = np.concatenate([out, block.war_payoffs[:, None, :]], axis=1)
        return out

    def smallest(self, scenario, name: str, start: float, end: float) -> float | None:
        """The value of ``name`` nearest ``start`` on the way to ``end`` at which
        the deal is stable, or None: a scan of SCAN values, then the same scan
        inside the step where stability first appears, until the step is
        below PRECISION of the interval (each scan one vectorised product)."""
        low, high, found = start, end, None
        while abs(high - low) > PRECISION * abs(end - start):
            grid = low + (high - low) * np.arange(1, SCAN + 1) / SCAN
            table = self.payoffs(scenario, {name: grid})
            first = next((v for v in range(SCAN) if self.stable(table[v])), None)
            if first is None:
                return found
            found = float(grid[first])
            low, high = (low if first == 0 else float(grid[first - 1])), found
        return found

    def verified(self, scenario) -> bool:
        """The ordinary stability analysis of the changed scenario agrees."""
        model = graph_model(scenario)
        return stable_at(model, model.index_of(self.package), self.concept)


def stable_at(model, k: int, concept: str, order=None) -> bool:
    """Whether state ``k`` is stable for every party under ``concept`` (the
    parties tried in ``order``, stopping at the first that is not)."""
    parties = range(model.n_parties) if order is None else order
    return all(bool(stable_for(model, p, concept)[k]) for p in parties)


# -- parameters -----------------------------------------------------------------
def parameter_fixes(search: Search) -> list[Fix]:
    """The smallest move of each declared parameter that makes the deal stable;
    pairs when no single one does."""
    scenario, fixes = search.scenario, []
    for p in (p for p in _ranged(scenario) if _moves_preferences(search, p.name)):
        best = None
        for end in p.range:
            if end == p.value:
                continue
            value = search.smallest(scenario, p.name, p.value, end)
            if value is not None and (best is None or abs(value - p.value) < abs(best - p.value)):
                best = value
        if best is not None:
            fixes.append(_parameter_fix(search, {p.name: best}))
    if fixes:
        return sorted(fixes, key=lambda f: f.size)
    return _pair_fixes(search)


def _ranged(scenario) -> list:
    return [p for p in scenario.parameters.values()
            if p.range is not None and p.range[1] > p.range[0] and p.name != FIX_PARAMETER]


def _relative(scenario, values: dict) -> float:
    """The largest move of the values relative to their parameters' ranges."""
    params = scenario.parameters
    return max(abs(v - params[n].value) / (params[n].range[1] - params[n].range[0])
               for n, v in values.items())


def _parameter_fix(search: Search, values: dict) -> Fix:
    scenario = search.scenario
    size = _relative(scenario, values)
    moves = ", ".join(f"{n} from {scenario.parameters[n].value:g} to {v:.4g}"
                      for n, v in values.items())
    changed = scenario.with_parameters(**values)

    def resize(share: float):  # the same move, ``share`` of the way
        return scenario.with_parameters(**{n: scenario.parameters[n].value + share * (
            v - scenario.parameters[n].value) / size for n, v in values.items()})

    return Fix("parameter", {n: float(v) for n, v in values.items()}, size,
               search.verified(changed), f"move {moves} ({size:.0%} of the range)",
               changed, resize)


def _pair_fixes(search: Search) -> list[Fix]:
    """Pairs of parameters on a coarse grid toward their ranges' ends: the
    stable combinations with the smallest largest relative move."""
    scenario = search.scenario
    mattering = [p.name for p in _ranged(scenario)
                 if _moves_preferences(search, p.name)][:MAX_PAIR_PARAMETERS]
    found = []
    for a, b in itertools.combinations(mattering, 2):
        va, vb = _pair_grid(scenario, a), _pair_grid(scenario, b)
        xa, xb = (x.ravel() for x in np.meshgrid(va, vb))
        table = search.payoffs(scenario, {a: xa, b: xb})
        for v in range(len(xa)):
            if search.stable(table[v]):
                found.append({a: float(xa[v]), b: float(xb[v])})
    found.sort(key=lambda values: _relative(scenario, values))
    return [_parameter_fix(search, values) for values in found[:1]]


def _pair_grid(scenario, name: str) -> np.ndarray:
    p = scenario.parameters[name]
    return np.array([p.value + f * (end - p.value) for end in p.range for f in PAIR_STEPS
                     if end != p.value])


def _moves_preferences(search: Search, name: str) -> bool:
    """Whether the parameter changes any preference of the graph model (a batna
    does not: the graph model compares states, not deals with walking away)."""
    key = ("moves", name)
    if key not in search.memo:
        p = search.scenario.parameters[name]
        grid = np.linspace(p.range[0], p.range[1], 5)
        table = search.payoffs(search.scenario, {name: np.r_[p.value, grid]})
        search.memo[key] = bool(np.abs(table[1:] - table[0]).max() > 1e-12)
    return search.memo[key]


# -- the catalogue of commitments ------------------------------------------------
def with_size_parameter(scenario, upper: float):
    """The scenario with a parameter ``FIX_PARAMETER`` (value 0, range [0, upper])."""
    params = dict(scenario.parameters)
    params[FIX_PARAMETER] = Parameter(FIX_PARAMETER, 0.0, (0.0, float(upper)))
    return dataclasses.replace(scenario, parameters=freeze(params))


def with_adjustment(scenario, party: str, rule_text: str, sign: float):
    """The scenario with an adjustment ``sign * FIX_PARAMETER`` for ``party``
    wherever ``rule_text`` holds."""
    pref = scenario.preferences[party]
    text = f"{sign!r} * {FIX_PARAMETER}"
    adjustment = Adjustment(parse_rule(rule_text), Quantity(parse_arith(text), text), rule_text)
    pref = dataclasses.replace(pref, adjustments=(*pref.adjustments, adjustment))
    return dataclasses.replace(scenario, preferences=freeze({**scenario.preferences,
                                                             party: pref}))


def deal_rule(game, package, issues) -> str:
    """The rule "these issues as in the deal"."""
    return " and ".join(f"{i} == {game.option_ids[j][int(package[j])]}"
                        for j, i in enumerate(game.issue_ids) if i in issues)


def moved_issues(game, party: str) -> list[str]:
    """The issues a party controls or offers: where it can move away from a deal."""
    return [i.id for i in game.scenario.issues.values()
            if party in (i.controlled_by, i.offered_by)]


def sized_fix(search: Search, kind: str, changed, change: dict, text: str) -> Fix | None:
    """The smallest size of a catalogue change (a scenario with the size as
    ``FIX_PARAMETER``), verified at that size; None if no size up to the
    parameter's upper bound makes the deal stable."""
    upper = changed.parameters[FIX_PARAMETER].range[1]
    size = search.smallest(changed, FIX_PARAMETER, 0.0, upper)
    if size is None:
        return None
    at_size = changed.with_parameters(**{FIX_PARAMETER: size})
    return Fix(kind, {**change, "size": size}, size, search.verified(at_size),
               text.format(size=size), at_size,
               lambda x: changed.with_parameters(**{FIX_PARAMETER: x}))


def guarantee_fixes(search: Search, defection) -> list[Fix]:
    """The issues of the defection whose being made ``one_way`` (irreversible)
    suffices, where the defection moves them to an earlier option: each alone,
    else all of them together."""
    game = search.model.game
    backward = []
    for issue, option in defection.move.items():
        if issue not in game.issue_ids:
            continue  # war: no issue to make irreversible
        j = game.issue_ids.index(issue)
        if game.option_ids[j].index(option) < int(search.package[j]):
            backward.append(issue)  # a forward move is not stopped by one_way
    found = [f for f in (_guarantee(search, defection, [i]) for i in backward) if f]
    if not found and len(backward) > 1:
        found = [f for f in [_guarantee(search, defection, backward)] if f]
    return found


def _guarantee(search: Search, defection, names: list[str]) -> Fix | None:
    issues = dict(search.scenario.issues)
    for name in names:
        issues[name] = dataclasses.replace(issues[name], one_way=True)
    changed = dataclasses.replace(search.scenario, issues=freeze(issues))
    if not search.verified(changed):
        return None
    listed, them = ", ".join(names), "it" if len(names) == 1 else "them"
    return Fix("guarantee", {"party": defection.party, "issues": names}, float(len(names)),
               True, f"a guarantee: make {listed} one-way (options can then only move "
                     f"later), so {defection.party} cannot take {them} back", changed)


def commitment_fixes(search: Search, defection) -> list[Fix]:
    """The smallest snap-back, side payment and preference change for one defector."""
    game, party = search.model.game, defection.party
    j = game.party_index(party)
    upper = float(np.ptp(search.model.payoff[:, j])) + 1.0
    base = with_size_parameter(search.scenario, upper)
    everything = deal_rule(game, search.package, game.issue_ids)
    found = []
    own = moved_issues(game, party)
    if own:
        rule = f"not ({deal_rule(game, search.package, own)})"
        found.append(sized_fix(search, "snap_back", with_adjustment(base, party, rule, -1.0),
                               {"party": party, "issues": own},
                               f"a snap-back: {party} pays {{size:.4g}} wherever it has moved "
                               f"away from the deal on {', '.join(own)}"))
    offers = [sized_fix(search, "side_payment",
                          with_adjustment(with_adjustment(base, party, everything, 1.0),
                                          payer, everything, -1.0),
                          {"from": payer, "to": party},
                          f"a side payment of {{size:.4g}} from {payer} to {party} at the deal "
                          "(on the utility scale: it assumes the two scales are comparable)")
                for payer in game.party_ids if payer != party]
    payments = [f for f in offers if f is not None]
    if payments:
        found.append(min(payments, key=lambda f: f.size))
    found.append(sized_fix(search, "preference", with_adjustment(base, party, everything, 1.0),
                           {"party": party},
                           f"a change of preference: {party} valuing the deal {{size:.4g}} more "
                           "than it does, against every deviation (the inverse question of "
                           "the graph model)"))
    return [f for f in found if f is not None]
