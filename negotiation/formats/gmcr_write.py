"""A scenario -> a GMCR+ conflict file (``.gmcr``, JSON).

The inverse of :mod:`negotiation.formats.gmcr_read`: every issue must be
binary (it becomes one option, taken when the issue is at ``yes``, or at its
second option); ``one_way`` becomes ``permittedDirection`` ``fwd`` (options
``[no, yes]``) or ``back`` (``[yes, no]``); feasibility rules become
infeasible conditions; ``priorities`` become prioritised statements and a
``ranking`` the manual preference ranking of the states (GMCR+ uses manual
rankings for every decision maker or for none, so when one party ranks,
every party's ranking is written). Where a name differs from its id, the id
is kept in an ``id`` key, which GMCR+ ignores and the reader reads back.
What cannot be said
(:mod:`negotiation.formats.export`):

* refused: an issue with other than two options;
* refused unless ``strict=False``: red lines and conditions (dropped), cardinal
  preferences (written as the ranking of the states by utility), binary
  options not named ``no``/``yes``, ratifiers (written as decision makers)
  and sides (dropped);
* never written: the title, description, sources, parameters, batnas, powers,
  audience costs and the offramp, and the status quo (GMCR+ keeps none; on
  reading, state 1 stands in for it).
"""
from __future__ import annotations

import json
import os
from itertools import product
from pathlib import Path

import numpy as np

from negotiation.formats.export import Exported, Verdicts
from negotiation.formats.gmcr_states import MAX_OPTIONS, decimal_code, feasible_states
from negotiation.scenario.expr import BoolOp, Compare, Not, evaluate_rule, rule_issues
from negotiation.scenario.model import Additive, Priorities, Ranking, Scenario

TRUTH_TABLE_ISSUES = 12  # a rule over more issues is not expanded into conditions


def write_gmcr(scenario: Scenario, path: str | os.PathLike, strict: bool = True,
               coalitions=()) -> Exported:
    """Write a scenario as a GMCR+ ``.gmcr`` file.

    Parameters
    ----------
    scenario : Scenario
        A graph model over binary issues.
    path : str or os.PathLike
        The file to write.
    strict : bool
        Refuse approximations (see the module docstring); with False they
        are written and listed in ``lost``.
    coalitions : sequence of sequence of str
        Coalitions of parties to declare in the file.

    Returns
    -------
    Exported

    Raises
    ------
    NotExpressible
        Listing everything the file could not hold.

    Examples
    --------
    >>> import negotiation, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     done = write_gmcr(negotiation.load("prisoners"), Path(folder) / "pd.gmcr")
    ...     back = negotiation.load(Path(folder) / "pd.gmcr")
    >>> [str(item).split(":")[0] for item in done.lost]
    ['the title']
    >>> back.preferences == negotiation.load("prisoners").preferences
    True
    """
    verdicts = Verdicts("GMCR+", strict)
    yes = _yes_options(scenario, verdicts)
    verdicts.check()
    ids = list(scenario.issues)
    infeasibles = _infeasibles(scenario, ids, yes, verdicts)
    verdicts.check()
    states = feasible_states(len(ids), infeasibles)
    model: dict[str, object] = {"program": "negotiation", "options": _options(scenario, yes),
                                "infeasibles": [_condition(c) for c in infeasibles]}
    manual = any(not isinstance(p, Priorities) for p in scenario.preferences.values())
    model["useManualPreferenceRanking"] = manual
    model["decisionMakers"] = [_decision_maker(scenario, pid, ids, yes, states, manual,
                                               verdicts) for pid in scenario.parties]
    model["coalitions"] = _coalitions(scenario, coalitions)
    verdicts.check()
    _lost(scenario, ids, yes, states, verdicts)
    Path(path).write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    return verdicts.result([path])


def _yes_options(scenario: Scenario, verdicts: Verdicts) -> dict[str, int]:
    """issue -> index of the option that means 'taken'."""
    yes = {}
    if len(scenario.issues) > MAX_OPTIONS:
        verdicts.refuse(f"{len(scenario.issues)} issues: GMCR+ lists 2**n states, at most "
                        f"{MAX_OPTIONS} options are written")
    for issue in scenario.issues.values():
        ids = issue.option_ids
        if len(ids) != 2:
            verdicts.refuse(f"issue {issue.id} has {len(ids)} options; a GMCR+ option is "
                            "binary (taken or not)")
            continue
        if "yes" in ids and "no" in ids:
            yes[issue.id] = ids.index("yes")
            if ids == ("yes", "no") and not issue.one_way:
                verdicts.notes.append(f"issue {issue.id}: read back as [no, yes]")
        else:
            verdicts.lossy(f"issue {issue.id}: options {ids[0]}, {ids[1]} are written as "
                           f"not taken / taken (read back as no, yes)")
            yes[issue.id] = 1
    return yes


def _options(scenario: Scenario, yes) -> list[dict]:
    out = []
    for issue in scenario.issues.values():
        direction = "both"
        if issue.one_way:
            direction = "fwd" if yes[issue.id] == 1 else "back"
        option = {"name": issue.name or issue.id, "permittedDirection": direction}
        if issue.name not in ("", issue.id):
            option["id"] = issue.id
        out.append(option)
    return out


def _literal(rule, ids, yes, scenario: Scenario):
    """(option, taken) for ``issue == option`` / ``issue != option``, or None."""
    if not isinstance(rule, Compare) or len(rule.options) != 1:
        return None
    issue = scenario.issues[rule.issue]
    taken = issue.index(rule.options[0]) == yes[rule.issue]
    return ids.index(rule.issue), taken != rule.negated


def dnf(rule, ids, yes, scenario: Scenario):
    """A rule as a disjunction of conjunctions of (option, taken): read off
    its form where it is one (``a == yes and b == no``, ``... or ...``),
    else from its truth table over the issues it names (None if too many)."""
    conj = _conjunction(rule, ids, yes, scenario)
    if conj is not None:
        return [conj]
    if isinstance(rule, BoolOp) and rule.op == "or":
        parts = [_conjunction(r, ids, yes, scenario) for r in rule.operands]
        if all(p is not None for p in parts):
            return parts
    return _minterms(rule, ids, yes, scenario, want=True)


def _conjunction(rule, ids, yes, scenario):
    if isinstance(rule, BoolOp) and rule.op == "and":
        lits = [_literal(r, ids, yes, scenario) for r in rule.operands]
        return lits if all(x is not None for x in lits) else None
    lit = _literal(rule, ids, yes, scenario)
    return None if lit is None else [lit]


def _minterms(rule, ids, yes, scenario: Scenario, want: bool):
    named = [i for i in ids if i in rule_issues(rule)]
    if len(named) > TRUTH_TABLE_ISSUES:
        return None
    rows = np.array(list(product((False, True), repeat=len(named))), dtype=bool)
    rows = rows.reshape(len(rows), len(named))
    columns = {i: np.where(rows[:, k], yes[i], 1 - yes[i]) for k, i in enumerate(named)}
    index = {i: {o: k for k, o in enumerate(scenario.issues[i].option_ids)} for i in named}
    truth = evaluate_rule(rule, columns, index) if named else np.array([True])
    return [[(ids.index(i), bool(row[k])) for k, i in enumerate(named)]
            for row, t in zip(rows, np.broadcast_to(truth, len(rows))) if bool(t) == want]


def _infeasibles(scenario: Scenario, ids, yes, verdicts: Verdicts) -> list:
    out = []
    for pid, party in scenario.parties.items():  # the graph model has decision makers only
        if party.ratifies is not None:
            verdicts.lossy(f"{pid} ratifies {party.ratifies.party}'s agreements (GMCR+ has no "
                           "ratifiers; written as a decision maker)")
    if scenario.sides:
        verdicts.lossy("the sides of the table (GMCR+ has none; dropped)")
    for c in scenario.constraints:
        if c.kind != "feasibility":
            verdicts.lossy(f"{c.kind} {c.id} (GMCR+ has no red lines or conditions; dropped)")
            continue
        if isinstance(c.rule, Not):
            terms = dnf(c.rule.operand, ids, yes, scenario)
            if terms is not None:
                out.append(terms)
                continue
        terms = _minterms(c.rule, ids, yes, scenario, want=False)
        if terms is None:
            verdicts.refuse(f"feasibility rule {c.id} names more than {TRUTH_TABLE_ISSUES} "
                            "issues and is not a negated conjunction")
        else:
            out.extend([term] for term in terms)
    return out


def _condition(conjunctions) -> list | dict:
    conj = [[[k, "Y" if taken else "N"] for k, taken in c] for c in conjunctions]
    return conj[0] if len(conj) == 1 else {"compound": True, "members": conj}


def _columns(scenario: Scenario, ids, yes, states) -> dict[str, np.ndarray]:
    bits = np.array(states, dtype=bool).reshape(len(states), len(ids))
    return {i: np.where(bits[:, k], yes[i], 1 - yes[i]) for k, i in enumerate(ids)}


def _scores(scenario: Scenario, pid: str, ids, yes, states) -> np.ndarray:
    """A utility (or priority score) per state, for a party's ranking."""
    pref = scenario.preferences[pid]
    columns = _columns(scenario, ids, yes, states)
    index = {i: {o: k for k, o in enumerate(scenario.issues[i].option_ids)} for i in ids}
    if isinstance(pref, Priorities):
        n = len(pref.rules)
        score = np.zeros(len(states))
        for k, r in enumerate(pref.rules):
            score += 2.0 ** (n - 1 - k) * evaluate_rule(r, columns, index)
        return score
    assert isinstance(pref, Additive)
    weights = {i: scenario.value(q) for i, q in pref.weights.items()}
    total = sum(weights.values()) or 1.0
    u = np.zeros(len(states))
    for i, w in weights.items():
        table = np.array([scenario.value(pref.scores[i][o]) if o in pref.scores.get(i, {})
                          else 0.0 for o in scenario.issues[i].option_ids])
        u += w / total * table[columns[i]]
    for adj in pref.adjustments:
        u += scenario.value(adj.add) * evaluate_rule(adj.when, columns, index)
    return u


def _ranking(scenario: Scenario, pid: str, ids, yes, states) -> list:
    pref = scenario.preferences[pid]
    numbers: list[list[int]] = []
    if isinstance(pref, Ranking):
        assigned: set[int] = set()
        for level in pref.levels:
            members = []
            for pattern in level:
                for n, state in enumerate(states, start=1):
                    if n not in assigned and _matches(scenario, pattern, ids, yes, state):
                        assigned.add(n)
                        members.append(n)
            numbers.append(members)
    else:
        u = np.round(_scores(scenario, pid, ids, yes, states), 9)
        numbers = [[int(n) + 1 for n in np.flatnonzero(u == value)]
                   for value in sorted(set(u))[::-1]]
    return [m[0] if len(m) == 1 else m for m in numbers if m]


def _matches(scenario: Scenario, pattern, ids, yes, state) -> bool:
    for issue, option in pattern:
        k = ids.index(issue)
        if (scenario.issues[issue].index(option) == yes[issue]) != state[k]:
            return False
    return True


def _decision_maker(scenario: Scenario, pid, ids, yes, states, manual, verdicts) -> dict:
    party, pref = scenario.parties[pid], scenario.preferences[pid]
    options = [k for k, i in enumerate(ids) if scenario.issues[i].controlled_by == pid]
    dm: dict = {"name": party.name or pid, "options": options}
    if party.name not in ("", pid):
        dm["id"] = pid
    if isinstance(pref, Additive):
        verdicts.lossy(f"party {pid} has cardinal (additive) preferences; written as its "
                       "ranking of the states by utility")
    if isinstance(pref, Priorities):
        statements = [dnf(r, ids, yes, scenario) for r in pref.rules]
        if any(s is None for s in statements):
            verdicts.refuse(f"a priority of {pid} names more than {TRUTH_TABLE_ISSUES} issues")
            return dm
        dm["preferences"] = [_condition(s) for s in statements]
        if manual:
            verdicts.notes.append(f"the priorities of {pid} are also written as its ranking "
                                  "(GMCR+ uses rankings for every party or for none)")
    if manual:
        dm["preferenceRanking"] = _ranking(scenario, pid, ids, yes, states)
    return dm


def _coalitions(scenario: Scenario, coalitions) -> list:
    parties = list(scenario.parties)
    grouped = [[parties.index(p) for p in c] for c in coalitions]
    alone = [k for k in range(len(parties)) if not any(k in g for g in grouped)]
    return grouped + alone


def _lost(scenario: Scenario, ids, yes, states, verdicts: Verdicts) -> None:
    verdicts.lost.append(f"the title: {scenario.title!r} (GMCR+ names a model by its file)")
    metadata = [("description", scenario.description), ("sources", scenario.sources),
                ("parameters", scenario.parameters), ("offramp", scenario.offramp)]
    verdicts.lost.extend(f"the {name}" for name, value in metadata if value)
    status_quo = tuple(scenario.issues[i].index(scenario.issues[i].status_quo) == yes[i]
                       for i in ids)
    if states and decimal_code(status_quo) != decimal_code(states[0]):
        verdicts.lost.append("the status quo (GMCR+ keeps none; state 1 stands in when read)")
    for pid, party in scenario.parties.items():
        numbers = [("batna", party.batna, 0.0), ("power", party.power, 1.0),
                   ("audience_cost", party.audience_cost, 0.0)]
        verdicts.lost.extend(f"the {name} of {pid}" for name, q, default in numbers
                             if scenario.value(q) != default)
