"""Where a build's report graphs go as they arrive: a graph file, written atomically.

N-Quads and TriG stream: each report's graph is written when it arrives and nothing is held, so
memory stays flat however many reports there are. Turtle, N-Triples and JSON-LD hold the union
of all reports (and JSON-LD is compacted with fazhi's context by rdflib), so they gather the
reports in an in-memory Oxigraph store and write at the end: use ``.nq`` or ``.trig``, or a
store (``--store``), for a national corpus.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyoxigraph as ox

from fazhi.errors import OutputError
from fazhi.graph.io import PREFIXES, atomic_output, format_for, target_is_dir
from fazhi.graph.nquads import parse
from fazhi.work import ReportGraph

STREAMED = {"nquads", "trig"}


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
        self._output = atomic_output(path)
        self._handle: IO[bytes] = self._output.__enter__()
        self._union: ox.Store | None = None if self.format in STREAMED else ox.Store()
        self._prefixes_written = False

    def add(self, report: ReportGraph) -> None:
        """Write (or gather) one report's graph."""
        if self.format == "nquads":
            self._handle.write(report.data)
        elif self.format == "trig":
            self._write_trig(report)
        else:
            assert self._union is not None
            self._union.extend(parse(report.data))

    def _write_trig(self, report: ReportGraph) -> None:
        """A graph block whose statements are the report's N-Quads less their graph name (N-Triples
        lines are Turtle): no re-parsing, so TriG streams nearly as fast as N-Quads."""
        if not self._prefixes_written:  # declared once, at the top, for readers that add triples
            self._handle.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode())
            self._prefixes_written = True
        graph = f"<{report.graph}>".encode()
        self._handle.write(graph + b" {\n" + report.data.replace(b" " + graph + b" .\n", b" .\n") + b"}\n")

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
            from fazhi.graph.io import jsonld_context
            from fazhi.store import Store

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
