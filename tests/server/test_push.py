"""``fazhi push`` against a real Oxigraph server: one named graph per report, idempotent, the same from
a graph file and a store, and one-line errors for an unreachable server, an error status and bad input."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from fazhi.batch import build_dataset, build_into_store
from fazhi.cli import main
from fazhi.errors import FazhiError, PushError, PushInterrupted
from fazhi.graph.io import read_dataset, write_dataset
from fazhi.server.push import open_graphs, push_graphs, report_graphs

DEV = Path(__file__).parents[1] / "data" / "dev"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is missing; install it with: pip install -e '.[test]'")
    return found


def sparql(base: str, query: str) -> list[dict[str, str]]:
    """Run a SELECT on the server's /query endpoint; rows as {variable: value}."""
    request = urllib.request.Request(
        f"{base}/query?{urllib.parse.urlencode({'query': query})}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        bindings = json.load(response)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in bindings]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory) -> Iterator[str]:
    """A running ``oxigraph serve`` on a free local port; its base URL."""
    folder = tmp_path_factory.mktemp("oxigraph")
    base = f"http://127.0.0.1:{free_port()}"
    with open(folder / "server.log", "wb") as log:
        server = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder / "db"), "--bind", base[len("http://") :]],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 15
            while True:
                try:
                    sparql(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"oxigraph did not come up: {(folder / 'server.log').read_text(errors='replace')}")
                    time.sleep(0.05)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def server(oxigraph) -> str:
    """The server emptied; its Graph Store endpoint."""
    request = urllib.request.Request(
        f"{oxigraph}/update", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    with urllib.request.urlopen(request, timeout=10):
        pass
    return f"{oxigraph}/store"


@pytest.fixture(scope="module")
def reports() -> list[Path]:
    return sorted(DEV.glob("*.txt"))[:5]


@pytest.fixture(scope="module")
def trig(tmp_path_factory, reports) -> Path:
    path = tmp_path_factory.mktemp("push") / "g.trig"
    write_dataset(build_dataset(reports).dataset, path)
    return path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, reports) -> Path:
    folder = tmp_path_factory.mktemp("push") / "db"
    build_into_store(reports, folder)
    return folder


def server_counts(endpoint: str) -> dict[str, int]:
    """Triples per named graph on the server, and its default graph's under the key ''."""
    base = endpoint.rsplit("/", 1)[0]
    rows = sparql(base, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {row["g"]: int(row["n"]) for row in rows}
    counts[""] = int(sparql(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    return counts


def file_counts(path: Path) -> dict[str, int]:
    """Triples per named graph in a graph file, read by rdflib; the server's default graph should stay empty."""
    ds = read_dataset(path)
    counts = {str(g.identifier): len(g) for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID}
    return {**counts, "": 0}


def push_file(path: Path, url: str):
    with open_graphs(str(path), store=False) as store:
        return push_graphs(report_graphs(store), url)


def run(*args: object):
    return CliRunner().invoke(main, ["push", *(str(a) for a in args)])


def assert_one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # reports_errors' exit, not an escaped error
    lines = result.stderr.strip().splitlines()  # the progress bar's label may come first
    assert [line for line in lines if line.startswith("fazhi: ")] == lines[-1:], result.stderr
    for word in words:
        assert word in lines[-1], lines[-1]


def test_a_file_goes_up_as_one_named_graph_per_report(server, trig):
    expected = file_counts(trig)
    result = push_file(trig, server)
    assert server_counts(server) == expected
    assert (result.reports, result.triples) == (5, sum(expected.values()))


def test_a_compressed_file_pushes_what_the_plain_one_pushes(server, trig, tmp_path):
    packed = tmp_path / "g.trig.gz"
    packed.write_bytes(gzip.compress(trig.read_bytes()))
    result = run(packed, server)
    assert result.exit_code == 0, result.output
    assert server_counts(server) == file_counts(trig)


def test_pushing_again_changes_nothing(server, trig):
    push_file(trig, server)
    before = server_counts(server)
    push_file(trig, server)
    assert server_counts(server) == before


def test_a_store_pushes_what_its_graph_file_pushes(server, trig, store_dir):
    with open_graphs(str(store_dir), store=True) as store:
        result = push_graphs(report_graphs(store), server)
    assert result.reports == 5
    assert server_counts(server) == file_counts(trig)


def test_the_command_prints_one_summary_line(server, trig, store_dir):
    result = run(trig, server)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        rf"pushed 5 reports \(\d+ triples\) to {re.escape(server)} in \d+\.\d s", result.stderr.strip().splitlines()[-1]
    )
    quiet = run("--store", store_dir, server, "--quiet", "--header", "Authorization: Bearer secret")
    assert (quiet.exit_code, quiet.output) == (0, "")
    assert server_counts(server) == file_counts(trig)


def test_an_unreachable_server_is_one_line(trig):
    result = run(trig, f"http://127.0.0.1:{free_port()}/store")
    assert_one_line_error(result, "cannot reach", "start the server")


def test_an_error_status_names_the_status_and_the_graph(server, trig):
    result = run(trig, server.replace("/store", "/query"))
    assert_one_line_error(result, "404", "report graph https://w3id.org/fazhi/id/graph/", "Graph Store endpoint")


def test_a_failure_midway_says_how_many_went_up(server):
    good = b'<http://example.org/a> <http://example.org/p> "x" .\n'
    with pytest.raises(
        PushError, match=r"400 .* http://example.org/g2: .*1 reports were pushed before this, and running the push again is safe"
    ):
        push_graphs([("http://example.org/g1", good), ("http://example.org/g2", b"<broken")], server)


def test_an_interrupted_push_says_how_many_went_up(server):
    def graphs():
        yield "http://example.org/g1", b'<http://example.org/a> <http://example.org/p> "x" .\n'
        raise KeyboardInterrupt

    with pytest.raises(PushInterrupted, match="interrupted; 1 reports were pushed before this") as caught:
        push_graphs(graphs(), server)
    assert caught.value.exit_code == 130


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["ftp://example.org/store"], ["not an http(s) URL"]),
        (["http://user:pw@127.0.0.1:1/store"], ["--header 'Authorization"]),
        (["http://127.0.0.1:1/store", "--header", "no colon"], ["NAME: VALUE"]),
    ],
)
def test_bad_urls_and_headers_are_one_line(trig, args, words):
    assert_one_line_error(run(trig, *args), *words)


def test_bad_inputs_are_one_line(tmp_path, trig):
    (tmp_path / "bad.trig").write_text("<a> <b> <c", encoding="utf-8")
    assert_one_line_error(run(tmp_path / "bad.trig", "http://127.0.0.1:1/store"), "not valid trig")
    (tmp_path / "union.ttl").write_text("", encoding="utf-8")
    assert_one_line_error(run(tmp_path / "union.ttl", "http://127.0.0.1:1/store"), "push a .trig or .nq file")
    assert_one_line_error(run("--store", tmp_path / "none", "http://127.0.0.1:1/store"), "not a fazhi store")
    assert_one_line_error(run("http://127.0.0.1:1/store"), "usage: fazhi push")
    assert_one_line_error(run("--store", tmp_path / "none", trig, "http://127.0.0.1:1/store"), "not both")


def test_a_graph_without_report_graphs_is_refused(tmp_path):
    (tmp_path / "empty.trig").write_text(
        "<http://example.org/a> <http://example.org/p> <http://example.org/b> .", encoding="utf-8"
    )
    with pytest.raises(FazhiError, match="has no report graphs"), open_graphs(str(tmp_path / "empty.trig"), store=False):
        pass
