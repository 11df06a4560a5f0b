"""sweep(): a design of variants, evaluated, streamed, returned as a table."""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd

from negotiation.inputs import as_scenario
from negotiation.scenario.model import Scenario
from negotiation.sweeps.factors import Factor, resolve_factors
from negotiation.sweeps.measures import resolve
from negotiation.sweeps.runner import (
    Plan,
    chunk_size,
    describe_backend,
    parallelism,
    run_chunks,
    stderr_is_terminal,
)
from negotiation.sweeps.sampling import design
from negotiation.sweeps.stream import ResultFile, scenario_hash

GRID_LIMIT = 5_000_000


def sweep(scenario, vary=None, measures=None, method: str = "grid",
          samples: int | None = None, seed: int | None = None, workers: int = 1,
          executor=None, scheduler=None, out=None, resume: bool = False,
          progress: bool | None = None, chunk: int | None = None, fast: bool = True,
          values=None, n: int | None = None) -> pd.DataFrame:
    """Evaluate measures over variants of a scenario; one row per variant.

    Parameters
    ----------
    scenario : Scenario, Game, str or os.PathLike
        The scenario, its compiled game, or a path / bundled name.
    vary : mapping, sequence of str or str, optional
        Declared parameters (by name) or any number (by its path, see
        :meth:`Scenario.quantities`) mapped to values, or to ``None`` for
        the declared range; a list of names stands for ``{name: None}``.
        ``None`` (the default) varies every parameter with a range.
    measures : sequence of str or callable, optional
        Names (``offramp_exists``, ``utility:nash:russia``, ...) or
        functions of a scenario (default: ``zopa_size``, and
        ``offramp_exists`` when the scenario declares an off-ramp).
    method : {"grid", "random", "sobol", "morris"}
        ``grid`` (``samples`` points per range), ``random`` (draws, declared
        distributions where present), ``sobol`` or ``morris`` (SALib's
        samplers).
    samples : int, optional
        ``--samples``: the number of points per range of a grid (default
        11), of random draws, or SALib's base sample size.
    seed : int, optional
        Seed of the sampling methods (default: drawn, and recorded; on
        ``resume`` the recorded seed of the interrupted sweep).
    workers : int
        Local processes (``workers > 1``), at least 1.
    executor : str, Executor or dask Client, optional
        ``"processes"`` (the default with ``workers > 1``), ``"dask"`` (the
        ``distributed`` extra), a :class:`concurrent.futures.Executor` or a
        dask Client.
    scheduler : str or dask Client, optional
        A Dask scheduler address or Client to run on.
    out : str or os.PathLike, optional
        A file to stream the rows to as they are computed.
    resume : bool
        With ``out``, compute only the variants missing from it.
    progress : bool, optional
        Show a progress bar (default: when stderr is a terminal).
    chunk : int, optional
        Variants per task, at least 1 (default: chosen from the workers).
    fast : bool
        ``False`` turns off the vectorised path (every variant recompiled).
    values : mapping, optional
        Parameter overrides applied first, validated as
        :meth:`Scenario.with_parameters`.
    n : int, optional
        The older name of ``samples``.

    Returns
    -------
    pandas.DataFrame
        A column per varied input and a column per measure, indexed by
        variant number.

    Raises
    ------
    ValueError
        An unknown parameter or measure, a value outside a declared range,
        a column name used twice, a grid of more than ``GRID_LIMIT``
        variants, ``workers`` or ``chunk`` below 1, or an unknown executor.
    TypeError
        ``samples`` and ``n`` both given, with different values.

    Examples
    --------
    >>> table = sweep("standoff", vary={"sanctions": [0.0, 0.3]}, measures=["zopa_size"])
    >>> list(table.columns)
    ['sanctions', 'zopa_size']
    """
    n = same_argument(samples, n)
    scenario = as_scenario(scenario, values, what="sweep")
    factors = resolve_factors(scenario, vary)
    plan = make_plan(scenario, measures, factors, fast)
    if method == "grid":
        _check_grid_size(factors, n)
    elif seed is None:
        seed = _previous_seed(out) if resume and out else None
        if seed is None:  # a SeedSequence made without entropy draws an int
            seed = int(cast(int, np.random.SeedSequence().entropy) % 2**32)
    inputs = design(factors, method, n, seed)
    info = {"method": method, "n": n, "seed": seed, "vary": describe_factors(factors)}
    return run_design(plan, inputs, info, workers=workers, executor=executor,
                      scheduler=scheduler, out=out, resume=resume, progress=progress,
                      chunk=chunk)


def same_argument(samples, n):
    """``samples`` and its older name ``n``: one value, or a TypeError if both differ."""
    if n is not None and samples is not None and n != samples:
        raise TypeError("give samples= (n= is its older name), not both")
    return samples if samples is not None else n


def make_plan(scenario: Scenario, measures, factors: list[Factor], fast: bool = True) -> Plan:
    if measures is None:
        measures = ["offramp_exists", "zopa_size"] if scenario.offramp else ["zopa_size"]
    if isinstance(measures, str) or callable(measures):
        measures = [measures]
    resolved = [resolve(m) for m in measures]
    names = [m.name for m in resolved]
    repeated = {x for x in names if names.count(x) > 1}
    clash = sorted(repeated | (set(names) & {f.name for f in factors}))
    if clash:
        raise ValueError(f"column name(s) used twice: {', '.join(clash)}")
    if not resolved:
        raise ValueError("no measure given")
    return Plan(scenario, resolved, fast)


def describe_factors(factors: list[Factor]) -> dict:
    return {f.name: {"values": list(f.values)} if f.values is not None else
            {"range": f.bounds, "distribution": dict(f.distribution) if f.distribution else None}
            for f in factors}


def _check_grid_size(factors, n) -> None:
    size = 1
    for f in factors:
        size *= len(f.values) if f.values is not None else (n or 11)
    if size > GRID_LIMIT:
        raise ValueError(f"the grid has {size:,} variants (more than {GRID_LIMIT:,}); "
                         "use fewer points or --method random")


def _previous_seed(out) -> int | None:
    """The seed an interrupted sweep drew for itself, so that resuming finds it."""
    for suffix in (".partial.json", ".meta.json"):
        path = Path(str(out) + suffix)
        if path.exists():
            data = json.loads(path.read_text())
            seed = data.get("seed", data.get("fingerprint", {}).get("seed"))
            if seed is not None:
                return int(seed)
    return None


def run_design(plan: Plan, inputs: pd.DataFrame, info: dict, workers: int = 1,
               executor=None, scheduler=None, out=None, resume: bool = False,
               progress: bool | None = None, chunk: int | None = None) -> pd.DataFrame:
    """Evaluate a design (rows of inputs) and return inputs + measures."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    columns = [*inputs.columns, *(m.name for m in plan.measures)]
    fingerprint = _fingerprint(plan, inputs, info)
    stream = ResultFile(out, fingerprint) if out is not None else None
    done = None
    if stream is not None and resume:
        finished = stream.finished()
        if finished is not None:
            return finished
        done = stream.done()
    plan.evaluate(inputs.iloc[:1])  # fail fast, in this process, on a bad measure or input
    todo = inputs.index if done is None else inputs.index.difference(done.index)
    if stream is not None:
        stream.start(columns, keep=done is not None)
    size = chunk_size(plan, len(todo), parallelism(workers, executor, scheduler), chunk)
    chunks = [inputs.loc[todo[i:i + size]] for i in range(0, len(todo), size)]
    rows = _collect(plan, inputs, chunks, stream, len(inputs) - len(todo), progress,
                    workers=workers, executor=executor, scheduler=scheduler)
    if stream is None:
        table = pd.concat(rows).sort_index() if rows else inputs.iloc[:0]
        return table[columns]
    meta = {**info, "seed": info.get("seed"), "version": _version(),
            "scenario_sha256": fingerprint["scenario_sha256"], "scenario": plan.scenario.title,
            "scenario_path": plan.scenario.path, "measures": [m.name for m in plan.measures],
            "variants": len(inputs), "backend": describe_backend(workers, executor, scheduler),
            "finished": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")}
    return stream.finish(meta)


def _collect(plan, inputs, chunks, stream, already, progress, **backend) -> list[pd.DataFrame]:
    from tqdm import tqdm

    show = stderr_is_terminal() if progress is None else bool(progress)
    rows = []
    with tqdm(total=len(inputs), initial=already, disable=not show, unit="variant",
              desc="sweep", leave=False) as bar:
        for result in run_chunks(plan, chunks, **backend):
            chunk_rows = inputs.loc[result.index].join(result)
            if stream is not None:
                stream.append(chunk_rows)
            else:
                rows.append(chunk_rows)
            bar.update(len(chunk_rows))
    return rows


def _fingerprint(plan: Plan, inputs: pd.DataFrame, info: dict) -> dict:
    import hashlib

    return {"scenario_sha256": scenario_hash(plan.scenario), "method": info.get("method"),
            "seed": info.get("seed"), "measures": [m.name for m in plan.measures],
            "columns": list(inputs.columns), "variants": len(inputs),
            "design_sha256": hashlib.sha256(
                np.ascontiguousarray(inputs.to_numpy(float)).tobytes()).hexdigest()}


def _version() -> str:
    from negotiation import __version__

    return __version__
