"""What a sweep records for each variant: measures.

A measure is any function of a scenario returning a number, a bool or a
string. Adding a named measure is one small function::

    @measure()
    def zopa_size(scenario) -> int:
        return zopa(compile_game(scenario)).size

A measure may also give a vectorised ``batch`` function that computes a
whole block of variants from the shared arrays of :mod:`.batch` (the fast
path); the plain function stays the definition the batch is tested against.
Parameterised families are named ``prefix:arg:arg`` (``utility:nash:russia``)
and registered with :func:`family`. ``module:function`` names a function
anywhere on the import path (for the command line).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import import_module
from typing import Any

import numpy as np

from negotiation.game import compile_game
from negotiation.results import compact_label
from negotiation.scenario.expr import evaluate_rule
from negotiation.scenario.model import Scenario
from negotiation.sides import sides_of
from negotiation.solvers.criteria import CRITERIA

NO_AGREEMENT = "(no agreement)"


@dataclass(frozen=True)
class Measure:
    """A named function of a scenario, with an optional vectorised form."""

    name: str
    func: Callable[[Scenario], Any]
    batch: Callable[[Any], np.ndarray] | None = None

    def __call__(self, scenario: Scenario):
        return self.func(scenario)


REGISTRY: dict[str, Measure] = {}
FAMILIES: dict[str, Callable[..., Measure]] = {}


def measure(name: str | None = None, batch: Callable | None = None):
    """Register a function of a scenario as a named measure (a decorator)."""
    def register(func):
        key = name or func.__name__
        REGISTRY[key] = Measure(key, func, batch)
        return func
    return register


def family(prefix: str):
    """Register a factory of measures named ``prefix:arg:...`` (a decorator)."""
    def register(factory):
        FAMILIES[prefix] = factory
        return factory
    return register


def resolve(spec) -> Measure:
    """A :class:`Measure` from a name, a ``prefix:args`` name, a callable or a Measure."""
    if isinstance(spec, Measure):
        return spec
    if callable(spec):
        return Measure(getattr(spec, "__name__", repr(spec)), spec)
    if not isinstance(spec, str):
        raise ValueError(f"a measure is a name or a function of a scenario, got {spec!r}")
    if spec in REGISTRY:
        return REGISTRY[spec]
    prefix, _, rest = spec.partition(":")
    if prefix in FAMILIES and rest:
        return FAMILIES[prefix](*rest.split(":"))
    if rest and re.fullmatch(r"[A-Za-z_][\w.]*", prefix) and rest.isidentifier():
        return Measure(spec, _import(prefix, rest, spec))
    raise ValueError(f"unknown measure {spec!r} (known: {', '.join(known_measures())}, "
                     "or module:function)")


def known_measures() -> list[str]:
    examples = {"utility": "utility:SOLUTION:PARTY", "package": "package:SOLUTION",
                "equilibria_count": "equilibria_count:CONCEPT",
                "offramp_holds": "offramp_holds:CONCEPT"}
    return [*REGISTRY, *(examples.get(p, f"{p}:...") for p in FAMILIES)]


def _import(module: str, name: str, spec: str):
    try:
        func = getattr(import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"unknown measure {spec!r}: {exc}") from None
    if not callable(func):
        raise ValueError(f"measure {spec!r} is not a function")
    return func


# ---------------------------------------------------------------- ZOPA and off-ramps
# Beyond the enumeration limit the plain measures that ask "is there one?"
# take the exact MILP routes (zopa_overview, find_offramps with method="milp");
# the ones that count refuse: a MILP search does not count packages.
def _zopa(scenario: Scenario):
    from negotiation.solvers.agreement.zone import zopa

    return zopa(compile_game(scenario))


def beyond_enumeration(scenario: Scenario) -> bool:
    game = compile_game(scenario)
    return game.size > game.limit


def _refuse_count(scenario: Scenario, what: str) -> None:
    if beyond_enumeration(scenario):
        game = compile_game(scenario)
        raise ValueError(f"{what} counts packages, and {game.size:,} packages are beyond the "
                         f"enumeration limit of {game.limit:,}: measure offramp_exists or "
                         "jointly_feasible instead (answered exactly by MILP)")


def _require_offramp(scenario: Scenario) -> None:
    if scenario.offramp is None:
        raise ValueError("the scenario declares no off-ramp (an `offramp:` section with "
                         "`for` and `requires`)")


def _offramps_in(z) -> np.ndarray:
    """Which ZOPA packages are off-ramps: they meet ``offramp.requires`` and, with
    ``face: strict`` (the default), show the backing-down party no visible loss
    (docs/concepts/offramps.md)."""
    game, spec = z.game, z.game.scenario.offramp
    meets = evaluate_rule(spec.requires, game.columns(z.packages), game.option_index())
    if spec.face == "strict":
        from negotiation.solvers.offramps.face import face_kept

        meets &= face_kept(game, z.packages, game.party_index(spec.party))
    return meets


def _batch_zopa_size(block) -> np.ndarray:
    return block.inside.sum(axis=1)


def _batch_offramp_count(block) -> np.ndarray:
    _require_offramp(block.base.scenario)
    return (block.inside & block.offramp).sum(axis=1)


def _batch_offramp_exists(block) -> np.ndarray:
    return _batch_offramp_count(block) > 0


def _batch_jointly_feasible(block) -> np.ndarray:
    return block.inside.any(axis=1)


@measure(batch=_batch_zopa_size)
def zopa_size(scenario: Scenario) -> int:
    """Number of packages in the zone of possible agreement."""
    _refuse_count(scenario, "zopa_size")
    return _zopa(scenario).size


@measure(batch=_batch_offramp_count)
def offramp_count(scenario: Scenario) -> int:
    """Number of off-ramps: ZOPA packages that meet ``offramp.requires`` (and keep
    face under ``face: strict``)."""
    _require_offramp(scenario)
    _refuse_count(scenario, "offramp_count")
    return int(_offramps_in(_zopa(scenario)).sum())


@measure(batch=_batch_offramp_exists)
def offramp_exists(scenario: Scenario) -> bool:
    """Whether an off-ramp exists (see :func:`offramp_count`); by MILP beyond
    the enumeration limit."""
    if beyond_enumeration(scenario):
        from negotiation.solvers.offramps import find_offramps

        _require_offramp(scenario)
        return find_offramps(scenario, k=1, details=False, stability=False,
                             method="milp").exists
    return offramp_count(scenario) > 0


@measure(batch=_batch_jointly_feasible)
def jointly_feasible(scenario: Scenario) -> bool:
    """Whether some package holds every red line and condition and gives
    every party at least its batna (the ZOPA is not empty); by MILP beyond the
    enumeration limit."""
    if beyond_enumeration(scenario):
        from negotiation.solvers.agreement import zopa_overview

        return zopa_overview(scenario).exists
    return not _zopa(scenario).empty


@measure()
def war_probability(scenario: Scenario) -> float:
    """The probability of war when the proposer makes its best take-it-or-leave-it
    offer (:func:`negotiation.crisis`, its default proposer); with no offer
    that can succeed, the probability that the initiator fights."""
    from negotiation.solvers.conflict import crisis

    return crisis(scenario).war_probability


# ---------------------------------------------------------------- bargaining solutions
# The definitions are those of negotiation.solvers.agreement (imported when
# first used): the plain functions call `solve`, the batch functions its
# array core `solve_points` on each variant's ZOPA utilities.
def _check_solution(solution: str) -> None:
    if solution not in CRITERIA:
        raise ValueError(f"unknown solution {solution!r} (expected one of: {', '.join(CRITERIA)})")


def _check_party(party_ids, party: str) -> int:
    if party not in party_ids:
        raise ValueError(f"unknown party {party!r} (parties: {', '.join(party_ids)})")
    return list(party_ids).index(party)


def _utility(scenario: Scenario, solution: str, party: str) -> float:
    from negotiation.solvers.agreement import solve

    _check_party(scenario.party_ids, party)
    found = solve(scenario, solution)
    return float(found.utilities[party]) if found.found else float("nan")


def _package(scenario: Scenario, solution: str) -> str:
    from negotiation.solvers.agreement import solve

    found = solve(scenario, solution)
    return compact_label(found.package) if found.found else NO_AGREEMENT


def _batch_choices(block, solution: str) -> list[int | None]:
    """Per variant, the acceptable package the solution picks (or None)."""
    from negotiation.solvers.agreement.points import solve_points

    index, sides = block.base.package_index, sides_of(block.base.game)
    inside = block.inside
    return [solve_points(block.effective[v], block.batna[v], solution, power=block.power[v],
                         package_index=index, sides=sides, inside=inside[v])
            for v in range(block.size)]


def _batch_utility(block, solution: str, party: str) -> np.ndarray:
    p = _check_party(block.base.game.party_ids, party)
    return np.array([np.nan if k is None else block.effective[v, k, p]
                     for v, k in enumerate(_batch_choices(block, solution))])


def _batch_package(block, solution: str) -> np.ndarray:
    game, packages = block.base.game, block.base.packages
    return np.array([NO_AGREEMENT if k is None else compact_label(game.labels(packages[k]))
                     for k in _batch_choices(block, solution)], dtype=object)


@family("utility")
def utility_at(solution: str, party: str) -> Measure:
    """A party's effective utility at a bargaining solution (NaN if no ZOPA)."""
    _check_solution(solution)
    return Measure(f"utility:{solution}:{party}", partial(_utility, solution=solution, party=party),
                   partial(_batch_utility, solution=solution, party=party))


@family("package")
def package_at(solution: str) -> Measure:
    """The package a bargaining solution picks, as ``issue=option, ...``."""
    _check_solution(solution)
    return Measure(f"package:{solution}", partial(_package, solution=solution),
                   partial(_batch_package, solution=solution))


# ---------------------------------------------------------------- stability
def _equilibria_count(scenario: Scenario, concept: str) -> int:
    from negotiation.solvers.stability.concepts import stability

    return len(stability(scenario, concepts=(concept,)).equilibria(concept))


@family("equilibria_count")
def equilibria_count(concept: str) -> Measure:
    """Number of equilibria under a stability concept (nash, gmr, smr, seq, sim)."""
    return Measure(f"equilibria_count:{concept}",
                   partial(_equilibria_count, concept=concept.strip().lower()))


def _check_concept(concept: str) -> str:
    from negotiation.solvers.names import CONCEPTS

    name = concept.strip().lower()
    if name not in CONCEPTS:
        raise ValueError(f"unknown stability concept {concept!r} (expected one of: "
                         f"{', '.join(CONCEPTS)})")
    return name


def _offramp_holds(scenario: Scenario, concept: str) -> bool:
    """An off-ramp exists and the best one is stable for every party under
    ``concept``: :func:`negotiation.hold` without the search for fixes."""
    from negotiation.solvers.offramps import hold

    # checked first so that "no off-ramp" is an answer (False), while every
    # other refusal of hold() (a graph model without moves) stays an error
    if not offramp_exists(scenario):
        return False
    found = hold(scenario, concept=concept, fixes=False)
    if concept not in found.stable:  # left out, the space too large for it (found.notes)
        raise ValueError(f"offramp_holds:{concept}: {' '.join(found.notes)}")
    return bool(found.stable[concept])


@measure()
def offramp_holds(scenario: Scenario) -> bool:
    """Whether the best off-ramp is **self-enforcing** under sequential stability
    (SEQ: every profitable defection from it meets a credible sanction; Fang,
    Hipel & Kilgour 1993): an off-ramp exists (:func:`offramp_exists`) and its
    state is SEQ-stable for every party of the graph model
    (``negotiation.hold(scenario, fixes=False).stable["seq"]``). False when
    there is no off-ramp."""
    return _offramp_holds(scenario, "seq")


@family("offramp_holds")
def offramp_holds_under(concept: str) -> Measure:
    """Whether the best off-ramp exists and is self-enforcing under a stability
    concept (nash, gmr, smr, seq, sim); see :func:`offramp_holds`."""
    name = _check_concept(concept)
    return Measure(f"offramp_holds:{name}", partial(_offramp_holds, concept=name))
