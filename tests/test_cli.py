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
MALFORMED = Path(__file__).parent / "malformed"


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def python_m(*argv):
    return subprocess.run([sys.executable, "-m", "negotiation", *argv],
                          capture_output=True, text=True, timeout=300)


def argparse_error(capsys, *argv):
    """Exit status and stderr of arguments argparse itself rejects: it prints
    the command's usage, then one ``PROG: error: ...`` line."""
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    lines = err.rstrip("\n").splitlines()
    assert lines[0].startswith("usage: ") and all(line.startswith(" ") for line in lines[1:-1])
    return info.value.code, lines[-1]


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
    # the file has one problem: one line naming file:line:column, the key, the
    # bad value and what was expected
    assert err.splitlines() == [
        f"{MALFORMED / '14_unknown_owner.yaml'}:29:5: constraints[0].owner: unknown party "
        "'buyers' (parties: seller, buyer); did you mean 'buyer'?"]


def test_validate_missing_file(capsys):
    status, out, err = run_cli(capsys, "validate", "no_such_scenario")
    assert status == 2 and out == ""
    assert err.splitlines() == [
        f"no_such_scenario:1:1: no such file or bundled scenario "
        f"(bundled: {', '.join(bundled_names())})"]


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
    assert "| alpha | Alpha | 1.000 | 0.300 | declared | 0.000 | 0.500 | 0.200 |" in md
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


@pytest.mark.parametrize("setting, fragments", [
    # each message names what is wrong and what was expected
    ("sanction=0.1", ["--set: unknown parameter 'sanction'",
                      "(declared: sanctions, war_cost, p_win)"]),
    ("sanctions=0.9", ["--set: parameter 'sanctions': 0.9 is outside its declared range [0, 0.6]"]),
    ("sanctions=abc", ["--set 'sanctions=abc'", "'abc' is not a number"]),
    ("sanctions=nan", ["--set: parameter 'sanctions'", "nan is not a finite number"]),
    ("sanctions=inf", ["--set: parameter 'sanctions'", "inf is not a finite number"]),
    ("sanctions", ["--set 'sanctions'", "expected NAME=VALUE"]),
    ("=1", ["--set '=1'", "expected NAME=VALUE"]),
])
def test_bad_set_is_one_message_and_exit_2(capsys, setting, fragments):
    status, out, err = run_cli(capsys, "show", "standoff", "--set", setting)
    assert status == 2 and out == ""
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("negotiation show: --set")
    for fragment in fragments:
        assert fragment in err


def test_bad_set_through_python_m():
    done = python_m("run", "standoff", "--set", "war_cost=2")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "negotiation run: --set: parameter 'war_cost': 2 is outside its declared range [0, 0.5]"]


def test_bad_format_is_exit_2(capsys):
    status, message = argparse_error(capsys, "show", "standoff", "--format", "yaml")
    assert status == 2
    assert message == ("negotiation show: error: argument --format: invalid choice: 'yaml' "
                       "(choose from 'table', 'markdown', 'json')")


def test_no_command_is_exit_2(capsys):
    # no command: the help, listing every command, goes to stdout; nothing to stderr
    status, out, err = run_cli(capsys)
    assert status == 2 and err == ""
    assert out.startswith("usage: negotiation [-h] [--version] COMMAND ...")
    for name in ("run", "validate", "show", "solve", "offramps", "redlines", "stability",
                 "uncertainty", "simulate", "sweep", "schema", "list"):
        assert f"\n    {name} " in out or f"\n    {name}\n" in out, name


# ----------------------------------------------------------------- schema

@pytest.fixture(scope="module")
def printed_schema():
    done = python_m("schema")
    assert done.returncode == 0
    return json.loads(done.stdout)


def test_schema_is_a_valid_json_schema(printed_schema):
    jsonschema.Draft202012Validator.check_schema(printed_schema)
    assert printed_schema == negotiation.scenario_schema()


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.yaml")), ids=lambda p: p.name)
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
    assert "Border standoff (classroom toy)" in " ".join(table.split())  # cells may wrap


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
    path = MALFORMED / "60_several_problems.yaml"
    status, out, err = run_cli(capsys, "run", str(path))
    assert status == 2 and out == "" and "Traceback" not in err
    # every problem, one per line, as FILE:LINE:COLUMN: path.in.file: what is wrong
    # (what was expected), in the order of the file
    expected = [
        ("4:1: descripton: ", "unknown key 'descripton' (expected one of: format, title,",
         "did you mean 'description'?"),
        ("6:10: parameters.cost.value: ", "value 2 is outside the declared range [0, 1]"),
        ("8:26: parties.seller.batna: ", "'.nan' is not a finite number"),
        ("21:7: preferences.seller.scores.price: ", "no score for option(s) medium",
         "(expected a score for every option)"),
        ("21:25: preferences.seller.scores.price.medum: ", "unknown option 'medum' for issue "
         "'price' (options: low, medium, high)", "did you mean 'medium'?"),
        ("24:27: preferences.buyer.weights.warranty: ", "weight is -0.4 (expected zero or more)"),
        ("30:5: constraints[0].owner: ", "unknown party 'buyers' (parties: seller, buyer)",
         "did you mean 'buyer'?"),
        ("32:11: constraints[0].rule: ", "unknown option 'hihg' for issue 'price' "
         "(options: low, medium, high)", "did you mean 'high'?"),
    ]
    lines = err.splitlines()
    assert len(lines) == len(expected), err
    for line, (where, *fragments) in zip(lines, expected):
        assert line.startswith(f"{path}:{where}"), line
        for fragment in fragments:
            assert fragment in line, line
