"""A GMCR+ conflict file (``.gmcr``, JSON) -> a scenario.

The file (states and conditions: :mod:`negotiation.formats.gmcr_states`)
holds ``options`` (``name``, ``permittedDirection``), ``decisionMakers``
(``name``, the ``options`` each holds, ``preferences`` as prioritised
statements, optionally a ``preferenceRanking`` of state numbers),
``infeasibles``, ``useManualPreferenceRanking`` and ``coalitions``. The
mapping:

* **issues**: one binary issue per option, with the options ``no`` and
  ``yes``, controlled by the decision maker that holds it;
  ``permittedDirection`` ``fwd`` (only ever taken) is ``one_way`` with the
  options ``[no, yes]``, ``back`` (only ever given up) is ``one_way`` with
  ``[yes, no]``, ``both`` is reversible;
* **feasibility rules**: one per infeasible condition, ``not (...)``;
* **preferences**: the prioritised statements become ``priorities`` (the
  same scoring, Fang, Hipel & Kilgour 1993); a manual ranking, where the file
  says to use it, becomes a ``ranking`` of whole states, best first, ties
  kept;
* **status quo**: GMCR+ keeps none in the file; state 1 (the feasible state
  of lowest decimal code) stands in for it;
* **coalitions**: coalitions of two or more decision makers are returned in
  :attr:`Imported.coalitions` and named in the comments, for
  ``stability(..., coalitions=...)`` and ``negotiation stability
  --coalition``;
* **misperceptions** (hypergames) are read and reported as not modelled.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from negotiation.formats.common import Findings, Imported, fail, finish
from negotiation.formats.gmcr_states import MAX_OPTIONS, feasible_states, literals
from negotiation.formats.ids import kept_ids, label_for
from negotiation.scenario.load import read_file

DIRECTIONS = ("both", "fwd", "back")


def parse_json(path: Path):
    """The JSON value of a file (at most ``MAX_BYTES``), or a ScenarioError
    at the line and column where it stops parsing.

    Parameters
    ----------
    path : Path

    Returns
    -------
    object

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "x.gmcr"
    ...     _ = path.write_text('{"options": [1,\\n 2,]}')
    ...     try:
    ...         parse_json(path)
    ...     except Exception as error:
    ...         print(str(error).split("x.gmcr:")[1])
    2:4: not valid JSON: Expecting value
    """
    raw = read_file(Path(path))
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise fail(str(path), f"not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise fail(str(path), f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise fail(str(path), "not read: the JSON is nested too deeply") from None


def read_gmcr(source: str | os.PathLike) -> Imported:
    """Read a GMCR+ ``.gmcr`` file into a scenario.

    Parameters
    ----------
    source : str or os.PathLike
        The ``.gmcr`` file (JSON).

    Returns
    -------
    Imported
        The scenario, its commented YAML, the notes of the mapping, what was
        not modelled (misperceptions) and the declared coalitions.

    Raises
    ------
    ScenarioError
        JSON that does not parse, a missing key, a reference to a missing
        option or decision maker, an option held twice, a ranking that
        misses or repeats a state.

    Examples
    --------
    >>> import json, tempfile
    >>> pd = {"options": [{"name": "Cooperate (P1)", "permittedDirection": "both"},
    ...                   {"name": "Cooperate (P2)", "permittedDirection": "both"}],
    ...       "decisionMakers": [
    ...           {"name": "P1", "options": [0], "preferences": [[[1, "Y"]], [[0, "N"]]]},
    ...           {"name": "P2", "options": [1], "preferences": [[[0, "Y"]], [[1, "N"]]]}],
    ...       "infeasibles": []}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "pd.gmcr"
    ...     _ = path.write_text(json.dumps(pd))
    ...     s = read_gmcr(path).scenario
    >>> [(i.id, i.controlled_by) for i in s.issues.values()]
    [('Cooperate_P1', 'P1'), ('Cooperate_P2', 'P2')]
    >>> [str(r) for r in s.preferences["P1"].rules]
    ['Cooperate_P2 == yes', 'Cooperate_P1 == no']
    """
    path = Path(source)
    model = parse_json(path)
    found = Findings(str(path))
    options, dms = _check_shape(model, found)
    found.raise_if_any()
    ids = kept_ids([_written_id(o) for o in options], [o["name"] for o in options])
    holder = _holders(dms, len(options), found)
    infeasibles = _conditions(model.get("infeasibles") or [], len(options), "infeasibles", found)
    found.raise_if_any()
    states = feasible_states(len(options), infeasibles)
    if not states:
        raise fail(str(path), "every state is infeasible", path="infeasibles")
    party_ids = kept_ids([_written_id(dm) for dm in dms], [dm["name"] for dm in dms])
    manual = bool(model.get("useManualPreferenceRanking"))
    data: dict[str, Any] = {"format": "negotiation/1", "title": f"{path.stem} (GMCR+ conflict)",
                            "sources": {"gmcr": {"cite": f"GMCR+ conflict file {path.name}"}},
            "parties": {pid: ({"name": dm["name"]} if pid != dm["name"] else {})
                        for pid, dm in zip(party_ids, dms)},
            "issues": _issues(options, ids, holder, party_ids, states[0]),
            "preferences": {}, "constraints": _feasibility(infeasibles, options, ids)}
    for k, (pid, dm) in enumerate(zip(party_ids, dms)):
        data["preferences"][pid] = _preference(dm, k, manual, ids, options, states, found)
    found.raise_if_any()
    coalitions = _coalitions(model.get("coalitions"), party_ids, found)
    found.raise_if_any()
    notes = _notes(manual, coalitions, states)
    return finish(data, path, "gmcr", notes=notes, not_modelled=_not_modelled(dms, party_ids),
                  coalitions=coalitions, origin=f"the GMCR+ file {path.name}")


def _written_id(entry: dict) -> str:
    """The ``id`` key a scenario's export writes (GMCR+ ignores it), or ''."""
    value = entry.get("id")
    return value if isinstance(value, str) else ""


def _check_shape(model, found: Findings) -> tuple[list, list]:
    if not isinstance(model, dict):
        found.add("the file is not a JSON object (expected options, decisionMakers, "
                  "infeasibles)")
        return [], []
    options, dms = model.get("options"), model.get("decisionMakers")
    for key, value in (("options", options), ("decisionMakers", dms)):
        if not isinstance(value, list) or not value:
            found.add(f"{key!r} must be a non-empty list", path=key)
    if found:
        return [], []
    assert isinstance(options, list) and isinstance(dms, list)
    if len(options) > MAX_OPTIONS:
        found.add(f"{len(options)} options: more than {MAX_OPTIONS} (2**{MAX_OPTIONS} states)",
                  path="options")
    for k, option in enumerate(options):
        if not isinstance(option, dict) or not isinstance(option.get("name"), str):
            found.add("an option needs a name", path=f"options[{k}]")
        elif option.get("permittedDirection", "both") not in DIRECTIONS:
            found.add(f"permittedDirection {option.get('permittedDirection')!r} is not one of "
                      f"{', '.join(DIRECTIONS)}", path=f"options[{k}].permittedDirection")
    for k, dm in enumerate(dms):
        if not isinstance(dm, dict) or not isinstance(dm.get("name"), str):
            found.add("a decision maker needs a name", path=f"decisionMakers[{k}]")
        elif not isinstance(dm.get("options", []), list):
            found.add("'options' must be a list of option numbers",
                      path=f"decisionMakers[{k}].options")
    return options, dms


def _holders(dms, n_options: int, found: Findings) -> dict[int, int]:
    holder: dict[int, int] = {}
    for k, dm in enumerate(dms):
        for j, option in enumerate(dm.get("options") or []):
            where = f"decisionMakers[{k}].options[{j}]"
            if not _valid_option(option, n_options):
                found.add(f"option {option!r} does not exist (options are numbered 0 to "
                          f"{n_options - 1})", path=where)
            elif option in holder:
                found.add(f"option {option} is held by two decision makers", path=where)
            else:
                holder[option] = k
    return holder


def _valid_option(option, n_options: int) -> bool:
    return isinstance(option, int) and not isinstance(option, bool) and 0 <= option < n_options


def _conditions(raw, n_options: int, where: str, found: Findings) -> list:
    out: list = []
    if not isinstance(raw, list):
        found.add("expected a list of conditions", path=where)
        return out
    for k, condition in enumerate(raw):
        try:
            conjunctions = literals(condition)
        except ValueError as exc:
            found.add(str(exc), path=f"{where}[{k}]")
            continue
        missing = sorted({o for conj in conjunctions for o, _ in conj
                          if not _valid_option(o, n_options)})
        if missing:
            found.add(f"option {', '.join(map(str, missing))} does not exist (options are "
                      f"numbered 0 to {n_options - 1})", path=f"{where}[{k}]")
            continue
        out.append(conjunctions)
    return out


def _issues(options, ids, holder, party_ids, status_quo) -> dict:
    issues = {}
    for k, (option, iid) in enumerate(zip(options, ids)):
        direction = option.get("permittedDirection", "both")
        data: dict = {}
        if label_for(iid, option["name"]):
            data["name"] = option["name"]
        data["options"] = ["yes", "no"] if direction == "back" else ["no", "yes"]
        data["status_quo"] = "yes" if status_quo[k] else "no"
        if k in holder:
            data["controlled_by"] = party_ids[holder[k]]
        if direction != "both":
            data["one_way"] = True
        issues[iid] = data
    return issues


def rule_text(conjunctions, ids) -> str:
    """A condition (from :func:`literals`) as a rule of the scenario format.

    Examples
    --------
    >>> rule_text([[(0, True), (1, False)], [(2, True)]], ["a", "b", "c"])
    '(a == yes and b == no) or c == yes'
    """
    parts = [" and ".join(f"{ids[o]} == {'yes' if taken else 'no'}" for o, taken in conj)
             for conj in conjunctions]
    if len(parts) == 1:
        return parts[0]
    return " or ".join(f"({p})" if " and " in p else p for p in parts)


def _feasibility(infeasibles, options, ids) -> list[dict]:
    return [{"id": f"infeasible_{k + 1}", "kind": "feasibility",
             "rule": f"not ({rule_text(c, ids)})",
             "note": "an infeasible condition of the GMCR+ file"}
            for k, c in enumerate(infeasibles)]


def _preference(dm, k, manual, ids, options, states, found: Findings) -> dict:
    where = f"decisionMakers[{k}]"
    if manual:
        if "preferenceRanking" not in dm:
            found.add("useManualPreferenceRanking is true but this decision maker has no "
                      "preferenceRanking", path=where)
            return {}
        return {"ranking": _ranking(dm["preferenceRanking"], ids, states, where, found)}
    statements = _conditions(dm.get("preferences") or [], len(options),
                             f"{where}.preferences", found)
    if not statements:  # indifferent: every state ties
        first = ids[0]
        return {"ranking": [[{first: "no"}, {first: "yes"}]]}
    return {"priorities": [rule_text(c, ids) for c in statements]}


def _ranking(raw, ids, states, where: str, found: Findings) -> list:
    levels: list = []
    seen: set[int] = set()
    if not isinstance(raw, list):
        found.add("preferenceRanking must be a list of state numbers", path=where)
        return levels
    for j, entry in enumerate(raw):
        numbers = entry if isinstance(entry, list) else [entry]
        level = []
        for number in numbers:
            if not _valid_option(number - 1 if isinstance(number, int) else None, len(states)):
                found.add(f"state {number!r} does not exist (the feasible states are numbered "
                          f"1 to {len(states)})", path=f"{where}.preferenceRanking[{j}]")
            elif number in seen:
                found.add(f"state {number} is ranked twice", path=f"{where}.preferenceRanking")
            else:
                seen.add(number)
                state = states[number - 1]
                level.append({iid: ("yes" if state[o] else "no") for o, iid in enumerate(ids)})
        if level:
            levels.append(level[0] if len(level) == 1 else level)
    missing = [n for n in range(1, len(states) + 1) if n not in seen]
    if missing:
        found.add(f"the ranking misses state(s) {', '.join(map(str, missing))}",
                  path=f"{where}.preferenceRanking")
    return levels


def _coalitions(raw, party_ids, found: Findings) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for k, entry in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(entry, list) and len(entry) > 1:
            if not all(_valid_option(m, len(party_ids)) for m in entry):
                found.add("a coalition names a decision maker that does not exist",
                          path=f"coalitions[{k}]")
                continue
            out.append(tuple(party_ids[m] for m in entry))
    return out


def _notes(manual: bool, coalitions, states) -> list[str]:
    notes = ["each GMCR+ option is a binary issue (no/yes) controlled by its decision maker; "
             "permittedDirection fwd or back is one_way (for back the options are [yes, no])",
             "infeasible conditions are feasibility rules",
             ("preferences: the manual preference rankings, state by state, ties kept"
              if manual else "preferences: option prioritisation (priorities)"),
             f"status quo: state 1 of the file's numbering (of {len(states)} feasible states); "
             "GMCR+ keeps no status quo in the file"]
    for coalition in coalitions:
        notes.append("coalition " + " + ".join(coalition) + ": test it with "
                     "negotiation stability FILE --coalition " + ",".join(coalition))
    return notes


def _not_modelled(dms, party_ids) -> list[str]:
    out = []
    for pid, dm in zip(party_ids, dms):
        if dm.get("misperceptions"):
            out.append(f"misperceptions of {pid} ({len(dm['misperceptions'])} condition(s), a "
                       "hypergame): read, not modelled; the analysis assumes every decision "
                       "maker sees every state")
        if dm.get("payoffs") or dm.get("preferenceVector"):
            out.append(f"the payoff vector of {pid}: not read (its preferences are used)")
    return out
