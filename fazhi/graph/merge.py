"""Union of graphs built separately. Instance IRIs are deterministic, so the same report, agency,
region or law built on two machines is one node, and the union is exact.

>>> from rdflib import URIRef
>>> from fazhi.graph.io import new_dataset
>>> a, b = new_dataset(), new_dataset()
>>> g = URIRef("https://w3id.org/fazhi/id/graph/1")
>>> _ = a.graph(g).add((g, g, g)); _ = b.graph(g).add((g, g, g))
>>> merged, report = merge([a, b])
>>> sum(1 for _ in merged.quads()), [(s.quads, s.new_quads) for s in report]
(1, [(1, 1), (1, 0)])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from fazhi.graph.io import new_dataset
from fazhi.ontology.namespaces import FZ


@dataclass
class MergeStep:
    """What one input brought: its quads and reports, and how many of each were new."""

    quads: int = 0
    new_quads: int = 0
    reports: int = 0
    new_reports: int = 0


def merge(inputs: Iterable[Dataset]) -> tuple[Dataset, list[MergeStep]]:
    """The union of ``inputs``, graph by graph, and what each input added to those before it."""
    out = new_dataset()
    steps = []
    known_reports: set[URIRef] = set()
    for ds in inputs:
        step = MergeStep()
        for s, p, o, g in ds.quads((None, None, None, None)):
            graph = out.graph(g if isinstance(g, URIRef) else getattr(g, "identifier", g))
            step.quads += 1
            if (s, p, o) not in graph:
                step.new_quads += 1
                graph.add((s, p, o))
            if p == RDF.type and o == FZ.Report and isinstance(s, URIRef):
                step.reports += 1
                if s not in known_reports:
                    step.new_reports += 1
                    known_reports.add(s)
        steps.append(step)
    return out, steps
