"""``fazhi remove``: take one report out of a store."""

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
