"""A scenario's additive utilities as per-option tables, at given values.

An additive party's utility of a package is ``sum_i w_i * s_i(o_i)`` plus
its adjustments (Keeney & Raiffa 1976, *Decisions with Multiple
Objectives*, ch. 3: the additive value function). With ``normalise: true``
(the default) the weights are divided by their sum, so they are shares of
what the party cares about. With ``normalise: false`` they are used as
declared and the utility is capped at 1: GENIUS's additive utility
``min(1, sum_i w_i * e_i(o_i) / max_o e_i(o))`` (Baarslag et al. 2014,
"GENIUS: an integrated environment for supporting the design of generic
automated negotiators", *Computational Intelligence* 30), whose weights need
not sum to 1; the cap keeps a profile whose weights sum above 1 on GENIUS's
[0, 1] scale.

The tables here are the uncapped sums, issue by issue (``weight x score``
per option row), which is what stays linear; the cap is applied to the
summed utility by :meth:`negotiation.game.Game.utilities`, the variants and
the MILP model.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.scenario.expr import Rule, rule_issues
from negotiation.scenario.model import Additive, Scenario


@dataclass(frozen=True)
class AdditiveTerm:
    """An adjustment at the compiled values: ``add`` to ``party`` where ``rule`` holds."""

    party: int
    rule: Rule
    add: float
    public: bool


def weight_sum(pref: Additive, weights) -> float:
    """What the declared weights are divided by: their sum (``normalise``), else 1.

    ``weights`` are the weights' values (numbers, or arrays over variants)."""
    return sum(weights) if pref.normalise else 1.0


def capped_parties(scenario: Scenario) -> np.ndarray | None:
    """(parties,) booleans: whose utility is capped at 1 (``normalise: false``),
    in the order of ``scenario.parties``; None when nobody's is."""
    capped = np.array([isinstance(pref, Additive) and not pref.normalise
                       for pref in (scenario.preferences[p] for p in scenario.parties)],
                      dtype=bool)
    return capped if capped.any() else None


def utility_tables(scenario: Scenario, values, issues, parties):
    """(offsets, tables, public tables, adjustments) of the additive parties.

    ``tables[offsets[k] + o, p]`` is party p's weight x score of option o of
    issue k (0 for ordinal parties); the public tables count public issues
    only."""
    offsets = np.concatenate([[0], np.cumsum([len(i.options) for i in issues])[:-1]])
    total = sum(len(i.options) for i in issues)
    tables = np.zeros((total, len(parties)))
    public = np.zeros_like(tables)
    adjustments = []
    for p, pid in enumerate(parties):
        pref = scenario.preferences[pid]
        if not isinstance(pref, Additive):
            continue
        weights = {i: q.value(values) for i, q in pref.weights.items()}
        norm = weight_sum(pref, weights.values())
        for k, issue in enumerate(issues):
            w = weights.get(issue.id, 0.0) / norm
            if w == 0.0:
                continue
            scores = np.array([pref.scores[issue.id][o].value(values) for o in issue.option_ids])
            tables[offsets[k]:offsets[k] + len(scores), p] = w * scores
            if issue.public:
                public[offsets[k]:offsets[k] + len(scores), p] = w * scores
        for adj in pref.adjustments:
            adjustments.append(AdditiveTerm(p, adj.when, adj.add.value(values),
                                            adjustment_public(scenario, adj)))
    return offsets, tables, public, tuple(adjustments)


def adjustment_public(scenario, adjustment) -> bool:
    """Whether an audience sees an adjustment: as declared (``public:``), else
    when every issue its rule names is public. An author marks a term not
    public when it stands for a motive never avowed, even on public issues."""
    if adjustment.public is not None:
        return adjustment.public
    return all(scenario.issues[i].public for i in rule_issues(adjustment.when))
