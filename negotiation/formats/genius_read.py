"""A GENIUS domain and its profiles -> a scenario.

The mapping (definitions of the files: :mod:`negotiation.formats.genius_xml`):

* **parties**: one per utility-space file; its id is made from the file
  name, without the prefix every file of the folder shares
  (``Camera-C-prof1.xml`` -> ``prof1``), and its name is the file name;
* **issues and options**: one per GENIUS issue and value; names that are not
  ids (``19'' LCD``, ``60 GB``) become ids by
  :func:`negotiation.formats.ids.make_id`, and the original is kept as the
  option's ``label`` (the issue's ``name``); an integer issue has one option
  per integer of its bounds (ids ``v_1``, ``v_2``, ... labelled ``1``,
  ``2``, ...);
* **preferences**: additive, with the weights as written and the scores
  ``e_i(v)`` of GENIUS (an evaluation divided by the largest of its issue);
  where a profile's weights do not sum to 1, ``normalise: false`` keeps them
  as written and caps the utility at 1, as GENIUS does;
* **integer issues** are ordered numeric issues (``ordered: true``), each
  option carrying its integer as its ``value``;
* **batna**: the reservation value;
* **discount factor**: the party's ``discount``, through the parameter
  ``discount_<party>`` (so that sweeps vary it); GENIUS discounts a
  utility ``u`` agreed at normalised time ``t`` to ``u * d**t``. The
  analyses of agreements do not use it; pass it to
  :func:`negotiation.rubinstein` as a per-round discount where wanted. A
  factor outside (0, 1], which GENIUS reads as no discounting, stays a
  parameter only;
* **status quo**: GENIUS has none, and the scenario declares
  ``status_quo: none`` (face-saving and the status-quo analysis then do not
  apply);
* nobody controls an issue (GENIUS has no moves), and there are no red lines.
"""
from __future__ import annotations

import os
from pathlib import Path

from negotiation.formats.common import Findings, Imported, fail, finish
from negotiation.formats.genius_xml import DomainIssue, Profile, read_domain, read_profile
from negotiation.formats.ids import IdMaker, kept_ids, label_for
from negotiation.formats.xmlsafe import XmlDoc, parse_xml
from negotiation.scenario.load import ScenarioError

DOMAIN_ROOT, PROFILE_ROOT = "negotiation_template", "utility_space"
SEPARATORS = "-_ ."


def genius_files(source: str | os.PathLike) -> tuple[Path, list[Path]]:
    """The domain file and the profile files of a GENIUS folder or domain.

    Parameters
    ----------
    source : str or os.PathLike
        A folder holding one domain XML and its profile XMLs, or a domain
        XML (its profiles are the utility spaces beside it).

    Returns
    -------
    (Path, list of Path)
        The domain and the profiles, sorted by name.

    Raises
    ------
    ScenarioError
        No domain, several domains, or no profile.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name, root in [("d.xml", DOMAIN_ROOT), ("b.xml", PROFILE_ROOT),
    ...                        ("a.xml", PROFILE_ROOT)]:
    ...         _ = (Path(folder) / name).write_text(f"<{root}/>")
    ...     domain, profiles = genius_files(folder)
    ...     domain.name, [p.name for p in profiles]
    ('d.xml', ['a.xml', 'b.xml'])
    """
    source = Path(source)
    folder = source if source.is_dir() else source.parent
    if not source.is_dir():
        parse_xml(source)  # a file given by name: its own problems come first
    roots, broken = {}, []
    for path in sorted(folder.glob("*.xml")):
        try:
            roots[path] = parse_xml(path).root.tag if path.is_file() else ""
        except ScenarioError as exc:  # a file of the folder that does not parse
            broken.extend(exc.problems)
    if broken:
        raise ScenarioError(broken)
    domains = [p for p, tag in roots.items() if tag == DOMAIN_ROOT]
    if not source.is_dir():
        domains = [source] if roots.get(source) == DOMAIN_ROOT else domains
    profiles = [p for p, tag in roots.items() if tag == PROFILE_ROOT]
    if len(domains) != 1:
        found = ", ".join(p.name for p in domains) or "none"
        raise fail(str(source), f"expected one GENIUS domain file (root <{DOMAIN_ROOT}>) in "
                                f"the folder, found {found}")
    if not profiles:
        raise fail(str(source), f"no GENIUS profile (root <{PROFILE_ROOT}>) beside the domain "
                                f"{domains[0].name}")
    return domains[0], profiles


def party_stems(stems: list[str], domain_stem: str = "") -> list[str]:
    """The party part of profile file names: without the prefix that every
    name (and the domain's) shares, cut at a separator.

    Parameters
    ----------
    stems : list of str
        Profile file names without ``.xml``.
    domain_stem : str
        The domain file's name without ``.xml``.

    Returns
    -------
    list of str

    Examples
    --------
    >>> party_stems(["Camera-C-prof1", "Camera-C-prof2"], "Camera-C-domain")
    ['prof1', 'prof2']
    >>> party_stems(["KillerRobot_util1", "KillerRobot_util2"], "KillerRobot")
    ['util1', 'util2']
    >>> party_stems(["profile1", "profile2"], "domain")
    ['profile1', 'profile2']
    """
    names = stems + ([domain_stem] if domain_stem else [])
    prefix = os.path.commonprefix(names)
    cut = max((k + 1 for k, c in enumerate(prefix) if c in SEPARATORS), default=0)
    if all(len(n) > len(prefix) and n[len(prefix)] in SEPARATORS for n in stems) and \
            (not domain_stem or domain_stem == prefix or
             domain_stem[len(prefix):len(prefix) + 1] in tuple(SEPARATORS)):
        cut = len(prefix) + 1
    stripped = [s[cut:] for s in stems]
    return stripped if all(stripped) else list(stems)


def read_genius(source: str | os.PathLike, profiles=None) -> Imported:
    """Read a GENIUS domain and its profiles into a scenario.

    Parameters
    ----------
    source : str or os.PathLike
        A domain folder, or a domain XML.
    profiles : sequence of path, optional
        The profile XMLs (default: every utility space beside the domain).

    Returns
    -------
    Imported
        The scenario, its commented YAML and the notes of the mapping.

    Raises
    ------
    ScenarioError
        Every problem of the files, at its file and line: XML that does not
        parse or declares entities, a profile of another domain, a negative
        weight or evaluation, a real-valued issue...

    Examples
    --------
    >>> import tempfile
    >>> domain = '''<negotiation_template><utility_space><objective name="Laptop">
    ... <issue index="1" name="Screen"><item value="19'' LCD"/><item value="15 inch"/>
    ... </issue></objective></utility_space></negotiation_template>'''
    >>> seller = '''<utility_space><objective><issue index="1" name="Screen">
    ... <item value="19'' LCD" evaluation="10"/><item value="15 inch" evaluation="5"/>
    ... </issue><weight index="1" value="1.0"/></objective>
    ... <discount_factor value="0.9"/><reservation value="0.3"/></utility_space>'''
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name, text in [("laptop.xml", domain), ("laptop_seller.xml", seller)]:
    ...         _ = (Path(folder) / name).write_text(text)
    ...     done = read_genius(folder)
    >>> s = done.scenario
    >>> list(s.parties), [(o.id, o.label) for o in s.issues["Screen"].options]
    (['seller'], [('v_19_LCD', "19'' LCD"), ('v_15_inch', '15 inch')])
    >>> s.value(s.parties["seller"].batna), s.value(s.parties["seller"].discount)
    (0.3, 0.9)
    >>> s.has_status_quo
    False
    """
    domain_path, found_profiles = genius_files(source)
    profile_paths = [Path(p) for p in profiles] if profiles else found_profiles
    found = Findings(str(domain_path))
    domain_doc = parse_xml(domain_path)
    _require_root(domain_doc, DOMAIN_ROOT)
    issues = read_domain(domain_doc, found)
    found.raise_if_any()
    read = []
    for path in profile_paths:
        doc = parse_xml(path)
        _require_root(doc, PROFILE_ROOT)
        profile = read_profile(doc, issues, found)
        if profile is not None:
            read.append((path, profile))
    found.raise_if_any()
    data, notes = scenario_data(domain_doc, issues, read)
    origin = f"the GENIUS domain {domain_path.name} with " \
             f"{', '.join(p.name for p, _ in read)}"
    return finish(data, source, "genius", notes=notes, origin=origin)


def _require_root(doc: XmlDoc, tag: str) -> None:
    if doc.root.tag != tag:
        raise fail(doc.filename, f"the root element is <{doc.root.tag}>, expected <{tag}> "
                                 "(a GENIUS " + ("domain" if tag == DOMAIN_ROOT else "profile")
                   + " file)", doc.line(doc.root))


def scenario_data(domain_doc: XmlDoc, issues: list[DomainIssue],
                  profiles: list[tuple[Path, Profile]]) -> tuple[dict, list[str]]:
    """Plain scenario data and the mapping notes of a read GENIUS domain."""
    issue_ids, option_ids = _issue_ids(issues)
    stems = party_stems([p.stem for p, _ in profiles], Path(domain_doc.filename).stem)
    party_ids = IdMaker()
    data: dict = {"format": "negotiation/1", "title": _title(domain_doc),
                  "sources": {"genius": {"cite": "GENIUS domain " +
                                         Path(domain_doc.filename).name}},
                  "parameters": {}, "parties": {}, "status_quo": "none", "issues": {},
                  "preferences": {}}
    notes = ["scores are GENIUS evaluations divided by the largest evaluation of their issue"]
    for issue in issues:
        data["issues"][issue_ids[issue.index]] = _issue_data(issue, issue_ids, option_ids)
    for (path, profile), stem in zip(profiles, stems):
        pid = party_ids(stem)
        notes.extend(_party(data, pid, path, profile, issues, issue_ids, option_ids))
    notes.extend(_domain_notes(issues))
    return data, notes


def _title(doc: XmlDoc) -> str:
    objective = doc.root.find(".//objective")
    name = (objective.get("name") if objective is not None else "") or ""
    if not name or name == "root":
        return f"{Path(doc.filename).stem} (GENIUS domain)"
    return name


def _issue_ids(issues: list[DomainIssue]):
    issue_ids = kept_ids([i.ident for i in issues], [i.name for i in issues])
    option_ids = {}
    for issue in issues:
        if issue.kind == "integer":
            option_ids[issue.index] = [f"v_{v}" if int(v) >= 0 else f"v_minus_{-int(v)}"
                                       for v in issue.values]
        else:
            option_ids[issue.index] = kept_ids(issue.value_ids, issue.values)
    return dict(zip((i.index for i in issues), issue_ids)), option_ids


def _issue_data(issue: DomainIssue, issue_ids, option_ids) -> dict:
    ids = option_ids[issue.index]
    labels = [label_for(o, v) for o, v in zip(ids, issue.values)]
    data: dict = {}
    if issue.name != issue_ids[issue.index]:
        data["name"] = issue.name
    if issue.kind == "integer":  # ordered, each option its integer
        data["ordered"] = True
        data["options"] = {o: {"label": lab, "value": int(v)} if lab else {"value": int(v)}
                           for o, v, lab in zip(ids, issue.values, labels)}
    elif any(labels):
        data["options"] = {o: ({"label": lab} if lab else None) for o, lab in zip(ids, labels)}
    else:
        data["options"] = list(ids)
    return data


def _party(data, pid, path: Path, profile: Profile, issues, issue_ids, option_ids) -> list[str]:
    notes = []
    total = sum(profile.weights.values())
    party: dict = {"name": profile.name or path.stem, "batna": profile.reservation}
    notes.extend(_discount(data, party, pid, profile))
    data["parties"][pid] = party
    preferences: dict = {
        "weights": {issue_ids[i.index]: profile.weights[i.index] for i in issues},
        "scores": {issue_ids[i.index]: dict(zip(option_ids[i.index], profile.scores[i.index]))
                   for i in issues}}
    if abs(total - 1.0) > 1e-9 and total > 0:
        preferences = {"weights": preferences["weights"], "normalise": False,
                       "scores": preferences["scores"]}
        notes.append(f"{pid}: the weights sum to {total:.6g}, not 1; they are kept as written "
                     "(normalise: false) and the utility is capped at 1, as in GENIUS"
                     + (" (the cap binds where the weighted sum exceeds 1)" if total > 1
                        else ""))
    data["preferences"][pid] = preferences
    return notes


def _discount(data: dict, party: dict, pid: str, profile: Profile) -> list[str]:
    """The discount factor: a parameter the party's ``discount`` names (a
    GENIUS file), or as a scenario's export declared it (``declared_as``)."""
    d = profile.discount
    if profile.discount_as == "party":
        party["discount"] = d
        return []
    data["parameters"][f"discount_{pid}"] = {
        "value": d, "description": f"GENIUS discount factor of {pid} (a utility u agreed at "
                                   "time t in [0, 1] is worth u * d**t)"}
    if profile.discount_as == "parameter":
        return []
    if 0 < d <= 1:
        party["discount"] = f"discount_{pid}"
        return []
    return [f"{pid}: discount factor {d:g} is outside (0, 1] (GENIUS reads it as no "
            "discounting); kept as the parameter only"]


def _domain_notes(issues: list[DomainIssue]) -> list[str]:
    notes = ["batna: each profile's reservation value",
             "discount factors: each party's discount, the parameter discount_<party> "
             "(GENIUS semantics: u agreed at time t is worth u * d**t)",
             "status quo: GENIUS has none (status_quo: none), so utilities and margins at "
             "the status quo, face-saving and the status-quo analysis do not apply",
             "nobody controls an issue and there are no red lines (GENIUS has neither)"]
    for issue in issues:
        if issue.kind == "integer" and issue.bounds:
            low, high = issue.bounds
            notes.append(f"integer issue {issue.name!r}: ordered, one option per integer from "
                         f"{low} to {high} (step 1) with that value, scored by the profile's "
                         "linear evaluator clipped to [0, 1]")
    return notes
