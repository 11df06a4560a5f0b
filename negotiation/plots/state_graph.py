"""The state graph of a graph model: moves coloured by party, equilibria highlighted.

Small models (up to ``MAX_STATES`` states) are drawn whole; larger ones are
drawn around the status quo: the states reachable from it by unilateral
improvements, then (where that leaves room, as when the status quo is itself
stable) the states one unilateral move away from it, up to ``MAX_STATES``.
Unilateral improvements are solid arrows; other unilateral moves (drawn on
small models, and from the status quo) are faint dotted lines. A node is
labelled by its changes from the status quo; where more than ``MAX_LABELLED``
states are drawn, nodes are numbered and a key beside the graph gives each
number's changes.
"""
from __future__ import annotations

import textwrap

import networkx as nx
import numpy as np
from matplotlib.figure import Figure

MAX_STATES = 30  # states drawn; larger models are drawn around the status quo
MAX_ALL_MOVES = 16  # draw non-improving moves only on models this small
MAX_LABELLED = 8  # up to this many states (a circle), nodes carry their changes; beyond, a number
LABEL_CHANGES = 3  # changes written beside a node (then "+N more")
KEY_CHANGES = 4  # changes per line of the key of a numbered graph
KEY_WIDTH = 80  # characters per line of that key
COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:pink",
           "tab:olive", "tab:cyan")


def _chosen_states(model, limit: int) -> list[int]:
    if model.n_states <= limit:
        return list(range(model.n_states))
    try:
        start = model.index_of(model.game.status_quo)
    except KeyError:
        start = 0
    chosen, frontier = [start], [start]
    improvements = [model.improvements(p) for p in range(model.n_parties)]
    while frontier and len(chosen) < limit:
        nxt = []
        for s in frontier:
            for m in improvements:
                for t in m.row(s).tolist():
                    if t not in chosen and len(chosen) < limit:
                        chosen.append(t)
                        nxt.append(t)
        frontier = nxt
    # Room left: show what each party could do from the status quo, so that a
    # stable status quo is drawn with the moves nobody wants to make.
    for p in range(model.n_parties):
        moves = model.moves(p)
        for t in moves.row(start).tolist():
            if t not in chosen and len(chosen) < limit:
                chosen.append(t)
    return chosen


def state_label(model, k: int, limit: int = LABEL_CHANGES) -> str:
    """State ``k`` for people: its changes from the status quo, one per line
    (at most ``limit`` lines), or ``status quo``.

    >>> import negotiation
    >>> model = negotiation.graph_model("chicken")
    >>> [state_label(model, k) for k in range(model.n_states)]
    ['status quo', 'd2_swerves: yes', 'd1_swerves: yes', 'd1_swerves: yes\\nd2_swerves: yes']
    """
    status_quo = model.game.scenario.status_quo
    changes = [f"{i}: {o}" for i, o in model.labels(k).items() if status_quo.get(i) != o]
    if len(changes) > limit:
        changes = changes[:limit - 1] + [f"+{len(changes) - limit + 1} more"]
    return "\n".join(changes) or "status quo"


def _graph(model, chosen: list[int]):
    keep = np.zeros(model.n_states, dtype=bool)
    keep[chosen] = True
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from(chosen)
    draw_all = len(chosen) <= MAX_ALL_MOVES
    start = chosen[0]
    for p in range(model.n_parties):
        for kind, matrix in (("move", model.moves(p)), ("improvement", model.improvements(p))):
            src, dst = matrix.edges()
            # the drawn edges picked out in numpy: a large model has millions of moves
            drawn = keep[src] & keep[dst]
            if kind == "move" and not draw_all:
                drawn &= src == start
            graph.add_edges_from(zip(src[drawn].tolist(), dst[drawn].tolist()),
                                 party=p, kind=kind)
    return graph


def plot_state_graph(result, concept: str | None = None, limit: int = MAX_STATES) -> Figure:
    """Figure of a :class:`negotiation.solvers.stability.concepts.StabilityResult`.

    Nodes are states, labelled by their changes from the status quo; beyond
    ``MAX_LABELLED`` states drawn they are numbered, with a key beside the
    graph. ``concept`` picks the equilibria to highlight (default: the first
    concept of the result). The legend names only the parties that have a
    move drawn."""
    model = result.model
    concept = concept or result.concepts[0]
    chosen = _chosen_states(model, limit)
    graph = _graph(model, chosen)
    numbered = len(chosen) > MAX_LABELLED
    fig = Figure(figsize=(11.5 if numbered else 8.5, 7.0), layout="constrained")
    if numbered:
        ax, key = fig.subplots(1, 2, width_ratios=[1.7, 1])
    else:
        ax, key = fig.subplots(), None
    pos = (nx.spring_layout(graph, seed=1, k=1.6 / max(1, len(chosen)) ** 0.5)
           if len(chosen) > 8 else nx.circular_layout(graph))
    equilibria = set(result.equilibria(concept).tolist())
    colours = ["gold" if k in equilibria else "white" for k in graph.nodes]
    size = 360 if numbered else 140
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, edgecolors="black",
                           node_size=size)
    movers = _draw_edges(ax, graph, pos, model, size)
    if numbered:
        names = {k: ("SQ" if n == 0 else str(n)) for n, k in enumerate(chosen)}
        nx.draw_networkx_labels(graph, pos, ax=ax, labels=names, font_size=7)
        _key(key, model, chosen, names)
    else:
        _side_labels(ax, graph, pos, model)
    if any(k in equilibria for k in chosen):
        ax.scatter([], [], s=80, color="gold", edgecolors="black", label=f"{concept} equilibrium")
    if movers or equilibria & set(chosen):
        # below the graph: "best" tests every place against every arrow (over a
        # second on a 30-state graph), and a fixed corner can hide a node
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2,
                  frameon=False)
    ax.set_axis_off()
    shown = ("" if len(chosen) == model.n_states
             else f" ({len(chosen)} shown, around the status quo)")
    title = textwrap.fill(f"{model.game.scenario.title}: {model.n_states} states{shown}", 90)
    how = ("numbered (SQ: the status quo), key on the right" if numbered
           else "labelled by their changes from the status quo")
    ax.set_title(f"{title}\nstates {how}", fontsize=8)
    return fig


def _draw_edges(ax, graph, pos, model, node_size) -> list[str]:
    """The moves, coloured by party; returns the parties that have one."""
    movers = []
    for p in range(model.n_parties):
        colour = COLOURS[p % len(COLOURS)]
        drawn = False
        for kind, style, width in (("move", "dotted", 0.6), ("improvement", "solid", 1.6)):
            chosen_edges = [(s, t) for s, t, d in graph.edges(data=True)
                            if d["party"] == p and d["kind"] == kind]
            if chosen_edges:
                drawn = True
                nx.draw_networkx_edges(graph, pos, edgelist=chosen_edges, ax=ax, edge_color=colour,
                                       style=style, width=width, arrows=True, arrowsize=12,
                                       node_size=node_size, connectionstyle="arc3,rad=0.08")
        if drawn:
            movers.append(model.party_ids[p])
            ax.plot([], [], color=colour, lw=1.6,
                    label=f"{model.party_ids[p]} moves (solid: improves)")
    return movers


def _side_labels(ax, graph, pos, model) -> None:
    """Each node's changes from the status quo, in a box beside it."""
    for k in graph.nodes:
        x, y = pos[k]
        ax.annotate(state_label(model, k), (x, y), xytext=(7, -7), textcoords="offset points",
                    fontsize=6.5, va="top", ha="left", zorder=6,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "0.7", "alpha": 0.85})
    ax.margins(0.18)


def _key(ax, model, chosen, names) -> None:
    """The key of a numbered graph: each number and its state's changes."""
    lines = [f"{names[k]}: {state_label(model, k, KEY_CHANGES).replace(chr(10), '; ')}"
             for k in chosen]
    text = "\n".join(textwrap.shorten(line, KEY_WIDTH, placeholder=" ...") for line in lines)
    ax.text(0, 1, text, va="top", ha="left", fontsize=6.5, family="monospace",
            transform=ax.transAxes)
    ax.set_axis_off()


def save_state_graph(result, path, concept: str | None = None) -> None:
    fig = plot_state_graph(result, concept)
    fig.savefig(path, dpi=120)
