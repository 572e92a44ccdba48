"""fazhi's shapes compiled to SPARQL find what pyshacl finds, on a report graph broken in every way the shapes forbid."""

from __future__ import annotations

import pytest
from rdflib import RDF, XSD, BNode, Dataset, Literal, Namespace, URIRef

from fazhi.graph.build import record_triples
from fazhi.graph.shacl import checks
from fazhi.graph.validate import validate, validate_pyshacl
from fazhi.ontology import FZ

DCT = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")


@pytest.fixture(scope="module")
def report(extractor, data):
    from fazhi.extraction.ingest import read_document

    record = extractor.extract(read_document(data / "seeds" / "002_07bf2e6ab66619ba.txt"))
    return list(record_triples(record))


def one(triples, p, o=None):
    return next(t for t in triples if t[1] == p and (o is None or t[2] == o))


def breakages(triples):
    """(what, triples to remove, triples to add): each breaks one kind of constraint."""
    report = one(triples, RDF.type, FZ.Report)[0]
    agency = one(triples, RDF.type, FZ.Agency)[0]
    region = one(triples, RDF.type, FZ.Region)[0]
    kind = one(triples, RDF.type, FZ.AgencyType)[0]
    mention = one(triples, FZ.mentionKind)[0]
    target = one(triples, OA.hasTarget)[2]
    quote = one(triples, RDF.type, OA.TextQuoteSelector)[0]
    document = one(triples, FZ.cites)[2]
    item = one(triples, RDF.type, FZ.Measure)[0]
    figure = one(triples, RDF.type, FZ.Indicator)[0]
    return [
        ("minCount", [one(triples, DCT.source)], []),
        ("maxCount", [], [(report, DCT.title, Literal("另一个标题", lang="zh"))]),
        ("datatype", [one(triples, FZ.year)], [(report, FZ.year, Literal("2024"))]),
        ("uniqueLang", [], [(agency, SKOS.prefLabel, Literal("另一个机关", lang="zh"))]),
        ("in", [], [(region, FZ.level, Literal("乡级"))]),
        ("pattern", [one(triples, FZ.divisionCode)], [(region, FZ.divisionCode, Literal("012345", datatype=FZ.DivisionCode))]),
        ("hasValue", [one(triples, SKOS.inScheme, FZ.agencyTypes)], [(kind, SKOS.inScheme, FZ.reforms)]),
        ("qualified", [t for t in triples if t[0] == document and t[1] == RDF.type], [(document, RDF.type, SKOS.Concept)]),
        ("nodeKind", [one(triples, OA.hasBody)], [(mention, OA.hasBody, Literal("民法典"))]),
        ("node", [], [(target, OA.hasSelector, BNode())]),
        ("minInclusive", [one(triples, FZ.start)], [(item, FZ.start, Literal(-1))]),
        ("minLength", [one(triples, OA.exact)], [(quote, OA.exact, Literal(""))]),
        ("node class", [one(triples, RDF.type, OA.Annotation)], []),
        ("or", [t for t in triples if t[0] == figure and t[1] == RDF.value], [(figure, RDF.value, Literal("十二"))]),
        ("class", [], [(report, FZ.cites, URIRef("https://example.org/not-a-document"))]),
        ("maxInclusive", [], [(report, FZ.ocrConfidence, Literal("1.5", datatype=XSD.decimal))]),
    ]


def dataset(triples):
    ds = Dataset()
    graph = ds.graph(URIRef("https://example.org/g"))
    for t in triples:
        graph.add(t)
    return ds


def findings(violations):
    return {(v.focus, v.path) for v in violations}


def test_the_unbroken_report_conforms_for_both(report):
    assert validate(dataset(report)) == [] == validate_pyshacl(dataset(report))


@pytest.mark.parametrize("index", range(16))
def test_each_breakage_is_found_as_pyshacl_finds_it(report, index):
    what, removed, added = breakages(report)[index]
    broken = [t for t in report if t not in removed] + added
    expected = findings(validate_pyshacl(dataset(broken)))
    assert expected, f"{what}: pyshacl finds nothing; the breakage breaks nothing"
    assert findings(validate(dataset(broken))) == expected, what


def test_every_constraint_of_the_shapes_is_compiled():
    names = {c.shape for c in checks()}
    assert {"fzsh:Report", "fzsh:Agency", "fzsh:Region", "fzsh:CitedDocument", "fzsh:Mention", "fzsh:Indicator"} <= names
    assert len(checks()) > 100
