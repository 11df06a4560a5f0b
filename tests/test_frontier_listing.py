"""A long frontier is listed in part, and the report says how much."""
from __future__ import annotations

import json

from negotiation.cli import main


def _pie(options: int) -> str:
    ids = [f"s{k}" for k in range(options)]
    a = ", ".join(f"{i}: {k / (options - 1)!r}" for k, i in enumerate(ids))
    b = ", ".join(f"{i}: {1 - k / (options - 1)!r}" for k, i in enumerate(ids))
    return f"""format: negotiation/1
title: pie
parties: {{a: {{}}, b: {{}}}}
issues:
  x: {{options: [{", ".join(ids)}]}}
preferences:
  a: {{weights: {{x: 1}}, scores: {{x: {{{a}}}}}}}
  b: {{weights: {{x: 1}}, scores: {{x: {{{b}}}}}}}
"""


def test_a_frontier_longer_than_the_table_says_so(tmp_path, capsys):
    # every division of a pie is Pareto efficient: 40 frontier packages, 25 listed
    path = tmp_path / "pie.yaml"
    path.write_text(_pie(40))
    assert main(["solve", str(path)]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "25 of the 40 frontier packages listed; the JSON output carries 40, every one." in text
    assert main(["solve", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["frontier_size"] == 40 == len(data["frontier"])
    assert data["frontier_truncated"] is False


def test_a_short_frontier_is_listed_whole(tmp_path, capsys):
    path = tmp_path / "pie.yaml"
    path.write_text(_pie(5))
    assert main(["solve", str(path)]) == 0
    assert "frontier packages listed" not in capsys.readouterr().out
