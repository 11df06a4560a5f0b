"""One conversion for every public function: what a caller may pass.

Every public analysis takes a :class:`~negotiation.scenario.Scenario`, a
compiled :class:`~negotiation.game.Game`, or a path / bundled scenario name,
and converts it here, so that the API answers the same question the same way
whatever was passed. Anything else is a :class:`TypeError` naming what was
expected. Parameter overrides (``values=``) are validated exactly as
:meth:`Scenario.with_parameters` validates them.
"""
from __future__ import annotations

import os
from collections.abc import Mapping

from negotiation.game import ENUMERATION_LIMIT, Game, compile_game
from negotiation.scenario import Scenario, load
from negotiation.scenario.model import COMPILED_CACHE

ACCEPTED = "a Scenario, a Game, or a path or bundled scenario name (str or os.PathLike)"


def _wrong_type(source, what: str) -> TypeError:
    return TypeError(f"{what} expects {ACCEPTED}, got {type(source).__name__}")


def as_scenario(source, values: Mapping[str, float] | None = None,
                what: str = "this function") -> Scenario:
    """The scenario ``source`` names, with ``values`` applied (validated).

    A Game gives back the scenario it was compiled from, with the parameter
    values it was compiled with.
    """
    if isinstance(source, Game):
        scenario = source.scenario
    elif isinstance(source, Scenario):
        scenario = source
    elif isinstance(source, (str, os.PathLike)):
        scenario = load(source)
    else:
        raise _wrong_type(source, what)
    return scenario.with_parameters(**check_values(values)) if values else scenario


def as_game(source, values: Mapping[str, float] | None = None, limit: int | None = None,
            what: str = "this function") -> Game:
    """The compiled game of ``source``, with ``values`` applied (validated).

    A Game passed without overrides (and without another ``limit``) is
    returned as it is; with overrides it is recompiled from its own scenario,
    which already carries the values it was compiled with, so earlier
    overrides are kept.
    """
    if isinstance(source, Game) and not values and (limit is None or limit == source.limit):
        return source
    if not isinstance(source, (Game, Scenario, str, os.PathLike)):
        raise _wrong_type(source, what)
    if limit is None:
        limit = source.limit if isinstance(source, Game) else ENUMERATION_LIMIT
    if isinstance(source, Scenario) and not values:
        return _compiled(source, limit)
    return compile_game(as_scenario(source, values, what), limit=limit)


def _compiled(scenario: Scenario, limit: int) -> Game:
    """One compiled game per scenario object and limit, kept on the scenario
    (so it lives and dies with it; never pickled): five calls on one Scenario
    enumerate its space once, and share the zone and frontier the game caches."""
    cache = scenario.__dict__.setdefault(COMPILED_CACHE, {})
    if limit not in cache:
        cache[limit] = compile_game(scenario, limit=limit)
    return cache[limit]


def check_values(values) -> dict[str, float]:
    """``values`` as a dict, or a TypeError: a mapping of parameter names."""
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a mapping of parameter names to numbers, "
                        f"got {type(values).__name__}")
    return dict(values)
