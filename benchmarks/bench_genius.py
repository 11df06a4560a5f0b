"""The ANAC competition domains: frontier and solutions, ours against NegMAS, side by side.

    python benchmarks/bench_genius.py                       # every domain of ../shared/genius
    python benchmarks/bench_genius.py --domains DIR --repeat 5
    python benchmarks/bench_genius.py --no-negmas           # our side alone
    python benchmarks/bench_genius.py --negmas-as-read      # NegMAS's utilities unscaled

For each GENIUS domain folder, after one warm-up on that domain, medians of
``--repeat`` runs, each on a freshly read domain:

* ours: ``negotiation.load(folder)`` (timed apart), then ``solve(scenario,
  "all")``: the individually rational outcomes (reservation values as
  batnas), their Pareto frontier and the bargaining solutions;
* NegMAS (pip install negmas, the `bench` extra): the domain read by its own
  GENIUS reader, ``Scenario.from_genius_folder`` (timed apart), then
  ``pareto_frontier`` (given the issues: it drops the outcomes below a
  reserved value first) and, on that frontier, ``nash_points``,
  ``ks_points`` (Kalai-Smorodinsky), ``kalai_points`` (NegMAS's name for the
  egalitarian point) and ``max_welfare_points`` (utilitarian). The
  asymmetric Nash solution has no NegMAS counterpart (GENIUS gives no
  bargaining powers, so it is the Nash point here).

NegMAS 0.16's reader keeps a discrete evaluation as written, where GENIUS
divides it by the largest evaluation of its issue (Camera-C's go up to 525),
and evaluates an integer issue's linear evaluator at ``x`` where GENIUS takes
``x - lowerbound``; the reservation values are on GENIUS's scale. So that
both sides solve the same problem, NegMAS's linear additive utility
functions are rescaled to GENIUS's definition (each discrete issue's weight
divided by its largest value, each integer issue shifted by ``slope *
lowerbound``; the cost is inside NegMAS's load time), and the largest
difference between the two sides' utilities on a sample of outcomes is
printed. ``--negmas-as-read`` skips the rescaling.

Printed per domain: outcomes, parties, load and solve times of both sides,
the ratio NegMAS / ours (without the loads, and with them), both frontier
sizes, whether both Nash points give the same utilities (within 1e-6; where
not, the Nash products of both), and which other points differ; then the
geometric mean of the ratios and the targets (at least 20x on every domain
of 10,000 outcomes or more, no slower on any of 1,000 or more, a geometric
mean of at least 5x). The load average is printed before and after.
"""
from __future__ import annotations

import argparse
import math
import os
import statistics
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import negotiation
from negotiation.game import compile_game

DOMAINS = Path(__file__).resolve().parents[2] / "shared" / "genius"
TOLERANCE = 1e-6
# NegMAS's point function -> our solution of the same definition, for the comparison.
COUNTERPARTS = {"ks": "kalai_smorodinsky", "kalai": "egalitarian", "welfare": "utilitarian"}


def timed(fn):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


@dataclass
class Ours:
    load: list[float] = field(default_factory=list)
    solve: list[float] = field(default_factory=list)
    solutions: object = None


def our_side(folder: Path, repeat: int) -> Ours:
    """Load and ``solve(s, "all")`` timed apart, on a freshly loaded domain each run."""
    negotiation.solve(negotiation.load(folder), "all")  # warm-up
    out = Ours()
    for _ in range(repeat):
        load, scenario = timed(lambda: negotiation.load(folder))
        solve, out.solutions = timed(lambda s=scenario: negotiation.solve(s, "all"))
        out.load.append(load)
        out.solve.append(solve)
    return out


def genius_scaled(ufun, issues):
    """NegMAS's linear additive utility function on GENIUS's scale: a discrete
    value scores its evaluation over the largest of its issue, an integer value
    ``x`` scores ``slope * (x - lowerbound) + offset`` (GENIUS's evaluators)."""
    from negmas.preferences import LinearAdditiveUtilityFunction

    weights, bias = [], 0.0
    for fun, issue, weight in zip(ufun.values, issues, ufun.weights):
        if issue.is_integer():  # a linear evaluator: undo NegMAS's evaluation at x
            low = issue.min_value
            slope = float(fun(low + 1) - fun(low)) if issue.max_value > low else 0.0
            weights.append(weight)
            bias -= weight * slope * low
        else:
            top = fun.minmax(issue)[1]
            weights.append(weight / top if top > 0 else 0.0)
    return LinearAdditiveUtilityFunction(values=list(ufun.values), weights=weights, bias=bias,
                                         outcome_space=ufun.outcome_space, name=ufun.name,
                                         reserved_value=ufun.reserved_value)


def negmas_load(folder: Path, as_read: bool):
    """(utility functions, issues) through NegMAS's GENIUS reader."""
    from negmas.inout import Scenario

    scenario = Scenario.from_genius_folder(folder, ignore_discount=True)
    issues = tuple(scenario.outcome_space.issues)
    ufuns = tuple(scenario.ufuns)
    if not as_read:
        ufuns = tuple(genius_scaled(u, issues) for u in ufuns)
    return ufuns, issues


def negmas_points(ufuns, issues) -> dict:
    """NegMAS's frontier and points, each call timed: {name: (seconds, result)}."""
    from negmas.preferences.ops import (
        kalai_points,
        ks_points,
        max_welfare_points,
        nash_points,
        pareto_frontier,
    )

    found = {"frontier": timed(lambda: pareto_frontier(ufuns, issues=issues,
                                                         sort_by_welfare=True)[0])}
    frontier = found["frontier"][1]
    for name, fn in (("nash", nash_points), ("ks", ks_points), ("kalai", kalai_points),
                     ("welfare", max_welfare_points)):
        found[name] = timed(lambda fn=fn: fn(ufuns, frontier, issues=issues))
    return found


@dataclass
class Theirs:
    load: list[float] = field(default_factory=list)
    all: list[float] = field(default_factory=list)
    core: list[float] = field(default_factory=list)
    points: dict = field(default_factory=dict)
    ufuns: tuple = ()
    issues: tuple = ()


def negmas_side(folder: Path, repeat: int, as_read: bool) -> Theirs:
    """NegMAS's load, and its frontier + points (all of them, and the core
    three: frontier, nash_points, kalai_points), on a freshly read domain each run."""
    negmas_points(*negmas_load(folder, as_read))  # warm-up
    out = Theirs()
    for _ in range(repeat):
        load, (out.ufuns, out.issues) = timed(lambda: negmas_load(folder, as_read))
        found = negmas_points(out.ufuns, out.issues)
        out.load.append(load)
        out.all.append(sum(t for t, _ in found.values()))
        out.core.append(sum(found[k][0] for k in ("frontier", "nash", "kalai")))
        out.points = {k: r for k, (_, r) in found.items()}
    return out


def option_value(option):
    """The value NegMAS gives an option: the integer of an integer issue, else the GENIUS name."""
    return option.value if option.value is not None else (option.label or option.id)


def negmas_order(scenario, ufuns, issues):
    """Our party ids in NegMAS's ufun order, our issues in NegMAS's issue order."""
    party_of = {p.name: p.id for p in scenario.parties.values()}
    issue_of = {(i.name or i.id): i for i in scenario.issues.values()}
    return [party_of[u.name] for u in ufuns], [issue_of[i.name] for i in issues]


def utility_gap(scenario, ufuns, issues, n: int = 500) -> float:
    """The largest difference between our and NegMAS's utilities on ``n`` random
    outcomes: the two readers agree on the domain where this is ~0."""
    parties, ours = negmas_order(scenario, ufuns, issues)
    game = compile_game(scenario)
    rng = np.random.default_rng(0)
    picks = np.stack([rng.integers(0, len(game.option_ids[k]), n)
                      for k in range(len(game.issue_ids))], axis=1)
    mine = game.utilities(picks.astype(np.int16))
    column = {p: k for k, p in enumerate(game.party_ids)}
    position = {i: k for k, i in enumerate(game.issue_ids)}
    gap = 0.0
    for row, utils in zip(picks, mine):
        outcome = tuple(option_value(i.options[row[position[i.id]]]) for i in ours)
        theirs = np.array([float(u(outcome)) for u in ufuns])
        gap = max(gap, float(np.abs(theirs - utils[[column[p] for p in parties]]).max()))
    return gap


def matches(solution, points, parties) -> bool:
    """Our solution gives the utilities of one of NegMAS's (tied) points."""
    if not solution.found or not points:
        return not solution.found and not points
    mine = np.array([solution.utilities[p] for p in parties])
    return any(np.allclose(mine, np.asarray(u, float), atol=TOLERANCE, rtol=0) for u, _ in points)


def nash_products(point, ufuns) -> tuple[float, float]:
    """The Nash product of ``point``: gains over the reservation values (the
    textbook definition, Nash 1950), and gains over the larger of the reservation
    value and the least utility (NegMAS's ``nash_points``)."""
    reserved = np.array([u.reserved_value for u in ufuns])
    least = np.array([u.minmax()[0] for u in ufuns])
    point = np.asarray(point, float)
    return (float(np.prod(np.maximum(point - reserved, 0))),
            float(np.prod(np.maximum(point - np.maximum(reserved, least), 0))))


def nash_verdict(solutions, theirs: Theirs, parties) -> str:
    points = theirs.points["nash"]
    if matches(solutions["nash"], points, parties):
        return "yes"
    if not points or not solutions["nash"].found:
        return f"no: NegMAS {len(points)} point(s), ours found={solutions['nash'].found}"
    ours = nash_products([solutions["nash"].utilities[p] for p in parties], theirs.ufuns)
    negmas = nash_products(points[0][0], theirs.ufuns)
    return (f"**no**: products (textbook / NegMAS's) ours {ours[0]:.6f} / {ours[1]:.6f}, "
            f"NegMAS {negmas[0]:.6f} / {negmas[1]:.6f}")


def others_verdict(solutions, theirs: Theirs, parties) -> str:
    differ = [ours for name, ours in COUNTERPARTS.items()
              if not matches(solutions[ours], theirs.points[name], parties)]
    return "same" if not differ else "differ: " + ", ".join(differ)


def median(values) -> float:
    return statistics.median(values)


def geometric_mean(values) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def verdicts(ratios: list[tuple[int, float]], with_load: list[float]) -> list[str]:
    geo = geometric_mean([r for _, r in ratios])

    def met(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    def least(size: int, target: float, what: str) -> str:
        among = [r for n, r in ratios if n >= size]
        if not among:
            return f"no domain of {size:,} outcomes or more (target {what}: not applicable)"
        return (f"{len(among)} domains of {size:,} outcomes or more: least {min(among):.1f}x "
                f"(target {what}: {met(min(among) >= target)})")

    return [
        f"geometric mean of NegMAS / ours over {len(ratios)} domains: {geo:.2f}x "
        f"(target at least 5x: {met(geo >= 5)}); including both loads: "
        f"{geometric_mean(with_load):.2f}x",
        least(10_000, 20, "at least 20x on every one"),
        least(1_000, 1, "no slower, at least 1x, on every one"),
    ]


def negmas_version(skip: bool) -> str | None:
    if skip:
        return None
    try:
        import negmas
    except ImportError:
        print("NegMAS is not installed (pip install negmas): our side alone")
        return None
    return negmas.__version__


def frontier_size(scenario) -> str:
    """Our frontier's packages, and its distinct utility vectors (NegMAS keeps
    one outcome for each)."""
    utilities = np.asarray(negotiation.frontier(scenario).utilities, float)
    distinct = len(np.unique(np.round(utilities, 12), axis=0)) if len(utilities) else 0
    return f"{len(utilities):,} ({distinct:,})"


HEADER = ("| domain | outcomes | parties | our load (s) | ours (s) | ours + load (s) "
          "| NegMAS load (s) | NegMAS (s) | NegMAS / ours | with loads | core 3 / ours "
          "| frontier ours (distinct) / NegMAS | utility gap | Nash agrees | KS, egal., util. |")


def row(folder: Path, repeat: int, as_read: bool, version) -> tuple[str, tuple | None]:
    """One table row, and (outcomes, ratio, ratio with loads) where NegMAS ran."""
    ours = our_side(folder, repeat)
    scenario = negotiation.load(folder)
    size, parties = int(compile_game(scenario).size), len(scenario.parties)
    total = median([a + b for a, b in zip(ours.load, ours.solve)])
    mine = median(ours.solve)
    start = (f"| {folder.name} | {size:,} | {parties} | {median(ours.load):.4f} | {mine:.4f} "
             f"| {total:.4f} |")
    if version is None:
        return start + " - | - | - | - | - | - | - | - | - |", None
    theirs = negmas_side(folder, repeat, as_read)
    t_all = median(theirs.all)
    t_total = median([a + b for a, b in zip(theirs.load, theirs.all)])
    order, _ = negmas_order(scenario, theirs.ufuns, theirs.issues)
    gap = utility_gap(scenario, theirs.ufuns, theirs.issues)
    text = (f" {median(theirs.load):.4f} | {t_all:.4f} | {t_all / mine:.1f}x "
            f"| {t_total / total:.1f}x | {median(theirs.core) / mine:.1f}x "
            f"| {frontier_size(scenario)} / {len(theirs.points['frontier']):,} "
            f"| {gap:.1e} | {nash_verdict(ours.solutions, theirs, order)} "
            f"| {others_verdict(ours.solutions, theirs, order)} |")
    return start + text, (size, t_all / mine, t_total / total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=Path, default=DOMAINS,
                        help="a folder of GENIUS domain folders (default: ../shared/genius)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-negmas", action="store_true")
    parser.add_argument("--negmas-as-read", action="store_true",
                        help="give NegMAS its reader's utilities, not rescaled to GENIUS's")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # NegMAS's speed hints on large outcome spaces
    version = negmas_version(args.no_negmas)
    folders = sorted(p for p in args.domains.iterdir() if p.is_dir())
    print(f"{len(folders)} domains in {args.domains}; NegMAS {version or 'not run'}; "
          f"medians of {args.repeat} after one warm-up; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print(HEADER)
    print("|---|" + "---:|" * 12 + "---|---|")
    ratios, with_load = [], []
    for folder in folders:
        text, measured = row(folder, args.repeat, args.negmas_as_read, version)
        print(text, flush=True)
        if measured:
            ratios.append(measured[:2])
            with_load.append(measured[2])
    if ratios:
        print()
        for line in verdicts(ratios, with_load):
            print(f"- {line}")
    print(f"\nload average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
