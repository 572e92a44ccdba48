"""A streamed build: reports become N-Quads one at a time, in one process or several, and reach
a file or a store without all being held; its output is the in-memory build's."""

from __future__ import annotations

import pytest

from fazhi.batch import build_dataset, build_into_store, build_to_file
from fazhi.batch.work import Unchanged, Worker, run
from fazhi.errors import FazhiError, InputError
from fazhi.graph.io import read_dataset
from fazhi.graph.report import ReportGraph
from fazhi.graph.store import Store


@pytest.fixture(scope="module")
def inputs(data, tmp_path_factory):
    """Ten dev reports and one empty file, which every build skips."""
    folder = tmp_path_factory.mktemp("inputs")
    paths = sorted((data / "dev").glob("r*.txt"))[:10]
    empty = folder / "empty.txt"
    empty.write_text("")
    return [*paths[:5], empty, *paths[5:]]


def quad_set(ds):
    return {tuple(map(str, q)) for q in ds.quads((None, None, None, None))}


@pytest.fixture(scope="module")
def in_memory(inputs):
    return build_dataset(inputs)


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".ttl", ".jsonld"])
def test_a_streamed_file_holds_what_the_in_memory_build_holds(inputs, in_memory, tmp_path, suffix):
    out = tmp_path / f"graph{suffix}"
    summary = build_to_file(inputs, out)
    assert summary.reports == 10
    assert [e.source for e in summary.skipped] == [str(inputs[5])]
    got = read_dataset(out)
    if suffix in (".nq", ".trig", ".jsonld"):
        assert quad_set(got) == quad_set(in_memory.dataset)
    assert len(got) == len(in_memory.dataset)


def test_two_processes_write_the_same_bytes_as_one(inputs, tmp_path):
    build_to_file(inputs, tmp_path / "one.nq")
    summary = build_to_file(inputs, tmp_path / "two.nq", jobs=2)
    assert (tmp_path / "two.nq").read_bytes() == (tmp_path / "one.nq").read_bytes()
    assert summary.reports == 10 and len(summary.skipped) == 1


def test_an_unreadable_input_comes_back_from_a_worker_process_as_its_error(inputs):
    outcomes = list(run(inputs, Worker(), jobs=2))
    errors = [o for o in outcomes if isinstance(o, InputError)]
    assert len(errors) == 1 and errors[0].source == str(inputs[5])
    assert [o.source for o in outcomes if isinstance(o, ReportGraph)] == [
        f"file://{p.resolve()}" for p in inputs if p != inputs[5]
    ]


def test_strict_stops_and_leaves_the_previous_output(inputs, tmp_path):
    out = tmp_path / "graph.nq"
    out.write_text("previous")
    with pytest.raises(InputError):
        build_to_file(inputs, out, strict=True, jobs=2)
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nq"]


def test_nothing_readable_is_an_error_and_writes_nothing(inputs, tmp_path):
    with pytest.raises(FazhiError, match="no report could be read"):
        build_to_file([inputs[5]], tmp_path / "graph.trig")
    assert not (tmp_path / "graph.trig").exists()


def test_a_store_built_by_two_processes_equals_one_built_by_one(inputs, tmp_path):
    one = build_into_store(inputs, tmp_path / "one")
    two = build_into_store(inputs, tmp_path / "two", jobs=2)
    assert (one.added, two.added, one.quads, one.triples) == (10, 10, two.quads, two.triples)
    with Store.open(tmp_path / "one", create=False) as a, Store.open(tmp_path / "two", create=False) as b:
        assert quad_set(a.to_dataset()) == quad_set(b.to_dataset())


def test_reports_already_in_the_store_are_hashed_not_extracted(inputs, tmp_path, monkeypatch):
    build_into_store(inputs[:3], tmp_path / "db")
    with Store.open(tmp_path / "db", create=False) as store:
        worker = Worker(known=frozenset(store.graphs()))
    monkeypatch.setattr(Worker, "warm", lambda self: pytest.fail("an unchanged report was extracted"))
    assert all(isinstance(worker(p), Unchanged) for p in inputs[:3])


def test_char_line_and_jieba_segmentation_give_the_same_record(data):
    from fazhi.extraction import Extractor
    from fazhi.extraction.ingest import read_document

    char, lines, words = Extractor("char"), Extractor("line"), Extractor("jieba")
    paths = sorted((data / "dev").glob("r*.txt"))[:6] + sorted((data / "seeds").iterdir())
    records = []
    for path in paths:
        document = read_document(path)
        records.append(char.extract(document))
        assert lines.extract(document) == records[-1]
        assert words.extract(document) == records[-1]
    assert all(r.mentions for r in records) and any(r.items for r in records) and any(r.figures for r in records)


def test_a_text_over_a_million_characters_is_read_and_one_over_the_limit_skipped(data, tmp_path):
    """spaCy's 1,000,000-character default stopped whole builds; fazhi reads long reports and skips,
    with one line, only texts past its own limit, keeping every report of a store build."""
    from fazhi.extraction.pipeline import MAX_CHARS

    opening = (data / "seeds" / "000_1ca5fe9877358afd.txt").read_text("utf-8")
    long = tmp_path / "long.txt"
    long.write_text(opening + "\n" + "2021年，区司法局学习《中华人民共和国宪法》。" * 42_000, "utf-8")  # 1.0 M characters
    too_long = tmp_path / "too_long.txt"
    too_long.write_text("法治" * (MAX_CHARS // 2 + 1), "utf-8")
    good = sorted((data / "dev").glob("r*.txt"))[:3]
    summary = build_into_store([*good, long, too_long], tmp_path / "store")
    assert summary.added == 4
    [skipped] = summary.skipped
    assert "too_long.txt" in str(skipped) and "characters, over the" in str(skipped)
    assert Store.open(tmp_path / "store", create=False, read_only=True).reports() == 4
