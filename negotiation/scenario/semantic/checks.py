"""Checks of the built scenario as a whole: the status quo (the rankings:
:mod:`negotiation.scenario.semantic.rankings`)."""
from __future__ import annotations

from negotiation.scenario.expr import rule_holds
from negotiation.scenario.semantic.context import Context


def check_status_quo(ctx: Context, constraints) -> None:
    """Every feasibility rule must hold at the status quo."""
    state = {i: issue.status_quo for i, issue in ctx.issues.items()}
    for c in constraints:
        if c.kind == "feasibility" and not rule_holds(c.rule, state):
            ctx.add(("constraints", _constraint_position(ctx, c.id), "rule"),
                    f"the status quo breaks this feasibility rule ({c.rule_text}); "
                    "expected every issue's status_quo to form a feasible state")


def _constraint_position(ctx: Context, cid: str) -> int:
    for k, raw in enumerate(ctx.data.get("constraints") or []):
        if raw.get("id") == cid:
            return k
    return 0
