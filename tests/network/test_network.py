"""Network views as a user meets them: each view's nodes and edges, the exports by suffix, and bad input."""

from __future__ import annotations

import csv
import json
import re
import warnings
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery

from fazhi.cli import main
from fazhi.graph.io import read_dataset
from fazhi.network import VIEWS, add_attributes, cap, export, project, write_network
from fazhi.network.html import page_data, render_page, vis_network_js
from fazhi.network.project import collect_evidence, load_query, query_names

NODE_ATTRIBUTES = {
    "label": str,
    "kind": str,
    "level": str,
    "region": str,
    "years": str,
    "reports": int,
    "degree": int,
    "weighted_degree": int,
    "centrality": float,
    "community": int,
}
FORMATS = ["graphml", "gexf", "csv", "json", "png", "svg", "html"]

# A tiny graph of two reports whose measures name reforms, as the measure extractor writes them
# (fz:text on the item; fz:sentence is read too), and a graph whose one report cites nothing.
REFORM_GRAPH = """
@prefix fz: <https://w3id.org/fazhi/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/fazhi/id/> .

id:graph-a {
  id:report-a a fz:Report ; dcterms:title "某区司法局2022年法治政府建设情况报告"@zh ; fz:year "2022"^^xsd:gYear ;
      dcterms:source <https://example.gov.cn/a.html> ; dcterms:publisher id:agency-1 ;
      fz:text "深化“最多跑一次”改革，办事更便捷。全面推行法律顾问制度。" .
  id:agency-1 a fz:Agency ; skos:prefLabel "某区司法局"@zh ; fz:region id:region-1 .
  id:region-1 a fz:Region ; skos:prefLabel "某区"@zh ; fz:level "县级" .
  id:m1 a fz:Measure ; dcterms:isPartOf id:report-a ; fz:reform id:reform-1 ; fz:start 0 ; fz:end 18 .
  id:m2 a fz:Measure ; dcterms:isPartOf id:report-a ; fz:reform id:reform-2 ; fz:start 18 ; fz:end 29 .
  id:reform-1 a skos:Concept ; skos:prefLabel "“最多跑一次”改革"@zh, "Run at most once"@en ; skos:altLabel "最多跑一次"@zh .
  id:reform-2 a skos:Concept ; skos:prefLabel "法律顾问制度"@zh .
}
id:graph-b {
  id:report-b a fz:Report ; dcterms:title "某区司法局2023年法治政府建设情况报告"@zh ; fz:year "2023"^^xsd:gYear ;
      dcterms:source <https://example.gov.cn/b.html> ; dcterms:publisher id:agency-1 ; fz:text "继续推进“最多跑一次”。" .
  id:m3 a fz:Measure ; dcterms:isPartOf id:report-b ; fz:reform id:reform-1 ; fz:start 0 ; fz:end 12 .
}
"""
BARE_GRAPH = """
@prefix fz: <https://w3id.org/fazhi/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/fazhi/id/graph/g> {
  <https://w3id.org/fazhi/id/report/r> a fz:Report ; dcterms:title "一份没有引用的报告"@zh ;
      dcterms:publisher <https://w3id.org/fazhi/id/agency/a> .
  <https://w3id.org/fazhi/id/agency/a> a fz:Agency ; skos:prefLabel "某局"@zh .
}
"""


@pytest.fixture(scope="module")
def sample_ds(sample_graph):
    return read_dataset(sample_graph)


@pytest.fixture(scope="module")
def views(sample_ds):
    """Each view of the sample graph (region at 省级), with its measures."""
    return {name: add_attributes(project(sample_ds, name)) for name in ("agency-document", "co-citation", "region")}


@pytest.fixture(scope="module")
def bare_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("bare") / "bare.trig"
    path.write_text(BARE_GRAPH, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reform_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("reform") / "reforms.trig"
    path.write_text(REFORM_GRAPH, encoding="utf-8")
    return path


def by_label(graph: nx.Graph) -> dict[str, str]:
    return {d["label"]: n for n, d in graph.nodes(data=True)}


def edge(graph: nx.Graph, a: str, b: str) -> dict:
    labels = by_label(graph)
    assert a in labels and b in labels, (a, b)
    assert graph.has_edge(labels[a], labels[b]), f"no edge {a} — {b}"
    return graph.edges[labels[a], labels[b]]


# ---------------------------------------------------------------- views


@pytest.mark.parametrize(
    ("view", "kinds", "left", "right", "weight", "years"),
    [
        ("agency-document", {"agency", "document"}, "湖南省人民政府", "中华人民共和国宪法", 1, "2020"),
        ("agency-document", {"agency", "document"}, "重庆市梁平区科学技术局", "中华人民共和国民法典", 1, "2020"),
        ("co-citation", {"document"}, "中华人民共和国宪法", "中华人民共和国民法典", 4, "2020,2021,2022,2024"),
        ("region", {"region", "document"}, "湖南省", "中华人民共和国宪法", 1, "2020"),
        # 梁平区's two 2020 reports both cite the law; the province counts its districts' reports.
        ("region", {"region", "document"}, "重庆市", "中华人民共和国科学技术进步法", 2, "2020"),
    ],
)
def test_each_view_has_its_node_kinds_and_a_known_edge(views, view, kinds, left, right, weight, years):
    graph = views[view]
    assert {d["kind"] for _, d in graph.nodes(data=True)} == kinds
    found = edge(graph, left, right)
    # At least these reports (better extraction may find more), and the weight counts the reports behind the edge.
    assert found["weight"] >= weight and set(years.split(",")) <= set(found["years"].split(","))
    assert len(found["_reports"]) == found["weight"]


@pytest.mark.parametrize("view", ["agency-document", "co-citation", "region"])
def test_weights_are_positive_ints_and_nodes_carry_every_attribute(views, view):
    graph = views[view]
    assert graph.number_of_edges() > 0
    assert all(isinstance(w, int) and w > 0 for *_, w in graph.edges(data="weight"))
    for node, attrs in graph.nodes(data=True):
        assert "://" not in node and len(node) < 60
        for name, kind in NODE_ATTRIBUTES.items():
            assert type(attrs[name]) is kind, (node, name, attrs[name])
        assert re.fullmatch(r"(\d{4}(,\d{4})*)?", attrs["years"])
        assert attrs["reports"] >= 1 and 0 < attrs["centrality"] <= 1
    assert max(d["centrality"] for _, d in graph.nodes(data=True)) == 1.0


def test_documents_carry_their_level_and_agencies_their_region(views):
    graph = views["agency-document"]
    constitution = graph.nodes[by_label(graph)["中华人民共和国宪法"]]
    assert constitution["level"] == "宪法" and constitution["kind"] == "document"
    assert graph.nodes[by_label(graph)["中华人民共和国民法典"]]["level"] == "法律"
    agency = graph.nodes[by_label(graph)["重庆市梁平区科学技术局"]]
    assert agency["region"] == "梁平区" and agency["level"] == "县级" and agency["years"] == "2020"
    assert agency["iri"].startswith("https://w3id.org/fazhi/id/agency/")


@pytest.mark.parametrize(("level", "region", "absent"), [("地级", "枣庄市", "湖南省"), ("县级", "梁平区", "重庆市")])
def test_region_view_rolls_up_to_the_chosen_level(sample_ds, level, region, absent):
    graph = project(sample_ds, "region", region_level=level)
    regions = {d["label"]: d for _, d in graph.nodes(data=True) if d["kind"] == "region"}
    assert region in regions and absent not in regions
    assert {d["level"] for d in regions.values()} == {level}
    assert graph.graph["region_level"] == level


def test_agency_reform_view_on_a_graph_with_measures(reform_graph):
    graph = add_attributes(project(read_dataset(reform_graph), "agency-reform"))
    assert {d["kind"] for _, d in graph.nodes(data=True)} == {"agency", "reform"}
    assert edge(graph, "某区司法局", "“最多跑一次”改革")["weight"] == 2
    assert edge(graph, "某区司法局", "法律顾问制度")["weight"] == 1
    assert graph.nodes["reform-1"]["years"] == "2022,2023"
    assert graph.nodes["agency-1"]["region"] == "某区"


def test_agency_reform_page_shows_the_measure_sentences(reform_graph, tmp_path):
    out = tmp_path / "reforms.html"
    write_network(reform_graph, out, view="agency-reform")
    data = page_json(out.read_text("utf-8"))
    shown = [data["sentences"][i][1:] for i in data["evidence"]["nodes"]["reform-1"][1]]
    # The reform's longest name found in the text is what the page highlights.
    assert shown == [["深化“最多跑一次”改革，办事更便捷。", "“最多跑一次”改革"], ["继续推进“最多跑一次”。", "最多跑一次"]]
    assert data["reports"][0]["source"] == "https://example.gov.cn/a.html"


def test_communities_and_files_are_the_same_in_every_run(sample_ds, views, tmp_path):
    again = add_attributes(project(sample_ds, "agency-document"))
    assert dict(again.nodes(data="community")) == dict(views["agency-document"].nodes(data="community"))
    for suffix in ("gexf", "graphml", "html", "svg"):
        export(views["agency-document"], tmp_path / f"a.{suffix}")
        export(again, tmp_path / f"b.{suffix}")
        assert (tmp_path / f"a.{suffix}").read_bytes() == (tmp_path / f"b.{suffix}").read_bytes(), suffix


def test_every_network_query_parses_and_runs(sample_ds):
    from fazhi.queries import run

    names = query_names()
    assert {*VIEWS, "agencies", "documents", "regions", "reforms", "reports", "citations", "measures"} <= set(names)
    for name in names:
        query = load_query(name)
        prepareQuery(query.text)
        assert query.description and not query.description.startswith("PREFIX")
        run(sample_ds, query, {"level": "省级"} if query.params else {})


# ---------------------------------------------------------------- exports


@pytest.fixture(scope="module")
def written(views, sample_ds, tmp_path_factory):
    """The agency-document view written in every format."""
    folder = tmp_path_factory.mktemp("exports")
    graph = views["agency-document"]
    evidence = collect_evidence(sample_ds, graph)
    return {fmt: export(graph, folder / f"net.{fmt}", evidence=evidence) for fmt in FORMATS}


def test_graphml_reads_back_with_scalar_attributes(written, views):
    path = written["graphml"][0]
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == views["agency-document"].number_of_nodes()
    for _, attrs in back.nodes(data=True):
        assert set(attrs) == set(NODE_ATTRIBUTES)
        assert all(type(v) in (str, int, float) and not str(v).startswith("http") for v in attrs.values())
    assert all(type(w) is int for *_, w in back.edges(data="weight"))
    keys = ET.parse(path).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    assert {k.get("attr.type") for k in keys} <= {"string", "int", "long", "double"}


def test_gexf_reads_back_with_scalar_attributes(written, views):
    path = written["gexf"][0]
    back = nx.read_gexf(path)
    assert back.number_of_edges() == views["agency-document"].number_of_edges()
    民法典 = next(attrs for _, attrs in back.nodes(data=True) if attrs["label"] == "中华人民共和国民法典")
    assert 民法典["kind"] == "document" and 民法典["level"] == "法律" and isinstance(民法典["reports"], int)
    ns = "{http://www.gexf.net/1.2draft}"
    root = ET.parse(path).getroot()
    assert {a.get("type") for a in root.iter(f"{ns}attribute")} <= {"string", "integer", "long", "double", "float"}
    assert root.find(f"{ns}meta").get("lastmodifieddate") is None  # no date: the same graph writes the same file


def test_csv_writes_a_node_file_and_an_edge_file(written, views):
    nodes_path, edges_path = written["csv"]
    assert (nodes_path.name, edges_path.name) == ("net-nodes.csv", "net-edges.csv")
    nodes = list(csv.DictReader(nodes_path.read_text("utf-8").splitlines()))
    edges = list(csv.DictReader(edges_path.read_text("utf-8").splitlines()))
    assert list(nodes[0]) == ["id", *NODE_ATTRIBUTES]
    assert list(edges[0]) == ["source", "target", "weight", "years"]
    assert len(nodes) == views["agency-document"].number_of_nodes() and len(edges) == views["agency-document"].number_of_edges()
    assert {e["source"] for e in edges} | {e["target"] for e in edges} <= {n["id"] for n in nodes}


def test_json_is_node_link_data_with_iris(written):
    data = json.loads(written["json"][0].read_text("utf-8"))
    graph = nx.node_link_graph(data, edges="edges")
    assert graph.graph["view"] == "agency-document"
    assert all(d["iri"].startswith("https://w3id.org/fazhi/id/") for _, d in graph.nodes(data=True))
    assert not any(k.startswith("_") for _, d in graph.nodes(data=True) for k in d)


def test_png_and_svg_are_pictures(written):
    assert written["png"][0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = written["svg"][0].read_text("utf-8")
    assert "<svg" in svg and "<dc:date>" not in svg


def test_chinese_labels_are_drawn_with_a_cjk_font(tmp_path):
    """matplotlib warns 'Glyph … missing from font' for every character its font lacks."""
    graph = nx.Graph(view="agency-document")
    graph.add_edge("a", "d", weight=2, years="2021")
    graph.nodes["a"].update(label="重庆市梁平区科学技术局", kind="agency")
    graph.nodes["d"].update(label="中华人民共和国民法典（2020年）", kind="document")
    add_attributes(graph)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export(graph, tmp_path / "cjk.png")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    # The check can fail: the same text in matplotlib's default font warns.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure()
    FigureCanvasAgg(fig)
    fig.text(0.1, 0.5, "中华人民共和国民法典", family="DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(tmp_path / "tofu.png")
    assert any("missing from font" in str(w.message) for w in caught)


def test_a_drawing_without_matplotlib_says_how_to_get_it(tmp_path, monkeypatch):
    import importlib.util

    from fazhi.errors import FazhiError

    graph = nx.Graph(view="agency-document")
    graph.add_edge("a", "d", weight=1, years="2021")
    graph.nodes["a"].update(label="甲", kind="agency")
    graph.nodes["d"].update(label="乙", kind="document")
    add_attributes(graph)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    with pytest.raises(FazhiError, match=r'pip install "fazhi\[draw\]"'):
        export(graph, tmp_path / "net.png")
    assert not (tmp_path / "net.png").exists()


def page_json(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="fazhi-data">(.*?)</script>', page, re.DOTALL)
    assert m, "no data script in the page"
    return json.loads(m.group(1))


def test_the_vendored_vis_network_inlines_safely():
    """Inside a script element only "</script" ends it and "<!--" changes how it is parsed."""
    library, version = vis_network_js()
    assert version == "9.1.2" and "vis-network" in library[:200]
    assert "<!--" not in library and not re.search(r"</script", library, re.IGNORECASE)


def test_html_is_one_self_contained_page(written, views):
    page = written["html"][0].read_text("utf-8")
    library, version = vis_network_js()
    assert library[:2000] in page and "canvasToDOM" in page and version.startswith("9.")
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']https?://", page, re.IGNORECASE)
    data = page_json(page)
    assert len(data["nodes"]) == views["agency-document"].number_of_nodes() and data["note"] == ""
    民法典 = next(n for n in data["nodes"] if n["label"] == "中华人民共和国民法典")
    assert 民法典["iri"].startswith("https://w3id.org/fazhi/id/doc/")
    total, sentences = data["evidence"]["nodes"][民法典["id"]]
    assert total == len(sentences) >= 4
    titles = {data["reports"][data["sentences"][i][0]]["title"] for i in sentences}
    assert "湖南省人民政府关于2020年度法治政府建设情况的报告" in titles


def test_edge_evidence_is_the_sentences_of_that_agency_citing_that_document(views, sample_ds):
    graph = views["agency-document"]
    data = page_data(graph, evidence=collect_evidence(sample_ds, graph))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    e = next(
        e
        for e in data["edges"]
        if (labels[e["source"]], labels[e["target"]]) == ("重庆市梁平区科学技术局", "中华人民共和国民法典")
    )
    total, ids = data["evidence"]["edges"][e["id"]]
    assert total == 1
    report_index, sentence, exact = data["sentences"][ids[0]]
    assert exact in sentence and "民法典" in exact
    report = data["reports"][report_index]
    assert report["agency"] == "重庆市梁平区科学技术局" and report["year"] == "2020"
    assert report["source"].startswith("file://") and report["title"].startswith("重庆市梁平区科学技术局2020年")


def test_page_data_cannot_close_its_script_element():
    graph = nx.Graph(view="co-citation")
    graph.add_edge("x", "y", weight=1, years="")
    graph.nodes["x"].update(label="</script><script>alert(1)</script><!--", kind="document")
    graph.nodes["y"].update(label="a & b", kind="document")
    page = render_page(page_data(add_attributes(graph)))
    data_part = page.split('id="fazhi-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data_part and ">" not in data_part
    assert {n["label"] for n in page_json(page)["nodes"]} == {"</script><script>alert(1)</script><!--", "a & b"}


def test_big_networks_are_capped_with_a_note_and_laid_out_without_physics(views, tmp_path):
    graph = views["agency-document"]
    out = tmp_path / "capped.html"
    export(graph, out, max_nodes=10)
    data = page_json(out.read_text("utf-8"))
    assert len(data["nodes"]) == 10
    assert data["note"].startswith(f"showing 10 of {graph.number_of_nodes()} nodes")
    kept = {n["id"] for n in data["nodes"]}
    strongest = sorted(graph, key=lambda n: (-graph.nodes[n]["weighted_degree"], n))[:10]
    assert kept == set(strongest)
    big = add_attributes(nx.barabasi_albert_graph(700, 2, seed=1))
    nx.set_node_attributes(big, "document", "kind")
    nx.set_edge_attributes(big, 1, "weight")
    data = page_data(cap(big, 600))
    assert data["layout"] == "static" and all("x" in n and "y" in n for n in data["nodes"])
    assert data["note"].startswith("showing 600 of 700 nodes")


# ---------------------------------------------------------------- command line


@pytest.fixture()
def run():
    def invoke(*args):
        return CliRunner().invoke(main, ["network", *(str(a) for a in args)])

    return invoke


def test_the_command_writes_the_file_and_says_what_it_wrote(run, sample_graph, tmp_path):
    result = run(sample_graph, "--view", "co-citation", "-o", tmp_path / "co.gexf")
    assert result.exit_code == 0, result.output
    assert "co.gexf: co-citation view" in result.output and (tmp_path / "co.gexf").exists()
    result = run(sample_graph, "-o", tmp_path / "net.csv", "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "net-nodes.csv").exists() and (tmp_path / "net-edges.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "agency-law"], "unknown view 'agency-law'; choose one of agency-document, co-citation"),
        (["--view", "region", "--region-level", "乡级"], "unknown region level '乡级'; choose one of 省级 地级 县级"),
        (["-o", "OUT/net.xlsx"], "net.xlsx: unknown network format '.xlsx'; use one of .graphml"),
        (["-o", "OUT/net"], "unknown network format '(no suffix)'"),
        (["-o", "OUT/none/net.html"], "folder OUT/none does not exist"),
        (["--max-nodes", "0", "-o", "OUT/net.html"], "--max-nodes 0: give a number of at least 1"),
    ],
)
def test_errors_are_one_line(run, sample_graph, tmp_path, args, message):
    args = [str(a).replace("OUT", str(tmp_path)) for a in args]
    result = run(sample_graph, *args)
    assert result.exit_code == 1
    assert message.replace("OUT", str(tmp_path)) in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "co-citation", "--region-level", "地级", "-o", "OUT/net.html"], "--region-level is for --view region"),
        (["--max-nodes", "50", "-o", "OUT/net.graphml"], "--max-nodes is for drawings (.html .png .svg)"),
    ],
)
def test_an_option_that_would_do_nothing_is_a_usage_error(run, sample_graph, tmp_path, args, message):
    result = run(sample_graph, *[str(a).replace("OUT", str(tmp_path)) for a in args])
    assert result.exit_code == 2 and message in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("view", "message"),
    [
        ("agency-reform", "the agency-reform view has no edges: no measure names a reform"),
        ("agency-document", "the agency-document view has no edges: no report has both a publisher and a cited document"),
        ("co-citation", "the co-citation view has no edges: no report cites two documents"),
        ("region", "the region view at 省级 has no edges: no publisher lies in a region of that level"),
    ],
)
def test_a_view_without_edges_is_one_line_naming_the_graph(run, bare_graph, tmp_path, view, message):
    result = run(bare_graph, "--view", view, "-o", tmp_path / "net.html")
    assert result.exit_code == 1
    assert f"{bare_graph}: {message}" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_missing_or_malformed_graph_is_one_line(run, tmp_path):
    result = run(tmp_path / "none.trig", "-o", tmp_path / "net.html")
    assert result.exit_code == 1 and "none.trig: no such graph file" in result.output
    (tmp_path / "bad.trig").write_text("<http://a> <http://b> .")
    result = run(tmp_path / "bad.trig", "-o", tmp_path / "net.html")
    assert result.exit_code == 1 and "bad.trig: not valid trig" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_failed_export_leaves_the_previous_output_untouched(run, bare_graph, views, tmp_path, monkeypatch):
    out = tmp_path / "net.html"
    out.write_text("previous page")
    result = run(bare_graph, "-o", out)
    assert result.exit_code == 1
    assert out.read_text() == "previous page"

    def fail_halfway(graph, handle, **options):
        handle.write(b"<graphml")
        raise OSError("disk full")

    monkeypatch.setattr(nx, "write_graphml", fail_halfway)
    (tmp_path / "net.graphml").write_text("previous graph")
    with pytest.raises(OSError, match="disk full"):
        export(views["agency-document"], tmp_path / "net.graphml")
    assert (tmp_path / "net.graphml").read_text() == "previous graph"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.graphml", "net.html"]
