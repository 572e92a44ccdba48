"""``fazhi build --store DIR`` and ``fazhi remove``: building into and pruning a persistent store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from fazhi.build import Progress, StreamSummary


def build_into_store(
    inputs: Iterable[str | Path],
    store_dir: str | Path,
    *,
    strict: bool = False,
    base: str | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> StreamSummary:
    """Extract every input and add its report to the store in ``store_dir`` (created if missing).

    Reports already stored are read and hashed but not extracted; a changed report replaces its
    old graph in one transaction. New reports are bulk-loaded in batches; an interrupted build
    keeps every batch loaded before the interruption, and the next opening of the store undoes
    the batch it was loading (:meth:`fazhi.store.Store.add_graphs`).
    """
    from fazhi.build import outcomes, report_paths
    from fazhi.store import Store
    from fazhi.work import ReportGraph, Unchanged, Worker

    paths = report_paths(inputs)
    result = StreamSummary()
    with Store.open(store_dir, create=True) as store:
        worker = Worker(base, known=frozenset(store.graphs()))

        def reports() -> Iterator[ReportGraph]:
            for outcome in outcomes(paths, worker, jobs=jobs, scheduler=scheduler, progress=progress):
                if isinstance(outcome, Unchanged):
                    result.unchanged += 1
                elif isinstance(outcome, ReportGraph):
                    yield outcome
                elif strict:
                    raise outcome
                else:
                    result.skipped.append(outcome)

        for report, done in store.add_graphs(reports()):
            setattr(result, done, getattr(result, done) + 1)
            if done != "unchanged":
                result.count(report)
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
