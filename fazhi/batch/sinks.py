"""Where a build's report graphs go as they arrive: a graph file (written atomically) or a store.

Every sink has the same small protocol (:class:`Sink`), so one loop (:func:`fazhi.batch.run.build_into`)
serves them all: it asks the sink which report graphs it already holds (those inputs are read and
hashed, not extracted), hands it the reports as they come, and learns for each whether it was
added, left unchanged or replaced.

File sinks: N-Quads and TriG stream: each report's graph is written when it arrives, with the
lines of the shared graph (laws, concepts, regions, agencies) that the file does not hold yet;
only those lines' hashes are held, up to a bound (past it a line may be written twice, which RDF
readers merge), so memory stays flat however many reports there are. Turtle, N-Triples and JSON-LD hold the union
of all reports (and JSON-LD is compacted with fazhi's context by rdflib), so they gather the
reports in an in-memory Oxigraph store and write at the end: use ``.nq`` or ``.trig``, or a
store (``--store``), for a national corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

import pyoxigraph as ox

from fazhi.errors import OutputError
from fazhi.graph.io import PREFIXES, format_for, graph_output, jsonld_context, target_is_dir
from fazhi.graph.nquads import parse
from fazhi.graph.report import ReportGraph
from fazhi.graph.store import Store

STREAMED = {"nquads", "trig"}
#: How many shared lines a streamed file remembers having written.
SEEN_LINES = 1_000_000


class Sink(Protocol):
    """Where report graphs go. Used as a context manager: leaving it with an error keeps what the
    sink had before (a file is not replaced; a store keeps every report it had added)."""

    def known(self) -> frozenset[str]:
        """The IRIs of the report graphs the sink already holds."""
        ...

    def write(self, reports: Iterable[ReportGraph]) -> Iterator[tuple[ReportGraph, str]]:
        """Take the reports; yield each with ``"added"``, ``"unchanged"`` or ``"replaced"``."""
        ...

    def totals(self) -> tuple[int, int, int]:
        """Reports, quads and distinct triples the sink holds now (for the summary)."""
        ...

    def __enter__(self) -> Sink: ...

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None: ...


class FileSink:
    """Report graphs → one graph file; the file appears only when :meth:`close` succeeds.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with FileSink(folder / "g.nq") as sink:
    ...     sink.add(ReportGraph("file:///r.txt", "ab", "http://example.org/g",
    ...                          b'<http://example.org/r> <http://example.org/p> "x" <http://example.org/g> .\\n', 1, "", (), 0))
    >>> (folder / "g.nq").read_text()
    '<http://example.org/r> <http://example.org/p> "x" <http://example.org/g> .\\n'
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format = format_for(path)
        if target_is_dir(path):
            raise OutputError(f"{path}: is a folder; give a file name such as graph.trig")
        self._output = graph_output(path)
        self._handle: IO[bytes] = self._output.__enter__()
        self._union: ox.Store | None = None if self.format in STREAMED else ox.Store()
        self._prefixes_written = False
        self._graphs: set[str] = set()
        self._quads = 0
        self._seen: set[int] = set()

    def known(self) -> frozenset[str]:
        """A new file holds nothing yet."""
        return frozenset()

    def write(self, reports: Iterable[ReportGraph]) -> Iterator[tuple[ReportGraph, str]]:
        """Write every report once: ``"added"``, or ``"unchanged"`` for a text already written."""
        for report in reports:
            if report.graph in self._graphs:  # the same text read from two places is one report
                yield report, "unchanged"
                continue
            self._graphs.add(report.graph)
            self.add(report)
            self._quads += report.quads
            yield report, "added"

    def totals(self) -> tuple[int, int, int]:
        """Reports and quads written (distinct triples are not counted for a file: 0)."""
        return len(self._graphs), self._quads, 0

    def add(self, report: ReportGraph) -> None:
        """Write (or gather) one report's graph and the shared lines the file lacks."""
        if self._union is not None:
            self._union.extend(parse(report.data))
            self._union.extend(parse(report.shared))
            return
        shared = self._new_shared(report.shared)
        self._quads += shared.count(b"\n")
        if self.format == "nquads":
            self._handle.write(report.data + shared)
        else:
            self._write_trig(report.graph, report.data)
            if shared:
                self._write_trig(_graph_of(shared), shared)

    def _new_shared(self, lines: bytes) -> bytes:
        """The lines of ``lines`` not written before (as far as :data:`SEEN_LINES` remembers)."""
        if len(self._seen) > SEEN_LINES:
            self._seen.clear()
        seen, new = self._seen, []
        for line in lines.splitlines(keepends=True):
            key = hash(line)
            if key not in seen:
                seen.add(key)
                new.append(line)
        return b"".join(new)

    def _write_trig(self, graph_iri: str, data: bytes) -> None:
        """A graph block whose statements are the N-Quads of ``graph_iri`` less their graph name
        (N-Triples lines are Turtle): no re-parsing, so TriG streams nearly as fast as N-Quads. A
        graph may have several blocks (the shared graph one per report that adds to it)."""
        if not self._prefixes_written:  # declared once, at the top, for readers that add triples
            self._handle.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode())
            self._prefixes_written = True
        graph = f"<{graph_iri}>".encode()
        self._handle.write(graph + b" {\n" + data.replace(b" " + graph + b" .\n", b" .\n") + b"}\n")

    def close(self) -> None:
        """Finish the file and move it into place."""
        if self._union is not None:
            self._write_union()
        self._output.__exit__(None, None, None)

    def abort(self, exc: BaseException) -> None:
        """Drop the partial file; whatever was at the path before stays."""
        try:
            self._output.__exit__(type(exc), exc, exc.__traceback__)
        except BaseException as err:
            if err is not exc:
                raise

    def _write_union(self) -> None:
        assert self._union is not None
        if self.format == "json-ld":
            dataset = Store(self._union, Path(":memory:")).to_dataset()
            dataset.serialize(destination=self._handle, format="json-ld", context=jsonld_context(), auto_compact=True)
            return
        triples = {(q.subject, q.predicate, q.object) for q in self._union}
        fmt = ox.RdfFormat.TURTLE if self.format == "turtle" else ox.RdfFormat.N_TRIPLES
        options: dict[str, Any] = {"prefixes": PREFIXES} if self.format == "turtle" else {}
        ox.serialize((ox.Triple(*t) for t in sorted(triples, key=str)), self._handle, format=fmt, **options)

    def __enter__(self) -> FileSink:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if exc is None:
            self.close()
        else:
            self.abort(exc)


def _graph_of(nquads: bytes) -> str:
    """The graph IRI of the first line of N-Quads that fazhi wrote (``… <graph> .``)."""
    first = nquads[: nquads.index(b"\n")]
    return first[first.rindex(b" <") + 2 : first.rindex(b">")].decode()


class StoreSink:
    """Report graphs → a persistent store (created if missing): new reports bulk-loaded in batches,
    a changed report replacing its old graph in one transaction (:meth:`Store.add_graphs`)."""

    def __init__(self, path: str | Path, reread: bool = True) -> None:
        self.path = Path(path)
        self.store = Store.open(path, create=True)
        self.reread = reread

    def known(self) -> frozenset[str]:
        """The reports the build skips: those this fazhi read already (the others are read again),
        or with ``reread=False`` every report the store holds."""
        from fazhi.extraction import release

        return frozenset(self.store.graphs_read_by(release()) if self.reread else self.store.graphs())

    def write(self, reports: Iterable[ReportGraph]) -> Iterator[tuple[ReportGraph, str]]:
        return self.store.add_graphs(reports)

    def totals(self) -> tuple[int, int, int]:
        return self.store.reports(), len(self.store), self.store.triples()

    def __enter__(self) -> StoreSink:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.store.close()
