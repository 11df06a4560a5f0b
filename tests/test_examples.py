"""The example scenarios are bundled unchanged and give the results their comments state."""
from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

import negotiation
from negotiation.scenario.expr import evaluate_rule
from negotiation.solvers.agreement.zone import zopa

BUNDLED = Path(negotiation.__file__).parent / "data" / "scenarios"
ORIGINALS = Path(__file__).resolve().parents[2] / "shared" / "examples"

# The SHA-256 of each example file exactly as published. The bundled copy must
# be byte-identical to it; a deliberate change to an example updates this table.
EXAMPLE_SHA256 = {
    "logroll": "6bf475f1e4b00984afeec2963889ca418f21feabc0a7fdc578e60ecc746b1df4",
    "prisoners": "6949b174fb238ab4a7231f5a49a98a552e38a337832203c77aef73162811799e",
    "standoff": "e8fd84794712d1207a528852c81016d5ede37cf9f2e811575a3c6531d1250d17",
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(EXAMPLE_SHA256))
def test_bundled_copy_is_unchanged(name):
    expected = EXAMPLE_SHA256[name]
    bundled = _sha256(BUNDLED / f"{name}.yaml")
    assert bundled == expected, (
        f"negotiation/data/scenarios/{name}.yaml has sha256 {bundled}, "
        f"expected {expected}: the bundled example was modified")
    if ORIGINALS.is_dir():
        original = ORIGINALS / f"{name}.yaml"
        present = original.is_file()
        assert present, f"the published {name}.yaml is missing"
        published = _sha256(original)
        assert published == expected, (
            f"the published {name}.yaml has sha256 {published}, expected {expected}")


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
