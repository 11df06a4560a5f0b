"""How likely is an off-ramp, given what we do not know about the parameters?

Parameters may declare a distribution (``{uniform: [lo, hi]}``,
``{normal: [mean, sd]}``, ``{triangular: [lo, mode, hi]}``, ``{beta: [a, b]}``).
For a parameter vector, an **off-ramp exists** when the zone of possible
agreement contains a package meeting ``offramp.requires``
(``docs/concepts/offramps.md``). :func:`offramp_probability` estimates the
probability of that event by Monte Carlo and gives a binomial confidence
interval for the estimate, Wilson's score interval (Wilson 1927, *JASA* 22:
209-212) or the exact Clopper-Pearson interval (Clopper & Pearson 1934,
*Biometrika* 26: 404-413).

One engine: the draws are a random sweep (:func:`negotiation.sweep` with
``method="random"``) of the measures ``offramp_exists`` and
``jointly_feasible``, so a random sweep and this estimate with the same seed
see the same draws and the same answers, through the sweep's vectorised
variant path. Declared distributions mean what
:mod:`negotiation.scenario.distributions` says (a normal truncated to the
range, a beta scaled to it). Parameters without a distribution keep their
value, unless ``ranges`` is set: then parameters with a range but no
distribution are drawn uniformly over it.

This is the analyst's uncertainty about the parameters, measured as the
share of a declared distribution's mass; with no distribution declared and
``ranges`` set it is the volume of a box of independent uniform ranges,
which the result says.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation.inputs import as_scenario
from negotiation.results import Result
from negotiation.scenario.model import Scenario
from negotiation.solvers.intervals import INTERVALS, clopper_pearson_interval, wilson_interval

__all__ = ["INTERVALS", "OfframpProbability", "clopper_pearson_interval", "offramp_probability",
           "uncertain_parameters", "wilson_interval"]


@dataclass(frozen=True, eq=False, repr=False)
class OfframpProbability(Result):
    """Monte Carlo estimate that an off-ramp exists, with its interval."""

    party: str
    probability: float
    low: float
    high: float
    hits: int
    n: int
    confidence: float
    interval: str
    varied: tuple[str, ...]
    method: str  # "batched": the sweep's vectorised variant path
    samples: dict  # parameter -> (n,) draws
    exists: np.ndarray  # (n,) bool, one per draw
    zopa_empty: np.ndarray  # (n,) bool: no package meets every batna in that draw
    box: bool = False  # True: only declared ranges drawn uniformly (no distribution)

    def explain(self) -> str:
        text = (f"An off-ramp for {self.party} exists in {self.hits} of {self.n} draws of "
                f"{', '.join(self.varied)}: probability {self.probability:.3f}, "
                f"{self.confidence:.0%} {self.interval.replace('_', '-')} interval "
                f"[{self.low:.3f}, {self.high:.3f}].")
        if self.box:
            text += (" No distribution is declared: this is the share of a box of independent "
                     "uniform ranges, not a probability anyone believes.")
        return text

    def to_data(self) -> dict:
        return {"for": self.party, "probability": self.probability,
                "interval": [self.low, self.high], "hits": self.hits, "n": self.n,
                "confidence": self.confidence, "method": self.interval,
                "varied": list(self.varied), "zopa_empty_share": float(self.zopa_empty.mean()),
                "box_of_ranges": self.box, "explanation": self.explain()}

    def to_frame(self):
        """One row per draw: the drawn values, whether an off-ramp exists and
        whether the zone of possible agreement is empty."""
        import pandas as pd

        frame = pd.DataFrame(self.samples)
        frame["offramp_exists"] = self.exists
        frame["zopa_empty"] = self.zopa_empty
        return frame


# --------------------------------------------------------------------------
# the estimate


def uncertain_parameters(scenario: Scenario, ranges: bool = False) -> list[str]:
    """The parameters the analyst is unsure of, drawn: those with a distribution
    and, with ``ranges``, those with a range (in declaration order). A party's
    private parameters are its type, not the analyst's uncertainty: they keep
    their declared value here (:func:`negotiation.crisis` draws them)."""
    private = scenario.private_parameters
    return [name for name, p in scenario.parameters.items() if name not in private and
            (p.distribution or (ranges and p.range is not None and p.range[1] > p.range[0]))]


def offramp_probability(scenario, samples: int = 2000, seed: int | None = 0,
                        confidence: float = 0.95, interval: str = "wilson",
                        ranges: bool = False, values=None) -> OfframpProbability:
    """Probability that an off-ramp exists under the declared parameter uncertainty.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario (it must declare an ``offramp`` block).
    samples : int
        Number of draws (``--samples``).
    seed : int, optional
        Seed of the draws: the same seed gives the same answer.
    confidence : float
        Confidence level of the interval, strictly between 0 and 1.
    interval : {"wilson", "clopper_pearson"}
        The binomial interval.
    ranges : bool
        Also draw parameters that declare only a range, uniformly over it
        (``--ranges``).
    values : mapping, optional
        Parameter overrides; a parameter set here is drawn all the same if it
        declares a distribution (use :func:`with_certain_parameters` to hold
        it).

    Returns
    -------
    OfframpProbability

    Raises
    ------
    ValueError
        No ``offramp`` block, or nothing is uncertain (no distribution
        declared and ``ranges`` not set): there is no probability to estimate.

    Examples
    --------
    >>> import negotiation
    >>> p = offramp_probability("standoff", samples=200, ranges=True)
    >>> 0.0 <= p.probability <= 1.0
    True
    """
    from negotiation.sweeps.core import sweep

    scenario = as_scenario(scenario, values, what="offramp_probability")
    if scenario.offramp is None:
        raise ValueError("the scenario declares no offramp (offramp: {for: PARTY, "
                         "requires: RULE}), so there is nothing to look for")
    _check_options(samples, confidence, interval)
    varied = uncertain_parameters(scenario, ranges)
    if not varied:
        raise ValueError("no parameter is uncertain: declare a 'distribution' for some "
                         "parameters (e.g. distribution: {uniform: [0, 0.6]}) or pass "
                         "ranges=True to draw parameters uniformly over their declared ranges")
    _check_milp_budget(scenario, samples)
    table = sweep(scenario, vary=dict.fromkeys(varied), method="random", n=int(samples),
                  seed=seed, measures=["offramp_exists", "jointly_feasible"], progress=False)
    exists = table["offramp_exists"].to_numpy(bool)
    hits = int(exists.sum())
    low, high = (wilson_interval if interval == "wilson" else clopper_pearson_interval)(
        hits, int(samples), confidence)
    box = not any(scenario.parameters[name].distribution for name in varied)
    method = "batched"  # both measures have the sweep's vectorised variant path
    return OfframpProbability(scenario.offramp.party, hits / samples, low, high, hits,
                              int(samples), confidence, interval, tuple(varied), method,
                              {name: table[name].to_numpy(float) for name in varied}, exists,
                              ~table["jointly_feasible"].to_numpy(bool), box)


MILP_SAMPLES = 200  # draws beyond the enumeration limit (each one an exact MILP search)


def _check_milp_budget(scenario: Scenario, samples: int) -> None:
    """Beyond the enumeration limit every draw is a MILP search (about a second):
    refuse a number of draws that would run for hours, and say why."""
    from negotiation.sweeps.measures import beyond_enumeration

    if beyond_enumeration(scenario) and samples > MILP_SAMPLES:
        raise ValueError(f"beyond the enumeration limit each draw is an exact MILP search "
                         f"(about a second): ask for at most {MILP_SAMPLES} samples, not "
                         f"{samples}")


def _check_options(samples, confidence: float, interval: str) -> None:
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValueError(f"samples must be a whole number of at least 1, not {samples!r}")
    if interval not in INTERVALS:
        raise ValueError(f"interval {interval!r}: expected one of {', '.join(INTERVALS)}")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
