"""What a build reads: files as given, folders recursively, glob patterns, the bundled samples.

>>> expand_inputs([]) == []
True
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from fazhi.errors import FazhiError, InputError
from fazhi.extraction.crawl import CRAWL_SUFFIXES, crawl_format, is_crawl_file, is_record_ref, record_refs
from fazhi.extraction.fetch import is_url

#: One input of a build: a file, a record of a crawl file (``pages.jsonl#L12@3456``) or a web address.
Unit = Path | str

#: Suffixes of report files that a folder is searched for (crawl files hold many reports each).
INPUT_SUFFIXES = {".txt", ".html", ".htm", ".shtml", ".docx", ".pdf", ".doc", ".wps", *CRAWL_SUFFIXES}


def sample_inputs() -> list[Path]:
    """The sample reports shipped inside the package (two seeds and the dev excerpts)."""
    folder = resources.files("fazhi") / "samples"
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".txt"))


def sample_gold() -> Path:
    """Gold annotations of the sample reports (``fazhi evaluate`` without a gold file), by their file names."""
    return Path(str(resources.files("fazhi") / "samples" / "gold.jsonl"))


def expand_inputs(inputs: Iterable[str]) -> list[Unit]:
    """Files as given, folders recursively, glob patterns expanded; report files only, sorted.

    A web address (http or https) stays as it is and is fetched when read; a ``file://`` URI is
    the file it names. A crawl file (``.jsonl`` or ``.csv`` of url/title/text records, or either as ``.gz``) stands for its records, one
    input each (:func:`~fazhi.extraction.crawl.record_refs`); in a folder, JSON lines or CSV files
    that are not crawl records (gold files, logs) are left out. A path that does not exist and
    matches nothing raises :class:`InputError`.
    """
    out: list[Unit] = []
    for item in inputs:
        if item.startswith("file://"):  # a file:// URI, as fazhi writes sources: the file it names
            item = url2pathname(urlparse(item).path)
        path = Path(item)
        if is_url(item):  # a web page, fetched when it is read (fazhi.extraction.fetch)
            out.append(item)
        elif is_record_ref(item):  # one record of a crawl file, as expand_inputs gave it before
            out.append(path)
        elif path.is_dir():
            out += _units(
                sorted(p for p in path.rglob("*") if p.is_file() and (p.suffix.lower() in INPUT_SUFFIXES or crawl_format(p)))
            )
        elif path.exists() and path.is_file() and crawl_format(path):
            if not is_crawl_file(path):
                raise InputError(
                    item, "holds no crawl records: its first record (or CSV header) needs a url and a text or html field"
                )
            out.extend(Path(ref) for ref in record_refs(path))
        elif path.exists():
            out.append(path)
        elif any(ch in item for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(item, "the pattern matches no file")
            out += _units(matches)
        else:
            raise InputError(item, "no such file or folder; check the path")
    seen: set[Unit] = set()
    unique: list[Unit] = []
    for unit in out:
        key = unit if isinstance(unit, str) else unit.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(unit)
    return unique


def _units(files: list[Path]) -> list[Unit]:
    """The inputs in files found by a folder or a pattern: each file, but a crawl file's records in
    its place, and JSON lines or CSV files that hold no crawl records (gold files, logs) left out."""
    out: list[Unit] = []
    for p in files:
        if crawl_format(p) is None:
            out.append(p)
        elif is_crawl_file(p):
            out.extend(Path(ref) for ref in record_refs(p))
    return out


def report_paths(inputs: Iterable[str | Path]) -> list[Unit]:
    """The report files of ``inputs`` (:func:`expand_inputs`), or a :class:`FazhiError` saying what to pass."""
    paths = expand_inputs(str(i) for i in inputs)
    if not paths:
        raise FazhiError(
            "no report files (.txt, .html, .htm, or crawl records in .jsonl/.csv, also .gz) in the inputs; pass files, folders or glob patterns"
        )
    return paths
