"""Arguments and helpers shared by the analysis commands."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from negotiation.commands import UsageError
from negotiation.report import FORMATS, Report, render

if TYPE_CHECKING:  # the loader is imported when a command loads a file (start-up)
    from negotiation.scenario import Scenario

DEFAULT_SCENARIO = "ukraine_2022"


def add_scenario_argument(parser: argparse.ArgumentParser, optional: bool = False) -> None:
    if optional:
        parser.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO, metavar="SCENARIO",
                            help=f"a scenario file or bundled name (default: {DEFAULT_SCENARIO})")
    else:
        parser.add_argument("scenario", metavar="SCENARIO",
                            help="a scenario file, or the name of a bundled scenario")


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output format (default: table)")


def add_set_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="override a declared parameter (repeatable)")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """--format and --set, which every analysis command takes."""
    add_format_argument(parser)
    add_set_argument(parser)


def add_offramp_target_arguments(parser: argparse.ArgumentParser) -> None:
    """--party (--for), --requires and --face: who backs down, what backing down
    means, and what it may cost in face (offramps and hold)."""
    from negotiation.solvers.names import FACES

    parser.add_argument("--party", "--for", dest="party", metavar="PARTY",
                        help="the party that backs down (default: the scenario's offramp block)")
    parser.add_argument("--requires", metavar="RULE",
                        help="what backing down means, a rule such as 'troops != massed'")
    parser.add_argument("--face", choices=FACES, default=None,
                        help="strict: backing down shows no visible loss (the golden bridge); "
                             "cost: a visible loss costs the audience cost (default: the "
                             "offramp block's face, else strict)")


def add_drop_argument(parser: argparse.ArgumentParser) -> None:
    """--drop ID (repeatable, or comma-separated): relax red lines or conditions."""
    parser.add_argument("--drop", action="append", default=[], metavar="ID",
                        help="relax a red line or condition by its id (repeatable)")


def dropped(args, scenario: Scenario | None = None) -> tuple[str, ...]:
    """The constraint ids named by repeated or comma-separated ``--drop``,
    checked against ``scenario``'s red lines, conditions and ratifiers' approvals."""
    names = tuple(n for item in getattr(args, "drop", []) or [] for n in parse_name_list(item))
    if scenario is not None:
        from negotiation.sides import check_relaxable  # numpy: only when checking

        try:
            check_relaxable(scenario, names, flag="--drop")
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return names


def output_dir(path) -> Path:
    """``--out DIR`` made ready for figures: created if missing; an existing
    file there is a usage error, not a traceback."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise UsageError(f"--out {path}: is a file, not a folder (figures are written into a "
                         "folder; give a folder that does not exist yet or an existing one)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {path}: cannot create the folder ({exc.strerror})") from None
    return path


def parse_name_list(text: str) -> tuple[str, ...]:
    """``"a, b,,c"`` -> ``("a", "b", "c")``: a comma-separated list of names."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def parse_coalitions(items: list[str] | None) -> list[tuple[str, ...]]:
    """The party lists of repeated ``--coalition A,B`` arguments."""
    return [parse_name_list(item) for item in items or []]


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
    from negotiation.scenario import load

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


@contextmanager
def names_for(scenario: Scenario, fmt: str) -> Iterator[None]:
    """Within the block, text names the scenario's issues and options by their
    names and labels (:func:`negotiation.results.labelled`); JSON keeps ids."""
    if fmt == "json":
        yield
        return
    from negotiation.results import labelled

    with labelled(scenario):
        yield


def run_section(section, args) -> int:
    """``run`` of a command whose whole report is its one section:
    ``section(scenario, args)`` of the scenario the arguments name (its text
    names issues and options by their names and labels: :func:`names_for`)."""
    scenario = scenario_from_args(args)
    with names_for(scenario, args.format):
        emit(Report(scenario.title, [section(scenario, args)]), args.format)
    return 0
