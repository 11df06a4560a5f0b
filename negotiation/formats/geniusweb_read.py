"""GeniusWeb JSON profiles -> a scenario.

GeniusWeb (the successor of GENIUS, since 2019) keeps each party's
preferences in one JSON **profile**::

    {"LinearAdditiveUtilitySpace": {
        "name": "...", "domain": {"name": "...", "issuesValues": {ISSUE: {"values": [...]}}},
        "issueWeights": {ISSUE: w, ...},
        "issueUtilities": {ISSUE: {"DiscreteValueSetUtilities":
                                   {"valueUtilities": {VALUE: u, ...}}}},
        "reservationBid": {"issuevalues": {ISSUE: VALUE, ...}}}}

The utility of an outcome is ``sum_i w_i * u_i(v_i)``, with the value
utilities as written (already in [0, 1]; unlike GENIUS, nothing is divided
by a maximum). A number issue (``"range": {"low", "high", "step"}``, with
``NumberValueSetUtilities`` ``lowValue``/``lowUtility``/``highValue``/
``highUtility``) has one option per step, its utility interpolated linearly
between the two points and constant beyond them. The older key
``discreteutils`` is read as ``DiscreteValueSetUtilities``. The batna is
the utility of the reservation bid (0 without one). The mapping otherwise
follows GENIUS (:mod:`negotiation.formats.genius_read`): one party per
profile, ids made from names with the originals kept as labels, and no
status quo (``status_quo: none``); a number issue is an ordered issue whose
options carry their numbers as values.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from negotiation.formats.common import Findings, Imported, fail, finish
from negotiation.formats.genius_read import party_stems
from negotiation.formats.gmcr_read import parse_json
from negotiation.formats.ids import IdMaker, label_for

KEY = "LinearAdditiveUtilitySpace"
MAX_NUMBER_VALUES = 1000


def is_profile(value) -> bool:
    """Whether a JSON value is a GeniusWeb linear additive profile.

    Examples
    --------
    >>> is_profile({"LinearAdditiveUtilitySpace": {}}), is_profile({"options": []})
    (True, False)
    """
    return isinstance(value, dict) and isinstance(value.get(KEY), dict)


def profile_files(source: str | os.PathLike) -> list[Path]:
    """The GeniusWeb profiles of a folder, or of a profile's folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "a.json").write_text('{"LinearAdditiveUtilitySpace": {}}')
    ...     _ = (Path(folder) / "d.json").write_text('{"name": "d", "issuesValues": {}}')
    ...     [p.name for p in profile_files(folder)]
    ['a.json']
    """
    source = Path(source)
    folder = source if source.is_dir() else source.parent
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            if path.is_file() and is_profile(parse_json(path)):
                found.append(path)
        except ValueError:
            continue
    if not found:
        raise fail(str(source), f"no GeniusWeb profile (a JSON object with {KEY!r})")
    return found


def read_geniusweb(source: str | os.PathLike) -> Imported:
    """Read GeniusWeb JSON profiles (one per party) into a scenario.

    Parameters
    ----------
    source : str or os.PathLike
        A folder of profiles, or one profile (with the others beside it).

    Returns
    -------
    Imported

    Raises
    ------
    ScenarioError
        A profile of another domain, a negative weight or utility, a value
        the domain does not have, an unknown value-set kind.

    Examples
    --------
    >>> import json, tempfile
    >>> domain = {"name": "jobs", "issuesValues": {"salary": {"values": ["2000", "3000"]}}}
    >>> def profile(name, utils):
    ...     return {KEY: {"name": name, "domain": domain, "issueWeights": {"salary": 1},
    ...                   "issueUtilities": {"salary": {"DiscreteValueSetUtilities":
    ...                                      {"valueUtilities": utils}}}}}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name, utils in [("boss", {"2000": 1, "3000": 0}),
    ...                         ("hire", {"2000": 0, "3000": 1})]:
    ...         _ = (Path(folder) / f"{name}.json").write_text(json.dumps(profile(name, utils)))
    ...     s = read_geniusweb(folder).scenario
    >>> list(s.parties), s.issues["salary"].option_ids
    (['boss', 'hire'], ('v_2000', 'v_3000'))
    """
    paths = profile_files(source)
    found = Findings(str(source))
    profiles = [(p, parse_json(p)[KEY]) for p in paths]
    domain = profiles[0][1].get("domain")
    issues = _domain(domain, str(paths[0]), found)
    found.raise_if_any()
    data: dict[str, Any] = {"format": "negotiation/1",
            "title": f"{domain.get('name') or Path(paths[0]).parent.name} (GeniusWeb domain)",
            "sources": {"geniusweb": {"cite": "GeniusWeb profiles " +
                                      ", ".join(p.name for p in paths)}},
            "parties": {}, "status_quo": "none", "issues": {}, "preferences": {}}
    make, issue_ids, option_ids = IdMaker(), {}, {}
    ranged = _number_issues(domain)
    for name, values in issues.items():
        iid = issue_ids[name] = make(name)
        option_maker = IdMaker()
        option_ids[name] = [option_maker(v) for v in values]
        labels = [label_for(o, v) for o, v in zip(option_ids[name], values)]
        data["issues"][iid] = {**({"name": name} if iid != name else {}),
                               "options": {o: ({"label": lab} if lab else None)
                                           for o, lab in zip(option_ids[name], labels)}}
        if name in ranged:  # a number issue: ordered, each option its number
            data["issues"][iid]["ordered"] = True
            for o, v in zip(option_ids[name], values):
                data["issues"][iid]["options"][o] = {
                    **(data["issues"][iid]["options"][o] or {}), "value": float(v)}
    party_ids = IdMaker()
    for (path, profile), stem in zip(profiles, party_stems([p.stem for p in paths])):
        pid = party_ids(stem)
        if profile.get("domain") != domain:
            found.add("this profile is for another domain than "
                      f"{paths[0].name}'s", file=str(path), path=f"{KEY}.domain")
            continue
        pref, batna = _profile(profile, issues, issue_ids, option_ids, str(path), found)
        data["parties"][pid] = {"name": profile.get("name") or path.stem, "batna": batna}
        data["preferences"][pid] = pref
    found.raise_if_any()
    notes = ["scores are the profiles' value utilities, as written",
             "batna: the utility of each profile's reservation bid (0 without one)",
             "status quo: GeniusWeb has none (status_quo: none)",
             "number issues: ordered, each option carrying its number",
             "nobody controls an issue and there are no red lines"]
    return finish(data, source, "geniusweb", notes=notes,
                  origin="the GeniusWeb profiles " + ", ".join(p.name for p in paths))


def _number_issues(domain) -> set[str]:
    """The issues of the domain given by a range of numbers (not by values)."""
    values = domain.get("issuesValues") if isinstance(domain, dict) else None
    return {name for name, spec in (values if isinstance(values, dict) else {}).items()
            if isinstance(spec, dict) and not isinstance(spec.get("values"), list)
            and isinstance(spec.get("range"), dict)}


def _domain(domain, filename: str, found: Findings) -> dict[str, list[str]]:
    values = domain.get("issuesValues") if isinstance(domain, dict) else None
    if not isinstance(values, dict) or not values:
        found.add("the profile's domain has no issuesValues", file=filename,
                  path=f"{KEY}.domain")
        return {}
    issues = {}
    for name, spec in values.items():
        spec = spec if isinstance(spec, dict) else {}
        if isinstance(spec.get("values"), list) and spec["values"]:
            issues[name] = [str(v) for v in spec["values"]]
        elif isinstance(spec.get("range"), dict):
            issues[name] = _range_values(spec["range"], name, filename, found)
        else:
            found.add(f"issue {name!r}: expected values or a range", file=filename,
                      path=f"{KEY}.domain.issuesValues.{name}")
    return issues


def _range_values(spec, name: str, filename: str, found: Findings) -> list[str]:
    try:
        low, high, step = (float(spec[k]) for k in ("low", "high", "step"))
    except (KeyError, TypeError, ValueError):
        low = high = step = float("nan")
    count = int((high - low) / step) + 1 if step > 0 and high >= low else 0
    if not 0 < count <= MAX_NUMBER_VALUES:
        found.add(f"issue {name!r}: a range needs numbers low <= high and step > 0, with at "
                  f"most {MAX_NUMBER_VALUES} steps", file=filename,
                  path=f"{KEY}.domain.issuesValues.{name}.range")
        return []
    return [f"{low + k * step:g}" for k in range(count)]


def _profile(profile, issues, issue_ids, option_ids, filename, found: Findings):
    weights = profile.get("issueWeights") or {}
    utilities = profile.get("issueUtilities") or {}
    pref: dict = {"weights": {}, "scores": {}}
    for name, values in issues.items():
        iid = issue_ids[name]
        where = f"{KEY}.issueWeights.{name}"
        weight = weights.get(name)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight < 0:
            found.add(f"the weight of issue {name!r} must be a number >= 0, found {weight!r}",
                      file=filename, path=where)
            continue
        scores = _scores(utilities.get(name), values, name, filename, found)
        if scores is None:
            continue
        pref["weights"][iid] = float(weight)
        pref["scores"][iid] = dict(zip(option_ids[name], scores))
    return pref, _reservation(profile, issues, weights, pref, issue_ids, option_ids)


def _scores(spec, values, name, filename, found: Findings):
    where = f"{KEY}.issueUtilities.{name}"
    spec = spec if isinstance(spec, dict) else {}
    discrete = spec.get("DiscreteValueSetUtilities") or spec.get("discreteutils")
    if isinstance(discrete, dict):
        table = discrete.get("valueUtilities") or {}
        bad = [v for v in values if not _unit(table.get(v))]
        unknown = [v for v in table if v not in values]
        if bad or unknown:
            found.add(f"issue {name!r}: every value needs a utility in [0, 1] "
                      f"(missing or bad: {', '.join(bad) or 'none'}; not in the domain: "
                      f"{', '.join(unknown) or 'none'})", file=filename, path=where)
            return None
        return [float(table[v]) for v in values]
    number = spec.get("NumberValueSetUtilities") or spec.get("numberutils")
    if isinstance(number, dict):
        try:
            lo, ulo, hi, uhi = (float(number[k]) for k in ("lowValue", "lowUtility",
                                                            "highValue", "highUtility"))
        except (KeyError, TypeError, ValueError):
            found.add(f"issue {name!r}: a number utility needs lowValue, lowUtility, highValue "
                      "and highUtility", file=filename, path=where)
            return None
        span = hi - lo or 1.0
        return [ulo + (min(max(float(v), lo), hi) - lo) / span * (uhi - ulo) for v in values]
    found.add(f"issue {name!r}: expected DiscreteValueSetUtilities or NumberValueSetUtilities",
              file=filename, path=where)
    return None


def _unit(value) -> bool:
    """Whether a JSON value is a number in [0, 1]."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 1


def _reservation(profile, issues, weights, pref, issue_ids, option_ids) -> float:
    bid = (profile.get("reservationBid") or {}).get("issuevalues") or {}
    total = 0.0
    for name, values in issues.items():
        iid, value = issue_ids[name], str(bid.get(name, ""))
        if value in values and iid in pref["scores"]:
            option = option_ids[name][values.index(value)]
            total += float(weights[name]) * pref["scores"][iid][option]
    return total if bid else 0.0
