"""The graph's shape may change (leaner, faster); what users read off it may not. The answers of
every curated query, network view and evaluation were recorded (``tests/data/golden/answers.json``)
from the samples and six generated reports, and a build today must give them again, from a file
and from a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fazhi.graph.store import Store
from tests.graph.answers import GOLDEN, INPUTS, answers, build

RECORDED = json.loads(GOLDEN.read_text("utf-8"))


def _differences(got: dict, want: dict) -> list[str]:
    """Which queries and views differ, for a readable failure."""
    out = [f"query {n}" for n in want["queries"] if got["queries"].get(n) != want["queries"][n]]
    out += [
        f"network {v} {part}"
        for v in want["networks"]
        for part in want["networks"][v]
        if got["networks"][v][part] != want["networks"][v][part]
    ]
    out += ["evaluate"] if got["evaluate"] != want["evaluate"] else []
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("answers") / "graph.nq"


def test_a_graph_file_answers_as_recorded(built: Path) -> None:
    assert _differences(answers(build(built)), RECORDED) == []


@pytest.mark.parametrize("suffix", [".trig"])
def test_a_trig_file_answers_as_recorded(tmp_path: Path, suffix: str) -> None:
    assert _differences(answers(build(tmp_path / f"graph{suffix}")), RECORDED) == []


def test_a_store_answers_as_recorded(tmp_path: Path) -> None:
    from fazhi.batch import build_into_store

    build_into_store([str(p) for p in INPUTS], tmp_path / "store", jobs=1, strict=False, progress=None)
    with Store.open(tmp_path / "store", create=False, read_only=True) as store:
        assert _differences(answers(store), RECORDED) == []


def test_a_graph_written_by_fazhi_0_2_answers_as_one_built_today(tmp_path: Path) -> None:
    """fazhi 0.2 stored a selector pair and a sentence under every mention; 0.3 shares selectors and
    derives sentences. A graph of three sample reports written by 0.2 (``fazhi-0.2-samples.trig.gz``,
    built from ``/work/main/fazhi/samples``) answers every query, view and evaluation as today's
    build of the same reports does, so nobody needs to rebuild."""
    import gzip

    from fazhi.batch import build_to_file

    samples = INPUTS[0].parent
    old = gzip.decompress((GOLDEN.parent / "fazhi-0.2-samples.trig.gz").read_bytes()).decode("utf-8")
    assert "ontology#sentence>" in old or "fz:sentence" in old  # it is the old shape
    (tmp_path / "old.trig").write_text(old.replace("file:///work/main/fazhi/samples/", samples.resolve().as_uri() + "/"), "utf-8")
    names = ["000_1ca5fe9877358afd.txt", "002_07bf2e6ab66619ba.txt", "r003.txt"]
    build_to_file([str(samples / n) for n in names], tmp_path / "new.trig", jobs=1, strict=False, progress=None)
    then, now = answers(Store.from_file(tmp_path / "old.trig")), answers(Store.from_file(tmp_path / "new.trig"))
    assert now["queries"]["citation-evidence"]["rows"]  # the source the queries look up is among the three
    assert _differences(now, then) == []
