"""Every command on a space of 10^12 packages: its exact route or a clear
refusal naming the limit, within a time and memory budget."""
from __future__ import annotations

import random
import resource
import subprocess
import sys

import pytest

MEMORY = 3 << 30  # bytes of address space each command may use
SECONDS = 60


def _trillion(war: bool) -> str:
    """12 issues of 10 options (10^12 packages), 3 parties, random weights."""
    rng = random.Random(1)
    issues = [f"i{k}" for k in range(12)]
    options = [f"o{j}" for j in range(10)]
    parties = "abc"
    lines = ["format: negotiation/1", "title: a trillion packages", "parties:"]
    lines += [f"  {p}: {{}}" if war else f"  {p}: {{batna: 0.3}}" for p in parties]
    lines.append("issues:")
    lines += [f"  {i}: {{options: [{', '.join(options)}], status_quo: o0, "
              f"controlled_by: {parties[k % 3]}}}" for k, i in enumerate(issues)]
    lines.append("preferences:")
    for p in parties:
        lines.append(f"  {p}:")
        weights = ", ".join(f"{i}: {rng.randint(1, 5)}" for i in issues)
        lines.append("    weights: {" + weights + "}")
        lines.append("    scores:")
        lines += [f"      {i}: {{" + ", ".join(f"{o}: {round(rng.random(), 2)}" for o in options)
                  + "}" for i in issues]
    if war:
        lines.append("war: {initiator: a, outcomes: {w: {i0: o9}}, chances: {w: 1}, "
                     "costs: {a: 0.1}}")
    lines.append("offramp: {for: a, requires: i0 != o0}")
    return "\n".join(lines) + "\n"


def _cap():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


COMMANDS = [
    ("run", None), ("solve", None), ("offramps", None), ("redlines", None),
    ("stability", "enumerate"), ("simulate", "enumerate"), ("crisis", "enumerate"),
    ("hold", "enumerate"),
    ("sweep", None),  # offramp_exists by MILP, one search per variant
]


@pytest.mark.skipif(sys.platform != "linux", reason="the memory cap uses RLIMIT_AS (Linux)")
@pytest.mark.parametrize(("command", "refusal"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_each_command_answers_a_trillion_packages_or_refuses(tmp_path, command, refusal):
    path = tmp_path / "big.yaml"
    path.write_text(_trillion(war=command == "crisis"))
    extra = ["--vary", "parties.a.batna=0.2:0.4:3", "--measure", "offramp_exists"] \
        if command == "sweep" else []
    done = subprocess.run([sys.executable, "-m", "negotiation", command, str(path), *extra],
                          capture_output=True, text=True, timeout=SECONDS, preexec_fn=_cap)
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    if refusal is None:  # an exact route (MILP) answers
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip()
    else:  # a clear refusal naming the size and the limit
        assert done.returncode == 2
        assert "1,000,000,000,000 packages" in done.stderr and "20,000,000" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_uncertainty_beyond_enumeration_draws_by_milp_within_a_budget():
    import negotiation

    text = _trillion(war=False).replace(
        "parties:", "parameters:\n  t: {value: 0.3, range: [0.2, 0.9], "
                    "distribution: {uniform: [0.2, 0.9]}}\nparties:", 1).replace(
        "  a: {batna: 0.3}", "  a: {batna: t}", 1)
    scenario = negotiation.loads(text)
    with pytest.raises(ValueError, match="at most 200 samples, not 2000"):
        negotiation.offramp_probability(scenario, samples=2000)
    small = negotiation.offramp_probability(scenario, samples=3, seed=0)
    assert small.n == 3 and 0 <= small.probability <= 1
