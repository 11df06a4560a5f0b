"""A scenario -> a GENIUS domain and one utility space per party.

The inverse of :mod:`negotiation.formats.genius_read`: ``domain.xml`` holds
the issues and their values (an option's label, else its id), and
``<party>.xml`` each party's weights, evaluations, reservation value (its
batna) and discount factor (the parameter ``discount_<party>``, else 1).
Numbers are the scenario's at its current parameter values.

GENIUS divides an evaluation by the largest of its issue, so where a party's
best score on an issue is ``m < 1`` the evaluations are the scores over
``m`` and the weight is multiplied by ``m``: GENIUS then computes the same
utilities (its weights as written; they no longer sum to 1). Weights that do
not sum to 1 are normalised first, unless the party says ``normalise:
false``: then they are written as declared, and GENIUS's own cap at 1 is the
scenario's. The discount factor is the party's ``discount``, else the
parameter ``discount_<party>``, else 1; a ``declared_as`` attribute (which
GENIUS ignores) says which, so that reading the folder back declares it the
same way. What cannot be said
(:mod:`negotiation.formats.export`):

* refused: ordinal preferences (rankings, priorities), negative scores;
* refused unless ``strict=False``: constraints of every kind (GENIUS has no
  red lines, conditions or feasibility rules: dropped), adjustments
  (dropped), powers other than 1 and audience costs (dropped), a batna
  outside [0, 1] (clipped), ratifiers (written as negotiating parties) and
  sides (dropped);
* never written: who controls an issue, ``one_way``, ``public``, the status
  quo, the description, sources, other parameters and the offramp.

Issue and option names are written as GENIUS names (an issue's name, an
option's label), and where they differ from the scenario's ids, the ids are
kept in ``id`` attributes (a party's name in the profile's ``name``), which
GENIUS ignores and :func:`~negotiation.formats.genius_read.read_genius`
reads back, so that a round trip keeps every id.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from negotiation.formats.export import Exported, Verdicts
from negotiation.scenario.model import Additive, Scenario

OBJECTIVE: dict[str, Any] = {"index": "0", "type": "objective", "etype": "objective"}
DISCRETE: dict[str, Any] = {"type": "discrete", "etype": "discrete", "vtype": "discrete"}


def write_genius(scenario: Scenario, folder: str | os.PathLike,
                 strict: bool = True) -> Exported:
    """Write a scenario as a GENIUS domain folder.

    Parameters
    ----------
    scenario : Scenario
        A scenario with additive preferences for every party.
    folder : str or os.PathLike
        Where to write ``domain.xml`` and one ``<party>.xml`` per party
        (created if missing).
    strict : bool
        Refuse approximations (see the module docstring); with False they
        are written and listed in ``lost``.

    Returns
    -------
    Exported

    Raises
    ------
    NotExpressible
        Listing everything GENIUS could not hold.

    Examples
    --------
    >>> import negotiation, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     done = write_genius(negotiation.load("logroll"), folder, strict=False)
    ...     back = negotiation.load(folder)
    >>> [Path(f).name for f in done.files]
    ['domain.xml', 'alpha.xml', 'beta.xml']
    >>> list(back.parties), list(back.issues)
    (['alpha', 'beta'], ['water', 'border'])
    """
    verdicts = Verdicts("GENIUS", strict)
    _check(scenario, verdicts)
    verdicts.check()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    values = _values(scenario)
    domain = folder / f"{_domain_stem(scenario)}.xml"
    _write(domain, _domain_xml(scenario, values))
    files = [domain]
    for pid in scenario.parties:
        path = folder / f"{pid}.xml"
        _write(path, _profile_xml(scenario, pid, values, verdicts))
        files.append(path)
    _lost(scenario, verdicts)
    return verdicts.result(files)


def _check(scenario: Scenario, verdicts: Verdicts) -> None:
    for pid, pref in scenario.preferences.items():
        if not isinstance(pref, Additive):
            verdicts.refuse(f"party {pid} states an ordinal {type(pref).__name__.lower()}; "
                            "a GENIUS profile is additive (weights and evaluations)")
            continue
        for issue, table in pref.scores.items():
            low = min((scenario.value(q) for q in table.values()), default=0.0)
            if low < 0:
                verdicts.refuse(f"party {pid} scores an option of {issue} below 0 ({low:g}); "
                                "GENIUS evaluations are zero or more")
        if pref.adjustments:
            verdicts.lossy(f"the adjustments of {pid} (GENIUS utilities are additive; dropped)")
    for c in scenario.constraints:
        verdicts.lossy(f"{c.kind} {c.id} (GENIUS has no red lines, conditions or "
                       "feasibility rules; dropped)")
    for pid, party in scenario.parties.items():
        batna = scenario.value(party.batna)
        if scenario.value(party.power) != 1:
            verdicts.lossy(f"the power of {pid} (GENIUS has no bargaining power; dropped)")
        if scenario.value(party.audience_cost) != 0:
            verdicts.lossy(f"the audience cost of {pid} (dropped)")
        if not 0 <= batna <= 1:
            verdicts.lossy(f"the batna of {pid}, {batna:g}, is outside [0, 1] (clipped)")
        if party.ratifies is not None:
            verdicts.lossy(f"{pid} ratifies {party.ratifies.party}'s agreements (GENIUS has "
                           "no ratifiers; written as a negotiating party)")
    if scenario.sides:
        verdicts.lossy("the sides of the table (GENIUS has none; dropped)")


def _values(scenario: Scenario) -> dict[str, list[str]]:
    """issue -> the GENIUS value of each option: labels where they are
    distinct, else ids."""
    out = {}
    for issue in scenario.issues.values():
        labels = [o.label or o.id for o in issue.options]
        out[issue.id] = labels if len(set(labels)) == len(labels) else list(issue.option_ids)
    return out


def _issue_names(scenario: Scenario) -> dict[str, str]:
    names = {i.id: i.name or i.id for i in scenario.issues.values()}
    return names if len(set(names.values())) == len(names) else {i: i for i in names}


def _domain_stem(scenario: Scenario) -> str:
    """A domain file name no party's file name can be confused with."""
    for stem in ("domain", "issues", "space", "outcomes"):
        if not any(pid.startswith(stem[0]) for pid in scenario.parties):
            return stem
    return "domain"


def _number(value: float) -> str:
    return repr(float(value))


def _domain_xml(scenario: Scenario, values) -> ET.Element:
    root = ET.Element("negotiation_template")
    space = ET.SubElement(root, "utility_space", number_of_issues=str(len(scenario.issues)))
    objective = ET.SubElement(space, "objective", name=scenario.title, **OBJECTIVE)
    names = _issue_names(scenario)
    for k, iid in enumerate(scenario.issues, start=1):
        issue = ET.SubElement(objective, "issue", index=str(k), name=names[iid], **DISCRETE)
        if names[iid] != iid:
            issue.set("id", iid)
        for j, (value, oid) in enumerate(zip(values[iid], scenario.issues[iid].option_ids),
                                         start=1):
            item = ET.SubElement(issue, "item", index=str(j), value=value)
            if value != oid:
                item.set("id", oid)
    return root


def _profile_xml(scenario: Scenario, pid: str, values, verdicts: Verdicts) -> ET.Element:
    pref = scenario.preferences[pid]
    assert isinstance(pref, Additive)
    raw = {i: scenario.value(pref.weights[i]) if i in pref.weights else 0.0
           for i in scenario.issues}
    total = sum(raw.values()) or 1.0
    keep = abs(total - 1.0) <= 1e-12 or not pref.normalise
    weights = raw if keep else {i: w / total for i, w in raw.items()}
    root = ET.Element("utility_space")
    if scenario.parties[pid].name not in ("", pid):
        root.set("name", scenario.parties[pid].name)
    objective = ET.SubElement(root, "objective", name=scenario.title, **OBJECTIVE)
    names = _issue_names(scenario)
    for k, (iid, issue) in enumerate(scenario.issues.items(), start=1):
        scores = [scenario.value(pref.scores[iid][o]) if o in pref.scores.get(iid, {}) else 0.0
                  for o in issue.option_ids]
        top = max(scores)
        if top <= 0:  # the issue counts for nothing: any evaluations, weight 0
            scores, weights[iid] = [1.0] * len(scores), 0.0
        elif top != 1.0:
            weights[iid] *= top
            scores = [s / top for s in scores]
            verdicts.notes.append(f"{pid}, {iid}: the best score is {top:g}, so the evaluations "
                                  f"are the scores over {top:g} and the weight is scaled by it")
        element = ET.SubElement(objective, "issue", index=str(k), name=names[iid], **DISCRETE)
        for j, (value, score) in enumerate(zip(values[iid], scores), start=1):
            ET.SubElement(element, "item", index=str(j), value=value, evaluation=_number(score))
    for k, iid in enumerate(scenario.issues, start=1):
        ET.SubElement(objective, "weight", index=str(k), value=_number(weights[iid]))
    discount, declared = _discount(scenario, pid)
    element = ET.SubElement(root, "discount_factor", value=_number(discount))
    if declared:
        element.set("declared_as", declared)
    batna = min(1.0, max(0.0, scenario.value(scenario.parties[pid].batna)))
    ET.SubElement(root, "reservation", value=_number(batna))
    return root


def _discount(scenario: Scenario, pid: str) -> tuple[float, str]:
    """(the discount factor, how the scenario declares it: "party",
    "parameter" or "" for not at all)."""
    party = scenario.parties[pid]
    if party.discount is not None:
        return scenario.value(party.discount), "party"
    if f"discount_{pid}" in scenario.values:
        return scenario.values[f"discount_{pid}"], "parameter"
    return 1.0, ""


def _write(path: Path, root: ET.Element) -> None:
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _lost(scenario: Scenario, verdicts: Verdicts) -> None:
    issues = scenario.issues.values()
    lost = [("who controls an issue", any(i.controlled_by for i in issues)),
            ("one_way issues", any(i.one_way for i in issues)),
            ("private issues (public: false)", any(not i.public for i in issues)),
            ("the status quo (GENIUS has none; read back, the scenario declares "
             "status_quo: none)",
             any(i.status_quo != i.option_ids[0] for i in issues) and scenario.has_status_quo),
            ("the values of ordered issues (written as discrete values)",
             any(i.ordered for i in issues)),
            ("the order of the parties (profiles are read in the order of their file names)",
             list(scenario.parties) != sorted(scenario.parties)),
            ("the description", bool(scenario.description)),
            ("the sources", bool(scenario.sources)),
            ("the offramp", scenario.offramp is not None),
            ("parameters (their current values are written)",
             any(not n.startswith("discount_") for n in scenario.parameters))]
    verdicts.lost.extend(what for what, holds in lost if holds)
