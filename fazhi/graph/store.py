"""A persistent embedded Oxigraph store of report graphs, built incrementally.

Each report lives in its own named graph (``Iris.graph(content_hash)``). A report already in
the store is skipped; a report whose source is in the store with another text replaces the old
graph. Every write of a report is one transaction, so a crash leaves the store as it was before
that report.

Nodes that reports share (a law, a region, an agency known by identity) are described once, in
the shared graph (``Iris.shared_graph``); every triple is in exactly one graph. Queries read the
union of the named graphs (Oxigraph's ``use_default_graph_as_union``, which counts a triple once
per graph that holds it: once, here), and the default graph stays empty. A store built by fazhi
0.1, which kept a copy of every fact in the default graph, is refused with a line saying how to
rebuild it.

"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS

from fazhi.errors import FazhiError, GraphError, StoreError, first_line
from fazhi.extraction.record import ReportRecord
from fazhi.graph.io import format_for, new_dataset, read_dataset
from fazhi.graph.iris import Iris, is_shared_graph
from fazhi.graph.nquads import parse
from fazhi.graph.report import ReportGraph, report_graph
from fazhi.graph.terms import to_oxigraph, to_rdflib
from fazhi.ontology.namespaces import FZ

_DEFAULT = ox.DefaultGraph()
#: The graph that the triples of a dataset's default graph are read into.
_OWN = ox.NamedNode("urn:fazhi:default")
#: Lists the graphs of a bulk load in progress; present after a crash, it makes the next opening undo them.
PENDING = "fazhi-pending.txt"
_MENTION = ox.NamedNode(str(FZ.Mention))
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _earlier_format(inner: ox.Store, *, store: bool) -> bool:
    """A store or file written by fazhi 0.1: mentions typed fz:Mention, or (a store) facts copied into the default graph."""
    if store and next(iter(inner.quads_for_pattern(None, None, None, _DEFAULT)), None) is not None:
        return True
    return next(iter(inner.quads_for_pattern(None, _TYPE, _MENTION, None)), None) is not None


def _with_predicates(quads: Iterable[ox.Quad], keep: set[ox.NamedNode], graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
    """The quads whose predicate is in ``keep`` (and the typing of fazhi 0.1's mentions, which
    :func:`_earlier_format` looks for), put in ``graph`` if given."""
    for quad in quads:
        if quad.predicate in keep or (quad.predicate == _TYPE and quad.object == _MENTION):
            yield quad if graph is None else ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def _is_store(folder: Path) -> bool:
    return (folder / "CURRENT").is_file() and (folder / "IDENTITY").is_file()


class Store:
    """A folder holding an Oxigraph (RocksDB) store of report graphs."""

    def __init__(self, inner: ox.Store, path: Path, *, read_only: bool = False) -> None:
        self._store = inner
        self.path = path
        self.read_only = read_only
        #: Hashes of shared-graph lines known to be in the store, so a build does not look each up again.
        self._shared_seen: set[int] = set()

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
        if _earlier_format(inner, store=True):
            del inner
            raise StoreError(
                f"{path}: built by fazhi 0.1, whose graphs this version does not read; rebuild it: fazhi build --store NEW_FOLDER INPUTS"
            )
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
        >>> store.graphs(), store.triples()
        ({'http://example.org/g'}, 1)
        """
        inner = ox.Store()
        quads = []
        for s, p, o, g in ds.quads((None, None, None, None)):
            graph = ox.NamedNode(str(g)) if isinstance(g, URIRef) and g != DATASET_DEFAULT_GRAPH_ID else _OWN
            quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph))  # type: ignore[arg-type]  # never a literal subject
        inner.bulk_extend(quads)
        return cls(inner, Path(":memory:"))

    @classmethod
    def from_file(cls, path: str | Path, *, predicates: Iterable[str] | None = None) -> Store:
        """A graph file in an in-memory store: N-Quads, TriG, Turtle and N-Triples are parsed by
        Oxigraph (several times faster than rdflib, and a fraction of its memory); JSON-LD by rdflib.

        With ``predicates`` (the IRIs one query can match: :func:`fazhi.queries.predicates`) only
        quads with those predicates are kept: a query on a 1,000-report file then loads a fifth
        of its quads, in less than half the time and a third of the memory.

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
        options: dict[str, Any] = {} if own_graph is None else {"to_graph": own_graph}
        # Lenient: IRIs are not re-validated (syntax still is). The whole file is parsed and loaded by
        # Oxigraph without a Python object per quad; for one query's predicates, quad by quad.
        try:
            if predicates is None:
                inner.bulk_load(path=str(p), format=formats[fmt], base_iri=p.resolve().as_uri(), lenient=True, **options)
            else:
                quads = ox.parse(path=str(p), format=formats[fmt], base_iri=p.resolve().as_uri(), lenient=True)
                inner.bulk_extend(_with_predicates(quads, {ox.NamedNode(i) for i in predicates}, own_graph))
        except (SyntaxError, ValueError, UnicodeDecodeError) as err:
            raise GraphError(f"{path}: not valid {fmt} ({first_line(err)}); rebuild it with fazhi build") from None
        if _earlier_format(inner, store=False):
            raise GraphError(
                f"{path}: written by fazhi 0.1, whose graphs this version does not read; rebuild it with fazhi build -o {p.name} INPUTS"
            )
        return cls(inner, p)

    def copy_to(self, folder: str | Path) -> None:
        """Write every quad of this store into a new store in ``folder`` (an empty or missing folder),
        e.g. to serve a graph file from disk to several processes."""
        target = ox.Store(str(folder))
        target.bulk_extend(self._store.quads_for_pattern(None, None, None, None))
        target.flush()
        del target

    def is_folder(self) -> bool:
        """Whether this store lives in a folder on disk (not in memory)."""
        return self.path.is_dir() and _is_store(self.path)

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
        shared = parse(report.shared)
        old = self._graphs_of_source(report.source)
        if not old:
            self._store.extend([*quads, *shared])
            return "added"
        inserts = " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in [*quads, *shared])
        update = " ; ".join(
            [*(_drop(g) for g in old), *(d for g in old for d in self._orphans_of(g)), f"INSERT DATA {{ {inserts} }}"]
        )
        self._store.update(update)  # one transaction
        self._shared_seen.clear()
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
        """Bulk-load new reports (their graphs and what they add to the shared graph), with the
        pending file around it: the reports' graph IRIs, then the shared quads the store lacked."""
        if not reports:
            return
        if len(self._shared_seen) > 1_000_000:
            self._shared_seen.clear()
        lines: dict[bytes, None] = {}
        for report in reports:
            lines.update((line, None) for line in report.shared.splitlines(keepends=True) if hash(line) not in self._shared_seen)
        fresh = {q: None for q in parse(b"".join(lines)) if not self._holds(q)}
        marker = self.path / PENDING
        tmp = marker.with_suffix(".part")
        listed = "".join(r.graph + "\n" for r in reports) + "".join(f"{q} .\n" for q in fresh)
        tmp.write_text(listed, encoding="utf-8")
        tmp.replace(marker)

        # The report graphs go in as the N-Quads they travel in, parsed by Oxigraph's loader without
        # a Python object per quad (fazhi wrote them: lenient skips re-validating their IRIs).
        data = b"".join(report.data for report in reports)
        self._store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS, lenient=True)
        self._store.bulk_extend(fresh)
        self._store.flush()
        marker.unlink()
        self._shared_seen.update(hash(line) for line in lines)
        for report in reports:
            yield report, "added"

    def _recover(self) -> None:
        """Undo a bulk load that did not finish: drop its reports and the shared quads it added."""
        marker = self.path / PENDING
        lines = marker.read_text("utf-8").splitlines()
        for graph in (ox.NamedNode(line) for line in lines if line and " " not in line):
            if self._store.contains_named_graph(graph):
                self._store.remove_graph(graph)
        added = "\n".join(line for line in lines if " " in line).encode("utf-8")
        for quad in parse(added):
            self._store.remove(quad)
        self._store.flush()
        marker.unlink()

    def remove(self, report: str) -> str:
        """Remove one report's graph, given its report IRI, graph IRI, content hash (prefix) or source path/URI.

        Returns the IRI of the removed report.
        """
        graph, report_iri = self.find_one(report)
        self._store.update(" ; ".join([_drop(graph), *self._orphans_of(graph)]))  # one transaction
        self._shared_seen.clear()  # some shared lines may have gone with it
        return report_iri.value

    # -- reading ---------------------------------------------------------------------------------

    def query(self, sparql: str, **options: Any) -> Any:
        """Run SPARQL on the union of the graphs (reports and shared nodes); pyoxigraph's results
        (bind parameters with :func:`fazhi.queries.run`, which also turns the results into rows).
        ``options`` go to pyoxigraph's ``Store.query`` (``base_iri``, ``default_graph``, …)."""
        if "default_graph" not in options and "named_graphs" not in options:
            options.setdefault("use_default_graph_as_union", True)
        return self._store.query(sparql, **options)

    def to_dataset(self) -> Dataset:
        """Every report graph as an rdflib Dataset (for validation and small stores)."""
        ds = new_dataset()
        for quad in self._store.quads_for_pattern(None, None, None, None):
            terms: Any = tuple(to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object, quad.graph_name))
            ds.add(terms)
        return ds

    def ntriples(self, graph: str) -> bytes:
        """One named graph as N-Triples, written by Oxigraph without a Python object per triple."""
        body = io.BytesIO()
        self._store.dump(body, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        return body.getvalue()

    def __len__(self) -> int:
        """The number of quads in the store (every triple is in one graph, so also its triples)."""
        return len(self._store)

    def triples(self) -> int:
        """The number of distinct triples in the union of the graphs (``len`` of the rdflib Dataset)."""
        return len(self._store)

    def reports(self) -> int:
        """The number of reports in the store."""
        return self._count(f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{FZ.Report}> }}")

    def graphs(self) -> set[str]:
        """The IRIs of the report graphs (the shared graph is not one)."""
        return {g.value for g in self._store.named_graphs()} - _shared(self._store)

    def shared_graphs(self) -> set[str]:
        """The IRI of the graph of shared nodes (laws, concepts, regions, agencies), if the store has one."""
        return _shared(self._store)

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
        result: Any = self._store.query(sparql, use_default_graph_as_union=True)
        solution = next(iter(result))
        return int(solution["n"].value)

    def _orphans_of(self, graph: ox.NamedNode) -> list[str]:
        """SPARQL Update removing what the shared graph says of nodes only ``graph`` names (an agency,
        a document no other report cites, their regions and types), so that a store without a
        report holds what a store built without it holds."""
        named = [g for g in self._store.named_graphs() if is_shared_graph(g.value)]
        if not named:
            return []
        shared_graph = named[0]

        def referenced(node: ox.NamedNode, dead: set[ox.NamedNode]) -> bool:
            for q in self._store.quads_for_pattern(None, None, node, None):
                if q.graph_name == graph or q.subject == node:
                    continue
                if q.graph_name != shared_graph or q.subject not in dead:
                    return True
            return False

        # The shared nodes the report reaches, then, until nothing changes, those nothing else names.
        frontier = [
            q.object for q in self._store.quads_for_pattern(None, None, None, graph) if isinstance(q.object, ox.NamedNode)
        ]
        reached: dict[ox.NamedNode, list[ox.Quad]] = {}
        while frontier:
            node = frontier.pop()
            if node in reached:
                continue
            reached[node] = list(self._store.quads_for_pattern(node, None, None, shared_graph))
            frontier.extend(q.object for q in reached[node] if isinstance(q.object, ox.NamedNode))
        dead: set[ox.NamedNode] = set()
        changed = True
        while changed:
            changed = False
            for node, described in reached.items():
                if described and node not in dead and not referenced(node, dead):
                    dead.add(node)
                    changed = True
        quads = [q for node in dead for q in self._store.quads_for_pattern(node, None, None, shared_graph)]
        if not quads:
            return []
        return [
            "DELETE DATA { " + " ".join(f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads) + " }"
        ]

    def _holds(self, quad: ox.Quad) -> bool:
        return (
            next(iter(self._store.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name)), None)
            is not None
        )

    def _graphs_of_source(self, source: str) -> list[ox.NamedNode]:
        quads = self._store.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.source)), ox.NamedNode(source), None)
        return [q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)]

    def find_one(self, spec: str) -> tuple[ox.NamedNode, ox.NamedNode]:
        """The (graph, report) that ``spec`` names (see :meth:`find`); a :class:`StoreError` when it
        names none or several."""
        matches = self.find(spec)
        if not matches:
            raise StoreError(
                f"{spec}: no such report in {self.path}; give a report IRI, a content hash, or the source path, URL or file name"
            )
        if len(matches) > 1:
            raise StoreError(f"{spec}: matches {len(matches)} reports; give a longer content hash or the report IRI")
        return matches[0]

    def find(self, spec: str) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
        """The (graph, report) pairs a report IRI, graph IRI, content hash prefix, source path/URI or
        source file name (``r039.txt``, when no path is given) names."""
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
            by_name = "/" not in spec and unquote(source).rsplit("/", 1)[-1] == spec  # r039.txt: the file of that name
            if by_hash or by_name or g.value in candidates or r.value in candidates or source in candidates:
                found.append((g, r))
        return found


def _drop(graph: ox.NamedNode) -> str:
    """SPARQL Update that removes a report graph (the shared graph keeps the laws and places it named)."""
    return f"DROP SILENT GRAPH {graph}"


def _shared(inner: ox.Store) -> set[str]:
    """The shared graph's IRI(s) in ``inner``."""
    return {g.value for g in inner.named_graphs() if is_shared_graph(g.value)}


def open_graph(
    graph: str | Path | None = None,
    *,
    store: str | Path | None = None,
    read_only: bool = True,
    predicates: Iterable[str] | None = None,
) -> Store:
    """The one way to open what a command reads: a graph file (into an in-memory store) or a store folder.

    A store is opened ``read_only`` by default, without the write lock, so queries, validation,
    pushes and the server run beside a ``fazhi build --store`` that is writing; it sees the store
    as it was when opened. ``predicates`` keeps only the quads of a graph file with those
    predicates (for one query: see :meth:`Store.from_file`); a store is read whole.
    """
    if graph and store:
        raise GraphError(f"give a graph file or --store {store}, not both")
    if store:
        return Store.open(store, create=False, read_only=read_only)
    if not graph:
        raise GraphError("give a graph file (made by fazhi build -o graph.trig) or --store DIR")
    return Store.from_file(graph, predicates=predicates)
