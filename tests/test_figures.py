"""The figures say what they show: read back from their matplotlib artists."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from bundled_variants import ukraine_demands_as_positions
from matplotlib.backends.backend_agg import FigureCanvasAgg

import negotiation
from negotiation.cli import main
from negotiation.plots import sweep as sweep_plots
from negotiation.plots.state_graph import MAX_LABELLED, MAX_STATES, plot_state_graph
from negotiation.plots.trace import plot_trace
from negotiation.plots.utility_space import plot_utility_space


def texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


# ------------------------------------------------------------- state graph
def test_small_state_graph_is_labelled_by_changes_from_the_status_quo():
    fig = plot_state_graph(negotiation.stability("chicken"))
    labels = texts(fig)
    assert sorted(labels) == sorted(["status quo", "d1_swerves: yes", "d2_swerves: yes",
                                     "d1_swerves: yes\nd2_swerves: yes"])
    assert not any(re.fullmatch(r"[0-9]+", t) for t in labels)  # no option indices
    assert legend_texts(fig.axes[0]) == ["d1 moves (solid: improves)",
                                         "d2 moves (solid: improves)", "nash equilibrium"]


def test_large_state_graph_is_capped_numbered_with_a_key_and_names_only_movers():
    result = negotiation.stability("standoff")
    assert result.model.n_states > MAX_STATES
    fig = plot_state_graph(result)
    graph_ax, key_ax = fig.axes
    numbers = [t.get_text() for t in graph_ax.texts]
    assert MAX_LABELLED < len(numbers) <= MAX_STATES and "SQ" in numbers
    assert {n for n in numbers if n != "SQ"} == {str(k) for k in range(1, len(numbers))}
    key = key_ax.texts[0].get_text().splitlines()
    assert key[0] == "SQ: status quo" and len(key) == len(numbers)
    assert any(line.endswith(": troops: withdrawn") for line in key)
    # the neighbour controls no issue: it has no move and is not in the legend
    entries = legend_texts(graph_ax)
    assert any(e.startswith("challenger") for e in entries)
    assert not any(e.startswith("neighbour") for e in entries)


# ----------------------------------------------------------- utility space
def test_coincident_solutions_are_marked_once_with_a_combined_label():
    game = negotiation.compile_game(ukraine_demands_as_positions())
    front = negotiation.frontier(game)
    solutions = negotiation.solve(game, "all")
    fig = plot_utility_space(front, solutions, pair=("russia", "nato"))
    ax = fig.axes[0]
    entries = [" ".join(t.get_text().split()) for t in fig.legends[0].get_texts()]
    # solutions at one point share one entry, named by all of them
    combined = [e for e in entries if " = " in e]
    assert combined, entries
    for entry in combined:
        names = entry.split(" = ")
        at = {(round(solutions[n.replace(" ", "_")].utilities["russia"], 9),
               round(solutions[n.replace(" ", "_")].utilities["nato"], 9)) for n in names}
        assert len(at) == 1, entry
    # one marker per distinct point: as many solution markers as distinct points
    points = {(round(s.utilities["russia"], 9), round(s.utilities["nato"], 9))
              for s in solutions.values() if s.found}
    solution_markers = [c for c in ax.collections
                        if c.get_label() not in ("ZOPA packages", "Pareto frontier",
                                                 "disagreement (batnas)")]
    assert len(solution_markers) == len(points) < len(solutions)


@pytest.mark.parametrize("name", ["logroll", "standoff"])
def test_utility_space_legend_and_title_fit_without_squeezing_the_panels(name, recwarn):
    # logroll: all seven solutions meet at one point, one legend entry naming
    # them all; inside a panel it squeezed the panel to nothing
    front = negotiation.frontier(name)
    fig = plot_utility_space(front, negotiation.solve(name, "all"))
    FigureCanvasAgg(fig).draw()
    assert not [w for w in recwarn if "constrained_layout" in str(w.message)]
    box = fig.bbox
    renderer = fig.canvas.get_renderer()
    for artist in [fig.legends[0], fig._suptitle]:
        extent = artist.get_window_extent(renderer)
        assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, artist
    for ax in fig.axes:
        if ax.axison:  # each panel keeps at least a third of the figure's width
            assert ax.get_position().width > 0.3 / len(fig.axes) ** 0.5


# ------------------------------------------------------------------- trace
def test_trace_shows_every_pair_of_parties_or_the_pair_asked_for():
    trace = negotiation.simulate("standoff")
    every = plot_trace(trace)
    titles = [ax.get_title() for ax in every.axes[1:]]
    assert titles == ["challenger and alliance", "challenger and neighbour",
                      "alliance and neighbour"]
    one = plot_trace(trace, ("neighbour", "challenger"))
    assert len(one.axes) == 2
    assert one.axes[1].get_xlabel() == "utility of neighbour"
    assert one.axes[1].get_ylabel() == "utility of challenger"


def test_simulate_pair_is_checked(capsys, tmp_path):
    assert main(["simulate", "standoff", "--pair", "challenger,nobody"]) == 2
    assert "unknown party nobody" in capsys.readouterr().err
    assert main(["simulate", "standoff", "--pair", "challenger,neighbour",
                 "--out", str(tmp_path)]) == 0
    assert (tmp_path / "simulation_trace.png").stat().st_size > 1000


# ------------------------------------------------------------------- sweeps
def grid(measure_values, outline_values=None) -> pd.DataFrame:
    xs, ys = np.meshgrid([0.0, 0.5, 1.0], [0.0, 1.0])
    table = pd.DataFrame({"a": xs.ravel(), "b": ys.ravel(), "m": measure_values})
    if outline_values is not None:
        table["offramp_exists"] = outline_values
    return table


def test_heatmap_outlines_and_legend_only_where_an_edge_is_drawn():
    everywhere = sweep_plots.heatmap(grid([1] * 6, [True] * 6), "a", "b", "m", "offramp_exists")
    assert everywhere.axes[0].get_legend() is None and not everywhere.axes[0].collections[1:]
    edge = sweep_plots.heatmap(grid([1] * 6, [True, True, False, True, False, False]),
                               "a", "b", "m", "offramp_exists")
    assert legend_texts(edge.axes[0]) == ["edge of offramp_exists"]


def test_heatmap_colour_scale_starts_at_zero_for_counts_only():
    counts = sweep_plots.heatmap(grid([3, 4, 5, 6, 7, 8]), "a", "b", "m")
    assert counts.axes[0].collections[0].get_clim() == (0.0, 8.0)
    shares = sweep_plots.heatmap(grid([0.3, 0.4, 0.5, 0.6, 0.7, 0.8]), "a", "b", "m")
    assert shares.axes[0].collections[0].get_clim() == pytest.approx((0.3, 0.8))


@pytest.mark.parametrize("columns, label, title", [
    ({"S1": [0.5], "S1_conf": [0.1], "ST": [0.6], "ST_conf": [0.1]},
     "Sobol index of zopa_size", "Sobol indices of zopa_size"),
    ({"mu": [0.1], "mu_star": [0.2], "mu_star_conf": [0.05], "sigma": [0.1]},
     "elementary effect on zopa_size", "Morris elementary effects of zopa_size")])
def test_sensitivity_indices_name_their_measure(columns, label, title):
    table = pd.DataFrame({"parameter": ["sanctions"], **columns})
    table.attrs["measure"] = "zopa_size"
    fig = sweep_plots.indices(table, "Border standoff")
    assert fig.axes[0].get_ylabel() == label
    assert fig.axes[0].get_title() == f"Border standoff\n{title}"


SWEEP = ["sweep", "standoff", "--measure", "utility:nash:challenger", "--quiet"]


def test_a_sweep_with_missing_values_warns_and_plots_the_rest(tmp_path, capsys):
    png = tmp_path / "h.png"
    assert main([*SWEEP, "--vary", "sanctions=0:0.6:5", "--vary", "war_cost=0:0.5:3",
                 "--out", str(tmp_path / "h.csv"), "--plot", str(png)]) == 0
    err = capsys.readouterr().err
    assert "warning: utility:nash:challenger has no value in 2 of 15 variants" in err
    assert png.stat().st_size > 1000


def test_a_sobol_sweep_with_missing_values_drops_whole_base_samples(tmp_path, capsys):
    png = tmp_path / "s.png"
    assert main([*SWEEP, "--method", "sobol", "--samples", "8", "--seed", "1",
                 "--vary", "sanctions=0:0.6", "--vary", "war_cost", "--out",
                 str(tmp_path / "s.csv"), "--plot", str(png)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"no value in [1-7] of 8 base samples .*estimated from the other", err)
    assert png.stat().st_size > 1000


def test_a_sweep_with_no_value_anywhere_is_an_error_not_empty_axes(tmp_path, capsys):
    png = tmp_path / "l.png"
    assert main([*SWEEP, "--set", "war_cost=0", "--vary", "sanctions=0:0.1:3",
                 "--out", str(tmp_path / "l.csv"), "--plot", str(png)]) == 2
    err = capsys.readouterr().err
    assert "has no value in any of the 3 variants" in err and "Traceback" not in err
    assert not png.exists()
