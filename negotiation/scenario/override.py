"""Override any number of a scenario by its dotted path.

:meth:`Scenario.with_parameters` changes declared parameters. Sweeps also
vary numbers that are not parameters (a weight, a score, a batna): each has
a dotted path, listed by :meth:`Scenario.quantities`::

    parties.russia.batna
    war.costs.russia
    preferences.russia.weights.nato_open_door
    preferences.alpha.scores.water.shared
    preferences.alpha.adjustments.0.add

:func:`with_field` returns a new scenario in which the quantity at that path
is the given number; the frozen dataclasses are rebuilt with
:func:`dataclasses.replace` along the path, nothing else is touched, and the
result is validated like a loaded file. :func:`with_certain_parameters`
drops the distribution and range of parameters that are to stay fixed.
"""
from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping

from negotiation.scenario.model import Quantity, Scenario, freeze
from negotiation.scenario.validate import finite_number, require_valid_quantities


def is_path(name: str) -> bool:
    """A dotted path names a quantity; a plain name names a parameter."""
    return "." in name


def known_paths(scenario: Scenario) -> dict[str, Quantity]:
    return dict(scenario.quantities())


def check_path(scenario: Scenario, path: str) -> None:
    """Raise ValueError (with a did-you-mean) if ``path`` names no quantity."""
    paths = known_paths(scenario)
    if path not in paths:
        close = difflib.get_close_matches(path, paths, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown quantity path {path!r}{hint} "
                         "(Scenario.quantities() lists every path)")


def with_field(scenario: Scenario, path: str, value: float) -> Scenario:
    """A new scenario with the quantity at ``path`` replaced by ``value``."""
    check_path(scenario, path)
    quantity = Quantity.of(_number(path, value))
    parts = path.split(".")
    if parts[0] == "parties":
        new = _replace_party(scenario, parts[1], parts[2], quantity)
    elif parts[0] == "war":
        new = _replace_war(scenario, parts[1:], quantity)
    else:
        new = _replace_preference(scenario, parts[1], parts[2:], quantity)
    require_valid_quantities(new)
    return new


def with_values(scenario: Scenario, values: Mapping[str, float]) -> Scenario:
    """Apply parameter values (plain names) and quantity overrides (paths)."""
    params = {k: v for k, v in values.items() if not is_path(k)}
    new = scenario.with_parameters(**params) if params else scenario
    for path, value in values.items():
        if is_path(path):
            new = with_field(new, path, value)
    return new


def with_certain_parameters(scenario: Scenario, names) -> Scenario:
    """A new scenario in which the named parameters keep their value: their
    ``distribution`` and ``range`` are dropped, so that no draw and no sweep
    of declared ranges moves them."""
    params = dict(scenario.parameters)
    for name in names:
        params[name] = dataclasses.replace(params[name], distribution=None, range=None)
    return dataclasses.replace(scenario, parameters=freeze(params))


def _number(path: str, value) -> float:
    return finite_number(value, path)


def _replace_party(scenario: Scenario, pid: str, attr: str, quantity: Quantity) -> Scenario:
    parties = dict(scenario.parties)
    parties[pid] = dataclasses.replace(parties[pid], **{attr: quantity})
    return dataclasses.replace(scenario, parties=freeze(parties))


def _replace_war(scenario: Scenario, rest: list[str], quantity: Quantity) -> Scenario:
    """``chances.O``, ``costs.P``, ``beliefs.P.O``, ``shift.chances.O`` or
    ``shift.discount`` of the war block."""
    war = scenario.war
    if rest[:2] == ["shift", "discount"]:
        war = dataclasses.replace(war, discount=quantity)
    elif rest[0] == "shift":
        war = dataclasses.replace(war, shift_chances=freeze({**war.shift_chances,
                                                             rest[2]: quantity}))
    elif rest[0] == "beliefs":
        beliefs = dict(war.beliefs)
        beliefs[rest[1]] = freeze({**war.beliefs[rest[1]], rest[2]: quantity})
        war = dataclasses.replace(war, beliefs=freeze(beliefs))
    else:
        war = dataclasses.replace(war, **{rest[0]: freeze({**getattr(war, rest[0]),
                                                           rest[1]: quantity})})
    return dataclasses.replace(scenario, war=war)


def _replace_preference(scenario: Scenario, pid: str, rest: list[str],
                        quantity: Quantity) -> Scenario:
    pref = scenario.preferences[pid]
    kind = rest[0]
    if kind == "weights":
        weights = dict(pref.weights)
        weights[rest[1]] = quantity
        pref = dataclasses.replace(pref, weights=freeze(weights))
    elif kind == "scores":
        scores = dict(pref.scores)
        table = dict(scores[rest[1]])
        table[rest[2]] = quantity
        scores[rest[1]] = freeze(table)
        pref = dataclasses.replace(pref, scores=freeze(scores))
    else:  # adjustments.K.add
        adjustments = list(pref.adjustments)
        k = int(rest[1])
        adjustments[k] = dataclasses.replace(adjustments[k], add=quantity)
        pref = dataclasses.replace(pref, adjustments=tuple(adjustments))
    preferences = dict(scenario.preferences)
    preferences[pid] = pref
    return dataclasses.replace(scenario, preferences=freeze(preferences))

