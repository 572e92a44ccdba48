"""Two reports share a publisher node only when the publisher's identity is known.

Known: a division and an agency type (with the locality below the county), a State Council
body, or a verified 统一社会信用代码. A publisher known in part gets a node of its own report,
carrying what was found, so per-agency answers never count strangers together.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from fazhi.extraction.identifiers import check_character
from fazhi.extraction.record import AgencyRef, RegionRef, ReportRecord
from fazhi.graph.build import record_triples
from fazhi.graph.validate import validate
from fazhi.ontology.namespaces import FZ

JIANGSU = RegionRef("320000", "江苏省", "province")
HESHAN = RegionRef("440784", "鹤山市", "county")
JIANGMEN = RegionRef("440700", "江门市", "city")
GUANGDONG = RegionRef("440000", "广东省", "province")


def record(n: int, agency: AgencyRef) -> ReportRecord:
    text = f"第{n}份报告。"
    return ReportRecord(
        source=f"file:///r{n}.txt",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=f"报告{n}",
        year=2021,
        metadata={},
        agency=agency,
        documents=[],
        mentions=[],
        extractor="test",
    )


def publishers(*records: ReportRecord) -> tuple[Dataset, list[URIRef]]:
    ds = Dataset(default_union=True)
    for r in records:
        graph = ds.graph(URIRef(f"https://example.org/graph/{r.content_hash[:8]}"))
        for t in record_triples(r):
            graph.add(t)
    found = [
        ds.value(predicate=DCTERMS.publisher, subject=URIRef(f"https://w3id.org/fazhi/id/report/{r.content_hash[:24]}"))
        for r in records
    ]
    assert None not in found
    return ds, found


def credit_code(division: str) -> str:
    first17 = "11" + division + "MB1603152"
    return first17 + check_character(first17)


def test_reports_of_one_known_agency_share_its_node():
    agency = AgencyRef("鹤山市司法局", "司法局", "鹤山市司法局", [HESHAN, JIANGMEN, GUANGDONG])
    _, (a, b) = publishers(record(1, agency), record(2, replace(agency, written="市司法局")))
    assert a == b


@pytest.mark.parametrize(
    "first, second",
    [
        # a region without a type: 江苏省 … and 鹤山市 … are not one agency
        (AgencyRef("江苏省", None, "江苏省", [JIANGSU]), AgencyRef("鹤山市", None, "鹤山市", [HESHAN, JIANGMEN, GUANGDONG])),
        # a type without a region: not every 司法局 of China
        (AgencyRef("区司法局", "司法局", "区司法局"), AgencyRef("区司法局", "司法局", "区司法局")),
        # nothing but the words as written
        (AgencyRef(None, None, "我局"), AgencyRef(None, None, "我局")),
    ],
)
def test_publishers_known_in_part_are_never_fused(first, second):
    ds, (a, b) = publishers(record(1, first), record(2, second))
    assert a != b
    for node in (a, b):
        assert len([x for x in ds.objects(node, SKOS.prefLabel) if x.language == "zh"]) == 1
        assert len(set(ds.objects(node, FZ.region))) <= 1
    assert validate(ds) == []


def test_a_publisher_known_in_part_keeps_what_was_found():
    ds, (node,) = publishers(record(1, AgencyRef("江苏省", None, "江苏省", [JIANGSU])))
    assert ds.value(node, FZ.region) == URIRef("https://w3id.org/fazhi/id/region/320000")
    ds, (node,) = publishers(record(1, AgencyRef("区司法局", "司法局", "区司法局")))
    assert ds.value(node, FZ.agencyType) is not None


def test_a_verified_credit_code_is_an_identity():
    code = credit_code("320000")
    first = AgencyRef("某委员会", None, "某委员会", identifier=code)
    _, (a, b) = publishers(record(1, first), record(2, replace(first, written="本委")))
    assert a == b


def test_a_credit_code_registered_elsewhere_is_not_the_agencys():
    agency = AgencyRef("鹤山市司法局", "司法局", "鹤山市司法局", [HESHAN, JIANGMEN, GUANGDONG], identifier=credit_code("320000"))
    ds, (node,) = publishers(record(1, agency))
    assert list(ds.objects(node, ORG.identifier)) == []
    ds, (node,) = publishers(record(1, replace(agency, identifier=credit_code("440784"))))
    assert list(ds.objects(node, ORG.identifier)) == [Literal(credit_code("440784"), datatype=FZ.CreditCode)]


def test_validate_fails_a_fused_agency():
    agency = AgencyRef("鹤山市司法局", "司法局", "鹤山市司法局", [HESHAN, JIANGMEN, GUANGDONG])
    ds, (node,) = publishers(record(1, agency))
    ds.graph(URIRef("https://example.org/graph/other")).add((node, SKOS.prefLabel, Literal("江苏省司法厅", lang="zh")))
    assert any("one name per language" in v.message for v in validate(ds))
