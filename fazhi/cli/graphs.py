"""``fazhi validate``, ``fazhi merge`` and ``fazhi evaluate``: commands over whole graphs."""

from __future__ import annotations

import json

import click

from fazhi.errors import FazhiError


@click.command(short_help="Check a graph against the SHACL shapes.")
@click.argument("graph", required=False)
@click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    help="Validate a store built with fazhi build --store instead of a graph file.",
)
@click.option("--quiet", "-q", is_flag=True, help="No line when the graph conforms (the exit status says it).")
def validate(graph: str | None, store_dir: str | None, quiet: bool) -> None:
    """Check GRAPH (or --store DIR) against fazhi's SHACL shapes; exit 1 and list the violations if it does not conform."""
    from fazhi.errors import ValidationFailed
    from fazhi.graph.store import open_graph
    from fazhi.graph.validate import validate_store

    if not (graph or store_dir):
        raise FazhiError("usage: fazhi validate GRAPH (or --store DIR)")
    where = store_dir or graph

    def progress(done: int, total: int, shape: str) -> None:
        if done == total or done % 10 == 0:
            click.echo(f"\rchecked {done} of {total} constraints ({shape})".ljust(72), err=True, nl=done == total)

    with open_graph(graph, store=store_dir) as store:
        violations = validate_store(store, None if quiet else progress)
    graph = where
    if not violations:
        if not quiet:
            click.echo(f"{graph}: conforms to the fazhi shapes")
        return
    for v in violations[:200]:
        click.echo(f"{v.focus}  {v.path}  {v.message}")
    raise ValidationFailed(f"{graph}: {len(violations)} SHACL violations")


@click.command(short_help="Unite graphs built apart into one.")
@click.argument("graphs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="The merged graph (format from the suffix: .trig .nq …).")
@click.option("--quiet", "-q", is_flag=True, help="No lines saying what each graph brought.")
def merge(graphs: tuple[str, ...], output: str, quiet: bool) -> None:
    """Union GRAPHS built separately into one; says what each brought that was new."""
    from fazhi.graph.io import QUAD_FORMATS, format_for, read_dataset, write_dataset
    from fazhi.graph.merge import merge as union

    if format_for(output) not in QUAD_FORMATS:
        raise FazhiError(f"{output}: merging keeps one named graph per report; write .trig, .nq or .jsonld")
    merged, steps = union(read_dataset(g) for g in graphs)
    write_dataset(merged, output)
    if quiet:
        return
    for name, step in zip(graphs, steps, strict=True):
        click.echo(f"{name}: {step.new_reports} new reports of {step.reports}, {step.new_quads} new quads of {step.quads}")
    click.echo(f"{output}: {sum(1 for _ in merged.quads((None, None, None, None)))} quads")


@click.command(short_help="Score a graph against gold annotations.")
@click.argument("graph")
@click.argument("gold", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--quiet", "-q", is_flag=True, help="No line saying how many gold files the graph holds.")
def evaluate(graph: str, gold: str | None, as_json: bool, quiet: bool) -> None:
    """Score GRAPH against GOLD annotations (JSON lines; without GOLD, those of the bundled samples): cited documents, levels, year, region, agency type."""
    from fazhi.batch.inputs import sample_gold
    from fazhi.graph.evaluate import evaluate as run_evaluation
    from fazhi.graph.evaluate import read_gold
    from fazhi.graph.io import read_dataset

    scores = run_evaluation(read_dataset(graph), read_gold(gold or sample_gold()))
    if not as_json and not quiet:
        click.echo(f"gold files in the graph: {scores.matched} of {scores.files}", err=True)
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
