"""Variants of bundled scenarios for tests of analyses with narrower reach."""
from __future__ import annotations

import yaml

import negotiation
from negotiation.bundled import bundled_dir

RATIFIERS = ("us_senate", "frontline_allies")


def ukraine_at_the_table() -> negotiation.Scenario:
    """ukraine_2022 without its two ratifiers: every party at the table, as
    the protocols of turns (simulate, spe_packages) require."""
    data = yaml.safe_load((bundled_dir() / "ukraine_2022.yaml").read_text(encoding="utf-8"))
    for pid in RATIFIERS:
        del data["parties"][pid], data["preferences"][pid], data["war"]["costs"][pid]
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))

RUSSIA_LINES = ("russia_no_enlargement", "russia_no_military_activity_in_ukraine",
                "russia_1997_line")


def ukraine_demands_as_positions() -> negotiation.Scenario:
    """ukraine_2022 with Moscow's demands read as bargaining positions: its three
    red lines given up and russia_neutrality_stake at 0 (the softened variant
    of the scenario's header), so that zones and off-ramps exist."""
    data = yaml.safe_load((bundled_dir() / "ukraine_2022.yaml").read_text(encoding="utf-8"))
    data["constraints"] = [c for c in data["constraints"] if c["id"] not in RUSSIA_LINES]
    data["parameters"]["russia_neutrality_stake"]["value"] = 0.0
    return negotiation.loads(yaml.safe_dump(data, sort_keys=False))
