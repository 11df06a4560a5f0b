"""negotiation run --brief and --sections: shorter reports from the same sections."""
from __future__ import annotations

import json

import pytest

from negotiation.cli import main
from negotiation.commands.run import section_keys
from negotiation.scenario.load import bundled_names


def run(argv, capsys) -> tuple[int, str, str]:
    status = main(["run", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def headings(text: str) -> list[str]:
    lines = text.splitlines()
    return [a for a, b in zip(lines, lines[1:]) if b and set(b) == {"-"} and len(b) == len(a)]


def test_brief_keeps_every_section_and_the_whole_summary(capsys):
    _, full, _ = run(["standoff"], capsys)
    _, short, _ = run(["standoff", "--brief"], capsys)
    assert headings(short) == headings(full)
    assert len(short.splitlines()) < len(full.splitlines()) / 3
    summary = full.split("\n\n\n")[0]
    assert summary in short
    # the best answers: the Nash solution and the best off-ramp, in words
    assert "Nash solution: troops: massed -> withdrawn" in short
    assert "Best off-ramp (by nash): " in short


def test_brief_leaves_the_json_whole(capsys):
    _, full, _ = run(["standoff", "--format", "json"], capsys)
    _, short, _ = run(["standoff", "--format", "json", "--brief"], capsys)
    assert json.loads(short) == json.loads(full)


def test_sections_picks_sections_by_their_json_keys(capsys):
    status, out, _ = run(["standoff", "--sections", "stability,offramps", "--format", "json"],
                         capsys)
    assert status == 0
    assert list(json.loads(out)) == ["title", "offramps", "stability"]  # the report's order
    _, text, _ = run(["standoff", "--sections", "summary"], capsys)
    assert headings(text) == ["Summary"] and "off-ramp" in text


def test_a_section_that_does_not_apply_says_so(capsys):
    status, out, _ = run(["standoff", "--sections", "crisis"], capsys)
    assert status == 0 and "Not available: the scenario has nothing for the crisis" in out


@pytest.mark.parametrize("given, suggestion", [("stabilty", "stability"), ("sumary", "summary"),
                                               ("offramp", "offramps")])
def test_unknown_section_is_exit_2_with_a_did_you_mean(given, suggestion, capsys):
    status, out, err = run(["standoff", "--sections", f"zopa,{given}"], capsys)
    assert status == 2 and not out
    assert f"unknown section {given!r}; did you mean {suggestion!r}?" in err
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("name", bundled_names())
def test_section_keys_are_the_keys_of_the_json_report(name, capsys):
    status, out, _ = run([name, "--format", "json"], capsys)
    keys = [k for k in json.loads(out) if k != "title"]
    assert status == 0 and keys == [k for k in section_keys() if k in keys]
