"""Write a network in the format of the output's suffix; every file is written atomically.

=========== ==========================================================================
suffix      what is written
=========== ==========================================================================
``.graphml`` GraphML (Gephi, Cytoscape, yEd); attributes are strings, ints and floats
``.gexf``    GEXF 1.2 (Gephi); the same attributes
``.csv``     two files beside each other: ``NAME-nodes.csv`` and ``NAME-edges.csv``
``.json``    networkx node-link JSON (``nodes``, ``edges``), with each node's ``iri``
``.png``     a static drawing (matplotlib, Chinese labels in a CJK font)
``.svg``     the same drawing as SVG
``.html``    one self-contained page (vis-network inlined): search, filters, evidence
=========== ==========================================================================

GraphML, GEXF, CSV and JSON hold the whole network; the drawings (PNG, SVG, HTML) keep the
``max_nodes`` nodes of highest weighted degree.

>>> csv_paths("out/net.csv")
(PosixPath('out/net-nodes.csv'), PosixPath('out/net-edges.csv'))
>>> output_format("net.GraphML")
'graphml'
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi.errors import OutputError
from fazhi.graph.io import atomic_output
from fazhi.network.attributes import DEFAULT_MAX_NODES, public

if TYPE_CHECKING:
    import networkx as nx

    from fazhi.network.project import Evidence

FORMATS = ("graphml", "gexf", "csv", "json", "png", "svg", "html")
NODE_COLUMNS = ("label", "kind", "level", "region", "years", "reports", "degree", "weighted_degree", "centrality", "community")
EDGE_COLUMNS = ("weight", "years")


def output_format(path: str | Path) -> str:
    """The format of an output file, from its suffix; an :class:`OutputError` naming the file otherwise."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        known = " ".join(f".{f}" for f in FORMATS)
        raise OutputError(f"{path}: unknown network format {'.' + suffix if suffix else '(no suffix)'!r}; use one of {known}")
    if Path(path).is_dir():
        raise OutputError(f"{path}: is a folder; give a file name such as network.html")
    return suffix


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """The node and edge files that ``NAME.csv`` stands for."""
    p = Path(path)
    return p.with_name(f"{p.stem}-nodes.csv"), p.with_name(f"{p.stem}-edges.csv")


def export(
    graph: nx.Graph, path: str | Path, *, max_nodes: int = DEFAULT_MAX_NODES, evidence: Evidence | None = None, title: str = ""
) -> list[Path]:
    """Write ``graph`` (with attributes, see :func:`add_attributes`) to ``path``; returns the files written."""
    fmt = output_format(path)
    if fmt == "csv":
        return write_csv(graph, path)
    if fmt in ("png", "svg"):
        from fazhi.network.draw import draw

        draw(graph, path, max_nodes=max_nodes, title=title)
    elif fmt == "html":
        from fazhi.network.html import write_html

        write_html(graph, path, max_nodes=max_nodes, evidence=evidence, title=title)
    else:
        {"graphml": write_graphml, "gexf": write_gexf, "json": write_json}[fmt](graph, path)
    return [Path(path)]


def write_graphml(graph: nx.Graph, path: str | Path) -> None:
    import networkx as nx

    with atomic_output(path) as handle:
        nx.write_graphml(public(graph), handle, encoding="utf-8", prettyprint=True)


def write_gexf(graph: nx.Graph, path: str | Path) -> None:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(public(graph), buffer, encoding="utf-8", prettyprint=True)
    # networkx stamps today's date into <meta>; drop it so the same graph writes the same file.
    data = re.sub(rb' lastmodifieddate="[^"]*"', b"", buffer.getvalue(), count=1)
    with atomic_output(path) as handle:
        handle.write(data)


def write_json(graph: nx.Graph, path: str | Path) -> None:
    import networkx as nx

    data = nx.node_link_data(public(graph, iri=True), edges="edges")
    with atomic_output(path) as handle:
        handle.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")


def write_csv(graph: nx.Graph, path: str | Path) -> list[Path]:
    """``NAME-nodes.csv`` (id and node attributes) and ``NAME-edges.csv`` (source, target, weight, years), UTF-8."""
    nodes_path, edges_path = csv_paths(path)
    flat = public(graph)
    node_columns = [c for c in NODE_COLUMNS if any(c in d for _, d in flat.nodes(data=True))]
    node_columns += sorted({k for _, d in flat.nodes(data=True) for k in d} - set(node_columns))
    edge_columns = [c for c in EDGE_COLUMNS if any(c in d for *_, d in flat.edges(data=True))]
    edge_columns += sorted({k for *_, d in flat.edges(data=True) for k in d} - set(edge_columns))
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["id", *node_columns])
    writer.writerows([n, *(d.get(c, "") for c in node_columns)] for n, d in flat.nodes(data=True))
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(["source", "target", *edge_columns])
    writer.writerows([u, v, *(d.get(c, "") for c in edge_columns)] for u, v, d in flat.edges(data=True))
    # Both files are renamed into place only when both were written.
    with atomic_output(nodes_path) as node_handle, atomic_output(edges_path) as edge_handle:
        node_handle.write(nodes.getvalue().encode("utf-8"))
        edge_handle.write(edges.getvalue().encode("utf-8"))
    return [nodes_path, edges_path]
