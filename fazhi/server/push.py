"""``fazhi push``: load a graph into a SPARQL 1.1 Graph Store Protocol server, one named graph per report.

Each report graph is sent as ``PUT URL?graph=IRI`` with an N-Triples body, all over one keep-alive
connection. PUT replaces a graph, so pushing again is safe and a changed report replaces its graph.
A report whose text changed gets a new content hash, so a new graph IRI: its old graph stays on
the server until it is dropped there (e.g. SPARQL ``DROP GRAPH <IRI>``).

>>> parts = endpoint("http://localhost:7878/store")
>>> graph_target(parts, "https://w3id.org/fazhi/id/graph/ab12")
'/store?graph=https%3A%2F%2Fw3id.org%2Ffazhi%2Fid%2Fgraph%2Fab12'
>>> PushResult("http://localhost:7878/store", reports=38, triples=9639, seconds=1.24).summary()
'pushed 38 reports (9639 triples) to http://localhost:7878/store in 1.2 s'
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from urllib.parse import SplitResult, quote, urlsplit

from fazhi.errors import PushError, PushInterrupted, first_line
from fazhi.graph.io import FORMATS, QUAD_FORMATS, graph_suffix
from fazhi.graph.iris import is_shared_graph
from fazhi.graph.store import Store, open_graph

NTRIPLES = "application/n-triples"
#: Seconds to wait for the server to accept or answer one graph.
TIMEOUT_S = 300.0
_HINTS = {
    401: "; give the credentials it needs with --header 'Authorization: …'",
    403: "; give the credentials it needs with --header 'Authorization: …'",
    404: "; check that the URL is the server's Graph Store endpoint (Oxigraph: http://HOST:7878/store)",
    405: "; check that the URL is the server's Graph Store endpoint (Oxigraph: http://HOST:7878/store)",
    413: "; the server refuses a graph this large: raise its request size limit",
}


@dataclass
class PushResult:
    """What a push sent: where, how many report graphs and triples, and how long it took."""

    url: str
    reports: int = 0
    triples: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """The one-line summary the command prints."""
        return f"pushed {self.reports} reports ({self.triples} triples) to {self.url} in {self.seconds:.1f} s"


def endpoint(url: str) -> SplitResult:
    """``url`` split into its parts, or a :class:`PushError` if it is not an http(s) URL of a server."""
    parts = urlsplit(url)
    try:
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:  # a port that is not a number
        valid = False
    if not valid:
        raise PushError(f"{url}: not an http(s) URL; give the server's Graph Store endpoint, e.g. http://localhost:7878/store")
    if parts.username is not None:
        raise PushError(f"{url}: credentials in the URL are not sent; pass them with --header 'Authorization: …'")
    return parts


def graph_target(parts: SplitResult, graph: str) -> str:
    """The request target that names ``graph`` at the endpoint ``parts`` (``PATH?graph=IRI``, IRI percent-encoded)."""
    query = f"{parts.query}&" if parts.query else ""
    return f"{parts.path or '/'}?{query}graph={quote(graph, safe='')}"


def parse_headers(lines: Iterable[str]) -> dict[str, str]:
    """``NAME: VALUE`` lines (as given to ``--header``) as a dict.

    >>> parse_headers(["Authorization: Bearer abc"])
    {'Authorization': 'Bearer abc'}
    """
    headers = {}
    for line in lines:
        name, sep, value = line.partition(":")
        if not sep or not name.strip() or any(c.isspace() for c in name.strip()):
            raise PushError(f"--header {line!r}: write it as 'NAME: VALUE', e.g. 'Authorization: Bearer TOKEN'")
        headers[name.strip()] = value.strip()
    return headers


def push_graphs(graphs: Iterable[tuple[str, bytes]], url: str, headers: Mapping[str, str] | None = None) -> PushResult:
    """PUT each ``(graph IRI, N-Triples body)`` to the Graph Store endpoint ``url`` over one HTTP connection.

    Triples are counted as the lines of each body (N-Triples has one triple a line). A failure or
    an interruption raises :class:`PushError` saying how many graphs were pushed before it.
    """
    parts = endpoint(url)
    connection_type = HTTPSConnection if parts.scheme == "https" else HTTPConnection
    connection = connection_type(parts.hostname or "", parts.port, timeout=TIMEOUT_S)
    request_headers = {"Content-Type": NTRIPLES, **(headers or {})}
    result = PushResult(url)
    start = time.perf_counter()
    try:
        for graph, body in graphs:
            try:
                connection.request("PUT", graph_target(parts, graph), body=body, headers=request_headers)
                response = connection.getresponse()
                answer = response.read()  # read it all, so the connection can carry the next request
            except (OSError, HTTPException) as err:
                reason = getattr(err, "strerror", None) or first_line(err)
                raise PushError(f"cannot reach {url} ({reason}); start the server or check the URL{_so_far(result)}") from None
            if response.status >= 300:
                text = answer.decode("utf-8", "replace").strip()
                said = f": {text.splitlines()[0][:200]}" if text else ""
                raise PushError(
                    f"{url} answered {response.status} {response.reason} to report graph {graph}{said}"
                    f"{_HINTS.get(response.status, '')}{_so_far(result)}"
                )
            result.reports += not is_shared_graph(graph)
            result.triples += body.count(b"\n")
    except KeyboardInterrupt:
        raise PushInterrupted(f"interrupted{_so_far(result) or '; nothing was pushed'}") from None
    finally:
        connection.close()
    result.seconds = time.perf_counter() - start
    return result


def _so_far(result: PushResult) -> str:
    """The end of a failure message: how many graphs made it, and that pushing again is safe."""
    if not result.reports:
        return ""
    return f"; {result.reports} reports were pushed before this, and running the push again is safe"


@contextmanager
def open_graphs(source: str, *, store: bool) -> Iterator[Store]:
    """The report graphs of the graph file ``source`` (in memory) or, with ``store``, of the store folder ``source``.

    A Turtle or N-Triples file holds the union of the reports, not one graph per report, so it is refused.
    """
    if store:
        with open_graph(store=source) as opened:  # read-only: a build can go on writing
            yield _with_reports(opened, source)
        return
    suffix = graph_suffix(source)  # graph.ttl.gz is Turtle
    if suffix in FORMATS and FORMATS[suffix] not in QUAD_FORMATS:
        raise PushError(
            f"{source}: has no report graphs (a {suffix} file holds their union); "
            "push a .trig or .nq file (fazhi build -o graph.trig) or a store (--store DIR)"
        )
    yield _with_reports(open_graph(source), source)


def _with_reports(store: Store, name: str) -> Store:
    """``store``, or a :class:`PushError` if it holds no report graph."""
    if not store.reports():
        raise PushError(f"{name}: has no report graphs, so nothing to push; build it with fazhi build")
    return store


def report_graphs(store: Store) -> Iterator[tuple[str, bytes]]:
    """Each report graph of ``store`` (sorted by IRI), then the graph of the nodes they share, with
    its triples as N-Triples, one graph in memory at a time."""
    for graph in [*sorted(store.graphs()), *sorted(store.shared_graphs())]:
        yield graph, store.ntriples(graph)
