"""The ``war`` and ``private`` blocks: outcomes, chances, costs, beliefs, types.

What the JSON Schema cannot check: names of parties, issues, options and
outcomes; chances that are probabilities summing to 1 for every parameter
value in range (checked at the declared values, at the corners of the
ranges the chances use and at seeded points inside them); costs of zero or
more; one source of truth for the batnas (no ``batna`` or ``crisis`` beside
a war); private parameters that have a distribution to be drawn from.
"""
from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

from negotiation.scenario.expr import ExprError, evaluate_arith
from negotiation.scenario.model import freeze
from negotiation.scenario.semantic.context import Context
from negotiation.scenario.semantic.numbers import nonnegative, quantity
from negotiation.scenario.semantic.rules import pattern
from negotiation.scenario.structure import did_you_mean
from negotiation.scenario.war import SUM_TOL, War

MAX_CORNERS = 10  # parameters whose range corners are all probed; beyond: seeded points
PROBES = 64  # seeded points inside the ranges, besides the corners


def build_war(ctx: Context, preferences) -> War | None:
    raw = ctx.data.get("war")
    if raw is None:
        return None
    for pid, party in (ctx.data.get("parties") or {}).items():
        for key in ("batna", "crisis"):
            if (party or {}).get(key) is not None:
                ctx.add(("parties", pid, key), f"with a war block every batna comes from the "
                                               f"war (remove {key}: one source of truth)")
    _require_cardinal(ctx, preferences)
    initiator_ok = ctx.party_ref(("war", "initiator"), raw["initiator"])
    proposer = raw.get("proposer")
    if proposer is not None:
        ctx.party_ref(("war", "proposer"), proposer)
    outcomes = {name: pattern(ctx, ("war", "outcomes", name), spec or {})
                for name, spec in raw["outcomes"].items()}
    chances = _chances(ctx, ("war", "chances"), raw["chances"], outcomes)
    costs = {}
    for pid, text in (raw.get("costs") or {}).items():
        path = ("war", "costs", pid)
        if ctx.party_ref(path, pid):
            costs[pid] = quantity(ctx, path, text)
            nonnegative(ctx, path, costs[pid], "a cost of war")
    beliefs = {pid: _chances(ctx, ("war", "beliefs", pid), table, outcomes)
               for pid, table in (raw.get("beliefs") or {}).items()
               if ctx.party_ref(("war", "beliefs", pid), pid)}
    shift, discount = _shift(ctx, raw.get("shift"), outcomes)
    if not initiator_ok or any(v is None for v in outcomes.values()):
        return None
    return War(raw["initiator"], freeze({o: freeze(dict(p)) for o, p in outcomes.items()}),
               freeze(chances), freeze(costs), freeze({p: freeze(t) for p, t in beliefs.items()}),
               proposer, shift, discount)


def _shift(ctx: Context, raw, outcomes: dict):
    """The chances of next period's war and the discount factor, or (None, None)."""
    if raw is None:
        return None, None
    path = ("war", "shift")
    chances = _chances(ctx, path + ("chances",), raw["chances"], outcomes)
    discount = quantity(ctx, path + ("discount",), raw["discount"])
    try:
        value = discount.value(ctx.parameter_values)
    except (ExprError, KeyError):
        value = None  # reported by quantity()
    if value is not None and not 0 <= value < 1:
        ctx.add(path + ("discount",), f"discount factor is {value:g} (expected 0 <= d < 1)")
    return freeze(chances), discount


def _require_cardinal(ctx: Context, preferences) -> None:
    for pid, pref in preferences.items():
        if not pref.cardinal:
            ctx.add(("war",), f"a war payoff needs cardinal utilities, but {pid} states only "
                              "an ordinal ranking or priorities (give it weights and scores)")


def _chances(ctx: Context, path, raw: dict, outcomes: dict) -> dict:
    """The chances of ``raw`` by outcome: every outcome once, probabilities summing to 1."""
    out = {}
    for name, text in raw.items():
        if name not in outcomes:
            ctx.add(path + (name,), f"unknown outcome {name!r} (outcomes: "
                                    f"{', '.join(outcomes)}){did_you_mean(name, outcomes)}")
            continue
        out[name] = quantity(ctx, path + (name,), text)
    missing = [o for o in outcomes if o not in raw]
    if missing:
        ctx.add(path, f"no chance given for {', '.join(missing)} (expected one for every "
                      "outcome, summing to 1)")
    elif len(out) == len(raw):
        _check_sum(ctx, path, out)
    return out


def _check_sum(ctx: Context, path, chances: dict) -> None:
    names = sorted(set().union(*(q.names for q in chances.values())))
    if any(n not in ctx.parameters for n in names):
        return  # an unknown parameter, already reported
    # plain Python at a few dozen points: a file's check imports no numpy
    for point in _probe_points(ctx, names):
        found = _not_a_distribution(chances, point)
        if found:
            where = ", ".join(f"{n}={point[n]:g}" for n in names) or "the declared values"
            ctx.add(path, f"{found} at {where} (expected probabilities summing to 1 for every "
                          "parameter value in range)")
            return


def _not_a_distribution(chances: dict, point: dict[str, float]) -> str | None:
    """What keeps the chances at ``point`` from being a distribution, if anything."""
    values = []
    for outcome, chance in chances.items():
        try:
            values.append(evaluate_arith(chance.expr, point))
        except ExprError as exc:
            return f"the chance of {outcome}: {exc}"
    if not all(-SUM_TOL <= v <= 1 + SUM_TOL for v in values):
        return "a chance outside [0, 1]"
    if not abs(sum(values) - 1.0) <= SUM_TOL:
        return f"chances summing to {sum(values):g}"
    return None


def _probe_points(ctx: Context, names) -> Iterator[dict[str, float]]:
    """The declared values, the corners of the ranges and seeded inner points."""
    params = [ctx.parameters[n] for n in names]
    yield {n: p.value for n, p in zip(names, params)}
    if not params:
        return
    lows = [p.range[0] if p.range else p.value for p in params]
    highs = [p.range[1] if p.range else p.value for p in params]
    if len(params) <= MAX_CORNERS:
        for corner in itertools.product((False, True), repeat=len(params)):
            yield {n: high if up else low
                   for n, up, low, high in zip(names, corner, lows, highs)}
    rng = random.Random(0)  # the same probes every load
    for _ in range(PROBES):
        yield {n: low + (high - low) * rng.random() for n, low, high in zip(names, lows, highs)}


def build_private(ctx: Context) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    owner: dict[str, str] = {}
    for pid, names in (ctx.data.get("private") or {}).items():
        path = ("private", pid)
        if not ctx.party_ref(path, pid):
            continue
        for k, name in enumerate(names):
            where = path + (k,)
            param = ctx.parameters.get(name)
            if param is None and name in (ctx.data.get("parameters") or {}):
                pass  # declared but broken: reported at its declaration
            elif param is None:
                ctx.add(where, f"unknown parameter {name!r} (declared: "
                               f"{', '.join(ctx.parameters) or 'none'})"
                               f"{did_you_mean(name, ctx.parameters)}")
            elif param.distribution is None:
                ctx.add(where, f"private parameter {name!r} has no distribution (the other "
                               "parties know only its distribution: declare one)")
            elif name in owner:
                ctx.add(where, f"{name!r} is already private to {owner[name]} (a type "
                               "belongs to one party)")
            owner.setdefault(name, pid)
        out[pid] = tuple(names)
    return out
