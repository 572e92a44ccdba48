"""One report's named graph as N-Quads bytes: the form reports travel in between processes,
machines, files and stores.

rdflib stays the interface that :func:`fazhi.graph.build.record_triples` speaks; its terms are
written as N-Quads here directly, which is several times faster than going through rdflib's or
Oxigraph's term objects. Anything unusual (an IRI with characters N-Quads does not allow, a
blank node) goes through Oxigraph, which escapes it or refuses it.

>>> from rdflib import Literal, URIRef
>>> g, s, a, p = (URIRef(f"http://example.org/{n}") for n in ("g", "shared", "a", "p"))
>>> own, shared = nquads_apart([(a, p, Literal('说"明"\\n', lang="zh")), (a, p, Literal(3)), (a, p, a), (a, p, a)], a, g, s)
>>> print(own.decode(), end="")
<http://example.org/a> <http://example.org/p> "说\\"明\\"\\n"@zh <http://example.org/g> .
<http://example.org/a> <http://example.org/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g> .
<http://example.org/a> <http://example.org/p> <http://example.org/a> <http://example.org/g> .
>>> [str(q.object) for q in parse(own)][0], shared
('"说\\\\"明\\\\"\\\\n"@zh', b'')
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from fazhi.graph.iris import owned_by
from fazhi.graph.terms import to_oxigraph

_UNSAFE_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


#: IRIs written before: predicates, classes and vocabulary nodes recur in every report.
_WRITTEN: dict[str, str] = {}


def term(t: Node) -> str:
    """One term in N-Triples syntax."""
    if type(t) is not URIRef:
        return _write(t)
    written = _WRITTEN.get(t)
    if written is None:
        if len(_WRITTEN) > 100_000:
            _WRITTEN.clear()
        written = _WRITTEN[t] = _write(t)
    return written


def _write(t: Node) -> str:
    if type(t) is URIRef and not _UNSAFE_IRI.search(t):
        return f"<{t}>"
    if type(t) is Literal:
        value = str(t)
        if _NEEDS_ESCAPE.search(value):
            value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if t.language:
            return f'"{value}"@{t.language}'
        if t.datatype is not None and t.datatype != _STRING and not _UNSAFE_IRI.search(t.datatype):
            return f'"{value}"^^<{t.datatype}>'
        if t.datatype is None or t.datatype == _STRING:
            return f'"{value}"'
    return str(to_oxigraph(t))


_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def nquads_apart(
    triples: Iterable[tuple[Node, Node, Node]], report: URIRef, graph: URIRef, shared: URIRef
) -> tuple[bytes, bytes]:
    """``triples`` as N-Quads (UTF-8) in two parts, in one pass: those of the report's own nodes
    (:func:`~fazhi.graph.iris.owned_by`) in ``graph``, the others in ``shared``; each triple once,
    in first order.

    >>> r, p, g, s = (URIRef(f"http://x/{n}") for n in ("report/1", "p", "g", "s"))
    >>> own, rest = nquads_apart([(r, p, r), (URIRef("http://x/report/1/m/3"), p, r), (p, p, r), (r, p, r)], r, g, s)
    >>> own.count(b"\\n"), rest.count(b"\\n")
    (2, 1)
    """
    own_end, shared_end = f" {term(graph)} .\n", f" {term(shared)} .\n"
    name = str(report)
    own: dict[str, None] = {}
    other: dict[str, None] = {}
    subject, written, lines = None, "", own
    for s, p, o in triples:
        if s is not subject:  # a node's triples come together: write its IRI and place it once
            subject, written = s, term(s)
            lines = own if owned_by(str(s), name) else other
        lines[f"{written} {term(p)} {term(o)}"] = None
    return (
        "".join([line + own_end for line in own]).encode("utf-8"),
        "".join([line + shared_end for line in other]).encode("utf-8"),
    )


def parse(data: bytes) -> list[ox.Quad]:
    """N-Quads bytes back to Oxigraph quads."""
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
