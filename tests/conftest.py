"""Shared fixtures: the shared examples as the project ships them."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

import negotiation

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "negotiation" / "data" / "scenarios"


@pytest.fixture(scope="session")
def standoff():
    return negotiation.load(SCENARIOS / "standoff.yaml")


@pytest.fixture(scope="session")
def logroll():
    return negotiation.load(SCENARIOS / "logroll.yaml")


@pytest.fixture(scope="session")
def prisoners():
    return negotiation.load(SCENARIOS / "prisoners.yaml")


# Hypothesis profiles: the default keeps the suite fast; `--hypothesis-profile=long`
# (with `-m fuzz` for the fuzz test alone) runs the property and fuzz tests long.
settings.register_profile("long", max_examples=5000, deadline=None)
