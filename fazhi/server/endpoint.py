"""``fazhi serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph file or a store.

The endpoint is ``http://HOST:PORT/sparql``; ``/`` is a page listing the curated queries.
``/report/HASH`` (a report IRI's path under the instance base) is the report as fazhi read it:
the page ``fazhi show`` writes for a browser, the report's graph as N-Triples for an RDF client
(``Accept: application/n-triples`` or ``text/turtle``). ``/network?view=VIEW`` is the
interactive network page, each report in its evidence linked to its page.

The server
    uvicorn (HTTP/1.1 by h11: keep-alive, chunked bodies, ``Expect: 100-continue``, a listen
    backlog of :data:`BACKLOG`; a connection silent for the read timeout, between requests or in
    the middle of a request's head or body, is closed) runs :class:`fazhi.server.app.App`; queries and pages are answered
    by worker processes (:mod:`fazhi.server.pool`), each with the store open read-only.

Requests
    GET with ``?query=``, POST as a form (``query=``) or POST with an ``application/sparql-query``
    body; HEAD as GET without the body; other methods 405 with ``Allow``. The default graph is the
    union of all graphs; ``default-graph-uri`` and ``named-graph-uri`` make the query's dataset
    instead (over its FROM). The endpoint's URL is the base IRI of relative IRIs. GET ``/sparql``
    without a query is a SPARQL Service Description (Turtle) for RDF clients and the query page
    for browsers. A BOM before the query is ignored. Updates (a ``update=`` form, an
    ``application/sparql-update`` body, or an update sent as a query) are refused with 403, and so
    is ``SERVICE``, which would make the server fetch from other hosts. Malformed SPARQL is 400
    with the parser's first line. Bodies and parameters must be UTF-8 (400); a URL over 64 KiB is
    414, headers over 64 KiB 431, a body over 1 MiB 413, a body that stops arriving for 30 s 408;
    a client that leaves mid-body gets nothing and nothing runs. Every answer, errors included,
    carries the CORS headers (except a request line over 1 MiB, which uvicorn refuses with 400).

Formats
    Chosen by the ``format=`` parameter if given (``json xml csv tsv turtle jsonld nt rdfxml``; a
    media type works too), else by the Accept header, else the first of the list. SELECT: SPARQL
    results JSON, XML, CSV, TSV; ASK: JSON or XML only (CSV and TSV define no boolean: 406).
    CONSTRUCT and DESCRIBE: Turtle (with fazhi's prefixes), JSON-LD compacted with fazhi's context
    (as ``fazhi build -o graph.jsonld`` writes it), N-Triples and RDF/XML. ``json`` and ``xml``
    mean JSON-LD and RDF/XML for a CONSTRUCT, so a client asking for JSON gets JSON-LD. An Accept
    or ``format=`` matching none of the formats of the query's form is 406 (a CONSTRUCT asked for
    as ``text/csv`` too: answering another type than the one asked for would be read wrongly).

Result cap (``limit``)
    At most ``limit`` solutions or triples are returned; a cut answer carries the header
    ``X-Fazhi-Truncated: true``, and the cap is stated in the Service Description and on ``/``
    for clients that do not read headers.

Timeout
    A query still running after ``timeout`` seconds (waiting included) is stopped: its worker
    process is ended and replaced, and the request answered 503 with ``Retry-After``. A query
    that finds every worker busy tries the quick lane (see :mod:`fazhi.server.pool`), so a quick
    question is answered while runaway queries run.

Stores
    Workers open the store read-only, so ``fazhi build --store`` can add to it meanwhile; before
    each job a worker looks whether the store's files changed and, if so, opens it again: new
    reports show without a restart. A graph file is loaded once into a temporary store (removed
    when the server stops); it is served as it was when loaded.
"""

from __future__ import annotations

import asyncio
import errno
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fazhi.errors import ServeError
from fazhi.graph.store import Store
from fazhi.server.app import READ_TIMEOUT, App
from fazhi.server.pool import QUICK_WORKERS, WORKERS, Pool
from fazhi.server.protocol import MAX_BODY
from fazhi.server.work import Settings

#: The listen backlog: a burst of clients waits to be accepted instead of being refused.
BACKLOG = 1024


class SparqlServer:
    """The endpoint, listening: ``serve_forever()`` answers until ``shutdown()``; ``server_close()`` frees it all."""

    def __init__(
        self,
        listener: socket.socket,
        store: Store,
        *,
        timeout: float,
        limit: int,
        workers: int,
        quick: int,
        log: Callable[[str], None] | None,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.socket = listener
        self.reports, self.triples = store.reports(), store.triples()
        self._temporary: Path | None = None
        if store.is_folder():
            folder, watch = store.path, True
        else:  # a graph file or an in-memory store: one copy on disk for every worker to open
            self._temporary = Path(tempfile.mkdtemp(prefix="fazhi-serve-"))
            folder, watch = self._temporary / "store", False
            store.copy_to(folder)
        self.settings = Settings(folder=str(folder), watch=watch, timeout=timeout, limit=limit)
        self.pool = Pool(self.settings, workers=workers, quick=quick)
        self.app = App(self.pool, log=log, read_timeout=read_timeout)
        self.read_timeout = read_timeout
        self._uvicorn: object | None = None
        self._stopping = threading.Event()
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        """The endpoint's URL, with the real port when 0 was asked."""
        host, port = self.socket.getsockname()[:2]
        return f"http://{host!s}:{port}/sparql"

    def serve_forever(self) -> None:
        """Start the workers and answer requests until :meth:`shutdown` (or Ctrl-C in the main thread)."""
        try:
            asyncio.run(self._serve())
        finally:
            self._stopped.set()

    async def _serve(self) -> None:
        import uvicorn

        await self.pool.start()
        config = uvicorn.Config(
            self.app,
            http=_protocol(),
            lifespan="off",
            log_level="warning",
            access_log=False,
            backlog=BACKLOG,
            timeout_keep_alive=max(1, round(self.read_timeout)),
            timeout_graceful_shutdown=1,
            h11_max_incomplete_event_size=MAX_BODY,  # so that the app answers a long URL (414) itself, with CORS
        )
        server = uvicorn.Server(config)
        self._uvicorn = server
        if self._stopping.is_set():
            return
        try:
            await server.serve(sockets=[self.socket])
        finally:
            self.pool.close()

    def shutdown(self) -> None:
        """Stop serving (from another thread) and wait until the server has stopped."""
        self._stopping.set()
        if self._uvicorn is not None:
            self._uvicorn.should_exit = True  # type: ignore[attr-defined]
        self._stopped.wait(30)

    def server_close(self) -> None:
        """Close the listening socket, end the workers and remove the temporary store."""
        self.socket.close()
        self.pool.close()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None


def _protocol() -> type:
    """uvicorn's h11 protocol with a deadline for a request's head too: uvicorn closes a connection
    idle between requests, but not one that opens and sends nothing, or part of a request line or
    headers, then stalls; this one closes those after the same time (the read timeout)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeadTimeoutProtocol(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._await_head()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self._await_head()  # a request's head has begun but is not whole

        def _await_head(self) -> None:
            self._unset_keepalive_if_required()
            self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive, self.timeout_keep_alive_handler)

    return HeadTimeoutProtocol


def make_server(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    timeout: float = 30.0,
    limit: int = 10000,
    workers: int = WORKERS,
    quick: int = QUICK_WORKERS,
    log: Callable[[str], None] | None = None,
    read_timeout: float = READ_TIMEOUT,
) -> SparqlServer:
    """A server for ``store``, listening but not yet serving: call ``serve_forever()``, then ``server_close()``.

    Port 0 picks a free port (see ``server.url``). A taken port or an unknown host is a :class:`ServeError`.
    ``log`` receives one line per request (method, path, status, milliseconds). A connection silent
    for ``read_timeout`` seconds, between requests or inside a body, is closed (408 inside a body).
    """
    listener = _listen(host, port)
    try:
        return SparqlServer(
            listener, store, timeout=timeout, limit=limit, workers=workers, quick=quick, log=log, read_timeout=read_timeout
        )
    except BaseException:
        listener.close()
        raise


def _listen(host: str, port: int) -> socket.socket:
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listener = socket.socket(family, socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise ServeError(f"--host {host}: unknown address ({err.strerror}); use 127.0.0.1 to serve this machine only") from None
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(BACKLOG)
    except OSError as err:
        listener.close()
        if err.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is in use; stop the other server or choose another --port (0 picks a free one)"
            ) from None
        raise ServeError(
            f"cannot listen on {host} port {port} ({err.strerror or err}); choose another --host or --port"
        ) from None
    return listener


def parse_port(text: str) -> int:
    """A ``--port`` value: 0 to 65535.

    >>> parse_port("8080")
    8080
    >>> parse_port("http")
    Traceback (most recent call last):
    ...
    fazhi.errors.ServeError: --port http: give a number from 1 to 65535, or 0 for a free port
    """
    if not text.isdigit() or int(text) > 65535:
        raise ServeError(f"--port {text}: give a number from 1 to 65535, or 0 for a free port")
    return int(text)
