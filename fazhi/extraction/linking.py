"""Link candidate spans to documents: the vocabulary first, then titles as written.

Rules (ANNOTATION.md): quoted titles are documents unless they name a newspaper, platform or
the report itself; legislation counts bare too; short forms resolve only to a document the
report names in full; titles relative to their issuer (全区, 本局 …) are scoped to it.
"""

from __future__ import annotations

import re
from collections import defaultdict
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
    correction: str | None = None  # how the surface differs from the title it links to (a slip, a cut …)


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


_PERIOD = re.compile(r"\((\d{4})-(\d{4})年?\)$")


def near_title(vocab: Legislation, title: str, year: int | None = None) -> tuple[LegalDocument, str] | None:
    """The one known title that ``title`` means though it is not written so, and how it differs.

    A title cited without its period is the edition in force in ``year``; a title with an
    unclosed parenthesis, its last one or two characters cut off, one character slipped, or (if
    long) a word or two left out or added, is the known title it differs from so, when only one does. Digits never differ: a 2021 and a
    2023 plan, or 修正案（九） and （十）, stay apart.

    >>> vocab = legislation()
    >>> [(e.title, how) for e, how in [near_title(vocab, "优化营商坏境条例"), near_title(vocab, "中华人民共和国行政处罚")]]
    [('优化营商环境条例', 'one character differs'), ('中华人民共和国行政处罚法', 'end cut off')]
    >>> near_title(vocab, "法治政府建设实施纲要", 2023)[0].title
    '法治政府建设实施纲要（2021—2025年）'
    """
    key = title_key(title)
    if len(key) < 5:
        return None
    near = _near_index(vocab)
    index = near.keys
    if year is not None:
        editions = [(int(m.group(1)), int(m.group(2)), e) for k, e in near.editions.get(key, ()) if (m := _PERIOD.search(k))]
        if editions:
            in_force = [e for start, end, e in editions if start <= year <= end]
            if not in_force:  # a year past every period: the latest edition begun by then
                begun = sorted((start, e.title, e) for start, _, e in editions if start <= year)
                in_force = [begun[-1][2]] if begun else []
            if len({e.title for e in in_force}) == 1:
                return in_force[0], "period added from the report's year"
    if key.count("(") > key.count(")"):
        closed = index.get(key + ")") or index.get(key + "年)")
        if closed is not None:
            return closed, "parenthesis not closed"
    found: dict[str, tuple[LegalDocument, str]] = {}
    for other, entry in near.cut.get(key, ()):
        if not any(_numeral(c) for c in other[len(key) :]):
            found[entry.title] = (entry, "end cut off")
    half = len(key) // 2  # one character differs: in the first half, or in the second
    same_length = (*near.halves.get((len(key), 0, key[half:]), ()), *near.halves.get((len(key), 1, key[:half]), ()))
    for other, entry in dict(same_length).items():
        slips = [i for i, (a, b) in enumerate(zip(key, other, strict=True)) if a != b]
        if len(slips) != 1 or _numeral(key[slips[0]]) or _numeral(other[slips[0]]):
            continue  # a number differs: 修正案（十二） is not a slip of 修正案（十一）
        # 南京市…条例 is not a slip of 北京市…条例: a place name is never corrected.
        if slips[0] >= max(_place_length(key), _place_length(other)):
            found[entry.title] = (entry, "one character differs")
    if len(key.removeprefix(PRC)) >= 12:
        chars = frozenset(key)
        # A longer title holds every character of the key, so its rarest one; a shorter one has every
        # character of its own, so its rarest, in the key.
        longer, shorter, lengths = [], [], range(1, 5)
        if not chars - near.frequency.keys():  # a character no long title has: none is longer
            rarest = min(chars, key=near.frequency.__getitem__)
            longer = [(o, e) for n in lengths for o, e, oc in near.holding.get((rarest, len(key) + n), ()) if chars <= oc]
        for c in chars:
            shorter += [(o, e) for n in lengths for o, e, oc in near.by_rarest.get((c, len(key) - n), ()) if oc <= chars]
        for other, entry in longer + shorter:
            if entry.title not in found and _words_left_out(key, other):
                found[entry.title] = (entry, "words left out or added")
    return next(iter(found.values())) if len(found) == 1 else None


@dataclass(frozen=True)
class _NearIndex:
    """The vocabulary's keys arranged so that :func:`near_title` looks at a handful of candidates,
    not every title: editions by the title before the period, titles by their key less its last
    one or two characters, by their length and each half of their key (``halves``: the half a slip
    of one character leaves as it was), and long titles by each of their characters (``holding``)
    and by the rarest of them (``by_rarest``)."""

    keys: dict[str, LegalDocument]
    editions: dict[str, list[tuple[str, LegalDocument]]]
    cut: dict[str, list[tuple[str, LegalDocument]]]
    halves: dict[tuple[int, int, str], list[tuple[str, LegalDocument]]]
    holding: dict[tuple[str, int], list[tuple[str, LegalDocument, frozenset[str]]]]  # by character and length
    by_rarest: dict[tuple[str, int], list[tuple[str, LegalDocument, frozenset[str]]]]  # … rarest character and length
    frequency: dict[str, int]  # how many long titles hold each character


@cache
def _near_index(vocab: Legislation) -> _NearIndex:
    keys = dict(vocab.by_key)
    near = _NearIndex(keys, defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list), {})
    long = []
    for k, e in keys.items():
        if "(" in k and _PERIOD.search(k):
            near.editions[k[: k.rindex("(")]].append((k, e))
        for cut in (1, 2):
            near.cut[k[:-cut]].append((k, e))
        half = len(k) // 2
        near.halves[(len(k), 0, k[half:])].append((k, e))  # found when the slip is in the first half
        near.halves[(len(k), 1, k[:half])].append((k, e))  # … or in the second
        if len(k.removeprefix(PRC)) >= 12:
            long.append((k, e, frozenset(k)))
            for c in long[-1][2]:
                near.holding[(c, len(k))].append(long[-1])
                near.frequency[c] = near.frequency.get(c, 0) + 1
    for title in long:
        near.by_rarest[(min(title[2], key=lambda c: (near.frequency[c], c)), len(title[0]))].append(title)
    return near


def _numeral(ch: str) -> bool:
    """Digits and Chinese numerals: what tells a 2021 plan from a 2023 one, 修正案（九） from （十）."""
    return ch.isdigit() or ch in "〇零一二三四五六七八九十百千两"


def _words_left_out(a: str, b: str) -> bool:
    """Whether the shorter of two long titles is the longer with a few characters (no digits) left out:
    党政主要负责人履行推进第一责任人职责规定 in 党政主要负责人履行推进法治建设第一责任人职责规定."""
    short, long = sorted((a, b), key=len)
    rest = iter(long)
    if not all(ch in rest for ch in short):
        return False
    left = list(long)
    for ch in short:
        left.remove(ch)
    return not any(_numeral(c) for c in left) and _place_length(short) == _place_length(long)


def _place_length(key: str) -> int:
    """How many leading characters of ``key`` name divisions (江苏省南京市… → 6; 中华人民共和国 → 7)."""
    from fazhi.ontology.regions import regions

    table = regions()
    at = len(PRC) if key.startswith(PRC) else 0
    while True:
        step = next((n for n in range(min(12, len(key) - at), 1, -1) if table.named(key[at : at + n])), 0)
        if not step:
            return at
        at += step


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
        self, text: str, *, report_title: str | None = None, scope: str | None = None, year: int | None = None
    ) -> tuple[list[LinkedDoc], list[LinkedMention]]:
        """Every document ``text`` cites and every mention of one, in text order.

        ``year`` (the year the report covers) picks the edition in force of a title cited
        without its period (法治政府建设实施纲要 in a 2023 report is the 2021—2025 one).
        """
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
            elif (near := near_title(self.vocab, title, year)) is not None:
                entry, correction = near
                doc = self._doc_for(entry)
                docs.setdefault(doc.key, doc)
                mentions.append(LinkedMention(cand.start, cand.end, cand.surface, cand.kind, doc.key, correction))
            elif self._is_generic(key):
                pending.append((cand, ""))
            else:
                doc_scope = scope if is_relative(title) else None
                doc = LinkedDoc(
                    key=("s:" + (doc_scope or "") + "|" if doc_scope else "t:") + key,
                    title=display_title(title),
                    levels=[infer_level(title, text[cand.end : cand.end + 40])],
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
