"""One self-contained HTML page for a network: vis-network inlined, the data as JSON, no network access.

The vis-network library ships with fazhi (``vendor/``: vis-network 9.1.2, Apache-2.0 or MIT) and
is inlined at export time. The page (``page.html``, ``page.css``, ``page.js`` beside this module) offers
a search box, filters by level, region and year, and an evidence panel: clicking a node or
an edge lists the sentences behind it with report title, agency, year and a link to the source.

>>> json_for_script({"t": "</script><!--"})
'{"t": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fazhi.errors import FazhiError
from fazhi.graph.io import atomic_output
from fazhi.network.attributes import DEFAULT_MAX_NODES, cap, cap_note, community_layout, public

if TYPE_CHECKING:
    import networkx as nx

    from fazhi.network.project import Evidence

#: Pages with more nodes than this are drawn at positions computed here, with physics off.
STATIC_LAYOUT_ABOVE = 500
#: Sentences listed per node or edge in the evidence panel (the total is shown too).
EVIDENCE_PER_ELEMENT = 30


#: The vendored vis-network build (see ``vendor/README.md`` for its source and licence).
VIS_NETWORK_VERSION = "9.1.2"


@cache
def vis_network_js() -> tuple[str, str]:
    """The vendored ``vis-network.min.js``, ready to inline in a script element, and its version."""
    code = (resources.files("fazhi.network") / "vendor" / "vis-network.min.js").read_text("utf-8")
    # In a script element only "</script" ends it and "<!--" changes how it is parsed; the build
    # holds neither raw "<!--" (a test checks) and the first is escaped here.
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE), VIS_NETWORK_VERSION


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` appear raw."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    return (resources.files("fazhi.network") / name).read_text("utf-8")


def page_data(graph: nx.Graph, *, evidence: Evidence | None = None, title: str = "") -> dict[str, Any]:
    """What the page's script reads: nodes, edges, evidence, the cap note and the layout mode."""
    flat = public(graph, iri=True)
    static = flat.number_of_nodes() > STATIC_LAYOUT_ABOVE
    positions = community_layout(flat) if static else {}
    nodes = []
    for node, attrs in flat.nodes(data=True):
        item = {"id": str(node), **attrs}
        item.setdefault("label", str(node))
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    edges = [
        {"id": f"e{i}", "source": str(u), "target": str(v), "weight": d.get("weight", 1), "years": d.get("years", "")}
        for i, (u, v, d) in enumerate(flat.edges(data=True))
    ]
    data: dict[str, Any] = {
        "title": title or f"fazhi · {graph.graph.get('view', 'network')}",
        "view": graph.graph.get("view", ""),
        "note": cap_note(graph),
        "layout": "static" if static else "physics",
        "nodes": nodes,
        "edges": edges,
    }
    data.update(_evidence_data(graph, edges, evidence))
    return data


def _evidence_data(graph: nx.Graph, edges: list[dict[str, Any]], evidence: Evidence | None) -> dict[str, Any]:
    """Reports and sentences once each, and for every node and edge the indices of its sentences.

    A node or edge's evidence is the sentences that name one of its items (itself if it is a
    document or reform, else its neighbouring ones) in one of the reports behind it.
    """
    from fazhi.network.project import ITEM_KINDS

    out: dict[str, Any] = {"reports": [], "sentences": [], "evidence": {"nodes": {}, "edges": {}}}
    if evidence is None:
        return out
    report_index: dict[str, int] = {}
    sentence_index: dict[tuple[str, str, str], int] = {}

    def sentence_ids(items: list[str], reports: frozenset[str]) -> list[Any]:
        chosen = []
        seen: set[tuple[str, str]] = set()
        for item in items:
            for s in evidence.by_item.get(item, []):
                if s.report in reports and (s.report, s.text) not in seen:
                    seen.add((s.report, s.text))
                    chosen.append(s)
        chosen.sort(key=lambda s: (evidence.reports.get(s.report, {}).get("year", ""), s.report, s.start))
        ids = []
        for s in chosen[:EVIDENCE_PER_ELEMENT]:
            if s.report not in report_index:
                report_index[s.report] = len(out["reports"])
                out["reports"].append(evidence.reports.get(s.report, {"title": "", "agency": "", "year": "", "source": s.report}))
            key = (s.report, s.text, s.exact)
            if key not in sentence_index:
                sentence_index[key] = len(out["sentences"])
                out["sentences"].append([report_index[s.report], s.text, s.exact])
            ids.append(sentence_index[key])
        return [len(chosen), ids]

    def items_of(node: object) -> list[str]:
        attrs = graph.nodes[node]
        if attrs.get("kind") in ITEM_KINDS:
            return [attrs.get("iri", "")]
        return [graph.nodes[m].get("iri", "") for m in sorted(graph[node], key=str) if graph.nodes[m].get("kind") in ITEM_KINDS]

    for node, attrs in graph.nodes(data=True):
        out["evidence"]["nodes"][str(node)] = sentence_ids(items_of(node), attrs.get("_reports", frozenset()))
    for edge in edges:
        u, v = edge["source"], edge["target"]
        items = [graph.nodes[n].get("iri", "") for n in (u, v) if graph.nodes[n].get("kind") in ITEM_KINDS]
        out["evidence"]["edges"][edge["id"]] = sentence_ids(items, graph.edges[u, v].get("_reports", frozenset()))
    return out


def render_page(data: dict[str, Any]) -> str:
    """The page as text: template, styles, vis-network, data and script put together."""
    from html import escape

    library, version = vis_network_js()
    parts = {
        "title": escape(data.get("title", "fazhi network")),
        "css": _asset("page.css"),
        "library": f"/* vis-network {version}, vendored in fazhi/network/vendor; Apache-2.0 or MIT */\n{library}",
        "data": json_for_script(data),
        "app": _asset("page.js"),
    }
    return fill_template(_asset("page.html"), parts, "fazhi/network/page.html")


def fill_template(template: str, parts: dict[str, str], where: str) -> str:
    """``template`` with each ``<!--fazhi:NAME-->`` marker replaced by ``parts[NAME]``; every part
    must have its one marker (a :class:`FazhiError` naming ``where`` otherwise).

    >>> fill_template("<b><!--fazhi:x--></b>", {"x": "<!--fazhi:x-->"}, "t.html")
    '<b><!--fazhi:x--></b>'
    """
    # Split on the markers instead of str.replace so that no inserted text is searched again.
    pieces = re.split(r"<!--fazhi:(\w+)-->", template)
    if sorted(pieces[1::2]) != sorted(parts):
        raise FazhiError(f"{where}: the page template lost a marker; reinstall fazhi")
    return "".join(parts[p] if i % 2 else p for i, p in enumerate(pieces))


def write_html(
    graph: nx.Graph, path: str | Path, *, max_nodes: int = DEFAULT_MAX_NODES, evidence: Evidence | None = None, title: str = ""
) -> None:
    """Write the page for ``graph`` (capped at ``max_nodes`` nodes) to ``path``, atomically."""
    page = render_page(page_data(cap(graph, max_nodes), evidence=evidence, title=title))
    with atomic_output(path) as handle:
        handle.write(page.encode("utf-8"))
