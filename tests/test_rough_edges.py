"""Rough edges a new user hits: each answered by one clear line, exit 2."""
from __future__ import annotations

import os
import stat

import pytest

from negotiation.cli import main


@pytest.mark.parametrize("command", ["run", "stability", "simulate"])
def test_out_naming_an_existing_file_is_a_usage_error(tmp_path, capsys, command):
    existing = tmp_path / "report.txt"
    existing.write_text("keep me")
    status = main([command, "standoff", "--out", str(existing)])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert err.strip() == (f"negotiation {command}: --out {existing}: is a file, not a folder "
                           "(figures are written into a folder; give a folder that does not "
                           "exist yet or an existing one)")
    assert existing.read_text() == "keep me"


def test_misspelt_bundled_name_gets_a_did_you_mean(capsys):
    assert main(["show", "ukrane_2022"]) == 2
    assert capsys.readouterr().err.strip().endswith("did you mean 'ukraine_2022'?")


def test_misspelt_parameter_gets_a_did_you_mean(capsys):
    assert main(["show", "standoff", "--set", "sanction=0.1"]) == 2
    err = capsys.readouterr().err.strip()
    assert "unknown parameter 'sanction'" in err and err.endswith("did you mean 'sanctions'?")


def test_sweep_output_respects_the_umask(tmp_path, capsys):
    out = tmp_path / "s.csv"
    old = os.umask(0o022)
    try:
        assert main(["sweep", "standoff", "--vary", "sanctions=0:0.6:3", "--measure",
                     "zopa_size", "--out", str(out), "--quiet"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_ctrl_c_ends_with_one_line_and_no_traceback(monkeypatch, capsys):
    from negotiation.commands import show

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(show, "run", interrupted)
    assert main(["show", "standoff"]) == 130
    assert capsys.readouterr().err == "negotiation show: interrupted\n"
