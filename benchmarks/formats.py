"""Reading reports as PDF and .docx beside plain text: the same reports, three formats, one run.

    python benchmarks/formats.py [--reports 60] [--work DIR] [--median-chars 5000]

Generates --reports reports with ``benchmarks/corpus.py`` (text only), writes each also as a
``.docx`` and as a PDF printed by Chromium (``benchmarks/documents.py``: A4, a CJK font embedded,
a running header, page numbers), then for each format prints:

- ``read``: reading alone (``read_document`` of every file: decoding, the PDF's text layer or the
  .docx's XML, clutter removal), in characters of report text per second and as a ratio to text;
- ``build``: ``fazhi build FOLDER -o OUT.nq --quiet`` end to end (one job, one subprocess, start-up
  included), seconds and ratio to text;
- ``same facts``: reports whose publisher, year, cited titles and items equal the text build's.

Needs Chromium (``.ci/browser``) and playwright for the PDFs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate
from benchmarks.documents import print_pdf, write_docx


def make_formats(work: Path, reports: int, median_chars: int) -> dict[str, list[Path]]:
    texts = work / "txt"
    if not texts.exists():
        generate(texts, reports, html_share=0.0, median_chars=median_chars)
    sources = sorted(texts.rglob("*.txt"))
    out: dict[str, list[Path]] = {"txt": sources, "docx": [], "pdf": []}
    for kind in ("docx", "pdf"):
        (work / kind).mkdir(exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        for source in sources:
            lines = source.read_text("utf-8").splitlines()
            docx = work / "docx" / (source.stem + ".docx")
            pdf = work / "pdf" / (source.stem + ".pdf")
            if not docx.exists():
                write_docx(docx, lines)
            if not pdf.exists():
                print_pdf(page, lines, pdf)
            out["docx"].append(docx)
            out["pdf"].append(pdf)
        browser.close()
    return out


def facts(record):  # type: ignore[no-untyped-def]
    return (
        record.agency.name,
        record.year,
        sorted(d.title for d in record.documents),
        [(i.kind, i.part, i.areas) for i in record.items],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--work", type=Path, default=Path("/tmp/fazhi-formats"))
    parser.add_argument("--median-chars", type=int, default=5000)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    files = make_formats(args.work, args.reports, args.median_chars)

    from fazhi.extraction import Extractor
    from fazhi.extraction.ingest import read_document

    extractor = Extractor()
    baseline: dict[str, tuple] = {}
    rows = []
    for kind in ("txt", "docx", "pdf"):
        started = time.perf_counter()
        documents = [read_document(p) for p in files[kind]]
        read_s = time.perf_counter() - started
        chars = sum(len(d.text) for d in documents)
        records = [extractor.extract(d) for d in documents]
        if kind == "txt":
            baseline = {p.stem: facts(r) for p, r in zip(files[kind], records, strict=True)}
        same = sum(facts(r) == baseline[p.stem] for p, r in zip(files[kind], records, strict=True))
        folder = files[kind][0].parent if kind != "txt" else args.work / "txt"
        out = args.work / f"{kind}.nq"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "fazhi.cli", "build", str(folder), "-o", str(out), "--quiet"], check=True)
        build_s = time.perf_counter() - started
        size = sum(p.stat().st_size for p in files[kind])
        rows.append((kind, len(files[kind]), size, chars, read_s, build_s, same))
    text_read, text_build = rows[0][4], rows[0][5]
    print(f"{args.reports} reports, median {args.median_chars} characters; ratios are to the text files of the same run")
    print(
        f"{'format':<7}{'files':>6}{'MB':>8}{'chars':>11}{'read s':>9}{'chars/s':>11}{'x text':>8}{'build s':>9}{'x text':>8}{'same facts':>12}"
    )
    for kind, n, size, chars, read_s, build_s, same in rows:
        print(
            f"{kind:<7}{n:>6}{size / 2**20:>8.1f}{chars:>11,}{read_s:>9.2f}{chars / read_s:>11,.0f}{text_read / read_s:>8.2f}"
            f"{build_s:>9.1f}{text_build / build_s:>8.2f}{same:>8} of {n}"
        )


if __name__ == "__main__":
    main()
