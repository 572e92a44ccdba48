"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, ``sparql/sparql11/protocol/manifest.ttl``), run as
written against a running ``fazhi serve``: each test's HTTP requests are sent as the manifest gives them
(method, path, headers, body and its encoding) and the answer is checked for the status class, the
format family and the boolean it expects.

The endpoint is read-only, so the update tests that expect success cannot pass as written; for them
the test checks that the update is refused with 403 and changes nothing."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDFS

from fazhi.graph.store import Store
from tests.serving import running

HERE = Path(__file__).parent.parent / "data" / "w3c-sparql-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
#: Media types of each format family the manifest names.
FAMILIES = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    },
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml", "text/html"},
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # the status classes allowed: 2, 3, 4
    boolean: bool | None
    family: str | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    requests: tuple[Request, ...]

    @property
    def is_update(self) -> bool:
        return self.name.startswith("update_")


def manifest() -> list[ProtocolTest]:
    graph = Graph().parse(
        HERE / "manifest.ttl",
        format="turtle",
        publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest",
    )
    listed = next(graph.objects(None, MF.entries))
    tests = []
    for entry in Collection(graph, listed):
        action = graph.value(entry, MF.action)
        requests = []
        for request in Collection(graph, graph.value(action, HT.requests)):
            body = graph.value(request, HT.body)
            data = None
            if body is not None:
                encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
                data = str(graph.value(body, CNT.chars)).encode(encoding)
            headers = {}
            listed_headers = graph.value(request, HT.headers)
            if listed_headers is not None:
                for header in Collection(graph, listed_headers):
                    headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
            response = graph.value(request, HT.resp)
            statuses = frozenset(
                int(str(s).removeprefix(str(HTS)).removeprefix("StatusCode")[0])
                for s in graph.objects(response, MF.expectedStatus)
            )
            boolean = graph.value(response, MF.expectedBoolean)
            family = graph.value(response, MF.expectedFormat)
            requests.append(
                Request(
                    method=str(graph.value(request, HT.methodName)),
                    path=str(graph.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                    headers=headers,
                    body=data,
                    statuses=statuses,
                    boolean=None if boolean is None else bool(boolean.toPython()),
                    family=None if family is None else str(family),
                )
            )
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[1], tuple(requests)))
    return tests


TESTS = manifest()


def graph_data() -> Dataset:
    """The graphs the tests name (``ut:graphData``), each loaded under its label."""
    graph = Graph().parse(HERE / "manifest.ttl", format="turtle")
    dataset = Dataset()
    for data in graph.objects(None, UT.graphData):
        name = URIRef(str(graph.value(data, RDFS.label)))
        source = HERE / Path(urllib.parse.urlsplit(str(graph.value(data, UT.graph))).path).name
        named = dataset.graph(name)
        if not len(named):
            named.parse(source, format="nt")
    return dataset


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[str, Store]]:
    store = Store.from_dataset(graph_data())
    with running(store) as server:
        yield server.url, store


def send(url: str, request: Request) -> tuple[int, str, bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(request.method, request.path, body=request.body, headers=request.headers)
        response = connection.getresponse()
        return response.status, response.headers.get_content_type(), response.read()
    finally:
        connection.close()


def boolean_of(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    found = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    assert found is not None
    return found.text == "true"


def test_the_manifest_is_read_whole():
    assert len(TESTS) == 34 and sum(t.is_update for t in TESTS) == 7
    assert all(r.statuses for t in TESTS for r in t.requests)


@pytest.mark.parametrize("test", [t for t in TESTS if not t.is_update], ids=lambda t: t.name)
def test_w3c_protocol(endpoint, test):
    url, _ = endpoint
    for request in test.requests:
        status, media, body = send(url, request)
        assert status // 100 in request.statuses, (status, body[:200])
        if request.family:
            assert media in FAMILIES[request.family], media
        if request.boolean is not None:
            assert boolean_of(media, body) is request.boolean


@pytest.mark.parametrize("test", [t for t in TESTS if t.is_update], ids=lambda t: t.name)
def test_w3c_update_tests_are_refused_by_a_read_only_endpoint(endpoint, test):
    url, store = endpoint
    before = store.triples()
    status, _, body = send(url, test.requests[0])
    assert status == 403 and b"read-only" in body
    assert store.triples() == before
