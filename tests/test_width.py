"""Text reports fit the terminal: COLUMNS, or 100 when it is not set."""
from __future__ import annotations

import pytest

from negotiation.cli import main
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
