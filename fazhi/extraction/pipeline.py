"""The spaCy pipeline: ``spacy.blank("zh")`` with fazhi's components, segmented by jieba or by character.

fazhi's components find mentions by Aho-Corasick and regular expressions over the text, so no
component reads the Doc's tokens. Segmenting every character with jieba costs about three
quarters of the extraction time, so the build segments by character (``segmenter="char"``,
one token per character, ~10× faster); ``segmenter="jieba"`` gives word tokens, with jieba knowing fazhi's
domain words (laws, agency types), for components of your own that need them.

Components, in order (each declares what it reads and writes on the ``Doc``, so
``nlp.analyze_pipes()`` shows the data flow and a stage can be replaced with ``nlp.replace_pipe``):

- ``fazhi_publisher``: title, year, publishing agency and region from the page, and the evidence
  of each (``doc._.fz_title``, ``fz_year``, ``fz_publisher``, ``fz_evidence``)
- ``fazhi_citations``: 《…》 titles and bare legislation linked to documents (``doc._.fz_documents``,
  ``fz_mentions``, ``doc.spans["fz_citations"]``)
- ``fazhi_agencies``: other agencies the report names, placed in the publisher's region
  (``doc._.fz_agencies``, ``doc.spans["fz_agencies"]``)
- ``fazhi_structure``: the mandated parts and the measures, problems and plans in them, with
  their areas, reforms and problem categories (``doc._.fz_sections``, ``fz_items``)
- ``fazhi_figures``: indicator values such as case counts and rates (``doc._.fz_figures``)

>>> nlp = make_nlp()
>>> nlp.pipe_names
['fazhi_publisher', 'fazhi_citations', 'fazhi_agencies', 'fazhi_structure', 'fazhi_figures']
>>> [t.text for t in make_nlp("jieba").make_doc("学习行政处罚法")]
['学习', '行政处罚法']
>>> [t.text for t in nlp.make_doc("学习")]
['学', '习']
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from fazhi.extraction.agencies import Agency, canonical
from fazhi.extraction.classify import area_of, problem_categories, reforms_in
from fazhi.extraction.figures import find_figures
from fazhi.extraction.ingest import Document
from fazhi.extraction.linking import Linker
from fazhi.extraction.publisher import Publisher, find_publisher, metadata_evidence, report_title, report_year, year_evidence
from fazhi.extraction.record import AgencyMentionRef, AgencyRef, ItemRef, RegionRef, SectionRef
from fazhi.extraction.sentences import sentence_around
from fazhi.extraction.structure import find_headings, find_items
from fazhi.ontology.agencies import agency_types
from fazhi.ontology.legislation import legislation
from fazhi.ontology.regions import Region, regions

if TYPE_CHECKING:
    import jieba

PUBLISHER_VERSION = "fazhi_publisher/1"
CITATIONS_VERSION = "fazhi_citations/1"
STRUCTURE_VERSION = "fazhi_structure/1"

for _name, _default in (
    ("fz_document", None),
    ("fz_title", None),
    ("fz_year", None),
    ("fz_publisher", None),
    ("fz_evidence", None),
    ("fz_documents", None),
    ("fz_mentions", None),
    ("fz_agencies", None),
    ("fz_sections", None),
    ("fz_items", None),
    ("fz_figures", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _document(doc: Doc) -> Document:
    """The page a Doc was made from (``doc._.fz_document``), or the Doc's text as a page without a source."""
    document: Document | None = doc._.fz_document
    return document if document is not None else Document(source="", text=doc.text)


@Language.factory(
    "fazhi_publisher",
    # doc._.fz_document (the page, with its source and metadata) is set by Extractor.extract
    # before the pipeline runs; without it the Doc's text is read as a page without a source.
    assigns=["doc._.fz_title", "doc._.fz_year", "doc._.fz_publisher", "doc._.fz_evidence"],
)
def make_publisher(nlp: Language, name: str) -> PublisherComponent:
    return PublisherComponent()


class PublisherComponent:
    """Reads the report's title, year and publishing agency, with the evidence of each."""

    version = PUBLISHER_VERSION

    def __call__(self, doc: Doc) -> Doc:
        document = _document(doc)
        title = report_title(document)
        doc._.fz_title = title
        doc._.fz_year = report_year(document, title)
        publisher = find_publisher(document, title)
        doc._.fz_publisher = publisher
        evidence = [e for e in (year_evidence(document, title), publisher.identifier) if e is not None]
        doc._.fz_evidence = evidence + list(publisher.signals) + metadata_evidence(document)
        return doc


@Language.factory(
    "fazhi_citations",
    requires=["doc._.fz_title", "doc._.fz_year", "doc._.fz_publisher"],
    assigns=["doc._.fz_documents", "doc._.fz_mentions", "doc.spans"],
)
def make_citations(nlp: Language, name: str) -> CitationsComponent:
    return CitationsComponent()


class CitationsComponent:
    """Finds 《…》 titles and bare legislation and links them to documents."""

    version = CITATIONS_VERSION

    def __init__(self) -> None:
        self.linker = Linker()

    def __call__(self, doc: Doc) -> Doc:
        publisher: Publisher | None = doc._.fz_publisher
        scope = None
        if publisher is not None:
            scope = publisher.region.code if publisher.region else publisher.name or publisher.written
        # The page's text is the Doc's text; reading it from the Document avoids rebuilding it from tokens.
        text = _document(doc).text
        docs, mentions = self.linker.link(text, report_title=doc._.fz_title, scope=scope, year=doc._.fz_year)
        doc._.fz_documents = docs
        doc._.fz_mentions = mentions
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label="CITATION", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["fz_citations"] = spans
        return doc


@Language.factory("fazhi_agencies", requires=["doc._.fz_publisher"], assigns=["doc._.fz_agencies", "doc.spans"])
def make_agencies(nlp: Language, name: str) -> AgenciesComponent:
    return AgenciesComponent()


class AgenciesComponent:
    """Other agencies the report names (市司法局, 区人民法院 …), placed in the publisher's region."""

    version = PUBLISHER_VERSION  # the publisher's finder reads these names; one version for both

    def __call__(self, doc: Doc) -> Doc:
        text = _document(doc).text
        publisher: Publisher = doc._.fz_publisher
        region_path = regions().path(publisher.region) if publisher.region else []
        found = []
        for m in publisher.named:
            agency = canonical(m, region_path)
            if agency is not None and agency.name != publisher.name:
                sentence = sentence_around(text, m.start, m.end)
                found.append(AgencyMentionRef(m.start, m.end, m.surface, agency_ref(agency, m.surface), sentence))
        doc._.fz_agencies = found
        doc.spans["fz_agencies"] = [
            span for a in found if (span := doc.char_span(a.start, a.end, label="AGENCY", alignment_mode="expand")) is not None
        ]
        return doc


@Language.factory("fazhi_structure", assigns=["doc._.fz_sections", "doc._.fz_items"])
def make_structure(nlp: Language, name: str) -> StructureComponent:
    return StructureComponent()


class StructureComponent:
    """The mandated parts (headings) and the measures, problems and plans under them."""

    version = STRUCTURE_VERSION

    def __call__(self, doc: Doc) -> Doc:
        text = _document(doc).text
        doc._.fz_sections = [SectionRef(h.part, h.text, h.start, h.end) for h in find_headings(text) if h.part]
        doc._.fz_items = find_report_items(text)
        return doc


@Language.factory("fazhi_figures", assigns=["doc._.fz_figures"])
def make_figures(nlp: Language, name: str) -> FiguresComponent:
    return FiguresComponent()


class FiguresComponent:
    """Indicator values: case counts, rates and the like, each with its sentence."""

    version = STRUCTURE_VERSION  # figures are read with the structure; one version for both

    def __call__(self, doc: Doc) -> Doc:
        doc._.fz_figures = find_figures(_document(doc).text)
        return doc


def find_report_items(text: str) -> list[ItemRef]:
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


def region_refs(path: list[Region]) -> list[RegionRef]:
    """A chain of regions (the region and those above it) as record references."""
    return [RegionRef(r.code, r.name, r.level) for r in path]


def agency_ref(agency: Agency, written: str) -> AgencyRef:
    """An agency named in the text, as a record reference with its region chain."""
    path = regions().path(agency.region) if agency.region else []
    return AgencyRef(name=agency.name, type=agency.type.label, written=written, regions=region_refs(path))


@cache
def _domain_words() -> tuple[str, ...]:
    words = {label for entry in legislation().entries for label in entry.labels if len(label) <= 30}
    words.update(label for t in agency_types().types for label in (t.label, *t.aliases))
    return tuple(sorted(words))


def make_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer of fazhi's own (not the process-wide default), knowing the domain words.

    jieba is imported here, not with the module: the build segments by character and does not
    need it (importing it costs a tenth of a second at every start, most of it pkg_resources)."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in _domain_words():
        tokenizer.add_word(word, freq=None)
    return tokenizer


SEGMENTERS = ("char", "jieba")
#: The longest text a report may have, in characters. fazhi's components read the text with
#: automata and expressions, not with spaCy's parser, so spaCy's default of 1,000,000 (set for
#: its parser's memory) does not apply; a Doc costs about 100 bytes per character here.
MAX_CHARS = 5_000_000
#: The pipeline's components, in the order they run.
COMPONENTS = ("fazhi_publisher", "fazhi_citations", "fazhi_agencies", "fazhi_structure", "fazhi_figures")


class CharTokenizer:
    """One token per character, whitespace included, so ``doc.text == text`` and a character
    offset is a token index. Three times faster than spaCy's own character segmenter, which
    aligns tokens and spaces after the fact.

    >>> [t.text for t in CharTokenizer(spacy.blank("zh").vocab)("法 治")]
    ['法', ' ', '治']
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=list(text), spaces=[False] * len(text))


def make_nlp(segmenter: str = "char") -> Language:
    """A fresh pipeline, tokens segmented by ``"char"`` or ``"jieba"`` (see the module's docstring).

    Loading takes about a second with jieba (its dictionary); build it once.
    """
    if segmenter not in SEGMENTERS:
        raise ValueError(f"segmenter {segmenter!r}: use one of {', '.join(SEGMENTERS)}")
    if segmenter == "jieba":
        import jieba

        jieba.setLogLevel(60)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        nlp.tokenizer.jieba_seg = make_tokenizer()  # type: ignore[union-attr]
    else:
        nlp = spacy.blank("zh")
        nlp.tokenizer = CharTokenizer(nlp.vocab)
    for component in COMPONENTS:
        nlp.add_pipe(component)
    nlp.max_length = MAX_CHARS
    return nlp
