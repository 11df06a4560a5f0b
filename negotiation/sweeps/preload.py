"""Ready a Dask worker for sweeps when it starts, not inside its first task.

A fresh worker process that receives its first chunk of a sweep must first
import the package and the solvers the measures call (scipy, networkx,
pandas: about a second of CPU, several under load), and every worker does so
at the start of every sweep on a new cluster. Dask's *preload* mechanism runs
a module when a worker starts::

    dask worker tcp://SCHEDULER:8786 --preload negotiation.sweeps.preload

Dask imports this module before the worker is built and then calls
:func:`dask_setup` with it (the preload protocol:
https://docs.dask.org/en/stable/customize-initialization.html). The
LocalCluster that ``sweep(executor="dask")`` starts preloads it too.

Importing it also turns off Dask's statistical profiler in that process
(``distributed.worker.profile.enabled``): the profiler samples the running
task's stack every 10 ms, which for the per-variant measures (many short
Python calls under deep stacks) costs about a tenth of a worker's CPU, for a
dashboard panel a sweep does not need. The module is meant for worker
processes only: a process that imports it and then builds workers gets
unprofiled workers.
"""
from __future__ import annotations

from types import ModuleType

import dask

dask.config.set({"distributed.worker.profile.enabled": False})


def warm() -> tuple[ModuleType, ...]:
    """Import what evaluating a chunk of variants needs: the runner, the
    measures, and the solvers the built-in measures call."""
    from negotiation.solvers import agreement, conflict, offramps
    from negotiation.solvers.stability import concepts
    from negotiation.sweeps import measures, runner

    return runner, measures, agreement, conflict, offramps, concepts


def dask_setup(worker=None) -> None:
    """Called by Dask when a worker started with ``--preload`` starts."""
    warm()
