"""One report's named graph, serialised: what crosses between processes and reaches a sink.

A :class:`ReportGraph` is small and plain (the graph's N-Quads, the shared nodes it describes and
a few counts), so it is cheap to pickle from a worker process or a cluster and to hand to a file
or a store. A sink writes ``data`` as the report's graph and adds ``shared`` to the one shared
graph, skipping what it holds already.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node

from fazhi.extraction.record import ReportRecord
from fazhi.graph.iris import Iris, owned_by

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ReportGraph:
    """One report's named graph, serialised, with what a build summary counts."""

    source: str
    content_hash: str
    graph: str
    data: bytes  # N-Quads, every quad in ``graph``
    quads: int
    agency: str
    documents: tuple[str, ...]
    mentions: int
    publisher: str = "unknown"  # known, partial or unknown: see graph.build.publisher_status
    shared: bytes = b""  # N-Quads in the shared graph: the laws, concepts, regions and agencies the report names
    extractor: str = ""  # what read it (fz:extractor): a store rereads reports an older fazhi read


def report_graph(record: ReportRecord, iris: Iris) -> ReportGraph:
    """A record as its named graph in N-Quads."""
    from fazhi.graph.build import publisher_status, record_triples
    from fazhi.graph.nquads import nquads_apart

    graph = iris.graph(record.content_hash)
    report = iris.report(record.content_hash)
    data, shared = nquads_apart(record_triples(record, iris), report, graph, iris.shared_graph())
    return ReportGraph(
        source=record.source,
        content_hash=record.content_hash,
        graph=str(graph),
        data=data,
        quads=data.count(b"\n"),
        agency=record.agency.name or record.agency.written or "",
        documents=tuple(d.key for d in record.documents),
        mentions=len(record.mentions),
        publisher=publisher_status(record.agency),
        shared=shared,
        extractor=record.extractor,
    )


def split(triples: Iterable[Triple], report: URIRef) -> tuple[list[Triple], list[Triple]]:
    """The report's own triples (its subject is the report or a node under its IRI) and the rest,
    which describe nodes other reports share.

    >>> from rdflib import URIRef
    >>> r, p = URIRef("http://x/report/1"), URIRef("http://x/p")
    >>> own, shared = split([(r, p, r), (URIRef("http://x/report/1/item/3-9"), p, r), (URIRef("http://x/law/7"), p, r)], r)
    >>> len(own), len(shared)
    (2, 1)
    """
    name = str(report)
    own: list[Triple] = []
    shared: list[Triple] = []
    for t in triples:
        (own if owned_by(str(t[0]), name) else shared).append(t)
    return own, shared
