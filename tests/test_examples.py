"""The shared examples load unchanged and give the results their comments state."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import negotiation
from negotiation.scenario.expr import evaluate_rule
from negotiation.solvers.agreement.zone import zopa

SHARED = Path(__file__).resolve().parents[2] / "shared" / "examples"
BUNDLED = Path(negotiation.__file__).parent / "data" / "scenarios"


@pytest.mark.parametrize("name", ["logroll", "prisoners", "standoff"])
def test_bundled_copy_is_unchanged(name):
    shared = SHARED / f"{name}.yaml"
    if not shared.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    assert (BUNDLED / f"{name}.yaml").read_bytes() == shared.read_bytes()


def _offramp_count(scenario):
    game = negotiation.compile_game(scenario)
    z = zopa(game)
    met = evaluate_rule(scenario.offramp.requires, game.columns(z.packages), game.option_index())
    return z, z.packages[met], game


def test_standoff_defaults(standoff):
    z, offramps, game = _offramp_count(standoff)
    assert game.batna[0] == pytest.approx(0.1)
    assert z.size == 10
    assert len(offramps) == 8


def test_standoff_without_sanctions_leaves_one_offramp(standoff):
    _, offramps, game = _offramp_count(standoff.with_parameters(sanctions=0))
    assert [game.labels(p) for p in offramps] == [
        {"troops": "partial_pullback", "membership": "open_door", "missiles": "ban",
         "hotline": "established"}]


def test_standoff_no_zopa_when_war_is_cheap(standoff):
    z, offramps, _ = _offramp_count(standoff.with_parameters(sanctions=0, war_cost=0.1))
    assert z.empty and len(offramps) == 0
    assert "challenger" in z.explain()


def test_prisoners_strings_not_booleans(prisoners):
    assert prisoners.issues["p1_cooperates"].option_ids == ("no", "yes")
    game = negotiation.compile_game(prisoners)
    scores = game.utilities(game.decode(np.arange(4)))
    # p1 ranks (no, yes) best and (yes, no) worst
    assert scores[1, 0] == scores[:, 0].max() and scores[2, 0] == scores[:, 0].min()
