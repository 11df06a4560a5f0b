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


PARTY_COLUMNS = ["party", "name", "power", "batna", "batna from", "audience cost"]
STATUS_QUO_COLUMNS = ["utility at status quo", "margin"]


def _party_columns(scenario) -> list[str]:
    """The party table's columns: the status quo's only where there is one, the
    discount only where one is declared."""
    columns = PARTY_COLUMNS + (STATUS_QUO_COLUMNS if scenario.has_status_quo else [])
    return columns + (["discount"] if _discounts(scenario) else [])


def _discounts(scenario) -> dict[str, float]:
    """party -> its declared discount factor per round."""
    return {pid: scenario.value(p.discount) for pid, p in scenario.parties.items()
            if p.discount is not None}


def _party_rows(scenario, game):
    sq = game.status_quo[None, :]
    raw, eff = game.utilities(sq)[0], game.effective(sq)[0]
    source, discounts = batna_source(game), _discounts(scenario)
    rows, data = [], {}
    for p, (pid, party) in enumerate(scenario.parties.items()):
        cardinal = scenario.cardinal(pid)
        u = float(eff[p]) if cardinal and scenario.has_status_quo else None
        row = [pid, party.name, game.power[p], game.batna[p], source.replace("_", " "),
               game.audience_cost[p]]
        if scenario.has_status_quo:
            row += [u if cardinal else f"rank score {raw[p]:g} (ordinal)",
                    (u - game.batna[p]) if u is not None else ""]
        rows.append(row + ([discounts.get(pid, "")] if discounts else []))
        data[pid] = {"name": party.name, "power": game.power[p], "batna": game.batna[p],
                     "audience_cost": game.audience_cost[p], "status_quo_utility": u,
                     "cardinal": cardinal, "discount": discounts.get(pid),
                     "capped": bool(game.capped is not None and game.capped[p])}
    return rows, data


def _options_text(issue) -> str:
    """An issue's options for people: the id (needed to write rules), then
    what it stands for where that differs (its label, or its value)."""
    return ", ".join(o.id if o.shown == o.id else f"{o.id} ({o.shown})" for o in issue.options)


def _issue_rows(scenario):
    rows, data = [], {}
    for iid, issue in scenario.issues.items():
        head = [iid, _options_text(issue)]
        rows.append(head + ([issue.status_quo] if scenario.has_status_quo else [])
                    + [_mover(issue), issue.one_way, issue.public])
        data[iid] = {"name": issue.name, "options": list(issue.option_ids),
                     "status_quo": issue.status_quo if scenario.has_status_quo else None,
                     "controlled_by": issue.controlled_by, "offered_by": issue.offered_by,
                     "one_way": issue.one_way, "public": issue.public,
                     "ordered": issue.ordered}
        if any(o.label for o in issue.options):
            data[iid]["labels"] = {o.id: o.label for o in issue.options if o.label}
        if issue.ordered:
            data[iid]["values"] = {o.id: o.value for o in issue.options}
    return rows, data


def _issue_columns(scenario) -> list[str]:
    sq = ["status quo"] if scenario.has_status_quo else []
    return ["issue", "options", *sq, "moved by", "one way", "public"]


def _mover(issue) -> str:
    """Who moves an issue: its controller, its offer's maker (who alone can
    take it back), or no one alone (by agreement)."""
    if issue.controlled_by:
        return issue.controlled_by
    return f"offered by {issue.offered_by}" if issue.offered_by else ""


def _constraint_rows(scenario, game):
    held = game.satisfied(game.status_quo[None, :])[0]
    now = scenario.has_status_quo
    rows = [[c.id, c.owner or "", c.kind, c.rule_text, *([h] if now else [])]
            for c, h in zip(scenario.constraints, held)]
    data = [{"id": c.id, "owner": c.owner, "kind": c.kind, "rule": c.rule_text,
             "holds_at_status_quo": bool(h) if now else None, "source": c.source}
            for c, h in zip(scenario.constraints, held)]
    return rows, data


def _notes(scenario, game) -> list[str]:
    """What the tables do not say: no status quo, utilities capped at 1."""
    notes = []
    if not scenario.has_status_quo:
        notes.append("No status quo (status_quo: none): utilities and margins at the status "
                     "quo, face-saving and the status-quo analysis do not apply.")
    if game.capped is not None:
        names = [pid for pid, c in zip(game.party_ids, game.capped) if c]
        notes.append(f"Weights as declared, utility capped at 1 (normalise: false): "
                     f"{', '.join(names)}.")
    return notes


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
    blocks.append(Table(_party_columns(scenario), party_rows))
    blocks.extend(_notes(scenario, game))
    if game.no_deal is not None:
        blocks.append(_no_deal_note(game))
    if _table_note(scenario):
        blocks.append(str(_table_note(scenario)))
    blocks.append(Table(_issue_columns(scenario), issue_rows))
    if constraint_rows:
        blocks.append(Table(["constraint", "owner", "kind", "rule",
                             *(["holds now"] if scenario.has_status_quo else [])],
                            constraint_rows))
    if scenario.parameters:
        blocks.append(Table(["parameter", "value", "range", "description"],
                            [[p.name, p.value,
                              f"[{p.range[0]:g}, {p.range[1]:g}]" if p.range else "",
                              p.description] for p in scenario.parameters.values()]))
    batnas = {pid: {"value": float(game.batna[p]), "from": batna_source(game)}
              for p, pid in enumerate(game.party_ids)}
    data = {"title": scenario.title, "parameters": scenario.values, "parties": parties,
            "batnas": batnas,
            "issues": issues,
            "status_quo": scenario.status_quo if scenario.has_status_quo else None,
            "constraints": constraints,
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
