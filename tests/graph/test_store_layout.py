"""A store keeps every triple once, in its default graph (half the disk of a named graph per report).
To whoever reads a report from it (remove, push, serve, show, validate) the report is still the
graph a file holds; stores that fazhi 0.2 and 0.3 wrote, a named graph per report, are read as
they are and upgraded in place the first time they are written to."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from fazhi.cli import main
from fazhi.errors import StoreError
from fazhi.graph.store import UPGRADING, Store
from tests.graph.answers import GOLDEN, INPUTS, answers, build

RECORDED = json.loads(GOLDEN.read_text("utf-8"))
PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
EVIDENCE = ox.NamedNode("https://w3id.org/fazhi/ontology#Evidence")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _quads(store: Store) -> set[tuple[str, ...]]:
    return {tuple(str(t) for t in q) for q in store.quads()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The recorded inputs built to a TriG file and into a store."""
    from fazhi.batch import build_into_store

    folder = tmp_path_factory.mktemp("layout")
    build(folder / "graph.trig")
    build_into_store([str(p) for p in INPUTS], folder / "store", jobs=1, strict=False, progress=None)
    return folder / "graph.trig", folder / "store"


def _as_fazhi_0_3_wrote_it(graph_file: Path, folder: Path) -> Path:
    """A store of one named graph per report and one shared graph, its evidence not yet part of its report."""
    inner = ox.Store(str(folder))
    inner.bulk_load(path=str(graph_file), format=ox.RdfFormat.TRIG)
    for quad in list(inner.quads_for_pattern(None, TYPE, EVIDENCE, None)):
        inner.remove(ox.Quad(quad.subject, PART_OF, ox.NamedNode(quad.subject.value.split("/evidence/")[0]), quad.graph_name))
    inner.flush()
    del inner
    return folder


def test_every_triple_is_stored_once_in_the_default_graph(built: tuple[Path, Path]) -> None:
    graph_file, folder = built
    inner = ox.Store.read_only(str(folder))
    assert list(inner.named_graphs()) == []
    distinct = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(graph_file), format=ox.RdfFormat.TRIG)}
    assert len(inner) == len(distinct) > 5000


def test_each_report_reads_back_as_the_graph_a_file_holds(built: tuple[Path, Path]) -> None:
    graph_file, folder = built
    file = Store.from_file(graph_file)
    with Store.open(folder, create=False, read_only=True) as store:
        assert store.graphs() == file.graphs() and len(store.graphs()) == len(INPUTS)
        assert store.shared_graphs() == file.shared_graphs()
        assert _quads(store) == _quads(file)  # every triple in the graph the file puts it in
        for graph in sorted(store.graphs() | store.shared_graphs()):
            assert sorted(store.ntriples(graph).splitlines()) == sorted(file.ntriples(graph).splitlines()), graph


def test_a_store_of_named_graphs_is_read_as_it_is_and_upgraded_when_written_to(tmp_path: Path, built: tuple[Path, Path]) -> None:
    graph_file, folder = built
    old = _as_fazhi_0_3_wrote_it(graph_file, tmp_path / "old")
    with Store.open(old, create=False, read_only=True) as store:
        assert store.by_graph and answers(store) == RECORDED
    with pytest.raises(StoreError, match=rf"fazhi 0.2 or 0.3, a named graph per report; .* fazhi upgrade --store {old}$"):
        Store.open(old, create=True)  # a build or a removal would write it: it must be upgraded first
    result = CliRunner().invoke(main, ["upgrade", "--store", str(old)])
    assert result.exit_code == 0, result.output
    assert f"{old}: {len(INPUTS)} reports, every triple in the default graph" in result.output
    assert not (old / UPGRADING).exists() and list(ox.Store.read_only(str(old)).named_graphs()) == []
    again = CliRunner().invoke(main, ["upgrade", "--store", str(old)])
    assert again.exit_code == 0 and "already in this version's layout" in again.output
    with Store.open(old, create=False, read_only=True) as upgraded, Store.open(folder, create=False, read_only=True) as fresh:
        assert _quads(upgraded) == _quads(fresh)  # the evidence is part of its report again
        assert answers(upgraded) == RECORDED


def test_an_upgrade_cut_off_is_finished_by_the_next_writer(tmp_path: Path, built: tuple[Path, Path]) -> None:
    graph_file, folder = built
    old = _as_fazhi_0_3_wrote_it(graph_file, tmp_path / "old")
    inner = ox.Store(str(old))  # cut off after a third of the graphs were copied into the default graph
    graphs = sorted(inner.named_graphs(), key=str)
    for graph in graphs[: len(graphs) // 3]:
        inner.bulk_extend([ox.Quad(q.subject, q.predicate, q.object) for q in inner.quads_for_pattern(None, None, None, graph)])
    inner.flush()
    del inner
    (old / UPGRADING).write_text("upgrading\n", encoding="utf-8")
    for read_only in (True, False):
        with pytest.raises(StoreError, match=rf"upgrade .* was cut off; finish it: fazhi upgrade --store {old}$"):
            Store.open(old, create=False, read_only=read_only)
    assert Store.open(old, create=False, upgrade=True).by_graph is False
    with Store.open(old, create=False, read_only=True) as upgraded, Store.open(folder, create=False, read_only=True) as fresh:
        assert _quads(upgraded) == _quads(fresh)


def test_a_graph_files_store_takes_no_reports(built: tuple[Path, Path]) -> None:
    from fazhi.batch.run import extract_all
    from fazhi.graph.iris import Iris
    from fazhi.graph.report import report_graph

    file = Store.from_file(built[0])
    record = next(r for r in extract_all(INPUTS[:1]))
    with pytest.raises(StoreError, match="build a store with fazhi build --store"):
        file.add_graph(report_graph(record, Iris()))


def test_report_lines_written_by_another_writer_load_too(tmp_path: Path) -> None:
    """A report's N-Quads become triples by cutting each line's graph; lines that end otherwise
    (spaced by another writer) go through Oxigraph's parser instead."""
    from fazhi.graph.report import ReportGraph

    graph = "https://w3id.org/fazhi/id/graph/0123456789abcdef01234567"
    report = "https://w3id.org/fazhi/id/report/0123456789abcdef01234567"
    data = (
        f"<{report}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/fazhi/ontology#Report> <{graph}> .\n"
        f'<{report}> <http://purl.org/dc/terms/title> "x <{graph}> .\\n"   <{graph}>  .\n'
    ).encode()
    with Store.open(tmp_path / "db", create=True) as store:
        assert [done for _, done in store.add_graphs([ReportGraph("file:///r.txt", "0123", graph, data, 2, "", (), 0)])] == [
            "added"
        ]
        assert store.triples() == 2 and store.graphs() == {graph}
        assert f'"x <{graph}> .\\n"' in store.ntriples(graph).decode()


def test_a_store_of_fazhi_0_2_upgrades_and_answers_as_before(tmp_path: Path) -> None:
    """fazhi 0.2 kept selectors and sentences under each mention: after the upgrade every node of a
    report still reaches it, so the answers stay and a report is removed whole."""
    import gzip

    from fazhi.graph.iris import owner, report_of
    from fazhi.graph.store import _triple

    samples = INPUTS[0].parent
    old = gzip.decompress((GOLDEN.parent / "fazhi-0.2-samples.trig.gz").read_bytes()).decode("utf-8")
    (tmp_path / "old.trig").write_text(old.replace("file:///work/main/fazhi/samples/", samples.resolve().as_uri() + "/"), "utf-8")
    folder = tmp_path / "store"
    inner = ox.Store(str(folder))
    inner.bulk_load(path=str(tmp_path / "old.trig"), format=ox.RdfFormat.TRIG)
    del inner
    with Store.open(folder, create=False, read_only=True) as store:
        before, graphs = answers(store), store.graphs()
        in_graph = {report_of(g): {_triple(q) for q in store.own_quads(report_of(g))} for g in graphs}
    with Store.open(folder, create=False, upgrade=True) as store:
        assert store.upgraded == len(graphs) + 1 and store.graphs() == graphs  # and the shared graph
        for report, quads in in_graph.items():
            walked = set(store.own_quads(report))
            evidence = {q for q in walked if q.predicate == PART_OF and "/evidence/" in q.subject.value}
            assert walked - evidence == quads and len(quads) > 100  # its mentions' own selectors and sentences too
    with Store.open(folder, create=False, read_only=True) as store:
        assert answers(store) == before
    with Store.open(folder, create=True) as store:
        victim = sorted(store._report_iris())[0]
        store.remove(victim)
        assert not [q for q in store.quads() if owner(q.subject.value) == victim]
        assert store.reports() == len(graphs) - 1
