"""The ontology, the SHACL shapes and the reference vocabularies, shipped as package data."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import Graph

from fazhi.ontology.namespaces import DEFAULT_BASE, FZ, LEVELS, ONTOLOGY_IRI

__all__ = ["DEFAULT_BASE", "FZ", "LEVELS", "ONTOLOGY_IRI", "data_file", "ontology_graph", "shapes_graph"]


def data_file(*parts: str) -> Traversable:
    """A file shipped in ``fazhi/ontology/`` (``data_file("vocab", "agency_types.tsv")``)."""
    node = resources.files("fazhi.ontology")
    for part in parts:
        node = node / part
    return node


@cache
def ontology_graph() -> Graph:
    """The fazhi ontology (``fazhi.ttl``) as an rdflib graph."""
    return Graph().parse(data=data_file("fazhi.ttl").read_text("utf-8"), format="turtle")


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes (``shapes.ttl``) that everything ``fazhi build`` writes conforms to."""
    return Graph().parse(data=data_file("shapes.ttl").read_text("utf-8"), format="turtle")
