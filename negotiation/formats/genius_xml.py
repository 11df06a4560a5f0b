"""The XML files of GENIUS: a domain and its utility spaces (profiles).

GENIUS (the platform of the ANAC automated-negotiation competitions) keeps
a negotiation in one **domain** file (root ``negotiation_template``: the
issues and their values) and one **utility space** per party (root
``utility_space``: a weight per issue, an evaluation per value, a
reservation value and a discount factor). The utility of an outcome is

    u(o) = sum_i w_i * e_i(o_i)

with the weights as written (they normally sum to 1) and, for a discrete
issue, ``e_i(v) = evaluation(v) / max_v' evaluation(v')``: the evaluation of
a value divided by the largest evaluation of its issue. An integer issue
takes every integer between its ``lowerbound`` and ``upperbound`` (step 1)
and is evaluated by a linear function clipped to [0, 1]:
``e(x) = slope * (x - lowerbound) + offset`` (older files write
``parameter1 * x + parameter0``). Real-valued issues are refused: any
discretisation would change the domain.

This module reads the files into plain records and checks them; the
mapping onto a scenario is :mod:`negotiation.formats.genius_read`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from negotiation.formats.common import Findings
from negotiation.formats.xmlsafe import XmlDoc

MAX_INTEGER_VALUES = 1000  # values an integer issue may take (one option each)


@dataclass
class DomainIssue:
    """One issue of a domain: its GENIUS index, name and values."""

    index: str
    name: str
    kind: str  # "discrete" or "integer"
    values: list[str] = field(default_factory=list)
    bounds: tuple[int, int] | None = None  # integer issues
    line: int = 1
    ident: str = ""  # the id= attribute a scenario's export writes (GENIUS ignores it)
    value_ids: list[str] = field(default_factory=list)


@dataclass
class Profile:
    """One utility space: raw weights and per-value evaluations in [0, 1]."""

    weights: dict[str, float]  # issue index -> weight as written
    scores: dict[str, list[float]]  # issue index -> e_i(v), per domain value
    reservation: float = 0.0
    discount: float = 1.0
    name: str = ""
    # how a scenario's export declared the discount (``declared_as``, which
    # GENIUS ignores): "parameter" or "party"; "" for a GENIUS file
    discount_as: str = ""


def _number(found: Findings, doc: XmlDoc, element, attribute: str, what: str) -> float | None:
    text = element.get(attribute)
    if text is None:
        found.add(f"{what}: no {attribute}= attribute", doc.line(element), file=doc.filename)
        return None
    try:
        value = float(text) if text is not None else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        found.add(f"{what}: {attribute}={text!r} is not a finite number",
                  doc.line(element), file=doc.filename)
        return None
    return value


def _objective(doc: XmlDoc, found: Findings):
    objective = doc.root.find(".//objective")
    if objective is None:
        found.add("no <objective> element (expected the issues of a GENIUS domain)",
                  doc.line(doc.root), file=doc.filename)
        return None
    if objective.find(".//objective") is not None:
        found.add("nested objectives are not supported (expected issues directly under "
                  "the root objective)", doc.line(objective.find(".//objective")),
                  file=doc.filename)
        return None
    return objective


def read_domain(doc: XmlDoc, found: Findings) -> list[DomainIssue]:
    """The issues of a GENIUS domain file.

    Parameters
    ----------
    doc : XmlDoc
        The parsed domain file (root ``negotiation_template``).
    found : Findings
        Where problems are recorded.

    Returns
    -------
    list of DomainIssue

    Examples
    --------
    >>> from negotiation.formats.xmlsafe import parse_xml_bytes
    >>> doc = parse_xml_bytes(b'''<negotiation_template><utility_space><objective>
    ... <issue index="1" name="Price" etype="integer" lowerbound="1" upperbound="3"/>
    ... <issue index="2" name="Colour" etype="discrete"><item value="red"/><item value="blue"/>
    ... </issue></objective></utility_space></negotiation_template>''', "d.xml")
    >>> [(i.name, i.kind, i.values) for i in read_domain(doc, Findings("d.xml"))]
    [('Price', 'integer', ['1', '2', '3']), ('Colour', 'discrete', ['red', 'blue'])]
    """
    objective = _objective(doc, found)
    issues: list[DomainIssue] = []
    if objective is None:
        return issues
    for element in objective.findall("issue"):
        issue = _domain_issue(doc, element, found)
        if issue is not None:
            issues.append(issue)
    if not issues and not found:
        found.add("the domain has no issues", doc.line(objective), file=doc.filename)
    return issues


def _kind(element) -> str:
    return (element.get("etype") or element.get("type") or element.get("vtype")
            or "discrete").lower()


def _domain_issue(doc: XmlDoc, element, found: Findings) -> DomainIssue | None:
    name, line = element.get("name") or "", doc.line(element)
    issue = DomainIssue(element.get("index") or name, name, _kind(element), line=line,
                        ident=element.get("id") or "")
    where = f"issue {name!r}"
    if not name:
        found.add("an issue without a name", line, file=doc.filename)
        return None
    if issue.kind == "discrete":
        issue.values = [item.get("value") or "" for item in element.findall("item")]
        issue.value_ids = [item.get("id") or "" for item in element.findall("item")]
        if not issue.values or "" in issue.values:
            found.add(f"{where}: every discrete issue needs items with a value", line,
                      file=doc.filename)
            return None
        if len(set(issue.values)) < len(issue.values):
            found.add(f"{where}: a value appears twice", line, file=doc.filename)
            return None
        return issue
    if issue.kind == "integer":
        return _integer_issue(doc, element, issue, found)
    found.add(f"{where}: {issue.kind} issues are not imported (a real-valued issue "
              "would have to be discretised, which changes the domain; only discrete "
              "and integer issues are read)", line, file=doc.filename)
    return None


def _integer_issue(doc: XmlDoc, element, issue: DomainIssue, found: Findings):
    low = _number(found, doc, element, "lowerbound", f"issue {issue.name!r}")
    high = _number(found, doc, element, "upperbound", f"issue {issue.name!r}")
    if low is None or high is None:
        return None
    if low != int(low) or high != int(high) or high < low:
        found.add(f"issue {issue.name!r}: the bounds {low:g}..{high:g} are not whole numbers "
                  "with lowerbound <= upperbound", issue.line, file=doc.filename)
        return None
    count = int(high) - int(low) + 1
    if count > MAX_INTEGER_VALUES:
        found.add(f"issue {issue.name!r}: {count} integer values, more than "
                  f"{MAX_INTEGER_VALUES} (one option per value); not imported",
                  issue.line, file=doc.filename)
        return None
    issue.bounds = (int(low), int(high))
    issue.values = [str(v) for v in range(int(low), int(high) + 1)]
    return issue


def read_profile(doc: XmlDoc, issues: list[DomainIssue], found: Findings) -> Profile | None:
    """The weights, evaluations, reservation value and discount of a profile.

    Every issue and value of the profile must be the domain's: a profile of
    another domain is a problem, and so is a negative weight or evaluation.

    Parameters
    ----------
    doc : XmlDoc
        The parsed utility space (root ``utility_space``).
    issues : list of DomainIssue
        The domain's issues.
    found : Findings
        Where problems are recorded.

    Returns
    -------
    Profile or None
        None when problems were found.

    Examples
    --------
    >>> from negotiation.formats.xmlsafe import parse_xml_bytes
    >>> domain = [DomainIssue("1", "Colour", "discrete", ["red", "blue"])]
    >>> doc = parse_xml_bytes(b'''<utility_space><objective>
    ... <issue index="1" name="Colour"><item value="red" evaluation="4"/>
    ... <item value="blue" evaluation="2"/></issue><weight index="1" value="1"/>
    ... </objective><reservation value="0.25"/></utility_space>''', "p.xml")
    >>> p = read_profile(doc, domain, Findings("p.xml"))
    >>> p.weights, p.scores, p.reservation, p.discount
    ({'1': 1.0}, {'1': [1.0, 0.5]}, 0.25, 1.0)
    """
    before = len(found.problems)
    objective = _objective(doc, found)
    if objective is None:
        return None
    by_index = {i.index: i for i in issues}
    weights = _weights(doc, objective, by_index, found)
    scores = {}
    for element in objective.findall("issue"):
        pair = _profile_issue(doc, element, by_index, found)
        if pair is not None:
            scores[pair[0]] = pair[1]
    for issue in issues:
        if issue.index not in scores and len(found.problems) == before:
            found.add(f"no evaluations for the domain's issue {issue.name!r} (a profile "
                      "of another domain?)", doc.line(objective), file=doc.filename)
    reservation = _scalar(doc, "reservation", 0.0, found)
    discount = _scalar(doc, "discount_factor", 1.0, found)
    if len(found.problems) > before:
        return None
    element = doc.root.find("discount_factor")
    declared = (element.get("declared_as") or "") if element is not None else ""
    return Profile(weights, scores, reservation, discount, doc.root.get("name") or "",
                   declared)


def _scalar(doc: XmlDoc, tag: str, default: float, found: Findings) -> float:
    element = doc.root.find(tag)
    if element is None:
        return default
    value = _number(found, doc, element, "value", f"<{tag}>")
    if value is not None and not 0.0 <= value <= 1.0:
        found.add(f"<{tag}> value {value:g} is outside [0, 1]", doc.line(element),
                  file=doc.filename)
    return default if value is None else value


def _weights(doc: XmlDoc, objective, by_index, found: Findings) -> dict[str, float]:
    weights: dict[str, float] = {}
    seen = set()
    for element in objective.findall("weight"):
        index = element.get("index") or ""
        seen.add(index)
        value = _number(found, doc, element, "value", f"weight of issue {index}")
        if index not in by_index:
            found.add(f"a weight for issue index {index!r}, which the domain does not have "
                      "(a profile of another domain?)", doc.line(element), file=doc.filename)
        elif value is not None and value < 0:
            found.add(f"the weight of issue {by_index[index].name!r} is negative ({value:g})",
                      doc.line(element), file=doc.filename)
        elif value is not None:
            weights[index] = value
    for index, issue in by_index.items():
        if index not in seen:
            found.add(f"no weight for issue {issue.name!r}", doc.line(objective),
                      file=doc.filename)
    return weights


def _profile_issue(doc: XmlDoc, element, by_index, found: Findings):
    index, name, line = element.get("index") or "", element.get("name") or "", doc.line(element)
    issue = by_index.get(index)
    if issue is None or (name and name != issue.name):
        known = ", ".join(repr(i.name) for i in by_index.values())
        found.add(f"issue {name or index!r} is not an issue of the domain (its issues: "
                  f"{known}; a profile of another domain?)", line, file=doc.filename)
        return None
    if issue.kind == "integer":
        scores = _integer_scores(doc, element, issue, found)
    else:
        scores = _discrete_scores(doc, element, issue, found)
    return None if scores is None else (issue.index, scores)


def _discrete_scores(doc: XmlDoc, element, issue: DomainIssue, found: Findings):
    evaluations: dict[str, float] = {}
    for item in element.findall("item"):
        value = item.get("value") or ""
        number = _number(found, doc, item, "evaluation", f"value {value!r} of {issue.name!r}")
        if value not in issue.values:
            found.add(f"value {value!r} is not a value of the domain's issue {issue.name!r} "
                      f"(its values: {', '.join(issue.values)}; a profile of another domain?)",
                      doc.line(item), file=doc.filename)
        elif number is not None and number < 0:
            found.add(f"the evaluation of {value!r} ({issue.name!r}) is negative ({number:g})",
                      doc.line(item), file=doc.filename)
        elif number is not None:
            evaluations[value] = number
    seen = {item.get("value") or "" for item in element.findall("item")}
    missing = [v for v in issue.values if v not in seen]
    if missing:
        found.add(f"issue {issue.name!r}: no evaluation for {', '.join(map(repr, missing))}",
                  doc.line(element), file=doc.filename)
    if len(evaluations) < len(issue.values):
        return None
    top = max(evaluations.values())
    return [evaluations[v] / top if top > 0 else 0.0 for v in issue.values]


def _integer_scores(doc: XmlDoc, element, issue: DomainIssue, found: Findings):
    evaluator = element.find("evaluator")
    assert issue.bounds is not None
    if evaluator is None:
        found.add(f"integer issue {issue.name!r} has no <evaluator>", doc.line(element),
                  file=doc.filename)
        return None
    low, high = issue.bounds
    if evaluator.get("slope") is not None:
        slope = _number(found, doc, evaluator, "slope", f"issue {issue.name!r}")
        offset = _number(found, doc, evaluator, "offset", f"issue {issue.name!r}")
        start = low
    else:  # the older form: parameter1 * x + parameter0
        slope = _number(found, doc, evaluator, "parameter1", f"issue {issue.name!r}")
        offset = _number(found, doc, evaluator, "parameter0", f"issue {issue.name!r}")
        start = 0
    if slope is None or offset is None:
        return None
    return [min(1.0, max(0.0, slope * (x - start) + offset)) for x in range(low, high + 1)]
