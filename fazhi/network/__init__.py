"""Network views of the report graph and their exports (issue 6): ``fazhi network GRAPH --view VIEW -o OUT``.

Views (see :data:`VIEWS`):

- ``agency-document``: agencies ↔ the documents their reports cite; weight = reports of the agency citing it.
- ``co-citation``: documents ↔ documents; weight = reports citing both.
- ``agency-reform``: agencies ↔ named reforms (``fz:Measure`` items with ``fz:reform``); weight = reports.
- ``region``: regions of one level (省级, 地级 or 县级; publishers rolled up along ``fz:partOf*``)
  ↔ documents; weight = reports from the region and its sub-regions.

Node attributes: ``label kind level region years reports degree weighted_degree centrality
community`` (``centrality`` is weighted degree centrality, see :mod:`fazhi.network.attributes`);
edge attributes: ``weight years``. Node ids are the IRI's path under the instance base
(``doc/3a92…``, ``agency/500155-…``, ``region/500000``); the IRI itself is the ``iri``
attribute of JSON and HTML outputs only. Formats by suffix: :mod:`fazhi.network.export`.

>>> from fazhi.network import VIEWS, write_network
>>> list(VIEWS)
['agency-document', 'co-citation', 'agency-reform', 'region']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi.network.attributes import DEFAULT_MAX_NODES, add_attributes, cap
from fazhi.network.export import export, output_format
from fazhi.network.project import (
    DEFAULT_REGION_LEVEL,
    DEFAULT_VIEW,
    REGION_LEVELS,
    VIEWS,
    NetworkError,
    check_region_level,
    collect_evidence,
    project,
    view_named,
)

if TYPE_CHECKING:
    from fazhi.graph.store import Store

__all__ = [
    "DEFAULT_MAX_NODES",
    "DEFAULT_REGION_LEVEL",
    "DEFAULT_VIEW",
    "REGION_LEVELS",
    "VIEWS",
    "NetworkError",
    "NetworkResult",
    "add_attributes",
    "cap",
    "export",
    "network_page",
    "project",
    "write_network",
]

_EMPTY_HINTS = {
    "agency-document": "no report has both a publisher and a cited document; rebuild it with fazhi build from report pages",
    "co-citation": "no report cites two documents; rebuild it with fazhi build from more reports",
    "agency-reform": "no measure names a reform (fz:Measure with fz:reform); rebuild it with a fazhi that extracts reforms, "
    "or choose --view agency-document",
    "region": "no publisher lies in a region of that level; try another --region-level or --view agency-document",
}


@dataclass(frozen=True)
class NetworkResult:
    """What :func:`write_network` wrote: the files, the view, and the size of the network."""

    files: list[Path]
    view: str
    nodes: int
    edges: int
    shown: int

    def summary(self) -> str:
        files = " ".join(str(f) for f in self.files)
        capped = f", {self.shown:,} drawn" if self.shown < self.nodes else ""
        return f"Wrote {files}: {self.view} view, {self.nodes:,} nodes{capped}, {self.edges:,} edges"


def write_network(
    graph_file: str | Path | None,
    output: str | Path,
    *,
    view: str = DEFAULT_VIEW,
    region_level: str = DEFAULT_REGION_LEVEL,
    max_nodes: int = DEFAULT_MAX_NODES,
    store_dir: str | Path | None = None,
) -> NetworkResult:
    """Read ``graph_file`` (or the store in ``store_dir``), project ``view``, add the network measures
    and write ``output`` by its suffix.

    Everything that can be checked before reading the graph is checked first: the view, the
    level, the output format. A view without edges is an error that names the file.
    """
    from fazhi.graph.store import open_graph

    view_named(view)
    check_region_level(region_level)
    fmt = output_format(output)
    if max_nodes < 1:
        raise NetworkError(f"--max-nodes {max_nodes}: give a number of at least 1")
    ds = open_graph(graph_file, store=store_dir)
    graph = project(ds, view, region_level=region_level)
    if graph.number_of_edges() == 0:
        level = f" at {region_level}" if view == "region" else ""
        raise NetworkError(f"{graph_file or store_dir}: the {view} view{level} has no edges: {_EMPTY_HINTS[view]}")
    add_attributes(graph)
    title = f"fazhi · {view}{' · ' + region_level if view == 'region' else ''} · {Path(graph_file or store_dir or '').name}"
    # Evidence is read for the nodes the page shows only.
    evidence = collect_evidence(ds, cap(graph, max_nodes)) if fmt == "html" else None
    files = export(graph, output, max_nodes=max_nodes, evidence=evidence, title=title)
    shown = min(graph.number_of_nodes(), max_nodes) if fmt in ("html", "png", "svg") else graph.number_of_nodes()
    return NetworkResult(files=files, view=view, nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), shown=shown)


def network_page(store: Store, *, view: str = DEFAULT_VIEW, region_level: str = DEFAULT_REGION_LEVEL, title: str = "") -> str:
    """The interactive page of ``view`` over an open store, as text (what ``fazhi serve`` shows at ``/network``)."""
    from fazhi.network.html import page_data, render_page

    view_named(view)
    check_region_level(region_level)
    graph = project(store, view, region_level=region_level)
    if graph.number_of_edges() == 0:
        raise NetworkError(f"the {view} view has no edges: {_EMPTY_HINTS[view]}")
    add_attributes(graph)
    shown = cap(graph, DEFAULT_MAX_NODES)
    return render_page(page_data(shown, evidence=collect_evidence(store, shown), title=title or f"fazhi · {view}"))
