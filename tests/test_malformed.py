"""The catalogue of malformed scenarios: every problem is caught and placed.

Each file in ``tests/malformed/`` is the same small two-party scenario with
one thing broken (its first line, a comment, says what). The table below
gives, for each file, where the problem is (line and column, counted in the
file by hand) and a fragment of the message that must name it. Lines count
the comment on line 1; the base scenario then has ``parties`` on line 6,
``issues`` on line 9, ``preferences`` on line 16 and the constraint's
``rule`` on line 31.
"""
from __future__ import annotations

import copy
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.scenario import ScenarioError, loads
from negotiation.scenario.yamlread import read_yaml

MALFORMED = Path(__file__).parent / "malformed"

# file stem -> (line, column or None, fragments the message must contain)
EXPECTED: dict[str, tuple[int | None, int | None, tuple[str, ...]]] = {
    "01_unknown_top_key": (4, 1, ("unknown key 'descripton'", "did you mean 'description'")),
    "02_unknown_party_key": (7, 26, ("parties.seller.batan", "did you mean 'batna'")),
    "03_unknown_issue_key": (12, 5, ("unknown key 'status_qou'", "did you mean 'status_quo'")),
    "04_missing_title": (2, 1, ("missing required key 'title'",)),
    "05_missing_options": (10, 3, ("issues.price", "missing required key 'options'")),
    "06_missing_rule": (28, 5, ("constraints[0]", "missing required key 'rule'")),
    "07_wrong_type_batna": (7, 26, ("parties.seller.batna", "expected a number", "found a list")),
    "08_wrong_type_options": (11, 5, ("expected a list or a mapping, found a number",)),
    "09_wrong_type_score": (21, 27, ("scores.warranty.yes", "found a boolean")),
    "10_duplicate_yaml_key": (9, 3, ("duplicate key 'seller'", "first given at line 7")),
    "11_duplicate_constraint_id": (32, 5, ("constraints[1].id",
                                           "duplicate constraint id 'fair_price'")),
    "12_duplicate_option": (11, 28, ("issues.price.options[2]", "duplicate option 'medium'")),
    "13_unknown_party_preferences": (22, 3, ("unknown party 'buyr'", "did you mean 'buyer'")),
    "14_unknown_owner": (29, 5, ("constraints[0].owner", "unknown party 'buyers'",
                                 "did you mean 'buyer'")),
    "15_unknown_issue_weights": (18, 27, ("unknown issue 'waranty'", "did you mean 'warranty'")),
    "16_unknown_option_scores": (20, 25, ("unknown option 'medum'", "did you mean 'medium'")),
    "17_unknown_option_rule": (31, 11, ("constraints[0].rule", "unknown option 'hihg'",
                                        "did you mean 'high'")),
    # the rule starts at column 11; 'prise' is 19 characters into it
    "18_unknown_issue_rule": (31, 30, ("unknown issue 'prise'", "did you mean 'price'")),
    "19_unknown_parameter": (8, 24, ("unknown parameter 'cots'", "did you mean 'cost'")),
    "20_unknown_source": (34, 5, ("unknown source 'memos'", "did you mean 'memo'")),
    "21_empty_options": (11, 5, ("issues.price.options", "empty")),
    "22_negative_weight": (23, 27, ("weights.warranty", "weight is -0.4")),
    "23_all_zero_weights": (18, 5, ("all weights are zero",)),
    "24_nan": (7, 26, ("'.nan' is not a finite number",)),
    "25_infinite": (7, 38, ("parties.seller.power", "'.inf' is not a finite number")),
    "26_parameter_out_of_range": (5, 10, ("value 1.5 is outside the declared range [0, 1]",)),
    # 'price != high and' ends at column 11 + 17
    "27_rule_does_not_parse": (31, 28, ("expected an issue name, found the end",)),
    # the quoted value opens at column 31; 'cost * (1 -' ends 11 characters in
    "28_arithmetic_does_not_parse": (8, 43, ("expected a number, a parameter name or '('",)),
    "29_rule_in_arithmetic": (8, 38, ("found '=='",)),
    "30_number_as_rule": (31, 16, ("expected '==', '!=' or 'in' after 'cost'",)),
    "31_ranking_misses_state": (23, 5, ("2 feasible state(s) are not ranked",
                                        "{price: high, warranty: no}")),
    "32_ranking_repeats_state": (26, 9, ("ranking[2]", "already ranked above it")),
    "33_status_quo_infeasible": (34, 5, ("constraints[1].rule",
                                         "the status quo breaks this feasibility rule")),
    "34_offramp_unknown_party": (33, 3, ("offramp.for", "unknown party 'sellr'",
                                         "did you mean 'seller'")),
    "35_python_tag": (3, 1, ("YAML tag", "python/object/apply:os.system", "is not allowed")),
    # the limit trips inside the expansion; the line depends on the walk
    "36_alias_bomb": (None, None, ("expands to more than",)),
    "37_not_a_mapping": (2, 1, ("not a mapping",)),
    "38_injection_in_expression": (8, 32, ("dunder names",)),
    "39_attribute_in_rule": (31, 16, ("attribute access",)),
    "40_call_in_expression": (8, 32, ("calling 'abs' is not allowed (only min and max)",)),
    "41_unknown_status_quo": (12, 5, ("unknown option 'meduim'", "did you mean 'medium'")),
    "42_missing_score": (25, 7, ("no score for option(s) medium",)),
    "43_bad_kind": (30, 5, ("'redline' is not allowed", "did you mean 'red_line'")),
    "44_wrong_format": (2, 1, ("'negotiation/2' is not allowed",)),
    # PyYAML notices the unclosed '{' of line 7 at the ':' after 'buyer'
    "45_yaml_syntax": (8, 8, ("YAML syntax error", "opened at line 7 is not closed")),
    "46_unknown_controller": (13, 5, ("issues.price.controlled_by", "unknown party 'seler'",
                                      "did you mean 'seller'")),
    "47_empty_range": (5, 22, ("range [1, 0] is empty",)),
    "48_division_by_zero": (8, 24, ("cannot be computed", "division by zero")),
    "49_empty_file": (1, 1, ("the file is empty",)),
    "50_negative_power": (7, 38, ("power is -1 (expected positive)",)),
    "51_string_literal_in_rule": (31, 20, ("string literals are not allowed",)),
    "52_lambda": (8, 38, ("':' is not allowed",)),
    "53_subscript": (8, 36, ("subscripts are not allowed",)),
    "54_merge_key": (8, 3, ("merge keys",)),
    "55_not_utf8": (3, 11, ("not UTF-8",)),  # the Latin-1 byte of 'Café'
}

# every problem of 60_several_problems.yaml, in file order
SEVERAL = [
    (4, 1, "unknown key 'descripton'"),
    (6, 10, "value 2 is outside the declared range"),
    (8, 26, "'.nan' is not a finite number"),
    (21, 7, "no score for option(s) medium"),
    (21, 25, "unknown option 'medum'"),
    (24, 27, "weight is -0.4"),
    (30, 5, "unknown party 'buyers'"),
    (32, 11, "unknown option 'hihg'"),
]


def _problems(path: Path):
    with pytest.raises(ScenarioError) as info:
        negotiation.load(path)
    return info.value.problems


def test_catalogue_is_complete():
    files = {p.stem for p in MALFORMED.glob("*.yaml")}
    assert len(files) >= 30
    assert files == set(EXPECTED) | {"60_several_problems"}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_malformed_file_is_reported_in_place(stem):
    line, column, fragments = EXPECTED[stem]
    problems = _problems(MALFORMED / f"{stem}.yaml")
    matching = [p for p in problems if all(f in str(p) for f in fragments)]
    assert matching, f"no problem mentions {fragments}: {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file.endswith(f"{stem}.yaml")
    if line is not None:
        assert (problem.line, problem.column) == (line, column), str(problem)
    # the printed form is FILE:LINE:COLUMN: path: message
    assert re.match(rf".*{stem}\.yaml:{problem.line}:{problem.column}: ", str(problem))


@pytest.mark.parametrize("stem", ["07_wrong_type_batna", "09_wrong_type_score",
                                  "35_python_tag", "17_unknown_option_rule"])
def test_one_problem_gives_one_message(stem):
    assert len(_problems(MALFORMED / f"{stem}.yaml")) == 1


def test_every_problem_is_reported():
    problems = _problems(MALFORMED / "60_several_problems.yaml")
    found = [(p.line, p.column) for p in problems]
    for line, column, fragment in SEVERAL:
        assert any((p.line, p.column) == (line, column) and fragment in p.message
                   for p in problems), (line, column, fragment, found)
    assert len(problems) == len(SEVERAL)
    assert found == sorted(found)  # file order


def test_alias_bomb_is_refused_quickly():
    start = time.perf_counter()
    _problems(MALFORMED / "36_alias_bomb.yaml")
    assert time.perf_counter() - start < 5


def test_python_tag_is_never_constructed(tmp_path, monkeypatch):
    marker = tmp_path / "constructed"
    text = (MALFORMED / "35_python_tag.yaml").read_text().replace(
        '"echo hi"', f'"touch {marker}"')
    with pytest.raises(ScenarioError):
        loads(text)
    assert not marker.exists()


def test_yaml_12_booleans_stay_option_names():
    text = (MALFORMED / "17_unknown_option_rule.yaml").read_text().replace("hihg", "high")
    text = text.replace("preferences:\n", "  lights:\n    options: [no, yes, on, off, NO, y]\n"
                                          "    status_quo: off\npreferences:\n")
    scenario = loads(text)
    assert scenario.issues["lights"].option_ids == ("no", "yes", "on", "off", "NO", "y")
    assert scenario.issues["lights"].status_quo == "off"
    assert scenario.issues["warranty"].status_quo == "no"


def test_cli_validate_reports_file_line_column():
    path = MALFORMED / "17_unknown_option_rule.yaml"
    done = subprocess.run([sys.executable, "-m", "negotiation", "validate", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert re.search(r"17_unknown_option_rule\.yaml:31:11: constraints\[0\]\.rule: "
                     r"unknown option 'hihg'", done.stderr)
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_cli_validate_reports_every_file():
    paths = [MALFORMED / "60_several_problems.yaml", MALFORMED / "55_not_utf8.yaml",
             MALFORMED / "36_alias_bomb.yaml"]
    done = subprocess.run([sys.executable, "-m", "negotiation", "validate", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(SEVERAL) + 2
    assert all(re.match(r".+\.yaml:\d+:\d+: ", line) for line in lines)
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------ random damage
_BUNDLED = sorted((Path(negotiation.__file__).parent / "data" / "scenarios").glob("*.yaml"))
_JUNK = [None, [], {}, [1], {"a": 1}, "x", "zz", 0, -1, 1.5, True, "a == b", "min(",
         "[x]", {"weights": {}}, ["x", "y"], "__x", 10**30, -0.0, "no"]


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for k, value in enumerate(data):
            yield from _paths(value, prefix + (k,))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_scenarios_raise_scenario_error_only(data):
    """Whatever is broken, the loader answers with ScenarioError, never a crash."""
    source = data.draw(st.sampled_from(_BUNDLED), label="scenario")
    tree = copy.deepcopy(read_yaml(source.read_bytes()).data)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(tree) if p]
        where = data.draw(st.sampled_from(paths))
        parent = tree
        for key in where[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[where[-1]]
        else:
            parent[where[-1]] = copy.deepcopy(data.draw(st.sampled_from(_JUNK)))
    try:
        loads(yaml.safe_dump(tree))
    except ScenarioError as exc:
        assert exc.problems and all(p.line >= 1 and p.column >= 1 for p in exc.problems)
