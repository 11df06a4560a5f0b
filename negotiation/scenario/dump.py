"""Scenario -> plain data -> YAML, such that loading gives an equal scenario."""
from __future__ import annotations

from typing import Any

import yaml

from negotiation.scenario.model import PARTY_QUANTITIES, Additive, Priorities, Ranking, Scenario


def _party(party, war: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"name": party.name}
    if party.description:
        data["description"] = party.description
    for attr in PARTY_QUANTITIES:
        data[attr] = getattr(party, attr).to_data()
    if war:  # the war block sets every batna
        del data["batna"]
    elif getattr(party, "crisis", None):  # the batna is derived from the crisis model
        del data["batna"]
        data["crisis"] = {k: q.to_data() for k, q in party.crisis.items()}
    if party.discount is not None:
        data["discount"] = party.discount.to_data()
    if party.ratifies is not None:
        data["ratifies"] = {"party": party.ratifies.party}
        if party.ratifies.when is not None:
            data["ratifies"]["when"] = party.ratifies.when_text or str(party.ratifies.when)
    return data


def _issue(issue, status_quo: bool) -> dict[str, Any]:
    detailed = any(o.label or o.description or o.value is not None for o in issue.options)
    if detailed:
        options: Any = {o.id: {k: v for k, v in (("label", o.label),
                                                  ("description", o.description),
                                                  ("value", o.value)) if v or v == 0.0}
                        for o in issue.options}
    else:
        options = list(issue.option_ids)
    data: dict[str, Any] = {}
    if issue.name:
        data["name"] = issue.name
    if issue.description:
        data["description"] = issue.description
    data["options"] = options
    if issue.ordered:
        data["ordered"] = True
    if status_quo:
        data["status_quo"] = issue.status_quo
    if issue.controlled_by:
        data["controlled_by"] = issue.controlled_by
    if issue.offered_by:
        data["offered_by"] = issue.offered_by
    if issue.one_way:
        data["one_way"] = True
    if not issue.public:
        data["public"] = False
    return data


def _preference(pref) -> dict[str, Any]:
    if isinstance(pref, Additive):
        data: dict[str, Any] = {
            "weights": {i: q.to_data() for i, q in pref.weights.items()},
            **({} if pref.normalise else {"normalise": False}),
            "scores": {i: {o: q.to_data() for o, q in t.items()} for i, t in pref.scores.items()},
        }
        if pref.adjustments:
            data["adjustments"] = [
                {"when": a.when_text or str(a.when), "add": a.add.to_data(),
                 **({} if a.public is None else {"public": a.public})}
                for a in pref.adjustments]
        return data
    if isinstance(pref, Ranking):
        levels = []
        for level in pref.levels:
            patterns = [dict(p) for p in level]
            levels.append(patterns[0] if len(patterns) == 1 else patterns)
        return {"ranking": levels}
    assert isinstance(pref, Priorities)
    return {"priorities": [t or str(r) for t, r in zip(pref.texts or [""] * len(pref.rules),
                                                        pref.rules)]}


def scenario_to_data(s: Scenario) -> dict[str, Any]:
    data: dict[str, Any] = {"format": s.format, "title": s.title}
    if s.description:
        data["description"] = s.description
    if s.as_of:
        data["as_of"] = s.as_of
    if s.sources:
        data["sources"] = {k: (v if isinstance(v, str) else dict(v)) for k, v in s.sources.items()}
    if s.parameters:
        data["parameters"] = {n: p.to_data() for n, p in s.parameters.items()}
    data["parties"] = {pid: _party(p, s.war is not None) for pid, p in s.parties.items()}
    if s.sides:
        data["sides"] = {side: list(members) for side, members in s.sides.items()}
    if not s.has_status_quo:
        data["status_quo"] = "none"
    data["issues"] = {iid: _issue(i, s.has_status_quo) for iid, i in s.issues.items()}
    data["preferences"] = {pid: _preference(p) for pid, p in s.preferences.items()}
    if s.constraints:
        data["constraints"] = [
            {k: v for k, v in (("id", c.id), ("owner", c.owner), ("kind", c.kind),
                               ("rule", c.rule_text or str(c.rule)), ("source", c.source),
                               ("note", c.note), ("posture", c.posture)) if v}
            for c in s.constraints]
    if s.offramp:
        data["offramp"] = {"for": s.offramp.party,
                           "requires": s.offramp.requires_text or str(s.offramp.requires)}
        if s.offramp.face != "strict":
            data["offramp"]["face"] = s.offramp.face
    if s.war is not None:
        data["war"] = s.war.to_data()
    if s.private:
        data["private"] = {party: list(names) for party, names in s.private.items()}
    return data


def scenario_to_yaml(s: Scenario) -> str:
    return yaml.safe_dump(scenario_to_data(s), sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)
