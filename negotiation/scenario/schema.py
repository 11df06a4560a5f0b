"""JSON Schema of the scenario format ``negotiation/1``.

One source of truth for the structure of a scenario file: the loader
validates against it (with :mod:`jsonschema`) before the semantic checks,
and ``negotiation schema`` prints it for editors (YAML language servers
validate and complete scenario files with it).
"""
from __future__ import annotations

from typing import Any

ID = "^[A-Za-z_][A-Za-z0-9_]*$"

NUMBER = {
    "description": "a number, a parameter name, or an arithmetic expression of parameters "
                   "(+ - * / **, min, max, parentheses)",
    "type": ["number", "string"],
}
RULE = {
    "description": "a rule: issue == option, issue != option, issue in [a, b], "
                   "not, and, or, -> (implies), parentheses",
    "type": "string",
}
TEXT = {"type": "string"}


def _mapping(value: dict, description: str = "") -> dict:
    schema: dict[str, Any] = {
        "type": "object",
        "propertyNames": {"pattern": ID},
        "additionalProperties": value,
    }
    if description:
        schema["description"] = description
    return schema


def _object(properties: dict, required: tuple[str, ...] = (), description: str = "") -> dict:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


PARAMETER = {
    "oneOf": [
        {"type": "number"},
        _object({
            "value": {"type": "number"},
            "range": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            "description": TEXT,
            "distribution": {
                "description": "uncertainty over the parameter, for Monte Carlo: "
                               "{uniform: [lo, hi]}, {normal: [mean, sd]}, "
                               "{triangular: [lo, mode, hi]}, {beta: [a, b]} or "
                               "{exponential: [mean]}",
                "type": "object",
                "minProperties": 1, "maxProperties": 1,
                "properties": {k: {"type": "array", "items": {"type": "number"}}
                               for k in ("uniform", "normal", "triangular", "beta",
                                         "exponential")},
                "additionalProperties": False,
            },
        }, required=("value",)),
    ]
}

PARTY = _object({
    "name": TEXT,
    "description": TEXT,
    "power": NUMBER,
    "batna": NUMBER,
    "audience_cost": NUMBER,
    "discount": {**NUMBER, "description": "the party's discount factor per round, in (0, 1] "
                                          "(alternating offers; a GENIUS discount factor)"},
    "crisis": _object({"p_win": NUMBER, "war_cost": NUMBER, "stake": NUMBER},
                      required=("p_win", "war_cost"),
                      description="batna from a crisis model: stake * p_win - war_cost "
                                  "(stake defaults to 1); not together with batna"),
    "ratifies": _object({"party": {"type": "string"}, "when": RULE}, required=("party",),
                        description="a ratifier (two-level games): not at the table; a "
                                    "package of that party's that needs its approval (where "
                                    "'when' holds; default every package) is a deal only if "
                                    "it meets this party's batna"),
})

OPTION_DETAIL = {
    "oneOf": [{"type": "null"}, _object({
        "label": TEXT, "description": TEXT,
        "value": {"type": "number", "description": "the number the option stands for (an "
                                                   "ordered issue's options each carry one)"}})]
}

ISSUE = _object({
    "name": TEXT,
    "description": TEXT,
    "options": {
        "oneOf": [
            {"type": "array", "items": {"type": "string", "pattern": ID}, "minItems": 1},
            {**_mapping(OPTION_DETAIL), "minProperties": 1},
        ]
    },
    "status_quo": {"type": "string"},
    "controlled_by": {"type": "string"},
    "offered_by": {"type": "string", "description": "the party that offers this concession "
                                                    "and can revoke it on its own (back to "
                                                    "the status quo); not with controlled_by"},
    "one_way": {"type": "boolean"},
    "public": {"type": "boolean"},
    "ordered": {"type": "boolean", "description": "an ordered numeric issue: every option "
                                                  "carries a value, increasing in the order "
                                                  "written"},
}, required=("options",))

PATTERN = {**_mapping({"type": "string"}), "minProperties": 1,
           "description": "{issue: option, ...}; issues left out match anything"}

PREFERENCE = {
    "oneOf": [
        _object({
            "weights": _mapping(NUMBER),
            "normalise": {"type": "boolean", "description": "true (default): weights are "
                                                            "divided by their sum; false: "
                                                            "used as declared, the utility "
                                                            "capped at 1 (GENIUS)"},
            "scores": _mapping(_mapping(NUMBER)),
            "adjustments": {"type": "array", "items": _object(
                {"when": RULE, "add": NUMBER, "note": TEXT, "public": {"type": "boolean"}},
                required=("when", "add"))},
        }, required=("weights", "scores"), description="additive (cardinal) utility"),
        _object({
            "ranking": {"type": "array", "minItems": 1, "items": {
                "oneOf": [PATTERN, {"type": "array", "items": PATTERN, "minItems": 1}]}},
        }, required=("ranking",), description="states best first (ordinal)"),
        _object({
            "priorities": {"type": "array", "items": RULE, "minItems": 1},
        }, required=("priorities",), description="option prioritisation (ordinal)"),
    ]
}

CONSTRAINT = _object({
    "id": {"type": "string", "pattern": ID},
    "owner": {"type": "string"},
    "kind": {"enum": ["red_line", "condition", "feasibility"]},
    "rule": RULE,
    "source": {"type": "string"},
    "note": TEXT,
    "posture": TEXT,
}, required=("id", "kind", "rule"))

SOURCE = {
    "oneOf": [
        {"type": "string"},
        {"type": "object", "properties": {"cite": TEXT, "url": TEXT, "date": TEXT},
         "additionalProperties": {"type": ["string", "number"]}},
    ]
}

CHANCES = {**_mapping(NUMBER), "minProperties": 1,
           "description": "outcome -> probability (numbers or expressions; they sum to 1)"}

WAR = _object({
    "initiator": {"type": "string", "description": "the party that chooses between "
                                                   "fighting and the standoff"},
    "proposer": {"type": "string", "description": "who makes the take-it-or-leave-it "
                                                  "offer (default: the first other party)"},
    "outcomes": {**_mapping({**_mapping({"type": "string"}), "minProperties": 0}),
                 "minProperties": 1,
                 "description": "outcome -> {issue: option} it imposes; issues left out "
                                "keep the status quo"},
    "chances": CHANCES,
    "costs": _mapping(NUMBER, "party -> its cost of fighting (missing parties: 0)"),
    "beliefs": _mapping(CHANCES, "party -> its own estimate of the chances"),
    "shift": _object({
        "chances": CHANCES,
        "discount": NUMBER,
    }, required=("chances", "discount"),
        description="a shift of power: the chances of a war fought in the next period, and "
                    "the discount factor per period (a commitment problem: Powell 2006)"),
}, required=("initiator", "outcomes", "chances"),
    description="war as an outcome: the no-deal outcome is war when the initiator expects "
                "more from fighting than from the status quo; every batna is then the "
                "party's payoff at that outcome (not together with batna or crisis)")

SCENARIO_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://negotiation.invalid/schema/negotiation-1.json",
    "title": "negotiation scenario (format negotiation/1)",
    **_object({
        "format": {"const": "negotiation/1"},
        "title": TEXT,
        "description": TEXT,
        "as_of": {"type": "string"},
        "sources": _mapping(SOURCE),
        "parameters": _mapping(PARAMETER),
        "parties": {**_mapping(PARTY), "minProperties": 1},
        "issues": {**_mapping(ISSUE), "minProperties": 1},
        "preferences": _mapping(PREFERENCE),
        "constraints": {"type": "array", "items": CONSTRAINT},
        "status_quo": {"enum": ["none"], "description": "none: the scenario has no status "
                                                        "quo (no issue gives one); analyses "
                                                        "that need one say so"},
        "offramp": _object({"for": {"type": "string"}, "requires": RULE,
                            "face": {"enum": ["strict", "cost"], "description":
                                     "strict (default): backing down shows no visible loss "
                                     "(the golden bridge); cost: a visible loss costs the "
                                     "audience cost"}},
                           required=("for", "requires")),
        "war": WAR,
        "sides": {**_mapping({"type": "array", "items": {"type": "string"}, "minItems": 1,
                              "uniqueItems": True}),
                  "description": "side -> the parties sitting on it: a side agrees by "
                                 "unanimity and carries one weight in the bargaining "
                                 "products; undeclared parties sit alone"},
        "private": _mapping({"type": "array", "items": {"type": "string"}, "minItems": 1},
                            "party -> parameters only that party knows (its type); the "
                            "others know the parameter's declared distribution"),
    }, required=("title", "parties", "issues", "preferences")),
}


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file.

    Returns
    -------
    dict
        The schema of format ``negotiation/1``, as ``negotiation schema``
        prints it. The same dict is returned on every call: copy it before
        changing it.

    Examples
    --------
    >>> import negotiation
    >>> schema = negotiation.scenario_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> schema["required"]
    ['title', 'parties', 'issues', 'preferences']
    """
    return SCENARIO_SCHEMA
