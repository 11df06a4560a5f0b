"""Structural validation of scenario data against the JSON Schema.

Turns :mod:`jsonschema` errors into the project's messages: the path of the
offending item and what was expected, with a did-you-mean for unknown keys.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from negotiation.scenario.schema import SCENARIO_SCHEMA

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_PREFERENCE_FORMS = ("weights", "ranking", "priorities")


@cache
def _validator():
    """The schema validator, built on first use: importing jsonschema costs
    about 0.1 s, which commands that read no scenario do not pay."""
    import jsonschema

    return jsonschema.Draft202012Validator(SCENARIO_SCHEMA)


def _best_match(errors):
    from jsonschema.exceptions import best_match

    return best_match(errors)


def did_you_mean(word: object, choices) -> str:
    import difflib  # only a file with a misspelt name needs it

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "nothing (null)"
    return {dict: "a mapping", list: "a list", str: "a string", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _expected_types(schema_type: str | list[str]) -> str:
    names = {"object": "a mapping", "array": "a list", "string": "a string",
             "number": "a number", "integer": "a whole number", "boolean": "true or false",
             "null": "nothing"}
    types = schema_type if isinstance(schema_type, list) else [schema_type]
    return " or ".join(names.get(t, t) for t in types)


def _pick_branch(error: ValidationError) -> ValidationError | None:
    """For a oneOf failure, the error of the branch the user meant."""
    instance = error.instance
    if isinstance(instance, dict):
        for form in _PREFERENCE_FORMS:
            if form in instance:
                branch = [e for e in error.context
                          if e.relative_schema_path[0] == _PREFERENCE_FORMS.index(form)]
                if branch:
                    return _best_match(branch)
    # drop the branches of the wrong type, not a type error inside the right one
    type_ok = [e for e in error.context if e.validator != "type" or e.relative_path]
    return _best_match(type_ok) if type_ok else None


def _messages(error: ValidationError):
    path = tuple(error.absolute_path)
    # Errors from a validator always carry the instance, the validator's
    # value and the schema (Unset is only for errors built by hand).
    value: Any = error.instance
    expected: Any = error.validator_value
    kind = error.validator
    if kind == "oneOf":
        branch = _pick_branch(error)
        if branch is not None:
            yield from _messages(branch)
            return
        yield path, f"expected {_one_of_summary(error)}, found {_type_name(value)}"
    elif kind == "additionalProperties" and isinstance(value, dict):
        known = list(cast(Mapping[str, Any], error.schema).get("properties", {}))
        for key in value:
            if key not in known:
                listing = ", ".join(known)
                yield path + (key,), (f"unknown key {key!r} (expected one of: {listing})"
                                      f"{did_you_mean(key, known)}{_comma_hint(key, value)}")
    elif kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        yield path, f"missing required key {missing!r}"
    elif kind == "type" and expected == ["number", "string"]:
        # a NUMBER: say what the string may hold, not just "a string"
        yield path, (f"expected a number or an arithmetic expression of parameters, "
                     f"found {_type_name(value)}")
    elif kind == "type":
        yield path, (f"expected {_expected_types(expected)}, "
                     f"found {_type_name(value)}")
    elif kind == "pattern":
        yield path, (f"{value!r} is not a valid name (expected letters, digits and "
                     "underscores, not starting with a digit)")
    elif kind == "propertyNames":
        yield path, f"{value!r} is not a valid name"
    elif kind in ("minItems", "minProperties"):
        yield path, "empty (expected at least one entry)"
    elif kind in ("maxItems", "maxProperties"):
        yield path, f"too many entries (expected at most {expected})"
    elif kind in ("enum", "const"):
        allowed = expected if kind == "enum" else [expected]
        yield path, (f"{value!r} is not allowed (expected one of: "
                     f"{', '.join(map(str, allowed))}){did_you_mean(value, allowed)}")
    else:
        yield path, error.message


def _comma_hint(key, mapping: dict) -> str:
    """Words with spaces and no value: most likely the rest of a value cut at
    an unquoted comma in a flow mapping (``{description: a, b}``)."""
    if isinstance(key, str) and " " in key.strip() and mapping.get(key) is None:
        return ("; a ', ' inside { } ends a value: put a value that holds a comma in quotes "
                "({description: \"a, b\"})")
    return ""


def _one_of_summary(error: ValidationError) -> str:
    types = []
    branches: Any = error.validator_value  # the oneOf's list of schemas
    for branch in branches:
        types.append(_expected_types(branch.get("type", "object")))
    return " or ".join(dict.fromkeys(types))


def structural_problems(data) -> list[tuple[tuple, str]]:
    """Every schema violation in ``data`` as (path, message), in file order."""
    problems = []
    for error in _validator().iter_errors(data):
        problems.extend(_messages(error))
    # propertyNames errors point at the mapping; keep them, with the key's path
    return problems


_MISSING = re.compile(r"^missing required key '(?P<key>[^']*)'$")
_MISSPELT = re.compile(r"^unknown key .*; did you mean '(?P<key>[^']*)'\?$")


def root_causes(problems) -> tuple[list[tuple[tuple, str]], list[tuple]]:
    """The schema problems that do not follow from others, and the paths
    where any later problem follows from one of them.

    A required key reported missing because it is misspelt is reported once,
    as the misspelling; a value of the wrong shape is not checked again by
    the semantic pass (a rule that is a number is one problem, not two). A
    problem at a mapping's key names (``propertyNames``) silences nothing:
    the mapping's other entries are checked as usual.

    Examples
    --------
    >>> kept, silenced = root_causes([
    ...     ((), "missing required key 'preferences'"),
    ...     (("prefrences",), "unknown key 'prefrences' (...); did you mean 'preferences'?"),
    ...     (("constraints", 0, "rule"), "expected a string, found a number")])
    >>> [path for path, _ in kept]
    [('prefrences',), ('constraints', 0, 'rule')]
    >>> sorted(silenced, key=str)
    [('constraints', 0, 'rule'), ('preferences',), ('prefrences',)]
    """
    problems = [(tuple(path), message) for path, message in problems]
    misspelt = {(path[:-1], m["key"]) for path, message in problems
                if path and (m := _MISSPELT.match(message))}
    kept, silenced = [], set()
    for path, message in problems:
        missing = _MISSING.match(message)
        if missing:
            silenced.add(path + (missing["key"],))
            if (path, missing["key"]) in misspelt:
                continue  # the misspelling says it, with the right name
        elif "is not a valid name" not in message:
            silenced.add(path)
        kept.append((path, message))
    return kept, [p for p in silenced if p]
