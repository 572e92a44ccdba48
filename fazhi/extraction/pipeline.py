"""The spaCy pipeline: ``spacy.blank("zh")`` with fazhi's components, segmented by character, line or jieba.

fazhi's components find mentions by Aho-Corasick and regular expressions over the text, so no
component reads the Doc's tokens, and the record is the same whatever the segmenter:

- ``"char"`` (the default): one token per character, so every mention is a span of tokens
  (``doc.spans``); ~10× faster than jieba, which costs about three quarters of the extraction time.
- ``"line"``: one token per line and one per line break, the cheapest Doc (made in a tenth of
  the char Doc's time, which was a tenth of a build's time per report): what ``fazhi build`` uses. A
  mention is not a span of such tokens, so this pipeline has no ``fazhi_spans`` stage; the
  mentions' offsets are in ``doc._.fz_mentions`` and ``doc._.fz_agencies``.
- ``"jieba"``: word tokens, jieba knowing fazhi's domain words (laws, agency types), for
  components of your own that need them.

Components, in order (each declares what it reads and writes on the ``Doc``, so
``nlp.analyze_pipes()`` shows the data flow and a stage can be replaced with ``nlp.replace_pipe``):

- ``fazhi_publisher``: title, year, publishing agency and region from the page, and the evidence
  of each (``doc._.fz_title``, ``fz_year``, ``fz_publisher``, ``fz_evidence``)
- ``fazhi_citations``: 《…》 titles and bare legislation linked to documents (``doc._.fz_documents``,
  ``fz_mentions``)
- ``fazhi_agencies``: other agencies the report names, placed in the publisher's region
  (``doc._.fz_agencies``)
- ``fazhi_structure``: the mandated parts and the measures, problems and plans in them, with
  their areas, reforms and problem categories (``doc._.fz_sections``, ``fz_items``)
- ``fazhi_figures``: indicator values such as case counts and rates (``doc._.fz_figures``)
- ``fazhi_spans`` (not with ``"line"``): the mentions as spans of tokens
  (``doc.spans["fz_citations"]``, ``doc.spans["fz_agencies"]``)

>>> nlp = make_nlp()
>>> nlp.pipe_names
['fazhi_publisher', 'fazhi_citations', 'fazhi_agencies', 'fazhi_structure', 'fazhi_figures', 'fazhi_spans']
>>> [t.text for t in make_nlp("jieba").make_doc("学习行政处罚法")]
['学习', '行政处罚法']
>>> [t.text for t in nlp.make_doc("学习")]
['学', '习']
>>> [t.text for t in make_nlp("line").make_doc("一、学习\\n\\n宪法")]
['一、学习', '\\n', '\\n', '宪法']
"""

from __future__ import annotations

import re
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

# A component's version goes up when its rules change what it finds; with fazhi's version and the
# vocabularies' digest it is recorded as each report's fz:extractor (fazhi.extraction.release).
# publisher/2: street offices without 办事处, bureaus' branches, zones' committees, the name after a leading year
PUBLISHER_VERSION = "fazhi_publisher/2"
CITATIONS_VERSION = "fazhi_citations/2"  # 2: drafts take the level of their form; the legislation vocabulary of 3,400 titles
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
    assigns=["doc._.fz_documents", "doc._.fz_mentions"],
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
        return doc


@Language.factory("fazhi_agencies", requires=["doc._.fz_publisher"], assigns=["doc._.fz_agencies"])
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


@Language.factory("fazhi_spans", requires=["doc._.fz_mentions", "doc._.fz_agencies"], assigns=["doc.spans"])
def make_spans(nlp: Language, name: str) -> SpansComponent:
    return SpansComponent()


class SpansComponent:
    """The cited titles and the agencies named as spans of the Doc's tokens, for spaCy's tools
    (``displacy``, ``doc.spans``); a span takes in every token a mention touches."""

    version = CITATIONS_VERSION  # what it shows is what the citations and agencies found

    def __call__(self, doc: Doc) -> Doc:
        for key, label, found in (
            ("fz_citations", "CITATION", doc._.fz_mentions or []),
            ("fz_agencies", "AGENCY", doc._.fz_agencies or []),
        ):
            spans = (doc.char_span(m.start, m.end, label=label, alignment_mode="expand") for m in found)
            doc.spans[key] = [span for span in spans if span is not None]
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

    jieba is imported here, not with the module: the build segments by line and does not need it
    (importing it costs a tenth of a second at every start, most of it pkg_resources)."""
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in _domain_words():
        tokenizer.add_word(word, freq=None)
    return tokenizer


SEGMENTERS = ("char", "line", "jieba")
#: The longest text a report may have, in characters. fazhi's components read the text with
#: automata and expressions, not with spaCy's parser, so spaCy's default of 1,000,000 (set for
#: its parser's memory) does not apply; a Doc costs about 100 bytes per character here.
MAX_CHARS = 5_000_000
#: The pipeline's components, in the order they run (``fazhi_spans`` not on a Doc of lines).
COMPONENTS = ("fazhi_publisher", "fazhi_citations", "fazhi_agencies", "fazhi_structure", "fazhi_figures", "fazhi_spans")


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


_LINE_PIECES = re.compile(r"[^\n]+|\n")


class LineTokenizer:
    """One token per line and one per line break, so ``doc.text == text`` with a few hundred
    tokens where the char Doc has thousands: for a pipeline whose components read only the text.

    Each Doc has a bare vocabulary of its own: a line is no word (it has no lexical attributes),
    and the pipeline's vocabulary, which keeps every string it is given, would otherwise grow with
    every line a build reads.

    >>> tokenizer = LineTokenizer()
    >>> [t.text for t in tokenizer("法 治\\n政府")]
    ['法 治', '\\n', '政府']
    """

    def __call__(self, text: str) -> Doc:
        pieces = _LINE_PIECES.findall(text)
        return Doc(Vocab(), words=pieces, spaces=[False] * len(pieces))


def make_nlp(segmenter: str = "char") -> Language:
    """A fresh pipeline, tokens segmented by ``"char"``, ``"line"`` or ``"jieba"`` (see the module's docstring).

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
        nlp.tokenizer = LineTokenizer() if segmenter == "line" else CharTokenizer(nlp.vocab)
    for component in COMPONENTS:
        if not (component == "fazhi_spans" and segmenter == "line"):  # a mention is no span of lines
            nlp.add_pipe(component)
    nlp.max_length = MAX_CHARS
    return nlp
