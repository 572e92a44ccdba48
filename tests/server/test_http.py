"""``fazhi serve`` at the HTTP level: connections kept and reused, bodies in pieces, and every kind of
bad request answered with one clear status (and the CORS headers a browser needs to read it),
never run as a query, never a traceback in the server's log."""

from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator

import pytest

from fazhi.graph.store import Store
from tests.serving import running

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def store(sample_build) -> Store:
    return Store.from_dataset(sample_build.dataset)


@pytest.fixture(scope="module")
def server(store) -> Iterator:
    with running(store, read_timeout=1.0) as server:
        yield server


def exchange(url: str, raw: bytes, *, then: bytes = b"") -> bytes:
    """Send ``raw`` on a new connection (and ``then`` once the server has answered something), and
    return all the server writes until it closes the connection or falls silent."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        conn.sendall(raw)
        received = b""
        if then:
            received = conn.recv(65536)
            conn.sendall(then)
        try:
            while chunk := conn.recv(65536):
                received += chunk
                if b"\r\n\r\n" in received and _complete(received):
                    break
        except TimeoutError:
            pass
    return received


def _complete(received: bytes) -> bool:
    """Whether the last response in ``received`` has all the body its Content-Length announces."""
    head, _, body = received.rpartition(b"\r\n\r\n")
    found = re.search(rb"content-length: (\d+)", head.rsplit(b"HTTP/1.1", 1)[-1], re.IGNORECASE)
    return bool(found) and len(body) >= int(found.group(1))


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def post(length: int | None = None, *, headers: str = "", body: bytes = b"") -> bytes:
    size = f"Content-Length: {len(body) if length is None else length}\r\n" if "chunked" not in headers else ""
    return f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n{size}{headers}\r\n".encode() + body


def test_an_over_long_request_line_is_answered_with_cors(server):
    answer = exchange(server.url, f"GET /sparql?query={'A' * 70000} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status_of(answer) == 414 and b"access-control-allow-origin: *" in answer.lower()
    assert b"POST the query instead" in answer


def test_over_long_headers_are_431(server):
    answer = exchange(server.url, f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Big: {'a' * 70000}\r\n\r\n".encode())
    assert status_of(answer) == 431 and b"access-control-allow-origin: *" in answer.lower()


def test_a_body_over_the_limit_is_413_before_it_is_read(server):
    jobs = server.pool.jobs
    answer = exchange(server.url, post(2 << 20))  # announces 2 MiB and sends none of it
    assert status_of(answer) == 413 and b"over 1048576 bytes" in answer
    assert b"access-control-allow-origin: *" in answer.lower() and server.pool.jobs == jobs


def test_a_chunked_body_over_the_limit_is_413(server):
    chunk = b"%x\r\n%s\r\n" % (1 << 16, b"#" * (1 << 16))
    answer = exchange(server.url, post(headers="Transfer-Encoding: chunked\r\n", body=chunk * 17))
    assert status_of(answer) == 413


def test_a_stalled_body_is_408_and_never_run(server):
    jobs = server.pool.jobs
    answer = exchange(server.url, post(100, body=b"ASK {}"))  # 6 of 100 bytes, then silence
    assert status_of(answer) == 408 and b"nothing was run" in answer and server.pool.jobs == jobs


@pytest.mark.parametrize("sent", [b"", b"GET /spar", b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n"])
def test_a_connection_that_stalls_before_its_request_is_whole_is_closed(server, sent):
    parts = urllib.parse.urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as conn:
        conn.sendall(sent)
        assert conn.recv(4096) == b""  # closed by the server after its read timeout (1 s here)


def test_expect_100_continue_is_answered_before_the_body(server):
    body = b"ASK {}"
    answer = exchange(server.url, post(len(body), headers="Expect: 100-continue\r\n"), then=body)
    assert answer.startswith(b"HTTP/1.1 100 Continue\r\n")
    assert b"HTTP/1.1 200 OK" in answer and answer.endswith(b'"boolean":true}')


def test_http_1_1_keeps_the_connection_and_reads_chunked_bodies(server):
    url = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        for _ in range(2):  # two requests on one connection
            connection.request("GET", url.path + "?query=ASK%7B%7D")
            response = connection.getresponse()
            assert response.status == 200 and response.version == 11 and json.loads(response.read())["boolean"] is True
        body = (part for part in (b"ASK ", b"{ }"))
        headers = {"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked"}
        connection.request("POST", url.path, body=body, headers=headers, encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 200 and json.loads(response.read())["boolean"] is True
    finally:
        connection.close()


def test_a_body_cut_short_is_never_run(store):
    with running(store) as server:
        url = urllib.parse.urlsplit(server.url)
        with socket.create_connection((url.hostname, url.port), timeout=30) as raw:
            raw.sendall(post(100, body=b"ASK {}"))
            raw.shutdown(socket.SHUT_WR)  # the client goes away after 6 of 100 bytes
            answer = b"".join(iter(lambda: raw.recv(4096), b""))
        assert answer == b"" and server.pool.jobs == 0  # dropped, and nothing reached a worker


@pytest.mark.parametrize(
    ("request_bytes", "message"),
    [
        (b"GET /sparql?query=ASK%20%7B%7D%FF HTTP/1.1\r\nHost: x\r\n\r\n", b"parameters are not UTF-8"),
        (post(body="ASK { <http://e/\u00e9> ?p ?o }".encode("latin-1")), b"body is not UTF-8"),
        (
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 11\r\n\r\nquery=%FF%FE",
            b"parameters are not UTF-8",
        ),
    ],
    ids=["get-parameters", "direct-body", "form-body"],
)
def test_text_that_is_not_utf8_is_400(server, request_bytes, message):
    answer = exchange(server.url, request_bytes)
    assert status_of(answer) == 400 and message in answer


def test_clients_that_leave_leave_no_traceback_in_the_log(sample_graph):
    code = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); from fazhi.cli import main; main()"
    command = [sys.executable, "-c", code, "serve", str(sample_graph), "--port", "0", "--timeout", "30"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, encoding="utf-8") as proc:
        url = re.search(r"at (http://\S+/sparql)", proc.stderr.readline())[1]  # type: ignore[index]
        parts = urllib.parse.urlsplit(url)
        for raw in (
            f"GET /sparql?{urllib.parse.urlencode({'query': RUNAWAY})} HTTP/1.1\r\nHost: x\r\n\r\n".encode(),  # then hangs up
            post(100, body=b"ASK {}"),  # hangs up mid-body
            b"GET /spar",  # hangs up mid-request-line
        ):
            with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
                conn.sendall(raw)
        answer = exchange(url, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status_of(answer) == 200  # still serving, while the abandoned runaway runs
        proc.send_signal(signal.SIGINT)  # stopping with the runaway still running
        assert proc.wait(timeout=30) == 0
        log = proc.stderr.read()
    assert "Traceback" not in log and log.endswith("fazhi: stopped\n")
    assert "GET /sparql 200" in log


def test_a_byte_order_mark_before_the_query_is_ignored(server):
    posted = exchange(server.url, post(body="\ufeffASK {}".encode()))
    got = exchange(server.url, b"GET /sparql?query=%EF%BB%BFASK%20%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
    for answer in (posted, got):
        assert status_of(answer) == 200 and answer.endswith(b'"boolean":true}')
