"""Figures of a simulated negotiation (:class:`negotiation.solvers.dynamics.protocol.Trace`)."""
from __future__ import annotations

from matplotlib.figure import Figure


def plot_trace(trace, pair=None) -> Figure:
    """Two panels: each party's utility of its own offers over the rounds
    (its concession curve; batnas dashed); and the offers in the utility space of two parties
    (``pair``, default the first two), over the whole agreement space."""
    game = trace.game
    fig = Figure(figsize=(11, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    _utility_panel(left, trace)
    if game.n_parties >= 2:
        _space_panel(right, trace, pair or game.party_ids[:2])
    else:
        right.set_axis_off()
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


def _space_panel(ax, trace, pair) -> None:
    game = trace.game
    a, b = (game.party_index(p) for p in pair)
    ax.scatter(trace.utilities[:, a], trace.utilities[:, b], s=8, color="0.8",
               label="agreement space")
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
    ax.set_xlabel(f"utility of {pair[0]}")
    ax.set_ylabel(f"utility of {pair[1]}")
    ax.set_title("Offers in utility space (dotted: batnas)", fontsize=10)
    ax.legend(fontsize=7, loc="best")
