"""A :class:`~fazhi.extract.record.ReportRecord` → the quads of its own named graph.

The named graph of a report holds everything needed to read it: the report, its agency and
region path, the documents it cites with their labels and levels, and every mention. Shared
nodes (a law, a region) are described in each graph that uses them, identically, so one
report's graph can be replaced or removed without touching the others.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from fazhi.extract.record import ReportRecord
from fazhi.graph.iris import Iris
from fazhi.ontology.agencies import agency_types
from fazhi.ontology.namespaces import ELI, FZ, LEVELS, OA, ORG

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_METADATA = {
    "index_number": FZ.indexNumber,
    "document_number": FZ.documentNumber,
    "subject": FZ.subject,
    "publisher": FZ.publisherName,
}
_LEVEL_OF_REGION = {"province": "省级", "city": "地级", "county": "县级"}


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def report_iri(record: ReportRecord, iris: Iris) -> URIRef:
    """The IRI of the report a record describes."""
    return iris.report(record.content_hash)


def record_triples(record: ReportRecord, iris: Iris | None = None) -> Iterator[Triple]:
    """Every triple of one report's named graph, in a stable order."""
    iris = iris or Iris()
    report = iris.report(record.content_hash)
    yield report, RDF.type, FZ.Report
    yield report, DCTERMS.source, URIRef(record.source)
    if record.title:
        yield report, DCTERMS.title, zh(record.title)
    if record.year:
        yield report, FZ.year, Literal(str(record.year), datatype=XSD.gYear)
    yield report, FZ.text, Literal(record.text)
    yield report, FZ.contentHash, Literal(record.content_hash)
    yield report, FZ.extractor, Literal(record.extractor)
    for key, prop in _METADATA.items():
        value = record.metadata.get(key)
        if value and value not in ("无", "-"):
            yield report, prop, Literal(value)
    yield from _agency(record, report, iris)
    for doc in record.documents:
        node = iris.document(doc.key)
        yield report, FZ.cites, node
        for level in doc.levels:
            yield node, RDF.type, LEVELS[level]
        yield node, SKOS.prefLabel, zh(doc.title)
        yield node, FZ.known, Literal(doc.known)
        if doc.known:
            yield node, RDF.type, SKOS.Concept
            yield node, SKOS.inScheme, FZ.legislation
            yield from _vocabulary_facts(node, doc.title)
        if doc.replaced_by:
            yield node, DCTERMS.isReplacedBy, iris.document("v:" + _key(doc.replaced_by))
        if doc.scope:
            yield node, FZ.scope, iris.region(doc.scope) if doc.scope.isdigit() else Literal(doc.scope)
        if doc.version:
            expression = iris.expression(doc.key, doc.version)
            yield expression, RDF.type, ELI.LegalExpression
            yield expression, ELI.realizes, node
            yield expression, ELI.date_document, Literal(doc.version, datatype=XSD.date)
    by_key = {d.key: d for d in record.documents}
    for m in record.mentions:
        mention = iris.mention(report, m.start, m.end)
        target, position, quote = URIRef(f"{mention}/target"), URIRef(f"{mention}/position"), URIRef(f"{mention}/quote")
        yield mention, RDF.type, OA.Annotation
        yield mention, RDF.type, FZ.Mention
        yield mention, OA.hasBody, iris.document(m.doc)
        yield mention, OA.hasTarget, target
        yield mention, FZ.mentionKind, Literal(m.kind)
        yield mention, FZ.sentence, Literal(m.sentence)
        doc = by_key.get(m.doc)
        if doc is not None and doc.version:
            yield mention, FZ.expression, iris.expression(doc.key, doc.version)
        yield target, OA.hasSource, report
        yield target, OA.hasSelector, position
        yield target, OA.hasSelector, quote
        yield position, RDF.type, OA.TextPositionSelector
        yield position, OA.start, Literal(m.start, datatype=XSD.nonNegativeInteger)
        yield position, OA.end, Literal(m.end, datatype=XSD.nonNegativeInteger)
        yield quote, RDF.type, OA.TextQuoteSelector
        yield quote, OA.exact, Literal(m.surface)


def _vocabulary_facts(node: URIRef, title: str) -> Iterator[Triple]:
    """What the legislation vocabulary says of a document: short forms, issuer, dates."""
    from fazhi.ontology.legislation import legislation

    entry = legislation().lookup(title)
    if entry is None:
        return
    for label in entry.labels[1:]:
        yield node, SKOS.altLabel, zh(label)
    if entry.issuer:
        yield node, DCTERMS.creator, zh(entry.issuer)
    if entry.date:
        yield node, DCTERMS.issued, Literal(entry.date, datatype=XSD.date)
    for revised in entry.revisions:
        yield node, DCTERMS.modified, Literal(revised, datatype=XSD.date)


def _key(title: str) -> str:
    from fazhi.normalize import title_key

    return title_key(title)


def _agency(record: ReportRecord, report: URIRef, iris: Iris) -> Iterator[Triple]:
    agency = record.agency
    if not (agency.name or agency.written):
        return
    region_code = agency.regions[0].code if agency.regions else None
    node = iris.agency(region_code, agency.type, None if region_code else (agency.name or agency.written))
    yield report, DCTERMS.publisher, node
    yield node, RDF.type, FZ.Agency
    yield node, RDF.type, ORG.Organization
    yield node, SKOS.prefLabel, zh(agency.name or agency.written or "")
    if agency.type:
        yield node, FZ.agencyType, iris.agency_type(agency.type)
        yield from _agency_type(agency.type, iris)
        known = agency_types().lookup(agency.type)
        if region_code and known is not None and known.tier == "department":
            government = iris.agency(region_code, "人民政府", None)
            yield node, ORG.subOrganizationOf, government
            yield government, RDF.type, FZ.Agency
            yield government, RDF.type, ORG.Organization
            yield government, SKOS.prefLabel, zh(_government_name(agency.name or "", agency.type))
            yield government, FZ.region, iris.region(region_code)
            yield government, FZ.agencyType, iris.agency_type("人民政府")
            yield from _agency_type("人民政府", iris)
    for i, region in enumerate(agency.regions):
        r = iris.region(region.code)
        if i == 0:
            yield node, FZ.region, r
        yield r, RDF.type, FZ.Region
        yield r, FZ.divisionCode, Literal(region.code)
        yield r, SKOS.prefLabel, zh(region.name)
        yield r, FZ.level, Literal(_LEVEL_OF_REGION.get(region.level, region.level))
        if i + 1 < len(agency.regions):
            yield r, FZ.partOf, iris.region(agency.regions[i + 1].code)


def _agency_type(label: str, iris: Iris) -> Iterator[Triple]:
    """The concept of an agency type, with its zh label and, where the vocabulary has one, en."""
    node = iris.agency_type(label)
    yield node, RDF.type, FZ.AgencyType
    yield node, RDF.type, SKOS.Concept
    yield node, SKOS.inScheme, FZ.agencyTypes
    yield node, SKOS.prefLabel, zh(label)
    known = agency_types().lookup(label)
    if known is not None and known.en:
        yield node, SKOS.prefLabel, Literal(known.en, lang="en")


def _government_name(agency_name: str, agency_type: str) -> str:
    region_name = agency_name[: -len(agency_type)] if agency_name.endswith(agency_type) else agency_name
    return region_name + "人民政府"
