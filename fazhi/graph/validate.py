"""SHACL validation of a graph against ``fazhi/ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

from fazhi.errors import FazhiError
from fazhi.ontology import ontology_graph, shapes_graph


@dataclass
class Violation:
    """One SHACL result: the node, the property path, and the message."""

    focus: str
    path: str
    message: str


def validate(ds: Dataset | Graph) -> list[Violation]:
    """Every violation of the shapes in ``ds`` (the union of its named graphs); empty when it conforms."""
    try:
        from pyshacl import validate as shacl_validate
    except ImportError:  # pragma: no cover - pyshacl is a dependency
        raise FazhiError("validation needs pyshacl: pip install pyshacl") from None
    data = Graph()
    for s, p, o, *_ in ds.quads((None, None, None, None)) if isinstance(ds, Dataset) else ds:
        data.add((s, p, o))
    conforms, results, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
    )
    if conforms:
        return []
    from rdflib.namespace import SH

    out = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        out.append(Violation(str(focus), str(path) if path else "", str(message) if message else "violation"))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
