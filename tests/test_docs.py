"""The documentation is true: its scenarios load, its links resolve, and the
tutorial's figures and pasted outputs are what the current code computes.

1. Every fenced ```yaml block in docs/**/*.md and README.md that declares
   `format: negotiation/1` loads with negotiation.loads.
2. docs/examples/tutorial.yaml (the tutorial's scenario) gives the figures
   the tutorial states, derived by hand below from the YAML; the console
   outputs and Python comments pasted in docs/tutorial.md are reproduced.
3. Every relative link in the docs and README.md points to an existing file.
"""
from __future__ import annotations

import ast
import contextlib
import importlib
import io
import re
import shlex
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TUTORIAL = DOCS / "tutorial.md"
EXAMPLE = DOCS / "examples" / "tutorial.yaml"
MARKDOWN = sorted(DOCS.rglob("*.md")) + [ROOT / "README.md"]
TOL = 1e-9

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")


def fenced_blocks(path: Path) -> list[tuple[str, int, str]]:
    """(language, line number of the opening fence, text) of every fenced block."""
    blocks, lines = [], path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        body, j = [], i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            # a block inside a list item is indented like its fence
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        blocks.append((opening["lang"].lower(), i + 1, "\n".join(body) + "\n"))
        i = j + 1
    return blocks


def scenario_blocks():
    for path in MARKDOWN:
        yaml_blocks = [b for b in fenced_blocks(path) if b[0] in ("yaml", "yml")]
        for number, (_, line, text) in enumerate(yaml_blocks, start=1):
            if "format: negotiation/1" in text:
                yield pytest.param(path, number, line, text,
                                   id=f"{path.relative_to(ROOT)}#{number}")


def python_imports():
    """(path, line, module, names) of every `from negotiation... import` in a
    python block of the docs: the names a reader will type must exist."""
    for path in MARKDOWN:
        for lang, line, text in fenced_blocks(path):
            if lang not in ("python", "py"):
                continue
            try:
                tree = ast.parse(text)
            except SyntaxError:
                continue  # fragments with "..." are prose, not programs
            for node in ast.walk(tree):
                if (isinstance(node, ast.ImportFrom)
                        and (node.module or "").startswith("negotiation")):
                    yield pytest.param(path, line, node.module, [a.name for a in node.names],
                                       id=f"{path.relative_to(ROOT)}:{line}:{node.module}")


@pytest.mark.parametrize("path, line, module, names", list(python_imports()))
def test_python_blocks_import_what_exists(path, line, module, names):
    mod = importlib.import_module(module)
    missing = [n for n in names if not hasattr(mod, n)]
    assert not missing, f"{path.relative_to(ROOT)}:{line}: {module} has no {missing}"


# --------------------------------------------------------------- 1. YAML blocks

@pytest.mark.parametrize("path, number, line, text", list(scenario_blocks()))
def test_scenario_blocks_in_docs_load(path, number, line, text):
    where = f"{path.relative_to(ROOT)}, yaml block {number} (line {line})"
    try:
        negotiation.loads(text, filename=where)
    except negotiation.ScenarioError as exc:
        pytest.fail(f"{where} does not load:\n{exc}")


def test_docs_have_scenario_blocks():
    # guards the collector: the format page and the tutorial both hold one
    found = {p.name for p, *_ in (param.values for param in scenario_blocks())}
    assert {"scenario-format.md", "tutorial.md"} <= found


# ------------------------------------------------------------- 3. links

LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.M)


def prose(path: Path) -> str:
    """The file without fenced blocks and inline code (links there are not links)."""
    text = path.read_text(encoding="utf-8")
    for _, _, block in fenced_blocks(path):
        text = text.replace(block.rstrip("\n"), "")
    return re.sub(r"`[^`\n]*`", "", text)


def relative_links(path: Path) -> list[str]:
    text = prose(path)
    targets = LINK.findall(text) + REFERENCE.findall(text)
    return [t for t in targets
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", t) and not t.startswith("#")]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    broken = [t for t in relative_links(path)
              if not (path.parent / t.split("#", 1)[0]).exists()]
    assert not broken, f"{path.relative_to(ROOT)}: broken links: {broken}"


def test_link_collector_sees_links():
    links = relative_links(DOCS / "index.md")
    assert "tutorial.md" in links and "scenario-format.md" in links
    assert "docs/tutorial.md" in relative_links(ROOT / "README.md")


# ------------------------------------------------- 2. the tutorial's scenario
#
# Derivation by hand from docs/examples/tutorial.yaml at its default values
# (escalation 0.1, wto_win 0.5, election_pressure 0.05).
#
# Weights x scores. Arland: tariffs 0.5 x (full 1, reduced 0.5, lifted 0),
# duties 0.25 x (suspended 1), subsidies 0.2 x (capped 1), panel 0.05 x
# (joint 1). Borova: tariffs 0.5 x (full 0, reduced 0.6, lifted 1), duties
# 0.1 x (in_force 1), subsidies 0.3 x (unchanged 1), panel 0.1 x (none 1).
# The panel is not public, so it does not count in Arland's visible gain.
#
# Status quo (full, in_force, unchanged, none): Arland 0.5, Borova 0.5.
# Batnas: Arland 0.45 - escalation = 0.35; Borova 0.2 + 0.3 * 0.5 = 0.35.
#
# The red lines and the condition leave, with subsidies capped (subsidy_cap),
# duties suspended only with the tariff lifted, and a lifted tariff only with
# the panel, six packages:
#   a full,in_force,capped,none      A 0.70         B 0.2   (B < 0.35)
#   b full,in_force,capped,joint     A 0.75         B 0.1   (B < 0.35)
#   c reduced,in_force,capped,none   A 0.45 - ac    B 0.5   (visible gain -0.05)
#   d reduced,in_force,capped,joint  A 0.50 - ac    B 0.4   (visible gain -0.05)
#   e lifted,in_force,capped,joint   A 0.25 - ac    B 0.6   (visible gain -0.30)
#   f lifted,suspended,capped,joint  A 0.50 - ac    B 0.5   (visible gain -0.05)
# with ac = election_pressure = 0.05: c 0.40, d 0.45, e 0.20, f 0.45. So the
# ZOPA is {c, d, f}; all three move the tariff: 3 off-ramps, each paying the
# audience cost. Nash products: c 0.05*0.15 = 0.0075, d 0.1*0.05 = 0.005,
# f 0.1*0.15 = 0.015: f is the Nash solution.
#
# In general (wto_win 0.5) c is in iff ac <= escalation, d and f iff
# ac <= escalation + 0.05, e iff ac <= escalation - 0.2; a and b never.

A, B = 0, 1
C = {"tariffs": "reduced", "duties": "in_force", "subsidies": "capped", "panel": "none"}
D = {"tariffs": "reduced", "duties": "in_force", "subsidies": "capped", "panel": "joint"}
F = {"tariffs": "lifted", "duties": "suspended", "subsidies": "capped", "panel": "joint"}
HALF_WAY = {"tariffs": "reduced", "duties": "suspended", "subsidies": "capped", "panel": "none"}
STATUS_QUO = {"tariffs": "full", "duties": "in_force", "subsidies": "unchanged", "panel": "none"}


@pytest.fixture(scope="module")
def tariffs():
    return negotiation.load(EXAMPLE)


def labels_of(game, packages) -> list[dict]:
    return [game.labels(p) for p in packages]


def effective(game, labels: dict) -> np.ndarray:
    return game.effective(game.package(labels)[None, :])[0]


def test_tutorial_shows_the_example_file():
    blocks = [text for lang, _, text in fenced_blocks(TUTORIAL) if lang == "yaml"]
    assert blocks[0] == EXAMPLE.read_text(encoding="utf-8")


def test_status_quo_and_batnas(tariffs):
    game = negotiation.compile_game(tariffs)
    np.testing.assert_allclose(game.batna, [0.35, 0.35], atol=TOL)
    np.testing.assert_allclose(effective(game, STATUS_QUO), [0.5, 0.5], atol=TOL)
    assert game.size == 24  # 3 x 2 x 2 x 2


def test_zopa_is_the_three_hand_derived_packages(tariffs):
    game = negotiation.compile_game(tariffs)
    z = negotiation.zopa(game)
    assert z.size == 3
    assert sorted(map(str, labels_of(game, z.packages))) == sorted(map(str, [C, D, F]))
    for labels, expected in ((C, [0.40, 0.5]), (D, [0.45, 0.4]), (F, [0.45, 0.5])):
        np.testing.assert_allclose(effective(game, labels), expected, atol=TOL)
        assert game.visible_gain(game.package(labels)[None, :])[0, A] == pytest.approx(-0.05)
    nash = negotiation.solve(tariffs, "nash")
    assert nash.package == F


def test_offramps(tariffs):
    result = negotiation.find_offramps(tariffs, stability=False)
    assert result.count == 3
    best = result.offramps[0]
    assert best.package == F
    assert best.paid_audience_cost and best.visible_gain == pytest.approx(-0.05)
    assert best.margins == pytest.approx({"arland": 0.10, "borova": 0.15})
    # the tutorial: destroyed by an election pressure above 0.15 (0.5 - ac < 0.35)
    assert F in [o.package for o in negotiation.find_offramps(
        tariffs.with_parameters(election_pressure=0.14), stability=False).offramps]
    assert F not in [o.package for o in negotiation.find_offramps(
        tariffs.with_parameters(election_pressure=0.16), stability=False).offramps]


def test_red_lines_at_the_default_values(tariffs):
    # Prices (Nash product, best with all held 0.015 at f): dropping subsidy_cap
    # admits the status quo, (0.5-0.35)(0.5-0.35) = 0.0225; dropping
    # duties_until_lifted admits the half-way deal, A 0.25+0.25+0.2 = 0.7 (visible
    # gain +0.2), B 0.3+0.1 = 0.4: 0.35*0.05 = 0.0175; dropping the condition admits
    # lifted,suspended,capped,none: A 0.45-0.05 = 0.4, B 0.6: 0.0125 < 0.015.
    red = negotiation.analyze_red_lines(tariffs)
    assert red.jointly_feasible and red.zopa_size == 3
    lines = {r.id: r for r in red.red_lines}
    assert lines["subsidy_cap"].price == pytest.approx(0.0225 - 0.015)
    assert lines["duties_until_lifted"].price == pytest.approx(0.0175 - 0.015)
    assert lines["lift_only_with_panel"].price == pytest.approx(0.0)
    assert {r.id for r in red.red_lines if r.binding} == {"subsidy_cap", "duties_until_lifted"}
    # Credibility: the owner's best across the line. Arland across subsidy_cap:
    # full,suspended,unchanged,joint = 0.5+0.25+0.05 = 0.8; Borova across
    # duties_until_lifted: reduced,suspended,unchanged,none = 0.3+0.3+0.1 = 0.7;
    # Arland across the condition: lifted,suspended,capped,none = 0.4. All > 0.35.
    assert [lines[k].owner_best_across for k in ("subsidy_cap", "duties_until_lifted",
            "lift_only_with_panel")] == pytest.approx([0.8, 0.7, 0.4])
    assert not any(r.credible for r in red.red_lines)


def test_red_lines_collide_under_election_pressure(tariffs):
    # At election_pressure 0.2: c 0.25, d 0.30, f 0.30 for Arland (< 0.35), a and b
    # fail Borova: no ZOPA. Dropping subsidy_cap admits the status quo (0.5, 0.5);
    # dropping duties_until_lifted admits the half-way deal (0.7, no loss of face;
    # 0.4); dropping the condition admits only lifted,*,capped,none, where Arland
    # has 0.2-0.2 = 0 or 0.45-0.2 = 0.25: no help. So the minimal relaxations are
    # the two red lines alone, and together they are the one minimal conflict.
    game = negotiation.compile_game(tariffs.with_parameters(election_pressure=0.2))
    for labels, arland in ((C, 0.25), (D, 0.30), (F, 0.30)):
        assert effective(game, labels)[A] == pytest.approx(arland)
    assert effective(game, STATUS_QUO) == pytest.approx([0.5, 0.5])
    assert effective(game, HALF_WAY) == pytest.approx([0.7, 0.4])
    red = negotiation.analyze_red_lines(game)
    assert not red.jointly_feasible
    assert sorted(map(sorted, red.minimal_relaxations)) == [["duties_until_lifted"],
                                                            ["subsidy_cap"]]
    assert sorted(map(sorted, red.minimal_conflicts)) == [["duties_until_lifted",
                                                           "subsidy_cap"]]
    lines = {r.id: r for r in red.red_lines}
    assert lines["subsidy_cap"].price == pytest.approx(0.0225)
    assert lines["duties_until_lifted"].price == pytest.approx(0.0175)
    # lifting without a panel now leaves Arland at 0.45 - 0.2 = 0.25 < 0.35
    assert lines["lift_only_with_panel"].credible
    assert lines["lift_only_with_panel"].owner_best_across == pytest.approx(0.25)


def hand_offramp_count(escalation: float, pressure: float) -> int:
    """Off-ramps at wto_win 0.5, from the table above (c, then d and f, then e)."""
    gap = pressure - escalation
    return int(gap <= TOL) + 2 * int(gap <= 0.05 + TOL) + int(gap <= -0.2 + TOL)


@settings(max_examples=30, deadline=None)
@given(escalation=st.floats(0.0, 0.3), pressure=st.floats(0.0, 0.3))
def test_offramp_count_follows_the_hand_derived_edges(tariffs, escalation, pressure):
    gap = pressure - escalation
    assume(min(abs(gap), abs(gap - 0.05), abs(gap + 0.2)) > 1e-6)  # off the edges
    scenario = tariffs.with_parameters(escalation=escalation, election_pressure=pressure)
    result = negotiation.find_offramps(scenario, details=False, stability=False)
    assert result.count == hand_offramp_count(escalation, pressure)


def test_sweep_grid_of_the_tutorial(tariffs):
    grid = np.linspace(0, 0.3, 13)
    table = negotiation.sweep(tariffs, vary={"escalation": grid, "election_pressure": grid},
                              measures=["offramp_count"], progress=False)
    assert len(table) == 169
    expected = [hand_offramp_count(e, p)
                for e, p in zip(table["escalation"], table["election_pressure"])]
    assert table["offramp_count"].tolist() == expected


# --------------------------------------- 2. the tutorial's pasted outputs

def console_blocks() -> list[tuple[str, list[str]]]:
    """(command, pasted output lines) of each `$ negotiation ...` block."""
    out = []
    for lang, _, text in fenced_blocks(TUTORIAL):
        lines = text.splitlines()
        if lang == "console" and lines and lines[0].startswith("$ negotiation "):
            out.append((lines[0][2:], lines[1:]))
    return out


def is_subsequence(pasted: list[str], actual: list[str]) -> bool:
    remaining = iter(actual)
    return all(any(line == a for a in remaining) for line in pasted)


@pytest.fixture
def tutorial_dir(tmp_path, monkeypatch):
    """tariffs.yaml and the misspelt broken.yaml the tutorial describes."""
    text = EXAMPLE.read_text(encoding="utf-8")
    (tmp_path / "tariffs.yaml").write_text(text, encoding="utf-8")
    broken = text.replace("audience_cost:", "audience_cots:", 1) \
                 .replace("subsidies == capped", "subsidies == caped", 1)
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_tutorial_console_outputs_are_current(tutorial_dir, capsys):
    blocks = console_blocks()
    assert len(blocks) >= 6
    for command, pasted in blocks:
        status = main(shlex.split(command)[1:])
        out, err = capsys.readouterr()
        assert status == (2 if "broken.yaml" in command else 0), command
        actual = (out + err).splitlines()
        shown = [line for line in pasted if line.strip() != "..."]
        assert is_subsequence(shown, actual), f"{command}: the pasted output differs:\n{out}{err}"


def test_tutorial_python_block_prints_what_its_comments_say(tutorial_dir):
    code = [text for lang, _, text in fenced_blocks(TUTORIAL) if lang == "python"][0]
    expected = [line.split("#", 1)[1].strip() for line in code.splitlines()
                if line.startswith("print(") and "#" in line]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(TUTORIAL), "exec"), {})
    lines = printed.getvalue().splitlines()
    assert len(lines) == len(expected) == 3
    for got, comment in zip(lines, expected):
        if comment.endswith("...}"):
            assert got.startswith(comment[:-4]), (got, comment)
        else:
            assert got == comment
    assert (tutorial_dir / "sweep.png").stat().st_size > 0
