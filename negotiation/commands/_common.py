"""Arguments and helpers shared by the analysis commands."""
from __future__ import annotations

import argparse
import sys

from ..cli import UsageError
from ..report import FORMATS, Report, render
from ..scenario import Scenario, load

DEFAULT_SCENARIO = "ukraine_2022"


def add_scenario_argument(parser: argparse.ArgumentParser, optional: bool = False) -> None:
    if optional:
        parser.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, metavar="SCENARIO",
                            help=f"a scenario file or bundled name (default: {DEFAULT_SCENARIO})")
    else:
        parser.add_argument("scenario", metavar="SCENARIO",
                            help="a scenario file, or the name of a bundled scenario")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a declared parameter (repeatable)")


def parse_settings(items: list[str]) -> dict[str, float]:
    values = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--set {item!r}: expected NAME=VALUE")
        try:
            values[name.strip()] = float(raw)
        except ValueError:
            raise UsageError(f"--set {item!r}: {raw!r} is not a number") from None
    return values


def scenario_from_args(args) -> Scenario:
    scenario = load(args.scenario)
    settings = parse_settings(getattr(args, "set", []) or [])
    if settings:
        try:
            scenario = scenario.with_parameters(**settings)
        except ValueError as exc:
            raise UsageError(f"--set: {exc}") from None
    return scenario


def emit(report: Report, fmt: str) -> None:
    sys.stdout.write(render(report, fmt))
    if fmt == "json":
        sys.stdout.write("\n")
