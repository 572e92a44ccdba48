"""fazhi's SHACL shapes checked as SPARQL queries on a store: the same violations as pyshacl, at store speed.

pyshacl walks an rdflib graph node by node: 33 s for 100 reports, five minutes for a thousand.
Here each constraint of ``fazhi/ontology/shapes.ttl`` becomes one SPARQL query that Oxigraph
answers over the whole store, so a thousand reports take seconds. The compiler covers the SHACL
Core features the shapes use (targets by class and by subject of a property; ``sh:class`` on a
node; on a property path that is one IRI: ``minCount maxCount datatype or``-of-datatypes ``class
nodeKind in pattern hasValue uniqueLang minInclusive maxInclusive minLength``,
``qualifiedValueShape`` with ``sh:in`` and ``qualifiedMinCount``, ``node``) and refuses any other
with a :class:`~fazhi.errors.FazhiError`, so a shape added later cannot be skipped silently. A test
compares its findings with pyshacl's on graphs broken in every way the shapes forbid.

Classes are closed under ``rdfs:subClassOf`` from the ontology (``fz:Law`` is a
``fz:CitedDocument``), as pyshacl sees them with the ontology mixed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import RDF, RDFS, SH, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from fazhi.errors import FazhiError
from fazhi.ontology import ontology_graph, shapes_graph

__all__ = ["Check", "checks", "run_checks"]

_RDF_LANG_STRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
#: What a property shape may say beside its path, and what this compiler understands of it.
_KNOWN = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["or"],
    SH["class"],
    SH.nodeKind,
    SH["in"],
    SH.pattern,
    SH.hasValue,
    SH.uniqueLang,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minLength,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.node,
    SH.message,
}


@dataclass(frozen=True)
class Check:
    """One constraint as a query: its rows are the ``?focus`` nodes that violate it."""

    shape: str
    path: str
    message: str
    sparql: str


def _term(node: Any) -> str:
    """A term as SPARQL writes it (rdflib's N3 form)."""
    return str(node.n3())


@cache
def _subclasses() -> dict[str, set[str]]:
    """Each class of the ontology with every class below it (itself included)."""
    graph = ontology_graph()
    below: dict[str, set[str]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            below.setdefault(str(sup), set()).add(str(sub))
    closed: dict[str, set[str]] = {}

    def close(cls: str, seen: frozenset[str] = frozenset()) -> set[str]:
        out = {cls}
        for sub in below.get(cls, ()):
            if sub not in seen:
                out |= close(sub, seen | {cls})
        return out

    for cls in set(below) | {s for subs in below.values() for s in subs}:
        closed[cls] = close(cls)
    return closed


def _classes(cls: Any) -> str:
    """A VALUES list of ``cls`` and its subclasses."""
    return " ".join(sorted(f"<{c}>" for c in _subclasses().get(str(cls), {str(cls)})))


def _list(shapes: Graph, head: Any) -> list[Any]:
    return list(Collection(shapes, head))


def _targets(shapes: Graph, shape: Any) -> str:
    """The group pattern binding ``?focus`` to the shape's targets."""
    parts = []
    for cls in shapes.objects(shape, SH.targetClass):
        parts.append(f"{{ VALUES ?targetClass {{ {_classes(cls)} }} ?focus a ?targetClass }}")
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"{{ SELECT DISTINCT ?focus WHERE {{ ?focus {_term(prop)} ?anything }} }}")
    return " UNION ".join(parts)


def checks() -> list[Check]:
    """Every constraint of fazhi's shapes as a :class:`Check`, shape by shape."""
    shapes = shapes_graph()
    out: list[Check] = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape), key=str):
        focus = _targets(shapes, shape)
        if focus:
            out.extend(_node_checks(shapes, shape, focus))
    return out


def _node_checks(shapes: Graph, shape: Any, focus: str) -> Iterator[Check]:
    """The checks of a node shape whose focus nodes the group pattern ``focus`` binds."""
    name = shape.n3(shapes.namespace_manager) if isinstance(shape, URIRef) else "shape"
    for cls in shapes.objects(shape, SH["class"]):
        yield _check(name, "", f"not a {cls}", focus, f"FILTER NOT EXISTS {{ VALUES ?c {{ {_classes(cls)} }} ?focus a ?c }}")
    for prop in shapes.objects(shape, SH.property):
        yield from _property_checks(shapes, name, prop, focus)


def _check(name: str, path: str, message: str, focus: str, body: str) -> Check:
    return Check(name, path, message, f"SELECT DISTINCT ?focus WHERE {{ {focus} {body} }}")


def _property_checks(shapes: Graph, name: str, prop: Any, focus: str) -> Iterator[Check]:
    unknown = set(shapes.predicates(prop)) - _KNOWN
    if unknown:
        raise FazhiError(
            f"fazhi/ontology/shapes.ttl: {name} uses {sorted(map(str, unknown))}, which fazhi validate cannot check yet"
        )
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        raise FazhiError(
            f"fazhi/ontology/shapes.ttl: {name} has a property path that is not one IRI; fazhi validate checks only those"
        )
    p = _term(path)
    message = str(shapes.value(prop, SH.message) or "")

    def check(what: str, body: str) -> Check:
        return _check(name, p, message or what, focus, body)

    values = f"?focus {p} ?value ."
    min_count = shapes.value(prop, SH.minCount)
    if min_count is not None:
        n = int(min_count)
        body = (
            f"FILTER NOT EXISTS {{ ?focus {p} ?value }}"
            if n == 1
            else f"{{ SELECT ?focus (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus} OPTIONAL {{ {values} }} }} GROUP BY ?focus }} FILTER(?n < {n})"
        )
        yield check(f"fewer than {n} values of {path}", body)
    max_count = shapes.value(prop, SH.maxCount)
    if max_count is not None:
        n = int(max_count)
        yield check(
            f"more than {n} values of {path}",
            f"{{ SELECT ?focus (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {values} }} GROUP BY ?focus }} FILTER(?n > {n})",
        )
    datatypes = [shapes.value(prop, SH.datatype)] if shapes.value(prop, SH.datatype) is not None else []
    for alternatives in shapes.objects(prop, SH["or"]):
        for member in _list(shapes, alternatives):
            datatype = shapes.value(member, SH.datatype)
            if datatype is None or set(shapes.predicates(member)) - {SH.datatype}:
                raise FazhiError(f"fazhi/ontology/shapes.ttl: {name}: sh:or is checked only over datatypes")
            datatypes.append(datatype)
    if datatypes:
        if datatypes == [_RDF_LANG_STRING]:
            test = 'LANG(?value) = ""'
        else:
            test = f"DATATYPE(?value) NOT IN ({', '.join(_term(d) for d in datatypes)})"
        yield check(
            f"a value of {path} not of {', '.join(map(str, datatypes))}", f"{values} FILTER(!isLiteral(?value) || {test})"
        )
    for cls in shapes.objects(prop, SH["class"]):
        yield check(
            f"a value of {path} not a {cls}", f"{values} FILTER NOT EXISTS {{ VALUES ?c {{ {_classes(cls)} }} ?value a ?c }}"
        )
    kind = shapes.value(prop, SH.nodeKind)
    if kind is not None:
        if kind != SH.IRI:
            raise FazhiError(f"fazhi/ontology/shapes.ttl: {name}: sh:nodeKind {kind} is not checked yet")
        yield check(f"a value of {path} not an IRI", f"{values} FILTER(!isIRI(?value))")
    for members in shapes.objects(prop, SH["in"]):
        allowed = ", ".join(_term(m) for m in _list(shapes, members))
        yield check(f"a value of {path} not one of {allowed}", f"{values} FILTER(?value NOT IN ({allowed}))")
    for pattern in shapes.objects(prop, SH.pattern):
        yield check(
            f"a value of {path} not matching {pattern}",
            f"{values} FILTER(isBlank(?value) || !REGEX(STR(?value), {_term(Literal(str(pattern)))}))",
        )
    for value in shapes.objects(prop, SH.hasValue):
        yield check(f"no {path} {value}", f"FILTER NOT EXISTS {{ ?focus {p} {_term(value)} }}")
    if shapes.value(prop, SH.uniqueLang) == Literal(True):
        yield check(
            f"two values of {path} in one language",
            f'?focus {p} ?value, ?other . FILTER(isLiteral(?value) && LANG(?value) != "" && LANG(?value) = LANG(?other) && ?value != ?other)',
        )
    for bound, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
        limit = shapes.value(prop, bound)
        if limit is not None:
            yield check(f"a value of {path} not {op} {limit}", f"{values} FILTER(!COALESCE(?value {op} {_term(limit)}, false))")
    min_length = shapes.value(prop, SH.minLength)
    if min_length is not None:
        yield check(
            f"a value of {path} shorter than {min_length}",
            f"{values} FILTER(isBlank(?value) || STRLEN(STR(?value)) < {int(min_length)})",
        )
    qualified = shapes.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        members = shapes.value(qualified, SH["in"])
        minimum = shapes.value(prop, SH.qualifiedMinCount)
        if members is None or set(shapes.predicates(qualified)) - {SH["in"]} or minimum is None or int(minimum) != 1:
            raise FazhiError(
                f"fazhi/ontology/shapes.ttl: {name}: only sh:qualifiedValueShape [ sh:in (…) ] with qualifiedMinCount 1 is checked"
            )
        allowed = ", ".join(_term(m) for m in _list(shapes, members))
        yield check(f"no value of {path} in ({allowed})", f"FILTER NOT EXISTS {{ {values} FILTER(?value IN ({allowed})) }}")
    for node in shapes.objects(prop, SH.node):
        if isinstance(node, BNode):
            raise FazhiError(f"fazhi/ontology/shapes.ttl: {name}: sh:node must name a shape")
        # The values are checked against the shape: each violation is reported at the value, and the
        # holder is reported as not conforming on this path, as pyshacl reports them.
        inner_focus = f"{{ SELECT DISTINCT ?focus WHERE {{ {focus.replace('?focus', '?holder')} ?holder {p} ?focus }} }}"
        for inner in _node_checks(shapes, node, inner_focus):
            yield inner
            held = inner.sparql.replace("SELECT DISTINCT ?focus WHERE", "SELECT DISTINCT (?focus AS ?child) WHERE", 1)
            sparql = f"SELECT DISTINCT ?focus WHERE {{ {{ {held} }} {focus} ?focus {p} ?child }}"
            yield Check(name, p, message or f"a value of {path} does not conform to {inner.shape}", sparql)


def run_checks(store: Any, progress: Callable[[int, int, Check], None] | None = None) -> list[tuple[str, str, str]]:
    """Run every check on ``store`` (a :class:`~fazhi.graph.store.Store`): the ``(focus, path,
    message)`` of each violation, sorted. ``progress(done, total, check)`` is called after each."""
    found = set()
    all_checks = checks()
    for done, check in enumerate(all_checks, start=1):
        for row in store.query(check.sparql):
            focus = row["focus"]
            found.add((focus.value if hasattr(focus, "value") else str(focus), check.path.strip("<>"), check.message))
        if progress is not None:
            progress(done, len(all_checks), check)
    return sorted(found)
