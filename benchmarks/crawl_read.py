"""Reading crawl records: plain ``.jsonl``/``.csv`` beside the same files gzip-compressed, one run.

    python benchmarks/crawl_read.py [--reports 2000] [--work DIR]

Generates --reports reports (``benchmarks/corpus.py``; the HTML ones are left out) or reuses them
from WORK, writes them as crawl records (url, title, text) to ``pages.jsonl``, ``pages.csv`` and
both as ``.gz``, and times in this process, for each file:

- ``list``: :func:`fazhi.extraction.crawl.record_refs` (one pass over the file);
- ``read``: :func:`~fazhi.extraction.crawl.read_input` of every record in order, as one build job
  reads them;
- ``half``: every other chunk of four records, as each of two ``--jobs 2`` processes reads them
  (it passes over the other process's records: a gzip file is read to each offset).

It prints seconds, MB of records a second and each file's ratio to the plain ``.jsonl``, and
checks that every file gives the same documents.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate
from fazhi.extraction.crawl import read_input, record_refs


def records(corpus: Path) -> list[dict[str, str]]:
    rows = []
    for number, path in enumerate(sorted(corpus.rglob("*.txt"))):
        text = path.read_text("utf-8")
        rows.append({"url": f"https://www.example.gov.cn/fzzf/{number}.html", "title": text.split("\n", 1)[0], "text": text})
    return rows


def write(work: Path, rows: list[dict[str, str]]) -> list[Path]:
    jsonl, table = work / "pages.jsonl", work / "pages.csv"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["url", "title", "text"])
        writer.writeheader()
        writer.writerows(rows)
    files = [jsonl, table]
    for plain in (jsonl, table):
        packed = plain.with_name(plain.name + ".gz")
        with open(plain, "rb") as src, gzip.open(packed, "wb") as dst:
            shutil.copyfileobj(src, dst)
        files.append(packed)
    return files


def timed(path: Path) -> tuple[float, float, float, list[tuple[str, str]]]:
    started = time.perf_counter()
    refs = record_refs(path)
    listed = time.perf_counter()
    documents = [read_input(ref) for ref in refs]
    read = time.perf_counter()
    for ref in [r for i, r in enumerate(refs) if (i // 4) % 2 == 0]:
        read_input(ref)
    half = time.perf_counter()
    return listed - started, read - listed, half - read, [(d.source, d.text) for d in documents]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/fazhi-crawl-read"))
    args = parser.parse_args()
    corpus = args.work / f"corpus-{args.reports}"
    if not corpus.exists():
        generate(corpus, args.reports)
    rows = records(corpus)
    files = write(args.work, rows)
    size = sum(len(r["text"].encode("utf-8")) for r in rows) / 2**20
    print(
        f"{len(rows)} records, {size:.1f} MB of text; " + ", ".join(f"{f.name} {f.stat().st_size / 2**20:.1f} MB" for f in files)
    )
    print(f"{'file':16} {'list s':>7} {'read s':>7} {'MB/s':>6} {'x jsonl':>8} {'half s':>7} {'x jsonl':>8}")
    base: tuple[float, float] | None = None
    expected = None
    for path in files:
        listing, reading, half, documents = timed(path)
        if expected is None:
            expected = documents
        same = "same documents" if documents == expected else "DIFFERENT DOCUMENTS"
        total = listing + reading
        base = base or (total, half)
        print(
            f"{path.name:16} {listing:7.2f} {reading:7.2f} {size / total:6.1f} {total / base[0]:8.2f}"
            f" {half:7.2f} {half / base[1]:8.2f}  {same}"
        )


if __name__ == "__main__":
    main()
