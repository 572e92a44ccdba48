"""A persistent embedded Oxigraph store of report graphs, built incrementally.

Every triple is stored once, in the store's default graph: a report's facts and the nodes
reports share (a law, a region, an agency known by identity, a selector). A report's own
triples are those of the nodes under its IRI (its items, mentions, figures …), all of which
reach the report (:meth:`Store.own_quads`), so a report can be replaced or removed alone and
served as its graph (``Iris.graph``), as a file holds it. Oxigraph keeps three indexes of a
default-graph triple and six of a named-graph quad: this layout takes half the disk of one
named graph per report, and queries read the default graph without merging graphs.

A report already in the store is skipped; a report whose source is in the store with another
text replaces the old one in one transaction, so a crash leaves the store as it was before that
report.

Stores written by fazhi 0.2 and 0.3 (one named graph per report and one shared graph; queries
read their union) answer queries as they are; :meth:`Store.upgrade` (``fazhi upgrade --store``)
rewrites one in place, and opening one for writing without it is refused with a line saying so.
In-memory stores of graph files keep the file's graphs. A store built by fazhi
0.1, which kept a copy of every fact in the default graph beside its named graphs, is refused
with a line saying how to rebuild it.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS

from fazhi.errors import FazhiError, GraphError, StoreError, first_line
from fazhi.extraction.record import ReportRecord
from fazhi.graph.io import compressed, format_for, graph_input, new_dataset, read_dataset
from fazhi.graph.iris import REPORT_PART, Iris, graph_of, is_shared_graph, owned_by, owner, report_of, shared_graph_of
from fazhi.graph.nquads import parse
from fazhi.graph.report import ReportGraph, report_graph
from fazhi.graph.terms import to_oxigraph, to_rdflib
from fazhi.ontology.namespaces import FZ

_DEFAULT = ox.DefaultGraph()
#: The graph that the triples of a dataset's default graph are read into.
_OWN = ox.NamedNode("urn:fazhi:default")
#: Lists the reports of a bulk load in progress; present after a crash, it makes the next opening undo them.
PENDING = "fazhi-pending.txt"
#: Present while a store of one named graph per report is rewritten into the default graph.
UPGRADING = "fazhi-upgrading.txt"
_MENTION = ox.NamedNode(str(FZ.Mention))
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_REPORT = ox.NamedNode(str(FZ.Report))
_EVIDENCE = ox.NamedNode(str(FZ.Evidence))
_SOURCE = ox.NamedNode(str(DCTERMS.source))
_EXTRACTOR = ox.NamedNode(str(FZ.extractor))
_PART_OF = ox.NamedNode(str(DCTERMS.isPartOf))


def _any(items: Iterable[object]) -> bool:
    return next(iter(items), None) is not None


def _earlier_format(inner: ox.Store, *, store: bool, upgrading: bool = False) -> bool:
    """A store or file written by fazhi 0.1: mentions typed fz:Mention, or (a store) facts copied into
    the default graph beside the report graphs (which a store halfway through its upgrade also has)."""
    if _any(inner.quads_for_pattern(None, _TYPE, _MENTION, None)):
        return True
    if not store or upgrading:
        return False
    return _any(inner.quads_for_pattern(None, None, None, _DEFAULT)) and _any(inner.named_graphs())


def _with_predicates(quads: Iterable[ox.Quad], keep: set[ox.NamedNode], graph: ox.NamedNode | None) -> Iterator[ox.Quad]:
    """The quads whose predicate is in ``keep`` (and the typing of fazhi 0.1's mentions, which
    :func:`_earlier_format` looks for), put in ``graph`` if given."""
    for quad in quads:
        if quad.predicate in keep or (quad.predicate == _TYPE and quad.object == _MENTION):
            yield quad if graph is None else ox.Quad(quad.subject, quad.predicate, quad.object, graph)


def _is_store(folder: Path) -> bool:
    return (folder / "CURRENT").is_file() and (folder / "IDENTITY").is_file()


def _triple(quad: ox.Quad) -> ox.Quad:
    """The quad's triple, in the default graph."""
    return ox.Quad(quad.subject, quad.predicate, quad.object)


def _data(quads: Iterable[ox.Quad]) -> str:
    """Default-graph quads as the body of SPARQL Update's INSERT DATA or DELETE DATA."""
    return " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def open_read_only(folder: Path, opener: Callable[[str], ox.Store] = ox.Store.read_only, attempts: int = 5) -> ox.Store:
    """Oxigraph's read-only store in ``folder``, which a build may be writing: RocksDB may replace
    its MANIFEST file between reading the file's name and opening it, so an opening that fails so
    is tried again (after 0.1, 0.2 … s); if it keeps failing (a damaged store fails every time), a
    :class:`StoreError` says what to do.

    >>> calls = []
    >>> def flaky(path):
    ...     calls.append(path)
    ...     if len(calls) < 3:
    ...         raise RuntimeError("Corruption: IO error: No such file or directory: db/MANIFEST-000005")
    ...     return "opened"
    >>> open_read_only(Path("db"), flaky), len(calls)
    ('opened', 3)
    """
    for attempt in range(1, attempts):
        try:
            return opener(str(folder))
        except RuntimeError:  # RocksDB's "Corruption": a file the writer has just replaced
            time.sleep(0.1 * attempt)
    try:
        return opener(str(folder))
    except RuntimeError as err:
        reason = first_line(err)[:120]
        raise StoreError(
            f"{folder}: cannot be read ({reason}); if a build is writing it, run the command again "
            "when it is done; if not, the store is damaged: rebuild it with fazhi build --store"
        ) from None


def _as_ntriples(quads: Iterable[ox.Quad | ox.Triple]) -> bytes:
    """The quads' triples as N-Triples, written by Oxigraph."""
    body = io.BytesIO()
    ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), body, format=ox.RdfFormat.N_TRIPLES)
    return body.getvalue()


#: The triples of a store (every triple in its default graph) whose subject no report owns: the
#: subject is no IRI under a report's (:func:`~fazhi.graph.iris.owner`'s rule, as SPARQL).
_SHARED_TRIPLES = f'CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(!isIRI(?s) || !REGEX(STR(?s), "{REPORT_PART}(/|$)")) }}'


def _ntriples(report: ReportGraph) -> bytes:
    """A report's N-Quads as N-Triples: the graph that ends each line dropped (a literal's line break
    is escaped, so that ending is found only there); through Oxigraph if some line ends otherwise."""
    ending = f" <{report.graph}> .\n".encode()
    if report.data.count(ending) == report.quads:  # report_graph counted the lines
        return report.data.replace(ending, b" .\n")
    return _as_ntriples(parse(report.data))


class Store:
    """A folder holding an Oxigraph (RocksDB) store of report graphs."""

    def __init__(self, inner: ox.Store, path: Path, *, read_only: bool = False) -> None:
        self._store = inner
        self.path = path
        self.read_only = read_only
        #: Whether each report is a named graph of its own (a graph file's store; a store of fazhi 0.2
        #: or 0.3 not yet upgraded): queries then read the union of the graphs.
        self.by_graph = _any(inner.named_graphs())
        #: How many named graphs :meth:`upgrade` rewrote into the default graph (0: none, or not upgraded).
        self.upgraded = 0
        #: Hashes of shared-graph lines known to be in the store, so a build does not look each up again.
        self._shared_seen: set[int] = set()

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool,
        read_only: bool = False,
        upgrade: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> Store:
        """Open the store in ``path``; with ``create``, make one in a missing or empty folder.

        With ``read_only`` the store must exist; it is opened without the write lock (a build can
        run beside it) and sees the store as it was when opened. A store of fazhi 0.2 or 0.3 (a
        named graph per report) is read as it is; to open it for writing, ``upgrade`` it in place
        (:meth:`upgrade`, with ``progress``), which is refused otherwise with a line saying how.
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
            inner = open_read_only(folder) if read_only else ox.Store(str(folder))
        except OSError as err:
            reason = first_line(err)
            if "lock" in reason.lower():
                raise StoreError(f"{path}: the store is in use by another fazhi process; wait for it to finish") from None
            raise StoreError(f"{path}: cannot open the store ({reason})") from None
        upgrading = (folder / UPGRADING).exists()
        if _earlier_format(inner, store=True, upgrading=upgrading):
            del inner
            raise StoreError(
                f"{path}: built by fazhi 0.1, whose graphs this version does not read; rebuild it: fazhi build --store NEW_FOLDER INPUTS"
            )
        if upgrading and not upgrade:
            del inner
            raise StoreError(f"{path}: its upgrade to this version's layout was cut off; finish it: fazhi upgrade --store {path}")
        store = cls(inner, folder, read_only=read_only)
        if not read_only:
            if (folder / PENDING).exists():
                store._recover()
            if upgrade and (store.by_graph or upgrading):
                store.upgrade(progress)
            elif store.by_graph:
                del store, inner
                raise StoreError(
                    f"{path}: built by fazhi 0.2 or 0.3, a named graph per report; it answers queries as it is, "
                    f"but to add or remove reports upgrade it in place once: fazhi upgrade --store {path}"
                )
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
        # Oxigraph without a Python object per quad; for one query's predicates, quad by quad. Oxigraph
        # reads a plain file itself, a compressed one through Python's gzip.
        try:
            with graph_input(p) if compressed(p) else nullcontext(None) as handle:
                source: dict[str, Any] = {"path": str(p)} if handle is None else {"input": handle}
                if predicates is None:
                    inner.bulk_load(**source, format=formats[fmt], base_iri=p.resolve().as_uri(), lenient=True, **options)
                else:
                    quads = ox.parse(**source, format=formats[fmt], base_iri=p.resolve().as_uri(), lenient=True)
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
        """Add one report's serialised graph: ``"added"``, ``"unchanged"``, ``"replaced"`` or ``"reread"``.

        A report that is stored is left alone, unless another fazhi or other vocabularies read it
        (its ``fz:extractor`` differs from the new reading's): then the new reading replaces it,
        ``"reread"``. A report whose source is stored with another text replaces that one. Either
        way it is one transaction (the removal of the old report with the insertion of the new one).
        """
        self._writable()
        report_iri = report_of(report.graph)
        held = self._extractor_of(report_iri)
        if held is not None and (not report.extractor or held == report.extractor):
            return "unchanged"
        quads = [_triple(q) for q in (*parse(report.data), *parse(report.shared))]
        old = self._reports_of_source(report.source)
        if held is not None:
            old = [ox.NamedNode(report_iri), *(o for o in old if o.value != report_iri)]
        if not old:
            self._store.extend(quads)
            return "added"
        removed: list[ox.Quad] = []
        for stale in old:
            own = self.own_quads(stale.value)
            removed += own + self._orphans(own, stale.value)
        self._store.update(f"DELETE DATA {{ {_data(removed)} }} ; INSERT DATA {{ {_data(quads)} }}")  # one transaction
        self._shared_seen.clear()
        return "reread" if held is not None else "replaced"

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
        self._writable()
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
            if any(p.graph == report.graph for p in pending):
                yield report, "unchanged"
            elif self._holds_report(report_of(report.graph)) or self._reports_of_source(report.source):
                yield report, self.add_graph(report)  # unchanged, reread or replaced
            else:
                pending.append(report)
                size += report.quads
                if size >= batch:
                    yield from self._load(pending)
                    pending, size = [], 0
        yield from self._load(pending)

    def _load(self, reports: list[ReportGraph]) -> Iterator[tuple[ReportGraph, str]]:
        """Bulk-load new reports (their triples and what they add to the shared nodes), with the
        pending file around it: the reports' IRIs, then the shared triples the store lacked."""
        if not reports:
            return
        if len(self._shared_seen) > 1_000_000:
            self._shared_seen.clear()
        lines: dict[bytes, None] = {}
        for report in reports:
            lines.update((line, None) for line in report.shared.splitlines(keepends=True) if hash(line) not in self._shared_seen)
        fresh = {t: None for t in map(_triple, parse(b"".join(lines))) if not self._holds(t)}
        marker = self.path / PENDING
        tmp = marker.with_suffix(".part")
        listed = "".join(report_of(r.graph) + "\n" for r in reports) + "".join(f"{q} .\n" for q in fresh)
        tmp.write_text(listed, encoding="utf-8")
        tmp.replace(marker)

        # Parsed by Oxigraph's loader without a Python object per triple (fazhi wrote them: lenient
        # skips re-validating IRIs).
        self._store.bulk_load(input=b"".join(map(_ntriples, reports)), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        self._store.bulk_extend(fresh)
        self._store.flush()
        marker.unlink()
        self._shared_seen.update(hash(line) for line in lines)
        for report in reports:
            yield report, "added"

    def _recover(self) -> None:
        """Undo a bulk load that did not finish: drop its reports and the shared triples it added."""
        marker = self.path / PENDING
        lines = marker.read_text("utf-8").splitlines()
        listed = {line for line in lines if line and " " not in line}
        if self.by_graph:  # listed by fazhi 0.3: the reports' graphs
            for graph in map(ox.NamedNode, listed):
                if self._store.contains_named_graph(graph):
                    self._store.remove_graph(graph)
        else:
            # Half a report may be in: its nodes need not reach it yet, so every triple is looked at (once, after a crash).
            everything = self._store.quads_for_pattern(None, None, None, _DEFAULT)
            for quad in [q for q in everything if owner(getattr(q.subject, "value", "")) in listed]:
                self._store.remove(quad)
        added = "\n".join(line for line in lines if " " in line).encode("utf-8")
        for quad in parse(added):
            self._store.remove(quad)
        self._store.flush()
        marker.unlink()

    def upgrade(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rewrite a store of one named graph per report (fazhi 0.2, 0.3) into this version's layout,
        every triple once in the default graph, graph by graph; returns the number of graphs.
        ``progress(done, graphs)`` is called every 1,000 graphs and at the end. A marker file is
        kept meanwhile: an upgrade that is cut off is refused by :meth:`open` until it is run
        again, which finishes it (each step can be repeated)."""
        self._writable(upgrading=True)
        marker = self.path / UPGRADING
        marker.write_text("upgrading to one default graph: fazhi upgrade --store finishes it\n", encoding="utf-8")
        graphs = [g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]
        batch: list[ox.NamedNode] = []
        triples: list[ox.Quad] = []
        for done, graph in enumerate(graphs, 1):
            copied = [_triple(q) for q in self._store.quads_for_pattern(None, None, None, graph)]
            if not is_shared_graph(graph.value):
                # fazhi 0.3's evidence nodes did not name their report; every node of a report reaches it now.
                report = ox.NamedNode(report_of(graph.value))
                evidence = {q.subject for q in copied if q.predicate == _TYPE and q.object == _EVIDENCE}
                copied += [ox.Quad(node, _PART_OF, report) for node in evidence]  # type: ignore[arg-type]
            batch.append(graph)
            triples += copied
            if len(triples) >= 200_000 or done == len(graphs):  # RocksDB ingests a bulk load as files: few, large ones
                self._store.bulk_extend(triples)
                for copied_graph in batch:
                    self._store.remove_graph(copied_graph)
                batch, triples = [], []
            if progress is not None and (done % 1000 == 0 or done == len(graphs)):
                progress(done, len(graphs))
        self._store.flush()
        self._store.optimize()  # the removed quads' space comes back now, not at RocksDB's next compaction
        self.by_graph = False
        marker.unlink()
        self.upgraded = len(graphs)
        return len(graphs)

    def remove(self, report: str) -> str:
        """Remove one report, given its report IRI, graph IRI, content hash (prefix) or source path/URI.

        Returns the IRI of the removed report.
        """
        self._writable()
        _, report_iri = self.find_one(report)
        own = self.own_quads(report_iri.value)
        self._store.update(f"DELETE DATA {{ {_data(own + self._orphans(own, report_iri.value))} }}")  # one transaction
        self._shared_seen.clear()  # some shared lines may have gone with it
        return report_iri.value

    # -- reading ---------------------------------------------------------------------------------

    def query(self, sparql: str, **options: Any) -> Any:
        """Run SPARQL on every triple of the store (reports and shared nodes); pyoxigraph's results
        (bind parameters with :func:`fazhi.queries.run`, which also turns the results into rows).
        ``options`` go to pyoxigraph's ``Store.query`` (``base_iri``, ``default_graph``, …)."""
        if self.by_graph and "default_graph" not in options and "named_graphs" not in options:
            options.setdefault("use_default_graph_as_union", True)
        return self._store.query(sparql, **options)

    def to_dataset(self) -> Dataset:
        """Every report graph as an rdflib Dataset (for validation and small stores)."""
        ds = new_dataset()
        for quad in self.quads():
            terms: Any = tuple(to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object, quad.graph_name))
            ds.add(terms)
        return ds

    def quads(self) -> Iterator[ox.Quad]:
        """Every triple of the store in the named graph a file of the same reports puts it in: the
        report's own graph (``Iris.graph``) or the shared graph."""
        if self.by_graph:
            yield from self._store.quads_for_pattern(None, None, None, None)
            return
        reports = set(self._report_iris())
        shared = ox.NamedNode(next(iter(self.shared_graphs()), "urn:fazhi:shared"))
        for q in self._store.quads_for_pattern(None, None, None, _DEFAULT):
            report = owner(getattr(q.subject, "value", ""))
            graph = ox.NamedNode(graph_of(report)) if report in reports else shared
            yield ox.Quad(q.subject, q.predicate, q.object, graph)

    def own_quads(self, report: str) -> list[ox.Quad]:
        """The triples of one report's own nodes: the report and the nodes under its IRI, each of
        which reaches the report by its links (items, figures, sections and evidence are part of it;
        a mention's target has it as source). In a store of named graphs, the report's graph."""
        if self.by_graph:
            return list(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_of(report))))
        found: list[ox.Quad] = []
        start = ox.NamedNode(report)
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for q in self._store.quads_for_pattern(node, None, None, _DEFAULT):
                found.append(q)
                o = q.object
                if isinstance(o, ox.NamedNode) and o not in seen and owned_by(o.value, report):
                    seen.add(o)
                    todo.append(o)
            for q in self._store.quads_for_pattern(None, None, node, _DEFAULT):
                s = q.subject
                if isinstance(s, ox.NamedNode) and s not in seen and owned_by(s.value, report):
                    seen.add(s)
                    todo.append(s)
        return found

    def ntriples(self, graph: str) -> bytes:
        """One report's graph (or the shared graph) as N-Triples, written by Oxigraph."""
        if self.by_graph:  # written by Oxigraph without a Python object per triple
            body = io.BytesIO()
            self._store.dump(body, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
            return body.getvalue()
        if is_shared_graph(graph):
            # The triples of nodes no report owns, picked out by Oxigraph in one scan: 34 s for a
            # store of 10,000 reports (8.3 M triples), where reading every triple in Python took 92–96 s.
            return _as_ntriples(self._store.query(_SHARED_TRIPLES))  # type: ignore[arg-type]  # a CONSTRUCT gives triples
        return _as_ntriples(self.own_quads(report_of(graph)))

    def __len__(self) -> int:
        """The number of quads in the store (every triple is in one graph, so also its triples)."""
        return len(self._store)

    def triples(self) -> int:
        """The number of distinct triples in the store (``len`` of the rdflib Dataset)."""
        return len(self._store)

    def reports(self) -> int:
        """The number of reports in the store."""
        return self._count(f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{FZ.Report}> }}")

    def graphs(self) -> set[str]:
        """The IRIs of the report graphs (the shared graph is not one): those a file of the same
        reports has."""
        if self.by_graph:
            return {g.value for g in self._store.named_graphs()} - self.shared_graphs()
        return {graph_of(report) for report in self._report_iris()}

    def graphs_read_by(self, release: str) -> set[str]:
        """The report graphs whose reports ``release`` read (their ``fz:extractor`` begins with it
        or has it after a reader's name: :func:`fazhi.extraction.release`); a build skips these and
        reads the others again."""
        wanted = ox.Literal(release)
        rows = self.query(f"SELECT ?r WHERE {{ ?r a <{FZ.Report}> ; <{FZ.extractor}> ?e . FILTER(CONTAINS(STR(?e), {wanted})) }}")
        return {graph_of(row[0].value) for row in rows}

    def shared_graphs(self) -> set[str]:
        """The IRI of the graph of shared nodes (laws, concepts, regions, agencies), if the store has one."""
        if self.by_graph:
            return {g.value for g in self._store.named_graphs() if is_shared_graph(g.value)}
        first = next(self._report_iris(), None)
        return {shared_graph_of(first)} if first is not None else set()

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

    def _writable(self, *, upgrading: bool = False) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; open it for writing (Store.open(..., read_only=False))")
        if self.by_graph and not (upgrading and self.is_folder()):
            raise StoreError(
                f"{self.path}: a graph file's reports are read here, not added; build a store with fazhi build --store DIR"
            )

    def _count(self, sparql: str) -> int:
        solution = next(iter(self.query(sparql)))
        return int(solution["n"].value)

    def _orphans(self, removed: list[ox.Quad], report: str) -> list[ox.Quad]:
        """The triples describing shared nodes that only ``removed`` (one report's triples) named: an
        agency, a document no other report cites, their regions and types, a selector. So a store
        without a report holds what a store built without it holds."""
        gone = set(removed)

        def referenced(node: ox.NamedNode, dead: set[ox.NamedNode]) -> bool:
            for q in self._store.quads_for_pattern(None, None, node, _DEFAULT):
                if q not in gone and q.subject != node and q.subject not in dead:
                    return True
            return False

        # The shared nodes the report reaches, then, until nothing changes, those nothing else names.
        frontier = [q.object for q in removed if isinstance(q.object, ox.NamedNode)]
        reached: dict[ox.NamedNode, list[ox.Quad]] = {}
        while frontier:
            node = frontier.pop()
            if node in reached or owned_by(node.value, report):
                continue
            reached[node] = list(self._store.quads_for_pattern(node, None, None, _DEFAULT))
            frontier.extend(q.object for q in reached[node] if isinstance(q.object, ox.NamedNode))
        dead: set[ox.NamedNode] = set()
        changed = True
        while changed:
            changed = False
            for node, described in reached.items():
                if described and node not in dead and not referenced(node, dead):
                    dead.add(node)
                    changed = True
        return [q for node in dead for q in reached[node]]

    def _report_iris(self) -> Iterator[str]:
        """The IRIs of the reports in the default graph."""
        for q in self._store.quads_for_pattern(None, _TYPE, _REPORT, _DEFAULT):
            if isinstance(q.subject, ox.NamedNode):
                yield q.subject.value

    def _holds(self, quad: ox.Quad) -> bool:
        return _any(self._store.quads_for_pattern(quad.subject, quad.predicate, quad.object, quad.graph_name))

    def _holds_report(self, report: str) -> bool:
        return _any(self._store.quads_for_pattern(ox.NamedNode(report), _TYPE, _REPORT, _DEFAULT))

    def _extractor_of(self, report: str) -> str | None:
        """What read a stored report (its ``fz:extractor``; "" when it has none), or None when the store lacks it."""
        if not self._holds_report(report):
            return None
        found = next(self._store.quads_for_pattern(ox.NamedNode(report), _EXTRACTOR, None, _DEFAULT), None)
        return found.object.value if found is not None and isinstance(found.object, ox.Literal) else ""

    def _reports_of_source(self, source: str) -> list[ox.NamedNode]:
        quads = self._store.quads_for_pattern(None, _SOURCE, ox.NamedNode(source), _DEFAULT)
        return [q.subject for q in quads if isinstance(q.subject, ox.NamedNode)]

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
        pattern = f"?r a <{FZ.Report}> ; <{FZ.contentHash}> ?hash ; <{DCTERMS.source}> ?source"
        sparql = (
            f"SELECT ?g ?r ?hash ?source WHERE {{ GRAPH ?g {{ {pattern} }} }}"
            if self.by_graph
            else f"SELECT ?r ?hash ?source WHERE {{ {pattern} }}"
        )
        found = []
        solutions: Any = self._store.query(sparql)
        for s in solutions:
            r, digest, source = s["r"], s["hash"].value, s["source"].value
            g = s["g"] if self.by_graph else ox.NamedNode(graph_of(r.value))
            by_hash = len(spec) >= 6 and digest.startswith(spec.lower())
            by_name = "/" not in spec and unquote(source).rsplit("/", 1)[-1] == spec  # r039.txt: the file of that name
            if by_hash or by_name or g.value in candidates or r.value in candidates or source in candidates:
                found.append((g, r))
        return found


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
