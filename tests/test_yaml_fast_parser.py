"""The walk of the parser's events reads what PyYAML's composer would.

The loader walks libyaml's events when PyYAML has it
(:class:`negotiation.scenario.yamlparse.FastParser`) and reads any document
that fails to parse again with the pure-Python :class:`Loader`, whose errors
it words. Both parsers must give the same document (data, positions,
problems), and that document must be PyYAML's own: the data its composer and
constructor build, each value at its node's line and column.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml

from negotiation.scenario import yamlparse
from negotiation.scenario.limits import MAX_YAML_DEPTH
from negotiation.scenario.yamlread import read_yaml

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*(ROOT / "negotiation" / "data" / "scenarios").glob("*.yaml"),
                *(ROOT / "benchmarks" / "data").glob("*.yaml"),
                *(ROOT.parent / "shared" / "examples").glob("*.yaml")])

pytestmark = pytest.mark.skipif(not yamlparse.HAS_LIBYAML, reason="PyYAML built without libyaml")


def read(text: str, fast: bool = True):
    """The document as read, or the problem, as comparable values."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlparse, "HAS_LIBYAML", fast)
        try:
            doc = read_yaml(text.encode("utf-8"))
        except yamlparse.YamlProblem as problem:
            return ("problem", problem.all())
    return (doc.data, doc.positions, doc.key_positions, doc.problems, doc.unreadable)


def composed(text: str):
    """PyYAML's own reading: its constructor's data, and where its composer
    placed each value and key (the oracle for plain documents)."""
    data = dates_as_text(yaml.load(text, Loader=yamlparse.Loader))  # noqa: S506 - safe
    positions, keys = {}, {}
    stack = [((), yaml.compose(text, Loader=yamlparse.Loader))]
    while stack:
        path, node = stack.pop()
        mark = node.start_mark
        quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
        positions.setdefault(path, yamlparse.Position(mark.line + 1, mark.column + 1, quoted))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((path + (i,), child) for i, child in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = path + (key.value,)
                keys[child] = yamlparse.Position(key.start_mark.line + 1,
                                                 key.start_mark.column + 1,
                                                 key.style in ("'", '"'))
                stack.append((child, value))
    return data, positions, keys


def dates_as_text(value):
    """The loader keeps a date as its ISO text (the scenario's as_of)."""
    if isinstance(value, dict):
        return {k: dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [dates_as_text(v) for v in value]
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_bundled_and_example_file(path):
    text = path.read_text(encoding="utf-8")
    fast = read(text)
    assert len(fast[1]) > 10
    assert fast == read(text, fast=False)
    assert fast[:3] == composed(text)


@settings(max_examples=60, deadline=None)
@given(scenario_yaml())
def test_random_scenarios(text):
    fast = read(text)
    assert fast == read(text, fast=False)
    assert fast[:3] == composed(text)


NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
SCALARS = st.sampled_from(["yes", "no", "on", "true", "False", "~", "null", "1e3", "0x1f", "0o17",
                           "1_000", "2022-01-26", "12:30", "'quoted'", '"a\\tb"', "plain text",
                           "[1, 2]", "{a: 1}", "!!str 3", "[]", "{}"])


@st.composite
def anchored_documents(draw):
    """Mappings whose values define anchors and use the earlier ones,
    nested in lists and mappings."""
    lines, anchors = [], []
    for i, key in enumerate(draw(st.lists(NAMES, min_size=1, max_size=8, unique=True))):
        parts = [draw(SCALARS)]
        if anchors:
            parts.append(f"*{draw(st.sampled_from(anchors))}")
        value = draw(st.sampled_from([parts[-1], f"[{', '.join(parts)}]",
                                      f"{{x: {parts[0]}, y: {parts[-1]}}}",
                                      f"[[{parts[-1]}], {{z: {parts[0]}}}]"]))
        if draw(st.booleans()):
            value = f"&a{i} {value}"
            anchors.append(f"a{i}")
        lines.append(f"{key}: {value}\n")
    return "".join(lines)


@settings(max_examples=150, deadline=None)
@given(anchored_documents())
def test_anchors_and_aliases_read_as_pyyaml_composes_them(text):
    fast = read(text)
    assert fast == read(text, fast=False)
    if fast[0] != "problem" and not fast[3]:
        assert fast[:3] == composed(text)


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: 1\n b: 2\n", "- a\nb: 1\n", "a: *missing\n",
                                  "a: 1\n---\nb: 2\n", "a: &x 1\nb: &x 2\n"])
def test_a_broken_document_is_worded_by_the_pure_parser(text):
    """The fast parser's error is never shown: the message is the pure one's."""
    fast, plain = read(text), read(text, fast=False)
    assert fast[0] == "problem"
    assert fast == plain


def test_a_syntax_error_after_an_alias_bomb_is_the_one_reported():
    """The whole file is read before what its aliases expand to is judged."""
    bomb = "a: &a [1,2,3,4,5,6,7,8,9,10]\n" + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcde", "bcdef"))
    expands = read(bomb + "g: [*f, *f]\n")
    assert "expands to more than" in expands[1][0][0]
    broken = read(bomb + "g: [*f, *f\n")
    assert broken[0] == "problem" and "syntax error" in broken[1][0][0]


@pytest.mark.parametrize("levels", [MAX_YAML_DEPTH - 1, MAX_YAML_DEPTH])
def test_the_depth_limit_holds_on_the_fast_path(levels):
    """A value inside ``levels`` lists is at depth levels + 1 (the top mapping
    is at 0, the key's value at 1): the limit refuses depth MAX_YAML_DEPTH."""
    deep = "a: " + "[" * levels + "1" + "]" * levels + "\n"
    outcome = read(deep)
    assert outcome == read(deep, fast=False)
    refused = outcome[0] == "problem" and "nested deeper" in outcome[1][0][0]
    assert refused == (levels + 1 >= MAX_YAML_DEPTH)


def test_an_alias_that_contains_itself_is_reported_where_it_recurs():
    text = "x: &x {y: &y [1, *x]}\nz: *y\nw: [1, {v: 2}]\n"
    data, _, _, problems, unreadable = read(text)
    assert data == {"x": {"y": [1, None]}, "z": [1, {"y": None}], "w": [1, {"v": 2}]}
    assert {path for path, _ in problems} == {("x", "y", 1), ("z", 1, "y")} == unreadable
