"""A fazhi server for tests: on a free port of 127.0.0.1, serving in a thread, closed on exit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fazhi.graph.store import Store
from fazhi.server.endpoint import SparqlServer, make_server


@contextmanager
def running(store: Store, **options: Any) -> Iterator[SparqlServer]:
    """A server for ``store`` (``options`` as :func:`make_server` takes them); ``server.url`` is its endpoint."""
    server = make_server(store, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
