"""``fazhi build``."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from fazhi.errors import Interrupted

DEFAULT_OUTPUT = "graph.trig"


@click.command(short_help="Build a graph or a store from report pages.")
@click.argument("inputs", nargs=-1)
@click.option(
    "-o",
    "--output",
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Graph file to write; the format follows the suffix (.trig .nq .ttl .nt .jsonld; add .gz to compress). .nq and .trig stream.",
)
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read.")
@click.option("--base", default=None, help="Base IRI for instances (default https://w3id.org/fazhi/id/).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    help="Add the reports to a persistent Oxigraph store (created if missing) instead of writing a file; "
    "unchanged reports are skipped, changed ones replaced.",
)
@click.option(
    "--no-reread",
    is_flag=True,
    help="With --store: keep the reports an older fazhi or other vocabularies read as they are, instead of reading them again.",
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
@click.option(
    "--urls",
    "urls_file",
    default=None,
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Fetch the web pages listed in FILE (one address per line; # starts a comment).",
)
@click.option(
    "--delay",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds between two requests to one host when fetching pages.",
)
@click.option("--timeout", default=20.0, show_default=True, type=click.FloatRange(min=0.1), help="Seconds to wait for one page.")
@click.option(
    "--cache",
    "cache_dir",
    default=None,
    metavar="DIR",
    help="Keep fetched pages here (default ~/.cache/fazhi/pages); a second run asks only whether they changed.",
)
@click.option("--no-cache", is_flag=True, help="Fetch every page anew and keep none.")
def build(
    inputs: tuple[str, ...],
    output: str,
    strict: bool,
    base: str | None,
    quiet: bool,
    store_dir: str | None,
    no_reread: bool,
    jobs: int,
    scheduler: str | None,
    urls_file: str | None,
    delay: float,
    timeout: float,
    cache_dir: str | None,
    no_cache: bool,
) -> None:
    """Build a graph from report pages: files, folders (recursive), glob patterns, crawl records
    (.jsonl or .csv with url, title, text or html, also gzip-compressed as .jsonl.gz or .csv.gz) and web addresses (fetched politely: robots.txt,
    one request at a time per host, retries, a cache).

    With no INPUTS, builds the sample reports that ship with fazhi.
    """
    from fazhi.batch import build_into_store, build_to_file, expand_inputs, sample_inputs
    from fazhi.extraction.fetch import FetchPolicy, default_cache, read_url_list

    listed = read_url_list(urls_file) if urls_file else []
    sources: list[str] = [*inputs, *listed] or [str(p) for p in sample_inputs()]
    paths = expand_inputs(sources)
    progress = None if quiet or len(paths) <= 3 else _progress
    cache = None if no_cache else Path(cache_dir) if cache_dir else default_cache()
    fetch = FetchPolicy(delay=delay, timeout=timeout, cache=cache)
    options: dict[str, Any] = {
        "strict": strict,
        "base": base,
        "jobs": jobs,
        "scheduler": scheduler,
        "progress": progress,
        "fetch": fetch,
    }
    try:
        if store_dir:
            r = build_into_store(paths, store_dir, reread=not no_reread, **options)
        else:
            r = build_to_file(paths, output, **options)
    except KeyboardInterrupt:
        kept = "the store keeps the reports added before" if store_dir else f"{output} was not written"
        raise Interrupted(f"interrupted; {kept}") from None
    for err in r.skipped:
        click.echo(f"fazhi: skipped {err}", err=True)
    if quiet:
        return
    s = r.summary()
    skipped = f"  ({s['skipped']} skipped)" if s["skipped"] else ""
    publishers = ""
    if s["publishers_partial"] or s["publishers_unknown"]:
        publishers = (
            f"  publishers {s['publishers_partial']} known only in part (a node of their own report), "
            f"{s['publishers_unknown']} not found\n"
        )
    if store_dir:
        click.echo(
            f"Store {store_dir}: {s['added']} added, {s['unchanged']} unchanged, {s['replaced']} replaced{skipped}\n"
            + (f"  reread     {s['reread']} read by an older fazhi or other vocabularies, read again\n" if s["reread"] else "")
            + f"  reports    {s['reports']} in the store, {r.triples} triples\n"
            f"{publishers}"
            f"Try next:\n  fazhi query --store {store_dir} top-documents",
            err=True,
        )
        return
    click.echo(
        f"Built {output}\n"
        f"  reports    {s['reports']}{skipped}\n"
        f"  agencies   {s['agencies']}\n"
        f"{publishers}"
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
