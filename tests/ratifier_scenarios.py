"""Scenarios for the sides and ratifier tests: the unit pie with a ratifier,
and random scenarios (tests/random_scenarios.py) changed as plain data."""
from __future__ import annotations

import yaml

import negotiation

N = 20  # the pie is cut in N + 1 shares: A gets k / N


def pie_yaml(r: float | None = None, when: str | None = None, venue_rule: str | None = None,
             sides: dict | None = None, n: int = N, power: float = 1.0) -> str:
    """A unit pie between ``a`` and ``b`` (batnas 0), with a venue issue that
    matters to no one; with ``r`` a ratifier ``ra`` of ``a`` whose utility is
    a's share and whose batna is ``r`` (its approval needed where ``when``
    holds); ``venue_rule`` a red line of b's on the venue."""
    shares = [f"s{k:03d}" for k in range(n + 1)]
    a = {o: k / n for k, o in enumerate(shares)}
    b = {o: 1 - k / n for k, o in enumerate(shares)}
    data: dict = {"format": "negotiation/1", "title": "unit pie",
                  "parties": {"a": {"batna": 0, "power": power}, "b": {"batna": 0}},
                  "issues": {"share": {"options": shares, "status_quo": shares[0]},
                             "venue": {"options": ["geneva", "vienna"],
                                       "status_quo": "geneva"}},
                  "preferences": {"a": {"weights": {"share": 1}, "scores": {"share": a}},
                                  "b": {"weights": {"share": 1}, "scores": {"share": b}}}}
    if r is not None:
        block: dict = {"party": "a"}
        if when:
            block["when"] = when
        data["parties"]["ra"] = {"batna": r, "ratifies": block}
        data["preferences"]["ra"] = {"weights": {"share": 1}, "scores": {"share": a}}
    if venue_rule:
        data["constraints"] = [{"id": "venue", "owner": "b", "kind": "red_line",
                                "rule": venue_rule}]
    if sides:
        data["sides"] = sides
    return yaml.safe_dump(data, sort_keys=False)


def pie(*args, **kwargs):
    return negotiation.loads(pie_yaml(*args, **kwargs))


def share(solution) -> float:
    """a's share at a solution."""
    return int(solution.package["share"][1:]) / N


def with_ratifier(text: str, party: str, batna: float, when: str | None, copy_of: str):
    """A random scenario with a ratifier ``r0`` of ``party`` that has the
    preferences of ``copy_of`` (another party, so it disagrees at times)."""
    data = yaml.safe_load(text)
    block: dict = {"party": party}
    if when:
        block["when"] = when
    data["parties"]["r0"] = {"batna": batna, "ratifies": block}
    data["preferences"]["r0"] = data["preferences"][copy_of]
    if data.get("offramp", {}).get("for") == "r0":
        del data["offramp"]
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))


def split(text: str, party: str):
    """(the scenario, the scenario with ``party`` split into two identical
    members ``party`` and ``party_twin`` of one side)."""
    data = yaml.safe_load(text)
    twin = f"{party}_twin"
    data["parties"][twin] = dict(data["parties"][party])
    data["preferences"][twin] = data["preferences"][party]
    data["sides"] = {f"{party}_side": [party, twin]}
    return negotiation.loads(text), negotiation.loads(yaml.safe_dump(data, sort_keys=False))
