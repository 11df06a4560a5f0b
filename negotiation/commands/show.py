"""negotiation show SCENARIO: parties, issues, status quo, constraints."""
from __future__ import annotations

from negotiation.commands._common import add_output_arguments, add_scenario_argument, run_section
from negotiation.game import compile_game
from negotiation.report import Section, Table

NAME = "show"
HELP = "summarise a scenario: parties, issues and status quo, utilities, constraints"
ORDER = 20
SECTION_ORDER = 10
SECTION_KEY = "scenario"


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    add_output_arguments(parser)


def batna_source(game) -> str:
    """Where every batna comes from: ``war`` or ``status_quo`` (the no-deal
    outcome of a war block), else ``declared``."""
    return game.no_deal.outcome if game.no_deal is not None else "declared"


def _party_rows(scenario, game):
    sq = game.status_quo[None, :]
    raw, eff = game.utilities(sq)[0], game.effective(sq)[0]
    source = batna_source(game)
    rows, data = [], {}
    for p, (pid, party) in enumerate(scenario.parties.items()):
        cardinal = scenario.cardinal(pid)
        u = float(eff[p]) if cardinal else None
        rows.append([pid, party.name, game.power[p], game.batna[p], source.replace("_", " "),
                     game.audience_cost[p], u if cardinal else f"rank score {raw[p]:g} (ordinal)",
                     (u - game.batna[p]) if cardinal else ""])
        data[pid] = {"name": party.name, "power": game.power[p], "batna": game.batna[p],
                     "audience_cost": game.audience_cost[p], "status_quo_utility": u,
                     "cardinal": cardinal}
    return rows, data


def _issue_rows(scenario):
    rows, data = [], {}
    for iid, issue in scenario.issues.items():
        rows.append([iid, ", ".join(issue.option_ids), issue.status_quo,
                     issue.controlled_by or "", issue.one_way, issue.public])
        data[iid] = {"name": issue.name, "options": list(issue.option_ids),
                     "status_quo": issue.status_quo, "controlled_by": issue.controlled_by,
                     "one_way": issue.one_way, "public": issue.public}
    return rows, data


def _constraint_rows(scenario, game):
    held = game.satisfied(game.status_quo[None, :])[0]
    rows = [[c.id, c.owner or "", c.kind, c.rule_text, h]
            for c, h in zip(scenario.constraints, held)]
    data = [{"id": c.id, "owner": c.owner, "kind": c.kind, "rule": c.rule_text,
             "holds_at_status_quo": bool(h), "source": c.source} for c, h in
            zip(scenario.constraints, held)]
    return rows, data


def _table_note(scenario) -> str | None:
    """Who sits on which side, and who ratifies whose agreements from outside."""
    parts = [f"side {side}: {', '.join(members)}" for side, members in scenario.sides.items()]
    for pid, party in scenario.parties.items():
        if party.ratifies is not None:
            where = f" where {party.ratifies.when_text}" if party.ratifies.when else ""
            parts.append(f"{pid} ratifies {party.ratifies.party}'s agreements{where} "
                         "(not at the table)")
    return "Sides and ratifiers: " + "; ".join(parts) + "." if parts else None


def _no_deal_note(game) -> str:
    nd = game.no_deal
    init = game.party_ids[nd.initiator]
    verb = "fights" if nd.fights else "does not fight"
    return (f"Every batna comes from the war block: {init} {verb} (war is worth "
            f"{nd.war_payoffs[nd.initiator]:.3f} to it against {nd.status_quo[nd.initiator]:.3f} "
            f"at the status quo), so failed talks mean "
            f"{'war' if nd.fights else 'the status quo'} for everyone.")


def section(scenario, args) -> Section:
    game = compile_game(scenario)
    party_rows, parties = _party_rows(scenario, game)
    issue_rows, issues = _issue_rows(scenario)
    constraint_rows, constraints = _constraint_rows(scenario, game)
    blocks = []
    if scenario.description:
        blocks.append(scenario.description)
    blocks.append(f"{len(scenario.parties)} parties, {len(scenario.issues)} issues, "
                  f"{game.size:,} possible packages, {len(scenario.constraints)} constraints.")
    blocks.append(Table(["party", "name", "power", "batna", "batna from", "audience cost",
                         "utility at status quo", "margin"], party_rows))
    if game.no_deal is not None:
        blocks.append(_no_deal_note(game))
    if _table_note(scenario):
        blocks.append(str(_table_note(scenario)))
    blocks.append(Table(["issue", "options", "status quo", "controlled by", "one way",
                         "public"], issue_rows))
    if constraint_rows:
        blocks.append(Table(["constraint", "owner", "kind", "rule", "holds now"], constraint_rows))
    if scenario.parameters:
        blocks.append(Table(["parameter", "value", "range", "description"],
                            [[p.name, p.value,
                              f"[{p.range[0]:g}, {p.range[1]:g}]" if p.range else "",
                              p.description] for p in scenario.parameters.values()]))
    batnas = {pid: {"value": float(game.batna[p]), "from": batna_source(game)}
              for p, pid in enumerate(game.party_ids)}
    data = {"title": scenario.title, "parameters": scenario.values, "parties": parties,
            "batnas": batnas,
            "issues": issues, "status_quo": scenario.status_quo, "constraints": constraints,
            "packages": game.size}
    if scenario.sides:
        data["sides"] = {side: list(m) for side, m in scenario.sides.items()}
    ratifiers = {pid: {"party": p.ratifies.party, "when": p.ratifies.when_text or None}
                 for pid, p in scenario.parties.items() if p.ratifies is not None}
    if ratifiers:
        data["ratifiers"] = ratifiers
    return Section("scenario", "Scenario", blocks, data)


def run(args) -> int:
    return run_section(section, args)
