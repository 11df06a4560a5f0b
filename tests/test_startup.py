"""Start-up: a command pays only for what it uses.

The command line must not import the heavy libraries (scipy.stats, networkx,
matplotlib, pandas) to print its version, list the bundled scenarios or
validate a file; the measured times are in docs/performance.md.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

HEAVY = ("scipy", "networkx", "matplotlib", "pandas")
PROBE = """
import io, json, sys, contextlib
from negotiation.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main({argv!r})
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))
print(json.dumps({{"status": status, "heavy": heavy,
                  "jsonschema": "jsonschema" in sys.modules,
                  "numpy": "numpy" in sys.modules,
                  "commands": sorted(m for m in sys.modules
                                     if m.startswith("negotiation.commands."))}}))
"""


def probe(argv: list[str]) -> dict:
    code = PROBE.format(argv=argv, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("argv", [["--version"], ["list"], ["schema"],
                                  ["validate", "standoff"], ["show", "standoff"]])
def test_light_commands_import_no_heavy_library(argv):
    seen = probe(argv)
    assert seen["status"] == 0
    assert seen["heavy"] == [], f"negotiation {' '.join(argv)} imported {seen['heavy']}"


@pytest.mark.parametrize("name", ["ukraine_2022", "garrison"])
def test_the_full_report_imports_no_heavy_library(name):
    # scipy.sparse alone costs 0.2-0.25 s at every start: the graph model's
    # moves are numpy adjacencies, and only a MILP or a distribution needs scipy
    seen = probe(["run", name])
    assert seen["status"] == 0
    assert seen["heavy"] == [], f"negotiation run {name} imported {seen['heavy']}"


def test_version_and_list_need_no_schema_validator():
    assert not probe(["--version"])["jsonschema"]
    assert not probe(["list"])["jsonschema"]
    assert probe(["validate", "standoff"])["jsonschema"]  # validating does need it


@pytest.mark.parametrize("argv", [["--version"], ["list"], ["list", "--format", "json"],
                                  ["validate", "standoff"], ["validate", "ukraine_2022"],
                                  ["validate", "logroll", "fearon_pie"],
                                  ["validate", "garrison", "chicken"]])
def test_commands_that_compute_nothing_import_no_numpy(argv):
    # numpy is about half of `python -c "import numpy, yaml"`: checking a file
    # is plain Python, war chances (probed) and rankings (bitsets) included
    seen = probe(argv)
    assert seen["status"] == 0 and not seen["numpy"]


def test_the_probe_does_see_numpy_where_a_command_computes():
    assert probe(["run", "standoff"])["numpy"]


def test_a_command_imports_only_its_own_module():
    assert probe(["list"])["commands"] == ["negotiation.commands._common",
                                           "negotiation.commands.list"]


MODULES_PROBE = """
import io, json, sys, contextlib
{setup}
print(json.dumps(sorted(m for m in {names!r} if m in sys.modules)))
"""


def imported(setup: str, names: tuple[str, ...]) -> list[str]:
    code = MODULES_PROBE.format(setup=setup, names=names)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.splitlines()[-1])


SCIPY_LATE = ("scipy.stats", "scipy.optimize")


def test_the_crisis_of_a_uniform_private_cost_imports_neither_scipy_stats_nor_optimize():
    # the bundled scenario's private cost is uniform: its CDF is closed-form
    run = ("from negotiation.cli import main\n"
           "with contextlib.redirect_stdout(io.StringIO()):\n"
           "    assert main(['crisis', 'ukraine_2022']) == 0")
    assert imported(run, SCIPY_LATE) == []


def test_a_normal_distribution_does_import_scipy_stats():
    use = ("from negotiation.scenario.distributions import cdf\n"
           "cdf({'normal': [0.2, 0.1]}, [0.1], bounds=(0, 1))")
    assert "scipy.stats" in imported(use, SCIPY_LATE)  # (which imports scipy.optimize)


ENTRY_PROBE = """
import gc, io, contextlib, sys
sys.argv = ["negotiation", *{argv!r}]
from negotiation.cli import entry
before = gc.get_freeze_count()
with contextlib.redirect_stdout(io.StringIO()):
    status = entry()
print(status, before, gc.get_freeze_count())
"""


@pytest.mark.parametrize(("argv", "status"), [(["validate", "standoff"], 0),
                                               (["validate", "no_such_scenario"], 2)])
def test_the_program_returns_the_commands_status_and_leaves_its_objects_frozen(argv, status):
    """The interpreter's last collection at exit walks no object the program
    made (10 ms of a validate); the status is the command's own."""
    code = ENTRY_PROBE.format(argv=argv)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    returned, before, after = map(int, done.stdout.split())
    assert returned == status
    assert before == 0 and after > 10_000


def test_the_module_and_the_console_script_run_the_program():
    by_module = subprocess.run([sys.executable, "-m", "negotiation", "validate", "standoff"],
                               capture_output=True, text=True)
    assert by_module.returncode == 0 and "standoff" in by_module.stdout
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["negotiation"] == "negotiation.cli:entry"
