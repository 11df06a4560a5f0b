"""The state graph of a graph model: moves coloured by party, equilibria highlighted.

Small models (up to ``MAX_STATES`` states) are drawn whole; larger ones are
drawn around the status quo: the states reachable from it by unilateral
improvements, then (where that leaves room, as when the status quo is itself
stable) the states one unilateral move away from it, up to ``MAX_STATES``.
Unilateral improvements are solid arrows; other unilateral moves (drawn on
small models, and from the status quo) are faint dotted lines.
"""
from __future__ import annotations

import textwrap

import networkx as nx
from matplotlib.figure import Figure

from negotiation.solvers.stability.graph import edges

MAX_STATES = 40
MAX_ALL_MOVES = 16  # draw non-improving moves only on models this small
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
                for t in m.indices[m.indptr[s]:m.indptr[s + 1]].tolist():
                    if t not in chosen and len(chosen) < limit:
                        chosen.append(t)
                        nxt.append(t)
        frontier = nxt
    # Room left: show what each party could do from the status quo, so that a
    # stable status quo is drawn with the moves nobody wants to make.
    for p in range(model.n_parties):
        moves = model.moves(p)
        for t in moves.indices[moves.indptr[start]:moves.indptr[start + 1]].tolist():
            if t not in chosen and len(chosen) < limit:
                chosen.append(t)
    return chosen


def _label(model, k: int) -> str:
    state = model.states[k]
    return "".join(str(int(v)) for v in state)


def plot_state_graph(result, concept: str | None = None, limit: int = MAX_STATES) -> Figure:
    """Figure of a :class:`negotiation.solvers.stability.concepts.StabilityResult`.

    Nodes are states (labelled by their option indices, issue by issue);
    ``concept`` picks the equilibria to highlight (default: the first
    concept of the result)."""
    model = result.model
    concept = concept or result.concepts[0]
    chosen = _chosen_states(model, limit)
    keep = set(chosen)
    graph: nx.DiGraph[int] = nx.DiGraph()
    graph.add_nodes_from(chosen)
    draw_all = len(chosen) <= MAX_ALL_MOVES
    start = chosen[0]
    for p in range(model.n_parties):
        for kind, matrix in (("move", model.moves(p)), ("improvement", model.improvements(p))):
            for s, t in zip(*(a.tolist() for a in edges(matrix))):
                if s in keep and t in keep and (kind == "improvement" or draw_all or s == start):
                    graph.add_edge(s, t, party=p, kind=kind)
    pos = nx.spring_layout(graph, seed=1) if len(chosen) > 8 else nx.circular_layout(graph)
    fig = Figure(figsize=(7.5, 6.5), layout="constrained")
    ax = fig.subplots()
    equilibria = set(result.equilibria(concept).tolist())
    colours = ["gold" if k in equilibria else "white" for k in graph.nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, edgecolors="black",
                           node_size=520)
    nx.draw_networkx_labels(graph, pos, ax=ax, labels={k: _label(model, k) for k in graph.nodes},
                            font_size=7)
    for p in range(model.n_parties):
        colour = COLOURS[p % len(COLOURS)]
        for kind, style, width in (("move", "dotted", 0.6), ("improvement", "solid", 1.6)):
            chosen_edges = [(s, t) for s, t, d in graph.edges(data=True)
                            if d["party"] == p and d["kind"] == kind]
            if chosen_edges:
                nx.draw_networkx_edges(graph, pos, edgelist=chosen_edges, ax=ax, edge_color=colour,
                                       style=style, width=width, arrows=True, arrowsize=12,
                                       node_size=520, connectionstyle="arc3,rad=0.08")
        ax.plot([], [], color=colour, lw=1.6, label=f"{model.party_ids[p]} improves")
    ax.scatter([], [], s=80, color="gold", edgecolors="black", label=f"{concept} equilibrium")
    ax.legend(fontsize=7, loc="best")
    ax.set_axis_off()
    shown = ("" if len(chosen) == model.n_states
             else f" ({len(chosen)} shown, around the status quo)")
    title = textwrap.fill(f"{model.game.scenario.title}: {model.n_states} states{shown}", 90)
    legend = textwrap.fill("node label = option index per issue "
                           f"({', '.join(model.game.issue_ids)})", 110)
    ax.set_title(f"{title}\n{legend}", fontsize=8)
    return fig


def save_state_graph(result, path, concept: str | None = None) -> None:
    fig = plot_state_graph(result, concept)
    fig.savefig(path, dpi=120)
