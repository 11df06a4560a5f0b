"""Long sweeps lose nothing: streaming, kill and resume, atomic output."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from negotiation.sweeps import sweep
from negotiation.sweeps.measures import zopa_size

GRID = {"sanctions": [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6], "war_cost": [0.0, 0.1, 0.2, 0.3]}
FAIL_AT = {"sanctions": None}


def flaky_zopa_size(scenario):
    """zopa_size, except that it dies at one value of sanctions (a lost worker)."""
    if scenario.values["sanctions"] == FAIL_AT["sanctions"]:
        raise RuntimeError("worker lost")
    return zopa_size(scenario)


def run(out, **kw):
    return sweep("standoff", vary=GRID, measures=[flaky_zopa_size, "offramp_count"], out=out,
                 chunk=4, progress=False, **kw)


def test_an_interrupted_sweep_resumes_with_only_the_missing_variants(tmp_path):
    reference = run(tmp_path / "ref.csv")
    out = tmp_path / "s.csv"
    FAIL_AT["sanctions"] = 0.4
    try:
        with pytest.raises(RuntimeError, match="worker lost"):
            run(out)
    finally:
        FAIL_AT["sanctions"] = None
    assert not out.exists()  # never half-written
    partial = pd.read_csv(str(out) + ".partial", index_col="variant")
    assert 0 < len(partial) < len(reference)
    with open(str(out) + ".partial", "a") as f:
        f.write("27,0.6,0.3,")  # a row torn by the kill, no newline
    resumed = run(out, resume=True)
    pd.testing.assert_frame_equal(resumed, reference)
    assert list(resumed.index) == list(range(28))
    assert not Path(str(out) + ".partial").exists()
    on_disk = pd.read_csv(out, index_col="variant")
    pd.testing.assert_frame_equal(on_disk, reference)


def test_resume_refuses_rows_of_another_sweep(tmp_path):
    out = tmp_path / "s.csv"
    FAIL_AT["sanctions"] = 0.3
    try:
        with pytest.raises(RuntimeError):
            run(out)
    finally:
        FAIL_AT["sanctions"] = None
    with pytest.raises(ValueError, match="different sweep"):
        sweep("standoff", vary={"sanctions": [0.0, 0.6]}, measures=["offramp_count"], out=out,
              resume=True, progress=False)


def test_a_finished_sweep_resumed_is_read_back_not_recomputed(tmp_path):
    out = tmp_path / "s.csv"
    first = run(out)
    meta = json.loads(Path(str(out) + ".meta.json").read_text())
    FAIL_AT["sanctions"] = 0.0  # would fail on any recomputation
    try:
        again = run(out, resume=True)
    finally:
        FAIL_AT["sanctions"] = None
    pd.testing.assert_frame_equal(again, first)
    assert meta["variants"] == 28 and len(meta["scenario_sha256"]) == 64


def test_random_sweep_without_a_seed_records_one_and_resumes_with_it(tmp_path):
    out = tmp_path / "r.csv"
    table = sweep("standoff", vary=None, measures=["zopa_size"], method="random", n=20,
                  out=out, progress=False)
    seed = json.loads(Path(str(out) + ".meta.json").read_text())["seed"]
    again = sweep("standoff", vary=None, measures=["zopa_size"], method="random", n=20,
                  seed=seed, progress=False)
    pd.testing.assert_frame_equal(table, again, check_dtype=False)


SLOW_MEASURE = """
import time
from negotiation.sweeps.measures import zopa_size

def slow_zopa_size(scenario):
    time.sleep(0.1)  # wide enough a window to kill the sweep mid-run on a busy machine
    return zopa_size(scenario)
"""


def cli_sweep(tmp_path, out, *extra):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get(
        "PYTHONPATH", "")])}
    args = [sys.executable, "-m", "negotiation", "sweep", "standoff",
            "--vary", "sanctions=0:0.6:7", "--vary", "war_cost=0:0.5:6",
            "--measure", "slowmeasure:slow_zopa_size", "--measure", "offramp_count",
            "--out", str(out), "--chunk", "3", "--workers", "2", "--quiet", *extra]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def test_cli_sweep_killed_mid_run_then_resumed_gives_the_identical_table(tmp_path, monkeypatch):
    (tmp_path / "slowmeasure.py").write_text(textwrap.dedent(SLOW_MEASURE))
    out, partial = tmp_path / "k.csv", tmp_path / "k.csv.partial"
    proc = cli_sweep(tmp_path, out)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if partial.exists() and partial.read_text().count("\n") >= 1 + 6:  # header + 2 chunks
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the sweep finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its worker processes
    proc.wait()
    assert not out.exists()
    streamed = pd.read_csv(partial, index_col="variant")
    assert 6 <= len(streamed) < 42

    resumed = cli_sweep(tmp_path, out, "--resume")
    assert resumed.wait(timeout=120) == 0, resumed.stderr.read()
    table = pd.read_csv(out, index_col="variant")
    assert list(table.index) == list(range(42))  # none missing, none twice

    monkeypatch.syspath_prepend(str(tmp_path))  # the same sweep, uninterrupted, in process
    clean = sweep("standoff", vary={"sanctions": [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
                                    "war_cost": [0, 0.1, 0.2, 0.3, 0.4, 0.5]},
                  measures=["slowmeasure:slow_zopa_size", "offramp_count"],
                  out=tmp_path / "clean.csv", workers=2, progress=False)
    pd.testing.assert_frame_equal(table, clean)
