"""Reading and writing graph files: the format follows the suffix; writes are atomic.

A name ending in ``.gz`` is the same format compressed with gzip (``graph.nq.gz``): N-Quads of
fazhi's reports shrink about 13 times, and every command that reads a graph file reads it.

>>> format_for("graph.trig"), format_for("out.nq"), format_for("x.jsonld"), format_for("big.nq.gz")
('trig', 'nquads', 'json-ld', 'nquads')
"""

from __future__ import annotations

import gzip
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from rdflib import Dataset, Graph, URIRef

from fazhi.errors import GraphError, OutputError, first_line

FORMATS: dict[str, str] = {
    ".trig": "trig",
    ".nq": "nquads",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
#: Formats that keep the named graphs; the others hold the union of all reports' graphs.
QUAD_FORMATS = {"trig", "nquads", "json-ld"}

PREFIXES = {
    "fz": "https://w3id.org/fazhi/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


#: The suffix after a graph format's that compresses the file with gzip.
COMPRESSED = ".gz"
#: gzip's level for graph files: 6 (gzip's default) writes N-Quads at about 100 MB a second on
#: one core, a sixth of the build's time per report, for files 13 times smaller.
LEVEL = 6


def graph_suffix(path: str | Path) -> str:
    """A graph file's format suffix, lower-cased, before ``.gz`` if compressed: graph.NQ.gz → .nq."""
    return Path(Path(path).name.lower().removesuffix(COMPRESSED)).suffix


def format_for(path: str | Path) -> str:
    """The rdflib format name for a file name, from its suffix (before ``.gz``, if compressed)."""
    suffix = graph_suffix(path)
    if suffix not in FORMATS:
        known = " ".join(sorted(FORMATS))
        raise OutputError(f"{path}: unknown graph format {suffix or '(no suffix)'!r}; use one of {known} (add .gz to compress)")
    return FORMATS[suffix]


def compressed(path: str | Path) -> bool:
    """Whether a graph file's name says it is gzip-compressed (``graph.nq.gz``)."""
    return Path(path).name.lower().endswith(COMPRESSED)


def new_dataset() -> Dataset:
    """An empty dataset with fazhi's prefixes bound; queries see the union of its graphs."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


@contextmanager
def atomic_output(path: str | Path, mode: str = "wb") -> Iterator[IO]:  # type: ignore[type-arg]
    """Write to a temporary file beside ``path`` and rename it into place only on success.

    An existing file at ``path`` is untouched when anything fails.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise OutputError(f"{path}: folder {folder} does not exist; create it or choose another output")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as err:
        raise OutputError(f"{path}: cannot write here ({err.strerror}); choose a writable output") from None
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def graph_output(path: str | Path) -> Iterator[IO[bytes]]:
    """:func:`atomic_output` for a graph file, through gzip when its name ends in ``.gz``.

    The compressed bytes depend only on the graph: the gzip header holds no time stamp and no
    file name (``gunzip graph.nq.gz`` still writes graph.nq).
    """
    with atomic_output(path) as handle:
        if not compressed(path):
            yield handle
            return
        with gzip.GzipFile(filename="", mode="wb", fileobj=handle, compresslevel=LEVEL, mtime=0) as packed:
            yield packed  # type: ignore[misc]  # a GzipFile is a binary file


@contextmanager
def graph_input(path: str | Path) -> Iterator[IO[bytes]]:
    """A graph file's bytes, decompressed when its name ends in ``.gz``; a file that is not gzip,
    or was cut off, raises :class:`GraphError` naming it."""
    opened: IO[bytes] = gzip.open(path, "rb") if compressed(path) else open(path, "rb")  # type: ignore[assignment]
    try:
        with opened:
            yield opened
    except gzip.BadGzipFile:
        plain = Path(path).name[: -len(COMPRESSED)]
        raise GraphError(f"{path}: named .gz but not gzip-compressed; if it is plain RDF, rename it {plain}") from None
    except (EOFError, zlib.error) as err:
        raise GraphError(
            f"{path}: gzip data cut off or damaged ({first_line(err)}); write it again, e.g. fazhi build -o {Path(path).name}"
        ) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_dataset(ds: Dataset, path: str | Path) -> None:
    """Serialise ``ds`` to ``path`` in the format of its suffix, atomically."""
    fmt = format_for(path)
    if target_is_dir(path):
        raise OutputError(f"{path}: is a folder; give a file name such as graph.trig")
    with graph_output(path) as handle:
        if fmt == "json-ld":
            # Compacted with fazhi's context, so the graph reads as plain JSON (title, year, cites …).
            ds.serialize(destination=handle, format=fmt, context=jsonld_context(), auto_compact=True)
        elif fmt in QUAD_FORMATS:
            ds.serialize(destination=handle, format=fmt)
        else:
            union = Graph()
            for prefix, ns in PREFIXES.items():
                union.bind(prefix, ns)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                union.add((s, p, o))
            union.serialize(destination=handle, format=fmt, encoding="utf-8")


def jsonld_context() -> dict:  # type: ignore[type-arg]
    """The JSON-LD context of fazhi's terms (``fazhi/ontology/context.jsonld``)."""
    import json

    from fazhi.ontology import data_file

    return json.loads(data_file("context.jsonld").read_text("utf-8"))["@context"]  # type: ignore[no-any-return]


def target_is_dir(path: str | Path) -> bool:
    return Path(path).is_dir()


def read_dataset(path: str | Path) -> Dataset:
    """Parse a graph file; raise :class:`GraphError` naming the file on malformed RDF."""
    p = Path(path)
    if not p.exists():
        raise GraphError(f"{path}: no such graph file; build one with: fazhi build -o {p.name}")
    if p.is_dir():
        raise GraphError(f"{path}: is a folder, not a graph file")
    try:
        fmt = format_for(path)
    except OutputError as err:
        raise GraphError(str(err)) from None
    ds = new_dataset()
    base = p.resolve().as_uri()
    try:
        with graph_input(p) as handle:
            if fmt in QUAD_FORMATS:
                ds.parse(source=handle, format=fmt, publicID=base)
            else:
                ds.graph(URIRef(base)).parse(source=handle, format=fmt, publicID=base)
    except GraphError:
        raise
    except Exception as err:  # rdflib raises many kinds of parser errors
        raise GraphError(f"{path}: not valid {fmt} ({first_line(err)}); rebuild it with fazhi build") from None
    return ds


def add_quads(ds: Dataset, graph: URIRef, triples: Iterable[tuple]) -> None:  # type: ignore[type-arg]
    """Add triples to the named graph ``graph`` of ``ds``."""
    g = ds.graph(graph)
    for triple in triples:
        g.add(triple)
