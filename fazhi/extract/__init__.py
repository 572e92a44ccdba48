"""Extraction: a report page → a :class:`~fazhi.extract.record.ReportRecord`.

>>> from fazhi.extract.ingest import Document
>>> record = Extractor().extract(Document(source="file:///r.txt", text="2020年，区司法局学习宪法。"))
>>> record.year, [m.surface for m in record.mentions]
(2020, ['宪法'])
"""

from __future__ import annotations

from fazhi.extract.ingest import Document, read_document
from fazhi.extract.record import AgencyRef, DocumentRef, MentionRef, RegionRef, ReportRecord
from fazhi.ontology.regions import regions

__all__ = ["Document", "Extractor", "ReportRecord", "read_document"]


class Extractor:
    """Holds one spaCy pipeline; :meth:`extract` runs it on one document at a time."""

    def __init__(self) -> None:
        from fazhi.extract.pipeline import make_nlp

        self.nlp = make_nlp()

    @property
    def version(self) -> str:
        """Names and versions of the components, recorded with every fact."""
        from fazhi.extract.pipeline import CITATIONS_VERSION, PUBLISHER_VERSION

        return f"{PUBLISHER_VERSION} {CITATIONS_VERSION}"

    def extract(self, document: Document) -> ReportRecord:
        """Run the pipeline on ``document`` and return its record."""
        from fazhi.extract.pipeline import sentence_around

        doc = self.nlp.make_doc(document.text)
        doc._.fz_document = document
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        publisher = doc._.fz_publisher
        year = doc._.fz_year
        region_path = regions().path(publisher.region) if publisher.region else []
        documents = []
        for d in doc._.fz_documents:
            version = d.entry.version_in(year) if (d.entry is not None and year) else None
            documents.append(DocumentRef(
                key=d.key, title=d.title, levels=d.levels, known=d.known, scope=d.scope,
                replaced_by=(d.entry.replaced_by or None) if d.entry else None, version=version,
            ))
        mentions = [
            MentionRef(m.start, m.end, m.surface, m.kind, m.doc, sentence_around(document.text, m.start, m.end))
            for m in doc._.fz_mentions
        ]
        return ReportRecord(
            source=document.source,
            text=document.text,
            content_hash=document.content_hash,
            title=doc._.fz_title or _opening(document.text),
            year=year,
            metadata=dict(document.metadata),
            agency=AgencyRef(
                name=publisher.name, type=publisher.type, written=publisher.written,
                regions=[RegionRef(r.code, r.name, r.level) for r in region_path],
            ),
            documents=documents,
            mentions=mentions,
            extractor=self.version,
        )


def _opening(text: str, width: int = 30) -> str:
    """A stand-in title for a page that shows none: its first words, marked as cut."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return first if len(first) <= width else first[:width] + "…"
