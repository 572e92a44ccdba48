"""Namespaces of the graph contract.

``FZ`` is generated from ``fazhi.ttl`` terms by hand and checked against the ontology by a
test (``tests/ontology/test_ontology.py``), so a misspelt term raises at import time.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/fazhi/ontology#"
DEFAULT_BASE = "https://w3id.org/fazhi/id/"

ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")


class FZ(DefinedNamespace):
    """Terms of the fazhi ontology (``fz:``)."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Report: URIRef
    Agency: URIRef
    Region: URIRef
    AgencyType: URIRef
    Mention: URIRef
    CitedDocument: URIRef
    Constitution: URIRef
    Law: URIRef
    AdministrativeRegulation: URIRef
    SupervisoryRegulation: URIRef
    JudicialInterpretation: URIRef
    DepartmentalRule: URIRef
    LocalRegulation: URIRef
    LocalGovernmentRule: URIRef
    PartyRegulation: URIRef
    PolicyDocument: URIRef
    OtherWork: URIRef
    Measure: URIRef
    Problem: URIRef
    Plan: URIRef
    Indicator: URIRef
    # properties
    year: URIRef
    text: URIRef
    start: URIRef
    end: URIRef
    contentHash: URIRef
    cites: URIRef
    agencyType: URIRef
    region: URIRef
    divisionCode: URIRef
    partOf: URIRef
    level: URIRef
    metadata: URIRef
    indexNumber: URIRef
    documentNumber: URIRef
    subject: URIRef
    writtenDate: URIRef
    publisherName: URIRef
    sentence: URIRef
    mentionKind: URIRef
    page: URIRef
    ocrConfidence: URIRef
    mentionsAgency: URIRef
    mentionsReform: URIRef
    promulgationOrder: URIRef
    measuresIn: URIRef
    problemFingerprint: URIRef
    Evidence: URIRef
    evidenceFor: URIRef
    CreditCode: URIRef
    DivisionCode: URIRef
    Section: URIRef
    part: URIRef
    section: URIRef
    heading: URIRef
    area: URIRef
    reform: URIRef
    problemCategory: URIRef
    indicatorType: URIRef
    qualifier: URIRef
    correction: URIRef
    unit: URIRef
    upperValue: URIRef
    approximate: URIRef
    fingerprint: URIRef
    reportParts: URIRef
    areas: URIRef
    reforms: URIRef
    problemCategories: URIRef
    indicatorTypes: URIRef
    figureQualifiers: URIRef
    extractor: URIRef
    scope: URIRef
    known: URIRef
    expression: URIRef
    # concept schemes
    legislation: URIRef
    agencyTypes: URIRef


#: The level classes of cited documents, keyed by the Chinese level names of ANNOTATION.md.
LEVELS: dict[str, URIRef] = {
    "宪法": FZ.Constitution,
    "法律": FZ.Law,
    "行政法规": FZ.AdministrativeRegulation,
    "监察法规": FZ.SupervisoryRegulation,
    "司法解释": FZ.JudicialInterpretation,
    "部门规章": FZ.DepartmentalRule,
    "地方性法规": FZ.LocalRegulation,
    "地方政府规章": FZ.LocalGovernmentRule,
    "党内法规": FZ.PartyRegulation,
    "政策文件": FZ.PolicyDocument,
    "其他": FZ.OtherWork,
}
