"""SHACL validation of a graph against ``fazhi/ontology/shapes.ttl``.

:func:`validate_store` checks a store (or a graph file opened as one) with the shapes compiled to
SPARQL (:mod:`fazhi.graph.shacl`); :func:`validate` does the same for an rdflib graph or dataset.
:func:`validate_pyshacl` runs pyshacl itself: the reference the compiled checks are tested against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph

from fazhi.errors import FazhiError
from fazhi.ontology import ontology_graph, shapes_graph

if TYPE_CHECKING:
    from fazhi.graph.store import Store


@dataclass
class Violation:
    """One SHACL result: the node, the property path, and the message."""

    focus: str
    path: str
    message: str


def validate_store(store: Store, progress: Callable[[int, int, str], None] | None = None) -> list[Violation]:
    """Every violation of the shapes in ``store`` (the union of its graphs); empty when it conforms.
    ``progress(done, total, shape)`` is called after each of the compiled checks."""
    from fazhi.graph.shacl import run_checks

    report = (lambda done, total, check: progress(done, total, check.shape)) if progress else None
    return [Violation(focus, path, message) for focus, path, message in run_checks(store, report)]


def validate(ds: Dataset | Graph) -> list[Violation]:
    """Every violation of the shapes in ``ds`` (the union of its named graphs); empty when it conforms."""
    from fazhi.graph.store import Store

    if not isinstance(ds, Dataset):
        whole = Dataset()
        for triple in ds:
            whole.add(triple)
        ds = whole
    with Store.from_dataset(ds) as store:
        return validate_store(store)


def validate_pyshacl(ds: Dataset | Graph) -> list[Violation]:
    """Every violation pyshacl finds in ``ds`` (slow: the reference for the compiled checks)."""
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
