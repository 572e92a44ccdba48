"""Crawl records: pages a scraper saved, one per JSON line or CSV row, with what it knew of them.

A record has the fields scrapers export: ``url`` (the page's address, which becomes the report's
``dcterms:source``), ``title`` (the page's title or headline), ``text`` or ``html`` (the page),
and optionally ``date`` (when it was published). The title and the address carry much of what
says who published a report (市科技局…报告 at kxjs.tj.gov.cn), and half of real pages begin their
text after the title, so the record gives the extractor what the crawler saw.

A crawl file is read as many inputs, one per record: :func:`record_refs` lists them as strings
(``crawl.jsonl#L12@3456``: the line and the byte offset where the record starts), which cross
between processes like file paths do, and :func:`read_record` reads one record from its offset.

A crawl file may be gzip-compressed (``pages.jsonl.gz``, ``pages.csv.gz``), as crawls of a whole
country are shipped: offsets are then into the decompressed records. gzip cannot seek but by
reading, so each process keeps such a file open where it last read (:func:`_positioned`): a build
reads a file's records in order, and every record costs only the bytes since the one before.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> crawl = folder / "pages.jsonl"
>>> row = {"url": "https://sfj.example.gov.cn/a/1.html", "title": "区司法局2021年法治政府建设年度报告", "text": "2021年，我局依法行政。"}
>>> _ = crawl.write_text(json.dumps(row, ensure_ascii=False) + "\\n", "utf-8")
>>> [ref] = record_refs(crawl)
>>> document = read_record(ref)
>>> document.source, document.title
('https://sfj.example.gov.cn/a/1.html', '区司法局2021年法治政府建设年度报告')
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

from fazhi.errors import InputError
from fazhi.extraction.fetch import Fetcher, is_url
from fazhi.extraction.ingest import MAX_BYTES, Document, document_from_bytes, read_document

#: Suffixes of files that hold crawl records rather than one page; either may be followed by ``.gz``.
CRAWL_SUFFIXES = {".jsonl", ".csv"}
_GZIP = ".gz"
_REF = re.compile(r"^(?P<path>.*)#L(?P<line>\d+)@(?P<offset>\d+)$", re.S)
_TEXT_FIELDS = ("text", "html")


def crawl_format(path: str | Path) -> str | None:
    """``.jsonl`` or ``.csv`` when the name of ``path`` is a crawl file's, compressed or not; else None.

    >>> crawl_format("pages.jsonl"), crawl_format("a/Pages.CSV.gz"), crawl_format("graph.nq.gz"), crawl_format("a.txt")
    ('.jsonl', '.csv', None, None)
    """
    name = Path(path).name.lower()
    suffix = Path(name.removesuffix(_GZIP)).suffix
    return suffix if suffix in CRAWL_SUFFIXES else None


def is_crawl_file(path: Path) -> bool:
    """Whether ``path`` holds crawl records: a ``.jsonl`` whose first record, or a ``.csv`` whose
    header, has a ``url`` and a ``text`` or ``html``. Other JSON lines (gold files, logs) are not inputs.
    A ``.gz`` that is not gzip or is damaged raises :class:`InputError`: it was meant as an input.
    """
    kind = crawl_format(path)
    if kind is None:
        return False
    try:
        with _gzip_errors(path), _open_text(path) as f:
            if kind == ".csv":
                header = next(csv.reader(f), [])
                fields = {h.strip().lower() for h in header}
            else:
                first = next((line for line in f if line.strip()), "")
                data = json.loads(first)
                fields = set(data) if isinstance(data, dict) else set()
    except (OSError, UnicodeDecodeError, ValueError, csv.Error):
        return False
    return "url" in fields and bool(fields.intersection(_TEXT_FIELDS))


def is_record_ref(unit: str | Path) -> bool:
    """Whether an input unit names one record of a crawl file (see :func:`record_refs`)."""
    m = _REF.match(str(unit))
    return m is not None and crawl_format(m.group("path")) is not None


def record_refs(path: Path) -> list[str]:
    """One input unit per record of the crawl file ``path``, in file order."""
    if crawl_format(path) == ".csv":
        return [f"{path}#L{line}@{offset}" for line, offset in _csv_starts(path)]
    refs = []
    offset = 0
    with _gzip_errors(path), _open(path) as f:
        for number, head, length in _lines(f):
            if head.strip():
                refs.append(f"{path}#L{number}@{offset}")
            offset += length
    return refs


#: The longest line a crawl record may take: room for a page at the size limit twice (text and
#: html) with JSON's escapes. A longer line is passed over without being held whole.
LINE_LIMIT = 4 * MAX_BYTES


def _lines(f: IO[bytes]) -> Iterator[tuple[int, bytes, int]]:
    """Each line of ``f`` as (its number, its first ``LINE_LIMIT`` bytes, its length in bytes):
    memory stays bounded whatever the file holds (a gzip file may unpack to gigabytes on one line)."""
    number = 0
    while head := f.readline(LINE_LIMIT):
        number += 1
        length, tail = len(head), head
        while not tail.endswith(b"\n") and (tail := f.readline(LINE_LIMIT)):
            length += len(tail)
        yield number, head, length


def read_input(unit: str | Path, fetcher: Fetcher | None = None) -> Document:
    """One input of a build: a web page (fetched by ``fetcher``), a record of a crawl file
    (:func:`record_refs`) or a page file."""
    if isinstance(unit, str) and is_url(unit):
        return (fetcher or Fetcher()).document(unit)
    return read_record(str(unit)) if is_record_ref(unit) else read_document(unit)


def read_record(ref: str) -> Document:
    """The page of one crawl record; an :class:`InputError` naming ``file:line`` when it is not usable."""
    m = _REF.match(ref)
    if not m:
        raise InputError(ref, "is not a crawl record reference (file#Lline@offset)")
    path, line, offset = Path(m.group("path")), int(m.group("line")), int(m.group("offset"))
    where = f"{path}:{line}"
    try:
        record = _csv_record(path, offset, where) if crawl_format(path) == ".csv" else _json_record(path, offset, where)
    except OSError as err:
        raise InputError(where, f"cannot be read ({err.strerror or err})") from None
    return document_of(record, where)


def document_of(record: dict[str, Any], where: str) -> Document:
    """The page a crawl record holds, with the record's URL as its source and its title and date."""
    url = str(record.get("url") or "").strip()
    if not url:
        raise InputError(where, "has no url; every crawl record needs the page's address (url)")
    if urlparse(url).scheme not in ("http", "https", "file"):
        raise InputError(where, f"url {url!r} is not an http(s) address; give the page's web address")
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        data, media_type = html.encode("utf-8"), "text/html"
    elif isinstance(text, str) and text.strip():
        data, media_type = text.encode("utf-8"), "text/plain"
    else:
        raise InputError(where, "has no text; give the page as text or html")
    if len(data) > MAX_BYTES:
        raise InputError(where, f"{len(data) / 2**20:.1f} MiB is over the {MAX_BYTES // 2**20} MiB limit for a report page")
    document = document_from_bytes(data, url, name=where, media_type=media_type)
    title = str(record.get("title") or "").strip()
    metadata = dict(document.metadata)
    date = str(record.get("date") or "").strip()
    if date:
        metadata.setdefault("published", date)
    return replace(document, title=title or document.title, metadata=metadata)


def _json_record(path: Path, offset: int, where: str) -> dict[str, Any]:
    with _at(path, offset) as f:
        raw = f.readline(LINE_LIMIT + 1)
    if len(raw) > LINE_LIMIT:
        raise InputError(where, f"is a record of over {LINE_LIMIT:,} bytes; a report page may have {MAX_BYTES // 2**20} MiB")
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(where, "is not UTF-8; save the crawl file as UTF-8 JSON lines") from None
    except ValueError as err:
        raise InputError(where, f"is not a JSON object ({err}); each line holds one record") from None
    if not isinstance(record, dict):
        raise InputError(where, "is not a JSON object; each line holds one record with url, title and text or html")
    return record


def _csv_header(path: Path) -> tuple[str, ...]:
    stat = path.stat()
    return _header(path, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _header(path: Path, size: int, modified: int) -> tuple[str, ...]:
    """The CSV file's column names, read once per version of the file (every record needs them)."""
    with _gzip_errors(path), _open_text(path) as f:
        return tuple(h.strip().lower() for h in next(csv.reader(f), []))


def _csv_record(path: Path, offset: int, where: str) -> dict[str, Any]:
    header = _csv_header(path)
    if "url" not in header or not set(header).intersection(_TEXT_FIELDS):
        raise InputError(str(path), "has no url and text (or html) columns; a crawl CSV needs a header url,title,text")
    _raise_field_limit()

    def lines(f: IO[bytes]) -> Iterator[str]:  # as many as the row spans, no more
        while raw := f.readline(LINE_LIMIT + 1):
            if len(raw) > LINE_LIMIT:
                raise InputError(
                    where, f"has a line of over {LINE_LIMIT:,} bytes; a report page may have {MAX_BYTES // 2**20} MiB"
                )
            yield raw.decode("utf-8")

    with _at(path, offset) as f:
        try:
            row = next(csv.reader(lines(f)), None)
        except (csv.Error, UnicodeDecodeError) as err:
            raise InputError(where, f"is not a readable CSV row ({err})") from None
    if row is None:
        raise InputError(where, "is past the end of the file")
    return dict(zip(header, row, strict=False))


def _csv_starts(path: Path) -> Iterator[tuple[int, int]]:
    """(line number, byte offset) where each data row of a CSV file starts; rows may span lines."""
    _raise_field_limit()
    offsets: list[tuple[int, int]] = []

    def lines() -> Iterator[str]:
        offset = 0
        with _gzip_errors(path), _open(path) as f:
            for number, head, length in _lines(f):
                offsets.append((number, offset))
                offset += length
                yield head.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace")

    reader = csv.reader(lines())
    consumed = 0
    first = True
    try:
        for row in reader:
            start = offsets[consumed]
            consumed = len(offsets)
            if first:
                first = False  # the header
                continue
            if any(cell.strip() for cell in row):
                yield start
    except csv.Error as err:
        raise InputError(str(path), f"is not a readable CSV file ({err})") from None


def _raise_field_limit() -> None:
    """Pages are longer than the csv module's default field limit (128 KiB)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _compressed(path: Path) -> bool:
    return path.name.lower().endswith(_GZIP)


def _open(path: Path) -> IO[bytes]:
    """The crawl file's bytes, decompressed when it is named ``.gz``."""
    return gzip.open(path, "rb") if _compressed(path) else open(path, "rb")  # type: ignore[return-value]


def _open_text(path: Path) -> IO[str]:
    return io.TextIOWrapper(_open(path), encoding="utf-8-sig", newline="")


@contextmanager
def _gzip_errors(path: Path) -> Iterator[None]:
    """A crawl file named ``.gz`` that is not gzip, or whose data is cut off, as one :class:`InputError`."""
    try:
        yield
    except (gzip.BadGzipFile, EOFError, zlib.error) as err:
        _forget(path)
        if isinstance(err, gzip.BadGzipFile):
            plain = path.name[: -len(_GZIP)]
            raise InputError(
                str(path), f"named .gz but not gzip-compressed; if it holds plain records, rename it {plain}"
            ) from None
        raise InputError(str(path), f"gzip data cut off or damaged ({err}); compress the crawl file again") from None


#: gzip crawl files this process has open, by path: (size and modification time, the open file).
_POSITIONED: dict[str, tuple[tuple[int, int], gzip.GzipFile]] = {}
# A forked worker opens its own: a descriptor it inherited shares its position with the parent's.
os.register_at_fork(after_in_child=_POSITIONED.clear)


def _positioned(path: Path) -> gzip.GzipFile:
    """The gzip crawl file ``path``, open where this process last read it (reopened if the file changed)."""
    stat = path.stat()
    version = (stat.st_size, stat.st_mtime_ns)
    held = _POSITIONED.get(str(path))
    if held is not None and held[0] == version:
        return held[1]
    if held is not None:
        held[1].close()
    if len(_POSITIONED) >= 8:  # a build reads few crawl files at a time
        for _, handle in _POSITIONED.values():
            handle.close()
        _POSITIONED.clear()
    handle = gzip.GzipFile(path, "rb")
    _POSITIONED[str(path)] = (version, handle)
    return handle


def _forget(path: Path) -> None:
    held = _POSITIONED.pop(str(path), None)
    if held is not None:
        held[1].close()


@contextmanager
def _at(path: Path, offset: int) -> Iterator[IO[bytes]]:
    """The crawl file ``path`` at byte ``offset`` of its (decompressed) records."""
    if not _compressed(path):
        with open(path, "rb") as f:
            f.seek(offset)
            yield f
        return
    with _gzip_errors(path):
        handle = _positioned(path)
        handle.seek(offset)  # forward: decompresses only what lies between; back: from the start
        yield handle  # type: ignore[misc]  # a GzipFile is a binary file
