"""A static drawing of a network (PNG or SVG) with matplotlib, Chinese labels set in a CJK font.

Drawing is an extra (``pip install "fazhi[draw]"``: matplotlib, and the ``mplfonts`` package for
its Noto Sans CJK SC font); without mplfonts, a CJK font installed on the system (fontconfig names
below, e.g. Debian's ``fonts-noto-cjk``) is used. The font file is registered with matplotlib's
font manager when drawing, not at import.
"""

from __future__ import annotations

import importlib.util
import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi.errors import FazhiError
from fazhi.graph.io import atomic_output
from fazhi.network.attributes import DEFAULT_MAX_NODES, SEED, cap, cap_note, community_layout

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

#: Font files looked for inside the mplfonts package, best first.
PACKAGED_FONTS = ("NotoSansCJKsc-Regular.otf", "SourceHanMonoSC-Regular.otf")
#: System font families that cover Chinese, best first.
SYSTEM_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK JP",
)
#: Graphs with more nodes than this get the community layout instead of a force layout.
FORCE_LAYOUT_LIMIT = 500
LABELLED = 40
MARKERS = {"agency": "o", "document": "D", "region": "s", "reform": "^"}
KIND_NAMES = {"agency": "机关 agency", "document": "文件 document", "region": "地区 region", "reform": "改革 reform"}


@cache
def cjk_font() -> Path:
    """The CJK font file for labels: the one mplfonts ships, else a system font; a :class:`FazhiError` if none."""
    spec = importlib.util.find_spec("mplfonts")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for name in PACKAGED_FONTS:
            path = Path(folder) / "fonts" / name
            if path.is_file():
                return path
    from matplotlib import font_manager

    by_family = {entry.name: entry.fname for entry in font_manager.fontManager.ttflist}
    for family in SYSTEM_FAMILIES:
        if family in by_family:
            return Path(by_family[family])
    raise FazhiError(
        'no CJK font to draw Chinese labels with: pip install "fazhi[draw]" (or a system font such as fonts-noto-cjk)'
    )


def cjk_font_properties() -> FontProperties:
    """Font properties of :func:`cjk_font`, registered with matplotlib's font manager."""
    from matplotlib import font_manager

    path = cjk_font()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path))


def layout(graph: nx.Graph) -> dict[object, tuple[float, float]]:
    """A deterministic layout: spring (force-directed) for small graphs, communities for big ones."""
    import networkx as nx

    if graph.number_of_nodes() > FORCE_LAYOUT_LIMIT:
        return community_layout(graph)
    k = 2.0 / math.sqrt(max(graph.number_of_nodes(), 1))
    return {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(graph, k=k, weight="weight", seed=SEED).items()}


def draw(graph: nx.Graph, path: str | Path, *, max_nodes: int = DEFAULT_MAX_NODES, title: str = "") -> None:
    """Draw ``graph`` to ``path`` (``.png`` or ``.svg``): kind as marker shape, community as colour,
    weighted degree as size, labels on the most connected nodes."""
    if importlib.util.find_spec("matplotlib") is None:
        raise FazhiError(f'{path}: drawing a network as PNG or SVG needs matplotlib: pip install "fazhi[draw]"')
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    font = cjk_font_properties()
    shown = cap(graph, max_nodes)
    pos = layout(shown)
    fmt = Path(path).suffix.lower().lstrip(".")
    with mpl.rc_context({"font.family": font.get_name(), "svg.hashsalt": "fazhi", "axes.unicode_minus": False}):
        fig = Figure(figsize=(16, 12), dpi=120)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_axis_off()
        weights = [d.get("weight", 1) for *_, d in shown.edges(data=True)]
        top = max(weights, default=1)
        segments = [(pos[u], pos[v]) for u, v in shown.edges()]
        ax.add_collection(
            LineCollection(segments, linewidths=[0.4 + 3.0 * w / top for w in weights], colors="#7a8a99", alpha=0.35, zorder=1)
        )
        colours = mpl.colormaps["tab20"]
        strongest = max((int(d.get("weighted_degree", 1)) for _, d in shown.nodes(data=True)), default=1) or 1
        legend: list[Line2D] = []
        for kind, marker in MARKERS.items():
            members = [n for n, d in shown.nodes(data=True) if d.get("kind") == kind]
            if not members:
                continue
            ax.scatter(
                [pos[n][0] for n in members],
                [pos[n][1] for n in members],
                marker=marker,
                zorder=2,
                s=[20 + 600 * int(shown.nodes[n].get("weighted_degree", 1)) / strongest for n in members],
                c=[colours(int(shown.nodes[n].get("community", 0)) % 20) for n in members],
                edgecolors="white",
                linewidths=0.6,
            )
            legend.append(Line2D([], [], marker=marker, linestyle="", color="#52606d", label=KIND_NAMES.get(kind, kind)))
        ranked = sorted(shown, key=lambda n: (-int(shown.nodes[n].get("weighted_degree", 0)), str(n)))[:LABELLED]
        for node in ranked:
            x, y = pos[node]
            ax.annotate(
                str(shown.nodes[node].get("label", node)),
                (x, y),
                xytext=(4, 4),
                textcoords="offset points",
                fontproperties=font,
                fontsize=8,
                zorder=3,
                color="#1f2933",
            )
        note = cap_note(shown)
        heading = title or f"fazhi · {graph.graph.get('view', 'network')}"
        counts = f"{shown.number_of_nodes():,} nodes, {shown.number_of_edges():,} edges"
        ax.set_title(f"{heading}\n{note or counts}", fontproperties=font, fontsize=12)
        ax.legend(handles=legend, loc="lower left", prop=font, frameon=False)
        ax.autoscale_view()
        fig.tight_layout()
        metadata = {"Date": None} if fmt == "svg" else {}
        with atomic_output(path) as handle:
            fig.savefig(handle, format=fmt, metadata=metadata)
