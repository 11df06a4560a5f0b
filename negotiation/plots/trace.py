"""Figures of a simulated negotiation (:class:`negotiation.solvers.dynamics.protocol.Trace`)."""
from __future__ import annotations

import math
from itertools import combinations

from matplotlib.figure import Figure

RASTER_POINTS = 200  # a background cloud of more points is drawn as an image in vector output


def trace_pairs(party_ids, pair=None) -> list[tuple[str, str]]:
    """The pairs of parties whose utility space the figure shows: ``pair``
    alone, or every pair.

    >>> trace_pairs(["a", "b", "c"])
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    >>> trace_pairs(["a", "b", "c"], ("c", "a"))
    [('c', 'a')]
    """
    return [tuple(pair)] if pair else list(combinations(party_ids, 2))


def plot_trace(trace, pair=None) -> Figure:
    """Each party's utility of its own offers over the rounds (its concession
    curve; batnas dashed), beside the offers in the utility space of two
    parties over the whole agreement space: the parties of ``pair``, or, by
    default, every pair of parties in a grid."""
    game = trace.game
    pairs = trace_pairs(game.party_ids, pair) if game.n_parties >= 2 else []
    cols = math.ceil(math.sqrt(len(pairs))) if pairs else 1
    rows = math.ceil(len(pairs) / cols) if pairs else 1
    small = len(pairs) > 1
    fig = Figure(figsize=(5.5 + (3.3 if small else 5.5) * cols, max(4.2, 3.1 * rows)),
                 layout="constrained")
    grid = fig.add_gridspec(rows, cols + 1, width_ratios=[1.6 if small else 1] + [1] * cols)
    _utility_panel(fig.add_subplot(grid[:, 0]), trace)
    for k, (a, b) in enumerate(pairs):
        _space_panel(fig.add_subplot(grid[k // cols, 1 + k % cols]), trace, (a, b),
                     legend=k == 0, small=small)
    fig.suptitle(trace.explain(), fontsize=9, wrap=True)
    return fig


def _utility_panel(ax, trace) -> None:
    """Each party's utility of its own offers: its concession curve."""
    game, n = trace.game, trace.game.n_parties
    for p, pid in enumerate(game.party_ids):
        own = [(k, t.package) for k, t in enumerate(trace.turns)
               if t.party == pid and t.action == "offer"]
        x = [(k + 1) / n for k, _ in own]
        line, = ax.plot(x, [trace.utilities[pkg, p] for _, pkg in own], ".-", ms=3, lw=1.2,
                        label=f"{pid} ({trace.strategies[pid]})")
        ax.axhline(game.batna[p], color=line.get_color(), ls="--", lw=0.8)
        if trace.agreement_index is not None:
            ax.scatter([len(trace.turns) / n], [trace.utilities[trace.agreement_index, p]],
                       marker="*", s=90, color=line.get_color(), zorder=5)
    ax.set_xlabel("round")
    ax.set_ylabel("own utility of own offer")
    ax.set_title("Concession curves (dashed: batnas, stars: agreement)", fontsize=10)
    ax.legend(fontsize=7, loc="best")


def _space_panel(ax, trace, pair, legend: bool = True, small: bool = False) -> None:
    game = trace.game
    a, b = (game.party_index(p) for p in pair)
    # the background cloud is drawn as an image inside a vector figure (SVG, PDF):
    # thousands of points would otherwise be thousands of elements
    ax.scatter(trace.utilities[:, a], trace.utilities[:, b], s=8, color="0.8",
               label="agreement space", rasterized=len(trace.utilities) > RASTER_POINTS)
    offers = [(t.party, t.package) for t in trace.turns if t.action == "offer"]
    for pid in game.party_ids:
        own = [pkg for party, pkg in offers if party == pid]
        if own:
            ax.plot(trace.utilities[own, a], trace.utilities[own, b], "o-", ms=3, lw=0.7,
                    alpha=0.8, label=f"offers by {pid}")
    if trace.agreement_index is not None:
        k = trace.agreement_index
        ax.scatter([trace.utilities[k, a]], [trace.utilities[k, b]], marker="*", s=180,
                   color="black", zorder=5, label="agreement")
    ax.axvline(game.batna[a], color="0.5", ls=":", lw=0.8)
    ax.axhline(game.batna[b], color="0.5", ls=":", lw=0.8)
    ax.set_xlabel(f"utility of {pair[0]}", fontsize=8 if small else 10)
    ax.set_ylabel(f"utility of {pair[1]}", fontsize=8 if small else 10)
    if small:
        ax.tick_params(labelsize=7)
        ax.set_title(f"{pair[0]} and {pair[1]}", fontsize=8)
    else:
        ax.set_title("Offers in utility space (dotted: batnas)", fontsize=10)
    if legend:
        ax.legend(fontsize=6 if small else 7, loc="best")
