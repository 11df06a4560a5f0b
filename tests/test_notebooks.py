"""Every classroom notebook runs from top to bottom, and is stored clean; its
figures show as images, its exercises check the student's predictions, and
its sliders are real widgets.

Conventions (cell tags): ``shows-figure`` on a cell that must display an
image; ``prediction`` on a cell where the student writes a prediction (its
metadata ``solution`` holds the right one); ``check`` on the cell that says
whether the prediction was right; ``interactive`` on a cell that shows
ipywidgets sliders.
"""
from __future__ import annotations

import ast
import os
import sys
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import nbclient
import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
# the notebooks held to the conventions above (exercises, tagged figures, sliders)
CLASSROOM = [p for p in NOTEBOOKS if p.name[:2] in {f"{k:02d}" for k in range(1, 10)}]  # 01..09
INTERACTIVE = [p for p in NOTEBOOKS if p.name[:2] in {"03", "06"}]
WIDGET = "application/vnd.jupyter.widget-view+json"
# calls that draw a figure: pyplot's, the package's plot functions, and the
# sweep figures of negotiation.plots.sweep (imported as ``plots``)
DRAWS = {"subplots", "figure", "plot_utility_space", "plot_state_graph", "plot_trace"}
SWEEP_FIGURES = {"line", "heatmap", "tornado", "indices"}


def tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


@cache
def executed(path: Path, solutions: bool = False):
    """The notebook after running it (with the predictions set to the
    solutions stored in the prediction cells, if ``solutions``)."""
    notebook = nbformat.read(path, as_version=4)
    if solutions:
        for cell in notebook.cells:
            if "prediction" in tags(cell):
                cell.source = cell.metadata["solution"]
    # The python3 kernel starts "python" from PATH: make that this interpreter,
    # whichever environment pytest was started from.
    path_var = os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]
    with mock.patch.dict(os.environ, {"PATH": path_var}):
        client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                         resources={"metadata": {"path": str(path.parent)}})
        client.execute()  # raises CellExecutionError on the first failing cell
    return notebook


def stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")


def test_there_are_notebooks():
    assert any(p.name == "01_scenario_basics.ipynb" for p in NOTEBOOKS)
    assert len(CLASSROOM) == 9 and len(INTERACTIVE) == 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for k, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {k} has stored outputs"
            assert cell.execution_count is None, f"cell {k} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path):
    notebook = executed(path)
    errors = [o for c in notebook.cells if c.cell_type == "code"
              for o in c.outputs if o.get("output_type") == "error"]
    assert errors == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cells_that_show_a_figure_show_an_image(path):
    notebook = executed(path)
    missing = [k for k, c in enumerate(notebook.cells) if "shows-figure" in tags(c)
               and not any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert not missing, f"cells {missing} show no image (only {_texts(notebook, missing)})"


def _texts(notebook, cells) -> list[str]:
    return [o.get("data", {}).get("text/plain", "") for k in cells
            for o in notebook.cells[k].outputs]


def _draws(cell, drawing: set[str]) -> bool:
    """Whether the cell's own statements (not the functions it defines) call
    something that draws; functions it defines that draw join ``drawing``."""
    source = "\n".join(line for line in cell.source.splitlines()
                       if not line.lstrip().startswith(("%", "!")))
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and _calls(node, drawing):
            drawing.add(node.name)
    return any(_calls(node, drawing) for node in tree.body
               if not isinstance(node, (ast.FunctionDef, ast.ClassDef)))


def _calls(node, drawing: set[str]) -> bool:
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "attr", None) or getattr(call.func, "id", None)
        on_plots = getattr(getattr(call.func, "value", None), "id", None) == "plots"
        if name in drawing or (on_plots and name in SWEEP_FIGURES):
            return True
    return False


@pytest.mark.parametrize("path", CLASSROOM, ids=lambda p: p.name)
def test_every_cell_that_draws_is_tagged(path):
    notebook = nbformat.read(path, as_version=4)
    drawing = set(DRAWS)
    untagged = [k for k, c in enumerate(notebook.cells) if c.cell_type == "code"
                and _draws(c, drawing) and "shows-figure" not in tags(c)]
    assert not untagged, f"cells {untagged} draw a figure but are not tagged shows-figure"


@pytest.mark.parametrize("path", CLASSROOM, ids=lambda p: p.name)
def test_exercises_check_the_prediction_and_fold_the_answer(path):
    cells = nbformat.read(path, as_version=4).cells
    predictions = [k for k, c in enumerate(cells) if "prediction" in tags(c)]
    checks = [k for k, c in enumerate(cells) if "check" in tags(c)]
    assert len(predictions) >= 2 and len(checks) >= 2
    for k in predictions:
        assert "None" in cells[k].source and cells[k].metadata.get("solution"), k
        assert any(p > k for p in checks), f"prediction cell {k} has no check after it"
    for k in checks:
        assert cells[k + 1].cell_type == "markdown" and \
            cells[k + 1].source.startswith("<details>") and "</details>" in cells[k + 1].source, \
            f"check cell {k} is not followed by a folded answer"


@pytest.mark.parametrize("path", CLASSROOM, ids=lambda p: p.name)
def test_check_cells_wait_for_a_prediction(path):
    checks = [c for c in executed(path).cells if "check" in tags(c)]
    for cell in checks:
        assert "No prediction yet for" in stdout(cell), cell.source
        assert "Right:" not in stdout(cell) and "Not quite:" not in stdout(cell)


@pytest.mark.parametrize("path", CLASSROOM, ids=lambda p: p.name)
def test_check_cells_recognise_the_right_answers(path):
    checks = [c for c in executed(path, solutions=True).cells if "check" in tags(c)]
    for cell in checks:
        out = stdout(cell)
        assert "Right:" in out, cell.source
        assert "Not quite:" not in out and "No prediction yet" not in out, out


@pytest.mark.parametrize("path", CLASSROOM, ids=lambda p: p.name)
def test_a_wrong_prediction_is_told_so(path):
    notebook = nbformat.read(path, as_version=4)
    helper = next(c for c in notebook.cells if "def check(" in c.source)
    namespace: dict = {}
    exec(helper.source, namespace)  # the helper alone: a wrong guess of each kind
    printed = []
    with mock.patch("builtins.print", lambda *a, **k: printed.append(" ".join(map(str, a)))):
        namespace["check"]("x", "nato", "russia")
        namespace["check"]("y", (0.3, 0.6), (0.3, 0.7), tolerance=1e-3)
        namespace["check"]("z", [0.6], [0.55, 0.6], tolerance=1e-3)
        namespace["check"]("w", "a word", 0.5, tolerance=1e-3)
    assert len(printed) == 4 and all(p.startswith("Not quite:") for p in printed), printed


@pytest.mark.parametrize("path", INTERACTIVE, ids=lambda p: p.name)
def test_parameters_are_sliders(path):
    notebook = executed(path)
    cells = [c for c in notebook.cells if "interactive" in tags(c)]
    assert cells, "no cell tagged interactive"
    for cell in cells:
        assert "interact(" in cell.source and "FloatSlider(" in cell.source
        assert any(WIDGET in o.get("data", {}) for o in cell.outputs), cell.outputs
    # the function the sliders drive also runs directly, so the headless run checks it
    sources = [c.source for c in notebook.cells if "shows-figure" in tags(c)]
    assert any(s.startswith("explore(") for s in sources)


def test_figures_display_in_ipython_without_pyplot():
    from IPython.core.formatters import DisplayFormatter

    import negotiation
    from negotiation.plots.notebook import enable_notebook_display
    from negotiation.plots.utility_space import plot_utility_space

    standoff = negotiation.load("standoff")
    fig = plot_utility_space(negotiation.frontier(standoff), pair=("challenger", "alliance"))
    shell = SimpleNamespace(display_formatter=DisplayFormatter())
    assert set(shell.display_formatter.format(fig)[0]) == {"text/plain"}  # the bug
    assert enable_notebook_display(shell) is True
    shown = shell.display_formatter.format(fig)[0]
    assert shown["image/png"][:4] == b"\x89PNG"
    # a format already chosen (here SVG, as the inline backend may) is kept
    other = SimpleNamespace(display_formatter=DisplayFormatter())
    other.display_formatter.formatters["image/svg+xml"].for_type(type(fig), lambda f: "<svg/>")
    assert enable_notebook_display(other) is True
    assert "image/png" not in other.display_formatter.format(fig)[0]
