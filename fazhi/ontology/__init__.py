"""The ontology, the SHACL shapes and the reference vocabularies, shipped as package data."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import Graph

from fazhi.ontology.namespaces import DEFAULT_BASE, FZ, LEVELS, ONTOLOGY_IRI

__all__ = ["DEFAULT_BASE", "FZ", "LEVELS", "ONTOLOGY_IRI", "data_file", "ontology_graph", "shapes_graph", "vocabulary_digest"]


def data_file(*parts: str) -> Traversable:
    """A file shipped in ``fazhi/ontology/`` (``data_file("vocab", "agency_types.tsv")``)."""
    node = resources.files("fazhi.ontology")
    for part in parts:
        node = node / part
    return node


@cache
def vocabulary_digest() -> str:
    """Twelve hex digits that change whenever a vocabulary does (a file under ``vocab/``): which
    vocabularies read a report, so that a store can tell the reports an older reading left behind.

    >>> len(vocabulary_digest()), vocabulary_digest() == vocabulary_digest()
    (12, True)
    """
    digest = hashlib.sha1()

    def add(folder: Traversable, prefix: str) -> None:
        for node in sorted(folder.iterdir(), key=lambda n: n.name):
            if node.is_dir():
                add(node, f"{prefix}{node.name}/")
            elif node.name.endswith((".tsv", ".txt")):
                digest.update(f"{prefix}{node.name}\0".encode() + node.read_bytes() + b"\0")

    add(data_file("vocab"), "")
    return digest.hexdigest()[:12]


@cache
def ontology_graph() -> Graph:
    """The fazhi ontology (``fazhi.ttl``) as an rdflib graph."""
    return Graph().parse(data=data_file("fazhi.ttl").read_text("utf-8"), format="turtle")


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes (``shapes.ttl``) that everything ``fazhi build`` writes conforms to."""
    return Graph().parse(data=data_file("shapes.ttl").read_text("utf-8"), format="turtle")
