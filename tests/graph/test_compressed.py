"""Compressed graph files: a name ending in .gz (graph.nq.gz) is the same format through gzip,
written by every command that writes a graph and read by every command that reads one."""

from __future__ import annotations

import gzip

import pytest
from click.testing import CliRunner

from fazhi.cli import main
from fazhi.errors import PushError
from fazhi.server.push import open_graphs


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def seeds(data):
    return data / "seeds"


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".ttl", ".nt", ".jsonld"])
def test_a_gz_name_writes_the_same_graph_through_gzip(seeds, tmp_path, suffix):
    plain, packed = tmp_path / f"g{suffix}", tmp_path / f"g{suffix}.gz"
    assert run("build", seeds, "-o", plain, "-q").exit_code == 0
    result = run("build", seeds, "-o", packed, "-q")
    assert result.exit_code == 0, result.output
    assert packed.read_bytes()[:2] == b"\x1f\x8b"  # gzip's magic number
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    assert packed.stat().st_size * 5 < plain.stat().st_size


def test_the_compressed_bytes_depend_only_on_the_graph(seeds, tmp_path):
    first, second = tmp_path / "a.nq.gz", tmp_path / "b.nq.gz"
    assert run("build", seeds, "-o", first, "-q").exit_code == 0
    assert run("build", seeds, "-o", second, "-q").exit_code == 0
    assert first.read_bytes() == second.read_bytes()  # no time stamp, no file name of its own


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".ttl", ".jsonld"])
def test_a_compressed_file_answers_as_the_plain_one(seeds, tmp_path, suffix):
    plain, packed = tmp_path / f"g{suffix}", tmp_path / f"g{suffix}.gz"
    for out in (plain, packed):
        assert run("build", seeds, "-o", out, "-q").exit_code == 0
    for query in ("top-documents", "agencies"):
        answers = [run("query", g, query, "--format", "csv") for g in (plain, packed)]
        assert answers[0].exit_code == 0 and answers[0].output.count("\n") > 2
        assert answers[1].output == answers[0].output


def test_validate_merge_and_evaluate_read_compressed_files(data, tmp_path):
    half = sorted((data / "dev").glob("*.txt"))
    left, right, merged = tmp_path / "a.nq.gz", tmp_path / "b.trig.gz", tmp_path / "all.trig.gz"
    assert run("build", *half[:5], "-o", left, "-q").exit_code == 0
    assert run("build", *half[5:10], "-o", right, "-q").exit_code == 0
    result = run("merge", left, right, "-o", merged)
    assert result.exit_code == 0, result.output
    whole = tmp_path / "whole.trig"
    assert run("build", *half[:10], "-o", whole, "-q").exit_code == 0
    answers = [run("query", g, "top-documents", "--format", "csv").output for g in (whole, merged)]
    assert answers[1] == answers[0]
    result = run("validate", merged, "-q")
    assert result.exit_code == 0, result.output
    scores = [run("evaluate", g, data / "dev" / "gold.jsonl", "--json") for g in (whole, merged)]
    assert scores[0].exit_code == 0 and '"f1"' in scores[0].stdout
    assert scores[1].stdout == scores[0].stdout


@pytest.fixture()
def broken(seeds, tmp_path):
    """A cut-off gzip file, a plain file named .gz and gzip of something that is not RDF."""
    good = tmp_path / "good.nq.gz"
    assert run("build", seeds, "-o", good, "-q").exit_code == 0
    data = good.read_bytes()
    (tmp_path / "cut.nq.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "plain.nq.gz").write_bytes(gzip.decompress(data))
    (tmp_path / "junk.nq.gz").write_bytes(gzip.compress(b"not rdf at all\n"))
    return tmp_path


@pytest.mark.parametrize(
    "name, message",
    [
        ("cut.nq.gz", "cut.nq.gz: gzip data cut off or damaged"),
        ("plain.nq.gz", "plain.nq.gz: named .gz but not gzip-compressed; if it is plain RDF, rename it plain.nq"),
        ("junk.nq.gz", "junk.nq.gz: not valid nquads"),
    ],
)
@pytest.mark.parametrize("command", [["query", "{}", "agencies"], ["validate", "{}"], ["merge", "{}", "-o", "{out}"]])
def test_a_broken_compressed_file_is_one_line_and_writes_nothing(broken, name, message, command):
    out = broken / "out.trig.gz"
    result = run(*(part.format(str(broken / name), out=out) for part in command))
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1 and "Traceback" not in result.output
    assert not out.exists() and not list(broken.glob(".out.trig.gz.*"))


def test_a_failed_build_keeps_the_previous_compressed_file(tmp_path):
    out = tmp_path / "g.nq.gz"
    out.write_bytes(b"previous graph")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run("build", tmp_path / "empty.txt", "-o", out).exit_code == 1
    assert out.read_bytes() == b"previous graph"
    assert not list(tmp_path.glob(".g.nq.gz.*"))


def test_push_refuses_a_compressed_union_as_it_refuses_a_plain_one(seeds, tmp_path):
    union = tmp_path / "g.ttl.gz"
    assert run("build", seeds, "-o", union, "-q").exit_code == 0
    with pytest.raises(PushError, match=r"g.ttl.gz: has no report graphs \(a .ttl file holds their union\)"):
        with open_graphs(str(union), store=False):
            pass
