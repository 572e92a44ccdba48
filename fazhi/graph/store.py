"""A persistent embedded Oxigraph store of report graphs, built incrementally.

Each report lives in its own named graph (``Iris.graph(content_hash)``). A report already in
the store is skipped; a report whose source is in the store with another text replaces the old
graph. Every write of a report is one transaction, so a crash leaves the store as it was before
that report.

The store also keeps the *union* of all named graphs in its default graph, and queries read the
default graph. Oxigraph's ``use_default_graph_as_union`` returns a triple once per graph that
holds it (a multiset), while rdflib's ``Dataset(default_union=True)`` returns it once; since
shared nodes (a law, a region) are described in every report graph that uses them, queries
without DISTINCT would otherwise give duplicate rows on the store.

"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS

from fazhi.errors import FazhiError, GraphError, StoreError, first_line
from fazhi.extraction.record import ReportRecord
from fazhi.graph.io import format_for, new_dataset, read_dataset
from fazhi.graph.iris import Iris
from fazhi.graph.nquads import parse
from fazhi.graph.report import ReportGraph, report_graph
from fazhi.graph.terms import to_oxigraph, to_rdflib
from fazhi.ontology.namespaces import FZ

_DEFAULT = ox.DefaultGraph()
#: Lists the graphs of a bulk load in progress; present after a crash, it makes the next opening undo them.
PENDING = "fazhi-pending.txt"


def _is_store(folder: Path) -> bool:
    return (folder / "CURRENT").is_file() and (folder / "IDENTITY").is_file()


class Store:
    """A folder holding an Oxigraph (RocksDB) store of report graphs."""

    def __init__(self, inner: ox.Store, path: Path, *, read_only: bool = False) -> None:
        self._store = inner
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, *, create: bool, read_only: bool = False) -> Store:
        """Open the store in ``path``; with ``create``, make one in a missing or empty folder.

        With ``read_only`` the store must exist; it is opened without the write lock (a build can
        run beside it) and sees the store as it was when opened.
        """
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise StoreError(f"{path}: is a file, not a store folder; give a folder, e.g. --store graph.db")
        if not (folder.is_dir() and _is_store(folder)):
            if not create or read_only:
                raise StoreError(f"{path}: not a fazhi store; create one with: fazhi build --store {path} INPUTS")
            if folder.is_dir() and any(folder.iterdir()):
                raise StoreError(f"{path}: folder is not empty and not a store; choose a new or empty folder")
        try:
            inner = ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
        except OSError as err:
            reason = first_line(err)
            if "lock" in reason.lower():
                raise StoreError(f"{path}: the store is in use by another fazhi process; wait for it to finish") from None
            raise StoreError(f"{path}: cannot open the store ({reason})") from None
        store = cls(inner, folder, read_only=read_only)
        if not read_only and (folder / PENDING).exists():
            store._recover()
        return store

    @classmethod
    def from_dataset(cls, ds: Dataset) -> Store:
        """An in-memory store holding the graphs of ``ds``, to query or serve a graph file at store speed.

        >>> from rdflib import Dataset, URIRef
        >>> ds = Dataset()
        >>> ds.graph(URIRef("http://example.org/g")).add((URIRef("http://example.org/a"), URIRef("http://example.org/p"), URIRef("http://example.org/b")))  # doctest: +ELLIPSIS
        <Graph ...>
        >>> store = Store.from_dataset(ds)
        >>> store.reports(), store.triples()
        (1, 1)
        """
        inner = ox.Store()
        quads = []
        union: set[ox.Triple] = set()
        for s, p, o, g in ds.quads((None, None, None, None)):
            triple = ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]  # never a literal subject
            union.add(triple)
            if isinstance(g, URIRef) and g != DATASET_DEFAULT_GRAPH_ID:
                quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(str(g))))
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT) for t in union)
        inner.bulk_extend(quads)
        return cls(inner, Path(":memory:"))

    @classmethod
    def from_file(cls, path: str | Path) -> Store:
        """A graph file in an in-memory store: N-Quads, TriG, Turtle and N-Triples are parsed by
        Oxigraph (several times faster than rdflib, and a fraction of its memory); JSON-LD by rdflib.

        Malformed RDF raises :class:`~fazhi.errors.GraphError` naming the file.
        """
        p = Path(path)
        try:
            fmt = format_for(p)
        except FazhiError as err:
            raise GraphError(str(err)) from None
        if fmt == "json-ld" or not p.is_file():
            return cls.from_dataset(read_dataset(p))  # read_dataset names a missing file or a folder
        formats = {
            "nquads": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG,
            "turtle": ox.RdfFormat.TURTLE,
            "nt": ox.RdfFormat.N_TRIPLES,
        }
        own_graph = None if fmt in ("nquads", "trig") else ox.NamedNode(p.resolve().as_uri())
        inner = ox.Store()
        try:
            with p.open("rb") as handle:
                quads = ox.parse(handle, format=formats[fmt], base_iri=p.resolve().as_uri())
                inner.bulk_extend(q if own_graph is None else ox.Quad(q.subject, q.predicate, q.object, own_graph) for q in quads)
        except (SyntaxError, ValueError, UnicodeDecodeError) as err:
            raise GraphError(f"{path}: not valid {fmt} ({first_line(err)}); rebuild it with fazhi build") from None
        union = ox.Store()
        union.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in inner if not isinstance(q.graph_name, ox.DefaultGraph)
        )
        inner.bulk_extend(union)
        return cls(inner, p)

    # -- writing ---------------------------------------------------------------------------------

    def add_record(self, record: ReportRecord, iris: Iris | None = None) -> str:
        """Add one report's graph: ``"added"``, ``"unchanged"`` (same text already stored) or ``"replaced"``."""
        return self.add_graph(report_graph(record, iris or Iris()))

    def add_graph(self, report: ReportGraph) -> str:
        """Add one report's serialised graph: ``"added"``, ``"unchanged"`` or ``"replaced"``.

        A report whose graph is stored is left alone; one whose source is stored with another
        text replaces it. Either way it is one transaction (the removal of the old graph with the
        insertion of the new one).
        """
        graph = ox.NamedNode(report.graph)
        if self._store.contains_named_graph(graph):
            return "unchanged"
        quads = parse(report.data)
        old = self._graphs_of_source(report.source)
        if not old:
            self._store.extend([*quads, *(ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in quads)])
            return "added"
        inserts = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        update = " ; ".join([*(_drop(g) for g in old), f"INSERT DATA {{ GRAPH {graph} {{ {inserts} }} {inserts} }}"])
        self._store.update(update)  # one transaction
        return "replaced"

    def add_graphs(self, reports: Iterable[ReportGraph], batch: int = 200_000) -> Iterator[tuple[ReportGraph, str]]:
        """Add many reports: each with ``"added"``, ``"unchanged"`` or ``"replaced"``.

        New reports are bulk-loaded in batches of about ``batch`` quads, several times faster
        than a transaction per report and without RocksDB's write buffers growing with the
        store. A batch is listed in a pending file before it is loaded and the file removed
        after: if the build dies mid-batch, the next opening of the store removes the batch's
        reports again, so the store is as it was before the batch. Replacing a report stays one
        transaction (:meth:`add_graph`). When ``reports`` raises, the reports received before
        are loaded first, then the error goes on.
        """
        pending: list[ReportGraph] = []
        size = 0
        incoming = iter(reports)
        while True:
            try:
                report = next(incoming)
            except StopIteration:
                break
            except BaseException:
                # Whatever failed upstream (an input, an interrupt), the reports already received are
                # whole: load them, so the store keeps every report the build had added.
                for _ in self._load(pending):
                    pass
                raise
            if any(p.graph == report.graph for p in pending) or self._store.contains_named_graph(ox.NamedNode(report.graph)):
                yield report, "unchanged"
            elif self._graphs_of_source(report.source):
                yield report, self.add_graph(report)
            else:
                pending.append(report)
                size += report.quads
                if size >= batch:
                    yield from self._load(pending)
                    pending, size = [], 0
        yield from self._load(pending)

    def _load(self, reports: list[ReportGraph]) -> Iterator[tuple[ReportGraph, str]]:
        """Bulk-load new reports (their graphs and the union copy), with the pending file around it."""
        if not reports:
            return
        marker = self.path / PENDING
        tmp = marker.with_suffix(".part")
        tmp.write_text("".join(r.graph + "\n" for r in reports), encoding="utf-8")
        tmp.replace(marker)

        def quads() -> Iterator[ox.Quad]:
            for report in reports:
                for q in parse(report.data):
                    yield q
                    yield ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)

        self._store.bulk_extend(quads())
        self._store.flush()
        marker.unlink()
        for report in reports:
            yield report, "added"

    def _recover(self) -> None:
        """Undo a bulk load that did not finish: drop its reports and rebuild the union from the rest."""
        marker = self.path / PENDING
        for graph in (ox.NamedNode(line) for line in marker.read_text("utf-8").split()):
            if self._store.contains_named_graph(graph):
                self._store.remove_graph(graph)
        self._store.clear_graph(_DEFAULT)
        for named in list(self._store.named_graphs()):
            self._store.bulk_extend(
                [
                    ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
                    for q in self._store.quads_for_pattern(None, None, None, named)
                ]
            )
        self._store.flush()
        marker.unlink()

    def remove(self, report: str) -> str:
        """Remove one report's graph, given its report IRI, graph IRI, content hash (prefix) or source path/URI.

        Returns the IRI of the removed report.
        """
        matches = self._find(report)
        if not matches:
            raise StoreError(f"{report}: no such report in {self.path}; give a report IRI, a content hash or the source path")
        if len(matches) > 1:
            raise StoreError(f"{report}: matches {len(matches)} reports; give a longer content hash or the report IRI")
        graph, report_iri = matches[0]
        self._store.update(_drop(graph))
        return report_iri.value

    # -- reading ---------------------------------------------------------------------------------

    def query(self, sparql: str) -> Any:
        """Run SPARQL on the union of the report graphs; pyoxigraph's results (bind parameters with
        :func:`fazhi.queries.run`, which also turns the results into rows)."""
        return self._store.query(sparql)

    def to_dataset(self) -> Dataset:
        """Every report graph as an rdflib Dataset (for validation and small stores)."""
        ds = new_dataset()
        for quad in self._store.quads_for_pattern(None, None, None, None):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue
            terms: Any = tuple(to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object, quad.graph_name))
            ds.add(terms)
        return ds

    def ntriples(self, graph: str) -> bytes:
        """One named graph as N-Triples, written by Oxigraph without a Python object per triple."""
        body = io.BytesIO()
        self._store.dump(body, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        return body.getvalue()

    def __len__(self) -> int:
        """The number of quads in the report graphs."""
        return self._count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")

    def triples(self) -> int:
        """The number of distinct triples in the union of the report graphs (``len`` of the rdflib Dataset)."""
        return self._count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    def reports(self) -> int:
        """The number of reports (named graphs) in the store."""
        return sum(1 for _ in self._store.named_graphs())

    def graphs(self) -> set[str]:
        """The IRIs of the report graphs."""
        return {g.value for g in self._store.named_graphs()}

    def close(self) -> None:
        """Flush and release the store (its folder lock goes with the last reference)."""
        if not self.read_only:
            self._store.flush()
        del self._store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers ---------------------------------------------------------------------------------

    def _count(self, sparql: str) -> int:
        result: Any = self._store.query(sparql)
        solution = next(iter(result))
        return int(solution["n"].value)

    def _graphs_of_source(self, source: str) -> list[ox.NamedNode]:
        quads = self._store.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.source)), ox.NamedNode(source), None)
        return [q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)]

    def _find(self, spec: str) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
        """The (graph, report) pairs a report IRI, graph IRI, content hash prefix or source path/URI names."""
        candidates = {spec}
        if ":" not in spec or Path(spec).exists():
            from fazhi.extraction.ingest import source_iri

            candidates.add(source_iri(Path(spec)))
        sparql = f"""SELECT ?g ?r ?hash ?source WHERE {{ GRAPH ?g {{
            ?r a <{FZ.Report}> ; <{FZ.contentHash}> ?hash ; <{DCTERMS.source}> ?source }} }}"""
        found = []
        solutions: Any = self._store.query(sparql)
        for s in solutions:
            g, r, digest, source = s["g"], s["r"], s["hash"].value, s["source"].value
            by_hash = len(spec) >= 6 and digest.startswith(spec.lower())
            if by_hash or g.value in candidates or r.value in candidates or source in candidates:
                found.append((g, r))
        return found


def _drop(graph: ox.NamedNode) -> str:
    """SPARQL Update that removes a report graph and the triples of the union only it held."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {graph}) }} }} ; DROP SILENT GRAPH {graph}"
    )


def open_graph(graph: str | Path | None = None, *, store: str | Path | None = None, read_only: bool = True) -> Store:
    """The one way to open what a command reads: a graph file (into an in-memory store) or a store folder.

    A store is opened ``read_only`` by default, without the write lock, so queries, validation,
    pushes and the server run beside a ``fazhi build --store`` that is writing; it sees the store
    as it was when opened.
    """
    if graph and store:
        raise GraphError(f"give a graph file or --store {store}, not both")
    if store:
        return Store.open(store, create=False, read_only=read_only)
    if not graph:
        raise GraphError("give a graph file (made by fazhi build -o graph.trig) or --store DIR")
    return Store.from_file(graph)
