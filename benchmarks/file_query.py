"""``fazhi query`` on a graph file: the file read whole, beside the file read for the query alone, one run.

    python benchmarks/file_query.py [--reports 1000] [--work DIR] [--queries top-documents,missing-parts,...]

Generates --reports reports (``benchmarks/corpus.py``) and builds them to one ``.trig`` (or reuses
them from WORK), then for each curated query runs two subprocesses, one after the other:

- ``whole``: what ``fazhi query FILE NAME`` did before: the file bulk-loaded whole into an
  in-memory store (``Store.from_file(path)``), then the query;
- ``fazhi query``: the command as it is: only the quads whose predicates the query can match
  (``fazhi.queries.predicates``).

- ``.gz``: the command on the same graph written compressed (``.trig.gz``, decompressed by
  Python's gzip as Oxigraph reads it).

For each it prints wall seconds and peak MB (the subprocess's maximum resident set), the ratios
of ``fazhi query`` to the whole file and of the compressed file to ``fazhi query``, and whether
all three printed the same rows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate

BIN = Path(sys.executable).parent
WHOLE = """
import sys
from fazhi import queries
from fazhi.cli.query import format_rows
from fazhi.graph.store import Store
names, rows = queries.run(Store.from_file(sys.argv[1]), queries.resolve(sys.argv[2]), {})
print(format_rows(names, rows, "csv"), end="")
"""


def measure(command: list[str]) -> tuple[float, float, bytes]:
    """Wall seconds, peak MB and standard output of one subprocess."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    out = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(command)} failed")
    return time.monotonic() - started, usage.ru_maxrss / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/fazhi-file-query"))
    parser.add_argument("--queries", default="top-documents,missing-parts,repeated-problems,agencies,reports-by-year-region")
    args = parser.parse_args()
    corpus, graph = args.work / f"corpus-{args.reports}", args.work / f"{args.reports}.trig"
    if not corpus.exists():
        generate(corpus, args.reports)
    packed = graph.with_name(graph.name + ".gz")
    for out in (graph, packed):
        if not out.exists():
            subprocess.run([str(BIN / "fazhi"), "build", "--jobs", "2", str(corpus), "-o", str(out), "-q"], check=True)
    print(
        f"{graph}: {graph.stat().st_size / 1e6:.0f} MB, {packed.name}: {packed.stat().st_size / 1e6:.0f} MB, {args.reports} reports"
    )
    print(
        f"{'query':24} {'whole s':>8} {'MB':>6} {'fazhi s':>8} {'MB':>6} {'x faster':>9} {'x memory':>9}"
        f" {'.gz s':>7} {'MB':>6} {'x time':>7} {'x mem':>6}  same rows"
    )
    for name in args.queries.split(","):
        whole_s, whole_mb, whole_out = measure([sys.executable, "-c", WHOLE, str(graph), name])
        now_s, now_mb, now_out = measure([str(BIN / "fazhi"), "query", str(graph), name, "-f", "csv"])
        gz_s, gz_mb, gz_out = measure([str(BIN / "fazhi"), "query", str(packed), name, "-f", "csv"])
        same = whole_out == now_out == gz_out
        print(
            f"{name:24} {whole_s:8.2f} {whole_mb:6.0f} {now_s:8.2f} {now_mb:6.0f} {whole_s / now_s:9.2f} {now_mb / whole_mb:9.2f}"
            f" {gz_s:7.2f} {gz_mb:6.0f} {gz_s / now_s:7.2f} {gz_mb / now_mb:6.2f}  {same}"
        )


if __name__ == "__main__":
    main()
