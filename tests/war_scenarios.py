"""Scenario texts with a war block, built for the tests (closed forms known)."""
from __future__ import annotations


def pie(options: int = 101, p: float | str = 0.6, cost_a: float | str = 0.1,
        cost_b: str = "cost_b", status_quo: int = 0, private: bool = True,
        distribution: str = "{uniform: [0, 0.4]}", cost_b_range: str | None = "[0, 0.4]",
        beliefs: str = "", initiator: str = "a", extra_parameters: str = "") -> str:
    """Fearon's pie: A's share k/(options-1); war outcomes A takes all / B takes all."""
    step = 100 // (options - 1) if 100 % (options - 1) == 0 else None
    shares = [k / (options - 1) for k in range(options)]
    ids = [f"s{round(x * 100) if step else k}" for k, x in enumerate(shares)]
    rng = f", range: {cost_b_range}" if cost_b_range else ""
    return f"""format: negotiation/1
title: pie
parameters:
  cost_b: {{value: 0.2{rng}, distribution: {distribution}}}
{extra_parameters}
parties:
  a: {{}}
  b: {{}}
issues:
  x:
    options: [{", ".join(ids)}]
    status_quo: {ids[status_quo]}
preferences:
  a:
    weights: {{x: 1}}
    scores: {{x: {{{", ".join(f"{i}: {s!r}" for i, s in zip(ids, shares))}}}}}
  b:
    weights: {{x: 1}}
    scores: {{x: {{{", ".join(f"{i}: {1 - s!r}" for i, s in zip(ids, shares))}}}}}
war:
  initiator: {initiator}
  proposer: a
  outcomes:
    a_wins: {{x: {ids[-1]}}}
    b_wins: {{x: {ids[0]}}}
  chances: {{a_wins: {p}, b_wins: "1 - {p}"}}
  costs: {{a: {cost_a}, b: {cost_b}}}
{beliefs}
""" + ("private:\n  b: [cost_b]\n" if private else "")


def share(package: dict) -> float:
    """A's share of a pie package (its option id s<percent>)."""
    return int(package["x"][1:]) / 100
