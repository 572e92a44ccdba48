"""Latency of the curated queries on a store of about 10 million triples.

    python benchmarks/store_latency.py [--work DIR] [--reports 300] [--triples 10000000] [--runs 3]

How the store is made (the fast route, printed as it goes):

1. a corpus of --reports reports is generated with ``benchmarks/corpus.py`` and built with the
   real ``fazhi build --store`` (timed);
2. the reports' graphs are read back (each triple in the graph a file puts it in) and written again
   K times into a new store with pyoxigraph's ``bulk_load``, each copy with its own IRIs: report,
   graph and every node under a report (mentions, targets, sections, items, figures, evidence) get
   a copy suffix, agencies get their own IRI and label per copy, sources their own file IRI, and
   the report's ``fz:year`` moves by the copy number (kept within 2015–2025). Laws and other
   documents, regions, agency types, selectors and vocabulary concepts stay shared, as they are in
   a real corpus. The store keeps the layout of the fazhi that built the base
   (``fazhi/graph/store.py``): every triple in the default graph (0.4), or each report in a named
   graph of its own and shared nodes in the shared graph, queried as their union (0.2, 0.3). K is chosen to
   reach --triples triples.

Then each curated query (``fazhi query --list``) runs through ``fazhi.queries.run`` on a ``fazhi.graph.store.Store`` — what
``fazhi query --store`` does, including binding the parameters and turning the rows into rdflib
terms — once to warm up and --runs times more; the median is printed in ms with the number of
rows. ``oxigraph ms`` is the median of the same ``Store.run`` with the solutions only counted,
not turned into rdflib terms, to show what the conversion costs. Each query runs in a
child process with a --timeout; a query that runs out of time is listed as such.

Targets: a lookup (a query with a parameter) should answer in 100 ms, a corpus-wide aggregate
in 2 s; ``SLOW`` marks the queries over their target. For scale, two baselines are measured in
the same run, at the start and at the end: ``SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`` on the
store (a full scan of the default graph) and a fixed amount of Python work.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
FAZHI = [str(Path(PYTHON).parent / "fazhi")] if (Path(PYTHON).parent / "fazhi").exists() else [PYTHON, "-m", "fazhi.cli"]
ID = "https://w3id.org/fazhi/id/"
FZ_YEAR = "<https://w3id.org/fazhi/ontology#year>"
PREF_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
LOOKUP_MS, AGGREGATE_MS = 100, 2000
#: A query whose warm-up run takes longer than this is timed once (its warm-up run).
SLOW_MS = 20_000
#: Parameter values for the lookups: documents every corpus made from the samples cites; the
#: agency is the publisher with the most reports in the base store, the source the first report (by
#: source IRI) of the base store that cites 宪法 (both found at run time).
DEFAULT_PARAMS = {"doc": "中华人民共和国民法典", "indicator": "行政复议案件数"}
PARAMS_BY_QUERY = {"citation-evidence": {"doc": "中华人民共和国宪法"}, "document-citations": {"doc": "中华人民共和国宪法"}}

_PER_REPORT = re.compile(rf"(<{re.escape(ID)}(?:report|graph)/[0-9a-f]+)")
_AGENCY = re.compile(rf"(<{re.escape(ID)}agency/[^>]+)>")
_SOURCE = re.compile(r"(<file:[^>#]+)>")
_GRAPH_AT_END = re.compile(r" <[^<>\s]*> \.$", re.M)


def python_work() -> float:
    """A fixed amount of interpreted work (ms): the machine's speed right now."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i % 7
    return (time.perf_counter() - start) * 1000


# -- building --------------------------------------------------------------------------------------


def base_store(work: Path, reports: int, seed: int, jobs: int, rebuild: bool) -> Path:
    corpus = work / f"corpus-{reports}-s{seed}"
    if rebuild or not (corpus / "manifest.json").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([PYTHON, str(HERE / "corpus.py"), str(corpus), "--reports", str(reports), "--seed", str(seed)], check=True)
    store = work / f"base-{reports}-s{seed}"
    done = store / "built.json"
    if rebuild or not done.exists():
        shutil.rmtree(store, ignore_errors=True)
        cmd = [*FAZHI, "build", "--quiet", "--store", str(store), str(corpus)]
        if jobs > 1:
            cmd[2:2] = ["--jobs", str(jobs)]
        start = time.perf_counter()
        subprocess.run(cmd, check=True)
        seconds = time.perf_counter() - start
        done.write_text(json.dumps({"seconds": seconds, "command": cmd}))
        print(f"built the base store: {' '.join(cmd[1:])}: {seconds:.0f} s ({seconds / reports:.2f} s/report)")
    else:
        print(f"reusing the base store {store} (built in {json.loads(done.read_text())['seconds']:.0f} s)")
    return store


def base_quads(store_path: Path) -> tuple[str, int, int, bool]:
    """The base store's triples as N-Quads text, each in the graph a file puts it in (its report's or
    the shared graph), with the number of quads, of distinct triples, and whether the store keeps
    a named graph per report (fazhi 0.3 and before) rather than its default graph."""
    import pyoxigraph as ox

    from fazhi.graph.store import Store

    with Store.open(store_path, create=False, read_only=True) as store:
        quads = list(store.quads())
        by_graph = store.by_graph
        union = store.triples()
    text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return text, len(quads), union, by_graph


def shared_triples(text: str) -> int:
    """Distinct triples of the base whose subject is not per report or per agency (laws, regions, vocabularies)."""
    lines = {_GRAPH_AT_END.sub(" .", line) for line in text.splitlines()}
    return sum(1 for line in lines if not (_PER_REPORT.match(line) or _AGENCY.match(line)))


def copy_of(text: str, k: int) -> str:
    """The report graphs with per-report, per-agency and source IRIs, agency labels and years of copy ``k``."""
    if k == 0:
        return text
    text = _PER_REPORT.sub(rf"\1-c{k}", text)
    text = _AGENCY.sub(rf"\1-c{k}>", text)
    text = _SOURCE.sub(rf"\1#c{k}>", text)

    def line(m: re.Match[str]) -> str:
        s = m.group()
        if FZ_YEAR in s:
            return re.sub(r'"(\d{4})"', lambda y: f'"{2015 + (int(y.group(1)) - 2015 + k) % 11}"', s)
        if s.startswith(f"<{ID}agency/") and PREF_LABEL in s:
            return re.sub(r'"(.*?)"@zh', rf'"\1（{k}）"@zh', s, count=1)
        return s

    return re.sub(rf"^[^\n]*(?:{re.escape(FZ_YEAR)}|agency/[^>]*> {re.escape(PREF_LABEL)})[^\n]*$", line, text, flags=re.M)


def big_store(work: Path, base: Path, target: int, rebuild: bool) -> Path:
    import pyoxigraph as ox

    path = work / f"big-{base.name}-{target}"
    done = path / "built.json"
    if done.exists() and not rebuild:
        info = json.loads(done.read_text())
        print(
            f"reusing the big store {path}: {info['copies']} copies, {info['reports']:,} reports, {info['triples']:,} triples, "
            f"{info['quads']:,} quads (loaded in {info['seconds']:.0f} s)"
        )
        return path
    shutil.rmtree(path, ignore_errors=True)
    text, quads, union, by_graph = base_quads(base)
    shared = shared_triples(text)
    per_copy = max(1, union - shared)
    copies = max(1, math.ceil((target - shared) / per_copy))
    print(
        f"base: {quads:,} quads in report graphs, {union:,} distinct triples ({shared:,} shared: laws, regions, vocabularies); "
        f"{copies} copies for about {shared + copies * per_copy:,} triples"
    )
    start = time.perf_counter()
    store = ox.Store(str(path))
    for k in range(copies):
        named = copy_of(text, k)
        if not by_graph:  # the base keeps its triples in the default graph: so does the big store
            named = _GRAPH_AT_END.sub(" .", named)
        store.bulk_load(input=named.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        if k % 5 == 4 or k == copies - 1:
            print(f"  loaded {k + 1}/{copies} copies, {time.perf_counter() - start:.0f} s", flush=True)
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    store.optimize()
    optimize_s = time.perf_counter() - start
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/fazhi/ontology#Report> }"
    reports = int(next(iter(store.query(count, use_default_graph_as_union=True)))["n"].value)  # type: ignore[call-overload]
    triples = int(
        next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True)))["n"].value
    )  # type: ignore[call-overload]
    all_quads = len(store)
    store.flush()
    del store
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e9
    info = {
        "copies": copies,
        "reports": reports,
        "triples": triples,
        "quads": all_quads,
        "seconds": load_s,
        "optimize": optimize_s,
        "gb": size,
    }
    done.write_text(json.dumps(info))
    print(
        f"big store {path}: {reports:,} reports, {triples:,} triples, {all_quads:,} quads ({'named graphs' if by_graph else 'default graph'}); "
        f"bulk load {load_s:.0f} s, optimize {optimize_s:.0f} s, {size:.1f} GB on disk"
    )
    return path


def busiest_agency(base: Path) -> str:
    """The label of the local agency (one with a region) that published the most reports in the base store."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(base))
    sparql = """PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?label (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/fazhi/ontology#Report> ; dcterms:publisher ?a .
        ?a <https://w3id.org/fazhi/ontology#region> ?region .
        ?a skos:prefLabel ?label } GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1"""
    return str(next(iter(store.query(sparql, use_default_graph_as_union=True)))["label"].value)  # type: ignore[call-overload]


def a_citing_source(base: Path, title: str = "中华人民共和国宪法") -> str:
    """The source IRI of the first report (by source) of the base store that cites the document ``title``."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(base))
    sparql = f"""PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?source WHERE {{ ?d skos:prefLabel {ox.Literal(title, language="zh")} .
        ?r <https://w3id.org/fazhi/ontology#cites> ?d ; dcterms:source ?source }} ORDER BY STR(?source) LIMIT 1"""
    return str(next(iter(store.query(sparql, use_default_graph_as_union=True)))["source"].value)  # type: ignore[call-overload]


def params_for(name: str, wanted: dict[str, str], given: dict[str, str], found: dict[str, str]) -> dict[str, str]:
    """A value for each parameter of query ``name``: --param, else the defaults above, else what was found in the store."""
    out = {}
    for p in wanted:
        value = given.get(p) or PARAMS_BY_QUERY.get(name, {}).get(p) or DEFAULT_PARAMS.get(p) or found.get(p)
        if value is None:
            raise SystemExit(f"{name}: no value for its parameter {p!r} ({wanted[p]}); give --param {p}=VALUE")
        out[p] = value
    return out


# -- timing (in a child process per query) ---------------------------------------------------------


def time_one(store_path: str, name: str, params_json: str, runs: int) -> None:
    """Child: one warm-up, then ``runs`` timed runs both ways; prints a JSON line after each, so a timeout keeps what was measured."""
    from fazhi.graph.store import Store

    store = Store.open(store_path, create=False, read_only=True)
    if name == "count-all":
        inner = store._store
        sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        for i in range(runs + 1):
            start = time.perf_counter()
            n = int(next(iter(inner.query(sparql, use_default_graph_as_union=True)))["n"].value)
            ms = (time.perf_counter() - start) * 1000
            print(json.dumps({"run": i, "ms": ms, "raw_ms": ms, "rows": n}), flush=True)
        return
    import fazhi.queries
    from fazhi.queries import prepare, resolve

    params = json.loads(params_json)
    query = resolve(name)
    prepare(query)  # rdflib parses the text once per process; not part of a run
    convert = fazhi.queries.results_to_rows

    def count_only(result: Any) -> tuple[list[str], list[Any]]:
        return [], [None] * sum(1 for _ in result)

    for i in range(runs + 1):
        start = time.perf_counter()
        _, rows = fazhi.queries.run(store, query, params)
        ms = (time.perf_counter() - start) * 1000
        raw_ms = None
        if i == 0 and ms > SLOW_MS:  # one run says enough; repeating it would only spend the time budget
            print(json.dumps({"run": 1, "ms": ms, "raw_ms": None, "rows": len(rows), "once": True}), flush=True)
            return
        if i:  # the same run with the rows counted instead of converted to rdflib terms
            fazhi.queries.results_to_rows = count_only  # type: ignore[assignment]
            try:
                start = time.perf_counter()
                fazhi.queries.run(store, query, params)
                raw_ms = (time.perf_counter() - start) * 1000
            finally:
                fazhi.queries.results_to_rows = convert
        print(json.dumps({"run": i, "ms": ms, "raw_ms": raw_ms, "rows": len(rows)}), flush=True)


def timed(store: Path, name: str, params: dict[str, str], runs: int, timeout: float) -> dict[str, float] | str:
    """Median ms (store.run and oxigraph alone) and rows of the timed runs; a string saying why if there are none."""
    cmd = [PYTHON, __file__, "--child", str(store), name, json.dumps(params, ensure_ascii=False), str(runs)]
    stderr = ""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        stdout, stderr, code = out.stdout, out.stderr, out.returncode
    except subprocess.TimeoutExpired as err:
        stdout = err.stdout.decode() if isinstance(err.stdout, bytes) else (err.stdout or "")
        code = None
    records = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    timed_runs = [r for r in records if r["run"] > 0]
    if code is None and len(timed_runs) < runs:
        if not records:
            return f"no answer within the {timeout:.0f} s timeout"
        times = ", ".join(f"{r['ms']:,.0f}" for r in records)
        return f"over the {timeout:.0f} s timeout after {len(records)} run(s): {times} ms, {records[0]['rows']:,} rows"
    if code:
        return f"failed: {stderr.strip().splitlines()[-1] if stderr.strip() else code}"
    raw = [r["raw_ms"] for r in timed_runs if r["raw_ms"] is not None]
    return {
        "ms": statistics.median(r["ms"] for r in timed_runs),
        "raw_ms": statistics.median(raw) if raw else None,
        "rows": timed_runs[-1]["rows"],
        "once": any(r.get("once") for r in timed_runs),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        time_one(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench/store_latency"), help="folder for the corpus and stores")
    parser.add_argument("--reports", type=int, default=300, help="reports built for real with fazhi build --store (default 300)")
    parser.add_argument(
        "--triples",
        default="10000000",
        help="distinct triples to reach by copying; several sizes, comma-separated, show how latency grows (default 10000000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per query after one warm-up (median printed)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs for the base build, if fazhi build has it")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per query and store size (all its runs)")
    parser.add_argument("--queries", default="", help="comma-separated curated query names (default: all)")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter value for the lookups")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the corpus and stores even if WORK has them")
    args = parser.parse_args()
    given = dict(p.split("=", 1) for p in args.param)
    from fazhi import queries

    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    help_text = subprocess.run([*FAZHI, "build", "--help"], capture_output=True, text=True, check=False).stdout
    jobs = args.jobs if "--jobs" in help_text else 1
    base = base_store(work, args.reports, args.seed, jobs, args.rebuild)
    found = {"agency": busiest_agency(base), "source": a_citing_source(base)}
    targets = sorted(int(t) for t in args.triples.split(","))
    # The expansions (CONSTRUCT, e.g. sentences) write the whole corpus out: not a latency to measure.
    names = [n for n in args.queries.split(",") if n] or [q.name for q in queries.curated() if not queries.is_graph_query(q)]
    results: dict[tuple[str, int], dict[str, float] | str] = {}
    sizes: dict[int, str] = {}
    baseline_lines = []
    for target in targets:
        big = big_store(work, base, target, args.rebuild)
        info = json.loads((big / "built.json").read_text())
        sizes[target] = f"{info['triples'] / 1e6:.1f}M"

        def baselines(label: str, big: Path = big, target: int = target) -> None:
            count = timed(big, "count-all", {}, args.runs, args.timeout)
            py = statistics.median(python_work() for _ in range(3))
            scan = f"{count['ms']:,.0f} ms ({int(count['rows']):,} triples)" if isinstance(count, dict) else count
            line = f"baseline {sizes[target]} {label}: COUNT(*) over the default graph {scan}; fixed Python work {py:,.0f} ms"
            print(line, flush=True)
            baseline_lines.append(line)

        baselines("at the start")
        for name in names:
            q = queries.resolve(name)
            params = params_for(name, q.params, given, found)
            earlier = [results[(name, t)] for t in targets if t < target and (name, t) in results]
            if earlier and isinstance(earlier[-1], str) and "timeout" in earlier[-1]:
                results[(name, target)] = "not run: over the timeout on the smaller store"
            else:
                results[(name, target)] = timed(big, name, params, args.runs, args.timeout)
            print(f"  {sizes[target]:>6} {name:<24} {results[(name, target)]}", flush=True)
        baselines("at the end")

    print()
    print("\n".join(baseline_lines))
    print(
        f"ms: median of {args.runs} runs of Store.run after one warm-up (* = the query took over {SLOW_MS / 1000:.0f} s "
        f"and was timed once); oxigraph ms: the same Store.run with the rows counted, not converted to rdflib terms"
    )
    cols = "".join(f" {'rows ' + sizes[t]:>12} {'ms ' + sizes[t]:>11}" for t in targets)
    header = f"{'query':<24} {'kind':<9} {'params':<24}{cols} {'oxigraph ms':>11}  {'target':>8}"
    print(header)
    print("-" * len(header))
    notes = []
    for name in names:
        q = queries.resolve(name)
        params = params_for(name, q.params, given, found)
        kind, target_ms = ("lookup", LOOKUP_MS) if q.params else ("aggregate", AGGREGATE_MS)
        shown = " ".join(f"{k}={v}" for k, v in params.items()) or "-"
        cells, slow, raw = "", False, ""
        for t in targets:
            r = results[(name, t)]
            if isinstance(r, str):
                cells += f" {'':>12} {'n/a':>11}"
                notes.append(f"{name} at {sizes[t]}: {r}")
                slow = True
            else:
                star = "*" if r.get("once") else ""
                cells += f" {int(r['rows']):>12,} {r['ms']:>10,.0f}{star or ' '}"
                slow = r["ms"] > target_ms
                raw = f"{r['raw_ms']:,.0f}" if r.get("raw_ms") is not None else "-"
        print(f"{name:<24} {kind:<9} {shown:<24}{cells} {raw:>11}  {target_ms:>5,} ms{'  SLOW' if slow else ''}")
    if notes:
        print()
        print("\n".join(notes))


if __name__ == "__main__":
    main()
