"""negotiation schema: print the JSON Schema of the scenario format."""
from __future__ import annotations

import json

from negotiation.scenario import scenario_schema

NAME = "schema"
HELP = "print the JSON Schema of the scenario format (for editors)"
ORDER = 90


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    print(json.dumps(scenario_schema(), indent=2))
    return 0
