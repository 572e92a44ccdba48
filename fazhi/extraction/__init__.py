"""Extraction: a report page → a :class:`~fazhi.extraction.record.ReportRecord`.

>>> from fazhi.extraction.ingest import Document
>>> record = Extractor().extract(Document(source="file:///r.txt", text="2020年，区司法局学习宪法。"))
>>> record.year, [m.surface for m in record.mentions]
(2020, ['宪法'])
"""

from __future__ import annotations

from fazhi.extraction.ingest import Document, read_document
from fazhi.extraction.record import AgencyRef, DocumentRef, MentionRef, ReportRecord

__all__ = ["Document", "Extractor", "ReportRecord", "read_document", "release"]


def release() -> str:
    """This fazhi and its vocabularies, as a report's ``fz:extractor`` begins: a store rereads
    the reports whose extractor does not have it (``fazhi build --store`` after an upgrade).

    >>> release().startswith("fazhi/") and " vocabularies/" in release()
    True
    """
    from fazhi.ontology import vocabulary_digest
    from fazhi.version import __version__

    return f"fazhi/{__version__} vocabularies/{vocabulary_digest()}"


class Extractor:
    """Holds one spaCy pipeline; :meth:`extract` runs it on one document at a time.

    ``segmenter`` is ``"char"`` (a token per character, mentions as ``doc.spans``), ``"line"``
    (a token per line: the fastest; what the build uses) or ``"jieba"`` (word tokens); the record
    is the same with each, because no component reads tokens.
    """

    def __init__(self, segmenter: str = "char") -> None:
        from fazhi.extraction.pipeline import make_nlp

        self.segmenter = segmenter
        self.nlp = make_nlp(segmenter)

    @property
    def version(self) -> str:
        """What read the report, recorded with it (``fz:extractor``): fazhi and its vocabularies
        (:func:`release`), then the names and versions of the components."""
        versions = dict.fromkeys(getattr(component, "version", name) for name, component in self.nlp.pipeline)
        return " ".join([release(), *versions])

    def extract(self, document: Document) -> ReportRecord:
        """Run the pipeline on ``document`` and return its record.

        A text longer than the pipeline's ``max_length`` (5,000,000 characters) is an
        :class:`~fazhi.errors.InputError`: the build skips it with one line.
        """
        from fazhi.errors import InputError
        from fazhi.extraction.pipeline import region_refs
        from fazhi.extraction.sentences import sentence_around
        from fazhi.ontology.regions import regions

        if len(document.text) > self.nlp.max_length:
            raise InputError(
                document.source,
                f"is {len(document.text):,} characters, over the {self.nlp.max_length:,} a report may have; "
                "split it into its reports",
            )

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
            regions=region_refs(region_path),
            identifier=publisher.identifier.value if publisher.identifier else None,
            locality=publisher.locality,
        )
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
            MentionRef(m.start, m.end, m.surface, m.kind, m.doc, sentence_around(document.text, m.start, m.end), m.correction)
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
            extractor=f"{document.reader} {self.version}" if document.reader else self.version,
            media_type=document.media_type,
            page_starts=list(document.page_starts),
            ocr_confidence=document.ocr_confidence,
            agencies=doc._.fz_agencies,
            evidence=doc._.fz_evidence,
            sections=doc._.fz_sections,
            items=doc._.fz_items,
            figures=doc._.fz_figures,
        )


def _opening(text: str, width: int = 30) -> str:
    """A stand-in title for a page that shows none: its first words, marked as cut."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return first if len(first) <= width else first[:width] + "…"
