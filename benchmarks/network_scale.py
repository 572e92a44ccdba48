"""How the network views scale: a synthetic agency-document network of 50,000 nodes and 200,000 edges.

The network is generated directly as a networkx graph with the attributes a projection
gives (label, kind, level, region, years, reports; weight and years on edges), not as RDF:
the SPARQL projection of a graph that size in rdflib would be measured in minutes and is
what fazhi's store work (Oxigraph) is for. Citations follow a Zipf-like law over documents,
as real reports cite the constitution and a few laws far more than anything else. The
projection of the packaged sample graph (RDF → SPARQL → networkx) is timed for reference.

Prints seconds for: the network measures (weighted degree centrality, Louvain), export to
GraphML, GEXF, JSON and HTML (capped at --max-nodes), the HTML file size, and the time until
the page reports itself drawn in headless Chromium (when /usr/bin/chromium and playwright
are there). Each is also a ratio of a baseline measured in the same run: ``json.dumps`` of
the node-link data of the whole network. No assertions: these are figures to read.

    python benchmarks/network_scale.py [--nodes 50000] [--edges 200000] [--max-nodes 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fazhi.network import add_attributes, export
from fazhi.network.attributes import cap
from fazhi.network.html import page_data
from tests.browser import ARGS, CHROMIUM  # the same headless Chromium as the browser tests

LEVELS = ["宪法", "法律", "行政法规", "部门规章", "地方性法规", "地方政府规章", "党内法规", "政策文件"]
REGION_LEVELS = ["省级", "地级", "县级"]
AGENCY_TYPES = ["人民政府", "司法局", "科学技术局", "教育局", "公安局", "市场监督管理局", "生态环境局", "民政局"]


def synthetic(nodes: int, edges: int, seed: int = 7) -> nx.Graph:
    """An agency ↔ document network: a fifth of the nodes agencies, the rest documents, each cited, most Zipf-like."""
    rng = random.Random(seed)
    agencies = nodes // 5
    documents = nodes - agencies
    graph = nx.Graph(view="agency-document")
    years = [str(y) for y in range(2016, 2026)]
    for i in range(agencies):
        graph.add_node(
            f"agency/{i:06d}",
            label=f"第{i}区{AGENCY_TYPES[i % len(AGENCY_TYPES)]}",
            kind="agency",
            level=REGION_LEVELS[i % 3],
            region=f"第{i // 30}区",
            iri=f"https://w3id.org/fazhi/id/agency/{i:06d}",
        )
    for j in range(documents):
        graph.add_node(
            f"doc/{j:06d}",
            label=f"关于第{j}项工作的规定",
            kind="document",
            level=LEVELS[j % len(LEVELS)],
            region="",
            iri=f"https://w3id.org/fazhi/id/doc/{j:06d}",
        )
    weights = [1.0 / (j + 1) ** 0.9 for j in range(documents)]
    targets = iter(rng.choices(range(documents), weights=weights, k=edges * 3))
    made = 0  # not graph.number_of_edges(), which counts them all on every call
    # A projection has no isolated node: every document is cited once, then citations follow the Zipf law.
    pairs = ((rng.randrange(agencies), j) for j in range(documents))
    while made < edges:
        a_index, d_index = next(pairs, None) or (rng.randrange(agencies), next(targets))
        a, d = f"agency/{a_index:06d}", f"doc/{d_index:06d}"
        if not graph.has_edge(a, d):
            cited = sorted(rng.sample(years, rng.randint(1, 3)))
            graph.add_edge(a, d, weight=len(cited), years=",".join(cited))
            made += 1
    for node, attrs in graph.nodes(data=True):
        edge_years = {y for *_, ys in graph.edges(node, data="years") for y in ys.split(",")}
        attrs["years"] = ",".join(sorted(edge_years))
        attrs["reports"] = len(edge_years)
    return graph


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def page_load(path: Path) -> float | None:
    """Seconds from navigation until the page sets ``window.fazhi.ready`` (drawn, or stabilised)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("window.fazhi && window.fazhi.ready === true", timeout=300_000)
            return time.perf_counter() - start
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--edges", type=int, default=200_000)
    parser.add_argument("--max-nodes", type=int, default=2000)
    args = parser.parse_args()

    seconds, graph = timed(lambda: synthetic(args.nodes, args.edges))
    print(
        f"synthetic network: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges ({seconds:.1f} s to generate)"
    )
    rows: list[tuple[str, float]] = []

    seconds, measured = timed(lambda: add_attributes(graph))
    communities = len({c for _, c in measured.nodes(data="community")})
    rows.append(("measures (centrality + louvain)", seconds))
    data = nx.node_link_data(graph, edges="edges")
    base, _ = timed(lambda: json.dumps(data, ensure_ascii=False))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for suffix in ("graphml", "gexf", "json"):
            seconds, _ = timed(lambda s=suffix: export(graph, out / f"net.{s}"))
            rows.append((f"export .{suffix} ({(out / f'net.{suffix}').stat().st_size / 1e6:.1f} MB)", seconds))
        seconds, _ = timed(lambda: export(graph, out / "net.html", max_nodes=args.max_nodes))
        size = (out / "net.html").stat().st_size
        rows.append((f"export .html, cap {args.max_nodes:,} nodes ({size / 1e6:.2f} MB)", seconds))
        shown = page_data(cap(graph, args.max_nodes))
        load = page_load(out / "net.html")
        if load is not None:
            rows.append((f"page load to drawn, {len(shown['nodes']):,} nodes {len(shown['edges']):,} edges", load))

    from fazhi.batch import build_dataset, sample_inputs
    from fazhi.network import project

    dataset = build_dataset(sample_inputs()).dataset
    seconds, small = timed(lambda: project(dataset, "agency-document"))
    rows.append((f"sample RDF → projection ({small.number_of_nodes()} nodes; SPARQL in rdflib)", seconds))

    isolated = sum(1 for _, d in graph.degree() if d == 0)
    print(
        f"communities: {communities:,}; isolated nodes: {isolated:,}; page note: {shown['note'] or '(none)'}; layout: {shown['layout']}"
    )
    print(f"{'baseline: json.dumps of node-link data':<58} {base:8.2f} s   1.00x")
    for name, seconds in rows:
        print(f"{name:<58} {seconds:8.2f} s {seconds / base:6.2f}x")
    if load is None:
        print("page load: skipped (no /usr/bin/chromium or no playwright; run .ci/browser)")


if __name__ == "__main__":
    main()
