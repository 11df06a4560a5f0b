"""libyaml's parser gives the loader the same nodes as the pure-Python one.

The loader composes nodes from libyaml's events when PyYAML has it
(:class:`negotiation.scenario.yamlnodes.FastLoader`) and reads any document
that fails to parse again with the pure-Python :class:`Loader`, whose errors
it words. Both must agree node for node (tag, value, quoting, start and end
positions) on every file the project reads.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from random_scenarios import scenario_yaml

from negotiation.scenario import yamlnodes

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*(ROOT / "negotiation" / "data" / "scenarios").glob("*.yaml"),
                *(ROOT / "benchmarks" / "data").glob("*.yaml"),
                *(ROOT.parent / "shared" / "examples").glob("*.yaml")])

pytestmark = pytest.mark.skipif(not yamlnodes.HAS_LIBYAML, reason="PyYAML built without libyaml")


def flat(node) -> list:
    """Every node of a document, depth first, as comparable tuples."""
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if n is None:
            out.append(None)
            continue
        quoted = isinstance(n, yaml.ScalarNode) and n.style in ("'", '"')
        out.append((type(n).__name__, n.tag, quoted, n.start_mark.line, n.start_mark.column,
                    n.end_mark.line, n.end_mark.column,
                    n.value if isinstance(n, yaml.ScalarNode) else len(n.value)))
        if isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in reversed(n.value) for x in reversed(pair))
    return out


def both(text: str):
    return (flat(yamlnodes._single_node(yamlnodes.FastLoader, text)),
            flat(yamlnodes._single_node(yamlnodes.Loader, text)))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_bundled_and_example_file(path):
    fast, plain = both(path.read_text(encoding="utf-8"))
    assert len(fast) > 10
    assert fast == plain


@settings(max_examples=60, deadline=None)
@given(scenario_yaml())
def test_random_scenarios(text):
    fast, plain = both(text)
    assert fast == plain


SCALARS = st.sampled_from(["yes", "no", "on", "true", "False", "~", "null", "1e3", "0x1f", "0o17",
                           "1_000", ".inf", "-.nan", "2022-01-26", "12:30", "'quoted'",
                           '"a\\tb"', "plain text", "&a 1", "*a", "[1, 2]", "{a: 1}", "!!str 3"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), SCALARS),
                min_size=1, max_size=8, unique_by=lambda kv: kv[0]))
def test_scalars_resolve_alike(pairs):
    text = "".join(f"{key}: {value}\n" for key, value in pairs)
    try:
        plain = flat(yamlnodes._single_node(yamlnodes.Loader, text))
    except yaml.YAMLError:  # an alias before its anchor: both refuse, the fallback words it
        with pytest.raises(yaml.YAMLError):
            yamlnodes._single_node(yamlnodes.FastLoader, text)
        return
    assert flat(yamlnodes._single_node(yamlnodes.FastLoader, text)) == plain
    assert any(n and n[1] == "tag:yaml.org,2002:bool" for n in plain) == any(
        value in ("true", "False") for _, value in pairs)


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: 1\n b: 2\n", "- a\nb: 1\n", "a: *missing\n",
                                  "a: 1\n---\nb: 2\n"])
def test_a_broken_document_is_worded_by_the_pure_parser(text, monkeypatch):
    """The fast parser's error is never shown: the message is the pure one's."""
    with pytest.raises(yamlnodes.YamlProblem) as fast:
        yamlnodes._compose(text)
    monkeypatch.setattr(yamlnodes, "HAS_LIBYAML", False)
    with pytest.raises(yamlnodes.YamlProblem) as plain:
        yamlnodes._compose(text)
    assert str(fast.value) == str(plain.value)
    assert fast.value.position == plain.value.position


def test_the_depth_limit_holds_on_the_fast_path():
    deep = "a: " + "[" * (yamlnodes.MAX_YAML_DEPTH + 5) + "]" * (yamlnodes.MAX_YAML_DEPTH + 5)
    with pytest.raises(yamlnodes.YamlProblem, match="nested deeper"):
        yamlnodes._single_node(yamlnodes.FastLoader, deep)
