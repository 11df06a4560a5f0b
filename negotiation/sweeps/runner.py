"""Running a design: in this process, in local processes, or on Dask.

The variants are cut into chunks; each chunk is evaluated where the executor
puts it and comes back as a small DataFrame. Chunks are streamed to disk as
they finish (:mod:`.stream`), so a killed sweep resumes with only the
missing variants.
"""
from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from typing import Any, cast

import pandas as pd

from negotiation.scenario.model import Scenario
from negotiation.scenario.override import with_values
from negotiation.sweeps.batch import Baseline

BLOCK = 1000  # variants per vectorised block (bounds memory: block x packages x parties)
MAX_FAST_CHUNK = 2000
MAX_SLOW_CHUNK = 25
PRELOAD = "negotiation.sweeps.preload"  # imported by each Dask worker when it starts
# Dask's periodic housekeeping, slowed for the LocalCluster a sweep starts: its
# event-loop health check (every 20 ms by default), system samples (500 ms) and
# memory-limit checks (100 ms) wake every scheduler, nanny and worker, which
# costs about 5% of a core at rest, taken from the workers on a small machine.
QUIET_DASK = {
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


class Plan:
    """A scenario and the measures to compute: what every worker needs."""

    def __init__(self, scenario: Scenario, measures, fast: bool = True):
        from negotiation.sweeps.measures import beyond_enumeration

        self.scenario = scenario
        self.measures = list(measures)
        # the fast path enumerates the acceptable packages once: beyond the
        # limit every variant goes through the plain measures (MILP routes)
        self.fast = fast and not beyond_enumeration(scenario)
        self._baseline: Baseline | None = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_baseline"] = None  # rebuilt once per process
        return state

    @property
    def all_fast(self) -> bool:
        return self.fast and all(m.batch for m in self.measures)

    @property
    def baseline(self) -> Baseline:
        if self._baseline is None:
            self._baseline = Baseline(self.scenario)
        return self._baseline

    def evaluate(self, inputs: pd.DataFrame) -> pd.DataFrame:
        """Measure columns for the variants in ``inputs`` (same index)."""
        batched = [m for m in self.measures if self.fast and m.batch]
        single = [m for m in self.measures if m not in batched]
        columns: dict[str, list[Any]] = {m.name: [] for m in self.measures}
        for start in range(0, len(inputs), BLOCK) if batched else ():
            block = self.baseline.block(inputs.iloc[start:start + BLOCK])
            for m in batched:
                columns[m.name].extend(m.batch(block).tolist())
        for _, row in inputs.iterrows() if single else ():
            # the columns of ``inputs`` are parameter names (str)
            variant = with_values(self.scenario, cast(dict[str, float], row.to_dict()))
            for m in single:
                columns[m.name].append(_plain(m(variant)))
        return pd.DataFrame(columns, index=inputs.index)


def _plain(value):
    """numpy scalars -> Python scalars (one dtype per column in the table)."""
    return value.item() if hasattr(value, "item") else value


def chunk_size(plan: Plan, todo: int, workers: int, chunk: int | None) -> int:
    """Variants per task: ``chunk`` if given, else about four tasks per worker
    (so that a slow chunk leaves the others work to share), capped so that a
    chunk of slow variants stays a fraction of a second to a few seconds."""
    if chunk is not None:
        if chunk < 1:
            raise ValueError(f"chunk must be at least 1, got {chunk}")
        return int(chunk)
    cap = MAX_FAST_CHUNK if plan.all_fast else MAX_SLOW_CHUNK
    return max(1, min(cap, math.ceil(todo / (4 * max(1, workers)))))


# ---------------------------------------------------------------- executors
def run_chunks(plan: Plan, chunks: list[pd.DataFrame], workers: int = 1, executor=None,
               scheduler=None) -> Iterator[pd.DataFrame]:
    """Evaluate chunks, yielding each result as soon as it is done."""
    if executor == "dask" or scheduler is not None or _is_dask_client(executor):
        yield from _dask(plan, chunks, workers, executor, scheduler)
    elif isinstance(executor, Executor):
        yield from _futures(executor, plan.evaluate, chunks)
    elif executor not in (None, "processes", "local"):
        raise ValueError(f"unknown executor {executor!r} (expected 'processes', 'dask', "
                         "a dask Client or a concurrent.futures Executor)")
    elif workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_set_worker_plan,
                                 initargs=(plan,)) as pool:
            yield from _futures(pool, _evaluate_in_worker, chunks)
    else:
        for inputs in chunks:
            yield plan.evaluate(inputs)


def _futures(pool: Executor, func, chunks) -> Iterator[pd.DataFrame]:
    futures = [pool.submit(func, inputs) for inputs in chunks]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


_WORKER_PLAN: Plan | None = None


def _set_worker_plan(plan: Plan) -> None:
    global _WORKER_PLAN
    _WORKER_PLAN = plan


def _evaluate_in_worker(inputs: pd.DataFrame) -> pd.DataFrame:
    assert _WORKER_PLAN is not None  # set by _set_worker_plan, the pool's initializer
    return _WORKER_PLAN.evaluate(inputs)


def _evaluate_plan(plan: Plan, inputs: pd.DataFrame) -> pd.DataFrame:
    return plan.evaluate(inputs)


def _is_dask_client(obj) -> bool:
    return type(obj).__name__ == "Client" and type(obj).__module__.startswith("distributed")


def _dask(plan, chunks, workers, executor, scheduler) -> Iterator[pd.DataFrame]:
    try:
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError:
        raise ValueError("Dask runs need the `distributed` extra: "
                         "pip install 'negotiation[distributed]'") from None
    client = executor if _is_dask_client(executor) else None
    if client is None and _is_dask_client(scheduler):
        client = scheduler
    owned: list[Client | LocalCluster] = []  # closed at the end, client first
    if client is None:
        if scheduler is not None:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = local_cluster(workers)
            owned.append(cluster)
            client = Client(cluster)
        owned.insert(0, client)
    try:
        shared = client.scatter(plan, broadcast=True)
        futures = [client.submit(_evaluate_plan, shared, inputs, pure=False) for inputs in chunks]
        for future in dask_completed(futures):
            yield future.result()
    finally:
        for thing in owned:
            thing.close()


def local_cluster(workers: int):
    """A Dask LocalCluster for sweeps: ``workers`` processes of one thread each
    (the measures hold the GIL), preloaded (:mod:`.preload`), with the
    housekeeping of ``QUIET_DASK`` and no dashboard."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(QUIET_DASK):  # read as the servers are built, passed to workers
        return LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                            dashboard_address=None, preload=[PRELOAD])


def parallelism(workers: int, executor, scheduler) -> int:
    """How many tasks run at once: the threads of a given Dask client's
    workers, else ``workers`` (a scheduler address is not asked: it would
    take a connection just to size the chunks)."""
    client = executor if _is_dask_client(executor) else scheduler
    if _is_dask_client(client):
        return max(1, sum(client.nthreads().values()))
    return workers


def describe_backend(workers: int, executor, scheduler) -> str:
    if executor == "dask" or scheduler is not None or _is_dask_client(executor):
        return "dask"
    return f"{workers} process(es)" if workers > 1 else "this process"


def stderr_is_terminal() -> bool:
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
