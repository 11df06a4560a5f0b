"""The utility space: ZOPA points, Pareto frontier, disagreement point, solutions.

Two parties give one panel; more parties give a grid of pairwise panels
(projections: a point efficient for all parties need not look efficient in
a projection, so the frontier is drawn as points, not as a line).
"""
from __future__ import annotations

import textwrap
from itertools import combinations

import numpy as np
from matplotlib.figure import Figure

MARKERS = {"nash": "*", "asymmetric_nash": "P", "kalai_smorodinsky": "D",
           "egalitarian": "s", "utilitarian": "^", "normalised_egalitarian": "X",
           "normalised_utilitarian": "v"}
MAX_POINTS = 20_000  # ZOPA points drawn (an even sample beyond that)
RASTER_POINTS = 200  # more ZOPA points than this are drawn as an image in vector output
LABEL_CHARS = 34  # a legend entry wraps beyond this (coinciding solutions share one)
TITLE_CHARS_PER_INCH = 12  # the title wraps to the figure's width (10 pt type)


def plot_utility_space(front, solutions=None, pair=None) -> Figure:
    """Figure of a :class:`negotiation.solvers.agreement.pareto.Frontier`.

    ``solutions``: ``{name: Solution}`` as returned by
    ``negotiation.solve(..., solution="all")``; ``pair``: two party ids to
    draw (default: every pair).
    """
    game = front.game
    parties = list(game.party_ids)
    pairs = [tuple(pair)] if pair else list(combinations(range(len(parties)), 2))
    pairs = [(parties.index(a), parties.index(b)) if isinstance(a, str) else (a, b)
             for a, b in pairs]
    if not pairs:
        raise ValueError("the utility space needs at least two parties")
    cols = int(np.ceil(np.sqrt(len(pairs))))
    rows = int(np.ceil(len(pairs) / cols))
    fig = Figure(figsize=(4.6 * cols, 4.2 * rows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(rows, cols)).ravel()
    for ax, (i, j) in zip(axes, pairs):
        _panel(ax, front, solutions or {}, i, j)
    for ax in axes[len(pairs):]:
        ax.set_axis_off()
    _legend(fig, axes[:len(pairs)], columns=2 * cols)
    title = (f"{game.scenario.title}: ZOPA {front.zopa.size} packages, "
             f"{front.size} on the Pareto frontier")
    fig.suptitle(textwrap.fill(title, int(TITLE_CHARS_PER_INCH * 4.6 * cols)), fontsize=10)
    return fig


def _legend(fig, axes, columns: int) -> None:
    """One legend of every label drawn in any panel (panels may group the
    solutions differently: two solutions can meet in one projection only),
    below the panels: inside one, a long combined label would squeeze it."""
    seen: dict[str, object] = {}
    for panel in axes:
        for handle, label in zip(*panel.get_legend_handles_labels()):
            seen.setdefault(label, handle)
    labels = [textwrap.fill(label, LABEL_CHARS) for label in seen]
    fig.legend(list(seen.values()), labels, fontsize=7, loc="outside lower center",
               ncols=min(len(labels), columns))


def coincident(solutions, a: str, b: str, tol: float = 1e-9):
    """The solutions found, grouped by their point in the plane of parties
    ``a`` and ``b``: ``[(names, (u_a, u_b)), ...]``, so that solutions at one
    point are drawn once, with a combined label.

    >>> from types import SimpleNamespace as S
    >>> sols = {"nash": S(utilities={"x": 0.5, "y": 0.5}), "utilitarian": S(utilities={
    ...     "x": 0.5, "y": 0.5}), "egalitarian": S(utilities={"x": 0.4, "y": 0.6})}
    >>> coincident(sols, "x", "y")
    [(['nash', 'utilitarian'], (0.5, 0.5)), (['egalitarian'], (0.4, 0.6))]
    """
    groups: list[tuple[list[str], tuple[float, float]]] = []
    for name, sol in (solutions or {}).items():
        if sol is None or not sol.utilities:
            continue
        point = (float(sol.utilities[a]), float(sol.utilities[b]))
        for names, at in groups:
            if abs(at[0] - point[0]) <= tol and abs(at[1] - point[1]) <= tol:
                names.append(name)
                break
        else:
            groups.append(([name], point))
    return groups


def _panel(ax, front, solutions, i, j) -> None:
    game, z = front.game, front.zopa
    pts = z.utilities
    if len(pts) > MAX_POINTS:
        pts = pts[np.linspace(0, len(pts) - 1, MAX_POINTS).astype(int)]
    # many points: an image inside a vector figure (SVG, PDF), not one element each
    ax.scatter(pts[:, i], pts[:, j], s=6, color="0.75", label="ZOPA packages",
               rasterized=len(pts) > RASTER_POINTS)
    f = front.utilities
    ax.scatter(f[:, i], f[:, j], s=16, color="tab:blue", label="Pareto frontier")
    d = game.batna
    ax.scatter([d[i]], [d[j]], marker="x", s=60, color="black", label="disagreement (batnas)")
    ax.axvline(d[i], color="0.5", lw=0.6, ls="--")
    ax.axhline(d[j], color="0.5", lw=0.6, ls="--")
    for k, (names, point) in enumerate(coincident(solutions, game.party_ids[i],
                                                  game.party_ids[j])):
        ax.scatter([point[0]], [point[1]], marker=MARKERS.get(names[0], "o"), s=200, zorder=5 + k,
                   edgecolor="black", linewidth=0.6,
                   label=" = ".join(n.replace("_", " ") for n in names))
    ax.set_xlabel(f"{game.party_ids[i]} utility")
    ax.set_ylabel(f"{game.party_ids[j]} utility")
