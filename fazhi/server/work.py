"""What a worker process of ``fazhi serve`` does: answer jobs (a query, a report's page, a network
page, the endpoint's page) from a store folder opened read-only.

Each worker opens the store itself, so a query that runs too long can be stopped by ending its
process (:mod:`fazhi.server.pool`) without touching the others. Before each job the worker looks
at the store's files (its write-ahead logs, MANIFEST and CURRENT); when a build has changed them
since it opened the store, it opens it again, so new reports show without a restart, and a
writer is never blocked by a reader (read-only opens take no lock).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from fazhi.errors import FazhiError, first_line
from fazhi.graph.store import Store
from fazhi.server.protocol import (
    HTML,
    NTRIPLES,
    TRUNCATED_HEADER,
    TURTLE,
    HttpError,
    QueryRequest,
    Reply,
    choose_format,
    negotiate,
)
from fazhi.server.results import Answer, serialize


@dataclass(frozen=True)
class Settings:
    """What every worker is told when it starts."""

    folder: str
    #: Reopen the store when its files change (a store being built); off for a temporary copy of a file.
    watch: bool
    timeout: float
    limit: int


class StoreView:
    """A store folder opened read-only, opened again when its files have changed since."""

    def __init__(self, folder: Path, *, watch: bool) -> None:
        self.folder = folder
        self.watch = watch
        self._store: Store | None = None
        self._signature: tuple[tuple[str, int, int], ...] = ()
        #: Pages made once per opening of the store (the network and endpoint pages).
        self.cache: dict[Any, Reply] = {}

    def current(self) -> Store:
        """The store as it is now (reopened if a build has written to it since the last call)."""
        if self._store is not None and not self.watch:
            return self._store
        signature = store_signature(self.folder)
        if self._store is None or signature != self._signature:
            self._store = None  # closes the old view before opening the new one
            self._store = Store.open(self.folder, create=False, read_only=True)
            self._signature = signature
            self.cache.clear()
        return self._store


def store_signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of the files a write changes: the write-ahead logs, the
    MANIFEST and CURRENT. Any write (a report added, a batch bulk-loaded, a compaction) changes it."""
    entries = []
    with os.scandir(folder) as found:
        for entry in found:
            if entry.name.endswith(".log") or entry.name.startswith("MANIFEST") or entry.name == "CURRENT":
                try:
                    info = entry.stat()
                except FileNotFoundError:  # removed by the writer meanwhile
                    continue
                entries.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(entries))


# -- jobs ----------------------------------------------------------------------------------------


def answer_query(store: Store, request: QueryRequest, limit: int) -> Reply:
    """A query's answer cut to ``limit`` rows or triples, in the format the request may get."""
    options: dict[str, Any] = {"base_iri": request.base_iri}
    if request.has_dataset:
        try:
            options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs] or ox.DefaultGraph()
            options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
        except ValueError as err:
            raise HttpError(400, f"default-graph-uri and named-graph-uri take absolute IRIs ({first_line(err)})") from None
    try:
        answer = _collect(store.query(request.sparql, **options), limit)
    except SyntaxError as err:
        raise HttpError(400, f"malformed SPARQL: {first_line(err)}") from None
    fmt = choose_format(answer.graph, list(request.wanted), request.accept, boolean=answer.boolean is not None)
    headers = ((TRUNCATED_HEADER, "true"),) if answer.truncated else ()
    return Reply(200, fmt.content_type, serialize(answer, fmt), headers)


def _collect(result: Any, limit: int) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return Answer(boolean=result)
    answer = Answer(graph=isinstance(result, ox.QueryTriples))
    if isinstance(result, ox.QuerySolutions):
        answer.variables = [v.value for v in result.variables]
    for item in result:
        if len(answer.items) == limit:
            answer.truncated = True
            break
        answer.items.append(item)
    return answer


def answer_report(store: Store, digest: str, accept: str | None) -> Reply:
    """A report at its IRI's path: its page for a browser, its graph as N-Triples for an RDF client."""
    from fazhi.report import find_report, render_page, report_view

    try:
        graph, report = find_report(store, digest)
    except FazhiError as err:
        raise HttpError(404, f"{err}") from None
    chosen = negotiate(accept or "text/html", [HTML, NTRIPLES, TURTLE])
    if chosen is None:
        raise HttpError(406, "a report is served as text/html (its page), application/n-triples or text/turtle")
    if chosen is HTML:
        return Reply(200, "text/html; charset=utf-8", render_page(report_view(store, graph, report)).encode("utf-8"))
    return Reply(200, chosen.content_type, store.ntriples(graph))


def answer_network(store: Store, view: str, region_level: str) -> Reply:
    """The interactive network page of a view, each report in its evidence linked to its page."""
    from fazhi.network import NetworkError, network_page

    try:
        page = network_page(store, view=view, region_level=region_level)
    except NetworkError as err:
        raise HttpError(404, str(err)) from None
    return Reply(200, "text/html; charset=utf-8", page.encode("utf-8"))


def answer_page(store: Store, settings: Settings) -> Reply:
    """The endpoint's own page, with the store's counts as they are now."""
    from fazhi.server.page import render_page

    page = render_page(reports=store.reports(), triples=store.triples(), timeout=settings.timeout, limit=settings.limit)
    return Reply(200, "text/html; charset=utf-8", page)


def run_job(view: StoreView, settings: Settings, job: tuple[Any, ...]) -> Reply | tuple[int, int]:
    """One job: ``("query", QueryRequest)``, ``("report", digest, accept)``, ``("network", view,
    level)``, ``("page",)`` or ``("counts",)`` (reports and triples). Errors come back as replies."""
    try:
        store = view.current()
        kind = job[0]
        if kind == "query":
            return answer_query(store, job[1], settings.limit)
        if kind == "counts":
            return store.reports(), store.triples()
        if kind == "report":
            return answer_report(store, job[1], job[2])
        if job not in view.cache:  # the network and endpoint pages depend only on the store: made once
            if kind == "network":
                view.cache[job] = answer_network(store, job[1], job[2])
            else:
                view.cache[job] = answer_page(store, settings)
        return view.cache[job]
    except HttpError as err:
        return Reply.text(err.status, str(err))
    except FazhiError as err:  # the store cannot be opened (removed, or being rebuilt)
        return Reply.text(503, f"{err}; retry when the build has finished", (("Retry-After", "5"),))
    except OSError as err:
        view._store = None  # open it again for the next job
        return Reply.text(500, f"the store could not be read ({first_line(err)}); retry")
    except (ValueError, RuntimeError) as err:
        return Reply.text(500, f"the query failed ({first_line(err)})")


def main(descriptor: int) -> None:
    """A worker process's life (``python -c``, started by :class:`fazhi.server.pool.Pool`): read
    its settings from the connection on ``descriptor``, open the store, say ``ready`` (or why not),
    then answer jobs until the connection closes. It dies with the server (Linux: ``PR_SET_PDEATHSIG``)."""
    _die_with_parent()
    connection = Connection(descriptor)
    settings: Settings = connection.recv()
    view = StoreView(Path(settings.folder), watch=settings.watch)
    try:
        view.current()
    except FazhiError as err:
        connection.send(("failed", str(err)))
        return
    connection.send(("ready", os.getpid()))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(run_job(view, settings, job))


def _die_with_parent() -> None:
    """Ask Linux to end this process when its parent (the server) ends, however it ends."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
