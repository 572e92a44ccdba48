"""A report's parts and items: headings, the five mandated parts, and the enumerated items in them.

Headings are lines that open with an enumerator: 一、 or 第一部分 (level 1), （一） (level 2),
1. 1、 （1） (level 3). A heading line may carry its first paragraph after a short lead
sentence: （一）加强组织领导，推进法治建设。一是… . Each heading is matched against the parts
vocabulary (``vocab/parts.tsv``); a sub-heading that names a part (（二）存在问题) opens it
inside its parent.

Items are the finest enumeration inside a paragraph (一是…二是…), else the paragraph itself,
without its lead sentence. No item crosses a part boundary or a paragraph, and headings are
never items.

>>> text = "一、工作情况\\n（一）加强学习。一是学习宪法；二是学习民法典。\\n二、存在的问题\\n个别干部法治意识不强。"
>>> [(i.part, text[i.start:i.end]) for i in find_items(text)]
[('measures', '学习宪法'), ('measures', '学习民法典'), ('problems', '个别干部法治意识不强')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import ahocorasick

from fazhi.extraction.regex import compile_with_lead
from fazhi.ontology.concepts import scheme

_NUM = "一二三四五六七八九十"
_LEVEL_1 = re.compile(rf"^\s*(?:[{_NUM}]{{1,3}}\s*[、.．]|第[{_NUM}]{{1,3}}部分\s*[、:：]?)")
_LEVEL_2 = re.compile(rf"^\s*[（(]\s*[{_NUM}]{{1,3}}\s*[)）]\s*[、.．]?")
_LEVEL_3 = re.compile(r"^\s*(?:\d{1,2}\s*[、.．](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[①②③④⑤⑥⑦⑧⑨⑩])")
#: 一是 二是 …, 第一 第二 …, 其一 其二 … at the start of a clause.
_ENUMERATION = compile_with_lead(
    rf"(?:(?<=^)|(?<=[。；;，,：:\s]))(?:[{_NUM}]{{1,3}}是|其[{_NUM}]{{1,3}}[，,、]|第[{_NUM}]{{1,3}}[，,、])"
)
_LEAD_MAX = 40
_HEADING_MAX = 60
_MIN_ITEM = 4
_SUB_PARTS = ("problems", "plans")
_TRIM = " \t\u3000；;，,、。：:"


@dataclass(frozen=True)
class Heading:
    """A heading line: its level (1–3), text without the enumerator, span, and the part it opens."""

    level: int
    text: str
    start: int
    end: int
    part: str | None


@dataclass(frozen=True)
class Item:
    """One enumerated item or paragraph of a part: ``text[start:end]``; its part and the heading above it."""

    part: str
    item_class: str
    start: int
    end: int
    section: str | None


def part_of_heading(heading: str) -> str | None:
    """The part a heading opens, by the first part (in vocabulary order) whose cue it contains.

    >>> part_of_heading("二、存在的主要问题"), part_of_heading("三、2025年工作安排"), part_of_heading("（一）加强学习")
    ('problems', 'plans', None)
    """
    found = {index for _, index in _part_cues().iter(heading)}
    return scheme("parts").concepts[min(found)].id if found else None


@cache
def _part_cues() -> ahocorasick.Automaton:
    """Every cue of the parts vocabulary, found with the position of its part in vocabulary order."""
    automaton = ahocorasick.Automaton()
    for index, concept in reversed(list(enumerate(scheme("parts").concepts))):
        for cue in concept.terms:
            automaton.add_word(cue, index)  # a cue two parts share is the earlier part's
    automaton.make_automaton()
    return automaton


def find_headings(text: str) -> list[Heading]:
    """Every heading line of ``text`` with its level and part (the lead sentence only, for long lines)."""
    return [heading for _, _, heading in _lines(text) if heading is not None]


def find_items(text: str) -> list[Item]:
    """The items of every part of ``text``, in order."""
    classes = {c.id: c.extra for c in scheme("parts").concepts}
    items: list[Item] = []
    part: str | None = None
    parts_by_level: dict[int, str | None] = {}
    section: str | None = None
    seen_other_part = False
    for start, line, heading in _lines(text):
        body_from = 0
        if heading is not None:
            named = heading.part
            if heading.level == 1:
                if named is None and not seen_other_part:
                    named = "measures"  # 一、依法全面履行政府职能: a chapter of measures
                parts_by_level = {1: named}
            else:
                # A sub-heading opens only a part of problems or plans inside its parent
                # (二、存在问题及下一步打算 › （二）下一步打算); 1、切实履行第一责任人职责 under measures stays a measure.
                parts_by_level = {k: v for k, v in parts_by_level.items() if k < heading.level}
                parts_by_level[heading.level] = named if named in _SUB_PARTS else None
            part = next((parts_by_level[k] for k in sorted(parts_by_level, reverse=True) if parts_by_level[k]), None)
            seen_other_part = seen_other_part or (part not in (None, "measures"))
            section = heading.text
            body_from = heading.end - start
        if part is None:
            continue
        for s, e in _pieces(line, body_from):
            items.append(Item(part, classes[part], start + s, start + e, section))
    return items


def _lines(text: str) -> Iterator[tuple[int, str, Heading | None]]:
    """Each line of ``text`` with its offset and, when it opens with an enumerator, its heading."""
    at = 0
    for line in text.split("\n"):
        heading = None
        level, marker = _heading_level(line)
        if level:
            lead = _lead(line, marker)
            heading_text = line[marker:lead].strip(_TRIM)
            heading = Heading(level, heading_text, at + marker, at + lead, part_of_heading(heading_text))
        yield at, line, heading
        at += len(line) + 1


def _heading_level(line: str) -> tuple[int, int]:
    for level, pattern in ((1, _LEVEL_1), (2, _LEVEL_2), (3, _LEVEL_3)):
        m = pattern.match(line)
        if m:
            return level, m.end()
    return 0, 0


def _lead(line: str, marker: int) -> int:
    """Where a heading line's heading ends: the whole line when short, else after its first short sentence."""
    rest = line[marker:]
    if len(rest.strip()) <= _HEADING_MAX and not re.search(r"[。；;]\s*\S", rest.strip()):
        return len(line)  # 三、2024年度党政主要负责人履行推进法治政府建设第一责任人职责情况
    if len(rest.strip()) <= _LEAD_MAX and not re.search(r"[。；;]\s*\S", rest):
        return len(line)
    m = re.search(r"[。；;：:]", rest)
    if m and m.start() <= _LEAD_MAX:
        return marker + m.end()
    return marker  # a long enumerated paragraph with no lead: all of it is the item


def _pieces(line: str, body_from: int) -> list[tuple[int, int]]:
    """The items of one paragraph: its 一是…二是… pieces, else the paragraph (from ``body_from``)."""
    marks = [m for m in _ENUMERATION.finditer(line, body_from)]
    first_at_start = bool(marks) and not line[body_from : marks[0].start()].strip(_TRIM)
    if marks and (first_at_start or marks[0].group().startswith(("一是", "其一", "第一")) or len(marks) >= 2):
        bounds = [m.end() for m in marks] + [len(line)]
        starts = [m.start() for m in marks[1:]] + [len(line)]
        spans = [(bounds[i], starts[i]) for i in range(len(marks))]
        if not first_at_start:
            spans.insert(0, (body_from, marks[0].start()))  # words before 一是 stand as an item of their own
    else:
        spans = [(body_from, len(line))]
    out = []
    for s, e in spans:
        while s < e and line[s] in _TRIM:
            s += 1
        while e > s and line[e - 1] in _TRIM:
            e -= 1
        if e - s >= _MIN_ITEM:
            out.append((s, e))
    return out
