"""How likely is an off-ramp, given what we do not know about the parameters?

Parameters may declare a distribution (``{uniform: [lo, hi]}``,
``{normal: [mean, sd]}``, ``{triangular: [lo, mode, hi]}``, ``{beta: [a, b]}``).
For a parameter vector, an **off-ramp exists** when the zone of possible
agreement contains a package meeting ``offramp.requires`` (DESIGN.md section
4). :func:`offramp_probability` estimates the probability of that event by
Monte Carlo: ``n`` seeded draws, each checked exactly, and a binomial
confidence interval for the estimate, Wilson's score interval (Wilson 1927,
*JASA* 22: 209-212) or the exact Clopper-Pearson interval (Clopper & Pearson
1934, *Biometrika* 26: 404-413).

Vectorised: rules have no parameters, so the candidate packages (acceptable
and meeting ``offramp.requires``) are enumerated once. When only batnas and
audience costs depend on the drawn parameters (the usual case: war costs,
sanctions, chances of winning), their raw utilities and which of them cost
face are fixed too, and all draws are checked in one array operation. When
weights or scores depend on drawn parameters, the game is compiled per draw.

Draws falling outside a parameter's declared range are clipped to it (the
range is where the model is meant to hold). Parameters without a
distribution keep their value, unless ``use_ranges`` is set: then
parameters with a range but no distribution are drawn uniformly over it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from negotiation.game import TOL, Game, compile_game
from negotiation.scenario.expr import evaluate_arith_many
from negotiation.scenario.distributions import draw
from negotiation.scenario.model import Scenario

CHUNK = 512  # draws checked per array operation
INTERVALS = ("wilson", "clopper_pearson")


@dataclass(frozen=True, eq=False)
class OfframpProbability:
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
    method: str  # "batched" or "per draw"
    samples: dict  # parameter -> (n,) draws
    exists: np.ndarray  # (n,) bool, one per draw

    def explain(self) -> str:
        if not self.varied:
            return ("No parameter declares a distribution, so nothing is uncertain: an "
                    f"off-ramp for {self.party} {'exists' if self.hits else 'does not exist'}.")
        return (f"An off-ramp for {self.party} exists in {self.hits} of {self.n} draws of "
                f"{', '.join(self.varied)}: probability {self.probability:.3f}, "
                f"{self.confidence:.0%} {self.interval.replace('_', '-')} interval "
                f"[{self.low:.3f}, {self.high:.3f}].")

    def to_data(self) -> dict:
        return {"for": self.party, "probability": self.probability,
                "interval": [self.low, self.high], "hits": self.hits, "n": self.n,
                "confidence": self.confidence, "method": self.interval,
                "varied": list(self.varied)}


# --------------------------------------------------------------------------
# intervals


def wilson_interval(hits: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion."""
    if n <= 0:
        raise ValueError("n must be positive")
    z = stats.norm.ppf(0.5 + confidence / 2)
    phat = hits / n
    denom = 1 + z * z / n
    centre = (phat + z * z / (2 * n)) / denom
    half = z / denom * np.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def clopper_pearson_interval(hits: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval: quantiles of Beta distributions."""
    if n <= 0:
        raise ValueError("n must be positive")
    alpha = 1 - confidence
    low = 0.0 if hits == 0 else float(stats.beta.ppf(alpha / 2, hits, n - hits + 1))
    high = 1.0 if hits == n else float(stats.beta.ppf(1 - alpha / 2, hits + 1, n - hits))
    return low, high


# --------------------------------------------------------------------------
# draws


def draw_parameters(scenario: Scenario, n: int, rng: np.random.Generator,
                    use_ranges: bool = False) -> dict[str, np.ndarray]:
    """``n`` draws of every uncertain parameter, in declaration order.

    A declared distribution is drawn as :mod:`negotiation.scenario.distributions`
    defines it (the same as random sweeps); with ``use_ranges`` a parameter
    with only a range is drawn uniformly over it."""
    draws = {}
    for name, param in scenario.parameters.items():
        if param.distribution:
            draws[name] = draw(param.distribution, rng.random(n), param.range)
        elif use_ranges and param.range is not None:
            draws[name] = rng.uniform(param.range[0], param.range[1], n)
    return draws


def evaluate_many(expr, values: dict) -> np.ndarray:
    """An arithmetic expression over arrays of drawn parameter values; a draw
    where it cannot be computed is an error, not a silent NaN."""
    out = evaluate_arith_many(expr, values)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{expr} is not a finite number for some drawn parameter values")
    return out


# --------------------------------------------------------------------------
# the estimate


def offramp_probability(scenario: Scenario, n: int = 2000, seed: int | None = 0,
                        confidence: float = 0.95, interval: str = "wilson",
                        use_ranges: bool = False) -> OfframpProbability:
    """Probability that an off-ramp exists under the declared parameter
    uncertainty (see the module docstring)."""
    if scenario.offramp is None:
        raise ValueError("the scenario declares no offramp (offramp: {for: PARTY, "
                         "requires: RULE}), so there is nothing to look for")
    if n < 1:
        raise ValueError("n must be at least 1")
    if interval not in INTERVALS:
        raise ValueError(f"interval {interval!r}: expected one of {', '.join(INTERVALS)}")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    game = compile_game(scenario)
    game.require_cardinal("the off-ramp probability")
    draws = draw_parameters(scenario, n, np.random.default_rng(seed), use_ranges)
    if not draws:
        n = 1
    exists = _any_in_zopa(scenario, game, offramp_candidates(game), draws, n)
    method = "batched" if _utilities_fixed(scenario, set(draws)) else "per draw"
    hits = int(exists.sum())
    bounds = (wilson_interval if interval == "wilson" else clopper_pearson_interval)(
        hits, n, confidence)
    return OfframpProbability(scenario.offramp.party, hits / n, bounds[0], bounds[1], hits, n,
                              confidence, interval, tuple(draws), method, draws, exists)


def zopa_empty_draws(scenario: Scenario, result: OfframpProbability) -> np.ndarray:
    """For each draw of ``result``, whether no acceptable package meets every batna.

    An off-ramp lies in the ZOPA, so only the draws without one are checked,
    over all acceptable packages instead of the off-ramp candidates."""
    empty = np.zeros(result.n, dtype=bool)
    todo = np.flatnonzero(~result.exists)
    if not len(todo):
        return empty
    game = compile_game(scenario)
    draws = {name: values[todo] for name, values in result.samples.items()}
    empty[todo] = ~_any_in_zopa(scenario, game, game.acceptable_packages, draws, len(todo))
    return empty


def _any_in_zopa(scenario, game, pool, draws, n) -> np.ndarray:
    """Per draw: does some package of ``pool`` meet every batna?"""
    if _utilities_fixed(scenario, set(draws)):
        return _batched(scenario, game, pool, draws, n)
    return exists_per_draw(scenario, pool, draws, n)


def offramp_candidates(game: Game) -> np.ndarray:
    """Acceptable packages that meet ``offramp.requires`` (no parameters)."""
    pool = game.acceptable_packages
    if not len(pool):
        return pool
    return pool[game.holds(game.scenario.offramp.requires, pool)]


def _utilities_fixed(scenario: Scenario, varied: set[str]) -> bool:
    """True when no weight, score or adjustment uses a drawn parameter."""
    for path, quantity in scenario.quantities():
        if path.startswith("preferences.") and quantity.names & varied:
            return False
    return True


def _party_arrays(scenario: Scenario, attr: str, values: dict, n: int) -> np.ndarray:
    cols = [np.broadcast_to(evaluate_many(getattr(p, attr).expr, values), (n,))
            for p in scenario.parties.values()]
    return np.column_stack(cols)


def _batched(scenario, game: Game, candidates, draws, n) -> np.ndarray:
    if not len(candidates):
        return np.zeros(n, dtype=bool)
    values = {**scenario.values, **draws}
    batna = _party_arrays(scenario, "batna", values, n)  # (n, parties)
    audience = _party_arrays(scenario, "audience_cost", values, n)
    raw = game.utilities(candidates)  # (K, parties), fixed
    lost_face = game.visible_gain(candidates) < -TOL  # fixed: public utilities are fixed
    exists = np.zeros(n, dtype=bool)
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        u = raw[None] - lost_face[None] * audience[start:stop, None, :]
        exists[start:stop] = (u >= batna[start:stop, None, :] - TOL).all(axis=2).any(axis=1)
    return exists


def exists_per_draw(scenario, candidates, draws, n) -> np.ndarray:
    """Per draw: does some candidate meet every batna? (The game compiled
    afresh for each draw: the reference for :func:`_batched`.)"""
    exists = np.zeros(n, dtype=bool)
    if not len(candidates):
        return exists
    for k in range(n):
        game = compile_game(scenario, {name: float(v[k]) for name, v in draws.items()})
        exists[k] = game.meets_batna(game.effective(candidates)).any()
    return exists
