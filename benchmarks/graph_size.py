"""What a report costs in the graph: quads and bytes per report, and what each kind of fact pays.

    python benchmarks/graph_size.py [--reports 300] [--work /tmp/bench/graph_size] [--baseline-python OLD/bin/python]

Generates (or reuses) a corpus of ``--reports`` reports with ``benchmarks/corpus.py`` (median
5,000 characters), builds it to N-Quads and into a store with this checkout's fazhi, and prints
per report: quads and bytes of the ``.nq`` file (and of the same built to ``.nq.gz``), quads and bytes of the store (right after the
build: RocksDB's files move about 10% between runs of the same code, with its compactions; named
graphs and default graph apart), and the quads of each kind of fact
(citations, mentions, agency mentions, items, figures, evidence, sections, vocabulary, report).
With ``--baseline-python`` (the Python of a venv holding another fazhi, e.g. the previous
release), the same corpus is built with it too and every figure is printed beside the
baseline's, as a ratio, in the same run. Run it from outside the checkout (``cd /tmp``), so that
``python -m fazhi.cli`` imports each venv's fazhi, not the one in the current folder.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

OA = "http://www.w3.org/ns/oa#"
FZ = "https://w3id.org/fazhi/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def kind_of(quad: ox.Quad) -> str:
    """The kind of fact a quad belongs to, from its subject's IRI (fazhi mints IRIs by kind; an
    annotation's target is minted under the annotated node, its selectors are shared values)."""
    s = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
    for marker, kind in (
        ("/mention/", "mentions"),
        ("/item/", "items"),
        ("/figure/", "figures"),
        ("/evidence/", "evidence"),
        ("/section/", "sections"),
    ):
        if marker in s:
            return kind
    if "/id/report/" in s:
        return (
            "report (fz:cites and summary edges)"
            if quad.predicate.value.endswith(("cites", "mentionsReform", "measuresIn", "problemFingerprint"))
            else "report"
        )
    if "/selector/" in s:
        return "selectors (shared: offsets, words)"
    for marker in ("/region/", "/agency-type/", "/concept/"):
        if marker in s:
            return "vocabulary (regions, types, concepts)"
    if "/doc/" in s:
        return "documents (labels, levels, versions)"
    if "/agency/" in s:
        return "agencies"
    return "other"


def measure_nq(path: Path, reports: int) -> dict[str, float]:
    """Quads and bytes per report of an N-Quads file, and quads per report by kind of fact."""
    kinds: Counter[str] = Counter()
    types = 0
    total = 0
    with path.open("rb") as handle:
        for quad in ox.parse(handle, format=ox.RdfFormat.N_QUADS):
            total += 1
            types += quad.predicate.value == RDF_TYPE
            kinds[kind_of(quad)] += 1
    out = {"nq quads / report": total / reports, "nq KB / report": path.stat().st_size / 1024 / reports}
    out["  of which rdf:type"] = types / reports
    for kind, n in sorted(kinds.items()):
        out[f"  {kind}"] = n / reports
    return out


def measure_store(path: Path, reports: int) -> dict[str, float]:
    store = ox.Store.read_only(str(path))
    named = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")))["n"].value)
    default = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    del store
    return {
        "store KB / report": size / 1024 / reports,
        "store quads / report (named graphs)": named / reports,
        "store quads / report (default graph)": default / reports,
    }


def build(python: str, corpus: Path, out: Path) -> dict[str, float]:
    nq, store = out / "corpus.nq", out / "store"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    timings = {}
    packed = out / "corpus.nq.gz"
    for kind, target in (("nq", ["-o", str(nq)]), ("nq.gz", ["-o", str(packed)]), ("store", ["--store", str(store)])):
        start = time.perf_counter()
        done = subprocess.run([python, "-m", "fazhi.cli", "build", str(corpus), "-q", *target], check=kind != "nq.gz")
        if done.returncode == 0:  # a fazhi before 0.5 writes no .gz
            timings[f"build s ({kind})"] = time.perf_counter() - start
    reports = len(list(corpus.rglob("r*.txt"))) + len(list(corpus.rglob("r*.html")))
    sizes = {"nq.gz KB / report": packed.stat().st_size / 1024 / reports} if packed.exists() else {}
    return {**measure_nq(nq, reports), **sizes, **measure_store(store, reports), **timings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench/graph_size"))
    parser.add_argument("--baseline-python", default=None, help="the Python of a venv with the fazhi to compare with")
    args = parser.parse_args()

    from corpus import generate

    corpus = args.work / f"corpus-{args.reports}"
    if not corpus.exists():
        generate(corpus, args.reports)
    runs = {"this": build(sys.executable, corpus, args.work / "this")}
    if args.baseline_python:
        runs["baseline"] = build(args.baseline_python, corpus, args.work / "baseline")
    keys = list(dict.fromkeys(k for r in runs.values() for k in r))
    print(f"{args.reports} reports of benchmarks/corpus.py (median 5,000 characters)")
    header = f"{'':44}" + "".join(f"{name:>12}" for name in runs) + ("       ratio" if len(runs) == 2 else "")
    print(header)
    for key in keys:
        values = [r.get(key, 0.0) for r in runs.values()]
        ratio = f"{values[0] / values[1]:12.2f}" if len(values) == 2 and values[1] else ""
        print(f"{key:44}" + "".join(f"{v:12.1f}" for v in values) + ratio)


if __name__ == "__main__":
    main()
