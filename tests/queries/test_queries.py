"""Every curated query parses, says what it answers, and returns rows on the sample graph
(or, for repeats across years, which the samples do not have, on two reports made for it)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from fazhi import queries
from fazhi.errors import QueryError
from fazhi.graph.store import Store

NEEDS_TWO_YEARS = {"repeated-problems"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.mark.parametrize(
    "query",
    [q for q in queries.curated() if q.name not in NEEDS_TWO_YEARS and not queries.is_graph_query(q)],
    ids=lambda q: q.name,
)
def test_curated_query_runs_on_the_sample_graph(query, sample_build, query_params):
    assert query.description and not query.description.startswith("PREFIX")
    names, rows = queries.run(sample_build.dataset, query, {k: query_params[k] for k in query.params})
    assert names and rows


def test_evidence_sentence_contains_the_surface(sample_build):
    q = queries.resolve("document-citations")
    names, rows = queries.run(sample_build.dataset, q, {"doc": "中华人民共和国民法典"})
    assert rows
    for row in rows:
        record = dict(zip(names, row, strict=False))
        assert str(record["surface"]) in str(record["sentence"])


def test_citation_evidence_is_one_reports_citations_of_one_document(sample_build, query_params):
    params = {"doc": "中华人民共和国宪法", "source": query_params["source"]}
    names, rows = queries.run(sample_build.dataset, queries.resolve("citation-evidence"), params)
    everywhere = queries.run(sample_build.dataset, queries.resolve("document-citations"), {"doc": "中华人民共和国宪法"})[1]
    text = next(r.text for r in sample_build.records if r.source == params["source"])
    assert 0 < len(rows) < len(everywhere)
    for row in rows:
        record = dict(zip(names, row, strict=False))
        assert text[int(record["start"]) : int(record["end"])] == str(record["surface"])
        assert "宪法" in str(record["surface"])


def test_a_reports_items_are_read_from_its_text_by_their_offsets(sample_build, query_params):
    names, rows = queries.run(sample_build.dataset, queries.resolve("report-items"), {"source": query_params["source"]})
    record = next(r for r in sample_build.records if r.source == query_params["source"])
    items = [dict(zip(names, row, strict=True)) for row in rows]
    assert [(int(i["start"]), int(i["end"])) for i in items] == sorted((i.start, i.end) for i in record.items)
    for item in items:
        assert str(item["words"]) == record.text[int(item["start"]) : int(item["end"])]
    assert {str(i["kind"]) for i in items} <= {"measure", "problem", "plan"}


def test_an_agencys_figures_come_with_the_words_they_were_read_from(sample_build, query_params):
    names, rows = queries.run(sample_build.dataset, queries.resolve("agency-figures"), {"agency": query_params["agency"]})
    figures = [dict(zip(names, (str(v) for v in row), strict=True)) for row in rows]
    assert {
        "year": "2020",
        "indicator": "参考人数",
        "qualifiers": "",
        "value": "14",
        "unit": "人",
        "evidence": "14名干部职工参加网上法治理论知识学习考试",
    } in figures
    assert all(f["value"] in f["evidence"] for f in figures if f["value"] != "0")
    # 主办政协提案2件、协办5件: two values of one indicator, told apart by their qualifiers
    proposals = {(f["qualifiers"], f["value"]) for f in figures if f["indicator"] == "办理政协提案件数"}
    assert proposals == {("主办", "2"), ("协办", "5")}


def test_one_indicator_is_listed_with_agency_division_and_year(sample_build):
    names, rows = queries.run(sample_build.dataset, queries.resolve("indicator-values"), {"indicator": "行政复议案件数"})
    assert [[str(v) for v in row] for row in rows] == [["重庆市梁平区科学技术局", "500155", "2020", "0", "件", ""]]
    assert names == ["agency", "division", "year", "value", "unit", "qualifiers"]


def test_an_iri_parameter_that_is_not_an_iri_says_what_to_give(sample_build):
    with pytest.raises(QueryError, match=r"--param source=梁平区.*absolute IRI"):
        queries.run(sample_build.dataset, queries.resolve("citation-evidence"), {"doc": "中华人民共和国宪法", "source": "梁平区"})


def test_a_problem_repeated_next_year_is_found(tmp_path):
    from fazhi.batch import build_dataset

    for year, count in ((2022, "3"), (2023, "5")):
        (tmp_path / f"{year}.txt").write_text(
            f"重庆市梁平区科学技术局{year}年法治政府建设情况的报告\n{year}年，区科技局学习宪法。\n"
            f"一、工作开展情况\n组织学法{count}次。\n二、存在的主要问题\n"
            f"一是个别干部的依法行政意识有待提高，全年仅培训{count}次；二是执法人员力量薄弱。\n",
            "utf-8",
        )
    result = build_dataset([tmp_path])
    _, rows = queries.run(result.dataset, queries.resolve("repeated-problems"))
    found = {(str(r[1]), str(r[2]), str(r[3])[:8]) for r in rows}
    assert found == {("2022", "2023", "个别干部的依法行"), ("2022", "2023", "执法人员力量薄弱")}


def test_a_table_of_credit_codes_joins_the_graph_through_sparql(tmp_path):
    """docs/join-agencies.rq with --values: a row matches by the agency's 统一社会信用代码, another by full name."""
    from click.testing import CliRunner

    from fazhi.cli import main

    code = "11500155MB1603152R"  # check character per GB 32100-2015; a made-up code
    page = tmp_path / "in" / "1.html"
    page.parent.mkdir()
    page.write_text(
        f"<html><body><table><tr><th>索引号</th><td>{code}/2021-00012</td></tr></table>"
        "<h1>重庆市梁平区科学技术局2020年法治政府建设情况的报告</h1><p>2020年,区科技局认真学习宪法。</p></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "in" / "2.txt").write_text(
        "宜春市公安局2023年法治政府建设工作报告\n2023年,市公安局认真学习宪法。", encoding="utf-8"
    )
    table = tmp_path / "agencies.csv"
    table.write_text(
        f"统一社会信用代码,机构名称,预算\n{code},某个名称,12\n,宜春市公安局,7\n,不在图中的机构,1\n", encoding="utf-8"
    )
    runner = CliRunner()
    assert runner.invoke(main, ["build", "-q", str(tmp_path / "in"), "-o", str(tmp_path / "g.trig")]).exit_code == 0
    rq = Path(__file__).parents[2] / "docs" / "join-agencies.rq"
    result = runner.invoke(main, ["query", str(tmp_path / "g.trig"), str(rq), "--values", str(table), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["统一社会信用代码"], r["机构名称"], r["matchedBy"], r["year"]) for r in rows] == [
        ("", "宜春市公安局", "name", "2023"),
        (code, "某个名称", "code", "2020"),
    ]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("", "the table is empty"),
        ("a b,c\n1,2\n", "rename 'a b'"),
        ("a,b\n1,2,3\n", "line 2 has another number of cells"),
    ],
)
def test_a_bad_table_is_one_line(tmp_path, table, message):
    path = tmp_path / "t.csv"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(QueryError, match=message):
        queries.read_values(path)


def test_values_are_escaped_and_empty_cells_are_empty_strings():
    q = queries.with_values(
        queries.CuratedQuery("q", "", "SELECT * WHERE { ?s ?p ?o }"), queries.Values(("o",), (('a"b',), ("",)))
    )
    assert q.text == 'SELECT * WHERE { VALUES (?o) { ("a\\"b") ("") } ?s ?p ?o }'


@pytest.mark.parametrize("query", queries.curated(), ids=lambda q: q.name)
def test_a_file_read_for_one_query_gives_the_rows_of_the_whole_file(query, sample_graph, query_params):
    # fazhi query on a file keeps only the quads whose predicates the query can match.
    wanted = queries.predicates(query)
    assert wanted is not None  # every curated query names its predicates
    params = {k: query_params[k] for k in query.params}
    whole, part = Store.from_file(sample_graph), Store.from_file(sample_graph, predicates=wanted)
    assert len(part) < len(whole)
    if queries.is_graph_query(query):
        triples = queries.run_graph(whole, query, params, "nt")
        assert triples and queries.run_graph(part, query, params, "nt") == triples
        return
    names, rows = queries.run(whole, query, params)
    assert rows or query.name in NEEDS_TWO_YEARS
    assert queries.run(part, query, params) == (names, rows)


@pytest.mark.parametrize(
    ("sparql", "found"),
    [
        ("SELECT ?t { ?d a ?c ; <http://x/p>/^<http://x/q>* ?t }", {RDF_TYPE, "http://x/p", "http://x/q"}),
        ("ASK { ?d <http://x/p> ?x FILTER NOT EXISTS { ?x <http://x/z> ?y } }", {"http://x/p", "http://x/z"}),
        ("SELECT ?d { { SELECT ?d { ?d <http://x/y> 1 } } }", {"http://x/y"}),
        ("CONSTRUCT { ?d <http://x/out> ?x } WHERE { ?d <http://x/p> ?x }", {"http://x/p"}),  # the template reads nothing
        ("SELECT * { ?s ?p ?o }", None),
        ("SELECT ?x { ?x !<http://x/p> ?y }", None),
        ("SELECT ?g { GRAPH ?g { } }", None),
        ("DESCRIBE <http://x/a>", None),
    ],
)
def test_the_predicates_a_query_can_match(sparql, found):
    assert queries.predicates(queries.CuratedQuery("q", "", sparql)) == (None if found is None else frozenset(found))


def test_a_citations_sentence_is_derived_from_the_text_as_the_extractor_finds_it(tmp_path):
    """The graph keeps no sentences: the queries cut them from the report's text by the mention's
    offsets, on Oxigraph and on rdflib alike, exactly as ``sentence_around`` does, also for a mention
    more than 2,000 characters into a sentence, one more than 2,000 before its end, one at the very
    end, and one between odd spaces."""
    from fazhi.batch import build_dataset
    from fazhi.extraction.sentences import sentence_around

    long_run = "依法行政" * 600  # 2,400 characters without a sentence's end
    (tmp_path / "r.txt").write_text(
        "重庆市梁平区科学技术局2022年法治政府建设情况的报告\n"
        "\u3000\u3000一、工作开展情况\n\u3000\u3000组织学习《中华人民共和国宪法》\u3000！\n"
        f"全年{long_run}并学习《中华人民共和国宪法》第一章；又学习\u2003《中华人民共和国宪法》{long_run}。"
        "末了学习《中华人民共和国宪法》\u00a0",
        "utf-8",
    )
    result = build_dataset([tmp_path])
    record = result.records[0]
    wanted = sorted(
        (m.start, sentence_around(record.text, m.start, m.end)) for m in record.mentions if m.doc and "宪法" in m.surface
    )
    assert len(wanted) == 4 and any(start > 2000 for start, _ in wanted)
    assert any(len(sentence) > 2000 for _, sentence in wanted)  # cut at 2,000 after the mention
    params = {"doc": "中华人民共和国宪法", "source": record.source}
    query = queries.resolve("citation-evidence")
    for target in (result.dataset, Store.from_dataset(result.dataset)):
        names, rows = queries.run(target, query, params)
        got = sorted((int(r[names.index("start")]), str(r[names.index("sentence")])) for r in rows)
        assert got == wanted


def test_the_sentences_query_writes_back_every_mentions_sentence(sample_build):
    """The expansion: one query gives each mention (citation or agency) the sentence the extractor
    found for it, as the fz:sentence triples fazhi no longer stores."""
    import pyoxigraph as ox

    from fazhi.graph.iris import Iris

    triples = queries.run_graph(sample_build.dataset, queries.resolve("sentences"), {}, "nt")
    got = {(t.subject.value, t.object.value) for t in ox.parse(triples, format=ox.RdfFormat.N_TRIPLES)}
    iris = Iris()
    wanted = {
        (str(iris.mention(iris.report(r.content_hash), m.start, m.end)), m.sentence)
        for r in sample_build.records
        for m in [*r.mentions, *r.agencies]
    }
    assert len(wanted) > 100
    assert got == wanted


def test_every_query_derives_sentences_with_the_same_expression():
    """The sentence derivation is written out in each query that needs it (a query file stands
    alone, to be copied to any endpoint); the copies may not drift apart."""
    import re

    root = Path(queries.__file__).parent
    files = [root / "citation-evidence.rq", root / "document-citations.rq", root / "sentences.rq"]
    found = {re.search(r"\(REPLACE\(CONCAT\(.*?AS \?sentence\)", f.read_text("utf-8"), re.S) for f in files}
    assert None not in found
    assert len({m.group(0) for m in found if m}) == 1
