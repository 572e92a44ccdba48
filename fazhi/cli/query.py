"""``fazhi query`` and the table, CSV, TSV and JSON forms of its rows."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from fazhi.errors import FazhiError

if TYPE_CHECKING:
    from fazhi.queries import CuratedQuery


@click.command(short_help="Run a curated query or your own SPARQL.")
@click.argument("graph", required=False)
@click.argument("query", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "turtle", "nt"]),
    default="table",
    show_default=True,
    help="Rows as a table, CSV, TSV or JSON; CONSTRUCT and DESCRIBE as Turtle (the default) or N-Triples (nt).",
)
@click.option("--list", "list_queries", is_flag=True, help="List the curated queries and exit.")
@click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    help="Query a store built with fazhi build --store instead of a graph file.",
)
@click.option(
    "--values",
    "values_file",
    default=None,
    metavar="TABLE.csv",
    help="Join a table: its header names variables, its rows become a VALUES block in the query (e.g. agencies with 统一社会信用代码).",
)
def query(
    graph: str | None,
    query: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_queries: bool,
    store_dir: str | None,
    values_file: str | None,
) -> None:
    """Run QUERY on GRAPH (or --store DIR): a curated query's name, a .rq file, or '-' for SPARQL on stdin."""
    from fazhi import queries

    if list_queries:
        for q in queries.curated():
            extra = f"  (--param {' --param '.join(k + '=…' for k in q.params)})" if q.params else ""
            click.echo(f"{q.name:<24} {q.description}{extra}")
        return
    if store_dir:
        graph, query = None, query or graph
    if not query or not (graph or store_dir):
        raise FazhiError(
            "usage: fazhi query GRAPH NAME|FILE.rq|- (or --store DIR NAME); see fazhi query --list for the curated queries"
        )
    bound: dict[str, str] = {}
    for p in params:
        name, sep, value = p.partition("=")
        if not sep or not name:
            raise FazhiError(f"--param {p}: write it as NAME=VALUE")
        bound[name.strip()] = value
    q = queries.resolve(query, stdin_text=sys.stdin.read() if query == "-" else None)
    q = queries.with_values(q, queries.read_values(values_file) if values_file else None)
    queries.prepare(q)  # a malformed query fails before the graph is read
    # A graph file is read into an in-memory Oxigraph store: the same rows as rdflib (a test
    # compares every curated query on both), in a fraction of the time.
    if queries.is_graph_query(q):
        if fmt not in ("table", "turtle", "nt"):
            raise click.UsageError(f"--format {fmt}: a CONSTRUCT or DESCRIBE gives triples; use --format turtle or nt")
        data = _stoppable(lambda: _answer(graph, store_dir, q, bound, "nt" if fmt == "nt" else "turtle"))
        click.echo(data.decode("utf-8"), nl=False)
        return
    if fmt in ("turtle", "nt"):
        raise click.UsageError(f"--format {fmt}: is for CONSTRUCT and DESCRIBE; rows print as table, csv, tsv or json")
    names, rows = _stoppable(lambda: _answer(graph, store_dir, q, bound))
    click.echo(format_rows(names, rows, fmt), nl=False)
    typed = [bound[p] for p in queries.DOCUMENT_PARAMS if p in bound]
    if not rows and typed:
        title = queries.canonical_document(typed[0])
        nearest = [t for t in queries.nearest_documents(title) if t != title]
        hint = f"; nearest known titles: {', '.join(nearest)}" if nearest else ""
        click.echo(f"fazhi: no report in the graph cites {title}{hint}", err=True)


def _answer(graph: str | None, store_dir: str | None, q: CuratedQuery, bound: dict[str, str], triples: str = "") -> Any:
    """The rows of ``q`` on the graph file or store, or with ``triples`` (turtle, nt) its triples."""
    from fazhi import queries
    from fazhi.graph.store import open_graph

    # A file is read for this query alone: only the quads whose predicates it can match.
    with open_graph(graph, store=store_dir, predicates=queries.predicates(q)) as target:
        return queries.run_graph(target, q, bound, triples) if triples else queries.run(target, q, bound)


T = TypeVar("T")


def _stoppable(work: Callable[[], T]) -> T:
    """``work()``, run in a thread that this one waits on, so that Ctrl-C stops even a query that
    Oxigraph is still computing (it cannot be cancelled, and it releases the GIL while it runs).
    A query only reads, so the process can end at once, with exit 130."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as err:  # handed to the waiting thread, which raises it
            box["error"] = err

    thread = threading.Thread(target=target, name="fazhi-query", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    except KeyboardInterrupt:
        click.echo("fazhi: interrupted; the query was stopped (queries only read, so nothing changed)", err=True)
        sys.stderr.flush()
        os._exit(130)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def format_rows(names: list[str], rows: list[list[Any]], fmt: str) -> str:
    """Rows as an aligned table, CSV, TSV or JSON (a list of objects)."""
    if fmt == "json":  # numbers stay numbers, unbound is null
        from fazhi.queries import to_python

        objects = [{n: to_python(v) for n, v in zip(names, row, strict=False)} for row in rows]
        return json.dumps(objects, ensure_ascii=False, indent=1) + "\n"
    values = [["" if v is None else str(v) for v in row] for row in rows]
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(values)
        return out.getvalue()
    widths = [max([_width(n)] + [_width(_clip(r[i])) for r in values]) for i, n in enumerate(names)]
    lines = [
        "  ".join(_pad(n, w) for n, w in zip(names, widths, strict=False)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(_clip(v), w) for v, w in zip(row, widths, strict=False)).rstrip() for row in values]
    lines.append(f"({len(values)} row{'' if len(values) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _clip(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` columns (a CJK character takes two): a path or address keeps its
    end, the file name; other text its beginning.

    >>> _clip("file:///home/me/reports/2021/司法局2021年法治政府建设年度报告.txt", 40)
    '…21/司法局2021年法治政府建设年度报告.txt'
    >>> _clip("深入学习贯彻习近平法治思想，全面推进依法行政", 20)
    '深入学习贯彻习近平…'
    """
    text = text.replace("\n", " ")
    if _width(text) <= limit:
        return text
    keep_end = "/" in text and " " not in text
    out: list[str] = []
    used = 1  # the ellipsis
    for ch in reversed(text) if keep_end else text:
        used += _width(ch)
        if used > limit:
            break
        out.append(ch)
    return "…" + "".join(reversed(out)) if keep_end else "".join(out) + "…"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
