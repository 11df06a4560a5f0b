"""The utility space: ZOPA points, Pareto frontier, disagreement point, solutions.

Two parties give one panel; more parties give a grid of pairwise panels
(projections: a point efficient for all parties need not look efficient in
a projection, so the frontier is drawn as points, not as a line).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
from matplotlib.figure import Figure

MARKERS = {"nash": "*", "asymmetric_nash": "P", "kalai_smorodinsky": "D",
           "egalitarian": "s", "utilitarian": "^", "normalised_egalitarian": "X",
           "normalised_utilitarian": "v"}
MAX_POINTS = 20_000  # ZOPA points drawn (an even sample beyond that)


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
    axes[0].legend(fontsize=7, loc="best")
    fig.suptitle(f"{game.scenario.title}: ZOPA {front.zopa.size} packages, "
                 f"{front.size} on the Pareto frontier", fontsize=10)
    return fig


def _panel(ax, front, solutions, i, j) -> None:
    game, z = front.game, front.zopa
    pts = z.utilities
    if len(pts) > MAX_POINTS:
        pts = pts[np.linspace(0, len(pts) - 1, MAX_POINTS).astype(int)]
    ax.scatter(pts[:, i], pts[:, j], s=6, color="0.75", label="ZOPA packages")
    f = front.utilities
    ax.scatter(f[:, i], f[:, j], s=16, color="tab:blue", label="Pareto frontier")
    d = game.batna
    ax.scatter([d[i]], [d[j]], marker="x", s=60, color="black", label="disagreement (batnas)")
    ax.axvline(d[i], color="0.5", lw=0.6, ls="--")
    ax.axhline(d[j], color="0.5", lw=0.6, ls="--")
    for k, (name, sol) in enumerate(solutions.items()):
        if sol is not None and sol.utilities:
            u = [sol.utilities[game.party_ids[i]], sol.utilities[game.party_ids[j]]]
            # shrinking sizes: solutions at the same point stay visible
            ax.scatter([u[0]], [u[1]], marker=MARKERS.get(name, "o"), s=260 - 40 * k, zorder=5 + k,
                       edgecolor="black", linewidth=0.6, label=name.replace("_", " "))
    ax.set_xlabel(f"{game.party_ids[i]} utility")
    ax.set_ylabel(f"{game.party_ids[j]} utility")
