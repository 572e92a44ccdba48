"""The command line: thin commands over library functions; errors become one line and an exit code."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from fazhi import __version__
from fazhi.errors import FazhiError

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_OUTPUT = "graph.trig"


def reports_errors(func: F) -> F:
    """Turn a :class:`FazhiError` into ``fazhi: message`` on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FazhiError as err:
            click.echo(f"fazhi: {err}", err=True)
            sys.exit(err.exit_code)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("fazhi: interrupted; no file was half-written (a store keeps the reports added before)", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fazhi")
def main() -> None:
    """Build and query a knowledge graph of rule-of-law government reports (法治政府建设年度报告)."""


@main.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "-o",
    "--output",
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Graph file to write; the format follows the suffix (.trig .nq .ttl .nt .jsonld). .nq and .trig stream.",
)
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read.")
@click.option("--base", default=None, help="Base IRI for instances (default https://w3id.org/fazhi/id/).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    help="Add the reports to a persistent Oxigraph store (created if missing) instead of writing a file; unchanged reports are skipped, changed ones replaced.",
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Extract in this many processes (one per core is best).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Extract on a Dask cluster (e.g. tcp://10.0.0.5:8786); the reports' graphs come back as N-Quads shards.",
)
@reports_errors
def build(
    inputs: tuple[str, ...],
    output: str,
    strict: bool,
    base: str | None,
    quiet: bool,
    store_dir: str | None,
    jobs: int,
    scheduler: str | None,
) -> None:
    """Build a graph from report pages: files, folders (recursive) and glob patterns.

    With no INPUTS, builds the sample reports that ship with fazhi.
    """
    from fazhi.build import build_to_file, expand_inputs, sample_inputs
    from fazhi.store_cli import build_into_store

    sources: list[str] = list(inputs) or [str(p) for p in sample_inputs()]
    paths = expand_inputs(sources)
    progress = None if quiet or len(paths) <= 3 else _progress
    options: dict[str, Any] = {"strict": strict, "base": base, "jobs": jobs, "scheduler": scheduler, "progress": progress}
    r = build_into_store(paths, store_dir, **options) if store_dir else build_to_file(paths, output, **options)
    for err in r.skipped:
        click.echo(f"fazhi: skipped {err}", err=True)
    if quiet:
        return
    s = r.summary()
    skipped = f"  ({s['skipped']} skipped)" if s["skipped"] else ""
    if store_dir:
        click.echo(
            f"Store {store_dir}: {s['added']} added, {s['unchanged']} unchanged, {s['replaced']} replaced{skipped}\n"
            f"  reports    {s['reports']} in the store, {r.triples} triples\n"
            f"Try next:\n  fazhi query --store {store_dir} top-documents",
            err=True,
        )
        return
    click.echo(
        f"Built {output}\n"
        f"  reports    {s['reports']}{skipped}\n"
        f"  agencies   {s['agencies']}\n"
        f"  documents  {s['documents']} cited, {s['mentions']} mentions\n"
        f"  quads      {s['quads']}\n"
        f"Try next:\n"
        f"  fazhi query {output} top-documents\n"
        f"  fazhi query {output} document-agencies --param doc=中华人民共和国民法典\n"
        f"  fazhi query --list",
        err=True,
    )


def _progress(outcomes: Iterable[Any], total: int) -> Iterable[Any]:
    with click.progressbar(
        outcomes,
        length=total,
        label="reading reports",
        file=sys.stderr,
        item_show_func=lambda o: Path(getattr(o, "source", "")).name if o else "",
    ) as bar:
        yield from bar


@main.command()
@click.argument("graph", required=False)
@click.argument("query", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
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
@reports_errors
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
    from fazhi.store import Store

    # A graph file is read into an in-memory Oxigraph store: the same rows as rdflib (a test
    # compares every curated query on both), in a fraction of the time.
    with Store.open(Path(store_dir), create=False) if store_dir else Store.from_file(str(graph)) as store:
        names, rows = store.run(q, bound)
    click.echo(format_rows(names, rows, fmt), nl=False)


def format_rows(names: list[str], rows: list[list[Any]], fmt: str) -> str:
    """Rows as an aligned table, CSV, TSV or JSON (a list of objects)."""
    values = [["" if v is None else str(v) for v in row] for row in rows]
    if fmt == "json":
        return json.dumps([dict(zip(names, row, strict=False)) for row in values], ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(values)
        return out.getvalue()
    widths = [max([_width(n)] + [_width(_clip(r[i])) for r in values]) for i, n in enumerate(names)]
    lines = ["  ".join(_pad(n, w) for n, w in zip(names, widths, strict=False)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(_clip(v), w) for v, w in zip(row, widths, strict=False)).rstrip() for row in values]
    lines.append(f"({len(values)} rows)")
    return "\n".join(lines) + "\n"


def _clip(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if _width(text) <= limit else text[: limit // 2] + "…"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


@main.command()
@click.argument("graph", required=False)
@click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    help="Validate a store built with fazhi build --store instead of a graph file.",
)
@reports_errors
def validate(graph: str | None, store_dir: str | None) -> None:
    """Check GRAPH (or --store DIR) against fazhi's SHACL shapes; exit 1 and list the violations if it does not conform."""
    from fazhi.errors import ValidationFailed
    from fazhi.graph.io import read_dataset
    from fazhi.graph.validate import validate as run_validation

    if store_dir:
        from fazhi.store import Store

        with Store.open(Path(store_dir), create=False) as store:
            dataset = store.to_dataset()
        graph = store_dir
    elif graph:
        dataset = read_dataset(graph)
    else:
        raise FazhiError("usage: fazhi validate GRAPH (or --store DIR)")
    violations = run_validation(dataset)
    if not violations:
        click.echo(f"{graph}: conforms to the fazhi shapes")
        return
    for v in violations[:200]:
        click.echo(f"{v.focus}  {v.path}  {v.message}")
    raise ValidationFailed(f"{graph}: {len(violations)} SHACL violations")


@main.command()
@click.argument("graphs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The merged graph (format from the suffix: .trig .nq …).")
@reports_errors
def merge(graphs: tuple[str, ...], output: str) -> None:
    """Union GRAPHS built separately into one; says what each brought that was new."""
    from fazhi.graph.io import QUAD_FORMATS, format_for, read_dataset, write_dataset
    from fazhi.graph.merge import merge as union

    if format_for(output) not in QUAD_FORMATS:
        raise FazhiError(f"{output}: merging keeps one named graph per report; write .trig, .nq or .jsonld")
    merged, steps = union(read_dataset(g) for g in graphs)
    write_dataset(merged, output)
    for name, step in zip(graphs, steps, strict=True):
        click.echo(f"{name}: {step.new_reports} new reports of {step.reports}, {step.new_quads} new quads of {step.quads}")
    click.echo(f"{output}: {sum(1 for _ in merged.quads((None, None, None, None)))} quads")


@main.command()
@click.argument("graph")
@click.argument("gold")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@reports_errors
def evaluate(graph: str, gold: str, as_json: bool) -> None:
    """Score GRAPH against GOLD annotations (JSON lines): cited documents, levels, year, region, agency type."""
    from fazhi.evaluate import evaluate as run_evaluation
    from fazhi.evaluate import read_gold
    from fazhi.graph.io import read_dataset

    scores = run_evaluation(read_dataset(graph), read_gold(gold))
    if as_json:
        click.echo(json.dumps(scores.as_dict(), ensure_ascii=False))
        return
    for file, title in scores.missed[:40]:
        click.echo(f"missed  {file}  {title}")
    for file, title in scores.extra[:40]:
        click.echo(f"extra   {file}  {title}")
    for file, key, wanted, got in scores.wrong[:40]:
        click.echo(f"wrong   {file}  {key}: wanted {wanted}, got {got}")
    for key, value in scores.as_dict().items():
        click.echo(f"{key}: {value}")


def _register_plugins() -> None:
    """Commands that live beside their subject: ``remove`` with the store, ``network`` with the views."""
    from fazhi.network.cli import network
    from fazhi.push import push
    from fazhi.serve import serve
    from fazhi.store_cli import remove

    main.add_command(remove)
    main.add_command(network)
    main.add_command(push)
    main.add_command(serve)


_register_plugins()


if __name__ == "__main__":  # pragma: no cover
    main()
