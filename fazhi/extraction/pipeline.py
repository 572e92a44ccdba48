"""The spaCy pipeline: ``spacy.blank("zh")`` with fazhi's components, segmented by jieba or by character.

fazhi's components find mentions by Aho-Corasick and regular expressions over the text, so no
component reads the Doc's tokens. Segmenting every character with jieba costs about three
quarters of the extraction time, so the build segments by character (``segmenter="char"``,
one token per character, ~10× faster); ``segmenter="jieba"`` gives word tokens, with jieba knowing fazhi's
domain words (laws, agency types), for components of your own that need them.

Components, in order (each declares what it reads and writes on the ``Doc``):

- ``fazhi_publisher``: title, year, publishing agency and region from the page (``doc._.fz_document``)
- ``fazhi_citations``: 《…》 titles and bare legislation linked to documents, as ``doc.spans["fz_citations"]``

>>> nlp = make_nlp()
>>> nlp.pipe_names
['fazhi_publisher', 'fazhi_citations']
>>> [t.text for t in make_nlp("jieba").make_doc("学习行政处罚法")]
['学习', '行政处罚法']
>>> [t.text for t in nlp.make_doc("学习")]
['学', '习']
"""

from __future__ import annotations

import re
from functools import cache

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from fazhi.extraction.ingest import Document
from fazhi.extraction.linking import Linker
from fazhi.extraction.publisher import Publisher, find_publisher, report_title, report_year
from fazhi.ontology.agencies import agency_types
from fazhi.ontology.legislation import legislation

PUBLISHER_VERSION = "fazhi_publisher/1"
CITATIONS_VERSION = "fazhi_citations/1"
_SENTENCE_CHARS = "。！？；!?;\n"
_SENTENCE_END = re.compile(f"[{_SENTENCE_CHARS}]")

for _name, _default in (
    ("fz_document", None),
    ("fz_title", None),
    ("fz_year", None),
    ("fz_publisher", None),
    ("fz_documents", None),
    ("fz_mentions", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.factory(
    "fazhi_publisher", requires=["doc._.fz_document"], assigns=["doc._.fz_title", "doc._.fz_year", "doc._.fz_publisher"]
)
def make_publisher(nlp: Language, name: str) -> PublisherComponent:
    return PublisherComponent()


class PublisherComponent:
    """Reads the report's title, year and publishing agency."""

    def __call__(self, doc: Doc) -> Doc:
        document: Document | None = doc._.fz_document
        if document is None:
            document = Document(source="", text=doc.text)
        title = report_title(document)
        doc._.fz_title = title
        doc._.fz_year = report_year(document, title)
        doc._.fz_publisher = find_publisher(document, title)
        return doc


@Language.factory(
    "fazhi_citations",
    requires=["doc._.fz_title", "doc._.fz_publisher"],
    assigns=["doc._.fz_documents", "doc._.fz_mentions", "doc.spans"],
)
def make_citations(nlp: Language, name: str) -> CitationsComponent:
    return CitationsComponent()


class CitationsComponent:
    """Finds 《…》 titles and bare legislation and links them to documents."""

    def __init__(self) -> None:
        self.linker = Linker()

    def __call__(self, doc: Doc) -> Doc:
        publisher: Publisher | None = doc._.fz_publisher
        scope = None
        if publisher is not None:
            scope = publisher.region.code if publisher.region else publisher.name or publisher.written
        # The page's text is the Doc's text; reading it from the Document avoids rebuilding it from tokens.
        text = doc._.fz_document.text if doc._.fz_document is not None else doc.text
        docs, mentions = self.linker.link(text, report_title=doc._.fz_title, scope=scope)
        doc._.fz_documents = docs
        doc._.fz_mentions = mentions
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label="CITATION", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["fz_citations"] = spans
        return doc


@cache
def _domain_words() -> tuple[str, ...]:
    words = {label for entry in legislation().entries for label in entry.labels if len(label) <= 30}
    words.update(label for t in agency_types().types for label in (t.label, *t.aliases))
    return tuple(sorted(words))


def make_tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer of fazhi's own (not the process-wide default), knowing the domain words."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in _domain_words():
        tokenizer.add_word(word, freq=None)
    return tokenizer


SEGMENTERS = ("char", "jieba")


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
        jieba.setLogLevel(60)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        nlp.tokenizer.jieba_seg = make_tokenizer()  # type: ignore[union-attr]
    else:
        nlp = spacy.blank("zh")
        nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("fazhi_publisher")
    nlp.add_pipe("fazhi_citations")
    return nlp


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that contains ``[start, end)``, as evidence.

    >>> sentence_around("一。学习《宪法》等。二。", 3, 7)
    '学习《宪法》等。'
    """
    left = max(text.rfind(ch, 0, start) for ch in _SENTENCE_CHARS) + 1
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    return text[left:right].strip()
