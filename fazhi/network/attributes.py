"""Network measures on a projection, the node cap for drawings, and a fast layout for big graphs.

``centrality`` is *weighted degree centrality*: a node's weighted degree (the sum of the
weights of its edges) divided by the largest weighted degree in the network, so the most
connected node has 1.0. ``community`` is the index of the node's Louvain community
(networkx ``louvain_communities`` with a fixed seed), numbered from the largest community.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_edge("a", "b", weight=3); g.add_edge("b", "c", weight=1)
>>> g = add_attributes(g)
>>> g.nodes["b"]["weighted_degree"], g.nodes["b"]["centrality"], g.nodes["c"]["centrality"]
(4, 1.0, 0.25)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: Seed of the Louvain community detection: the same graph gets the same communities in every run.
SEED = 20240601
DEFAULT_MAX_NODES = 2000
#: Drawings keep at most this many edges per node kept (the heaviest ones).
EDGES_PER_NODE = 10


def add_attributes(graph: nx.Graph, *, seed: int = SEED) -> nx.Graph:
    """Add ``degree``, ``weighted_degree``, ``centrality`` and ``community`` to every node, in place."""
    import networkx as nx

    strength = dict(graph.degree(weight="weight"))
    top = max(strength.values(), default=0) or 1
    for node, data in graph.nodes(data=True):
        data["degree"] = int(graph.degree(node))
        data["weighted_degree"] = int(strength[node])
        data["centrality"] = round(strength[node] / top, 6)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed) if graph.number_of_edges() else []
    order = sorted(communities, key=lambda c: (-len(c), min(c)))
    for index, members in enumerate(order):
        for node in members:
            graph.nodes[node]["community"] = index
    for index, node in enumerate(n for n in sorted(graph) if "community" not in graph.nodes[n]):
        graph.nodes[node]["community"] = len(order) + index  # isolated nodes: a community each
    return graph


def cap(graph: nx.Graph, max_nodes: int = DEFAULT_MAX_NODES) -> nx.Graph:
    """The ``max_nodes`` nodes of highest weighted degree (ties by id) and the heaviest edges among them.

    The result's graph attributes say how much was kept: ``nodes_total``, ``nodes_shown``, and
    ``edges_dropped`` (edges among the kept nodes dropped to stay within
    ``EDGES_PER_NODE * max_nodes``).

    >>> import networkx as nx
    >>> g = add_attributes(nx.star_graph(5))
    >>> small = cap(g, 3)
    >>> sorted(small), small.graph["nodes_total"], small.graph["nodes_shown"]
    ([0, 1, 2], 6, 3)
    """
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")

    def strength(node: object) -> int:
        value = graph.nodes[node].get("weighted_degree")
        return int(value) if value is not None else int(graph.degree(node, weight="weight"))

    keep = sorted(graph, key=lambda n: (-strength(n), str(n)))[:max_nodes]
    shown = graph.subgraph(keep).copy()
    edge_limit = EDGES_PER_NODE * max_nodes
    dropped = 0
    if shown.number_of_edges() > edge_limit:
        ranked = sorted(shown.edges(data="weight", default=1), key=lambda e: (-e[2], str(e[0]), str(e[1])))
        dropped = len(ranked) - edge_limit
        shown.remove_edges_from([(u, v) for u, v, _ in ranked[edge_limit:]])
    shown.graph.update(nodes_total=graph.number_of_nodes(), nodes_shown=shown.number_of_nodes(), edges_dropped=dropped)
    return shown


def cap_note(graph: nx.Graph) -> str:
    """``showing N of M nodes …`` when :func:`cap` left nodes or edges out, else an empty string."""
    total, shown = graph.graph.get("nodes_total"), graph.graph.get("nodes_shown")
    dropped = graph.graph.get("edges_dropped", 0)
    notes = []
    if total is not None and shown is not None and shown < total:
        notes.append(f"showing {shown:,} of {total:,} nodes (those of highest weighted degree)")
    if dropped:
        kept = graph.number_of_edges()
        notes.append(f"showing the {kept:,} heaviest of {kept + dropped:,} edges among them")
    return "; ".join(notes)


def community_layout(graph: nx.Graph, *, spacing: float = 30.0) -> dict[object, tuple[float, float]]:
    """Positions without simulation, in linear time: each community a sunflower disc, discs in rows.

    Nodes of higher weighted degree sit nearer the centre of their community's disc. Used
    for graphs too big for a force layout in the browser or in matplotlib.
    """
    groups: dict[int, list[object]] = {}
    for node, data in graph.nodes(data=True):
        groups.setdefault(int(data.get("community", 0)), []).append(node)
    discs = sorted(groups.values(), key=lambda members: (-len(members), str(min(members, key=str))))
    golden = math.pi * (3 - math.sqrt(5))
    radii = [spacing * math.sqrt(len(m)) + spacing for m in discs]
    if not radii:
        return {}
    row_width = max(math.sqrt(sum((2 * r) ** 2 for r in radii)) * 1.1, 2 * max(radii))
    positions: dict[object, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members, radius in zip(discs, radii, strict=True):
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + radius, y + radius
        ranked = sorted(members, key=lambda n: (-int(graph.nodes[n].get("weighted_degree", 0)), str(n)))
        for i, node in enumerate(ranked):
            r = spacing * math.sqrt(i)
            positions[node] = (round(cx + r * math.cos(i * golden), 2), round(cy + r * math.sin(i * golden), 2))
        x += 2 * radius
        row_height = max(row_height, 2 * radius)
    return positions


def _scalar(value: Any) -> str | int | float:
    """Attribute values as Gephi and Cytoscape read them: str, int or float, never None or a bool."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else int(value)
    if isinstance(value, (int, float, str)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _scalar(value.item())
    return str(value)


def public(graph: nx.Graph, *, iri: bool = False) -> nx.Graph:
    """A copy with scalar attributes only: no ``_private`` ones and, unless ``iri``, no IRIs."""
    import networkx as nx

    def keep(key: str) -> bool:
        return not key.startswith("_") and (iri or key != "iri")

    out = nx.Graph()
    out.graph.update({k: _scalar(v) for k, v in graph.graph.items() if keep(k)})
    out.add_nodes_from((n, {k: _scalar(v) for k, v in d.items() if keep(k)}) for n, d in graph.nodes(data=True))
    out.add_edges_from((u, v, {k: _scalar(x) for k, x in d.items() if keep(k)}) for u, v, d in graph.edges(data=True))
    return out
