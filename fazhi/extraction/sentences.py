"""The sentence around a mention: the evidence a reader checks a citation against.

Kept apart from the pipeline (no spaCy here), so the network and other readers of a graph can cut
sentences from ``fz:text`` as the extractor does; the queries that show sentences
(``citation-evidence``, ``document-citations``, ``sentences``) do the same in SPARQL.
"""

from __future__ import annotations

import re

SENTENCE_CHARS = "。！？；!?;\n"
_SENTENCE_END = re.compile(f"[{SENTENCE_CHARS}]")
#: At most this many characters are read before and after a mention.
LONGEST_SENTENCE = 2000


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that contains ``[start, end)``, as evidence: from the last 。！？；!?;
    or line break before it to the first after it, at most 2,000 characters either side, stripped.
    The queries that show sentences (``citation-evidence``, ``document-citations``, ``sentences``) cut
    the same words.

    >>> sentence_around("一。学习《宪法》等。二。", 3, 7)
    '学习《宪法》等。'
    """
    floor = max(0, start - LONGEST_SENTENCE)  # bounds, so that long texts cost no more per sentence
    ceiling = min(len(text), end + LONGEST_SENTENCE)
    left = max(floor - 1, *(text.rfind(ch, floor, start) for ch in SENTENCE_CHARS)) + 1
    right_match = _SENTENCE_END.search(text, end, ceiling)
    right = right_match.end() if right_match else ceiling
    return text[left:right].strip()
