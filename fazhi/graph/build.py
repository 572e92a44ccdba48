"""A :class:`~fazhi.extraction.record.ReportRecord` → its triples: the report's own and the shared ones.

A report's own nodes have IRIs under the report's (its items, mentions, figures, sections,
evidence, a publisher known only in part): their triples go to the report's named graph, so a
report can be replaced or removed alone. Every other node — a law, a concept, a region, an agency
type, an agency known by its identity — is shared by the reports that name it: its description
goes to one graph of its own (``Iris.shared_graph``) that a file holds once and a store once,
instead of a copy in every report's graph (:func:`fazhi.graph.report.report_graph` splits them).

Mentions (citations, agencies) are W3C Web Annotations: an ``oa:Annotation`` whose target selects
the words by position (``oa:TextPositionSelector`` into the report's ``fz:text``) and by quote
(``oa:TextQuoteSelector``). The selectors are values, shared like the vocabulary: the offsets
3–7 are one node for every report, and so are the words 《宪法》. A mention's sentence is not
written: it follows from the text and the offsets (the curated ``citation-evidence`` and
``sentences`` queries derive it as :func:`fazhi.extraction.sentences.sentence_around` does).

Items, sections, figures and evidence are passages of the report, ``dcterms:isPartOf`` it (so
every node of a report reaches it: a store finds a report's triples so), and each carries its offsets
(``fz:start``, ``fz:end``) into the report's ``fz:text``, which holds its words (only problems
keep their words, which repeated problems are found by). An item's section is not written
either: it is the report's last ``fz:Section`` that starts before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache, partial

from rdflib import Literal, URIRef
from rdflib import namespace as rdflib_ns

from fazhi.extraction.agencies import full_name
from fazhi.extraction.identifiers import credit_code_division
from fazhi.extraction.record import AgencyRef, RegionRef, ReportRecord
from fazhi.graph.iris import Iris, minted
from fazhi.ontology import namespaces
from fazhi.ontology.agencies import agency_types
from fazhi.ontology.namespaces import LEVELS
from fazhi.ontology.regions import regions


class _Terms:
    """A namespace whose terms, once looked up, are plain attributes: rdflib's own lookup costs
    microseconds, and a build looks terms up hundreds of times per report."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


RDF, SKOS, DCTERMS, XSD = _Terms(rdflib_ns.RDF), _Terms(rdflib_ns.SKOS), _Terms(rdflib_ns.DCTERMS), _Terms(rdflib_ns.XSD)
ELI, FZ, OA, ORG = _Terms(namespaces.ELI), _Terms(namespaces.FZ), _Terms(namespaces.OA), _Terms(namespaces.ORG)

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_METADATA = {
    "index_number": FZ.indexNumber,
    "document_number": FZ.documentNumber,
    "subject": FZ.subject,
    "publisher": FZ.publisherName,
}
_LEVEL_OF_REGION = {"province": "省级", "city": "地级", "county": "县级"}
#: Report fields whose evidence the graph keeps, by the property they support.
_EVIDENCE_OF = {
    "year": FZ.year,
    "published": DCTERMS.issued,
    "written": FZ.writtenDate,
    "document_number": FZ.documentNumber,
    "index_number": FZ.indexNumber,
    "subject": FZ.subject,
    "publisher": FZ.publisherName,
    "identifier": ORG.identifier,
    "publisher_region": FZ.region,  # the site's address gave the publisher's region
    "publisher_type": FZ.agencyType,  # … or its type
}
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")


def _iso_date(value: str) -> str | None:
    """2021-03-17, 2021年3月17日, 2021.3.17 → 2021-03-17; None when not a full date."""
    m = _DATE.search(value)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


#: The triples describing vocabulary nodes (concepts, regions, agency types, known laws), built once
#: per process: they are the same in every report graph. Bounded by the vocabularies' size.
_DESCRIPTIONS: dict[tuple[str, ...], tuple[Triple, ...]] = {}


def _once(seen: set[tuple[str, ...]], key: tuple[str, ...], describe: Callable[[], Iterable[Triple]]) -> Iterator[Triple]:
    """The triples ``describe`` gives for a vocabulary node, the first time a report graph needs them."""
    if key in seen:
        return
    seen.add(key)
    triples = _DESCRIPTIONS.get(key)
    if triples is None:
        triples = _DESCRIPTIONS[key] = tuple(describe())
    yield from triples


def text(value: str, lang: str | None = None) -> Literal:
    """A string literal, made without rdflib's type casting (the costliest step of a build's RDF).

    It is the literal rdflib makes, attribute for attribute; rdflib is pinned below 8, and this
    doctest fails if a release changes what a literal holds.

    >>> a, b = text("学习宪法", "zh"), Literal("学习宪法", lang="zh")
    >>> (a == b, hash(a) == hash(b), a.eq(b), a.n3() == b.n3(), a.value == b.value)
    (True, True, True, True, True)
    >>> [getattr(text("x"), k) == getattr(Literal("x"), k) for k in Literal.__slots__]
    [True, True, True, True]
    """
    literal = str.__new__(Literal, value)
    literal._language, literal._datatype, literal._value, literal._ill_typed = lang, None, value, None
    return literal


def zh(value: str) -> Literal:
    return text(value, "zh")


def record_triples(record: ReportRecord, iris: Iris | None = None) -> Iterator[Triple]:
    """Every triple of one report's named graph, in a stable order."""
    iris = iris or Iris()
    seen: set[tuple[str, ...]] = set()
    report = iris.report(record.content_hash)
    yield report, RDF.type, FZ.Report
    yield report, DCTERMS.source, URIRef(record.source)
    if record.title:
        yield report, DCTERMS.title, zh(record.title)
    if record.year:
        yield report, FZ.year, Literal(str(record.year), datatype=XSD.gYear)
    yield report, FZ.text, text(record.text)
    yield report, FZ.contentHash, text(record.content_hash)
    yield report, FZ.extractor, text(record.extractor)
    yield report, DCTERMS.format, text(record.media_type)  # the format it was read from
    if record.ocr_confidence is not None:  # a scan: its text is what OCR recognised, this sure of it
        yield report, FZ.ocrConfidence, Literal(f"{record.ocr_confidence:.4f}", datatype=XSD.decimal)
    for key, prop in _METADATA.items():
        value = record.metadata.get(key)
        if value and value not in ("无", "-"):
            yield report, prop, text(value)
    if record.agency.name or record.agency.written:
        yield report, DCTERMS.publisher, _agency_node(record.agency, iris, report)
        yield from _agency(record.agency, iris, report, seen)
    for key, prop, datatype in (("written", FZ.writtenDate, XSD.date), ("published", DCTERMS.issued, XSD.date)):
        day = _iso_date(record.metadata.get(key, ""))
        if day:
            yield report, prop, Literal(day, datatype=datatype)
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
            yield from _once(seen, (iris.base, "law", doc.key), partial(_vocabulary_facts, node, doc.title))
        if doc.replaced_by:
            yield node, DCTERMS.isReplacedBy, iris.document("v:" + _key(doc.replaced_by))
        if doc.scope:
            yield node, FZ.scope, iris.region(doc.scope) if doc.scope.isdigit() else Literal(doc.scope)
        if doc.version:
            expression = iris.expression(doc.key, doc.version)
            yield expression, RDF.type, ELI.LegalExpression
            yield expression, ELI.realizes, node
            yield expression, ELI.date_document, Literal(doc.version, datatype=XSD.date)
            order = _order(doc.title, doc.version)
            if order:
                yield expression, FZ.promulgationOrder, Literal(order)
    by_key = {d.key: d for d in record.documents}
    for m in record.mentions:
        mention = iris.mention(report, m.start, m.end)
        yield from _annotation(mention, report, m.start, m.end, m.surface, iris)
        yield mention, OA.hasBody, iris.document(m.doc)
        yield mention, FZ.mentionKind, text(m.kind)
        yield from _page(mention, record, m.start)
        if m.correction:
            yield mention, FZ.correction, text(m.correction)
        cited = by_key.get(m.doc)
        if cited is not None and cited.version:
            yield mention, FZ.expression, iris.expression(cited.key, cited.version)
    for a in record.agencies:
        node = _agency_node(a.agency, iris, report)
        yield report, FZ.mentionsAgency, node
        yield from _agency(a.agency, iris, report, seen)
        mention = iris.mention(report, a.start, a.end)
        yield from _annotation(mention, report, a.start, a.end, a.surface, iris)
        yield mention, OA.hasBody, node
        yield mention, FZ.mentionKind, text("agency")
        yield from _page(mention, record, a.start)
    yield from _structure(record, report, iris, seen)
    for e in record.evidence:
        evidence_for = _EVIDENCE_OF.get(e.field)
        if evidence_for is None:
            continue
        evidence = minted(f"{report}/evidence/{e.field}")
        yield evidence, RDF.type, FZ.Evidence
        yield evidence, DCTERMS.isPartOf, report  # every node of a report reaches it (Store finds a report's triples so)
        yield evidence, FZ.evidenceFor, evidence_for
        yield evidence, RDF.value, text(e.value)
        if e.start is not None and e.end is not None:
            yield from _passage(evidence, e.start, e.end)


_ITEM_CLASS = {"Measure": FZ.Measure, "Problem": FZ.Problem, "Plan": FZ.Plan}
_SCHEME = {
    "parts": FZ.reportParts,
    "areas": FZ.areas,
    "reforms": FZ.reforms,
    "problems": FZ.problemCategories,
    "indicators": FZ.indicatorTypes,
    "qualifiers": FZ.figureQualifiers,
}


def _structure(record: ReportRecord, report: URIRef, iris: Iris, seen: set[tuple[str, ...]]) -> Iterator[Triple]:
    """Sections that open the mandated parts, their items with classes, and figures with their indicators."""
    sections = sorted(record.sections, key=lambda x: x.start)
    for sec in sections:
        node = minted(f"{report}/section/{sec.start}")
        yield node, RDF.type, FZ.Section
        yield node, DCTERMS.isPartOf, report
        yield node, DCTERMS.title, zh(sec.heading)
        yield node, FZ.part, iris.concept("parts", sec.part)
        yield from _concept("parts", sec.part, iris, seen)
        yield from _passage(node, sec.start, sec.end)
    for item in record.items:
        node = minted(f"{report}/item/{item.start}-{item.end}")
        yield node, RDF.type, _ITEM_CLASS[item.kind]
        yield node, DCTERMS.isPartOf, report
        if item.kind == "Problem":  # what a problem says is compared across years (repeated-problems)
            words = record.text[item.start : item.end]
            yield node, FZ.text, text(words)
            yield node, FZ.fingerprint, text(fingerprint(words))
        yield node, FZ.part, iris.concept("parts", item.part)
        yield from _concept("parts", item.part, iris, seen)
        if item.section:
            yield node, FZ.heading, zh(item.section)
        for prop, scheme_name, ids in (
            (FZ.area, "areas", item.areas),
            (FZ.reform, "reforms", item.reforms),
            (FZ.problemCategory, "problems", item.categories),
        ):
            for concept_id in ids:
                yield node, prop, iris.concept(scheme_name, concept_id)
                yield from _concept(scheme_name, concept_id, iris, seen)
        yield from _passage(node, item.start, item.end)
    yield from _summary(record, report, iris)
    for fig in record.figures:
        node = minted(f"{report}/figure/{fig.start}-{fig.end}-{fig.indicator}")
        yield node, RDF.type, FZ.Indicator
        yield node, DCTERMS.isPartOf, report
        yield node, FZ.indicatorType, iris.concept("indicators", fig.indicator)
        yield from _concept("indicators", fig.indicator, iris, seen)
        yield node, RDF.value, _number(fig.value)
        yield node, FZ.unit, text(fig.unit)
        for qualifier in fig.qualifiers:
            yield node, FZ.qualifier, iris.concept("qualifiers", qualifier)
            yield from _concept("qualifiers", qualifier, iris, seen)
        if fig.high is not None:
            yield node, FZ.upperValue, _number(fig.high)
        if fig.approx:
            yield node, FZ.approximate, Literal(fig.approx)
        yield from _passage(node, fig.start, fig.end)


def _summary(record: ReportRecord, report: URIRef, iris: Iris) -> Iterator[Triple]:
    """Report-level edges summarising the items (as ``fz:cites`` does the mentions): the reforms any
    item mentions, the areas of the measures and the fingerprints of the problems. Corpus-wide
    aggregates read these, one edge per report and value, instead of joining every item to its report."""
    reforms = {r for item in record.items for r in item.reforms}
    areas = {a for item in record.items if item.kind == "Measure" for a in item.areas}
    problems = {fingerprint(record.text[item.start : item.end]) for item in record.items if item.kind == "Problem"}
    for concept_id in sorted(reforms):
        yield report, FZ.mentionsReform, iris.concept("reforms", concept_id)
    for concept_id in sorted(areas):
        yield report, FZ.measuresIn, iris.concept("areas", concept_id)
    for words in sorted(problems):
        yield report, FZ.problemFingerprint, text(words)


def _page(mention: URIRef, record: ReportRecord, offset: int) -> Iterator[Triple]:
    """The printed page a mention stands on, for reports read from pages (PDFs)."""
    page = record.page_of(offset)
    if page is not None:
        yield mention, FZ.page, Literal(page, datatype=XSD.positiveInteger)


def _number(value: float | int) -> Literal:
    if isinstance(value, int) or float(value).is_integer():
        return Literal(int(value), datatype=XSD.integer)
    return Literal(repr(float(value)), datatype=XSD.decimal)


def fingerprint(words: str) -> str:
    """The words of an item without digits, punctuation and spaces: equal for items that repeat
    nearly word for word from one year's report to the next (only the figures changed)."""
    return re.sub(r"[\W\d_]+|[一二三四五六七八九十百千万亿〇零两]+(?=[件人次场个项名%\uff05])", "", words)[:200]


def _concept(scheme_name: str, concept_id: str, iris: Iris, seen: set[tuple[str, ...]]) -> Iterator[Triple]:
    """A concept of an item vocabulary with its labels, as each graph that uses it describes it."""
    return _once(seen, (iris.base, scheme_name, concept_id), lambda: _describe_concept(scheme_name, concept_id, iris))


def _describe_concept(scheme_name: str, concept_id: str, iris: Iris) -> Iterator[Triple]:
    from fazhi.ontology.concepts import scheme

    concept = scheme(scheme_name).by_id.get(concept_id)
    node = iris.concept(scheme_name, concept_id)
    yield node, RDF.type, SKOS.Concept
    yield node, SKOS.inScheme, _SCHEME[scheme_name]
    if concept is None:
        return
    yield node, SKOS.prefLabel, zh(concept.label)
    if concept.en:
        yield node, SKOS.prefLabel, Literal(concept.en, lang="en")
    if scheme_name == "reforms":
        for alias in concept.terms:
            yield node, SKOS.altLabel, zh(alias)
        if concept.extra:
            yield node, SKOS.broader, iris.concept("areas", concept.extra)
    if scheme_name == "indicators":
        yield node, FZ.unit, text(concept.extra)


@lru_cache(maxsize=1 << 16)
def _offset(n: int) -> Literal:
    """An offset as a literal; made once per value, since rdflib's literals are slow to make."""
    return Literal(n, datatype=XSD.nonNegativeInteger)


def _annotation(node: URIRef, report: URIRef, start: int, end: int, surface: str, iris: Iris) -> Iterator[Triple]:
    """``node`` as a Web Annotation whose target is ``text[start:end]`` of the report.

    The target is the report's own; its two selectors are values (offsets, words) shared by every
    report that has a mention there or so written, described once in the shared graph."""
    target, position, quote = minted(f"{node}/target"), iris.position(start, end), iris.quote(surface)
    yield node, RDF.type, OA.Annotation
    yield node, OA.hasTarget, target
    yield target, OA.hasSource, report
    yield target, OA.hasSelector, position
    yield target, OA.hasSelector, quote
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, _offset(start)
    yield position, OA.end, _offset(end)
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, text(surface)


def _passage(node: URIRef, start: int, end: int) -> Iterator[Triple]:
    """``node`` is the passage ``text[start:end]`` of its report (the report it is ``dcterms:isPartOf``)."""
    yield node, FZ.start, _offset(start)
    yield node, FZ.end, _offset(end)


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


def _order(title: str, version: str) -> str | None:
    """The promulgation order of one version of a document, where the vocabulary knows it."""
    from fazhi.ontology.legislation import legislation

    entry = legislation().lookup(title)
    return entry.order_of(version) if entry else None


def _key(title: str) -> str:
    from fazhi.ontology.normalize import title_key

    return title_key(title)


def publisher_status(agency: AgencyRef) -> str:
    """``known`` (an identity other reports share), ``partial`` (a node of its report) or ``unknown``.

    >>> publisher_status(AgencyRef("区司法局", "司法局", "区司法局"))
    'partial'
    >>> publisher_status(AgencyRef(None, None, None))
    'unknown'
    """
    if not (agency.name or agency.written or agency.type or agency.regions or agency.identifier):
        return "unknown"
    known = agency_types().lookup(agency.type) if agency.type else None
    if (agency.regions and agency.type) or agency.identifier or (not agency.regions and known and known.tier == "ministry"):
        return "known"
    return "partial"


def _agency_node(agency: AgencyRef, iris: Iris, report: URIRef) -> URIRef:
    """The node of an agency: shared across reports only when its identity is known.

    Known means a division and an agency type (with the locality below the county), a State
    Council body's type, or a verified 统一社会信用代码. Anything less is a node of this report
    alone, carrying what was found: two publishers known in part are never fused into one.
    """
    region_code = agency.regions[0].code if agency.regions else None
    known = agency_types().lookup(agency.type) if agency.type else None
    if region_code and agency.type:
        return iris.agency(region_code, agency.type, agency.locality)
    if region_code is None and known is not None and known.tier == "ministry":
        return iris.national_agency(known.label)
    if agency.identifier:
        return iris.coded_agency(agency.identifier)
    return iris.partial_agency(report, agency.name or agency.written or agency.type or "")


def _identifier_fits(agency: AgencyRef) -> bool:
    """A credit code belongs to an agency only if it was registered in the agency's division
    (a ministry's in 100000): a code of the site's owner or of another body is not the agency's."""
    if not agency.identifier:
        return False
    if not agency.regions:
        return True
    return credit_code_division(agency.identifier) == agency.regions[0].code


def _agency(agency: AgencyRef, iris: Iris, report: URIRef, seen: set[tuple[str, ...]]) -> Iterator[Triple]:
    """An agency, its type, its government (for a department) and its region path."""
    node = _agency_node(agency, iris, report)
    region_code = agency.regions[0].code if agency.regions else None
    yield node, RDF.type, FZ.Agency
    yield node, RDF.type, ORG.Organization
    yield node, SKOS.prefLabel, zh(agency.name or agency.written or "")
    if _identifier_fits(agency):
        yield node, ORG.identifier, Literal(agency.identifier, datatype=FZ.CreditCode)
    if agency.type:
        yield node, FZ.agencyType, iris.agency_type(agency.type)
        yield from _once(seen, (iris.base, "type", agency.type), lambda: _agency_type(agency.type or "", iris))
        known = agency_types().lookup(agency.type)
        if region_code and known is not None and (known.tier == "department" or agency.locality):
            government = iris.agency(region_code, "人民政府")
            yield node, ORG.subOrganizationOf, government
            yield government, RDF.type, FZ.Agency
            yield government, RDF.type, ORG.Organization
            yield government, SKOS.prefLabel, zh(full_name(regions().by_code[region_code]) + "人民政府")
            yield government, FZ.region, iris.region(region_code)
            yield government, FZ.agencyType, iris.agency_type("人民政府")
            yield from _once(seen, (iris.base, "type", "人民政府"), lambda: _agency_type("人民政府", iris))
    for i, region in enumerate(agency.regions):
        r = iris.region(region.code)
        if i == 0:
            yield node, FZ.region, r
        yield from _once(seen, (iris.base, "region", region.code), partial(_region, region, iris))
        if i + 1 < len(agency.regions):
            yield r, FZ.partOf, iris.region(agency.regions[i + 1].code)


def _region(region: RegionRef, iris: Iris) -> Iterator[Triple]:
    """A division with its code, name, short and former names, and level."""
    r = iris.region(region.code)
    yield r, RDF.type, FZ.Region
    yield r, FZ.divisionCode, Literal(region.code, datatype=FZ.DivisionCode)
    yield r, SKOS.prefLabel, zh(region.name)
    yield r, FZ.level, Literal(_LEVEL_OF_REGION.get(region.level, region.level))
    known = regions().by_code.get(region.code)
    if known is not None:
        if known.short != known.name:
            yield r, SKOS.altLabel, zh(known.short)
        for former in known.former:
            yield r, SKOS.hiddenLabel, zh(former)


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
