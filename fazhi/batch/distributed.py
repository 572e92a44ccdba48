"""``fazhi build --scheduler ADDRESS``: the same units of work, run on a Dask cluster.

The inputs are split into chunks, one task per chunk. A task runs a :class:`~fazhi.batch.work.Worker`
on its inputs and writes their graphs to one N-Quads shard (``shard-NNNNN.nq``, one named graph
per report) in a folder that the workers and this machine both see; it returns only where each
report's bytes are in the shard. This machine reads the reports back from the shards in input
order, so the sinks get exactly what a local build gives them, and memory stays bounded: a few
tasks per worker are in flight, and a shard is deleted once it was read.

The shard folder is ``$FAZHI_SHARDS`` when set, and the shards are kept there (each is a valid
N-Quads file, for ``fazhi push`` or any RDF tool); otherwise a fresh temporary folder, removed at
the end. On a cluster of several machines, set ``FAZHI_SHARDS`` to a folder on a file system they
share with this one.

Every worker must have fazhi installed, the same version as here (``pip install 'fazhi[cluster]'``),
and read the inputs at the same absolute paths; the version is checked when the build starts.
Extraction is pure Python, so run workers with one thread each (``dask worker --nthreads 1``).
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import tempfile
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi.batch.inputs import Unit
from fazhi.batch.work import Outcome, Worker
from fazhi.errors import ClusterError, InputError, first_line
from fazhi.graph.report import ReportGraph
from fazhi.version import __version__

if TYPE_CHECKING:
    from distributed import Client, Future

CONNECT_TIMEOUT = 5  # seconds to reach the scheduler
WORKERS_TIMEOUT = 20  # seconds to wait for a first worker
SHARDS_VARIABLE = "FAZHI_SHARDS"

Located = tuple[Outcome, int, int]  # an outcome without its data, and its bytes' (offset, length) in the shard
Task = tuple[list[Unit], Path, "Future"]  # a chunk's inputs, its shard and its future


def run(paths: list[Unit], worker: Worker, address: str, *, shards: Path | None = None, chunk: int = 64) -> Iterator[Outcome]:
    """The outcome of every input, in input order, from the Dask scheduler at ``address``.

    ``shards`` (default ``$FAZHI_SHARDS``) is the folder for the shards, which are then kept;
    without either they go to a temporary folder, removed at the end. A task has at most
    ``chunk`` inputs, and fewer when there are few inputs, so that every worker gets some.
    """
    folder = shards or (Path(os.environ[SHARDS_VARIABLE]) if os.environ.get(SHARDS_VARIABLE) else None)
    if folder is not None:
        _check_empty(folder)
    client = _connect(address)
    futures: deque[Task] = deque()
    temporary: Path | None = None
    try:
        target = folder or Path(tempfile.mkdtemp(prefix="fazhi-shards-"))
        temporary = None if folder else target
        target.mkdir(parents=True, exist_ok=True)
        _check_workers(client, address, target)
        threads = sum(client.nthreads().values())
        remote = client.scatter(worker, broadcast=True, hash=False)
        todo = deque(enumerate(chunked(paths, chunk_size(len(paths), threads, chunk))))
        run_id = uuid.uuid4().hex[:8]

        def refill() -> None:
            while todo and len(futures) < 2 * threads:
                index, inputs = todo.popleft()
                shard = target / f"shard-{index:05d}.nq"
                futures.append(
                    (
                        inputs,
                        shard,
                        client.submit(
                            run_chunk,
                            [p if isinstance(p, str) else str(p.resolve()) for p in inputs],
                            remote,
                            str(shard),
                            key=f"fazhi-chunk-{index:05d}-{run_id}",
                            pure=False,
                        ),
                    )
                )

        refill()
        while futures:
            inputs, shard, future = futures.popleft()
            located = _result(future, inputs[0])
            refill()
            yield from read_back(inputs, located, shard)
            if temporary is not None:
                shard.unlink(missing_ok=True)
    finally:
        _close(client, futures)
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def chunk_size(inputs: int, threads: int, chunk: int) -> int:
    """Inputs per task: at most ``chunk``, and few enough that each worker thread gets about four tasks.

    >>> chunk_size(1000, 2, 64), chunk_size(200, 2, 64), chunk_size(3, 8, 64)
    (64, 25, 1)
    """
    return max(1, min(chunk, math.ceil(inputs / (4 * max(threads, 1)))))


def chunked(paths: list[Unit], size: int) -> list[list[Unit]]:
    """``paths`` in consecutive chunks of ``size``.

    >>> chunked([Path("a"), Path("b"), Path("c")], 2)
    [[PosixPath('a'), PosixPath('b')], [PosixPath('c')]]
    """
    return [paths[i : i + size] for i in range(0, len(paths), size)]


def run_chunk(paths: list[str], worker: Worker, shard: str) -> list[Located]:
    """On a worker: every input's outcome, the reports' graphs written to ``shard`` (atomically).

    No shard is written when no input gave a report (all unreadable or unchanged).
    """
    located: list[Located] = []
    partial = Path(f"{shard}.{uuid.uuid4().hex[:8]}.tmp")
    offset = 0
    try:
        with open(partial, "wb") as out:
            for path in paths:
                outcome = worker(path)
                if isinstance(outcome, ReportGraph):
                    out.write(outcome.data)
                    located.append((replace(outcome, data=b""), offset, len(outcome.data)))
                    offset += len(outcome.data)
                else:
                    located.append((outcome, 0, 0))
        if offset:
            os.replace(partial, shard)
    finally:
        partial.unlink(missing_ok=True)
    return located


def read_back(inputs: list[Unit], located: list[Located], shard: Path) -> Iterator[Outcome]:
    """A chunk's outcomes with each report's data read from its shard, and errors naming the inputs as given."""
    for path, (outcome, offset, length) in zip(inputs, located, strict=True):
        if isinstance(outcome, ReportGraph):
            with open(shard, "rb") as handle:
                handle.seek(offset)
                yield replace(outcome, data=handle.read(length))
        elif isinstance(outcome, InputError):
            yield InputError(str(path), outcome.reason)
        else:
            yield outcome


def _result(future: Future, first: Unit) -> list[Located]:
    """A task's result, or a one-line error naming the chunk's first input."""
    try:
        return future.result()
    except Exception as err:  # whatever the worker raised, or the cluster's own failure
        raise ClusterError(f"{first}: a task on the cluster failed ({first_line(err)}); see the workers' logs") from None


def _connect(address: str) -> Client:
    """A client of the scheduler at ``address``, or a one-line error."""
    try:
        from distributed import Client
        from distributed.comm.addressing import parse_address, parse_host_port
        from distributed.comm.registry import get_backend
    except ImportError:
        raise ClusterError("fazhi build --scheduler needs Dask: pip install 'fazhi[cluster]'") from None
    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except ValueError as err:
        raise ClusterError(
            f"{address}: not a Dask scheduler address ({first_line(err)}); give one such as tcp://host:8786"
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except OSError:
        raise ClusterError(
            f"{address}: no Dask scheduler answers there; start one (dask scheduler) or check the address"
        ) from None


def _close(client: Client, futures: deque[Task]) -> None:
    """Cancel the tasks left and disconnect, quietly: the scheduler may be gone, which the error already says."""
    logger = logging.getLogger("distributed.client")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        client.cancel([future for _, _, future in futures])
        client.close()
    finally:
        logger.setLevel(level)


def _check_workers(client: Client, address: str, folder: Path) -> None:
    """Fail unless the cluster has workers, each with this fazhi version and the shard folder in sight."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except TimeoutError:
        raise ClusterError(f"{address}: the scheduler has no workers; start some (dask worker {address})") from None

    def version() -> str | None:  # nested, so that it is pickled by value and runs where fazhi is missing
        try:
            from fazhi.version import __version__ as theirs
        except ImportError:
            return None
        return str(theirs)

    for name, theirs in sorted(client.run(version).items()):
        if theirs is None:
            raise ClusterError(
                f"worker {name} has no fazhi; install fazhi {__version__} on every worker (pip install 'fazhi[cluster]')"
            )
        if theirs != __version__:
            raise ClusterError(
                f"worker {name} has fazhi {theirs}, this machine {__version__}; install the same version everywhere"
            )
    probe = folder / f".probe-{uuid.uuid4().hex[:8]}"
    probe.touch()
    try:
        blind = sorted(name for name, seen in client.run(os.path.exists, str(probe)).items() if not seen)
    finally:
        probe.unlink()
    if blind:
        raise ClusterError(
            f"worker {blind[0]} cannot see the shard folder {folder}; "
            f"set {SHARDS_VARIABLE} to a folder on a file system shared with the workers"
        )


def _check_empty(folder: Path) -> None:
    """Refuse a shard folder that holds shards of an earlier build (they would mix with this one's)."""
    if folder.is_dir() and any(folder.glob("shard-*.nq")):
        raise ClusterError(
            f"{folder}: holds shards of an earlier build; move them away or set {SHARDS_VARIABLE} to an empty folder"
        )
