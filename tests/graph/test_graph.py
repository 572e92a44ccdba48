"""Records become graphs that follow the contract, validate, round-trip and merge by union."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS

from fazhi.api import samples
from fazhi.extraction.ingest import Document
from fazhi.graph.build import record_triples
from fazhi.graph.io import read_dataset, write_dataset
from fazhi.graph.iris import Iris, is_shared_graph
from fazhi.graph.validate import validate
from fazhi.ontology.namespaces import ELI, FZ, OA


def union(ds: Dataset):
    from rdflib import Graph

    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def test_sample_graph_conforms_to_the_shapes(sample_build):
    assert validate(sample_build.dataset) == []


def test_contract_shape_of_a_seed_report(sample_build):
    g = union(sample_build.dataset)
    reports = [r for r in g.subjects(RDF.type, FZ.Report) if str(g.value(r, DCTERMS.source)).endswith("000_1ca5fe9877358afd.txt")]
    assert len(reports) == 1
    report = reports[0]
    assert str(g.value(report, FZ.year)) == "2020"
    agency = g.value(report, DCTERMS.publisher)
    assert str(g.value(agency, SKOS.prefLabel)) == "重庆市梁平区科学技术局"
    type_labels = {str(x) for x in g.objects(g.value(agency, FZ.agencyType), SKOS.prefLabel) if x.language == "zh"}
    assert type_labels == {"科学技术局"}
    region = g.value(agency, FZ.region)
    assert str(g.value(region, FZ.divisionCode)) == "500155"
    cited = {str(g.value(d, SKOS.prefLabel)) for d in g.objects(report, FZ.cites)}
    assert {"中华人民共和国科学技术进步法", "中华人民共和国民法典", "党政主要负责人履行推进法治建设第一责任人职责规定"} <= cited


def test_each_report_has_its_own_named_graph(sample_build):
    graphs = {c.identifier for c in sample_build.dataset.graphs() if len(c)}
    reports = {r for r in sample_build.dataset.subjects(RDF.type, FZ.Report)}
    assert len([g for g in graphs if "/graph/" in str(g) and not is_shared_graph(g)]) == len(reports) == len(sample_build.records)


def test_a_report_graph_holds_only_the_report_and_its_own_nodes(sample_build):
    """Laws, regions, concepts and shared agencies are described once, in the shared graph."""
    shared = Iris().shared_graph()
    for graph in sample_build.dataset.graphs():
        if "/graph/" not in str(graph.identifier) or graph.identifier == shared or not len(graph):
            continue
        (report,) = graph.subjects(RDF.type, FZ.Report)
        assert all(s == report or str(s).startswith(f"{report}/") for s in graph.subjects())
    described = {s for s, _, _ in sample_build.dataset.graph(shared)}
    assert URIRef("https://w3id.org/fazhi/id/region/500155") in described
    assert not any("/report/" in str(s) for s in described)


def test_each_shared_triple_is_written_once_in_a_graph_file(tmp_path):
    from fazhi.batch import build_to_file

    build_to_file([str(p) for p in samples()[:6]], tmp_path / "g.nq", jobs=1, strict=False, progress=None)
    lines = (tmp_path / "g.nq").read_bytes().splitlines()
    assert len(lines) == len(set(lines))
    assert sum(line.endswith(b"/graph/shared> .") for line in lines) > 0


def test_every_mention_offset_selects_its_surface(sample_build):
    for record in sample_build.records:
        for m in record.mentions:
            assert record.text[m.start : m.end] == m.surface


def test_trig_round_trip_is_isomorphic(sample_build, tmp_path):
    for suffix in (".trig", ".nq", ".jsonld"):
        path = tmp_path / f"g{suffix}"
        write_dataset(sample_build.dataset, path)
        assert isomorphic(union(read_dataset(path)), union(sample_build.dataset)), suffix


def test_iris_are_deterministic_and_graphs_merge_by_union(extractor, data):
    from fazhi.extraction.ingest import read_document

    record = extractor.extract(read_document(data / "seeds" / "000_1ca5fe9877358afd.txt"))
    again = extractor.extract(read_document(data / "seeds" / "000_1ca5fe9877358afd.txt"))
    a, b = set(record_triples(record)), set(record_triples(again))
    assert a == b
    assert to_isomorphic(union_of(a)) == to_isomorphic(union_of(a | b))


def union_of(triples):
    from rdflib import Graph

    g = Graph()
    for t in triples:
        g.add(t)
    return g


CHUNKS = st.sampled_from(
    [
        "认真学习《中华人民共和国民法典》",
        "宪法宣传周",
        "《2021年全区普法工作要点》",
        "行政处罚法实施条例",
        "《关于贯彻〈法治政府建设实施纲要(2015—2020年)〉的意见》",
        "（以下简称《纲要》）",
        "《纲要》",
        "《人民日报》",
        "，",
        "。",
        "\n",
        "依法行政",
        "2022年，区司法局",
        "《未闭合的标题",
        "党章",
        "abc",
        " ",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(CHUNKS, min_size=1, max_size=25))
def test_round_trip_text_record_graph_file(tmp_path_factory, texts):
    from fazhi.extraction.record import ReportRecord

    extractor = _shared_extractor()
    text = "".join(texts)
    if not text.strip():
        return
    record = extractor.extract(Document(source="file:///t.txt", text=text))
    for m in record.mentions:
        assert text[m.start : m.end] == m.surface
    assert ReportRecord.from_dict(record.to_dict()) == record
    ds = Dataset()
    graph = ds.graph(URIRef("urn:x:g"))
    for t in record_triples(record, Iris()):
        graph.add(t)
    path = tmp_path_factory.mktemp("rt") / "g.trig"
    write_dataset(ds, path)
    back = union(read_dataset(path))
    assert isomorphic(back, union(ds))
    for mention in back.subjects(RDF.type, OA.Annotation):
        target = back.value(mention, OA.hasTarget)
        selectors = list(back.objects(target, OA.hasSelector))
        start = next(int(back.value(s, OA.start)) for s in selectors if back.value(s, OA.start) is not None)
        end = next(int(back.value(s, OA.end)) for s in selectors if back.value(s, OA.end) is not None)
        exact = next(str(back.value(s, OA.exact)) for s in selectors if back.value(s, OA.exact) is not None)
        assert text[start:end] == exact


_EXTRACTOR = []


def _shared_extractor():
    if not _EXTRACTOR:
        from fazhi.extraction import Extractor

        _EXTRACTOR.append(Extractor())
    return _EXTRACTOR[0]


def test_json_ld_reads_as_plain_json_and_round_trips(tmp_path, data):
    import json

    from fazhi.batch import build_dataset
    from fazhi.graph.io import read_dataset, write_dataset

    result = build_dataset(sorted((data / "seeds").glob("*.txt")))
    path = tmp_path / "graph.jsonld"
    write_dataset(result.dataset, path)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["@context"]["cites"]["@id"] == "fz:cites"
    nodes = [n for g in doc["@graph"] for n in g.get("@graph", [])]
    reports = [n for n in nodes if n.get("@type") == "Report"]
    assert len(reports) == 2 and all("cites" in r and "year" in r for r in reports)
    codes = {n["divisionCode"] for n in nodes if n.get("@type") == "Region"}
    assert "500155" in codes  # the typed literal reads as a plain string through the context
    assert set(read_dataset(path).quads()) == set(result.dataset.quads())


def test_a_cited_version_carries_its_promulgation_order_where_known(extractor):
    text = "重庆市梁平区司法局2018年法治政府建设年度报告\n2018年，我局组织学习《政府信息公开条例》和《中华人民共和国宪法》。\n"
    g = union_of(record_triples(extractor.extract(Document(source="file:///r.txt", text=text))))
    orders = {
        str(g.value(e, ELI.date_document)): str(g.value(e, FZ.promulgationOrder))
        for e in g.subjects(RDF.type, ELI.LegalExpression)
    }
    assert orders["2007-04-05"] == "中华人民共和国国务院令第492号"  # the version in force in 2018
    assert "中华人民共和国国务院令第711号" not in orders.values()  # the 2019 revision came later
    assert len(list(g.objects(None, FZ.promulgationOrder))) == 1  # 宪法 has none
