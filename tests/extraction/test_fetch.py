"""Let fazhi fetch: a real HTTP server on loopback serves report pages, and the fetcher is polite.

robots.txt is obeyed, a 500 is retried, a redirect followed, a slow page given up on, a GBK page
without a declared charset decoded, a second run sends conditional requests only, and every page
that cannot be had is one line while the rest still build.
"""

from __future__ import annotations

import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from benchmarks.documents import write_docx
from fazhi.cli import main
from fazhi.errors import InputError
from fazhi.extraction.fetch import Fetcher, FetchPolicy, default_cache, read_url_list
from fazhi.extraction.ingest import read_document

STUB = "<html><body><h1>梁平区科学技术局2020年法治政府建设年度报告</h1><p>附件：<a href='{href}'>{words}</a></p></body></html>"


@pytest.fixture()
def site(data, tmp_path):
    html = data / "html"
    seed = (data / "seeds" / "000_1ca5fe9877358afd.txt").read_text("utf-8").splitlines()
    pages = {
        "/report.html": (html / "p1_trs_table.html").read_bytes(),
        "/gbk.html": (html / "p2_zoom_ul.nocharset.gbk.html").read_bytes(),
        "/other.html": (html / "p4_html5_article.html").read_bytes(),
        # A stub page whose report is its attachment, and one whose attachment is not a report file.
        "/stub.html": STUB.format(href="files/report.docx", words="梁平区科学技术局2020年法治政府建设年度报告.docx").encode(),
        "/files/report.docx": write_docx(tmp_path / "report.docx", seed).read_bytes(),
        "/stub-broken.html": STUB.format(href="/files/broken.pdf", words="报告.pdf").encode(),
        "/files/broken.pdf": b"<html>404</html>",
    }
    log: list[tuple[str, dict[str, str]]] = []
    failures = {"/flaky.html": 1}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            log.append((self.path, dict(self.headers)))
            if self.path == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/other.html")
                self.end_headers()
                return None
            if self.path == "/slow.html":
                time.sleep(1.5)
                return self._send(200, pages["/report.html"], "text/html")
            if self.path == "/doc.pdf":
                return self._send(200, b"%PDF-1.4", "application/pdf")
            if self.path == "/flaky.html":
                if failures["/flaky.html"] > 0:
                    failures["/flaky.html"] -= 1
                    return self._send(500, b"busy", "text/plain")
                return self._send(200, pages["/report.html"], "text/html; charset=utf-8")
            body = pages.get(self.path)
            if body is None:
                return self._send(404, b"not found", "text/plain")
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return None
            content_type = "text/html" if self.path == "/gbk.html" else "text/html; charset=utf-8"
            return self._send(200, body, content_type, etag)

        def _send(self, status, body, content_type, etag=None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", log
    server.shutdown()
    server.server_close()


def quick(tmp_path, **kwargs):
    return FetchPolicy(delay=0, timeout=0.5, retries=1, backoff=0.01, cache=tmp_path / "cache", **kwargs)


def test_a_page_is_read_as_a_saved_page_with_its_address_as_source(site, tmp_path):
    root, _ = site
    document = Fetcher(quick(tmp_path)).document(root + "/report.html")
    assert document.source == root + "/report.html" and "法治" in document.text


def test_a_gbk_page_without_a_charset_is_decoded(site, tmp_path):
    root, _ = site
    assert "法治政府" in Fetcher(quick(tmp_path)).document(root + "/gbk.html").text


def test_robots_txt_is_obeyed_and_asked_once(site, tmp_path):
    root, log = site
    fetcher = Fetcher(quick(tmp_path))
    with pytest.raises(InputError, match=r"robots\.txt"):
        fetcher.get(root + "/private/a.html")
    fetcher.get(root + "/report.html")
    assert [path for path, _ in log].count("/robots.txt") == 1
    assert "/private/a.html" not in [path for path, _ in log]


def test_a_server_error_is_retried_and_a_redirect_followed(site, tmp_path):
    root, _ = site
    fetcher = Fetcher(quick(tmp_path))
    assert fetcher.get(root + "/flaky.html").data.startswith(b"<")
    assert fetcher.document(root + "/moved").source == root + "/other.html"


def test_pages_that_cannot_be_had_say_why(site, tmp_path):
    root, _ = site
    fetcher = Fetcher(quick(tmp_path, user_agent="fazhi-test"))
    for path, why in [
        ("/missing.html", "HTTP 404"),
        ("/slow.html", "could not be fetched"),
        ("/doc.pdf", "is not a readable PDF"),
    ]:
        with pytest.raises(InputError, match=why):
            fetcher.document(root + path)
    with pytest.raises(InputError, match="not an http"):
        fetcher.get("ftp://example.org/a.html")


def test_one_host_gets_one_request_per_delay(site, tmp_path):
    root, log = site
    fetcher = Fetcher(FetchPolicy(delay=0.3, timeout=2, cache=None))
    started = time.monotonic()
    for path in ("/report.html", "/other.html", "/gbk.html"):
        fetcher.get(root + path)
    assert time.monotonic() - started >= 0.9  # robots.txt and three pages, 0.3 s apart
    assert all(headers.get("User-Agent", "").startswith("fazhi/") for _, headers in log)


def test_a_second_run_sends_conditional_requests_and_reads_the_cache(site, tmp_path):
    root, log = site
    Fetcher(quick(tmp_path)).get(root + "/report.html")
    page = Fetcher(quick(tmp_path)).get(root + "/report.html")
    assert page.from_cache
    second = [headers for path, headers in log if path == "/report.html"][1]
    assert "If-None-Match" in second


def test_the_default_cache_clears_what_earlier_versions_left_and_a_chosen_folder_is_untouched(site, tmp_path, monkeypatch):
    root, _ = site
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    old = tmp_path / "xdg" / "fazhi" / "regions-1-1796284484.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    mine = tmp_path / "regions-1-mine.json"
    mine.write_text("{}")
    Fetcher(FetchPolicy(delay=0, timeout=0.5, retries=1, backoff=0.01, cache=tmp_path / "chosen")).get(root + "/report.html")
    assert old.exists() and mine.exists()
    Fetcher(FetchPolicy(delay=0, timeout=0.5, retries=1, backoff=0.01, cache=default_cache())).get(root + "/report.html")
    assert not old.exists() and mine.exists()
    assert any((tmp_path / "xdg" / "fazhi" / "pages").rglob("*.body"))


def test_fazhi_build_fetches_urls_and_skips_what_it_cannot_have(site, tmp_path):
    root, _ = site
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# pages\n{root}/report.html\n{root}/gbk.html\n{root}/missing.html\n", "utf-8")
    out = tmp_path / "g.trig"
    args = ["build", "--urls", listed, f"{root}/private/x.html", "-o", out, "--delay", "0", "--timeout", "2"]
    result = CliRunner().invoke(main, [str(a) for a in [*args, "--cache", tmp_path / "cache"]])
    assert result.exit_code == 0, result.output
    assert "reports    2" in result.output
    assert "missing.html: answered HTTP 404" in result.output and "robots.txt" in result.output
    strict = CliRunner().invoke(main, [str(a) for a in [*args, "--no-cache", "--strict"]])
    assert strict.exit_code != 0


def test_a_url_list_with_a_path_in_it_names_the_line(tmp_path):
    listed = tmp_path / "urls.txt"
    listed.write_text("https://a.gov.cn/1.html\nreports/2.html\n", "utf-8")
    with pytest.raises(InputError, match=r"urls.txt:2"):
        read_url_list(listed)


def test_a_stub_page_is_built_from_its_attachment_as_that_page_s_report(site, tmp_path, extractor, data):
    root, _ = site
    document = Fetcher(quick(tmp_path)).document(root + "/stub.html")
    assert document.source == root + "/stub.html"  # the page's report, not the file's
    assert document.media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert document.metadata["attachment"] == root + "/files/report.docx"
    record = extractor.extract(document)
    from_text = extractor.extract(read_document(data / "seeds" / "000_1ca5fe9877358afd.txt"))
    assert sorted(d.title for d in record.documents) == sorted(d.title for d in from_text.documents)
    assert record.agency.name == from_text.agency.name and record.year == from_text.year


def test_a_stub_whose_attachment_cannot_be_read_stays_the_page(site, tmp_path):
    root, _ = site
    document = Fetcher(quick(tmp_path)).document(root + "/stub-broken.html")
    assert document.media_type == "text/html" and "attachment" not in document.metadata
