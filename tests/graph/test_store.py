"""A persistent Oxigraph store, built incrementally: unchanged reports are skipped, changed ones
replace their graph, one report can be removed, a crash mid-report changes nothing, and every
curated query answers on the store as it does on the rdflib dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fazhi import queries
from fazhi.batch import build_dataset, build_into_store, extract_all, sample_inputs
from fazhi.cli import main
from fazhi.errors import FazhiError
from fazhi.graph.iris import Iris
from fazhi.graph.store import Store


@pytest.fixture(scope="module")
def few() -> list[Path]:
    return sample_inputs()[:4]


@pytest.fixture(scope="module")
def few_records(few):
    return [r for r in extract_all(few) if not isinstance(r, FazhiError)]


def quads(store: Store) -> set[tuple[str, ...]]:
    return {tuple(str(t) for t in q) for q in store.to_dataset().quads((None, None, None, None))}


def fresh_store(path: Path, records) -> Store:
    store = Store.open(path, create=True)
    for record in records:
        assert store.add_record(record, Iris()) == "added"
    return store


def test_building_twice_adds_nothing_the_second_time(tmp_path, few):
    first = build_into_store(few, tmp_path / "db")
    assert (first.added, first.unchanged, first.replaced) == (4, 0, 0)
    second = build_into_store(few, tmp_path / "db")
    assert (second.added, second.unchanged, second.replaced) == (0, 4, 0)
    assert (second.quads, second.triples, second.reports) == (first.quads, first.triples, 4)


def test_reports_an_older_fazhi_read_are_read_again(tmp_path, few, monkeypatch):
    import fazhi.extraction
    from fazhi.extraction import release

    current = release()
    monkeypatch.setattr(fazhi.extraction, "release", lambda: "fazhi/0.4.0 vocabularies/000000000000")
    build_into_store(few[:3], tmp_path / "db")
    monkeypatch.undo()

    result = CliRunner().invoke(main, ["build", *map(str, few), "--store", str(tmp_path / "db")])
    assert result.exit_code == 0, result.output
    assert "1 added, 0 unchanged, 0 replaced" in result.output
    assert "reread     3 read by an older fazhi or other vocabularies, read again" in result.output
    with Store.open(tmp_path / "db", create=False, read_only=True) as store:
        readers = [str(row[0]) for row in store.query("SELECT ?e WHERE { ?r <https://w3id.org/fazhi/ontology#extractor> ?e }")]
        assert len(readers) == 4 and all(current in reader for reader in readers)
        assert store.reports() == 4
    again = build_into_store(few, tmp_path / "db")
    assert (again.added, again.unchanged, again.replaced, again.reread) == (0, 4, 0, 0)
    build_into_store(few, tmp_path / "fresh")
    with Store.open(tmp_path / "db", create=False) as reread, Store.open(tmp_path / "fresh", create=False) as fresh:
        assert quads(reread) == quads(fresh)  # nothing of the old readings is left


def test_no_reread_keeps_what_an_older_fazhi_read(tmp_path, few, monkeypatch):
    import fazhi.extraction

    monkeypatch.setattr(fazhi.extraction, "release", lambda: "fazhi/0.4.0 vocabularies/000000000000")
    build_into_store(few[:3], tmp_path / "db")
    monkeypatch.undo()
    result = CliRunner().invoke(main, ["build", *map(str, few), "--store", str(tmp_path / "db"), "--no-reread"])
    assert result.exit_code == 0, result.output
    assert "1 added, 3 unchanged, 0 replaced" in result.output and "read again" not in result.output
    with Store.open(tmp_path / "db", create=False, read_only=True) as store:
        readers = [str(row[0]) for row in store.query("SELECT ?e WHERE { ?r <https://w3id.org/fazhi/ontology#extractor> ?e }")]
        assert sum("fazhi/0.4.0" in reader for reader in readers) == 3


def test_the_store_holds_what_the_file_build_holds(tmp_path, few):
    result = build_dataset(few)
    with Store.open(tmp_path / "db", create=True) as store:
        for record in result.records:
            store.add_record(record, Iris())
        assert len(store) == len(list(result.dataset.quads((None, None, None, None))))
        assert store.triples() == len(result.dataset)
        assert store.reports() == 4
        assert {tuple(map(str, q)) for q in result.dataset.quads((None, None, None, None))} == quads(store)


def test_the_store_persists_after_closing(tmp_path, few):
    build_into_store(few, tmp_path / "db")
    with Store.open(tmp_path / "db", create=False) as store:
        assert store.reports() == 4


def test_a_changed_report_replaces_its_graph(tmp_path, few):
    report = tmp_path / "in" / "report.txt"
    report.parent.mkdir()
    shutil.copy(few[0], report)
    inputs = [report, *few[1:]]
    build_into_store(inputs, tmp_path / "db")
    with Store.open(tmp_path / "db", create=False) as store:
        old_graphs = store.graphs()

    report.write_text(report.read_text("utf-8").replace("认真学习", "认真系统学习宪法和", 1), "utf-8")
    again = build_into_store(inputs, tmp_path / "db")
    assert (again.added, again.unchanged, again.replaced) == (0, 3, 1)

    fresh = build_dataset(inputs)
    with Store.open(tmp_path / "db", create=False) as store:
        new_graphs = store.graphs()
        (gone,) = old_graphs - new_graphs
        assert not any(q[3] == gone for q in quads(store))
        assert len(new_graphs) == 4
        assert len(store) == len(list(fresh.dataset.quads((None, None, None, None))))
        assert store.triples() == len(fresh.dataset)  # the union lost what only the old graph said
        assert quads(store) == {tuple(map(str, q)) for q in fresh.dataset.quads((None, None, None, None))}


@pytest.mark.parametrize("how", ["hash", "source", "iri"])
def test_remove_deletes_exactly_one_report(tmp_path, few_records, how):
    store = fresh_store(tmp_path / "db", few_records)
    before = quads(store)
    victim = few_records[1]
    graph = str(Iris().graph(victim.content_hash))
    spec = {"hash": victim.content_hash[:10], "source": victim.source, "iri": str(Iris().report(victim.content_hash))}[how]
    assert store.remove(spec) == str(Iris().report(victim.content_hash))
    shared = str(Iris().shared_graph())
    assert {q for q in quads(store) if q[3] != shared} == {q for q in before if q[3] not in (graph, shared)}
    # What the shared graph said only of the victim's agency, documents and places went with it.
    rest = build_dataset([Path(r.source.removeprefix("file://")) for r in few_records if r is not victim])
    assert quads(store) == {tuple(map(str, q)) for q in rest.dataset.quads((None, None, None, None))}
    assert store.triples() == len(rest.dataset)
    store.close()


def test_remove_by_path_on_the_command_line(tmp_path, few):
    build_into_store(few, tmp_path / "db")
    result = CliRunner().invoke(main, ["remove", "--store", str(tmp_path / "db"), str(few[2])])
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "db", create=False) as store:
        assert store.reports() == 3


def test_removing_an_unknown_report_is_one_line(tmp_path, few_records):
    with fresh_store(tmp_path / "db", few_records) as store, pytest.raises(FazhiError) as err:
        store.remove("ffffffffffff")
    assert "no such report" in str(err.value) and "\n" not in str(err.value)
    result = CliRunner().invoke(main, ["remove", "--store", str(tmp_path / "db"), "nothing-like-this"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("fazhi: nothing-like-this: no such report")


def test_opening_what_is_not_a_store_is_one_line(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("x", "utf-8")
    (tmp_path / "file.trig").write_text("x", "utf-8")
    cases = [
        (tmp_path / "notes", False, "not a fazhi store"),
        (tmp_path / "notes", True, "not empty"),
        (tmp_path / "file.trig", True, "is a file"),
        (tmp_path / "missing", False, "not a fazhi store"),
    ]
    for path, create, words in cases:
        with pytest.raises(FazhiError) as err:
            Store.open(path, create=create)
        assert words in str(err.value) and "\n" not in str(err.value)
    assert not (tmp_path / "missing").exists()


def test_a_store_in_use_is_one_line(tmp_path):
    with Store.open(tmp_path / "db", create=True), pytest.raises(FazhiError) as err:
        Store.open(tmp_path / "db", create=False)
    assert "in use" in str(err.value) and "\n" not in str(err.value)


def test_a_store_a_build_keeps_changing_under_a_reader_is_one_line(tmp_path, monkeypatch):
    """RocksDB may replace a file between a reader's reading its name and opening it: the opening is
    tried again, and if it keeps failing the reader gets one line saying what to do."""
    from fazhi.graph.store import open_read_only

    calls = []

    def replaced(path):
        calls.append(path)
        raise RuntimeError("Corruption: IO error: No such file or directory: While open a file: db/MANIFEST-000005")

    monkeypatch.setattr("time.sleep", lambda seconds: None)
    with pytest.raises(FazhiError) as err:
        open_read_only(tmp_path / "db", replaced)
    assert len(calls) == 5
    assert "db: cannot be read (Corruption: IO error" in str(err.value)
    assert "if a build is writing it, run the command again when it is done" in str(err.value)
    assert "\n" not in str(err.value)


def test_reading_commands_run_while_a_build_holds_the_store(tmp_path, few_records):
    """query, validate, network and push open a store read-only: a build writing to it does not stop them."""
    from fazhi.server.push import open_graphs

    with fresh_store(tmp_path / "db", few_records[:2]) as writer:  # a build in progress holds the write lock
        db = str(tmp_path / "db")
        result = CliRunner().invoke(main, ["query", "--store", db, "reports-by-year-region"])
        assert result.exit_code == 0, result.output
        assert "(0 rows)" not in result.output
        result = CliRunner().invoke(main, ["validate", "--store", db])
        assert result.exit_code == 0 and "conforms" in result.output, result.output
        with open_graphs(db, store=True) as reader:
            assert reader.reports() == writer.reports() == 2


def _crashing(monkeypatch):
    """The report's quads stop coming half-way, as when the process is killed mid-report."""
    import fazhi.graph.store
    from fazhi.graph.nquads import parse

    def crash(data):
        for i, quad in enumerate(parse(data)):
            if i == 50:
                raise RuntimeError("killed mid-report")
            yield quad

    monkeypatch.setattr(fazhi.graph.store, "parse", crash)


def test_a_crash_mid_report_leaves_the_store_as_it_was(tmp_path, few_records, monkeypatch):
    store = fresh_store(tmp_path / "db", few_records[:2])
    before = (quads(store), store.triples())
    _crashing(monkeypatch)
    with pytest.raises(RuntimeError):
        store.add_record(few_records[2], Iris())
    assert (quads(store), store.triples()) == before
    store.close()


def test_a_crash_while_replacing_keeps_the_old_graph(tmp_path, few_records, monkeypatch):
    from dataclasses import replace

    store = fresh_store(tmp_path / "db", few_records[:2])
    before = (quads(store), store.triples())
    text = few_records[0].text + "\n另外。"
    changed = replace(few_records[0], text=text, content_hash=__import__("hashlib").sha256(text.encode()).hexdigest())
    _crashing(monkeypatch)
    with pytest.raises(RuntimeError):
        store.add_record(changed, Iris())
    assert (quads(store), store.triples()) == before
    store.close()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, sample_build):
    store = fresh_store(tmp_path_factory.mktemp("store") / "db", sample_build.records)
    yield store
    store.close()


def _normal(rows) -> list[tuple[str, ...]]:
    """Rows as sorted string tuples; comma-separated concatenations (GROUP_CONCAT) with their parts sorted."""

    def cell(v) -> str:
        text = "" if v is None else str(v)
        return ",".join(sorted(text.split(","))) if "," in text else text

    return sorted(tuple(cell(v) for v in row) for row in rows)


@pytest.mark.parametrize("query", queries.curated(), ids=lambda q: q.name)
def test_every_curated_query_gives_the_same_rows_on_the_store(query, sample_build, sample_store, query_params):
    params = {k: query_params[k] for k in query.params}
    if queries.is_graph_query(query):
        nt = sorted(queries.run_graph(sample_build.dataset, query, params, "nt").splitlines())
        assert nt and sorted(queries.run_graph(sample_store, query, params, "nt").splitlines()) == nt
        return
    names, rows = queries.run(sample_build.dataset, query, params)
    store_names, store_rows = queries.run(sample_store, query, params)
    assert store_names == names
    assert _normal(store_rows) == _normal(rows)


def test_store_rows_are_rdflib_terms(sample_store):
    from rdflib import Literal, URIRef

    names, rows = queries.run(sample_store, queries.resolve("document-agencies"), {"doc": "中华人民共和国宪法"})
    record = dict(zip(names, rows[0], strict=False))
    assert isinstance(record["source"], URIRef)
    assert isinstance(record["title"], Literal) and record["title"].language == "zh"


def test_a_missing_parameter_is_the_same_error_as_on_a_graph(sample_store):
    with pytest.raises(FazhiError, match="needs --param doc="):
        queries.run(sample_store, queries.resolve("document-agencies"), {})


def test_a_network_from_the_store_is_the_network_from_the_file(tmp_path, few):
    import networkx as nx

    from fazhi.batch import build_to_file
    from fazhi.network import write_network

    build_to_file(few, tmp_path / "g.trig")
    build_into_store(few, tmp_path / "db")
    write_network(tmp_path / "g.trig", tmp_path / "file.graphml")
    write_network(None, tmp_path / "store.graphml", store_dir=tmp_path / "db")
    a, b = nx.read_graphml(tmp_path / "file.graphml"), nx.read_graphml(tmp_path / "store.graphml")
    assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
    assert sorted(a.edges(data=True)) == sorted(b.edges(data=True)) and a.number_of_edges() > 0


def test_a_graph_file_loads_into_an_in_memory_store_as_rdflib_reads_it(tmp_path, few):
    from fazhi.batch import build_to_file
    from fazhi.errors import GraphError
    from fazhi.graph.io import read_dataset

    for suffix in (".trig", ".nq", ".ttl"):
        build_to_file(few, tmp_path / f"g{suffix}")
        store, ds = Store.from_file(tmp_path / f"g{suffix}"), read_dataset(tmp_path / f"g{suffix}")
        assert quads(store) == {tuple(str(t) for t in q) for q in ds.quads((None, None, None, None))}
        assert store.triples() == len(ds)
    (tmp_path / "bad.nq").write_text("<a> <b> .\n")
    with pytest.raises(GraphError, match=r"bad.nq: not valid nquads"):
        Store.from_file(tmp_path / "bad.nq")


def test_reports_bulk_loaded_in_batches_equal_reports_added_one_by_one(tmp_path, few_records):
    from fazhi.graph.report import report_graph

    one = fresh_store(tmp_path / "one", few_records)
    graphs = [report_graph(r, Iris()) for r in few_records]
    with Store.open(tmp_path / "bulk", create=True) as bulk:
        outcomes = [done for _, done in bulk.add_graphs(graphs, batch=1000)]
        assert outcomes == ["added"] * 4
        assert quads(bulk) == quads(one) and bulk.triples() == one.triples()
        assert [done for _, done in bulk.add_graphs(graphs)] == ["unchanged"] * 4
    one.close()


def test_a_crash_mid_batch_is_undone_when_the_store_is_next_opened(tmp_path, few_records, monkeypatch):
    import pyoxigraph as ox

    from fazhi.graph.report import report_graph
    from fazhi.graph.store import PENDING

    store = fresh_store(tmp_path / "db", few_records[:2])
    before = (quads(store), store.triples())

    class Dying:  # stands in for the pyoxigraph store: loads half the report quads, then the process "dies"
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def bulk_load(self, input, **options):  # the report graphs: half of them get in
            lines = input.splitlines(keepends=True)
            self.inner.bulk_load(input=b"".join(lines[: len(lines) // 2]), **options)
            raise KeyboardInterrupt

    store._store = Dying(store._store)
    with pytest.raises(KeyboardInterrupt):
        list(store.add_graphs([report_graph(r, Iris()) for r in few_records[2:]]))
    store._store = store._store.inner
    assert (tmp_path / "db" / PENDING).exists() and len(store) > len(before[0])
    store.close()  # the folder's lock goes with the last reference
    with Store.open(tmp_path / "db", create=True) as again:
        assert (quads(again), again.triples()) == before
        assert not (tmp_path / "db" / PENDING).exists()
        assert isinstance(again._store, ox.Store)


def test_a_parameter_is_written_as_a_constant_only_where_that_keeps_the_answer():
    from rdflib import Literal, URIRef

    from fazhi.queries import bind, inject

    simple = bind("SELECT ?t WHERE { ?d <x:label> ?doc ; <x:title> ?t }", {"doc": Literal("宪法", lang="zh")})
    assert '?d <x:label> "宪法"@zh' in simple and 'VALUES ?doc { "宪法"@zh }' in simple
    # a sub-select has its own ?doc, which a constant would wrongly bind: only VALUES binds the outer one
    nested = "SELECT ?n WHERE { ?x ?p ?doc { SELECT (COUNT(?doc) AS ?n) WHERE { ?y ?q ?doc } } }"
    assert bind(nested, {"doc": Literal("宪法")}) == inject(nested, 'VALUES ?doc { "宪法" }')
    assert "<file:///r.txt>" in bind("SELECT * WHERE { ?r <x:source> ?source }", {"source": URIRef("file:///r.txt")})
    # a variable's name inside a (long) string or a comment is text, not the variable
    quoted = bind('SELECT * WHERE { ?s ?p ?doc FILTER(STR(?s) != """?doc""") } # ?doc', {"doc": Literal("宪法")})
    assert '?s ?p "宪法" FILTER(STR(?s) != """?doc""") } # ?doc' in quoted
