"""Preferences: additive utility, rankings and priorities."""
from __future__ import annotations

from collections.abc import Mapping

from negotiation.scenario.expr import ExprError
from negotiation.scenario.model import (
    Additive,
    Adjustment,
    FrozenDict,
    Preference,
    Priorities,
    Ranking,
    freeze,
)
from negotiation.scenario.semantic.context import Context, unknown_option
from negotiation.scenario.semantic.numbers import nonnegative, quantity
from negotiation.scenario.semantic.rules import pattern, rule


def build_preferences(ctx: Context) -> dict:
    raw_prefs = ctx.data.get("preferences") or {}
    prefs: dict[str, Preference | None] = {}  # None: a ranking with a bad pattern
    for pid, raw in raw_prefs.items():
        path = ("preferences", pid)
        if not ctx.party_ref(path, pid):
            continue
        if "weights" in raw:
            prefs[pid] = _additive(ctx, path, raw)
        elif "ranking" in raw:
            prefs[pid] = _ranking(ctx, path, raw["ranking"])
        elif "priorities" in raw:
            rules = [rule(ctx, path + ("priorities", k), r)
                     for k, r in enumerate(raw["priorities"])]
            if all(r is not None for r in rules):
                prefs[pid] = Priorities(tuple(rules), tuple(raw["priorities"]))
    for pid in ctx.parties:
        if pid not in raw_prefs:
            ctx.add(("preferences",), f"party {pid!r} has no preferences "
                                      "(expected weights/scores, ranking or priorities)")
    return prefs


def _additive(ctx: Context, path, raw) -> Additive:
    weights = _weights(ctx, path, raw["weights"])
    scores: dict[str, FrozenDict] = {}  # issue -> option -> score
    for iid, table in raw["scores"].items():
        spath = path + ("scores", iid)
        if ctx.issue_ref(spath, iid):
            scores[iid] = freeze(_score_row(ctx, spath, ctx.issues[iid], table))
    for iid in weights:
        row: Mapping[str, object] = scores.get(iid, {})
        missing = [o for o in ctx.issues[iid].option_ids if o not in row]
        if missing:
            ctx.add(path + ("scores", iid) if iid in raw["scores"] else path + ("weights", iid),
                    f"issue {iid!r} has a weight but no score for option(s) "
                    f"{', '.join(missing)} (expected a score for every option)")
    adjustments = []
    for k, adj in enumerate(raw.get("adjustments") or []):
        apath = path + ("adjustments", k)
        when = rule(ctx, apath + ("when",), adj["when"])
        add = quantity(ctx, apath + ("add",), adj["add"])
        if when is not None:
            adjustments.append(Adjustment(when, add, adj["when"], adj.get("public")))
    return Additive(freeze(weights), freeze(scores), tuple(adjustments),
                    bool(raw.get("normalise", True)))


def _weights(ctx: Context, path, raw: dict) -> dict:
    weights = {}
    for iid, w in raw.items():
        wpath = path + ("weights", iid)
        if ctx.issue_ref(wpath, iid):
            weights[iid] = quantity(ctx, wpath, w)
            nonnegative(ctx, wpath, weights[iid], "weight")
    total = _total(ctx, weights)
    if weights and total is not None and total <= 0:
        ctx.add(path + ("weights",), "all weights are zero (expected at least one "
                                     "positive weight)")
    return weights


def _score_row(ctx: Context, path, issue, table: dict) -> dict:
    row = {}
    for option, s in table.items():
        if not issue.has_option(option):
            ctx.add(path + (option,), unknown_option(option, issue.id, issue.option_ids))
            continue
        row[option] = quantity(ctx, path + (option,), s)
    return row


def _total(ctx: Context, weights) -> float | None:
    try:
        return sum(q.value(ctx.parameter_values) for q in weights.values())
    except (ExprError, KeyError):
        return None


def _ranking(ctx: Context, path, raw) -> Ranking | None:
    levels = []
    for k, entry in enumerate(raw):
        epath = path + ("ranking", k)
        if isinstance(entry, list):
            paths, entries = [epath + (j,) for j in range(len(entry))], entry
        else:
            paths, entries = [epath], [entry]
        patterns = [pattern(ctx, p, e) for p, e in zip(paths, entries)]
        if any(p is None for p in patterns):
            return None
        levels.append(tuple(patterns))
    return Ranking(tuple(levels))
