"""Sides of the table and ratifiers (two-level games).

* ``ratifies`` (a party's block): the ratified party is known, is not the
  ratifier itself and sits at the table (a ratifier of a ratifier would be a
  chain the format does not model); ``when`` is a rule on the issues.
* ``sides``: every member is a known party, sits on one side only and is at
  the table (a ratifier sits on no side); a side does not take the name of a
  party that is not on it (an undeclared party sits alone on a side of its
  own name).
* Around them: a constraint's id is not a ratifier's id (that is the id of
  the ratifier's approval, which the red-line analysis relaxes like a red
  line); the off-ramp's party, the war's initiator and proposer are at the
  table.
"""
from __future__ import annotations

import dataclasses

from negotiation.scenario.model import FrozenDict, Ratifies, freeze
from negotiation.scenario.semantic.context import Context
from negotiation.scenario.semantic.rules import rule


def build_ratifiers(ctx: Context) -> None:
    """Each party's ``ratifies`` block, parsed into its :class:`Party`."""
    found: dict[str, Ratifies] = {}
    for pid, raw in (ctx.data.get("parties") or {}).items():
        block = (raw or {}).get("ratifies")
        if block is None or pid not in ctx.parties:
            continue
        path = ("parties", pid, "ratifies")
        target = block["party"]
        ok = ctx.party_ref(path + ("party",), target)
        if ok and target == pid:
            ctx.add(path + ("party",), f"{pid!r} cannot ratify its own agreements (name the "
                                       "party at the table whose agreements it approves)")
            ok = False
        when = None
        if block.get("when") is not None:
            when = rule(ctx, path + ("when",), block["when"])
            ok = ok and when is not None
        if ok:
            found[pid] = Ratifies(target, when, block.get("when") or "")
    for pid, ratifies in found.items():
        if ratifies.party in found:
            ctx.add(("parties", pid, "ratifies", "party"),
                    f"{ratifies.party!r} is itself a ratifier, not at the table: a ratifier "
                    "approves the agreements of a party at the table")
        ctx.parties[pid] = dataclasses.replace(ctx.parties[pid], ratifies=ratifies)


def _ratifier_note(ctx: Context, pid: str) -> str | None:
    ratifies = ctx.parties[pid].ratifies if pid in ctx.parties else None
    return None if ratifies is None else (f"{pid!r} ratifies {ratifies.party}'s agreements "
                                          "and is not at the table")


def build_sides(ctx: Context) -> FrozenDict:
    """The ``sides`` block: side -> tuple of party ids, as declared."""
    raw = ctx.data.get("sides") or {}
    seen: dict[str, str] = {}  # party -> its side
    for side, members in raw.items():
        path = ("sides", side)
        for k, member in enumerate(members):
            if not ctx.party_ref(path + (k,), member):
                continue
            note = _ratifier_note(ctx, member)
            if note:
                ctx.add(path + (k,), f"{note}: a ratifier sits on no side")
            elif member in seen and seen[member] != side:
                ctx.add(path + (k,), f"{member!r} is already on side {seen[member]!r}: every "
                                     "party sits on one side")
            seen.setdefault(member, side)
        if side in ctx.parties and side not in members:
            ctx.add(path, f"side {side!r} has the name of a party that is not on it (a party "
                          "left out of every side sits alone on a side of its own name)")
    return freeze({side: tuple(members) for side, members in raw.items()})


def check_table(ctx: Context, constraints, offramp, war) -> None:
    """What must sit at the table does; no constraint takes a ratifier's id."""
    for k, c in enumerate(constraints):
        if _ratifier_note(ctx, c.id):
            ctx.add(("constraints", k, "id"), f"constraint id {c.id!r} is the id of a "
                                              "ratifier's approval (the red-line analysis "
                                              "relaxes it by that id): rename the constraint")
    places = []
    if offramp is not None:
        places.append((("offramp", "for"), offramp.party, "the party that backs down"))
    if war is not None:
        places.append((("war", "initiator"), war.initiator, "the war's initiator"))
        if getattr(war, "proposer", None):
            places.append((("war", "proposer"), war.proposer, "the war's proposer"))
    for path, pid, what in places:
        note = _ratifier_note(ctx, pid)
        if note:
            ctx.add(path, f"{what} must sit at the table; {note}")
