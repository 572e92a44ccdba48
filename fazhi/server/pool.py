"""The worker processes that answer ``fazhi serve``'s jobs, in two lanes, stopped when they run too long.

pyoxigraph cannot cancel a query, so each query runs in a worker process (:mod:`fazhi.server.work`)
and a query still running at its deadline is stopped by ending its process. A spare worker, started
ahead and with the store already open, takes the ended one's place at once; another spare starts
behind it (:data:`SPARES` of them). Workers are plain ``python -c`` processes talking over a socket pair (not
:mod:`multiprocessing`, which would import the caller's ``__main__`` script again in each), in a
session of their own (Ctrl-C is the server's), and die with the server (``PR_SET_PDEATHSIG``).

Lanes
    ``workers`` processes take queries in turn; a query finding all of them busy waits for one,
    at most until its deadline (then 503 with ``Retry-After``). So that a quick question is not
    stuck behind long ones, ``quick`` more processes take a waiting query for at most
    :data:`QUICK_SECONDS`: if it is answered by then, it is done; if not, that process is ended
    and the query waits for a worker of the main lane (and starts over there). Runaway queries,
    however many, can thus hold the main lane only; the quick lane stays free for quick ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from fazhi.errors import ServeError
from fazhi.server.protocol import HttpError
from fazhi.server.work import Settings

#: Worker processes of the main lane: how many queries run at once, however long they take.
WORKERS = 4
#: Worker processes of the quick lane, for queries that arrive while the main lane is full.
QUICK_WORKERS = 2
#: How long a query may run in the quick lane before it has to wait for the main lane.
QUICK_SECONDS = 0.25
#: Workers started ahead, with the store open, to take the place of ended ones at once.
SPARES = 2
#: How long a new worker may take to open the store.
START_SECONDS = 120.0


@dataclass(eq=False)
class Worker:
    """One worker process and the connection to it; ``quick`` says its lane."""

    process: subprocess.Popen[bytes]
    connection: Connection
    quick: bool

    @property
    def pid(self) -> int:
        return self.process.pid

    def end(self) -> None:
        """Stop the process at once (whatever it is computing), reap it and close the connection."""
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)  # SIGKILL ends it within milliseconds
        self.connection.close()


_WORKER_CODE = "import sys; from fazhi.server.work import main; main(int(sys.argv[1]))"


class Pool:
    """Worker processes on one store, shared by the requests of one event loop."""

    def __init__(self, settings: Settings, *, workers: int = WORKERS, quick: int = QUICK_WORKERS) -> None:
        self.settings = settings
        self.workers = workers
        self.quick = quick
        #: Jobs handed to a worker so far (a request that never reached a worker is not counted).
        self.jobs = 0
        self._idle: dict[bool, list[Worker]] = {False: [], True: []}
        self._living: set[Worker] = set()
        #: Workers with the store open, waiting to take the place of ended ones.
        self._spares: list[Worker] = []
        self._changed: asyncio.Condition | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    # -- starting and stopping -------------------------------------------------------------------

    async def start(self) -> None:
        """Start every worker and the spares, and wait until each has opened the store;
        :class:`ServeError` if one cannot."""
        self._changed = asyncio.Condition()
        loop = asyncio.get_running_loop()
        lanes = [False] * self.workers + [True] * self.quick + [False] * SPARES
        started = await asyncio.gather(*(loop.run_in_executor(None, self._start, q) for q in lanes), return_exceptions=True)
        workers = [w for w in started if isinstance(w, Worker)]
        failed = [e for e in started if isinstance(e, BaseException)]
        if failed:
            self.close()
            raise failed[0]
        self._spares = workers[len(workers) - SPARES :]
        for worker in workers[: len(workers) - SPARES]:
            self._idle[worker.quick].append(worker)

    def _start(self, quick: bool) -> Worker:
        """A new worker process that has opened the store (blocking: run it in an executor). It is
        counted among the living from its first moment, so :meth:`close` ends it even while it starts."""
        ours, theirs = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-c", _WORKER_CODE, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            # The server's import path, so that a worker finds fazhi wherever the server found it
            # (a checkout on sys.path, a notebook that added one).
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        theirs.close()
        worker = Worker(process, Connection(ours.detach()), quick)
        self._living.add(worker)
        status, value = "failed", f"{self.settings.folder}: a worker could not open the store within {START_SECONDS:g} s"
        try:
            worker.connection.send(self.settings)
            if worker.connection.poll(START_SECONDS):
                status, value = worker.connection.recv()
        except (EOFError, OSError):
            value = f"{self.settings.folder}: a worker ended while opening the store (see the lines above)"
        if status != "ready" or self._closed:
            self._living.discard(worker)
            worker.end()
            raise ServeError(str(value))
        return worker

    def close(self) -> None:
        """End every worker (queries still running are stopped)."""
        self._closed = True
        for task in self._tasks:
            task.cancel()
        for worker in list(self._living):
            worker.end()
        self._living.clear()
        self._idle = {False: [], True: []}
        self._spares = []

    def pids(self) -> list[int]:
        """The worker processes' ids (for benchmarks and tests)."""
        return sorted(w.pid for w in self._living)

    # -- running jobs ----------------------------------------------------------------------------

    async def run(self, job: tuple[Any, ...], timeout: float | None = None) -> Any:
        """What a worker answers to ``job`` (see :func:`fazhi.server.work.run_job`), within ``timeout``
        seconds (the settings' timeout if not given) of waiting and running; past it, the job's worker
        is ended and :class:`HttpError` 503 raised."""
        assert self._changed is not None, "start() the pool first"
        loop = asyncio.get_running_loop()
        timeout = self.settings.timeout if timeout is None else timeout
        deadline = loop.time() + timeout
        quick_tried = False
        while True:
            worker = self._take(quick=False)
            if worker is not None:
                return await self._on(worker, job, deadline, timeout)
            if not quick_tried and (worker := self._take(quick=True)) is not None:
                quick_tried = True
                answer = await self._on(worker, job, deadline, timeout, quick=True)
                if answer is not None:
                    return answer
                continue  # too long for the quick lane: wait for the main one
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise HttpError(
                    503,
                    f"all {self.workers} query workers stayed busy for {timeout:g} s (other queries are running); retry later",
                )
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    def _take(self, *, quick: bool) -> Worker | None:
        idle = self._idle[quick]
        return idle.pop() if idle else None

    async def _on(self, worker: Worker, job: tuple[Any, ...], deadline: float, timeout: float, *, quick: bool = False) -> Any:
        """Run ``job`` on ``worker``; None if a quick-lane run outlived :data:`QUICK_SECONDS` before the deadline."""
        loop = asyncio.get_running_loop()
        until = min(deadline, loop.time() + QUICK_SECONDS) if quick else deadline
        self.jobs += 1
        try:
            worker.connection.send(job)
            await _readable(worker.connection, until - loop.time())
            answer = await loop.run_in_executor(None, worker.connection.recv)
        except TimeoutError:
            self._replace(worker)
            if until < deadline:
                return None
            raise HttpError(503, f"query timed out after {timeout:g} s and was stopped; add LIMIT or narrow it") from None
        except (EOFError, OSError):
            self._replace(worker)
            raise HttpError(
                500, "the worker answering this query ended (out of memory?); a new one is starting; narrow the query"
            ) from None
        except asyncio.CancelledError:  # the server is stopping
            self._replace(worker)
            raise
        self._idle[worker.quick].append(worker)
        await self._notify()
        return answer

    def _replace(self, worker: Worker) -> None:
        """End ``worker`` (its query with it); a spare takes its place, and a new spare starts."""
        worker.end()
        self._living.discard(worker)
        if self._closed:
            return
        spare = self._spares.pop() if self._spares else None
        if spare is not None:
            spare.quick = worker.quick
            self._idle[spare.quick].append(spare)
        self._background(self._restock(None if spare is not None else worker.quick))

    async def _restock(self, lane: bool | None) -> None:
        """Start a worker for ``lane`` (when no spare took an ended one's place), or a new spare."""
        loop = asyncio.get_running_loop()
        while not self._closed:
            try:
                worker = await loop.run_in_executor(None, self._start, bool(lane))
            except ServeError:  # the store is being replaced: try again shortly
                await asyncio.sleep(1.0)
                continue
            if lane is None:
                self._spares.append(worker)
            else:
                self._idle[worker.quick].append(worker)
            await self._notify()
            return

    def _background(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()


async def _readable(connection: Connection, seconds: float) -> None:
    """Wait until ``connection`` has something to read (an answer, or the end of a dead worker);
    :class:`TimeoutError` after ``seconds``."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    descriptor = connection.fileno()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(descriptor, wake)
    try:
        await asyncio.wait_for(ready, max(0.0, seconds))
    finally:
        loop.remove_reader(descriptor)
