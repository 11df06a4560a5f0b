"""How likely is war, given what the analyst does not know?

Two kinds of uncertainty, kept apart (Fearon 1995 on private information;
the distinction is the analyst's, not the parties'):

* a party's **private** parameters are its type: the other parties know
  only their distribution, and :func:`negotiation.crisis` turns that into
  the probability that the proposer's best offer is rejected and war
  follows;
* the **analyst's** uncertainty is every other parameter with a declared
  distribution (or, with ``ranges``, a declared range): the analyst does
  not know the chances, the costs or the weights, and neither does this
  model pretend the parties do not.

:func:`war_risk` draws the analyst's parameters (a random sweep, seeded: the
same draws as :func:`negotiation.offramp_probability` with the same seed)
and reports the distribution of the war probability across the draws: its
mean, the interval holding the central share of draws, and a normal
confidence interval for the mean.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from negotiation.inputs import as_scenario
from negotiation.results import Result
from negotiation.sweeps.montecarlo import uncertain_parameters


@dataclass(frozen=True, eq=False, repr=False)
class WarRisk(Result):
    """The war probability across the analyst's draws."""

    probabilities: np.ndarray  # (draws,) P(war) of the best offer in each draw
    varied: tuple[str, ...]  # the analyst's parameters
    private: dict  # parameter -> owner (the parties' types)
    confidence: float
    box: bool  # only ranges drawn, no distribution declared

    @property
    def mean(self) -> float:
        return float(self.probabilities.mean())

    @property
    def spread(self) -> tuple[float, float]:
        """The central ``confidence`` share of the draws."""
        tail = (1 - self.confidence) / 2
        low, high = np.quantile(self.probabilities, [tail, 1 - tail])
        return float(low), float(high)

    @property
    def mean_interval(self) -> tuple[float, float]:
        """A normal confidence interval for the mean over the draws."""
        n = len(self.probabilities)
        half = (stats.norm.ppf(0.5 + self.confidence / 2) * self.probabilities.std(ddof=1)
                / np.sqrt(n)) if n > 1 else 0.0
        return max(0.0, self.mean - half), min(1.0, self.mean + half)

    def explain(self) -> str:
        level = f"{round(self.confidence * 100, 6):g}%"
        low, high = self.spread
        mlow, mhigh = self.mean_interval
        types = ", ".join(f"{n} ({o})" for n, o in self.private.items()) or "none"
        text = (f"Across {len(self.probabilities)} draws of the analyst's uncertainty "
                f"({', '.join(self.varied)}), the probability of war has mean {self.mean:.3f} "
                f"({level} interval of the mean [{mlow:.3f}, {mhigh:.3f}]); {level} of the draws "
                f"lie in [{low:.3f}, {high:.3f}]. Private types, drawn inside each variant: "
                f"{types}.")
        if self.box:
            text += (" No distribution is declared for the analyst's parameters: the draws "
                     "are a box of independent uniform ranges, not beliefs anyone holds.")
        return text

    def to_data(self) -> dict:
        return {"mean": self.mean, "interval_of_mean": list(self.mean_interval),
                "spread": list(self.spread), "confidence": self.confidence,
                "draws": len(self.probabilities), "analyst_parameters": list(self.varied),
                "private_types": dict(self.private), "box_of_ranges": self.box,
                "explanation": self.explain()}


def war_risk(scenario, samples: int = 200, seed: int | None = 0, confidence: float = 0.95,
             ranges: bool = False, values=None) -> WarRisk:
    """The distribution of the war probability across the analyst's draws.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        A scenario with a ``war`` block.
    samples : int
        Draws of the analyst's parameters (each one solves a crisis).
    seed : int, optional
        Seed of the draws.
    confidence : float
        Level of the intervals, strictly between 0 and 1.
    ranges : bool
        Also draw parameters that declare only a range, uniformly over it.
    values : mapping, optional
        Parameter overrides, validated as :meth:`Scenario.with_parameters`.

    Returns
    -------
    WarRisk

    Raises
    ------
    ValueError
        No war block, or no parameter of the analyst's is uncertain.

    Examples
    --------
    >>> import negotiation
    >>> risk = negotiation.war_risk("fearon_pie", samples=20, ranges=True)
    >>> 0.0 <= risk.mean <= 1.0, "cost_b" in risk.varied
    (True, False)
    """
    from negotiation.sweeps.core import sweep

    scenario = as_scenario(scenario, values, what="war_risk")
    if scenario.war is None:
        raise ValueError("the scenario has no war block, so there is no war to be likely")
    varied = uncertain_parameters(scenario, ranges)
    if not varied:
        raise ValueError("no parameter of the analyst's is uncertain (private parameters are "
                         "the parties' types, not the analyst's uncertainty): declare a "
                         "distribution for some other parameter, or pass ranges=True")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    table = sweep(scenario, vary=dict.fromkeys(varied), method="random", n=int(samples),
                  seed=seed, measures=["war_probability"], progress=False)
    box = not any(scenario.parameters[name].distribution for name in varied)
    return WarRisk(table["war_probability"].to_numpy(float), tuple(varied),
                   scenario.private_parameters, confidence, box)
