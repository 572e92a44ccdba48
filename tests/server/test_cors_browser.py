"""A page of another origin reads the endpoint in Chromium: answers and errors alike (fetch sees the
status and the message, not "Failed to fetch"), a POST after its CORS preflight, the truncation
header, and the 503 of a query stopped at its timeout."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from fazhi.graph.store import Store
from tests.browser import open_browser
from tests.serving import running

FETCH = """async ([url, init]) => {
  const response = await fetch(url, init);
  return [response.status, await response.text(), response.headers.get("X-Fazhi-Truncated")];
}"""


@pytest.fixture(scope="module")
def other_origin() -> Iterator[str]:
    """An empty page served from another port: another origin than the endpoint's."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!DOCTYPE html><title>elsewhere</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_page_of_another_origin_reads_answers_and_errors(sample_build, other_origin):
    store = Store.from_dataset(sample_build.dataset)
    with running(store, limit=2, timeout=0.5) as server, open_browser() as browser:
        page = browser.new_page()
        page.goto(other_origin)
        url = server.url

        def read(target: str, init: dict | None = None) -> list:
            return page.evaluate(FETCH, [target, init or {}])  # type: ignore[no-any-return]

        status, text, truncated = read(f"{url}?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D")
        assert status == 200 and text.count('"s"') == 3 and truncated == "true"  # 2 rows and the head
        status, text, _ = read(f"{url}?query=SELEC")
        assert status == 400 and text.startswith("malformed SPARQL: ")
        assert read(f"{url}?query={'A' * 70000}")[0] == 414
        status, text, _ = read(url, {"method": "POST", "headers": {"Content-Type": "application/sparql-query"}, "body": "ASK {}"})
        assert status == 200 and '"boolean":true' in text  # after a CORS preflight (OPTIONS)
        status, text, _ = read(url.removesuffix("sparql") + "nothing-here")
        assert status == 404 and "no such page" in text
        runaway = "SELECT%20(COUNT(*)%20AS%20%3Fn)%20%7B%3Fa%20%3Fb%20%3Fc%20.%20%3Fd%20%3Fe%20%3Ff%20.%20%3Fg%20%3Fh%20%3Fi%7D"
        status, text, _ = read(f"{url}?query={runaway}")
        assert status == 503 and "timed out" in text
