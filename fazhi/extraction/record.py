"""The extraction result of one report: plain data, JSON-serialisable, independent of rdflib.

A record is what golden tests compare, what a cache stores and what worker processes send
back; :mod:`fazhi.graph.build` turns it into RDF.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any

RECORD_VERSION = 3


@dataclass
class RegionRef:
    """A division on the publisher's region path, county first."""

    code: str
    name: str
    level: str


@dataclass
class AgencyRef:
    """An agency: full name, formal type, region path (most specific first), credit code."""

    name: str | None
    type: str | None
    written: str | None
    regions: list[RegionRef] = field(default_factory=list)
    identifier: str | None = None  # 统一社会信用代码, check character verified
    locality: str = ""  # a street office's or town's own name (金龙 of 金龙街道办事处)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgencyRef:
        return cls(
            name=data["name"],
            type=data["type"],
            written=data["written"],
            regions=[RegionRef(**r) for r in data["regions"]],
            identifier=data.get("identifier"),
            locality=data.get("locality", ""),
        )


@dataclass
class AgencyMentionRef:
    """A span of the text that names an agency, and the agency it names (canonical, scoped)."""

    start: int
    end: int
    surface: str
    agency: AgencyRef
    sentence: str = ""


@dataclass
class EvidenceRef:
    """A report field (year, written, published, document_number …) and the words it was read from.

    ``start``/``end`` are offsets into the text; None when the value is not in the text (a
    ``<meta>`` tag, a value derived from a date).
    """

    field: str
    value: str
    start: int | None
    end: int | None


@dataclass
class DocumentRef:
    """A document the report cites: identity key, canonical title, levels, vocabulary facts."""

    key: str
    title: str
    levels: list[str]
    known: bool
    scope: str | None = None
    replaced_by: str | None = None
    version: str | None = None  # the date of the version in force in the report's year


@dataclass
class MentionRef:
    """A span of the report's text that names a document (``text[start:end] == surface``)."""

    start: int
    end: int
    surface: str
    kind: str
    doc: str
    sentence: str
    correction: str | None = None  # how the surface differs from the title it names (a slip, a cut, no period)


@dataclass
class SectionRef:
    """A heading that opens one of the mandated parts: ``text[start:end]`` is the heading."""

    part: str
    heading: str
    start: int
    end: int


@dataclass
class ItemRef:
    """One measure, problem or plan: ``text[start:end]``, its part and heading, and its classes."""

    kind: str  # Measure, Problem or Plan
    part: str
    start: int
    end: int
    section: str | None
    areas: list[str] = field(default_factory=list)
    reforms: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


@dataclass
class FigureRef:
    """A number tied to an indicator; ``text[start:end]`` is its evidence."""

    indicator: str
    value: float | int
    unit: str
    start: int
    end: int
    approx: str | None = None
    high: float | int | None = None
    qualifiers: list[str] = field(default_factory=list)  # ids of vocab/qualifiers.tsv: accepted, new, increase …


@dataclass
class ReportRecord:
    """Everything fazhi extracted from one report."""

    source: str
    text: str
    content_hash: str
    title: str | None
    year: int | None
    metadata: dict[str, str]
    agency: AgencyRef
    documents: list[DocumentRef]
    mentions: list[MentionRef]
    extractor: str
    agencies: list[AgencyMentionRef] = field(default_factory=list)
    evidence: list[EvidenceRef] = field(default_factory=list)
    sections: list[SectionRef] = field(default_factory=list)
    items: list[ItemRef] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    version: int = RECORD_VERSION
    media_type: str = "text/plain"  # what the report was read from: text/html, text/plain, a Word document …
    page_starts: list[int] = field(default_factory=list)  # where each printed page starts in text (PDFs)
    ocr_confidence: float | None = None  # a scan read by OCR: the recognition score over its characters

    def page_of(self, offset: int) -> int | None:
        """The printed page (1-based) holding ``offset`` of the text; None for a report without pages."""
        if not self.page_starts:
            return None
        return bisect_right(self.page_starts, offset)

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts and lists, ready for :func:`json.dumps`."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportRecord:
        """The inverse of :meth:`to_dict`."""
        return cls(
            source=data["source"],
            text=data["text"],
            content_hash=data["content_hash"],
            title=data["title"],
            year=data["year"],
            metadata=dict(data["metadata"]),
            agency=AgencyRef.from_dict(data["agency"]),
            documents=[DocumentRef(**d) for d in data["documents"]],
            mentions=[MentionRef(**m) for m in data["mentions"]],
            extractor=data["extractor"],
            agencies=[
                AgencyMentionRef(m["start"], m["end"], m["surface"], AgencyRef.from_dict(m["agency"]), m.get("sentence", ""))
                for m in data.get("agencies", [])
            ],
            evidence=[EvidenceRef(**e) for e in data.get("evidence", [])],
            sections=[SectionRef(**x) for x in data.get("sections", [])],
            items=[ItemRef(**x) for x in data.get("items", [])],
            figures=[FigureRef(**x) for x in data.get("figures", [])],
            version=data.get("version", RECORD_VERSION),
            media_type=data.get("media_type", "text/plain"),
            page_starts=list(data.get("page_starts", [])),
            ocr_confidence=data.get("ocr_confidence"),
        )
