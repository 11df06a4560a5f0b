"""Text reports fit the terminal: COLUMNS, or 100 when it is not set."""
from __future__ import annotations

import pytest

from negotiation.cli import main
from negotiation.commands import command_names
from negotiation.report import Table, _text_table, wrap_prose
from negotiation.scenario.load import bundled_names

COMMANDS = ["show", "solve", "offramps", "redlines", "stability", "simulate"]


def widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


@pytest.mark.parametrize("name", bundled_names())
def test_run_of_every_bundled_scenario_fits_100_columns(name, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["run", name]) == 0
    assert widest(capsys.readouterr().out) <= 100


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("columns", [60, 100])
def test_every_command_fits_the_width(command, columns, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", str(columns))
    status = main([command, "standoff"])
    out = capsys.readouterr().out
    assert status == 0 and out
    assert widest(out) <= columns


# commands whose output is not a text report, or that take no bundled scenario
NOT_REPORTS = {"schema": "prints the JSON Schema", "sweep": "writes CSV",
               "import": "reads a GENIUS or GMCR+ file (tests/test_formats_*.py)",
               "list": "takes no scenario (tested below)",
               "new": "writes a starter file (tests/test_rough_edges_more.py)",
               "validate": "its ok line is one line per file, for scripts (docs/cli.md)"}
REPORT_COMMANDS = [c for c in command_names() if c not in NOT_REPORTS]


def run_command(argv, monkeypatch, capsys, columns) -> tuple[int, str, str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("name", bundled_names())
@pytest.mark.parametrize("command", REPORT_COMMANDS)
def test_every_command_on_every_bundled_scenario_fits(command, name, columns, monkeypatch,
                                                      capsys):
    status, out, err = run_command([command, name], monkeypatch, capsys, columns)
    # a command that does not apply (no war block, ordinal preferences) says so in one line
    assert status == 0 or (status == 2 and err.strip() and "Traceback" not in err), err
    too_wide = [line for line in out.splitlines() if len(line) > columns]
    assert not too_wide, f"{len(too_wide)} line(s) over {columns} columns, e.g. {too_wide[0]!r}"


@pytest.mark.parametrize("columns", [80, 100])
def test_list_fits(columns, monkeypatch, capsys):
    status, out, _ = run_command(["list"], monkeypatch, capsys, columns)
    assert status == 0 and widest(out) <= columns


@pytest.mark.parametrize("flags", [["--brief"], ["--sections", "offramps,stability"],
                                   ["--brief", "--sections", "summary,simulate"]])
def test_brief_and_chosen_sections_fit(flags, monkeypatch, capsys):
    status, out, _ = run_command(["run", *flags], monkeypatch, capsys, 80)
    assert status == 0 and widest(out) <= 80


def test_wrapping_keeps_every_word_and_hangs_numbered_items():
    line = "1. " + " ".join(f"word{k}" for k in range(40))
    wrapped = wrap_prose(line, 50)
    assert widest(wrapped) <= 50 and wrapped.split() == line.split()
    assert all(row.startswith("   ") for row in wrapped.splitlines()[1:])


def test_a_wide_table_wraps_its_cells_and_loses_nothing():
    table = Table(["package", "u"], [["a: x -> y; " * 12, 0.5], ["short", 0.25]])
    text = _text_table(table, 40)
    assert widest(text) <= 40
    assert text.split().count("0.500") == 1 and "short" in text
    assert "".join(text.split()).count("a:x->y;") == 12
