"""Checks of the built scenario as a whole: the status quo and rankings."""
from __future__ import annotations

from negotiation.scenario.expr import evaluate_rule, rule_holds
from negotiation.scenario.model import Ranking
from negotiation.scenario.semantic.context import Context

RANKING_LIMIT = 2**20  # states a ranking may have to cover


def check_status_quo(ctx: Context, constraints) -> None:
    """Every feasibility rule must hold at the status quo."""
    state = {i: issue.status_quo for i, issue in ctx.issues.items()}
    for c in constraints:
        if c.kind == "feasibility" and not rule_holds(c.rule, state):
            ctx.add(("constraints", _constraint_position(ctx, c.id), "rule"),
                    f"the status quo breaks this feasibility rule ({c.rule_text}); "
                    "expected every issue's status_quo to form a feasible state")


def option_index(issues) -> dict[str, dict[str, int]]:
    """issue -> option -> index, as :func:`evaluate_rule` takes it."""
    return {issue.id: {o: k for k, o in enumerate(issue.option_ids)} for issue in issues}


def _constraint_position(ctx: Context, cid: str) -> int:
    for k, raw in enumerate(ctx.data.get("constraints") or []):
        if raw.get("id") == cid:
            return k
    return 0


def check_rankings(ctx: Context, prefs: dict, constraints) -> None:
    """A ranking must rank every feasible state, each entry something new."""
    rankings = {pid: p for pid, p in prefs.items() if isinstance(p, Ranking)}
    if not rankings:
        return
    # a ranking is checked against every state at once: only then is numpy needed
    import numpy as np

    from negotiation.scenario.space import all_packages, space_size

    issues = list(ctx.issues.values())
    n_options = [len(i.options) for i in issues]
    if space_size(n_options) > RANKING_LIMIT:
        for pid in rankings:
            ctx.add(("preferences", pid, "ranking"),
                    f"a ranking must cover every feasible state, and this scenario has "
                    f"{space_size(n_options)} states (expected at most {RANKING_LIMIT}; "
                    "use weights/scores or priorities for large models)")
        return
    packages = all_packages(n_options)
    columns = {issue.id: packages[:, k] for k, issue in enumerate(issues)}
    index = option_index(issues)
    feasible = np.ones(len(packages), dtype=bool)
    for c in constraints:
        if c.kind == "feasibility":
            feasible &= evaluate_rule(c.rule, columns, index)
    for pid, ranking in rankings.items():
        _check_one_ranking(ctx, pid, ranking, columns, index, feasible, issues, packages)


def _check_one_ranking(ctx, pid, ranking, columns, index, feasible, issues, packages):
    import numpy as np

    ranked = np.zeros(len(feasible), dtype=bool)
    for k, level in enumerate(ranking.levels):
        hit = np.zeros(len(feasible), dtype=bool)
        for pattern in level:
            match = feasible.copy()
            for issue, option in pattern:
                match &= columns[issue] == index[issue][option]
            hit |= match
        if not (hit & ~ranked).any():
            ctx.add(("preferences", pid, "ranking", k),
                    "this entry matches no feasible state that is not already ranked "
                    "above it (a repeated or impossible state)")
        ranked |= hit
    missing = np.flatnonzero(feasible & ~ranked)
    if missing.size:
        shown = "; ".join(
            "{" + ", ".join(f"{i.id}: {i.option_ids[packages[m, j]]}"
                            for j, i in enumerate(issues)) + "}"
            for m in missing[:3])
        more = f" and {missing.size - 3} more" if missing.size > 3 else ""
        ctx.add(("preferences", pid, "ranking"),
                f"{missing.size} feasible state(s) are not ranked: {shown}{more} "
                "(expected every feasible state to match an entry)")
