"""negotiation sweep SCENARIO --vary NAME=LO:HI:N --measure NAME --out FILE.csv

A column per varied input and per measure, a row per variant. Results stream
to FILE.csv.partial as they finish; --resume computes only what is missing;
FILE.csv.meta.json records the seed, the version and the scenario's hash.
"""
from __future__ import annotations

import sys
from pathlib import Path

from negotiation.commands import UsageError
from negotiation.commands._common import add_scenario_argument, add_set_argument, scenario_from_args
from negotiation.game import OrdinalOnly, SpaceTooLarge
from negotiation.scenario import ScenarioError
from negotiation.solvers.names import DESIGNS

NAME = "sweep"
HELP = "sweep parameters (grid, random, sobol, morris) and record measures per variant"
ORDER = 80


def add_arguments(parser) -> None:
    add_scenario_argument(parser)
    parser.add_argument("--vary", action="append", default=[], metavar="NAME=LO:HI:N",
                        help="a parameter name or quantity path, with LO:HI:N (N points; "
                             "bounds for sampling methods), a list V1,V2,..., or nothing "
                             "(NAME alone: its declared range); repeatable")
    parser.add_argument("--method", choices=DESIGNS, default="grid",
                        help="design (default: grid)")
    parser.add_argument("--samples", type=int, metavar="N",
                        help="grid: points per range; random: draws; sobol: base sample "
                             "(N x (inputs+2) variants); morris: trajectories")
    parser.add_argument("--seed", type=int, help="random seed (recorded in the metadata)")
    parser.add_argument("--measure", action="append", default=[], metavar="NAME",
                        help="offramp_exists, offramp_count, zopa_size, jointly_feasible, "
                             "war_probability, offramp_holds[:CONCEPT], "
                             "utility:SOLUTION:PARTY, package:SOLUTION, "
                             "equilibria_count:CONCEPT, or module:function; repeatable")
    parser.add_argument("--out", type=Path, metavar="FILE.csv",
                        help="write the table here (default: CSV on standard output)")
    parser.add_argument("--plot", type=Path, metavar="FILE.png",
                        help="a figure: a line (one input), a heatmap (two, grid), indices "
                             "(sobol, morris) or a tornado (otherwise)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=1, metavar="N",
                       help="local worker processes (default: 1)")
    where.add_argument("--scheduler", metavar="ADDR",
                       help="run on a Dask cluster, e.g. tcp://host:8786")
    parser.add_argument("--chunk", type=int, metavar="N",
                        help="variants per chunk (the unit of streaming and resuming)")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted sweep into the same --out file")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_set_argument(parser)


def parse_vary(items: list[str], method: str) -> dict | None:
    """``NAME=LO:HI:N``, ``NAME=LO:HI``, ``NAME=V1,V2,...`` or ``NAME``."""
    if not items:
        return None
    vary = {}
    for item in items:
        name, sep, spec = (part.strip() for part in item.partition("="))
        if not name or (sep and not spec):
            raise UsageError(f"--vary {item!r}: expected NAME=LO:HI:N, NAME=V1,V2,... or NAME")
        if name in vary:
            raise UsageError(f"--vary {name!r} given twice")
        vary[name] = _vary_values(item, spec, method) if sep else None
    return vary


def _vary_values(item: str, spec: str, method: str) -> list[float]:
    """The values (grid) or bounds (sampling methods) after NAME= in --vary."""
    parts = spec.split(":") if ":" in spec else None
    raw = parts if parts is not None else spec.split(",")
    try:
        numbers = [float(p) for p in raw]
    except ValueError:
        raise UsageError(f"--vary {item!r}: {spec!r} is not LO:HI:N or a list of numbers") from None
    if parts is None:
        return numbers
    if len(parts) not in (2, 3) or (len(parts) == 3 and not numbers[2].is_integer()):
        raise UsageError(f"--vary {item!r}: expected LO:HI or LO:HI:N (N a whole number)")
    lo, hi = numbers[:2]
    if lo > hi:
        raise UsageError(f"--vary {item!r}: LO must not exceed HI")
    if method != "grid":
        return [lo, hi]
    if len(parts) == 2:
        raise UsageError(f"--vary {item!r}: a grid needs the number of points, LO:HI:N")
    points = int(numbers[2])
    if points < 1:
        raise UsageError(f"--vary {item!r}: N must be at least 1")
    from negotiation.sweeps.factors import evenly_spaced

    return evenly_spaced(lo, hi, points).tolist()


def run(args) -> int:
    vary = parse_vary(args.vary, args.method)
    if args.resume and args.out is None:
        raise UsageError("--resume needs --out (the file the interrupted sweep was writing)")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    scenario = scenario_from_args(args)
    from negotiation.sweeps import sweep  # heavy (pandas, scipy): only once the arguments are good

    measures = args.measure or None
    try:
        table = sweep(scenario, vary=vary, measures=measures, method=args.method,
                      samples=args.samples, seed=args.seed, workers=args.workers,
                      scheduler=args.scheduler, out=args.out, resume=args.resume,
                      progress=False if args.quiet else None, chunk=args.chunk)
        if args.plot:
            _plot(scenario, table.copy(), vary, args)
    except (ScenarioError, OrdinalOnly, SpaceTooLarge):
        raise
    except (ValueError, OSError) as exc:
        raise UsageError(str(exc)) from None
    if args.out is None:
        table.to_csv(sys.stdout)
    else:
        print(f"{len(table)} variants, columns: {', '.join(table.columns)} -> {args.out}")
    return 0


def _plot(scenario, table, vary, args) -> None:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    from negotiation.plots import sweep as plots
    from negotiation.sweeps.factors import resolve_factors
    from negotiation.sweeps.sensitivity import indices, tornado

    factors = resolve_factors(scenario, vary)
    names = [f.name for f in factors]
    measures = [c for c in table.columns if c not in names]
    numeric = [m for m in measures if is_numeric_dtype(table[m]) or is_bool_dtype(table[m])]
    if not numeric:
        raise ValueError("--plot needs a numeric (or true/false) measure")
    if args.method in ("sobol", "morris"):
        usable = _complete_groups(table, numeric[0], len(names) + (2 if args.method == "sobol"
                                                                    else 1), args.method)
        fig = plots.indices(indices(usable, numeric[0], factors, args.method, args.seed),
                            scenario.title)
    elif args.method == "grid" and len(names) == 1:
        for name in numeric:
            _warn_missing(table[name], name, "those points are left out of the line")
        fig = plots.line(table, names[0], numeric, scenario.title)
    elif args.method == "grid" and len(names) == 2:
        _warn_missing(table[numeric[0]], numeric[0], "those cells are left blank")
        fig = plots.heatmap(table, names[0], names[1], numeric[0],
                            _offramp_column(scenario, table, vary), scenario.title)
    else:
        bars = tornado(scenario, numeric[0], vary, progress=False)
        ends = bars[["at_low", "at_high"]].isna().any(axis=1)
        _warn_missing(bars["at_low"].where(~ends), f"{numeric[0]} (at the ends of a range)",
                      "those inputs are left out of the tornado", unit="inputs")
        fig = plots.tornado(bars[~ends.to_numpy()], scenario.title)
    plots.save(fig, args.plot)


def _warn_missing(column, name: str, consequence: str, unit: str = "variants") -> None:
    """A measure without a value in some rows (an empty zone of possible
    agreement has no Nash solution) is plotted where it has one, with a
    warning; with no value at all there is nothing to plot (exit status 2)."""
    missing = int(column.isna().sum())
    if missing == len(column):
        raise ValueError(f"--plot: {name} has no value in any of the {len(column)} {unit} "
                         "(for example, the zone of possible agreement is empty in all of "
                         "them): nothing to plot")
    if missing:
        print(f"negotiation sweep: warning: {name} has no value in {missing} of {len(column)} "
              f"{unit} (for example, an empty zone of possible agreement): {consequence}",
              file=sys.stderr)


def _complete_groups(table, measure: str, size: int, method: str):
    """The rows of a Sobol or Morris design whose whole group (a base sample
    of ``size`` rows, or a trajectory) has a value of ``measure``: the
    estimators average over groups, so dropping whole groups keeps them exact
    on fewer samples."""
    import numpy as np

    missing = table[measure].isna().to_numpy()
    if not missing.any() or len(table) % size:
        _warn_missing(table[measure], measure, "the indices may be undefined")
        return table
    broken = missing.reshape(-1, size).any(axis=1)
    unit = "base samples" if method == "sobol" else "trajectories"
    _warn_missing(table[measure].where(~np.repeat(broken, size)).iloc[::size], measure,
                  f"the indices are estimated from the other {unit}", unit=unit)
    return table[np.repeat(~broken, size)]


def _offramp_column(scenario, table, vary):
    """The off-ramp region to outline on a heatmap (computed if not measured)."""
    if scenario.offramp is None:
        return None
    if "offramp_exists" not in table:
        from negotiation.sweeps import sweep

        extra = sweep(scenario, vary=vary, measures=["offramp_exists"], progress=False)
        table["offramp_exists"] = extra["offramp_exists"].to_numpy()
    return "offramp_exists"
