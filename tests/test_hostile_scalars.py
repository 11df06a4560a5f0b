"""Hostile scalars: values PyYAML resolves but cannot build, numbers that do
not fit a float, booleans posing as numbers, and characters that are not text.

Each is one problem at the value's line (the column of its key, as every
value problem in tests/malformed), never a ValueError or OverflowError from
PyYAML or float(), never a silent infinity, and never a message split over
two lines.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from negotiation.scenario import ScenarioError, loads
from negotiation.scenario.override import with_field
from negotiation.scenario.yamlread import read_yaml

BASE = (Path(__file__).parent / "malformed" / "17_unknown_option_rule.yaml").read_text() \
    .replace("hihg", "high")
SELLER = "seller: {name: Seller, batna: 0.1}"  # line 7; batna at column 26


def only_problem(text: str, filename: str = "hostile.yaml"):
    with pytest.raises(ScenarioError) as info:
        loads(text, filename=filename)
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert str(problem).startswith(f"{filename}:{problem.line}:{problem.column}: ")
    assert "\n" not in str(problem)
    return problem


def seller_batna(value: str) -> str:
    return BASE.replace(SELLER, f"seller: {{name: Seller, batna: {value}}}")


def buyer_batna(expr: str) -> str:
    return BASE.replace("batna: cost}", f'batna: "{expr}"}}')


# ----------------------------------------------------------------- YAML types
@pytest.mark.parametrize("date, reason", [
    ("2022-02-30", "day is out of range for month"),
    ("2022-13-01", "month must be in 1..12"),
    ("2022-00-10", "month must be in 1..12"),
])
def test_an_invalid_date_is_reported_at_its_line(date, reason):
    text = BASE.replace("title: Malformed example", f"title: Malformed example\nas_of: {date}")
    problem = only_problem(text)
    assert (problem.line, problem.column, problem.path) == (4, 1, "as_of")
    assert f"'{date}' is not a valid date" in problem.message and reason in problem.message


def test_a_valid_date_still_loads():
    text = BASE.replace("title: Malformed example", "title: Malformed example\nas_of: 2022-02-28")
    assert loads(text).as_of == "2022-02-28"


@pytest.mark.parametrize("value, fragment", [
    ("!!int abc", "'abc' is not a whole number"),
    ("!!float x", "'x' is not a number"),
    ("!!bool maybe", "'maybe' is not a boolean"),
    ("!!null nothing", "'nothing' is not null"),
    ("!!timestamp soon", "'soon' is not a date"),
    ("1" * 4301, "is too large a number"),  # more digits than Python converts
    ("1" * 400, "is too large a number"),  # an int, but not a float
    ("-" + "9" * 400, "is too large a number"),
    ("1.0e+400", "is larger than a float can hold"),
])
def test_a_scalar_that_cannot_be_built_is_one_problem(value, fragment):
    problem = only_problem(seller_batna(value))
    assert (problem.line, problem.column, problem.path) == (7, 26, "parties.seller.batna")
    assert fragment in problem.message
    assert len(problem.message) < 200  # a long scalar is shortened, not echoed


def test_a_huge_integer_key_or_item_is_reported_not_raised():
    text = BASE + "sources:\n  memo: {cite: x, pages: " + "7" * 5000 + "}\n"
    problem = only_problem(text)
    assert (problem.line, problem.path) == (33, "sources.memo.pages")
    document = read_yaml(("- " + "1" * 5000 + "\n").encode())
    assert document.problems and "too large" in document.problems[0][1]


# ----------------------------------------------------------------- numbers
@pytest.mark.parametrize("expr, column", [
    ("1e999 * 0", 32),
    ("1e999", 32),
    ("cost + 1" + "0" * 400, 39),
    ("2 * 1e400", 36),
])
def test_a_literal_too_large_for_a_float_is_an_error(expr, column):
    problem = only_problem(buyer_batna(expr))
    assert (problem.line, problem.column, problem.path) == (8, column, "parties.buyer.batna")
    assert "larger than a float can hold" in problem.message


@pytest.mark.parametrize("value", ["1e400", "1.0e400", "1" + "0" * 400 + ".5"])
def test_an_unquoted_huge_number_is_not_infinity(value):
    problem = only_problem(seller_batna(value))
    assert (problem.line, problem.path) == (7, "parties.seller.batna")
    assert "larger than a float can hold" in problem.message


@pytest.mark.parametrize("expr, fragment", [
    ("1e308 * 10", "is not a finite real number"),
    ("2 ** 10000", "cannot be computed"),
    ("(-8) ** 0.5", "is not a finite real number"),
    ("1 / (cost - 0.2)", "division by zero"),
])
def test_a_value_that_overflows_is_an_error(expr, fragment):
    problem = only_problem(buyer_batna(expr))
    assert (problem.line, problem.path) == (8, "parties.buyer.batna")
    assert fragment in problem.message


@pytest.mark.parametrize("text", [
    BASE.replace(SELLER, "seller: {name: Seller, batna: true}"),
    BASE.replace("cost: {value: 0.2, range: [0.0, 1.0]}", "cost: true"),
    BASE.replace("cost: {value: 0.2, range: [0.0, 1.0]}", "cost: {value: false}"),
])
def test_booleans_are_not_numbers(text):
    problem = only_problem(text)
    assert problem.line in (5, 7)
    assert "found a boolean" in problem.message


@pytest.mark.parametrize("value, fragment", [
    (True, "is a boolean, not a number"),
    (10**400, "an integer of 401 digits is too large"),
    (10**5000, "an integer of 5001 digits is too large"),
    (math.inf, "is not a finite number"),
    (math.nan, "is not a finite number"),
    ("abc", "is not a number"),
], ids=["true", "10**400", "10**5000", "inf", "nan", "string"])  # repr(10**5000) raises
def test_with_parameters_refuses_what_is_not_a_finite_number(value, fragment):
    scenario = loads(BASE)
    with pytest.raises(ValueError) as info:
        scenario.with_parameters(cost=value)
    assert type(info.value) is ValueError
    assert "parameter 'cost'" in str(info.value) and fragment in str(info.value)
    with pytest.raises(ValueError, match=fragment.split()[-1]):
        with_field(scenario, "parties.seller.batna", value)


# ----------------------------------------------------------------- characters
@pytest.mark.parametrize("char", ["\x7f", "\x00", "\x80", "\x1b", "\x9f"])
def test_a_control_character_is_reported_once_at_its_place(char):
    text = BASE.replace("issues:\n", f"issues:  # a comment{char}\n")
    problem = only_problem(text)
    assert (problem.line, problem.column) == (9, 21)
    assert f"control character U+{ord(char):04X} is not allowed" in problem.message


def test_every_control_character_is_listed_up_to_a_limit():
    text = BASE.replace("Malformed example", "Mal\x00formed") + "# \x7f\x7f\n" * 30
    with pytest.raises(ScenarioError) as info:
        loads(text, filename="c.yaml")
    problems = info.value.problems
    assert (problems[0].line, problems[0].column) == (3, 11)
    assert [(p.line, p.column) for p in problems[1:4]] == [(32, 3), (32, 4), (33, 3)]
    assert len(problems) == 21 and "only the first 20" in problems[-1].message


@pytest.mark.parametrize("escape, code", [("\\0", "0000"), ("\\x7f", "007F"), ("\\e", "001B"),
                                          ("\\x85", "0085"), ("\\ud800", "D800")])
def test_an_escaped_control_character_in_a_string_is_an_error(escape, code):
    text = BASE.replace("title: Malformed example", f'title: "Mal{escape}formed"')
    problem = only_problem(text)
    assert (problem.line, problem.path) == (3, "title")
    assert f"U+{code}" in problem.message
    assert all(c.isprintable() for c in str(problem))  # never echoed raw


def test_a_key_with_a_newline_stays_on_one_line():
    text = BASE.replace("title: Malformed example", 'title: Malformed example\n"bad\\nkey": 1')
    problem = only_problem(text)
    assert problem.line == 4 and "\n" not in str(problem)
    assert "hostile.yaml:4:1: bad\\nkey: unknown key 'bad\\nkey'" in str(problem)


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path):
    import negotiation

    path = tmp_path / "two\nlines.yaml"
    path.write_text(BASE.replace("price != high", "price != hihg"))
    with pytest.raises(ScenarioError) as info:
        negotiation.load(path)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert str(info.value).count("\n") == 0 and "two\\nlines.yaml:31:11: " in str(info.value)
