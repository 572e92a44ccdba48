"""Deterministic IRIs: the same entity gets the same IRI in every run and on every machine.

Keys are joined with a separator that cannot occur in them and hashed, so graphs built
separately merge by union.

>>> Iris().region("500155")
rdflib.term.URIRef('https://w3id.org/fazhi/id/region/500155')
>>> Iris().document("v:中华人民共和国民法典") == Iris().document("v:中华人民共和国民法典")
True
"""

from __future__ import annotations

import hashlib
import re

import pyoxigraph as ox
from rdflib import URIRef

from fazhi.errors import FazhiError
from fazhi.ontology.namespaces import DEFAULT_BASE

_SEP = "\x1f"
#: How many hex digits of a report's content hash name it (its report and graph IRIs).
DIGEST = 24


def digest(*parts: str) -> str:
    """A short stable hash of an unambiguous tuple of strings."""
    return hashlib.sha1(_SEP.join(parts).encode("utf-8")).hexdigest()[:16]


def minted(value: str) -> URIRef:
    """An IRI fazhi made from its base and safe parts (hex digests, offsets, vocabulary ids), as a
    URIRef without rdflib's validity check, which a build would otherwise run ~400 times a report.

    >>> minted("https://w3id.org/fazhi/id/report/ab/mention/3-7") == URIRef("https://w3id.org/fazhi/id/report/ab/mention/3-7")
    True
    """
    return str.__new__(URIRef, value)


def owned_by(iri: str, report: str) -> bool:
    """Whether the node ``iri`` lives in the graph of ``report``: the report itself or a node minted
    under its IRI (its mentions, items, figures …). Every other node is shared by the reports that
    name it. Plain strings: a URIRef never equals a str.

    >>> owned_by("http://x/report/1/item/3-9", "http://x/report/1"), owned_by("http://x/report/10", "http://x/report/1")
    (True, False)
    """
    return iri == report or iri.startswith(report + "/")


def graph_of(report: str) -> str:
    """The named graph that holds ``report``'s facts in a file (``Iris.graph`` of the same text).

    >>> graph_of("https://w3id.org/fazhi/id/report/0a1b"), report_of("https://w3id.org/fazhi/id/graph/0a1b")
    ('https://w3id.org/fazhi/id/graph/0a1b', 'https://w3id.org/fazhi/id/report/0a1b')
    """
    head, _, digest = report.rpartition("/")
    return head.removesuffix("report") + "graph/" + digest


def report_of(graph: str) -> str:
    """The report whose facts the named graph ``graph`` holds (the inverse of :func:`graph_of`)."""
    head, _, digest = graph.rpartition("/")
    return head.removesuffix("graph") + "report/" + digest


def shared_graph_of(report: str) -> str:
    """The shared graph (``Iris.shared_graph``) under the same base as ``report``."""
    head, _, _ = report.rpartition("/")
    return head.removesuffix("report") + "graph/shared"


#: The end of a report's IRI (``…report/<digest>``); a node minted under a report's IRI has it too,
#: followed by ``/``. A regular expression in both Python's and SPARQL's (XPath) syntax, so that
#: :func:`owner` and a store's queries (``fazhi.graph.store``) apply one rule.
REPORT_PART = rf"report/[0-9a-f]{{{DIGEST}}}"
_OWNER = re.compile(rf"(.*?{REPORT_PART})(?:/|$)")


def owner(iri: str) -> str | None:
    """The report IRI that ``iri`` would be owned by (:func:`owned_by`), read from its shape; None for a
    node no report owns. Check the answer against the reports you know: the shape alone is a guess.

    >>> owner("http://x/report/0123456789abcdef01234567/item/3-9"), owner("http://x/doc/0a1b")
    ('http://x/report/0123456789abcdef01234567', None)
    """
    m = _OWNER.match(iri)
    return m.group(1) if m else None


def is_shared_graph(iri: str) -> bool:
    """Whether ``iri`` names the graph of shared nodes (``Iris.shared_graph`` under any base).

    >>> is_shared_graph("https://w3id.org/fazhi/id/graph/shared"), is_shared_graph("https://w3id.org/fazhi/id/graph/0a1b")
    (True, False)
    """
    return iri.endswith("/graph/shared")


class Iris:
    """Mints instance IRIs under one base (default ``https://w3id.org/fazhi/id/``)."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"
        try:  # checked once here: the IRIs below are minted from it without a check each
            ox.NamedNode(self.base + "x")
        except ValueError:
            raise FazhiError(f"base {base!r} is not an absolute IRI; give one like https://example.org/id/") from None

    def report(self, content_hash: str) -> URIRef:
        """A report is its text: the same text read from two places is one report."""
        return URIRef(f"{self.base}report/{content_hash[:DIGEST]}")

    def graph(self, content_hash: str) -> URIRef:
        """The named graph that holds one report's facts."""
        return URIRef(f"{self.base}graph/{content_hash[:DIGEST]}")

    def shared_graph(self) -> URIRef:
        """The one named graph that describes the nodes reports share (laws, concepts, regions,
        agency types, agencies known by identity), once for all the reports of a file or store."""
        return URIRef(f"{self.base}graph/shared")

    def region(self, code: str) -> URIRef:
        return minted(f"{self.base}region/{code}")

    def agency(self, region_code: str, agency_type: str, locality: str = "") -> URIRef:
        """An agency whose identity is known: its region and type (and its own name below the county).

        Every report of that agency shares this node, so it is minted only from a whole identity.
        """
        key = digest(agency_type, locality) if locality else digest(agency_type)
        return minted(f"{self.base}agency/{region_code}-{key}")

    def national_agency(self, agency_type: str) -> URIRef:
        """A State Council body (商务部, 国家税务总局): its type names the one agency of that type."""
        return minted(f"{self.base}agency/{digest(agency_type)}")

    def coded_agency(self, credit_code: str) -> URIRef:
        """An agency known by its verified 统一社会信用代码 alone."""
        return URIRef(f"{self.base}agency/uscc-{credit_code}")

    @staticmethod
    def partial_agency(report: URIRef, written: str) -> URIRef:
        """An agency known only in part (a region without a type, a type without a region, 区司法局):
        a node of the one report that names it, never shared, so strangers are not counted together."""
        return minted(f"{report}/agency/{digest(written)}")

    def agency_type(self, label: str) -> URIRef:
        return minted(f"{self.base}agency-type/{digest(label)}")

    def concept(self, scheme: str, concept_id: str) -> URIRef:
        """A concept of an item vocabulary: ``concept/areas/decisions``, ``concept/reforms/at-most-one-trip``."""
        return minted(f"{self.base}concept/{scheme}/{concept_id}")

    def document(self, key: str) -> URIRef:
        return minted(f"{self.base}doc/{digest(key)}")

    def expression(self, key: str, date: str) -> URIRef:
        """One version of a document (the text in force from ``date``)."""
        return minted(f"{self.base}doc/{digest(key)}/{date}")

    @staticmethod
    def mention(report: URIRef, start: int, end: int) -> URIRef:
        return minted(f"{report}/mention/{start}-{end}")

    def position(self, start: int, end: int) -> URIRef:
        """The ``oa:TextPositionSelector`` of the characters ``[start, end)``: a value, the same node
        for every report whose mention stands there (the report is named by the target's source).

        >>> Iris().position(3, 7)
        rdflib.term.URIRef('https://w3id.org/fazhi/id/selector/position/3-7')
        """
        return minted(f"{self.base}selector/position/{start}-{end}")

    def quote(self, exact: str) -> URIRef:
        """The ``oa:TextQuoteSelector`` of the words ``exact``: a value, one node for every mention so written."""
        return minted(f"{self.base}selector/quote/{digest(exact)}")
