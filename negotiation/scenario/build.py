"""Semantic pass of the loader: plain data -> Scenario.

Resolves every name (parties, issues, options, parameters, sources), parses
rules and expressions, and checks what the JSON Schema cannot. Problems are
added to the collector with the path of the item; nothing is raised for a
problem in the file.

The stages live in :mod:`negotiation.scenario.semantic` and run in file
order, each reading what the ones before built (``semantic.context.Context``):
``semantic.parties`` (parameters and parties), ``semantic.issues``,
``semantic.preferences``, ``semantic.constraints`` (and the offramp), ``semantic.war`` (the war and
private blocks), ``semantic.sides`` (ratifiers, after the issues their rules
name, and sides); then
``semantic.checks`` and ``semantic.rankings`` look at the whole (the status
quo, the rankings).
"""
from __future__ import annotations

from negotiation.scenario.model import Scenario, freeze
from negotiation.scenario.semantic.checks import check_status_quo
from negotiation.scenario.semantic.constraints import build_constraints, build_offramp
from negotiation.scenario.semantic.context import Context, unknown_option
from negotiation.scenario.semantic.issues import (
    build_issues,
    declares_no_status_quo,
    status_quo_conflicts,
)
from negotiation.scenario.semantic.parties import build_parameters, build_parties
from negotiation.scenario.semantic.preferences import build_preferences
from negotiation.scenario.semantic.rankings import RANKING_LIMIT, check_rankings
from negotiation.scenario.semantic.sides import build_ratifiers, build_sides, check_table
from negotiation.scenario.semantic.war import build_private, build_war

__all__ = ["RANKING_LIMIT", "build_scenario", "unknown_option"]


def build_scenario(data: dict, problems, path: str | None = None) -> Scenario | None:
    """Build a Scenario from schema-valid data, adding problems as found."""
    ctx = Context(data, problems)
    build_parameters(ctx)
    build_parties(ctx)
    build_issues(ctx)
    build_ratifiers(ctx)
    sides = build_sides(ctx)
    prefs = build_preferences(ctx)
    constraints = build_constraints(ctx)
    offramp = build_offramp(ctx)
    war, private = build_war(ctx, prefs), build_private(ctx)
    check_table(ctx, constraints, offramp, war)
    status_quo_conflicts(ctx)
    has_status_quo = not declares_no_status_quo(data)
    if not problems and has_status_quo:
        check_status_quo(ctx, constraints)
    if not problems:
        check_rankings(ctx, prefs, constraints)
    if problems:
        return None
    as_of = data.get("as_of")
    return Scenario(
        title=data["title"], parties=freeze(ctx.parties), issues=freeze(ctx.issues),
        preferences=freeze(prefs), parameters=freeze(ctx.parameters),
        constraints=tuple(constraints), offramp=offramp,
        description=(data.get("description") or "").strip(),
        as_of=str(as_of) if as_of is not None else None,
        sources=freeze({k: (v if isinstance(v, str) else freeze(v))
                        for k, v in (data.get("sources") or {}).items()}),
        format=data.get("format", "negotiation/1"), path=path, war=war,
        private=freeze(private), sides=sides, has_status_quo=has_status_quo)
