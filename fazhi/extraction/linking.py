"""Link candidate spans to documents: the vocabulary first, then titles as written.

Rules (ANNOTATION.md): quoted titles are documents unless they name a newspaper, platform or
the report itself; legislation counts bare too; short forms resolve only to a document the
report names in full; titles relative to their issuer (全区, 本局 …) are scoped to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import ahocorasick

from fazhi.extraction.citations import Candidate, find_quoted, quoted_ranges
from fazhi.extraction.levels import infer_level
from fazhi.ontology.legislation import LegalDocument, Legislation, legislation
from fazhi.ontology.normalize import PRC, clean_title, display_title, title_key

#: Levels whose names count without 《》 (ANNOTATION.md: legislation and party regulations).
BARE_LEVELS = {"宪法", "法律", "行政法规", "监察法规", "司法解释", "部门规章", "地方性法规", "地方政府规章", "党内法规"}
#: A bare name followed by one of these names another document (行政处罚法 in 行政处罚法实施条例).
_LONGER_DOC = re.compile(r"^(实施条例|实施细则|实施办法|实施意见|修正案|释义|条例|细则|办法|若干规定|司法解释|解释)")
#: Words that only name kinds of documents; a quoted title made of one of these is a short form.
GENERIC_ENDINGS = ("纲要", "条例", "方案", "规定", "意见", "办法", "决定", "规划", "细则", "要点", "通知", "计划", "清单", "法")
_DEFINED_SHORT = re.compile(r"[(（]\s*(?:以下|下文)?简称\s*[《“\"]([^》”\"]{1,20})[》”\"]\s*[)）]")
_RELATIVE = re.compile(
    r"全区|全市|全县|全省|全州|全旗|全镇|全乡|全局|本区|本市|本县|本局|我局|我区|我市|我县|本部门|本单位|本机关"
)
_RELATIVE_START = re.compile(
    r"^(省|市|区|县|州|旗|镇|乡)(?!场)(委|政府|人民政府|人大|政协|纪委|[\u4e00-\u9fff]{0,8}?(局|厅|委|办|院))"
)
_NEWSPAPER_NOT = ("通报", "简报", "公报", "年报", "汇报", "快报", "情报", "报告")
_PLATFORM = re.compile(r"(APP|App|app|客户端|公众号|微信|微博|平台|网站|专栏|栏目|频道|节目)$")
_TRAILING_PAREN = re.compile(r"[(（][^()（）]*[)）]$")


@dataclass
class LinkedDoc:
    """A document a report cites: its identity key, canonical title, levels and vocabulary entry."""

    key: str
    title: str
    levels: list[str]
    known: bool
    scope: str | None = None
    entry: LegalDocument | None = field(default=None, repr=False)


@dataclass
class LinkedMention:
    """One span of the text and the key of the document it names."""

    start: int
    end: int
    surface: str
    kind: str
    doc: str


@cache
def _non_documents() -> frozenset[str]:
    from fazhi.ontology import data_file

    lines = data_file("vocab", "not_documents.txt").read_text("utf-8").splitlines()
    return frozenset(title_key(x) for x in lines if x.strip() and not x.startswith("#"))


@cache
def _bare_automaton(vocab: Legislation) -> ahocorasick.Automaton:
    """The automaton of ``vocab``'s labels that are found without 《》, built once per vocabulary."""
    automaton = ahocorasick.Automaton()
    for entry in vocab.entries:
        if not BARE_LEVELS.intersection(entry.levels):
            continue
        for label in entry.labels:
            if len(label) >= 2:
                automaton.add_word(label, (len(label), entry.title))
    automaton.make_automaton()
    return automaton


def is_not_a_document(title: str) -> bool:
    """Newspapers, magazines, platforms and apps: named in 《》 but not documents.

    >>> is_not_a_document("人民日报"), is_not_a_document("学习强国"), is_not_a_document("关于某事的通报")
    (True, True, False)
    """
    key = title_key(title)
    if key in _non_documents():
        return True
    if key.endswith("报") and len(key) <= 8 and not key.endswith(_NEWSPAPER_NOT):
        return True
    return bool(_PLATFORM.search(key))


def is_relative(title: str) -> bool:
    """Whether a title only makes sense with its issuer (《2020年全区…工作要点》, 《市人社局…方案》).

    >>> is_relative("2020年全区法治政府建设工作要点"), is_relative("市场准入负面清单草案(试点版)")
    (True, False)
    """
    return bool(_RELATIVE.search(title) or _RELATIVE_START.match(title))


class Linker:
    """Links the citations of one report. Build once; call :meth:`link` per report."""

    def __init__(self, vocab: Legislation | None = None) -> None:
        self.vocab = vocab or legislation()
        self.automaton = _bare_automaton(self.vocab)

    def link(
        self, text: str, *, report_title: str | None = None, scope: str | None = None
    ) -> tuple[list[LinkedDoc], list[LinkedMention]]:
        """Every document ``text`` cites and every mention of one, in text order."""
        docs: dict[str, LinkedDoc] = {}
        mentions: list[LinkedMention] = []
        own_title = title_key(report_title) if report_title else None
        quoted = find_quoted(text)
        pending: list[tuple[Candidate, str]] = []  # short forms, resolved once all full titles are known
        defined = self._defined_short_forms(text, quoted)
        for cand in quoted:
            title = clean_title(cand.title)
            key = title_key(title)
            if not key or own_title == key or is_not_a_document(title):
                continue
            entry = self.vocab.lookup(title) or self._lookup_prc(title)
            if entry is not None:
                self._add(docs, mentions, cand, self._doc_for(entry))
            elif key in defined:
                pending.append((cand, defined[key]))
            elif self._is_generic(key):
                pending.append((cand, ""))
            else:
                doc_scope = scope if is_relative(title) else None
                doc = LinkedDoc(
                    key=("s:" + (doc_scope or "") + "|" if doc_scope else "t:") + key,
                    title=display_title(title),
                    levels=[infer_level(title)],
                    known=False,
                    scope=doc_scope,
                )
                self._add(docs, mentions, cand, doc)
        for cand, target in pending:
            resolved = docs.get(target) if target else self._resolve_generic(title_key(cand.title), cand.start, docs, mentions)
            if resolved is not None:
                mentions.append(LinkedMention(cand.start, cand.end, cand.surface, "short", resolved.key))
        self._bare(text, quoted, docs, mentions)
        mentions.sort(key=lambda m: (m.start, -m.end))
        return list(docs.values()), mentions

    def _lookup_prc(self, title: str) -> LegalDocument | None:
        # 《中华人民共和国X》 where the vocabulary knows X under its own name (市场主体登记管理条例).
        if title.startswith(PRC):
            return self.vocab.lookup(title[len(PRC) :])
        return None

    @staticmethod
    def _doc_for(entry: LegalDocument) -> LinkedDoc:
        return LinkedDoc(key="v:" + entry.key, title=entry.title, levels=list(entry.levels), known=True, entry=entry)

    @staticmethod
    def _add(docs: dict[str, LinkedDoc], mentions: list[LinkedMention], cand: Candidate, doc: LinkedDoc) -> None:
        docs.setdefault(doc.key, doc)
        mentions.append(LinkedMention(cand.start, cand.end, cand.surface, cand.kind, doc.key))

    def _defined_short_forms(self, text: str, quoted: list[Candidate]) -> dict[str, str]:
        """``(以下简称《纲要》)`` → the key of the document named just before it."""
        out: dict[str, str] = {}
        for m in _DEFINED_SHORT.finditer(text):
            before = [c for c in quoted if c.end <= m.start() and m.start() - c.end <= 30 and c.kind != "nested"]
            if not before:
                continue
            full = clean_title(before[-1].title)
            entry = self.vocab.lookup(full) or self._lookup_prc(full)
            out[title_key(m.group(1))] = "v:" + entry.key if entry else "t:" + title_key(full)
        return out

    @staticmethod
    def _is_generic(key: str) -> bool:
        return len(key) <= 6 and key.endswith(GENERIC_ENDINGS)

    @staticmethod
    def _resolve_generic(short: str, at: int, docs: dict[str, LinkedDoc], mentions: list[LinkedMention]) -> LinkedDoc | None:
        """The document named in full whose title ends with the short form, nearest before ``at``."""
        fitting = {
            key
            for key, doc in docs.items()
            if _TRAILING_PAREN.sub("", title_key(doc.title)).endswith(short) and title_key(doc.title) != short
        }
        if not fitting:
            return None
        before = [m for m in mentions if m.doc in fitting and m.start < at]
        chosen = before[-1] if before else next(m for m in mentions if m.doc in fitting)
        return docs[chosen.doc]

    def _bare(self, text: str, quoted: list[Candidate], docs: dict[str, LinkedDoc], mentions: list[LinkedMention]) -> None:
        """Legislation named without 《》 (宪法, 民法典, 行政处罚法 …), outside quoted titles."""
        if len(self.automaton) == 0:
            return
        ranges = quoted_ranges(quoted)
        r = 0
        for end_index, (length, title) in self.automaton.iter_long(text):
            start, end = end_index - length + 1, end_index + 1
            while r < len(ranges) and ranges[r][1] <= start:
                r += 1
            if r < len(ranges) and ranges[r][0] < end:
                continue  # inside a quoted title
            if _LONGER_DOC.match(text[end : end + 4]):
                continue
            entry = self.vocab.lookup(title)
            assert entry is not None
            doc = self._doc_for(entry)
            docs.setdefault(doc.key, doc)
            mentions.append(LinkedMention(start, end, text[start:end], "bare", doc.key))
