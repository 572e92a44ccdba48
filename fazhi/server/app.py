"""``fazhi serve``'s HTTP side, as an ASGI application: routes, request bodies, CORS, errors.

Store work (queries and pages) goes to the worker processes of :class:`fazhi.server.pool.Pool`;
this module only reads requests and writes answers, so it never blocks the event loop.

Routes: ``/sparql`` (the SPARQL 1.1 Protocol), ``/`` (the endpoint's page), ``/report/HASH`` (a
report as fazhi read it), ``/network?view=VIEW`` (the network page). Methods: GET, HEAD (GET's
status and headers), POST, OPTIONS (CORS preflight); others 405 with ``Allow``. Every answer,
errors included, carries ``Access-Control-Allow-Origin: *``.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fazhi.errors import first_line
from fazhi.server.pool import Pool
from fazhi.server.protocol import (
    HTML,
    MAX_BODY,
    MAX_URL,
    NTRIPLES,
    TRUNCATED_HEADER,
    TURTLE,
    UPDATE_REFUSED,
    HttpError,
    Reply,
    form,
    negotiate,
    query_request,
    service_description,
    utf8,
)

#: The methods the server answers (others get 405 with this as ``Allow``).
ALLOWED = "GET, HEAD, POST, OPTIONS"
#: Seconds a request body may take to arrive (and a connection may stay silent between requests).
READ_TIMEOUT = 30.0
#: The most header bytes a request may carry (431 past it).
MAX_HEADERS = 1 << 16
_REPORT_PATH = re.compile(r"/report/([0-9a-f]{6,64})/?$")
_CORS = (
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", f"{TRUNCATED_HEADER}, Retry-After".encode()),
)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class ClientGone(Exception):
    """The client closed the connection before its request was whole: nothing is run or answered."""


class App:
    """The ASGI application: ``await app(scope, receive, send)`` for each request."""

    def __init__(self, pool: Pool, *, log: Callable[[str], None] | None = None, read_timeout: float = READ_TIMEOUT) -> None:
        self.pool = pool
        self.log = log
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no lifespan: the server starts and stops the pool itself
            return
        started = time.monotonic()
        try:
            reply = await self._answer(scope, receive)
        except ClientGone:
            return
        except asyncio.CancelledError:  # the server is stopping while this request waited
            reply = Reply.text(503, "the server is stopping; retry when it is back", (("Retry-After", "5"),))
        except HttpError as err:
            retry = (("Retry-After", str(max(1, math.ceil(self.pool.settings.timeout)))),) if err.status == 503 else ()
            reply = Reply.text(err.status, str(err), retry)
        except Exception as err:  # a bug: answer it, and keep serving
            reply = Reply.text(500, f"internal error ({first_line(err)}); please report it")
        await _send(send, reply)
        if self.log:
            self.log(f"{scope['method']} {scope['path']} {reply.status} {1000 * (time.monotonic() - started):.0f} ms")

    async def _answer(self, scope: Scope, receive: Receive) -> Reply:
        method, path = scope["method"], scope["path"]
        headers = _headers(scope)
        if len(scope.get("raw_path") or b"") + len(scope["query_string"]) > MAX_URL:
            raise HttpError(414, f"the request URL is over {MAX_URL} bytes; POST the query instead")
        if sum(len(k) + len(v) for k, v in scope["headers"]) > MAX_HEADERS:
            raise HttpError(431, f"the request headers are over {MAX_HEADERS} bytes; send fewer or shorter headers")
        if method == "OPTIONS":
            return Reply(
                204,
                "text/plain",
                b"",
                (("Access-Control-Allow-Methods", ALLOWED), ("Access-Control-Allow-Headers", "Content-Type, Accept")),
            )
        if method not in ("GET", "HEAD", "POST"):
            return Reply.text(
                405, f"{method} is not allowed: fazhi serve answers queries only ({ALLOWED})", (("Allow", ALLOWED),)
            )
        query = scope["query_string"].decode("latin-1")
        accept = headers.get("accept")
        if path == "/sparql":
            return await self._sparql(scope, receive, headers, form(query))
        if method == "POST":
            return Reply.text(405, f"POST {path}: only /sparql takes POST", (("Allow", "GET, HEAD"),))
        if path == "/":
            return await self.pool.run(("page",))
        if path == "/network":
            from fazhi.network import DEFAULT_REGION_LEVEL, DEFAULT_VIEW

            params = form(query)
            view = params.get("view", [DEFAULT_VIEW])[0]
            return await self.pool.run(("network", view, params.get("region-level", [DEFAULT_REGION_LEVEL])[0]))
        if report := _REPORT_PATH.search(path):
            return await self.pool.run(("report", report.group(1), accept))
        raise HttpError(404, f"{path}: no such page; the SPARQL endpoint is /sparql and / lists the curated queries")

    async def _sparql(self, scope: Scope, receive: Receive, headers: dict[str, str], params: dict[str, list[str]]) -> Reply:
        if scope["method"] == "POST":
            media = headers.get("content-type", "").split(";")[0].strip().lower()
            body = await _body(receive, headers, self.read_timeout)
            if media == "application/sparql-update":
                raise HttpError(403, UPDATE_REFUSED)
            if media == "application/x-www-form-urlencoded":
                for key, values in form(utf8(body)).items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                params.setdefault("query", []).append(utf8(body))
            else:
                raise HttpError(415, f"POST body of type {media or 'none'}: send application/sparql-query or a form with query=")
        elif not params:  # the endpoint itself: its description, or the query page
            chosen = negotiate(headers.get("accept") or "text/html", [HTML, TURTLE, NTRIPLES])
            if chosen is HTML or chosen is None:
                return await self.pool.run(("page",))
            return Reply(
                200, "text/turtle; charset=utf-8", service_description(_endpoint(scope, headers), self.pool.settings.limit)
            )
        request = query_request(params, base_iri=_endpoint(scope, headers), accept=headers.get("accept"))
        return await self.pool.run(("query", request))  # type: ignore[no-any-return]


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers by lower-case name (repeated ones joined with commas, as HTTP allows)."""
    found: dict[str, str] = {}
    for key, value in scope["headers"]:
        name = key.decode("latin-1").lower()
        text = value.decode("latin-1")
        found[name] = f"{found[name]}, {text}" if name in found else text
    return found


def _endpoint(scope: Scope, headers: dict[str, str]) -> str:
    """The endpoint's URL as the client reached it (the base IRI of relative IRIs in a query)."""
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{quote(host, safe=':[]')}{scope.get('root_path', '')}/sparql"


async def _body(receive: Receive, headers: dict[str, str], read_timeout: float) -> bytes:
    """The request body, whole (uvicorn has undone chunking and answered ``Expect: 100-continue``).
    Over :data:`~fazhi.server.protocol.MAX_BODY` is 413; a body that stops arriving for
    ``read_timeout`` seconds is 408; a client that leaves mid-body gets nothing, and nothing runs."""
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        raise HttpError(413, f"the request body is over {MAX_BODY} bytes; send a shorter query")
    parts: list[bytes] = []
    size = 0
    while True:
        try:
            message = await asyncio.wait_for(receive(), read_timeout)
        except TimeoutError:
            raise HttpError(
                408, f"the request body did not arrive within {read_timeout:g} s; nothing was run; send it again"
            ) from None
        if message["type"] == "http.disconnect":
            raise ClientGone
        parts.append(message.get("body", b""))
        size += len(parts[-1])
        if size > MAX_BODY:
            raise HttpError(413, f"the request body is over {MAX_BODY} bytes; send a shorter query")
        if not message.get("more_body"):
            return b"".join(parts)


async def _send(send: Send, reply: Reply) -> None:
    headers = [
        (b"content-type", reply.content_type.encode()),
        (b"content-length", str(len(reply.body)).encode()),
        (b"vary", b"Accept"),
        *_CORS,
        *((k.lower().encode(), v.encode()) for k, v in reply.headers),
    ]
    if reply.status in (408, 413):  # the body may be unread: this connection cannot carry another request
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": reply.body})
