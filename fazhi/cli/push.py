"""``fazhi push``: a graph file or a store into a SPARQL 1.1 Graph Store Protocol server."""

from __future__ import annotations

import sys

import click

from fazhi.errors import PushError


@click.command(short_help="Load a graph into a Graph Store server.")
@click.argument("graph", required=False)
@click.argument("url", required=False)
@click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    help="Push the reports of a store (fazhi build --store) instead of a graph file.",
)
@click.option(
    "--header",
    "-H",
    "header_lines",
    multiple=True,
    metavar="'NAME: VALUE'",
    help="An HTTP header to send with each request, e.g. 'Authorization: Bearer TOKEN'; repeatable.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def push(graph: str | None, url: str | None, store_dir: str | None, header_lines: tuple[str, ...], quiet: bool) -> None:
    """Load GRAPH (a .trig/.nq/.jsonld file) or --store DIR into the Graph Store at URL, one named graph per report.

    URL is a SPARQL 1.1 Graph Store Protocol endpoint, e.g. http://localhost:7878/store for Oxigraph.
    Each report graph replaces the server's graph of the same IRI, so pushing again is safe. A report
    rebuilt from changed text has a new graph IRI; its old graph stays on the server until dropped there.
    """
    from fazhi.server.push import endpoint, open_graphs, parse_headers, push_graphs, report_graphs

    source, target = graph, url
    if store_dir:
        if graph and url:
            raise PushError(f"give GRAPH or --store DIR, not both; e.g. fazhi push --store {store_dir} {url}")
        source, target = store_dir, graph or url
    if not (source and target):
        raise PushError(
            "usage: fazhi push GRAPH URL (or fazhi push --store DIR URL), e.g. fazhi push graph.trig http://localhost:7878/store"
        )
    headers = parse_headers(header_lines)
    endpoint(target)  # a bad URL fails before the graph is read
    with open_graphs(source, store=bool(store_dir)) as store:
        graphs = report_graphs(store)
        if quiet:
            result = push_graphs(graphs, target, headers)
        else:
            with click.progressbar(graphs, length=store.reports(), label="pushing reports", file=sys.stderr) as bar:
                result = push_graphs(bar, target, headers)
    if not quiet:
        click.echo(result.summary(), err=True)
