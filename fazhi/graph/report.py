"""One report's named graph, serialised: what crosses between processes and reaches a sink.

A :class:`ReportGraph` is small and plain (the graph's N-Quads and a few counts), so it is cheap
to pickle from a worker process or a cluster and to hand to a file or a store.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.extraction.record import ReportRecord
from fazhi.graph.iris import Iris


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


def report_graph(record: ReportRecord, iris: Iris) -> ReportGraph:
    """A record as its named graph in N-Quads."""
    from fazhi.graph.build import publisher_status, record_triples
    from fazhi.graph.nquads import nquads

    graph = iris.graph(record.content_hash)
    data = nquads(record_triples(record, iris), graph)
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
    )
