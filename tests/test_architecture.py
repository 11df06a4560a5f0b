"""The house keeps its shape: imports run one way, modules stay small.

The rules are those of ``docs/architecture.md`` (section "Import layers"):

1. Every import of the package (``import negotiation...``, ``from
   negotiation... import``, relative ones, and deferred ones inside
   functions) goes to a module of the same room, of a lower layer, or of a
   sibling the rules below allow; never up. Checked statically with ``ast``.
2. No relative imports; only ``negotiation.__main__`` imports the CLI; only
   known modules import by name at run time (``import_module``).
3. Every module imports on its own, whatever was imported before (one
   subprocess, ``sys.modules`` emptied of the package before each).
4. No module is longer than ``MAX_LINES`` lines, except the listed ones.
5. ``import negotiation`` stays light, and ``dir(negotiation)`` is its
   public names.
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import negotiation

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "negotiation"
FACADE = "negotiation"

# ------------------------------------------------------------------ the rules
# Layers, lowest first. A room is a module or a package (with all its
# submodules); a module may import its own room, any room of a lower layer,
# and a room of its own layer only if SIBLINGS allows it.
LAYERS: list[tuple[str, ...]] = [
    ("negotiation.errors", "negotiation.bundled"),  # the exceptions, where the files are
    # 0: the user's words, other formats, the enumeration's array kernels,
    # the numpy operations done our way, text fitted to the terminal
    ("negotiation.scenario", "negotiation.formats", "negotiation.enumeration",
     "negotiation.arrays", "negotiation.prose"),
    # 1: the numeric form, the no-deal outcome, who sits at the table
    ("negotiation.game", "negotiation.nodeal", "negotiation.sides"),
    # 2: the one conversion, the one protocol, many variants at once
    ("negotiation.inputs", "negotiation.results", "negotiation.variants"),
    # 3: shared solver vocabulary; `negotiation.solvers` is the (empty) namespace
    ("negotiation.solvers", "negotiation.solvers.names", "negotiation.solvers.criteria",
     "negotiation.solvers.methods", "negotiation.solvers.intervals"),
    ("negotiation.solvers.milp",),  # 4
    ("negotiation.solvers.agreement",),  # 5
    ("negotiation.solvers.redlines", "negotiation.solvers.stability",
     "negotiation.solvers.conflict", "negotiation.solvers.sides"),  # 6
    ("negotiation.solvers.offramps", "negotiation.solvers.dynamics"),  # 7
    ("negotiation.sweeps",),  # 8
    # 9: rendering; the HTML page reads the text report's sections
    ("negotiation.report", "negotiation.report_html", "negotiation.plots"),
    ("negotiation.commands",),  # 10
    ("negotiation.cli", "negotiation.__main__"),  # 11
]
# Rooms that are a single namespace package: their submodules are not theirs
# (a new module under negotiation/solvers/ must be placed explicitly).
EXACT_ROOMS = {"negotiation.solvers"}

# (importer room, imported room) allowed within one layer
SIBLINGS = {
    ("negotiation.solvers.criteria", "negotiation.solvers.names"),
    ("negotiation.solvers.methods", "negotiation.solvers.names"),
    ("negotiation.__main__", "negotiation.cli"),
    # the importers hand plain data to the scenario loader, which (with the
    # Scenario.to_* methods) calls them lazily, inside functions
    ("negotiation.formats", "negotiation.scenario"),
    ("negotiation.scenario", "negotiation.formats"),
    ("negotiation.game", "negotiation.nodeal"),
    ("negotiation.report_html", "negotiation.report"),
    ("negotiation.game", "negotiation.sides"),
    ("negotiation.sides", "negotiation.nodeal"),
}

_SHARED = {"negotiation.solvers", "negotiation.solvers.names", "negotiation.solvers.criteria",
           "negotiation.solvers.methods", "negotiation.solvers.intervals"}
# The solver families each family may use (besides the shared vocabulary and
# itself): lower solver families not listed are forbidden too.
SOLVER_FAMILIES = {
    "negotiation.solvers.milp": set(),
    "negotiation.solvers.agreement": {"negotiation.solvers.milp"},
    "negotiation.solvers.redlines": {"negotiation.solvers.agreement", "negotiation.solvers.milp"},
    "negotiation.solvers.stability": {"negotiation.solvers.agreement", "negotiation.solvers.milp"},
    "negotiation.solvers.conflict": {"negotiation.solvers.agreement", "negotiation.solvers.milp"},
    "negotiation.solvers.sides": {"negotiation.solvers.agreement", "negotiation.solvers.milp"},
    "negotiation.solvers.offramps": {"negotiation.solvers.stability",
                                     "negotiation.solvers.redlines",
                                     "negotiation.solvers.agreement", "negotiation.solvers.milp"},
    "negotiation.solvers.dynamics": {"negotiation.solvers.agreement"},
}
# Lower rooms a room may not import although the layers would allow it.
FORBIDDEN = {
    # results imports nothing of the package
    "negotiation.results": {"*"},
    # presentation reads results; it does not run sweeps
    "negotiation.report": {"negotiation.sweeps"},
    "negotiation.plots": {"negotiation.sweeps"},
    # the page is given its figures (as SVG or matplotlib figures); it draws none
    "negotiation.report_html": {"negotiation.sweeps", "negotiation.plots"},
}
# Modules that import by name at run time (invisible to the static check):
# the facade's lazy names, the discovery of commands, `module:function` measures.
DYNAMIC_IMPORTERS = {"negotiation", "negotiation.commands", "negotiation.sweeps.measures"}

MAX_LINES = 400
# Modules allowed over MAX_LINES (to split). Line counts of the largest
# modules when this list was drawn up: game.py 397, solvers/stability/graph.py 386,
# scenario/yamlread.py 385, solvers/offramps/search.py 374: none over.
LONG_MODULES: dict[str, int] = {}

HEAVY = ("scipy", "pandas", "matplotlib", "networkx")


# ------------------------------------------------------------- the package
def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


FILES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
MODULES = sorted(FILES)
LAYER_OF = {room: k for k, rooms in enumerate(LAYERS) for room in rooms}
ROOMS = sorted(LAYER_OF)


def room_of(module: str) -> str | None:
    """The room a module belongs to: the longest room that contains it."""
    best = None
    for room in ROOMS:
        inside = module == room or (room not in EXACT_ROOMS and module.startswith(room + "."))
        if inside and (best is None or len(room) > len(best)):
            best = room
    return best


def is_package(module: str) -> bool:
    return module in FILES and FILES[module].name == "__init__.py"


def lazy_names() -> dict[str, str]:
    """The facade's lazily mapped names: ``{name: defining module}``."""
    return dict(getattr(negotiation, "_LAZY", {}))


def resolve_from(base: str, names: list[str]) -> list[str]:
    """The modules ``from base import names`` brings in: a submodule where a
    name is one, else ``base`` itself (or, for the facade, the module that
    defines a lazily mapped name)."""
    targets = []
    for name in names:
        if f"{base}.{name}" in FILES:
            targets.append(f"{base}.{name}")
        elif base == FACADE and name in lazy_names():
            targets.append(lazy_names()[name])
        else:
            targets.append(base)
    return targets


def relative_base(module: str, level: int, target: str | None) -> str:
    package = module if is_package(module) else module.rpartition(".")[0]
    parts = package.split(".")
    parts = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join(parts + ([target] if target else []))


def imports_of(module: str, deferred: bool = True):
    """(line, imported module, relative?) of every import of the package in
    ``module``; with ``deferred=False`` only those run at import time (not
    inside a function)."""
    tree = ast.parse(FILES[module].read_text(encoding="utf-8"), filename=str(FILES[module]))
    nodes = ast.walk(tree) if deferred else _module_level(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == FACADE or alias.name.startswith(FACADE + "."):
                    yield node.lineno, alias.name, False
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = relative_base(module, node.level, node.module)
                relative = True
            else:
                base, relative = node.module or "", False
                if not (base == FACADE or base.startswith(FACADE + ".")):
                    continue
            for target in resolve_from(base, [a.name for a in node.names]):
                yield node.lineno, target, relative


def _module_level(tree):
    """The nodes executed at import time: everything outside function bodies."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def verdict(importer: str, target: str) -> str | None:
    """Why ``importer`` may not import ``target``, or None if it may."""
    if target == FACADE:
        # the facade, as imported: its import-time dependencies (layer 1)
        target_room, target_layer = FACADE, LAYER_OF["negotiation.game"]
    else:
        target_room = room_of(target)
        if target_room is None:
            return "imports a module placed in no layer"
        target_layer = LAYER_OF[target_room]
    room = room_of(importer)
    layer = LAYER_OF[room]
    if target_room == room:
        return None
    if target_layer > layer:
        return f"layer {layer} imports layer {target_layer}"
    if target_layer == layer and (room, target_room) not in SIBLINGS:
        return f"siblings in layer {layer}"
    forbidden = FORBIDDEN.get(room, set())
    if "*" in forbidden or target_room in forbidden:
        return f"{room} may not import {target_room}"
    if room in SOLVER_FAMILIES and target_room in SOLVER_FAMILIES \
            and target_room not in SOLVER_FAMILIES[room]:
        return f"{room} may not use the solver family {target_room}"
    return None


def violations(rooms) -> list[str]:
    found = []
    for module in MODULES:
        if module == FACADE or room_of(module) not in rooms:
            continue
        for line, target, _ in imports_of(module):
            why = verdict(module, target)
            if why:
                found.append(f"{module} (line {line}) imports {target}: {why}")
    return found


# ------------------------------------------------------ 1. the import layers
# One case per room, so that a known violation in one room can be marked
# without hiding the others. Every offending import of the room is listed.
KNOWN_VIOLATIONS: dict[str, str] = {}


@pytest.mark.parametrize("room", [
    pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=KNOWN_VIOLATIONS[r]))
    if r in KNOWN_VIOLATIONS else r for r in ROOMS])
def test_imports_follow_the_layers(room):
    found = violations({room})
    assert not found, "imports against the layers:\n" + "\n".join(found)


def test_every_module_has_a_layer():
    unplaced = [m for m in MODULES if m != FACADE and room_of(m) is None]
    assert not unplaced, ("modules placed in no layer (add them to LAYERS in "
                          f"tests/test_architecture.py and docs/architecture.md): {unplaced}")


def test_every_room_exists():
    missing = [r for r in ROOMS if r not in FILES]
    assert not missing, f"rooms of LAYERS with no module: {missing}"


def test_facade_imports_only_the_two_lowest_layers():
    late = [(line, target) for line, target, _ in imports_of(FACADE, deferred=False)
            if (room_of(target) is None or LAYER_OF[room_of(target)] > 1)]
    assert not late, f"negotiation/__init__.py imports above layer 1 at import time: {late}"


def test_facade_maps_lazy_names_to_modules_of_the_package():
    unknown = {n: m for n, m in lazy_names().items() if m not in FILES}
    assert not unknown, f"lazy names mapped to no module: {unknown}"


def test_no_relative_imports():
    found = [f"{m} (line {line}) imports {t}" for m in MODULES
             for line, t, relative in imports_of(m) if relative]
    assert not found, "relative imports (the package uses absolute imports):\n" + "\n".join(found)


def test_only_main_imports_the_cli():
    found = [f"{m} (line {line})" for m in MODULES if m != "negotiation.__main__"
             for line, t, _ in imports_of(m) if t == "negotiation.cli"]
    assert not found, "negotiation.cli imported outside negotiation.__main__:\n" + "\n".join(found)


def test_dynamic_imports_only_where_known():
    found = []
    for module in MODULES:
        tree = ast.parse(FILES[module].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("import_module", "__import__") and module not in DYNAMIC_IMPORTERS:
                    found.append(f"{module} (line {node.lineno})")
    assert not found, ("imports by name at run time (invisible to the layer check); "
                       "import statically or add to DYNAMIC_IMPORTERS:\n" + "\n".join(found))


# -- the checker itself

def test_checker_sees_deferred_and_relative_imports():
    assert ("negotiation.sweeps.measures" in
            {m for m in MODULES if any(t == "negotiation.solvers.agreement"
                                       for _, t, _ in imports_of(m))})
    assert relative_base("negotiation.solvers.agreement.zone", 1, "pareto") == \
        "negotiation.solvers.agreement.pareto"
    assert relative_base("negotiation.solvers.agreement", 2, "milp") == "negotiation.solvers.milp"
    assert resolve_from("negotiation.scenario", ["model", "Scenario"]) == \
        ["negotiation.scenario.model", "negotiation.scenario"]
    assert resolve_from(FACADE, ["zopa"]) == [lazy_names()["zopa"]]


@pytest.mark.parametrize("importer, target, allowed", [
    ("negotiation.game", "negotiation.scenario.model", True),
    ("negotiation.scenario.model", "negotiation.game", False),
    ("negotiation.inputs", "negotiation.results", False),
    ("negotiation.results", "negotiation.game", False),
    ("negotiation.solvers.methods", "negotiation.solvers.criteria", False),
    ("negotiation.solvers.criteria", "negotiation.solvers.names", True),
    ("negotiation.solvers.agreement.zone", "negotiation.solvers.milp.search", True),
    ("negotiation.solvers.milp.search", "negotiation.solvers.agreement", False),
    ("negotiation.solvers.stability.graph", "negotiation.solvers.redlines", False),
    ("negotiation.solvers.offramps.holding", "negotiation.solvers.stability.graph", True),
    ("negotiation.solvers.offramps.search", "negotiation.solvers.conflict", False),
    ("negotiation.solvers.dynamics.subgame", "negotiation.solvers.agreement.zone", True),
    ("negotiation.solvers.dynamics.subgame", "negotiation.solvers.stability", False),
    ("negotiation.solvers.dynamics.subgame", "negotiation.solvers.offramps", False),
    ("negotiation.sweeps.measures", "negotiation.solvers.stability.concepts", True),
    ("negotiation.sweeps.core", FACADE, True),
    ("negotiation.scenario.load", FACADE, False),
    ("negotiation.game", FACADE, False),
    ("negotiation.plots.state_graph", "negotiation.solvers.stability.graph", True),
    ("negotiation.plots.sweep", "negotiation.sweeps.core", False),
    ("negotiation.plots.sweep", "negotiation.report", False),
    ("negotiation.report", "negotiation.plots.sweep", False),
    ("negotiation.commands.solve", "negotiation.plots.utility_space", True),
    ("negotiation.report_html", "negotiation.report", True),
    ("negotiation.report_html", "negotiation.plots.trace", False),
    ("negotiation.report", "negotiation.report_html", False),
    ("negotiation.commands.run", "negotiation.cli", False),
    ("negotiation.__main__", "negotiation.cli", True),
    ("negotiation.cli", "negotiation.__main__", False),
])
def test_checker_rules(importer, target, allowed):
    assert (verdict(importer, target) is None) == allowed, verdict(importer, target)


# ------------------------------------------------ 2. each module on its own
ISOLATED = textwrap.dedent("""
    import importlib, json, sys, traceback
    modules, out = json.loads(sys.argv[1]), sys.argv[2]
    failures = {}
    for module in modules:
        for name in [n for n in sys.modules if n.startswith("negotiation")]:
            del sys.modules[name]
        try:
            importlib.import_module(module)
        except BaseException:
            failures[module] = traceback.format_exc(limit=-4)
    with open(out, "w") as f:
        json.dump(failures, f)
""")


def test_every_module_imports_in_isolation(tmp_path):
    # negotiation.__main__ runs the command line when imported: its one
    # import (negotiation.cli) is imported here on its own.
    modules = [m for m in MODULES if m != "negotiation.__main__"]
    out = tmp_path / "failures.json"
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, "-c", ISOLATED, json.dumps(modules), str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and out.exists(), proc.stderr
    failures = json.loads(out.read_text())
    assert not failures, (f"{len(failures)} module(s) fail to import on their own:\n\n"
                          + "\n".join(f"{m}:\n{tb}" for m, tb in failures.items()))


# ------------------------------------------------------- 3. module length
def line_counts() -> dict[str, int]:
    return {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in FILES.items()}


def test_no_module_is_too_long():
    counts = line_counts()
    long = {m: n for m, n in counts.items() if n > MAX_LINES and m not in LONG_MODULES}
    largest = sorted(counts.items(), key=lambda kv: -kv[1])[:5]
    print("largest modules (lines):", largest)
    assert not long, (f"modules over {MAX_LINES} lines (split them): {long}; "
                      f"largest now: {largest}")


def test_long_module_list_is_current():
    counts = line_counts()
    stale = [m for m in LONG_MODULES if counts.get(m, 0) <= MAX_LINES]
    assert not stale, f"no longer over {MAX_LINES} lines (remove from LONG_MODULES): {stale}"


# ------------------------------------------------------ 4. the facade
def test_import_negotiation_is_light():
    code = ("import sys, negotiation; "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    loaded = [m for m in proc.stdout.strip().split(",") if m]
    assert not loaded, f"`import negotiation` imports {loaded}"


def test_dir_lists_the_public_names():
    listed = dir(negotiation)
    missing = [n for n in negotiation.__all__ if n not in listed]
    assert not missing, f"in __all__ but not in dir(negotiation): {missing}"
    helpers = [n for n in ("annotations", "import_module", "importlib", "_importlib", "_LAZY")
               if n in listed]
    assert not helpers, f"helper names in dir(negotiation): {helpers}"


@pytest.mark.parametrize("name", negotiation.__all__)
def test_public_name_resolves(name):
    assert getattr(negotiation, name) is not None
