"""One report as fazhi read it, gathered from a graph or a store: the facts a report page shows.

:func:`report_view` reads the report's own triples (:meth:`Store.own_quads`) and what
the graphs say of the nodes it names (``queries/shared-nodes.rq``: documents and the versions
cited, the publisher, its region and type, the concepts of items and figures), and arranges them
as a :class:`ReportView`. Every offset indexes the report's ``fz:text``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import pyoxigraph as ox
from rdflib import RDFS, Literal

from fazhi.errors import FazhiError
from fazhi.graph.store import Store
from fazhi.ontology import FZ, LEVELS, ontology_graph
from fazhi.ontology.concepts import scheme
from fazhi.ontology.namespaces import ELI, OA, ORG
from fazhi.queries import inject, parse_header

__all__ = ["Agency", "Document", "Fact", "Figure", "Item", "Mention", "Part", "ReportView", "find_report", "report_view"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DCT = "http://purl.org/dc/terms/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
#: Properties followed from the nodes a report names to the nodes that describe them (an agency's
#: region and type, a region's province, a version's document, a reform's area).
_FOLLOW = {str(FZ.region), str(FZ.agencyType), str(FZ.partOf), str(ORG.subOrganizationOf), str(ELI.realizes)}
#: Labels of the standard properties that report evidence supports (fazhi's own come from the ontology).
_STANDARD_LABELS = {_DCT + "issued": "发布日期", str(ORG.identifier): "统一社会信用代码"}
#: The parts every report must have (missing-parts.rq lists the same four); "other" is optional.
REQUIRED_PARTS = ("measures", "problems", "responsibility", "plans")


@dataclass
class Document:
    """A document the report cites, as the vocabulary knows it."""

    iri: str
    title: str
    level: str = ""
    known: bool = True
    creator: str = ""
    issued: str = ""
    revised: list[str] = field(default_factory=list)
    #: Versions the report's mentions point to (the version in force in the report's year), with
    #: their promulgation orders where known.
    versions: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)


@dataclass
class Agency:
    """An agency the report names (a superior government, a department it worked with)."""

    iri: str
    name: str
    type: str = ""
    region: str = ""


@dataclass
class Mention:
    """A span of the text that names a document (or, with ``kind`` "agency", an agency)."""

    start: int
    end: int
    surface: str
    document: str
    kind: str = ""
    version: str = ""
    page: int | None = None  # the printed page, for a report read from a PDF

    @property
    def is_agency(self) -> bool:
        return self.kind == "agency"


@dataclass
class Fact:
    """A publisher fact (year, publisher, dates, numbers) and the words or address it came from."""

    label: str
    value: str
    start: int | None = None
    end: int | None = None


@dataclass
class Item:
    """A measure, problem or plan: its passage, heading, part and concepts."""

    kind: str
    start: int
    end: int
    heading: str = ""
    part: str = ""
    area: str = ""
    reforms: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


@dataclass
class Figure:
    """A figure the report gives: indicator, value, unit, qualifiers and the words it was read from."""

    indicator: str
    value: str
    unit: str
    start: int
    end: int
    qualifiers: list[str] = field(default_factory=list)


@dataclass
class Part:
    """A part of the report the 规定 asks for, and the headings that open it here."""

    id: str
    label: str
    required: bool
    sections: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class ReportView:
    """Everything a report page shows, offsets into :attr:`text`."""

    iri: str
    title: str
    source: str
    text: str
    year: str = ""
    format: str = ""
    extractor: str = ""
    publisher: dict[str, str] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@cache
def _query(name: str) -> Any:
    text = (resources.files("fazhi.report") / "queries" / f"{name}.rq").read_text("utf-8")
    return parse_header(f"report/{name}", text)


def find_report(store: Store, spec: str) -> tuple[str, str]:
    """The (graph, report) IRIs that ``spec`` names: a report IRI, a content hash (prefix), or a source path, URL or file name."""
    graph, report = store.find_one(spec)
    return graph.value, report.value


class _Triples:
    """Triples by subject and predicate, objects as pyoxigraph terms."""

    def __init__(self) -> None:
        self.by: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))

    def add(self, rows: Any) -> None:
        for row in rows:
            s, p, o = row["s"], row["p"], row["o"]
            if isinstance(s, ox.NamedNode):
                self.by[s.value][p.value].append(o)

    def all(self, s: str, p: str) -> list[str]:
        return sorted(o.value for o in self.by.get(s, {}).get(p, []))

    def one(self, s: str, p: str, lang: str | None = "zh") -> str:
        """One value, preferring the language ``lang`` (the smallest, so the choice is stable)."""
        objects = self.by.get(s, {}).get(p, [])
        preferred = [o.value for o in objects if getattr(o, "language", None) == lang]
        values = preferred or [o.value for o in objects]
        return min(values) if values else ""

    def label(self, s: str) -> str:
        return self.one(s, _SKOS + "prefLabel") or s.rsplit("/", 1)[-1]

    def label_at(self, s: str, p: str) -> str:
        """The label of the node ``s`` points to by ``p``; empty when it points to none."""
        node = self.one(s, p, None)
        return self.label(node) if node else ""

    def subjects(self, p: str, o: str) -> list[str]:
        return sorted(s for s, props in self.by.items() if any(x.value == o for x in props.get(p, [])))

    def offset(self, s: str, p: str) -> int:
        value = self.one(s, p, None)
        return int(value) if value.isdigit() else -1


def report_view(store: Store, graph: str, report: str) -> ReportView:
    """The report ``report`` of the named graph ``graph`` in ``store``, as a report page shows it."""
    t = _Triples()
    t.add({"s": q.subject, "p": q.predicate, "o": q.object} for q in store.own_quads(report))
    if report not in t.by:
        raise FazhiError(f"{report}: the graph {graph} does not describe this report")
    _describe_named_nodes(store, t, report)
    text = t.one(report, str(FZ.text), None)
    view = ReportView(
        iri=report,
        title=t.one(report, _DCT + "title"),
        source=t.one(report, _DCT + "source", None),
        text=text,
        year=t.one(report, str(FZ.year), None),
        format=t.one(report, _DCT + "format", None),
        extractor=t.one(report, str(FZ.extractor), None),
    )
    view.publisher = _publisher(t, report)
    view.facts = _facts(t, report)
    view.mentions, view.documents, view.agencies = _mentions(t, report, text)
    view.parts = _parts(t)
    view.items = _items(t)
    view.figures = _figures(t)
    return view


def _describe_named_nodes(store: Store, t: _Triples, report: str) -> None:
    """Add what the graphs say of the IRIs the report's triples name, following :data:`_FOLLOW` a few steps."""
    seen = set(t.by)
    frontier = {
        o.value
        for props in list(t.by.values())
        for p, objects in props.items()
        if p != _RDF + "type"
        for o in objects
        if isinstance(o, ox.NamedNode) and not o.value.startswith(report)
    }
    for _ in range(4):  # agency → parent → region → province → country is the longest chain
        frontier -= seen
        if not frontier:
            return
        seen |= frontier
        clause = "VALUES ?s { " + " ".join(str(ox.NamedNode(n)) for n in sorted(frontier)) + " }"
        t.add(store.query(inject(_query("shared-nodes").text, clause)))
        frontier = {o.value for n in frontier for p in _FOLLOW for o in t.by.get(n, {}).get(p, []) if isinstance(o, ox.NamedNode)}


def _publisher(t: _Triples, report: str) -> dict[str, str]:
    agency = t.one(report, _DCT + "publisher", None)
    if not agency:
        return {}
    out = {"agency": agency, "name": t.label(agency)}
    if kind := t.label_at(agency, str(FZ.agencyType)):
        out["type"] = kind
    region = t.one(agency, str(FZ.region), None)
    if region:
        chain: list[str] = []
        node = region
        while node and len(chain) < 5:
            chain.append(t.label(node))
            node = t.one(node, str(FZ.partOf), None)
        out["region"] = " · ".join(reversed(chain))
        out["code"] = t.one(region, str(FZ.divisionCode), None)
        out["level"] = t.one(region, str(FZ.level), None)
    if parent := t.label_at(agency, str(ORG.subOrganizationOf)):
        out["parent"] = parent
    identifier = t.one(agency, str(ORG.identifier), None)
    if identifier:
        out["identifier"] = identifier
    return out


def _facts(t: _Triples, report: str) -> list[Fact]:
    facts = []
    for node in t.subjects(_RDF + "type", str(FZ.Evidence)):
        if not node.startswith(report + "/"):
            continue
        prop = t.one(node, str(FZ.evidenceFor), None)
        start, end = t.offset(node, str(FZ.start)), t.offset(node, str(FZ.end))
        facts.append(
            Fact(
                property_label(prop),
                t.one(node, _RDF + "value", None),
                start if start >= 0 else None,
                end if end >= 0 else None,
            )
        )
    return sorted(facts, key=lambda f: (f.start if f.start is not None else 1 << 30, f.label))


def _mentions(t: _Triples, report: str, text: str) -> tuple[list[Mention], dict[str, Document], dict[str, Agency]]:
    mentions, documents, agencies = [], {}, {}
    for node in sorted(s for s, props in t.by.items() if str(FZ.mentionKind) in props):
        target = t.one(node, str(OA.hasTarget), None)
        start = end = -1
        for selector in t.all(target, str(OA.hasSelector)):
            if t.one(selector, str(OA.start), None):
                start, end = t.offset(selector, str(OA.start)), t.offset(selector, str(OA.end))
        body = t.one(node, str(OA.hasBody), None)
        if start < 0 or not body or not (0 <= start < end <= len(text)):
            continue
        version = t.one(node, str(FZ.expression), None)
        page = t.one(node, str(FZ.page), None)
        mention = Mention(
            start, end, text[start:end], body, t.one(node, str(FZ.mentionKind), None), version, int(page) if page else None
        )
        mentions.append(mention)
        if mention.is_agency:
            if body not in agencies:
                agencies[body] = _agency(t, body)
            continue
        if body not in documents:
            documents[body] = _document(t, body)
        if version:
            documents[body].versions[t.one(version, str(ELI.date_document), None)] = t.one(
                version, str(FZ.promulgationOrder), None
            )
    mentions.sort(key=lambda m: (m.start, m.end))
    by_title = dict(sorted(documents.items(), key=lambda kv: kv[1].title))
    return mentions, by_title, dict(sorted(agencies.items(), key=lambda kv: kv[1].name))


def _agency(t: _Triples, iri: str) -> Agency:
    return Agency(iri, t.label(iri), t.label_at(iri, str(FZ.agencyType)), t.label_at(iri, str(FZ.region)))


def _document(t: _Triples, doc: str) -> Document:
    levels = [level_label(c) for c in t.all(doc, _RDF + "type")]
    known = t.one(doc, str(FZ.known), None)
    return Document(
        iri=doc,
        title=t.label(doc),
        level="、".join(sorted(label for label in levels if label)),
        known=known != "false",
        creator=t.one(doc, _DCT + "creator"),
        issued=t.one(doc, _DCT + "issued", None),
        revised=t.all(doc, _DCT + "modified"),
        aliases=sorted({o.value for o in t.by.get(doc, {}).get(_SKOS + "altLabel", [])}),
    )


def _parts(t: _Triples) -> list[Part]:
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for section in t.subjects(_RDF + "type", str(FZ.Section)):
        part = t.one(section, str(FZ.part), None).rsplit("/", 1)[-1]
        found[part].append((t.one(section, _DCT + "title"), t.offset(section, str(FZ.start))))
    parts = []
    for concept in scheme("parts").concepts:
        sections = sorted(found.get(concept.id, []), key=lambda s: s[1])
        parts.append(Part(concept.id, concept.label, concept.id in REQUIRED_PARTS, sections))
    order = {p: i for i, p in enumerate(REQUIRED_PARTS)}
    return sorted(parts, key=lambda p: order.get(p.id, len(order)))


def _items(t: _Triples) -> list[Item]:
    items = []
    for kind in ("Measure", "Problem", "Plan"):
        for node in t.subjects(_RDF + "type", str(FZ[kind])):
            items.append(
                Item(
                    kind=kind,
                    start=t.offset(node, str(FZ.start)),
                    end=t.offset(node, str(FZ.end)),
                    heading=t.one(node, str(FZ.heading)),
                    part=t.label_at(node, str(FZ.part)),
                    area=t.label_at(node, str(FZ.area)),
                    reforms=[t.label(r) for r in t.all(node, str(FZ.reform))],
                    categories=[t.label(c) for c in t.all(node, str(FZ.problemCategory))],
                )
            )
    return sorted(items, key=lambda i: (i.start, i.end))


def _figures(t: _Triples) -> list[Figure]:
    figures = []
    for node in t.subjects(_RDF + "type", str(FZ.Indicator)):
        figures.append(
            Figure(
                indicator=t.label_at(node, str(FZ.indicatorType)),
                value=t.one(node, _RDF + "value", None),
                unit=t.one(node, str(FZ.unit), None),
                start=t.offset(node, str(FZ.start)),
                end=t.offset(node, str(FZ.end)),
                qualifiers=[t.label(q) for q in t.all(node, str(FZ.qualifier))],
            )
        )
    return sorted(figures, key=lambda f: (f.start, f.end, f.indicator))


_LEVEL_NAMES = {str(cls): name for name, cls in LEVELS.items()}


@cache
def _labels() -> dict[str, str]:
    """The ontology's Chinese labels (levels of documents, report properties), by IRI."""
    graph = ontology_graph()
    out = {}
    for s, o in graph.subject_objects(RDFS.label):
        if isinstance(o, Literal) and o.language == "zh":
            out[str(s)] = str(o)
    return out


def level_label(iri: str) -> str:
    """The Chinese name of a level class (fz:Law → 法律); empty for classes that are not levels."""
    return _LEVEL_NAMES.get(iri, "")


def property_label(iri: str) -> str:
    """The Chinese name of a report property (fz:year → 报告年度, dcterms:issued → 发布日期)."""
    return _labels().get(iri) or _STANDARD_LABELS.get(iri) or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
