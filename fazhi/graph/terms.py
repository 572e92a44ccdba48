"""Terms between rdflib (fazhi's programming interface) and Oxigraph (its storage and SPARQL engine).

>>> to_oxigraph(URIRef("http://example.org/a"))
<NamedNode value=http://example.org/a>
>>> to_rdflib(to_oxigraph(Literal("宪法", lang="zh"))) == Literal("宪法", lang="zh")
True
>>> to_rdflib(to_oxigraph(Literal("2021", datatype=XSD.gYear))) == Literal("2021", datatype=XSD.gYear)
True
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_XSD_STRING = str(XSD.string)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term (or None, for an unbound variable) as an rdflib term; xsd:string becomes a plain literal."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r} to rdflib")
