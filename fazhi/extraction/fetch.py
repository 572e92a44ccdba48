"""Fetch report pages from the web, politely: robots.txt, a delay per host, retries, a cache.

``fazhi build https://…`` and ``fazhi build --urls list.txt`` read pages through one
:class:`Fetcher`: it asks each host for its ``robots.txt`` once and obeys it, sends one request at
a time per host with ``delay`` seconds between them, retries server errors and dropped
connections with exponential backoff, gives up on a page after ``timeout`` seconds, names itself
(``fazhi/<version> (+https://github.com/fazhi-project/fazhi)``), and keeps every page it got in an
on-disk cache, so that a second run sends conditional requests (``If-None-Match``,
``If-Modified-Since``) and reads unchanged pages from disk. A page that cannot be had is an
:class:`~fazhi.errors.InputError` naming the URL and what to do; the rest of a build goes on.

The standard library does the HTTP (no new dependency): ``urllib.request`` with its redirect
handling, ``urllib.robotparser`` for the rules.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from fazhi.errors import InputError
from fazhi.extraction.attachments import attachment_links, is_stub
from fazhi.extraction.ingest import MAX_BYTES, Document, decode, document_from_bytes, document_from_file, file_kind
from fazhi.version import __version__

USER_AGENT = f"fazhi/{__version__} (+https://github.com/fazhi-project/fazhi; rule-of-law report research)"
#: Media types read as pages; anything else (a PDF, a picture) is named in the error.
PAGE_MEDIA_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
_RETRY_STATUS = {429, 500, 502, 503, 504}


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/fazhi/pages`` (``~/.cache/fazhi/pages``)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "fazhi" / "pages"


#: The kinds of file (:func:`~fazhi.extraction.ingest.file_kind`) fetched reports are read from
#: besides pages: PDFs and .docx files (a Word 97 file at a URL is not read yet).
_REPORT_FILES = ("pdf", "zip")
#: What earlier versions left in fazhi's cache folder: the division table fazhi 0.1 cached before it shipped as data.
STALE_CACHES = ("regions-*.json",)


def remove_stale_caches(root: Path | None) -> list[Path]:
    """Delete the cache files earlier versions of fazhi wrote in ``root`` (``~/.cache/fazhi``) and
    this one no longer reads; the removed paths. Called when fazhi writes a cache of its own there.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "regions-1-17.json").write_text("{}"), (root / "pages").mkdir()
    >>> [p.name for p in remove_stale_caches(root)], sorted(p.name for p in root.iterdir())
    (['regions-1-17.json'], ['pages'])
    """
    if root is None or not root.is_dir():
        return []
    removed = []
    for pattern in STALE_CACHES:
        for path in root.glob(pattern):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


def read_url_list(path: str | Path) -> list[str]:
    """The web addresses listed in a file, one per line (blank lines and # comments skipped).

    A line that is not an http(s) address is an :class:`InputError` naming the file and line.
    """
    try:
        lines = Path(path).read_text("utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(str(path), "no such file; give a text file with one web address per line") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot be read as a UTF-8 list of web addresses ({err})") from None
    urls = []
    for number, line in enumerate(lines, 1):
        item = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not item:
            continue
        if not is_url(item):
            raise InputError(f"{path}:{number}", f"{item!r} is not an http(s) address; one web address per line")
        urls.append(item)
    return urls


def is_url(item: str) -> bool:
    """Whether an input is a web address (http or https) rather than a path.

    >>> is_url("https://www.gov.cn/a.html"), is_url("reports/a.html")
    (True, False)
    """
    return urlparse(item).scheme in ("http", "https")


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch (picklable, so worker processes get it too)."""

    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds for one request
    retries: int = 3  # further attempts after a server error or a dropped connection
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    cache: Path | None = field(default_factory=default_cache)  # None: no cache
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Page:
    """What a URL gave: the final address (after redirects), the body and its media type."""

    url: str
    data: bytes
    media_type: str
    from_cache: bool = False


class Fetcher:
    """Fetches pages one at a time per host, obeying robots.txt, with retries and a cache."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._opener = urllib.request.build_opener()

    def document(self, url: str) -> Document:
        """The report page at ``url``, read as a saved page would be; its source is the final URL."""
        page = self.get(url)
        if page.media_type not in PAGE_MEDIA_TYPES:
            if file_kind(page.data) in _REPORT_FILES:  # a report published as a PDF or .docx
                return document_from_file(page.data, page.url, name=url)
            raise InputError(url, f"is not a web page ({page.media_type}); download it and pass the file instead")
        media_type = "text/plain" if page.media_type == "text/plain" else "text/html"
        document = document_from_bytes(page.data, page.url, name=url, media_type=media_type)
        if media_type == "text/html" and is_stub(document.text):
            return self._attached(document, page, name=url) or document
        return document

    def _attached(self, document: Document, page: Page, *, name: str) -> Document | None:
        """The report a stub page links as an attachment (附件: a PDF or .docx), read as that page's
        report: its source is the page, the page's title and metadata are kept. None when no linked
        file can be read."""
        html = decode(page.data, name=name, html=True)
        for link in attachment_links(html, page.url):
            try:
                attached = self.get(link)
                if file_kind(attached.data) not in _REPORT_FILES:
                    continue
                inner = document_from_file(attached.data, page.url, name=f"{name} (附件 {link})")
            except InputError:
                continue
            return replace(
                inner,
                title=document.title or inner.title,
                metadata={**inner.metadata, **document.metadata, "attachment": attached.url},
                site=document.site,
            )
        return None

    def get(self, url: str) -> Page:
        """The bytes at ``url`` (from the cache when the server says they have not changed)."""
        if not is_url(url):
            raise InputError(url, "is not an http(s) address; give a web address or a file path")
        if not self._allowed(url):
            raise InputError(url, "is disallowed for robots by the site's robots.txt; fazhi does not fetch it")
        cached = self._cached(url)
        headers = {"User-Agent": self.policy.user_agent, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"}
        if cached is not None:
            meta = cached[1]
            if meta.get("etag"):
                headers["If-None-Match"] = meta["etag"]
            if meta.get("last_modified"):
                headers["If-Modified-Since"] = meta["last_modified"]
        attempt = 0
        while True:
            self._wait(url)
            try:
                with self._opener.open(urllib.request.Request(url, headers=headers), timeout=self.policy.timeout) as response:
                    data = response.read(MAX_BYTES + 1)
                    if len(data) > MAX_BYTES:
                        raise InputError(url, f"is over the {MAX_BYTES // 2**20} MiB limit for a report page")
                    page = Page(response.geturl(), data, _media_type(response.headers.get("Content-Type", "")))
                    self._store(url, page, response.headers)
                    return page
            except urllib.error.HTTPError as err:
                if err.code == 304 and cached is not None:
                    return cached[0]
                if err.code in _RETRY_STATUS and attempt < self.policy.retries:
                    attempt += 1
                    time.sleep(self.policy.backoff * 2 ** (attempt - 1))
                    continue
                raise InputError(url, f"answered HTTP {err.code} {err.reason}; check the address or try again later") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
                reason = getattr(err, "reason", err)
                if attempt < self.policy.retries:
                    attempt += 1
                    time.sleep(self.policy.backoff * 2 ** (attempt - 1))
                    continue
                raise InputError(url, f"could not be fetched ({reason}); check the address and the network") from None

    def _wait(self, url: str) -> None:
        """Keep ``delay`` seconds between two requests to one host."""
        host = urlparse(url).netloc
        last = self._last.get(host)
        if last is not None:
            pause = self.policy.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlparse(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(root)
        rules = self._robots[root]
        return rules is None or rules.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        """The site's rules; None (everything allowed) when it has no robots.txt or it cannot be read."""
        self._wait(root)
        request = urllib.request.Request(root + "/robots.txt", headers={"User-Agent": self.policy.user_agent})
        try:
            with self._opener.open(request, timeout=self.policy.timeout) as response:
                lines = response.read(512 * 1024).decode("utf-8", errors="replace").splitlines()
        except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError):
            return None
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(lines)
        return rules

    # -- the cache: one body and one metadata file per URL, written atomically

    def _paths(self, url: str) -> tuple[Path, Path] | None:
        if self.policy.cache is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self.policy.cache / key[:2]
        return folder / f"{key}.body", folder / f"{key}.json"

    def _cached(self, url: str) -> tuple[Page, dict[str, Any]] | None:
        paths = self._paths(url)
        if paths is None or not paths[0].exists() or not paths[1].exists():
            return None
        try:
            meta = json.loads(paths[1].read_text("utf-8"))
            return Page(meta["url"], paths[0].read_bytes(), meta["media_type"], from_cache=True), meta
        except (OSError, ValueError, KeyError):
            return None  # a damaged entry is fetched again

    def _store(self, url: str, page: Page, headers: Any) -> None:
        paths = self._paths(url)
        if paths is None:
            return
        body, meta = paths
        info = {
            "url": page.url,
            "media_type": page.media_type,
            "etag": headers.get("ETag"),
            "last_modified": headers.get("Last-Modified"),
        }
        try:
            if not body.parent.exists() and self.policy.cache == default_cache():  # never in a folder the user chose
                remove_stale_caches(default_cache().parent)
            body.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(body, page.data)
            _write_atomically(meta, json.dumps(info, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs a refetch next time


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, path)


def _media_type(content_type: str) -> str:
    """``text/html; charset=gbk`` → ``text/html``; a missing type is taken for HTML."""
    return content_type.split(";")[0].strip().lower() or "text/html"
