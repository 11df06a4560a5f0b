"""The foundation commands: validate, show, schema, list, run; --format, --set."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import negotiation
from negotiation.cli import main
from negotiation.scenario import bundled_names
from negotiation.scenario.yamlread import read_yaml

BUNDLED = Path(negotiation.__file__).parent / "data" / "scenarios"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "examples"
MALFORMED = Path(__file__).parent / "malformed"


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def python_m(*argv):
    return subprocess.run([sys.executable, "-m", "negotiation", *argv],
                          capture_output=True, text=True, timeout=300)


# ----------------------------------------------------------------- validate

def test_validate_bundled_names_and_paths(capsys):
    status, out, err = run_cli(capsys, "validate", "standoff", str(BUNDLED / "logroll.yaml"))
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("standoff: ok (Border standoff")
    assert "3 parties, 4 issues, 3 constraints" in lines[0]
    assert lines[1].endswith("2 parties, 2 issues, 2 constraints)")


def test_validate_every_bundled_scenario(capsys):
    status, out, _ = run_cli(capsys, "validate", *bundled_names())
    assert status == 0 and out.count(": ok (") == len(bundled_names())


def test_validate_good_and_bad_files(capsys):
    status, out, err = run_cli(capsys, "validate", "standoff",
                               str(MALFORMED / "14_unknown_owner.yaml"))
    assert status == 2
    assert "standoff: ok" in out
    assert err.strip().endswith("did you mean 'buyer'?")
    assert ":29:5: constraints[0].owner: unknown party 'buyers'" in err


def test_validate_missing_file(capsys):
    status, _, err = run_cli(capsys, "validate", "no_such_scenario")
    assert status == 2
    assert "no such file or bundled scenario" in err and "standoff" in err


def test_validate_exit_status_through_python_m():
    done = python_m("validate", str(MALFORMED / "24_nan.yaml"))
    assert done.returncode == 2
    assert "24_nan.yaml:7:26: parties.seller.batna: '.nan' is not a finite number" in done.stderr
    assert "Traceback" not in done.stderr


# ----------------------------------------------------------------- show

def test_show_json_numbers_by_hand(capsys):
    status, out, _ = run_cli(capsys, "show", "standoff", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["title"] == "Border standoff (classroom toy)"
    assert data["packages"] == 3 * 3 * 3 * 2
    assert data["parameters"] == {"sanctions": 0.3, "war_cost": 0.2, "p_win": 0.6}
    challenger = data["parties"]["challenger"]
    assert challenger["batna"] == pytest.approx(0.6 - 0.2 - 0.3)
    # status quo: troops massed (score 1, weight 0.15), everything else scores 0
    assert challenger["status_quo_utility"] == pytest.approx(0.15)
    assert data["status_quo"] == {"troops": "massed", "membership": "open_door",
                                  "missiles": "status_quo", "hotline": "none"}
    held = {c["id"]: c["holds_at_status_quo"] for c in data["constraints"]}
    assert held == {"door_stays_open": True, "limits_only_if_troops_leave": True,
                    "no_ban_on_membership": True}
    assert data["issues"]["hotline"]["public"] is False


def test_show_ordinal_scenario(capsys):
    status, out, _ = run_cli(capsys, "show", "prisoners", "--format", "json")
    data = json.loads(out)
    assert status == 0 and data["parties"]["p1"]["cardinal"] is False
    assert data["parties"]["p1"]["status_quo_utility"] is None
    assert data["issues"]["p1_cooperates"]["options"] == ["no", "yes"]


def test_show_markdown_and_table(capsys):
    status, md, _ = run_cli(capsys, "show", "logroll", "--format", "markdown")
    assert status == 0
    assert md.startswith("# Water and border (two-issue logroll)")
    # status quo (shared, monitored) scores 0.5 on both issues for both parties
    assert "| alpha | Alpha | 1.000 | 0.300 | 0.000 | 0.500 | 0.200 |" in md
    assert "| party | name | power | batna |" in md and "|---|---|" in md
    status, table, _ = run_cli(capsys, "show", str(BUNDLED / "logroll.yaml"))
    assert status == 0 and "alpha" in table and "water" in table and "|" not in table


def test_set_overrides_a_parameter(capsys):
    status, out, _ = run_cli(capsys, "show", "standoff", "--format", "json",
                             "--set", "sanctions=0", "--set", "p_win=0.9")
    data = json.loads(out)
    assert status == 0
    assert data["parameters"]["sanctions"] == 0 and data["parameters"]["p_win"] == 0.9
    assert data["parties"]["challenger"]["batna"] == pytest.approx(0.9 - 0.2 - 0)


@pytest.mark.parametrize("setting, fragment", [
    ("sanction=0.1", "unknown parameter 'sanction'"),
    ("sanctions=0.9", "outside its declared range [0, 0.6]"),
    ("sanctions=abc", "'abc' is not a number"),
    ("sanctions=nan", "not a finite number"),
    ("sanctions", "expected NAME=VALUE"),
    ("=1", "expected NAME=VALUE"),
])
def test_bad_set_is_one_message_and_exit_2(capsys, setting, fragment):
    status, out, err = run_cli(capsys, "show", "standoff", "--set", setting)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err
    assert err.startswith("negotiation show: --set")


def test_bad_set_through_python_m():
    done = python_m("run", "standoff", "--set", "war_cost=2")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "negotiation run: --set: parameter 'war_cost': 2 is outside its declared range [0, 0.5]"]


def test_bad_format_is_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["show", "standoff", "--format", "yaml"])
    assert info.value.code == 2
    assert "invalid choice: 'yaml'" in capsys.readouterr().err


def test_no_command_is_exit_2(capsys):
    assert main([]) == 2


# ----------------------------------------------------------------- schema

@pytest.fixture(scope="module")
def printed_schema():
    done = python_m("schema")
    assert done.returncode == 0
    return json.loads(done.stdout)


def test_schema_is_a_valid_json_schema(printed_schema):
    jsonschema.Draft202012Validator.check_schema(printed_schema)
    assert printed_schema == negotiation.scenario_schema()


def _example_files():
    files = sorted(BUNDLED.glob("*.yaml"))
    if SHARED.is_dir():
        files += sorted(SHARED.glob("*.yaml"))
    return files


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_accepts_the_examples(printed_schema, path):
    data = read_yaml(path.read_bytes()).data
    validator = jsonschema.Draft202012Validator(printed_schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("stem", ["01_unknown_top_key", "08_wrong_type_options",
                                  "43_bad_kind", "21_empty_options"])
def test_schema_rejects_malformed_structure(printed_schema, stem):
    data = read_yaml((MALFORMED / f"{stem}.yaml").read_bytes()).data
    assert not jsonschema.Draft202012Validator(printed_schema).is_valid(data)


# ----------------------------------------------------------------- list

def test_list(capsys):
    status, out, _ = run_cli(capsys, "list", "--format", "json")
    assert status == 0
    names = [s["name"] for s in json.loads(out)["scenarios"]]
    assert names == bundled_names()
    assert {"standoff", "logroll", "prisoners", "ukraine_2022"} <= set(names)
    status, table, _ = run_cli(capsys, "list")
    assert status == 0 and all(n in table for n in names)
    assert "Border standoff (classroom toy)" in table


# ----------------------------------------------------------------- run

def test_run_path_json_has_the_sections(capsys):
    status, out, _ = run_cli(capsys, "run", str(BUNDLED / "standoff.yaml"), "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert data["title"] == "Border standoff (classroom toy)"
    assert {"scenario", "zopa"} <= set(data)
    # standoff.yaml states: 10 packages in the ZOPA at the default parameters
    assert data["zopa"]["size"] == 10


def test_run_set_changes_the_answer(capsys):
    # standoff.yaml: sanctions 0 and war_cost 0.1 leave no ZOPA
    status, out, _ = run_cli(capsys, "run", "standoff", "--format", "json",
                             "--set", "sanctions=0", "--set", "war_cost=0.1")
    assert status == 0 and json.loads(out)["zopa"]["size"] == 0


def test_run_default_is_the_january_2022_scenario():
    done = python_m("run", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert "January 2022" in done.stdout.splitlines()[0]
    assert "Zone of possible agreement" in done.stdout


def test_run_bad_scenario_is_exit_2(capsys):
    status, out, err = run_cli(capsys, "run", str(MALFORMED / "60_several_problems.yaml"))
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 8 and "Traceback" not in err
