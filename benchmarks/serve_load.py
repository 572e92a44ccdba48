"""``fazhi serve`` under load, beside Oxigraph's own server on the same store, in one run.

    python benchmarks/serve_load.py [--reports 200] [--clients 200] [--timeout 5] [--work DIR]

Generates --reports reports (``benchmarks/corpus.py``), builds them into a store, then for each
server — ``fazhi serve --store`` (4 workers) and ``oxigraph serve-read-only`` (the Rust server that
``pip install oxigraph`` brings, with ``--union-default-graph`` and ``--timeout-s``) — prints:

- **burst**: --clients simultaneous small queries, each on its own connection: how many were
  answered 200 (a client gives up after 60 s), p50, p95 and max latency;
- **beside runaways**: --runaways queries that never finish (a COUNT over a triple cross product:
  nothing streams, so only ending the evaluation stops it) are sent, and 0.5 s later a quick
  query: its latency, and what the runaways got and when;
- **recovery**: from the last runaway's answer, how long until the server's processes use under
  5 % of a core (sampled every 0.1 s from /proc), and the latency of a query then.

Latencies depend on the machine's load: compare the two servers' figures of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate

SMALL = "PREFIX fz: <https://w3id.org/fazhi/ontology#> SELECT ?r WHERE { ?r a fz:Report } LIMIT 1"
QUICK = "ASK { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
BIN = Path(sys.executable).parent


def ask(url: str, query: str, timeout: float = 60.0) -> tuple[int | str, float]:
    """Status (or the error's name) and seconds of one GET on a new connection."""
    started = time.monotonic()
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status: int | str = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    except OSError as err:
        status = type(err).__name__
    return status, time.monotonic() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(kind: str, store: Path, timeout: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    if kind == "fazhi":
        command = [str(BIN / "fazhi"), "serve", "--store", str(store), "--port", str(port), "--timeout", str(timeout), "-q"]
        url = f"http://127.0.0.1:{port}/sparql"
    else:
        command = [
            str(BIN / "oxigraph"),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            "--timeout-s",
            str(int(timeout)),
        ]
        url = f"http://127.0.0.1:{port}/query"
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if ask(url, QUICK, timeout=5)[0] == 200:
            return process, url
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{kind} did not answer within 120 s")


def tree_cpu(root: int) -> float:
    """CPU seconds used so far by ``root`` and every process below it."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = int(fields[11]) + int(fields[12])
    members, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in members:
                members.add(child)
                frontier.append(child)
    return sum(ticks.get(p, 0) for p in members) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def burst(url: str, clients: int) -> dict[str, object]:
    results: list[tuple[int | str, float]] = []
    gate = threading.Barrier(clients)

    def one() -> None:
        gate.wait()
        results.append(ask(url, SMALL))

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times = [s for status, s in results if status == 200]
    return {
        "answered": f"{len(times)}/{clients}",
        "p50_s": round(statistics.median(times), 3) if times else None,
        "p95_s": round(percentile(times, 0.95), 3) if times else None,
        "max_s": round(max(times), 3) if times else None,
        "failures": sorted({str(status) for status, _ in results if status != 200}),
    }


def runaways(process: subprocess.Popen[bytes], url: str, count: int, timeout: float) -> dict[str, object]:
    answers: list[tuple[int | str, float]] = []
    started = time.monotonic()
    threads = [threading.Thread(target=lambda: answers.append(ask(url, RUNAWAY, timeout=timeout + 120))) for _ in range(count)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    quick_status, quick_seconds = ask(url, QUICK, timeout=timeout + 120)
    for t in threads:
        t.join()
    last_answer = time.monotonic()
    # Idle: a 0.5 s window in which the server's processes used under 5 % of one core.
    idle_after = None
    previous, previous_at = tree_cpu(process.pid), time.monotonic()
    while time.monotonic() - last_answer < 120:
        time.sleep(0.5)
        now, now_at = tree_cpu(process.pid), time.monotonic()
        if (now - previous) / (now_at - previous_at) < 0.05:
            idle_after = round(previous_at - last_answer, 2)
            break
        previous, previous_at = now, now_at
    after_status, after_seconds = ask(url, QUICK)
    return {
        "quick_status": quick_status,
        "quick_s": round(quick_seconds, 3),
        "runaway_answers": sorted({str(s) for s, _ in answers}),
        "runaways_done_s": round(last_answer - started, 2),
        "idle_after_s": idle_after if idle_after is not None else "not idle within 120 s",
        "then_query": f"{after_status} in {after_seconds:.3f} s",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--runaways", type=int, default=6, help="more than fazhi's 4 workers")
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--servers", default="fazhi,oxigraph")
    parser.add_argument("--work", type=Path, default=Path("/tmp/fazhi-serve-load"))
    args = parser.parse_args()
    corpus, store = args.work / f"corpus-{args.reports}", args.work / f"store-{args.reports}"
    if not corpus.exists():
        generate(corpus, args.reports)
    if not store.exists():
        subprocess.run([str(BIN / "fazhi"), "build", "--store", str(store), str(corpus), "-q"], check=True)
    print(f"store: {args.reports} reports; timeout {args.timeout:g} s; {args.clients} clients; {args.runaways} runaway queries")
    for kind in args.servers.split(","):
        process, url = start(kind, store, args.timeout)
        try:
            figures = {"burst": burst(url, args.clients), "runaways": runaways(process, url, args.runaways, args.timeout)}
        finally:
            process.kill()
            process.wait()
        print(kind, json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
