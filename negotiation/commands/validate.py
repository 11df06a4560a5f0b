"""negotiation validate FILE...: check scenario files, report every problem."""
from __future__ import annotations

import sys

from negotiation.prose import terminal_width, wrap_prose
from negotiation.scenario import ScenarioError, load

NAME = "validate"
HELP = "check scenario files and report every problem (exit status 2 if any)"
ORDER = 10


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario files or bundled names")


def run(args) -> int:
    status = 0
    for name in args.files:
        try:
            scenario = load(name)
        except ScenarioError as exc:
            print(str(exc), file=sys.stderr)
            status = 2
            continue
        print(f"{name}: ok ({scenario.title}: {len(scenario.parties)} parties, "
              f"{len(scenario.issues)} issues, {len(scenario.constraints)} constraints)")
        for note in scenario.notes:  # defaults the file leaves implicit: not errors
            print(wrap_prose(str(note), terminal_width()))
    return status
