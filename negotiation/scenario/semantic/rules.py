"""Rules and patterns: their names resolved against the issues and options."""
from __future__ import annotations

from negotiation.scenario.expr import ExprError, iter_compares, parse_rule
from negotiation.scenario.semantic.context import Context, unknown_option
from negotiation.scenario.structure import did_you_mean


def rule(ctx: Context, path, text):
    """The parsed rule at ``path``, or None (with its problems added)."""
    try:
        parsed = parse_rule(text)
    except ExprError as exc:
        ctx.add(path, f"{exc} (expected a rule such as 'issue == option' or "
                      "'a in [x, y] -> b != z')", exc.column)
        return None
    ok = True
    for cmp in iter_compares(parsed):
        issue = ctx.issues.get(cmp.issue)
        if issue is None:
            if cmp.issue in (ctx.data.get("issues") or {}):
                return None  # the issue itself is broken and reported
            ctx.add(path, f"unknown issue {cmp.issue!r} (issues: {', '.join(ctx.issues)})"
                          f"{did_you_mean(cmp.issue, ctx.issues)}", cmp.column)
            ok = False
            continue
        for option in cmp.options:
            if not issue.has_option(option):
                ctx.add(path, unknown_option(option, cmp.issue, issue.option_ids), cmp.column)
                ok = False
    return parsed if ok else None


def pattern(ctx: Context, path, raw: dict):
    """``{issue: option, ...}`` as a tuple of pairs, or None if a name is unknown."""
    pairs = []
    for issue_id, option in raw.items():
        issue = ctx.issues.get(issue_id)
        if issue is None:
            ctx.add(path + (issue_id,), f"unknown issue {issue_id!r}"
                                        f"{did_you_mean(issue_id, ctx.issues)}")
            return None
        if not issue.has_option(option):
            ctx.add(path + (issue_id,), unknown_option(option, issue_id, issue.option_ids))
            return None
        pairs.append((issue_id, option))
    return tuple(pairs)
