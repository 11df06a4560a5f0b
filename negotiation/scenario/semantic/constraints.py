"""Constraints (red lines, conditions, feasibility) and the offramp."""
from __future__ import annotations

from negotiation.scenario.model import Constraint, OfframpSpec
from negotiation.scenario.semantic.context import Context
from negotiation.scenario.semantic.rules import rule
from negotiation.scenario.structure import did_you_mean


def build_constraints(ctx: Context) -> list[Constraint]:
    constraints: list[Constraint] = []
    seen: dict[str, int] = {}  # constraint id -> index of its first entry
    sources = ctx.data.get("sources") or {}
    for k, raw in enumerate(ctx.data.get("constraints") or []):
        path = ("constraints", k)
        cid = raw["id"]
        if cid in seen:
            ctx.add(path + ("id",), f"duplicate constraint id {cid!r} (first at "
                                    f"constraints[{seen[cid]}])")
        seen.setdefault(cid, k)
        owner = raw.get("owner")
        if owner is None and raw["kind"] != "feasibility":
            ctx.add(path, f"a {raw['kind']} needs an 'owner' (the party that states it)")
        elif owner is not None:
            ctx.party_ref(path + ("owner",), owner)
        source = raw.get("source")
        if source is not None and source not in sources:
            ctx.add(path + ("source",), f"unknown source {source!r} (sources: "
                                        f"{', '.join(sources) or 'none'})"
                                        f"{did_you_mean(source, sources)}")
        parsed = rule(ctx, path + ("rule",), raw["rule"])
        if parsed is not None:
            constraints.append(Constraint(cid, raw["kind"], parsed, owner, raw["rule"],
                                          source, raw.get("note", ""),
                                          raw.get("posture", "")))
    return constraints


def build_offramp(ctx: Context) -> OfframpSpec | None:
    raw = ctx.data.get("offramp")
    if raw is None:
        return None
    ok = ctx.party_ref(("offramp", "for"), raw["for"])
    parsed = rule(ctx, ("offramp", "requires"), raw["requires"])
    if ok and parsed is not None:
        return OfframpSpec(raw["for"], parsed, raw["requires"], raw.get("face", "strict"))
    return None
