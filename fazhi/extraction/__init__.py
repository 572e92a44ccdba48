"""Extraction: a report page → a :class:`~fazhi.extraction.record.ReportRecord`.

>>> from fazhi.extraction.ingest import Document
>>> record = Extractor().extract(Document(source="file:///r.txt", text="2020年，区司法局学习宪法。"))
>>> record.year, [m.surface for m in record.mentions]
(2020, ['宪法'])
"""

from __future__ import annotations

from fazhi.extraction.agencies import Agency, canonical
from fazhi.extraction.classify import area_of, problem_categories, reforms_in
from fazhi.extraction.figures import find_figures
from fazhi.extraction.ingest import Document, read_document
from fazhi.extraction.publisher import metadata_evidence, year_evidence
from fazhi.extraction.record import (
    AgencyMentionRef,
    AgencyRef,
    DocumentRef,
    ItemRef,
    MentionRef,
    RegionRef,
    ReportRecord,
    SectionRef,
)
from fazhi.extraction.structure import find_headings, find_items
from fazhi.ontology.regions import Region, regions

__all__ = ["Document", "Extractor", "ReportRecord", "read_document"]

STRUCTURE_VERSION = "fazhi_structure/1"


class Extractor:
    """Holds one spaCy pipeline; :meth:`extract` runs it on one document at a time.

    ``segmenter`` is ``"char"`` (fast; what the build uses) or ``"jieba"`` (word tokens on the
    Doc); the record is the same with either, because no component reads tokens.
    """

    def __init__(self, segmenter: str = "char") -> None:
        from fazhi.extraction.pipeline import make_nlp

        self.segmenter = segmenter
        self.nlp = make_nlp(segmenter)

    @property
    def version(self) -> str:
        """Names and versions of the components, recorded with every fact."""
        from fazhi.extraction.pipeline import CITATIONS_VERSION, PUBLISHER_VERSION

        return f"{PUBLISHER_VERSION} {CITATIONS_VERSION} {STRUCTURE_VERSION}"

    def extract(self, document: Document) -> ReportRecord:
        """Run the pipeline on ``document`` and return its record."""
        from fazhi.extraction.pipeline import sentence_around

        doc = self.nlp.make_doc(document.text)
        doc._.fz_document = document
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        publisher = doc._.fz_publisher
        year = doc._.fz_year
        region_path = regions().path(publisher.region) if publisher.region else []
        own = AgencyRef(
            name=publisher.name,
            type=publisher.type,
            written=publisher.written,
            regions=_region_refs(region_path),
            identifier=publisher.identifier.value if publisher.identifier else None,
            locality=publisher.locality,
        )
        agencies = []
        for m in publisher.named:
            agency = canonical(m, region_path)
            if agency is not None and agency.name != publisher.name:
                sentence = sentence_around(document.text, m.start, m.end)
                agencies.append(AgencyMentionRef(m.start, m.end, m.surface, _agency_ref(agency, m.surface), sentence))
        evidence = [e for e in (year_evidence(document, doc._.fz_title), publisher.identifier) if e is not None]
        evidence += metadata_evidence(document)
        documents = []
        for d in doc._.fz_documents:
            version = d.entry.version_in(year) if (d.entry is not None and year) else None
            documents.append(
                DocumentRef(
                    key=d.key,
                    title=d.title,
                    levels=d.levels,
                    known=d.known,
                    scope=d.scope,
                    replaced_by=(d.entry.replaced_by or None) if d.entry else None,
                    version=version,
                )
            )
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
            agency=own,
            documents=documents,
            mentions=mentions,
            extractor=self.version,
            agencies=agencies,
            evidence=evidence,
            sections=[SectionRef(h.part, h.text, h.start, h.end) for h in find_headings(document.text) if h.part],
            items=_items(document.text),
            figures=find_figures(document.text),
        )


def _items(text: str) -> list[ItemRef]:
    """Measures, problems and plans with their areas, reforms and (for problems) categories."""
    out = []
    for item in find_items(text):
        words = text[item.start : item.end]
        out.append(
            ItemRef(
                kind=item.item_class,
                part=item.part,
                start=item.start,
                end=item.end,
                section=item.section,
                areas=area_of(words),
                reforms=reforms_in(words),
                categories=problem_categories(words) if item.item_class == "Problem" else [],
            )
        )
    return out


def _region_refs(path: list[Region]) -> list[RegionRef]:
    return [RegionRef(r.code, r.name, r.level) for r in path]


def _agency_ref(agency: Agency, written: str) -> AgencyRef:
    path = regions().path(agency.region) if agency.region else []
    return AgencyRef(name=agency.name, type=agency.type.label, written=written, regions=_region_refs(path))


def _opening(text: str, width: int = 30) -> str:
    """A stand-in title for a page that shows none: its first words, marked as cut."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return first if len(first) <= width else first[:width] + "…"
