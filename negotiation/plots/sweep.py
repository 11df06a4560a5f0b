"""Figures of sweeps: a line, a heatmap with the off-ramp region, a tornado,
a bar chart of sensitivity indices. They read tables; they compute nothing.

Figures are built with :class:`matplotlib.figure.Figure` (no pyplot state,
safe without a display); :func:`save` writes a PNG.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure


def save(fig: Figure, path) -> None:
    fig.savefig(path, dpi=120, bbox_inches="tight")


def line(table: pd.DataFrame, parameter: str, measures: list[str], title: str = "") -> Figure:
    """Each measure against one varied parameter."""
    fig = Figure(figsize=(6.4, 4.0))
    ax = fig.add_subplot()
    data = table.sort_values(parameter)
    for name in measures:
        ax.plot(data[parameter], data[name].astype(float), marker="o", ms=3, label=name)
    ax.set_xlabel(parameter)
    ax.set_ylabel(measures[0] if len(measures) == 1 else "measure")
    if len(measures) > 1:
        ax.legend()
    ax.set_title(title)
    ax.grid(alpha=0.3)
    return fig


def heatmap(table: pd.DataFrame, x: str, y: str, measure: str, outline: str | None = None,
            title: str = "") -> Figure:
    """A measure over a grid of two parameters; ``outline`` (a true/false
    column such as offramp_exists) is drawn as the edge of its region."""
    fig = Figure(figsize=(6.4, 4.8))
    ax = fig.add_subplot()
    grid = _pivot(table, x, y, measure)
    xs, ys = grid.columns.to_numpy(float), grid.index.to_numpy(float)
    values = grid.to_numpy(float)
    # a count (or a share of true) starts at 0, so that colours compare across figures
    low = 0.0 if is_count(table[measure]) and np.nanmin(values) >= 0 else None
    mesh = ax.pcolormesh(xs, ys, values, shading="nearest", cmap="viridis", vmin=low)
    fig.colorbar(mesh, ax=ax, label=measure)
    if outline is not None and len(xs) > 1 and len(ys) > 1:
        region = _pivot(table, x, y, outline).to_numpy(float)
        if 0 < np.nanmax(region) and np.nanmin(region) < 1:  # the region has an edge here
            ax.contour(xs, ys, region, levels=[0.5], colors="white", linewidths=2)
            ax.plot([], [], color="white", lw=2, label=f"edge of {outline}")
            ax.legend(loc="upper right", facecolor="0.3", labelcolor="white")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(title)
    return fig


def is_count(column: pd.Series) -> bool:
    """Whether a measure counts something (whole numbers, or true/false):
    its colour scale starts at 0.

    >>> is_count(pd.Series([3, 0, 7])), is_count(pd.Series([True, False])), \\
    ...     is_count(pd.Series([0.2, 0.5]))
    (True, True, False)
    """
    return bool(pd.api.types.is_bool_dtype(column) or pd.api.types.is_integer_dtype(column))


def _pivot(table, x, y, value) -> pd.DataFrame:
    return table.pivot_table(index=y, columns=x, values=value, aggfunc="mean")


def tornado(table: pd.DataFrame, title: str = "") -> Figure:
    """Bars from the measure at each input's low end to its high end
    (a table from :func:`negotiation.sweeps.tornado`), widest on top."""
    fig = Figure(figsize=(6.4, 0.45 * len(table) + 1.5))
    ax = fig.add_subplot()
    rows = table.iloc[::-1]
    pos = np.arange(len(rows))
    base = float(table["base"].iloc[0]) if len(table) else 0.0
    ax.barh(pos, rows["at_low"] - base, left=base, color="tab:blue", label="input at low end")
    ax.barh(pos, rows["at_high"] - base, left=base, color="tab:orange", label="input at high end")
    ax.axvline(base, color="black", lw=1)
    ax.set_yticks(pos, [f"{p} [{lo:g}, {hi:g}]" for p, lo, hi in
                        zip(rows["parameter"], rows["low"], rows["high"])])
    ax.set_xlabel(table.attrs.get("measure", "measure"))
    ax.legend(loc="lower right")
    ax.set_title(title)
    return fig


def indices(table: pd.DataFrame, title: str = "") -> Figure:
    """Sobol S1 and ST with confidence bars, or Morris mu* with sigma, of the
    measure named in ``table.attrs["measure"]`` (in the axis label and the title)."""
    fig = Figure(figsize=(6.4, 4.0))
    ax = fig.add_subplot()
    pos = np.arange(len(table))
    measure = table.attrs.get("measure", "the measure")
    if "S1" in table:
        ax.bar(pos - 0.2, table["S1"], 0.4, yerr=table["S1_conf"], label="first order S1")
        ax.bar(pos + 0.2, table["ST"], 0.4, yerr=table["ST_conf"], label="total ST")
        ax.set_ylabel(f"Sobol index of {measure}")
        what = "Sobol indices"
    else:
        ax.bar(pos - 0.2, table["mu_star"], 0.4, yerr=table["mu_star_conf"], label="mu*")
        ax.bar(pos + 0.2, table["sigma"], 0.4, label="sigma")
        ax.set_ylabel(f"elementary effect on {measure}")
        what = "Morris elementary effects"
    ax.set_xticks(pos, table["parameter"], rotation=45, ha="right")
    ax.legend()
    ax.set_title(f"{title}\n{what} of {measure}" if title else f"{what} of {measure}")
    return fig
