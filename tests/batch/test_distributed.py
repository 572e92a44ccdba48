"""``fazhi build --scheduler``: the same graph from a real local Dask cluster as from one process."""

from __future__ import annotations

from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from click.testing import CliRunner  # noqa: E402

from fazhi.batch import build_into_store, build_to_file  # noqa: E402
from fazhi.cli import main  # noqa: E402
from fazhi.errors import FazhiError  # noqa: E402
from fazhi.graph.io import read_dataset  # noqa: E402
from fazhi.graph.store import Store  # noqa: E402

DATA = Path(__file__).parents[1] / "data" / "dev"


@pytest.fixture(scope="module")
def cluster():
    # No dashboard, and the scheduler's HTTP server on a free port rather than 8787, which may be taken.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"}
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    """Eight development reports and an empty file, which every build skips."""
    empty = tmp_path_factory.mktemp("inputs") / "empty.txt"
    empty.write_text("")
    return [*sorted(DATA.glob("r*.txt"))[:8], empty]


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory) -> Path:
    """The same inputs built in this process: the reference."""
    out = tmp_path_factory.mktemp("local") / "graph.nq"
    build_to_file(inputs, out)
    return out


def quads(store_dir: Path) -> set[tuple[str, ...]]:
    with Store.open(store_dir, create=False) as store:
        return {tuple(map(str, q)) for q in store.to_dataset().quads((None, None, None, None))}


def test_a_cluster_build_writes_the_same_bytes_as_a_local_one(cluster, inputs, local, tmp_path):
    result = build_to_file(inputs, tmp_path / "graph.nq", scheduler=cluster)
    assert (tmp_path / "graph.nq").read_bytes() == local.read_bytes()
    assert result.reports == 8
    assert [e.source for e in result.skipped] == [str(inputs[-1])]
    assert "is empty" in str(result.skipped[0])


def test_a_cluster_build_into_a_store_matches_and_a_rerun_changes_nothing(cluster, inputs, local, tmp_path):
    build_into_store(inputs, tmp_path / "local-db")
    first = build_into_store(inputs, tmp_path / "db", scheduler=cluster)
    assert (first.added, first.unchanged, len(first.skipped)) == (8, 0, 1)
    assert quads(tmp_path / "db") == quads(tmp_path / "local-db")
    second = build_into_store(inputs, tmp_path / "db", scheduler=cluster)
    assert (second.added, second.unchanged, second.replaced) == (0, 8, 0)


def test_the_command_builds_trig_on_a_cluster(cluster, inputs, tmp_path):
    out = tmp_path / "out.trig"
    result = CliRunner().invoke(main, ["build", "--scheduler", cluster, "-o", str(out), *map(str, inputs)])
    assert result.exit_code == 0, result.output
    assert len(read_dataset(out)) > 0


def test_shards_stay_in_the_folder_named_by_fazhi_shards(cluster, inputs, local, tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_SHARDS", str(tmp_path / "shards"))
    build_to_file(inputs, tmp_path / "graph.nq", scheduler=cluster)
    shards = sorted((tmp_path / "shards").iterdir())
    assert shards and all(s.name.startswith("shard-") and s.suffix == ".nq" for s in shards)
    assert all(len(read_dataset(s)) for s in shards)
    # Shards hold the report graphs; the shared graph's lines (laws, places) the main process writes once.
    own = b"".join(line for line in local.read_bytes().splitlines(keepends=True) if not line.endswith(b"/graph/shared> .\n"))
    assert b"".join(s.read_bytes() for s in shards) == own
    with pytest.raises(FazhiError, match="holds shards of an earlier build"):
        build_to_file(inputs, tmp_path / "again.nq", scheduler=cluster)


def test_workers_with_another_fazhi_version_are_refused(cluster, inputs, tmp_path, monkeypatch):
    monkeypatch.setattr("fazhi.batch.distributed.__version__", "0.0.0")
    with pytest.raises(FazhiError, match=r"has fazhi .*, this machine 0\.0\.0; install the same version everywhere"):
        build_to_file(inputs, tmp_path / "graph.nq", scheduler=cluster)
    assert not (tmp_path / "graph.nq").exists()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "tcp://127.0.0.1:1",
            "fazhi: tcp://127.0.0.1:1: no Dask scheduler answers there; start one (dask scheduler) or check the address",
        ),
        (
            "nonsense",
            "fazhi: nonsense: not a Dask scheduler address (missing port number in address 'nonsense'); give one such as tcp://host:8786",
        ),
    ],
)
def test_a_wrong_address_is_one_line_and_writes_nothing(inputs, tmp_path, address, message):
    out = tmp_path / "out.nq"
    result = CliRunner().invoke(main, ["build", "--scheduler", address, "-o", str(out), str(inputs[0])])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message]
    assert not out.exists()
