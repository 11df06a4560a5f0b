"""Bad input to the analysis commands: exit status 2 and one clear message.

For every analysis command: an unknown scenario, an unknown ``--set`` name and
a ``--set`` value outside the declared range each give exit status 2 and one
line on stderr that names the problem, never a traceback. A wrong value of a
flag with a closed set of values gives a message listing the valid ones (for
the flags argparse checks, after the command's usage, as argparse does).
"""
from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

import negotiation
from negotiation.cli import build_parser, main
from negotiation.scenario import bundled_names

COMMANDS = ("show", "solve", "offramps", "redlines", "stability", "simulate", "sweep",
            "uncertainty", "run")

STANDOFF = negotiation.load("standoff")
# a declared parameter of standoff with a declared range, and that range
PARAMETER, LOW, HIGH = next((name, *p.range) for name, p in STANDOFF.parameters.items()
                            if p.range is not None)


def call(capsys, *argv):
    """Exit status, stdout and stderr of ``negotiation ARGV`` run in-process
    (argparse's own errors end in SystemExit)."""
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def one_line(err: str) -> str:
    """The single line of a message on stderr."""
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, f"expected one line on stderr:\n{err}"
    return err[:-1]


def argparse_line(err: str, command: str) -> str:
    """The error line of a message from argparse: the command's usage, then
    one ``negotiation COMMAND: error: ...`` line."""
    assert "Traceback" not in err
    lines = err.rstrip("\n").splitlines()
    assert lines[0].startswith(f"usage: negotiation {command} "), err
    assert all(line.startswith(" ") for line in lines[1:-1]), err
    assert lines[-1].startswith(f"negotiation {command}: error: "), err
    return lines[-1]


def parser_choices(command: str, flag: str) -> list[str]:
    """The values ``negotiation COMMAND FLAG`` accepts, as its parser declares them."""
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if flag in a.option_strings)
    assert action.choices, f"{command} {flag} has no closed set of values"
    return [str(c) for c in action.choices]


# ------------------------------------------------------------ every analysis command

@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_scenario(capsys, command):
    status, out, err = call(capsys, command, "no_such_scenario")
    assert status == 2 and out == ""
    line = one_line(err)
    assert line.startswith("no_such_scenario:")
    assert "no such file or bundled scenario" in line
    # what was expected: the bundled names
    assert f"(bundled: {', '.join(bundled_names())})" in line


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_parameter(capsys, command):
    status, out, err = call(capsys, command, "standoff", "--set", "nonexistent=1")
    assert status == 2 and out == ""
    line = one_line(err)
    assert line.startswith(f"negotiation {command}: --set: ")
    assert "unknown parameter 'nonexistent'" in line
    assert f"(declared: {', '.join(STANDOFF.parameters)})" in line


@pytest.mark.parametrize("side", ["above", "below"])
@pytest.mark.parametrize("command", COMMANDS)
def test_parameter_outside_its_range(capsys, command, side):
    value = HIGH + 1 if side == "above" else LOW - 1
    status, out, err = call(capsys, command, "standoff", "--set", f"{PARAMETER}={value:g}")
    assert status == 2 and out == ""
    assert one_line(err) == (f"negotiation {command}: --set: parameter '{PARAMETER}': {value:g} "
                             f"is outside its declared range [{LOW:g}, {HIGH:g}]")


def test_through_python_m():
    """The same messages from a separate process: exit status 2, stderr only."""
    for argv, start in [(["simulate", "no_such_scenario"], "no_such_scenario:"),
                        (["simulate", "standoff", "--set", "nonexistent=1"],
                         "negotiation simulate: --set: unknown parameter 'nonexistent'"),
                        (["simulate", "standoff", "--set", f"{PARAMETER}={HIGH + 1:g}"],
                         f"negotiation simulate: --set: parameter '{PARAMETER}'")]:
        done = subprocess.run([sys.executable, "-m", "negotiation", *argv],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 2 and done.stdout == "", argv
        assert one_line(done.stderr).startswith(start), argv


# ------------------------------------------------------------ flags with a closed set of values

ARGPARSE_CHOICES = [
    *[(command, "--format") for command in COMMANDS if command != "sweep"],
    ("solve", "--solution"),
    ("solve", "--method"),
    ("offramps", "--rank-by"),
    ("offramps", "--method"),
    ("redlines", "--method"),
    ("stability", "--sanctions"),
    ("simulate", "--space"),
    ("sweep", "--method"),
    ("uncertainty", "--interval"),
]


@pytest.mark.parametrize("command, flag", ARGPARSE_CHOICES,
                         ids=[f"{command} {flag}" for command, flag in ARGPARSE_CHOICES])
def test_wrong_choice_lists_the_valid_ones(capsys, command, flag):
    choices = parser_choices(command, flag)
    status, out, err = call(capsys, command, "standoff", flag, "nope")
    assert status == 2 and out == ""
    line = argparse_line(err, command)
    head = f"negotiation {command}: error: argument {flag}: invalid choice: 'nope'"
    assert line.startswith(head), line
    rest = line[len(head):]
    for choice in choices:
        assert choice in rest, (choice, line)


# the closed sets the command line documents (docs/cli.md) for flags it checks itself
STRATEGIES = ("boulware", "linear", "conceder", "time:E", "tit_for_tat", "zeuthen", "hardliner")
CONCEPTS = ("nash", "gmr", "smr", "seq", "sim")
MEASURES = ("offramp_exists", "offramp_count", "zopa_size", "jointly_feasible",
            "utility:SOLUTION:PARTY", "package:SOLUTION", "equilibria_count:CONCEPT",
            "module:function")


@pytest.mark.parametrize("command, argv, bad, choices", [
    ("simulate", ["--strategy", "challenger=nope"], "'nope'", STRATEGIES),
    ("stability", ["--concepts", "nope"], "nope", CONCEPTS),
    ("stability", ["--concepts", "nash,nope"], "nope", CONCEPTS),
    ("sweep", ["--measure", "nope"], "'nope'", MEASURES),
], ids=["strategy", "concepts", "concepts-list", "measure"])
def test_wrong_name_lists_the_valid_ones(capsys, command, argv, bad, choices):
    status, out, err = call(capsys, command, "standoff", *argv)
    assert status == 2 and out == ""
    line = one_line(err)
    assert line.startswith(f"negotiation {command}: ")
    assert bad in line
    for choice in choices:
        assert choice in line, (choice, line)


# red lines and conditions, the constraints --drop may relax
RELAXABLE = [c.id for c in STANDOFF.constraints if c.kind in ("red_line", "condition")]


@pytest.mark.parametrize("command", ["solve", "offramps", "redlines"])
def test_drop_unknown_constraint_lists_the_relaxable_ones(capsys, command):
    status, out, err = call(capsys, command, "standoff", "--drop", "nonexistent")
    assert status == 2 and out == ""
    line = one_line(err)
    assert line.startswith(f"negotiation {command}: ")
    assert "--drop nonexistent: not a red line or condition" in line
    assert f"(relaxable: {', '.join(RELAXABLE)})" in line


# ------------------------------------------------------------ other bad input

OTHER_BAD_INPUT = [
    (["solve", "standoff", "--lotteries", "--method", "milp"],
     ["lotteries", "method='enumerate'"]),
    (["solve", "prisoners"], ["needs cardinal utilities", "p1, p2"]),
    (["redlines", "prisoners"], ["needs cardinal utilities", "p1, p2"]),
    (["simulate", "prisoners"], ["needs cardinal utilities", "p1, p2"]),
    (["offramps", "standoff", "--k", "0"], ["k must be a positive integer, not 0"]),
    (["offramps", "logroll"], ["no 'offramp' block", " PARTY --requires RULE"]),
    (["offramps", "standoff", "--requires", "troops =="],
     ["'troops =='", "expected an option name"]),
    (["offramps", "standoff", "--for", "nobody"],
     ["unknown party 'nobody'", "(parties: challenger, alliance, neighbour)"]),
    (["offramps", "standoff", "--coalition", "challenger,nobody"],
     ["unknown party nobody", "(parties: challenger, alliance, neighbour)"]),
    (["stability", "standoff", "--coalition", "challenger"],
     ["a coalition needs at least two parties", "challenger"]),
    (["simulate", "standoff", "--strategy", "nobody=linear"],
     ["nobody", "(parties: challenger, alliance, neighbour)"]),
    (["uncertainty", "standoff"], ["no parameter is uncertain", "distribution", "--ranges"]),
    (["uncertainty", "logroll", "--ranges"], ["no offramp", "offramp: {for: PARTY"]),
    (["sweep", "standoff", "--vary", "nonexistent=0:1:3"],
     ["unknown parameter 'nonexistent'", "declared: sanctions, war_cost, p_win"]),
    (["sweep", "standoff", "--vary", f"{PARAMETER}={LOW:g},{HIGH + 1:g}"],
     [f"parameter '{PARAMETER}': {HIGH + 1:g} is outside its declared range "
      f"[{LOW:g}, {HIGH:g}]"]),
]


@pytest.mark.parametrize("argv, fragments", OTHER_BAD_INPUT,
                         ids=[" ".join(argv) for argv, _ in OTHER_BAD_INPUT])
def test_other_bad_input(capsys, argv, fragments):
    status, out, err = call(capsys, *argv)
    assert status == 2 and out == ""
    line = one_line(err)
    assert line.startswith(f"negotiation {argv[0]}: ")
    for fragment in fragments:
        assert fragment in line, (fragment, line)
