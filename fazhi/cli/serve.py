"""``fazhi serve``: the SPARQL endpoint on a graph file or a store."""

from __future__ import annotations

import click

from fazhi.errors import ServeError


@click.command(context_settings={"help_option_names": ["-h", "--help"]}, short_help="Serve a graph as a SPARQL endpoint.")
@click.argument("graph", required=False)
@click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    help="Serve a store built with fazhi build --store (opened read-only) instead of a graph file.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 127.0.0.1 serves this machine only.")
@click.option("--port", default="7878", show_default=True, metavar="PORT", help="Port to listen on; 0 picks a free one.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query still running after this long (its worker process is replaced) and answer 503.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    metavar="N",
    help="Worker processes answering queries at once (two more take quick queries while these are busy).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10000,
    show_default=True,
    metavar="ROWS",
    help="Return at most this many solutions or triples per query.",
)
@click.option("--quiet", "-q", is_flag=True, help="No line saying where it serves, per request, or that it stopped.")
def serve(
    graph: str | None, store_dir: str | None, host: str, port: str, timeout: float, workers: int, limit: int, quiet: bool
) -> None:
    """Answer SPARQL on GRAPH (or --store DIR) at http://HOST:PORT/sparql, read-only; / lists the curated queries.

    A store may be built into while it is served: new reports show without a restart.
    """
    from fazhi.graph.store import open_graph
    from fazhi.server.endpoint import make_server, parse_port

    number = parse_port(port)
    if not (graph or store_dir):
        raise ServeError("usage: fazhi serve GRAPH (or --store DIR); make a graph with fazhi build")
    log = None if quiet else (lambda line: click.echo(line, err=True))
    server = make_server(open_graph(graph, store=store_dir), host, number, timeout=timeout, limit=limit, workers=workers, log=log)
    if not quiet:
        click.echo(f"Serving {server.reports} reports ({server.triples} triples) at {server.url} — Ctrl-C to stop", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        if not quiet:
            click.echo("fazhi: stopped", err=True)
    finally:
        server.server_close()
