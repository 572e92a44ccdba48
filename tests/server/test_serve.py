"""``fazhi serve`` as SPARQL clients meet it: SPARQLWrapper queries in every format over GET and POST,
a read-only endpoint, helpful errors, the row cap, the timeout, the page of curated queries, and the
command itself in a subprocess, on a graph file and on a store."""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper

from fazhi import queries
from fazhi.batch import build_into_store, sample_inputs
from fazhi.cli import main
from fazhi.errors import ServeError
from fazhi.graph.store import Store
from fazhi.server.endpoint import make_server
from fazhi.server.protocol import TRUNCATED_HEADER
from fazhi.server.results import solutions_csv, solutions_json, solutions_tsv, solutions_xml
from tests.serving import running

PREFIXES = """PREFIX fz: <https://w3id.org/fazhi/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# IRIs, language-tagged and typed literals, and an unbound variable in every row.
REPORTS = (
    PREFIXES
    + """SELECT ?report ?title ?year ?nothing WHERE {
  ?report a fz:Report . OPTIONAL { ?report dcterms:title ?title } OPTIONAL { ?report fz:year ?year }
  OPTIONAL { ?report fz:noSuchProperty ?nothing } }"""
)
TITLES = PREFIXES + "CONSTRUCT { ?r dcterms:title ?t } WHERE { ?r a fz:Report ; dcterms:title ?t }"
CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def store(sample_build) -> Store:
    return Store.from_dataset(sample_build.dataset)


@pytest.fixture(scope="module")
def endpoint(store) -> Iterator[str]:
    with running(store) as server:
        yield server.url


def client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def fetch(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, Message, str]:
    """Status, headers and text of a plain HTTP request, errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers, err.read().decode()


def get(url: str, **params: str) -> tuple[int, Message, str]:
    return fetch(f"{url}?{urllib.parse.urlencode(params)}")


def key(row) -> tuple[str, ...]:
    return tuple("" if v is None else v.n3() for v in row)


def plain(row) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in row)


def json_term(binding: dict[str, str]) -> URIRef | BNode | Literal:
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    if binding["type"] == "bnode":
        return BNode(binding["value"])
    datatype = binding.get("datatype")
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)


def json_rows(document: dict) -> list[list]:
    names = document["head"]["vars"]
    return [[json_term(b[n]) if n in b else None for n in names] for b in document["results"]["bindings"]]


@pytest.fixture(scope="module")
def report_rows(sample_build) -> list[list]:
    """REPORTS run by rdflib on the dataset, the reference for the endpoint's answers."""
    names, rows = queries.run(sample_build.dataset, queries.parse_header("reports", REPORTS))
    assert names == ["report", "title", "year", "nothing"] and len(rows) == 38
    return rows


# -- results over the protocol -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_in_each_results_format_matches_rdflib(endpoint, report_rows, fmt):
    converted = client(endpoint, REPORTS, fmt).query().convert()
    if fmt == JSON:
        rows = json_rows(converted)
    else:
        raw = converted.toxml().encode() if fmt == XML else converted
        rows = [list(row) for row in Result.parse(io.BytesIO(raw), format=fmt)]
    if fmt == CSV:  # CSV keeps only the values
        assert sorted(map(plain, rows)) == sorted(map(plain, report_rows))
    else:
        assert sorted(map(key, rows)) == sorted(map(key, report_rows))


def test_ask(endpoint):
    assert client(endpoint, PREFIXES + "ASK { ?r a fz:Report }").query().convert() == {"head": {}, "boolean": True}
    assert client(endpoint, PREFIXES + "ASK { ?r a fz:NoSuchClass }").query().convert()["boolean"] is False
    assert "<boolean>true</boolean>" in client(endpoint, "ASK {}", XML).query().convert().toxml()


@pytest.mark.parametrize(("fmt", "parse_as"), [(TURTLE, "turtle"), (JSONLD, "json-ld")])
def test_construct_as_turtle_and_json_ld(endpoint, sample_build, fmt, parse_as):
    expected = sample_build.dataset.query(TITLES).graph
    response = client(endpoint, TITLES, fmt).query().response
    raw = response.read()
    got = Graph().parse(data=raw, format=parse_as)
    assert len(got) == len(expected) > 30
    assert set(got) == set(expected)
    assert "法治政府建设" in raw.decode()  # Chinese titles stay readable, not \\u-escaped


@pytest.mark.parametrize(("method", "encoding"), [("GET", URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)])
def test_get_and_both_kinds_of_post_give_the_same_answer(endpoint, report_rows, method, encoding):
    sparql = client(endpoint, REPORTS)
    sparql.setMethod(method)
    sparql.setRequestMethod(encoding)
    assert sorted(map(key, json_rows(sparql.query().convert()))) == sorted(map(key, report_rows))


@pytest.mark.parametrize("mode", ["xml", "json", "csv", "tsv"])
def test_rdflib_sparqlstore_reads_the_endpoint_in_each_of_its_modes(endpoint, store, report_rows, mode):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(endpoint, returnFormat=mode))
    reports = graph.query(PREFIXES + "SELECT ?r WHERE { ?r a fz:Report }")
    assert {str(row[0]) for row in reports} == {str(row[0]) for row in report_rows}
    # One Accept for every query form: a CONSTRUCT comes as Turtle, which rdflib reads by its Content-Type.
    assert len(graph.query(TITLES).graph) == len(report_rows)  # type: ignore[arg-type]
    if mode in ("xml", "json"):  # CSV and TSV define no boolean: an ASK in those modes is 406
        assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    # A graph of the store as a Graph: rdflib sends its name as default-graph-uri.
    name = sorted(store.graphs())[0]
    one = Graph(store=SPARQLStore(endpoint, returnFormat=mode), identifier=URIRef(name))
    assert len(one) == len(store.ntriples(name).splitlines())


def test_a_curated_query_gives_the_rows_of_fazhi_query(endpoint, sample_graph):
    cli = CliRunner().invoke(main, ["query", str(sample_graph), "top-documents", "--format", "json"])
    assert cli.exit_code == 0, cli.output
    # fazhi query's JSON keeps numbers and booleans typed; the SPARQL JSON results hold their lexical forms
    lexical = {True: "true", False: "false", None: ""}
    expected = [
        {k: lexical[v] if v is None or isinstance(v, bool) else str(v) for k, v in row.items()} for row in json.loads(cli.output)
    ]
    text = queries.resolve("top-documents").text
    got = client(endpoint, text).query().convert()
    rows = [{n: b[n]["value"] if n in b else "" for n in got["head"]["vars"]} for b in got["results"]["bindings"]]
    assert rows == expected and len(rows) > 20


def test_accept_and_format_choose_the_format(endpoint):
    query = PREFIXES + "SELECT ?r WHERE { ?r a fz:Report } LIMIT 2"
    status, headers, body = fetch(
        f"{endpoint}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": "text/csv;q=0.5, text/tab-separated-values"}
    )
    assert (status, headers.get_content_type(), body.splitlines()[0]) == (200, "text/tab-separated-values", "?r")
    status, headers, body = get(endpoint, query=query, format="csv")
    assert (status, headers.get_content_type(), body[:3]) == (200, "text/csv", "r\r\n")
    status, headers, _ = get(endpoint, query=TITLES, format="nt")
    assert (status, headers.get_content_type()) == (200, "application/n-triples")
    status, headers, _ = get(endpoint, query=TITLES, format="xml")  # xml on a CONSTRUCT is RDF/XML
    assert (status, headers.get_content_type()) == (200, "application/rdf+xml")
    assert headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("params", "accept", "status", "message"),
    [
        (
            {"query": TITLES, "format": "csv"},
            None,
            406,
            "format=csv does not fit a CONSTRUCT or DESCRIBE answer; use one of turtle",
        ),
        ({"query": "ASK {}"}, "image/png", 406, "Accept: image/png fits no format"),
        ({"query": "ASK {}", "format": "yaml"}, None, 400, "format=yaml: unknown; use one of json"),
        ({"query": "ASK {}"}, "text/csv", 406, "fits no format of an ASK answer"),
        ({"query": "ASK {}", "default-graph-uri": "not an iri"}, None, 400, "take absolute IRIs"),
        ({"format": "json"}, None, 400, "give exactly one query"),
        ({"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}, None, 403, "SERVICE is refused"),
    ],
)
def test_requests_that_cannot_be_answered_say_why(endpoint, params, accept, status, message):
    code, headers, body = fetch(f"{endpoint}?{urllib.parse.urlencode(params)}", headers={"Accept": accept} if accept else {})
    assert (code, headers.get_content_type()) == (status, "text/plain")
    assert message in body and body.count("\n") == 1
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight(endpoint):
    status, headers, _ = fetch(
        endpoint, method="OPTIONS", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"}
    )
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*" and "POST" in headers["Access-Control-Allow-Methods"]


# -- read-only and malformed ---------------------------------------------------------------------


@pytest.mark.parametrize("how", ["form", "body", "as a query"])
def test_updates_are_refused_and_change_nothing(endpoint, store, how):
    before = store.triples()
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    if how == "as a query":
        status, _, body = get(endpoint, query=update)
    else:
        sparql = client(endpoint, update)
        sparql.setMethod(POST)
        sparql.setRequestMethod(URLENCODED if how == "form" else POSTDIRECTLY)
        with pytest.raises(urllib.error.HTTPError) as info:
            sparql.query()
        with info.value as err:
            status, body = err.code, err.read().decode()
    assert status == 403
    assert body.startswith("this endpoint is read-only: SPARQL Update") and body.count("\n") == 1
    assert store.triples() == before
    assert client(endpoint, "ASK { <http://example.org/a> ?p ?o }").query().convert()["boolean"] is False


def test_malformed_sparql_is_400_with_the_parsers_message(endpoint):
    status, _, body = get(endpoint, query="SELECT ?x WHERE { ?x ?y }")
    assert status == 400
    assert re.fullmatch(r"malformed SPARQL: error at 1:\d+: .+\n", body)


# -- cap and timeout -----------------------------------------------------------------------------


def test_the_cap_cuts_answers_and_says_so(store):
    many = PREFIXES + "SELECT ?r WHERE { ?r a fz:Report }"
    with running(store, limit=3) as server:
        result = client(server.url, many).query()
        assert len(result.convert()["results"]["bindings"]) == 3
        assert result.info()[TRUNCATED_HEADER.lower()] == "true"
        exactly = client(server.url, many + " LIMIT 3").query()
        assert len(exactly.convert()["results"]["bindings"]) == 3
        assert TRUNCATED_HEADER.lower() not in exactly.info()
        status, headers, body = get(server.url, query=TITLES, format="nt")
        assert status == 200 and headers[TRUNCATED_HEADER] == "true" and len(body.splitlines()) == 3
        assert "at most 3 rows" in fetch(server.url.removesuffix("sparql"))[2]


def test_a_heavy_query_times_out_with_503(store):
    # The cross product has ~10^12 solutions; the server stops streaming them at its deadline.
    with running(store, timeout=0.3, limit=10**9) as server:
        status, headers, body = get(server.url, query=CROSS_PRODUCT)
        assert (status, body) == (503, "query timed out after 0.3 s and was stopped; add LIMIT or narrow it\n")
        assert headers["Retry-After"] == "1"
        assert client(server.url, "ASK {}").query().convert()["boolean"] is True  # and the server goes on


def test_a_query_that_computes_before_answering_is_stopped_and_its_worker_replaced(store):
    # An aggregate over the cross product streams nothing: only ending its process stops it.
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with running(store, timeout=0.5, workers=1, quick=1) as server:
        assert json.loads(get(server.url, query="ASK {}")[2])["boolean"] is True  # the workers have started
        before = set(server.pool.pids())
        status, headers, body = get(server.url, query=count)
        assert (status, body) == (503, "query timed out after 0.5 s and was stopped; add LIMIT or narrow it\n")
        assert headers["Retry-After"] == "1" and headers["Access-Control-Allow-Origin"] == "*"
        assert json.loads(get(server.url, query="ASK {}")[2])["boolean"] is True  # the slot is free again
        assert not before <= set(server.pool.pids())  # the runaway's process is gone


def test_a_quick_query_is_answered_while_more_runaway_queries_than_workers_run(store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    answered: list[object] = []

    def runaway(url: str) -> None:
        try:
            answered.append(get(url, query=count)[0])
        except OSError as err:  # the server stopped under it
            answered.append(err)

    with running(store, timeout=60, workers=2, quick=1) as server:
        runaways = [threading.Thread(target=runaway, args=(server.url,)) for _ in range(4)]
        for thread in runaways:
            thread.start()
        while server.pool.jobs < 4:  # every runaway has reached a worker (two of them the quick lane, in turn)
            time.sleep(0.05)
        status, _, body = get(server.url, query="ASK {}")
        assert status == 200 and json.loads(body)["boolean"] is True
        assert answered == []  # answered while every runaway still ran
    for thread in runaways:  # stopping the server stopped them
        thread.join()


def test_reports_added_while_serving_show_without_a_restart(tmp_path):
    folder = tmp_path / "db"
    inputs = sample_inputs()
    build_into_store(inputs[:2], folder)
    count = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?r a fz:Report }"
    with Store.open(folder, create=False, read_only=True) as served, running(served) as server:
        assert json.loads(get(server.url, query=count)[2])["results"]["bindings"][0]["n"]["value"] == "2"
        build_into_store(inputs[2:5], folder)  # the build takes the write lock while the server reads
        assert json.loads(get(server.url, query=count)[2])["results"]["bindings"][0]["n"]["value"] == "5"
        assert "5 reports" in fetch(server.url.removesuffix("sparql"))[2]


# -- the page ------------------------------------------------------------------------------------


def test_the_page_lists_every_curated_query_ready_to_run(endpoint):
    status, headers, page = fetch(endpoint.removesuffix("sparql"))
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert not re.search(r'(src|href)="(?![#/])|<link|url\(', page)  # no external resources
    forms = re.findall(r'<section id="([^"]+)">.*?<textarea name="query"[^>]*>(.*?)</textarea>', page, re.S)
    assert [name for name, _ in forms] == [q.name for q in queries.curated()]
    for name, text in forms:
        status, _, body = get(endpoint, query=html.unescape(text))
        assert status == 200, (name, body)
        if name == "document-agencies":  # its parameter is bound to the example in its description
            assert "中华人民共和国民法典" in html.unescape(text) and json.loads(body)["results"]["bindings"]
            assert "skos:prefLabel ?doc" in html.unescape(text)  # bound in the VALUES line only, the one to edit


# -- the serialisers against pyoxigraph's own -----------------------------------------------------


def test_the_select_writers_agree_with_pyoxigraph():
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal('tab\there\nand "quotes", 法', language="zh"))
    )
    store.add(
        ox.Quad(
            ox.BlankNode("b1"),
            ox.NamedNode("http://e/p"),
            ox.Literal("2021", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
        )
    )
    store.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode("http://e/p"), ox.Literal("plain\r")))
    query = """SELECT ?s ?o ?none ?t ?dir WHERE { ?s ?p ?o OPTIONAL { ?s <http://e/none> ?none }
               BIND(TRIPLE(?s, ?p, ?o) AS ?t) BIND(STRLANGDIR("ar", "ar", "rtl") AS ?dir) }"""
    variables, solutions = ["s", "o", "none", "t", "dir"], list(store.query(query))
    writers = {
        ox.QueryResultsFormat.JSON: solutions_json,
        ox.QueryResultsFormat.XML: solutions_xml,
        ox.QueryResultsFormat.TSV: solutions_tsv,
    }
    for fmt, writer in writers.items():
        ours = ox.parse_query_results(writer(variables, solutions), format=fmt)
        theirs = ox.parse_query_results(store.query(query).serialize(format=fmt), format=fmt)
        assert [[str(s[v]) for v in variables] for s in ours] == [[str(s[v]) for v in variables] for s in theirs]
    plain_variables = ["s", "o", "none", "dir"]  # pyoxigraph leaves a triple's CSV cell unquoted; ours is quoted
    plain_query = query.replace("?s ?o ?none ?t ?dir", " ".join("?" + v for v in plain_variables))
    assert solutions_csv(plain_variables, solutions) == store.query(plain_query).serialize(format=ox.QueryResultsFormat.CSV)
    assert '"_:b1 http://e/p plain\r"' in solutions_csv(variables, solutions).decode()


# -- the command ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store") / "db"
    build_into_store(sample_inputs()[:3], folder)
    return folder


@pytest.fixture(scope="module")
def packed_graph(tmp_path_factory, sample_graph) -> Path:
    path = tmp_path_factory.mktemp("packed") / "graph.trig.gz"
    path.write_bytes(gzip.compress(sample_graph.read_bytes()))
    return path


@pytest.mark.parametrize("source", ["graph", "compressed graph", "store"])
def test_the_command_serves_until_ctrl_c(source, sample_graph, packed_graph, small_store):
    args = {"graph": [str(sample_graph)], "compressed graph": [str(packed_graph)], "store": ["--store", str(small_store)]}[source]
    # SIGINT is set to the default explicitly: a shell running the tests in the background ignores it.
    code = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); from fazhi.cli import main; main()"
    with subprocess.Popen(
        [sys.executable, "-c", code, "serve", *args, "--port", "0"], stderr=subprocess.PIPE, text=True, encoding="utf-8"
    ) as proc:
        line = proc.stderr.readline()
        match = re.fullmatch(
            r"Serving (\d+) reports \((\d+) triples\) at (http://127\.0\.0\.1:\d+/sparql) — Ctrl-C to stop\n", line
        )
        assert match, line + proc.stderr.read()
        reports = int(
            client(match[3], PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?r a fz:Report }")
            .query()
            .convert()["results"]["bindings"][0]["n"]["value"]
        )
        assert reports == int(match[1]) == (3 if source == "store" else 38)
        if source == "store":  # a build can open the store while it is served
            Store.open(small_store, create=True).close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        assert proc.stderr.read().endswith("fazhi: stopped\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{bad}"], "bad.trig: not valid trig ("),
        (["--store", "{missing}"], "missing: not a fazhi store; create one with: fazhi build --store"),
        (["{bad}", "--port", "http"], "--port http: give a number from 1 to 65535, or 0 for a free port"),
        ([], "usage: fazhi serve GRAPH (or --store DIR)"),
    ],
)
def test_the_command_fails_in_one_line(tmp_path, args, message):
    bad = tmp_path / "bad.trig"
    bad.write_text("<http://example.org/a> <http://example.org/b> .", encoding="utf-8")
    args = [a.format(bad=bad, missing=tmp_path / "missing") for a in args]
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 1
    assert result.stderr.startswith("fazhi: ") and message in result.stderr and result.stderr.count("\n") == 1


def test_a_port_in_use_is_one_line(store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(
            ServeError, match=rf"^port {port} on 127.0.0.1 is in use; stop the other server or choose another --port"
        ):
            make_server(store, "127.0.0.1", port)


def test_a_report_is_served_at_its_iri_path_as_a_page_or_as_its_graph(endpoint, sample_build):
    record = sample_build.records[1]
    page = endpoint.removesuffix("sparql") + f"report/{record.content_hash[:24]}"
    status, headers, body = fetch(page)
    assert status == 200 and headers.get_content_type() == "text/html"
    assert record.text[:20].strip()[:8] in html.unescape(body)
    status, headers, body = fetch(page, headers={"Accept": "application/n-triples"})
    assert status == 200 and headers.get_content_type() == "application/n-triples"
    graph = Graph().parse(data=body, format="nt")
    assert (URIRef(f"https://w3id.org/fazhi/id/report/{record.content_hash[:24]}"), None, None) in graph
    assert fetch(page, headers={"Accept": "application/sparql-results+json"})[0] == 406
    status, _, body = fetch(endpoint.removesuffix("sparql") + "report/0000000000")
    assert status == 404 and "no such report" in body


def test_the_protocol_dataset_picks_the_graphs_a_query_reads(endpoint, store):
    graph = sorted(store.graphs())[0]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    fetched = fetch(f"{endpoint}?" + urllib.parse.urlencode({"query": count, "default-graph-uri": graph}))
    assert fetched[0] == 200
    assert int(json.loads(fetched[2])["results"]["bindings"][0]["n"]["value"]) == len(store.ntriples(graph).splitlines())
    named = {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": "https://example.org/none"}
    assert json.loads(fetch(f"{endpoint}?" + urllib.parse.urlencode(named))[2])["boolean"] is False


def test_the_endpoint_url_is_the_base_iri(endpoint):
    status, _, body = get(endpoint, query="CONSTRUCT { <s> <p> 1 } WHERE {}", format="nt")
    assert status == 200 and body.startswith(f"<{endpoint.removesuffix('sparql')}s> ")


def test_head_405_and_the_service_description(endpoint):
    status, headers, body = fetch(f"{endpoint}?query=ASK%7B%7D", method="HEAD")
    assert status == 200 and body == "" and headers.get_content_type() == "application/sparql-results+json"
    status, headers, body = fetch(endpoint, data=b"x", method="PUT")
    assert status == 405 and headers["Allow"] == "GET, HEAD, POST, OPTIONS" and headers["Access-Control-Allow-Origin"] == "*"
    status, headers, body = fetch(endpoint, headers={"Accept": "text/turtle"})
    described = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert status == 200 and (URIRef(endpoint), URIRef(sd + "endpoint"), URIRef(endpoint)) in described
    status, headers, body = fetch(endpoint, headers={"Accept": "text/html"})
    assert status == 200 and headers.get_content_type() == "text/html"
