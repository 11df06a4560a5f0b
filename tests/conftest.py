"""Shared fixtures: the shared examples as the project ships them."""
from __future__ import annotations

from pathlib import Path

import pytest

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
