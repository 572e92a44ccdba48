"""``fazhi build --store DIR`` and ``fazhi remove``: building into and pruning a persistent store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click

from fazhi.errors import FazhiError, InputError


@dataclass
class StoreBuildResult:
    """What a build into a store did: counts per outcome, the inputs skipped, and the store's size after."""

    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    skipped: list[InputError] = field(default_factory=list)
    reports: int = 0
    quads: int = 0
    triples: int = 0

    def summary(self) -> dict[str, int]:
        return {"added": self.added, "unchanged": self.unchanged, "replaced": self.replaced, "skipped": len(self.skipped),
                "reports": self.reports, "quads": self.quads, "triples": self.triples}


def build_into_store(
    inputs: Iterable[str | Path], store_dir: str | Path, *, strict: bool = False, base: str | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
) -> StoreBuildResult:
    """Extract every input and add its report to the store in ``store_dir`` (created if missing).

    Reports already stored are skipped without writing; a changed report replaces its old graph.
    Each report is written in its own transaction, so an interrupted build keeps every report
    written before the interruption.
    """
    from fazhi.build import expand_inputs, extract_all
    from fazhi.graph.iris import Iris
    from fazhi.store import Store

    paths = expand_inputs(str(i) for i in inputs)
    if not paths:
        raise FazhiError("no report files (.txt, .html, .htm) in the inputs; pass files, folders or glob patterns")
    iris = Iris(base) if base else Iris()
    result = StoreBuildResult()
    iterable: Iterable[Path] = progress(paths) if progress else paths
    with Store.open(store_dir, create=True) as store:
        for item in extract_all(iterable, strict=strict):
            if isinstance(item, InputError):
                result.skipped.append(item)
                continue
            outcome = store.add_record(item, iris)
            setattr(result, outcome, getattr(result, outcome) + 1)
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
