"""Mutation fuzzing of the bundled scenarios: whatever a file says, the loader
answers with a scenario or with messages at file:line, never a traceback,
and in bounded time.

Run long with ``pytest -m fuzz --hypothesis-profile=long``.
"""
from __future__ import annotations

import math
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.bundled import bundled_dir, bundled_names
from negotiation.cli import main

pytestmark = pytest.mark.fuzz
SOURCES = {name: yaml.safe_load((bundled_dir() / f"{name}.yaml").read_text())
           for name in bundled_names()}
SECONDS = 10  # one mutated file, loaded and validated
# the long profile (--hypothesis-profile=long) raises the default; the normal run is bounded
LONG = settings.default.max_examples >= 1000

SPECIAL = [math.nan, math.inf, -math.inf, 10 ** 400, "1e999", "1e999 * 0", True, None, [], {},
           "x" * 5000, "ü名_ид", "\x7f\x00", "a" * 300 + " == b", "(" * 400 + "1" + ")" * 400,
           "not " * 400 + "x == y", " and ".join(["i == o"] * 1000), 2.5e-320, -0.0, "", "01"]


def _deep(depth: int):
    value: object = "leaf"
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def mutated(draw):
    """A bundled scenario with one to three structural mutations."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = yaml.safe_load(yaml.safe_dump(SOURCES[name]))  # a deep copy
    for _ in range(draw(st.integers(1, 3))):
        _mutate(draw, data)
    return name, data


def _mutate(draw, data) -> None:
    node, key = _walk(draw, data)
    if key is None:
        return
    op = draw(st.sampled_from(["delete", "duplicate", "rename", "retype", "special", "deep"]))
    if op == "delete":
        del node[key]
    elif op == "duplicate" and isinstance(node, list):
        node.insert(key, node[key])
    elif op == "rename" and isinstance(node, dict) and isinstance(key, str) and len(key) > 1:
        node[key[:-1]] = node.pop(key)  # a near miss
    elif op == "retype":
        value = node[key]
        node[key] = (str(value) if isinstance(value, (int, float)) else
                     [value] if isinstance(value, (str, dict)) else
                     {"k": value} if isinstance(value, list) else 1)
    elif op == "special":
        node[key] = draw(st.sampled_from(SPECIAL))
    else:
        node[key] = _deep(draw(st.integers(50, 600)))


def _walk(draw, data):
    """A random (container, key) inside the data, or (data, None) if empty."""
    node, key = data, None
    for _ in range(draw(st.integers(1, 6))):
        keys = list(node) if isinstance(node, dict) else list(range(len(node))) \
            if isinstance(node, list) else []
        if not keys:
            break
        k = draw(st.sampled_from(keys))
        if isinstance(node[k], (dict, list)) and node[k] and draw(st.booleans()):
            node = node[k]
            continue
        key = k
        break
    return node, key


def _text(data) -> str | None:
    try:
        return yaml.dump(data, allow_unicode=True, sort_keys=False, width=1000)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


@settings(max_examples=5000 if LONG else 60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_a_mutated_scenario_loads_or_is_refused_at_its_lines(tmp_path_factory, case):
    name, data = case
    text = _text(data)
    if text is None:
        return  # PyYAML itself cannot write it
    path = tmp_path_factory.mktemp("fuzz") / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    try:
        negotiation.load(path)
    except negotiation.ScenarioError as exc:
        for problem in exc.problems:
            assert problem.file == str(path) and problem.line >= 1, problem
    assert time.perf_counter() - start < SECONDS


@settings(max_examples=1000 if LONG else 15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(mutated())
def test_validate_exits_0_or_2_with_located_messages(tmp_path_factory, capsys, case):
    capsys.readouterr()  # each example reads only its own output
    name, data = case
    text = _text(data)
    if text is None:
        return
    path = tmp_path_factory.mktemp("fuzz") / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert status in (0, 2) and "Traceback" not in err
    if status == 2:
        assert all(line.startswith(f"{path}:") and line.split(":")[1].isdigit()
                   for line in err.strip().splitlines() if line), err
