"""Hostile files: paths that are not files, documents that amplify, sheer size.

A device (``/dev/zero`` never ends), a FIFO (no writer never answers), a
directory or a symlink to one of them is refused before it is read; a file
is read up to one byte past ``MAX_BYTES``. Aliases cannot blow the text up
past ``MAX_EXPANDED_CHARS``; a large issue loads in time linear in its
options. ``negotiation validate`` answers every one of them with exit
status 2, one located line per problem and no traceback.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import negotiation
from negotiation.scenario import ScenarioError, loads
from negotiation.scenario.limits import MAX_BYTES, MAX_EXPANDED_CHARS

BASE = (Path(__file__).parent / "malformed" / "17_unknown_option_rule.yaml").read_text() \
    .replace("hihg", "high")
DEVICES = [p for p in ("/dev/zero", "/dev/urandom") if os.path.exists(p)]


def refused(path, within: float = 5.0):
    """The problems of loading ``path``, which must come back within seconds
    (run in a thread, so that a regression fails instead of hanging)."""
    outcome = {}

    def run():
        try:
            negotiation.load(path)
        except ScenarioError as exc:
            outcome["problems"] = exc.problems
        except BaseException as exc:  # pragma: no cover (the failure being tested for)
            outcome["crash"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(within)
    assert not thread.is_alive(), f"loading {path} did not return within {within} s"
    assert "crash" not in outcome, repr(outcome.get("crash"))
    (problem,) = outcome["problems"]
    assert problem.file == str(path) and (problem.line, problem.column) == (1, 1)
    return problem


@pytest.mark.parametrize("device", DEVICES)
def test_a_device_is_refused_before_it_is_read(device, tmp_path):
    assert "a character device, not a file" in refused(device).message
    link = tmp_path / "scenario.yaml"
    link.symlink_to(device)
    assert "a character device, not a file" in refused(link).message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_without_a_writer_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    try:
        assert "a named pipe (FIFO), not a file" in refused(fifo).message
    finally:
        _release(fifo)


def _release(fifo) -> None:
    """Open the FIFO for writing if a reader waits on it (a regression), so
    that the reader's thread ends."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:  # no reader: nothing to release
        pass


def test_a_directory_is_refused(tmp_path):
    assert "a directory, not a file" in refused(tmp_path).message


def test_a_file_past_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.write(b"# " + b"x" * (MAX_BYTES - 4) + b"\n#\n")
    assert os.path.getsize(path) == MAX_BYTES + 1
    assert "larger than 10 MiB" in refused(path).message


def test_a_name_no_file_system_takes_is_not_found():
    for name in ("bad\x00name.yaml", "x" * 5000):
        with pytest.raises(ScenarioError) as info:
            negotiation.load(name)
        assert "no such file or bundled scenario" in str(info.value)
        assert "\x00" not in str(info.value)


# ----------------------------------------------------------------- amplification
def test_one_long_string_aliased_many_times_is_refused_quickly():
    text = (BASE + "sources:\n  s: &s '" + "x" * 200_000 + "'\n"
            + "  more: [" + ", ".join(["*s"] * 40_000) + "]\n")
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        loads(text, filename="bomb.yaml")
    assert time.perf_counter() - start < 10
    (problem,) = info.value.problems
    assert problem.line == BASE.count("\n") + 3  # sources.more, where the aliases are
    assert f"expands to more than {MAX_EXPANDED_CHARS} characters" in problem.message


def test_aliases_within_the_limit_still_work():
    text = BASE.replace("parties:\n", "parties:\n  seller: &p {name: Seller, batna: 0.1}\n"
                                     "  buyer: *p\n", 1)
    text = text.replace("  seller: {name: Seller, batna: 0.1}\n", "") \
        .replace("  buyer: {name: Buyer, batna: cost}\n", "")
    assert loads(text).parties["buyer"].name == "Seller"


# ----------------------------------------------------------------- size
def big_issue(n: int) -> str:
    options = "\n".join(f"      - o{k}" for k in range(n))
    scores = ", ".join(f"o{k}: {k / n:.5f}" for k in range(n))
    return f"""format: negotiation/1
title: A large issue
parties:
  a: {{name: A}}
  b: {{name: B}}
issues:
  x:
    options:
{options}
    status_quo: o0
preferences:
  a:
    weights: {{x: 1}}
    scores:
      x: {{{scores}}}
  b: {{priorities: ["x == o{n - 1}", "x in [o1, o2]"]}}
constraints:
  - {{id: c, owner: a, kind: red_line, rule: x != o{n // 2}}}
"""


def test_an_issue_with_30000_options_loads_in_seconds():
    text = big_issue(30_000)
    start = time.perf_counter()
    scenario = loads(text)
    elapsed = time.perf_counter() - start
    issue = scenario.issues["x"]
    assert len(issue.options) == 30_000 and issue.index("o29999") == 29_999
    assert scenario.preferences["a"].scores["x"]["o15000"].to_data() == 0.5
    assert elapsed < 20, f"{elapsed:.1f} s (the quadratic loader took minutes)"


def test_a_large_issue_reports_a_bad_option_quickly():
    text = big_issue(20_000).replace("o19999: ", "o_missing: ")
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        loads(text, filename="large.yaml")
    assert time.perf_counter() - start < 20
    messages = [p.message for p in info.value.problems]
    assert any("unknown option 'o_missing'" in m for m in messages)
    assert any("no score for option(s) o19999" in m for m in messages)
    assert all(len(m) < 400_000 for m in messages)


# ----------------------------------------------------------------- the command line
def test_cli_validate_answers_every_hostile_file_with_exit_2(tmp_path):
    files = {
        "deep_rule.yaml": BASE.replace("rule: price != high",
                                       'rule: "' + "(" * 2000 + "price == low" + ")" * 2000 + '"'),
        "deep_yaml.yaml": BASE + "sources:\n  x: " + "[" * 5000 + "]" * 5000 + "\n",
        "loop.yaml": BASE + "sources:\n  loop: &r [*r]\n",
        "date.yaml": BASE.replace("title: Malformed example",
                                  "title: Malformed example\nas_of: 2022-13-01"),
        "huge.yaml": BASE.replace("batna: 0.1", "batna: " + "1" * 5000),
        "control.yaml": BASE.replace("Malformed example", "Malformed\x7fexample"),
        "infinite.yaml": BASE.replace("batna: cost}", 'batna: "1e999 * 0"}'),
    }
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    paths += DEVICES[:1]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.yaml")
        paths.append(str(tmp_path / "fifo.yaml"))
    done = subprocess.run([sys.executable, "-m", "negotiation", "validate", *paths],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    for path in paths:
        assert any(line.startswith(f"{path}:") for line in lines), path
    for line in lines:
        assert any(line.startswith(f"{p}:") for p in paths), line
    assert f"{tmp_path / 'date.yaml'}:4:1: as_of: '2022-13-01' is not a valid date" in done.stderr
    assert f"{tmp_path / 'deep_rule.yaml'}:31:" in done.stderr
    assert "nested deeper than 300 levels" in done.stderr
