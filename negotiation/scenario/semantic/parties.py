"""Parameters and parties: the numbers everything else is written with."""
from __future__ import annotations

from negotiation.scenario.expr import BinOp
from negotiation.scenario.model import Parameter, Party, Quantity, freeze
from negotiation.scenario.semantic.context import Context
from negotiation.scenario.semantic.numbers import nonnegative, probability, quantity, value_of

_ARITY = {"uniform": 2, "normal": 2, "triangular": 3, "beta": 2, "exponential": 1}


def build_parameters(ctx: Context) -> None:
    for name, raw in (ctx.data.get("parameters") or {}).items():
        path = ("parameters", name)
        if _is_number(raw):
            ctx.parameters[name] = Parameter(name, float(raw))
            continue
        if not isinstance(raw, dict) or not _is_number(raw.get("value")):
            continue  # reported by the schema
        value = float(raw["value"])
        rng = raw.get("range")
        if rng is not None:
            rng = _range(ctx, path, value, rng)
        dist = raw.get("distribution")
        if dist is not None:
            check_distribution(ctx, path + ("distribution",), dist)
        ctx.parameters[name] = Parameter(name, value, rng, raw.get("description", ""),
                                         freeze(dist) if dist else None)


def _is_number(raw) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def _range(ctx: Context, path, value: float, rng) -> tuple[float, float]:
    lo, hi = (float(v) for v in rng)
    if lo > hi:
        ctx.add(path + ("range",), f"range [{lo:g}, {hi:g}] is empty "
                                   "(expected [low, high] with low <= high)")
    elif not lo <= value <= hi:
        ctx.add(path + ("value",), f"value {value:g} is outside the declared "
                                   f"range [{lo:g}, {hi:g}]")
    return lo, hi


def check_distribution(ctx: Context, path, dist: dict) -> None:
    for kind, args in dist.items():
        where = path + (kind,)
        if len(args) != _ARITY[kind]:
            ctx.add(where, f"{kind} takes {_ARITY[kind]} numbers, found {len(args)}")
        elif kind == "uniform" and args[0] > args[1]:
            ctx.add(where, "uniform [low, high] needs low <= high")
        elif kind == "normal" and args[1] <= 0:
            ctx.add(where, "normal [mean, sd] needs sd > 0")
        elif kind == "triangular" and not args[0] <= args[1] <= args[2]:
            ctx.add(where, "triangular [low, mode, high] needs low <= mode <= high")
        elif kind == "beta" and min(args) <= 0:
            ctx.add(where, "beta [a, b] needs a > 0 and b > 0")
        elif kind == "exponential" and args[0] <= 0:
            ctx.add(where, "exponential [mean] needs mean > 0")


def build_parties(ctx: Context) -> None:
    for pid, raw in (ctx.data.get("parties") or {}).items():
        raw = raw or {}
        path = ("parties", pid)
        power = quantity(ctx, path + ("power",), raw.get("power"), 1.0)
        nonnegative(ctx, path + ("power",), power, "power", strict=True)
        audience = quantity(ctx, path + ("audience_cost",), raw.get("audience_cost"), 0.0)
        nonnegative(ctx, path + ("audience_cost",), audience, "audience_cost")
        batna, crisis = _batna(ctx, path, raw)
        discount = _discount(ctx, path + ("discount",), raw.get("discount"))
        ctx.parties[pid] = Party(pid, raw.get("name") or pid, raw.get("description", ""),
                                 power, batna, audience, crisis, discount=discount)


def _discount(ctx: Context, path, raw) -> Quantity | None:
    """A party's discount factor per round: in (0, 1] (1: no impatience)."""
    if raw is None:
        return None
    discount = quantity(ctx, path, raw)
    value = value_of(ctx, discount)
    if value is not None and not 0.0 < value <= 1.0:
        ctx.add(path, f"discount is {value:g} (expected a discount factor in (0, 1])")
    return discount


def _batna(ctx: Context, path, raw):
    """The batna as written, or from ``crisis``: stake * p_win - war_cost."""
    if raw.get("crisis") is None:
        return quantity(ctx, path + ("batna",), raw.get("batna"), 0.0), None
    if raw.get("batna") is not None:
        ctx.add(path + ("crisis",), "give either batna or crisis, not both (crisis "
                                    "sets batna = stake * p_win - war_cost)")
    cpath = path + ("crisis",)
    crisis = {k: quantity(ctx, cpath + (k,), raw["crisis"].get(k), default)
              for k, default in (("p_win", None), ("war_cost", None), ("stake", 1.0))}
    nonnegative(ctx, cpath + ("war_cost",), crisis["war_cost"], "war_cost")
    nonnegative(ctx, cpath + ("stake",), crisis["stake"], "stake", strict=True)
    probability(ctx, cpath + ("p_win",), crisis["p_win"])
    expr = BinOp("-", BinOp("*", crisis["stake"].expr, crisis["p_win"].expr),
                 crisis["war_cost"].expr)
    stake, p_win, war_cost = (crisis[k].to_data() for k in ("stake", "p_win", "war_cost"))
    text = f"({stake}) * ({p_win}) - ({war_cost})"
    return Quantity(expr, text), freeze(crisis)
