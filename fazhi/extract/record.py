"""The extraction result of one report: plain data, JSON-serialisable, independent of rdflib.

A record is what golden tests compare, what a cache stores and what worker processes send
back; :mod:`fazhi.graph.build` turns it into RDF.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

RECORD_VERSION = 1


@dataclass
class RegionRef:
    """A division on the publisher's region path, county first."""

    code: str
    name: str
    level: str


@dataclass
class AgencyRef:
    """The publishing agency: full name, formal type, region path (most specific first)."""

    name: str | None
    type: str | None
    written: str | None
    regions: list[RegionRef] = field(default_factory=list)


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
    version: int = RECORD_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts and lists, ready for :func:`json.dumps`."""
        return asdict(self)

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, no ASCII escaping): stable for golden files."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, indent=1)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportRecord:
        """The inverse of :meth:`to_dict`."""
        agency = data["agency"]
        return cls(
            source=data["source"],
            text=data["text"],
            content_hash=data["content_hash"],
            title=data["title"],
            year=data["year"],
            metadata=dict(data["metadata"]),
            agency=AgencyRef(
                name=agency["name"], type=agency["type"], written=agency["written"],
                regions=[RegionRef(**r) for r in agency["regions"]],
            ),
            documents=[DocumentRef(**d) for d in data["documents"]],
            mentions=[MentionRef(**m) for m in data["mentions"]],
            extractor=data["extractor"],
            version=data.get("version", RECORD_VERSION),
        )
