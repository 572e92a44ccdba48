"""``fazhi network``: a graph's network views, as a page, a picture or data."""

from __future__ import annotations

import click
from click.core import ParameterSource

from fazhi.errors import FazhiError
from fazhi.network.attributes import DEFAULT_MAX_NODES
from fazhi.network.project import DEFAULT_REGION_LEVEL, DEFAULT_VIEW, REGION_LEVELS, VIEWS

_VIEW_HELP = ", ".join(f"{v.name} ({v.left} ↔ {v.right})" for v in VIEWS.values())


@click.command(
    "network",
    context_settings={"help_option_names": ["-h", "--help"]},
    short_help="Project a graph onto a network and export it.",
)
@click.argument("graph", required=False)
@click.option(
    "--view",
    "-v",
    default=DEFAULT_VIEW,
    show_default=True,
    metavar="VIEW",
    help=f"The network: {_VIEW_HELP}; edge weight = number of reports.",
)
@click.option(
    "-o",
    "--output",
    default="network.html",
    show_default=True,
    help="File to write; the format follows the suffix: .html .png .svg .graphml .gexf .json, "
    "or .csv for NAME-nodes.csv and NAME-edges.csv.",
)
@click.option(
    "--region-level",
    default=DEFAULT_REGION_LEVEL,
    show_default=True,
    metavar="LEVEL",
    help=f"For --view region: the level regions are rolled up to ({' '.join(REGION_LEVELS)}).",
)
@click.option(
    "--max-nodes",
    default=DEFAULT_MAX_NODES,
    show_default=True,
    type=int,
    help="Drawings (.html .png .svg) keep this many nodes of highest weighted degree; data exports keep all.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
@click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    help="Project a store built with fazhi build --store instead of a graph file.",
)
def network(
    graph: str | None, view: str, output: str, region_level: str, max_nodes: int, quiet: bool, store_dir: str | None
) -> None:
    """Project GRAPH onto a network VIEW and write it as a page, a picture, or GraphML/GEXF/CSV/JSON.

    Nodes carry label, kind, level, region, years, reports, degree, weighted_degree,
    centrality (weighted degree centrality) and community (Louvain); edges carry weight
    (the number of reports) and years.
    """
    from fazhi.network import write_network

    _refuse_unused_options(view, output)
    if not (graph or store_dir):
        raise FazhiError("usage: fazhi network GRAPH (or --store DIR) --view VIEW -o OUT")
    result = write_network(graph, output, view=view, region_level=region_level, max_nodes=max_nodes, store_dir=store_dir)
    if not quiet:
        click.echo(result.summary(), err=True)


#: Suffixes that draw the network (and so keep at most --max-nodes nodes); the rest export all data.
_DRAWINGS = (".html", ".htm", ".png", ".svg")


def _refuse_unused_options(view: str, output: str) -> None:
    """An option typed for a view or output it does nothing for is a usage error, not silently ignored."""
    ctx = click.get_current_context()
    given = {name for name in ("region_level", "max_nodes") if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE}
    if "region_level" in given and view != "region":
        raise click.UsageError(f"--region-level is for --view region; --view {view} does not roll regions up")
    if "max_nodes" in given and not output.lower().endswith(_DRAWINGS):
        raise click.UsageError(f"--max-nodes is for drawings (.html .png .svg); {output} exports every node")
