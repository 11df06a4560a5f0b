"""A party's declared discount factor is what alternating offers use by default."""
from __future__ import annotations

import yaml

import negotiation
from negotiation.bundled import bundled_dir


def logroll(discounts: dict | None = None) -> negotiation.Scenario:
    data = yaml.safe_load((bundled_dir() / "logroll.yaml").read_text(encoding="utf-8"))
    for pid, d in (discounts or {}).items():
        data["parties"][pid]["discount"] = d
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))


def test_the_declared_discounts_are_the_default_deltas():
    s = logroll({"alpha": 0.3, "beta": 0.95})
    spe = negotiation.spe_packages(s, horizon=4)
    assert spe.deltas == (0.3, 0.95)
    explicit = negotiation.spe_packages(logroll(), deltas=(0.3, 0.95), horizon=4)
    assert spe.utilities == explicit.utilities and spe.agreement == explicit.agreement


def test_without_a_declared_discount_the_default_is_0_9():
    assert negotiation.spe_packages(logroll(), horizon=4).deltas == (0.9, 0.9)
    assert negotiation.spe_packages(logroll({"beta": 0.5}), horizon=4).deltas == (0.9, 0.5)
