"""``fazhi build --store DIR`` and ``fazhi remove``: building into and pruning a persistent store."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from fazhi.build import Progress, StreamSummary


def build_into_store(
    inputs: Iterable[str | Path], store_dir: str | Path, *, strict: bool = False, base: str | None = None,
    jobs: int = 1, scheduler: str | None = None, progress: Progress | None = None,
) -> StreamSummary:
    """Extract every input and add its report to the store in ``store_dir`` (created if missing).

    Reports already stored are read and hashed but not extracted; a changed report replaces its
    old graph. Each report is written in its own transaction, so an interrupted build keeps every
    report written before the interruption and nothing of the one being written.
    """
    from fazhi.build import _report_paths, outcomes
    from fazhi.store import Store
    from fazhi.work import ReportGraph, Unchanged, Worker

    paths = _report_paths(inputs)
    result = StreamSummary()
    with Store.open(store_dir, create=True) as store:
        worker = Worker(base, known=frozenset(store.graphs()))
        for outcome in outcomes(paths, worker, jobs=jobs, scheduler=scheduler, progress=progress):
            if isinstance(outcome, Unchanged):
                result.unchanged += 1
            elif isinstance(outcome, ReportGraph):
                done = store.add_graph(outcome)
                setattr(result, done, getattr(result, done) + 1)
                if done != "unchanged":
                    result.count(outcome)
            elif strict:
                raise outcome
            else:
                result.skipped.append(outcome)
        result.reports, result.quads, result.triples = store.reports(), len(store), store.triples()
    return result


@click.command()
@click.option("--store", "store_dir", required=True, metavar="DIR", help="The store folder (made by fazhi build --store).")
@click.argument("report")
def remove(store_dir: str, report: str) -> None:
    """Remove REPORT from a store: its report IRI, its content hash (or a prefix of 6+ characters) or its source path."""
    from fazhi.cli import reports_errors
    from fazhi.store import Store

    @reports_errors
    def run() -> None:
        with Store.open(store_dir, create=False) as store:
            removed = store.remove(report)
            left = store.reports()
        click.echo(f"removed {removed}; {left} reports left in {store_dir}", err=True)

    run()
