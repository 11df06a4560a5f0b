"""A sweep on a real Dask deployment: scheduler and workers as separate processes.

The scheduler (``dask scheduler``) and two workers (``dask worker``) are started
as their own processes on the loopback interface, as they would be on separate
machines; the sweep reaches them only through the scheduler's address, from the
Python API (``scheduler=``) and from the command line (``--scheduler``), and its
table must be the one a run in this process gives.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from negotiation.cli import main
from negotiation.sweeps import sweep

distributed = pytest.importorskip("distributed")  # the `distributed` extra

WORKERS = 2
START_TIMEOUT = 20.0  # seconds for the scheduler file and for the workers to register
VARY = {"sanctions": [0.0, 0.3, 0.6], "p_win": [0.3, 0.9]}
MEASURES = ["zopa_size", "offramp_holds", "equilibria_count:seq"]


def _start(args: list[str], folder) -> subprocess.Popen:
    # a session of its own, so that stopping it also stops the nanny's worker process
    return subprocess.Popen([sys.executable, "-m", "dask", *args], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _scheduler_address(path, scheduler: subprocess.Popen) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if scheduler.poll() is not None:
            pytest.fail(f"dask scheduler exited with status {scheduler.returncode}")
        try:
            return json.loads(path.read_text())["address"]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            time.sleep(0.2)  # not written yet, or half written
    pytest.fail(f"dask scheduler wrote no {path.name} within {START_TIMEOUT:.0f} s")


@pytest.fixture(scope="module")
def scheduler_address(tmp_path_factory, request):
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    processes: list[subprocess.Popen] = []

    def stop_all() -> None:
        for process in reversed(processes):  # workers first, then the scheduler
            _stop(process)
    request.addfinalizer(stop_all)

    processes.append(_start(["scheduler", "--host", "127.0.0.1", "--port", "0",
                             "--no-dashboard", "--scheduler-file", str(file)], folder))
    address = _scheduler_address(file, processes[0])
    for k in range(WORKERS):
        processes.append(_start(["worker", address, "--nthreads", "1", "--name", f"w{k}",
                                 "--host", "127.0.0.1", "--no-dashboard",
                                 "--preload", "negotiation.sweeps.preload",
                                 "--local-directory", str(folder / f"w{k}")], folder))
    with distributed.Client(scheduler_file=str(file), timeout="10s") as client:
        client.wait_for_workers(WORKERS, timeout=START_TIMEOUT)
    return address


@pytest.fixture(scope="module")
def here(standoff):
    return sweep(standoff, vary=VARY, measures=MEASURES, progress=False)


def test_the_workers_are_processes_of_their_own_and_preloaded(scheduler_address):
    with distributed.Client(scheduler_address, timeout="10s") as client:
        pids = client.run(os.getpid)
        # before any sweep task reached them: imported by the preload alone (a lambda
        # travels by value; a function of this module would need it on the workers)
        preloaded = client.run(lambda: "negotiation.sweeps.runner" in sys.modules)
        profiled = client.run(lambda dask_worker: "profile" in dask_worker.periodic_callbacks)
    assert len(pids) == WORKERS and os.getpid() not in pids.values()
    assert len(set(pids.values())) == WORKERS
    assert all(preloaded.values())
    assert not any(profiled.values())  # the preload turned the sampling profiler off


def test_the_api_by_scheduler_address_equals_this_process(scheduler_address, standoff, here):
    on_cluster = sweep(standoff, vary=VARY, measures=MEASURES, scheduler=scheduler_address,
                       chunk=1, progress=False)  # one variant per task: both workers busy
    pd.testing.assert_frame_equal(on_cluster, here)
    assert here["offramp_holds"].any() and here["equilibria_count:seq"].gt(0).all()


def test_the_command_line_with_scheduler_equals_this_process(scheduler_address, tmp_path):
    common = ["sweep", "standoff", "--vary", "sanctions=0,0.3,0.6", "--vary", "p_win=0.3,0.9",
              *(x for m in MEASURES for x in ("--measure", m)), "--quiet"]
    assert main([*common, "--out", str(tmp_path / "here.csv")]) == 0
    assert main([*common, "--out", str(tmp_path / "cluster.csv"), "--chunk", "2",
                 "--scheduler", scheduler_address]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "cluster.csv"),
                                  pd.read_csv(tmp_path / "here.csv"))
    meta = json.loads((tmp_path / "cluster.csv.meta.json").read_text())
    assert meta["backend"] == "dask"
