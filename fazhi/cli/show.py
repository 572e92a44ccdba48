"""``fazhi show``: one report as fazhi read it, as an offline HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import click


@click.command(short_help="Write one report's page: its text with the mentions fazhi linked.")
@click.argument("report")
@click.option("--graph", "graph", default=None, metavar="FILE", help="Find REPORT in this graph file (made by fazhi build -o).")
@click.option(
    "--store", "store_dir", default=None, metavar="DIR", help="Find REPORT in this store (made by fazhi build --store)."
)
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE.html",
    help="Page to write.  [default: the report's file name with .html, in the current folder]",
)
@click.option("--quiet", "-q", is_flag=True, help="No line saying what was written.")
def show(report: str, graph: str | None, store_dir: str | None, output: str | None, quiet: bool) -> None:
    """Write REPORT as one offline HTML page: its text with every mention highlighted and linked
    to its document (title, level, the version cited), the publisher facts with the words they
    came from, the mandated parts found and missing, the measures, problems and plans, and the
    figures.

    REPORT is a page to read now (a .txt or .html file, or a URL), or with --graph or --store the
    IRI, content hash or source path of a report already built.
    """
    from fazhi.api import show as show_report

    target = output or _default_output(report)
    view = show_report(report, graph=graph, store=store_dir, output=target)
    if not quiet:
        parts = sum(1 for p in view.parts if p.required and p.sections)
        click.echo(
            f"Wrote {target}: {len(view.mentions)} mentions of {len(view.documents)} documents, "
            f"{len(view.items)} items, {len(view.figures)} figures, {parts} of 4 mandated parts",
            err=True,
        )


def _default_output(report: str) -> str:
    """``report.html`` for a file or URL named report.*, else ``report-HASH.html`` for an IRI or hash."""
    name = re.split(r"[/\\]", report.rstrip("/"))[-1]
    stem = Path(name).stem if "." in name else ""
    if stem and re.fullmatch(r"[\w.\-\u4e00-\u9fff]+", stem):
        return f"{stem}.html"
    return f"report-{re.sub(r'[^0-9A-Za-z]+', '', name)[:24] or 'page'}.html"
