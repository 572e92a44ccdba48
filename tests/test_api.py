"""fazhi from a notebook: build or open a graph, query it into rows or pandas, project a network."""

from __future__ import annotations

import sys

import pytest

import fazhi


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    store = tmp_path_factory.mktemp("api") / "corpus.db"
    graph = fazhi.build(fazhi.samples(), store=store)
    yield graph
    graph.close()


def test_a_curated_query_gives_rows_with_numbers_as_numbers(kg):
    rows = kg.query("top-documents")
    first = rows[0]
    assert set(first) == {"document", "level", "known", "reports", "agencies"}
    assert isinstance(first["reports"], int) and first["known"] is True


def test_parameters_are_keywords_and_an_unknown_one_is_an_error(kg):
    rows = kg.query("document-agencies", doc="中华人民共和国民法典")
    assert len(rows) > 0
    with pytest.raises(fazhi.FazhiError, match="takes no parameter colour"):
        kg.query("top-documents", colour="red")


def test_sparql_text_runs_as_it_is(kg):
    rows = kg.query("PREFIX fz: <https://w3id.org/fazhi/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?r a fz:Report }")
    assert rows[0]["n"] == 38


def test_rows_become_a_dataframe(kg):
    frame = kg.query("reports-by-year-region").to_pandas()
    assert list(frame.columns) == kg.query("reports-by-year-region").columns and len(frame) > 0


def test_without_pandas_to_pandas_says_how_to_install_it(kg, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(fazhi.FazhiError, match=r'pip install "fazhi\[pandas\]"'):
        kg.query("top-documents").to_pandas()


def test_a_network_is_a_networkx_graph(kg):
    graph = kg.network("co-citation")
    assert graph.number_of_nodes() > 0 and graph.number_of_edges() > 0


def test_a_graph_file_opens_as_the_store_does(tmp_path):
    out = tmp_path / "g.trig"
    fazhi.build(fazhi.samples()[:4], output=out)
    with fazhi.open(out) as kg:
        assert len(kg.query("agencies")) > 0


def test_extract_reads_one_report(tmp_path):
    record = fazhi.extract("2022年，市司法局认真贯彻《中华人民共和国行政复议法》，全年受理行政复议案件12件。")
    assert record.year == 2022
    assert [d.title for d in record.documents] == ["中华人民共和国行政复议法"]
    assert [(f.indicator, f.value, f.qualifiers) for f in record.figures] == [("reconsideration-cases", 12, ["accepted"])]


def test_errors_come_from_one_tree():
    with pytest.raises(fazhi.FazhiError, match="no such graph file"):
        fazhi.open("missing.trig")
