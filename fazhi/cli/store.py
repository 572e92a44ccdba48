"""``fazhi remove``: take one report out of a store; ``fazhi upgrade``: rewrite an older store in this version's layout."""

from __future__ import annotations

import click


@click.command(short_help="Take one report out of a store.")
@click.option("--store", "store_dir", required=True, metavar="DIR", help="The store folder (made by fazhi build --store).")
@click.argument("report")
@click.option("--quiet", "-q", is_flag=True, help="No line saying what was removed.")
def remove(store_dir: str, report: str, quiet: bool) -> None:
    """Remove REPORT from a store: its report IRI, its content hash (or a prefix of 6+ characters) or its source path."""
    from fazhi.graph.store import Store

    with Store.open(store_dir, create=False) as store:
        removed = store.remove(report)
        left = store.reports()
    if not quiet:
        click.echo(f"removed {removed}; {left} reports left in {store_dir}", err=True)


@click.command(short_help="Rewrite a store of fazhi 0.2 or 0.3 in this version's layout.")
@click.option("--store", "store_dir", required=True, metavar="DIR", help="The store folder (made by fazhi build --store).")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def upgrade(store_dir: str, quiet: bool) -> None:
    """Rewrite a store built by fazhi 0.2 or 0.3 (a named graph per report) in place, every triple
    once in its default graph: about half the disk, and reports can be added and removed again.
    Run it again if it was cut off: it finishes where it stopped."""
    import time

    from fazhi.graph.store import Store

    start = time.perf_counter()

    def progress(done: int, graphs: int) -> None:
        if not quiet:
            click.echo(f"upgraded {done:,} of {graphs:,} graphs ({time.perf_counter() - start:.0f} s)", err=True)

    with Store.open(store_dir, create=False, upgrade=True, progress=progress) as store:
        reports, graphs = store.reports(), store.upgraded
    if not quiet and graphs:
        click.echo(f"{store_dir}: {reports:,} reports, every triple in the default graph", err=True)
    elif not quiet:
        click.echo(f"{store_dir}: already in this version's layout ({reports:,} reports); nothing to do", err=True)
