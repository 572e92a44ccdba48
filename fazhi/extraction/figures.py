"""Figures tied to what they count: a quantity (:mod:`fazhi.extraction.values`) and the indicator cue
(``vocab/indicators.tsv``) closest to it in the same clause.

A cue before the number is preferred (办理行政复议案件12件); failing that, one right after it
in the same clause (14名干部职工参加学法考试). The unit must agree with the indicator's (a
count of 件 is not a rate). A zero statement counts for every indicator it names: 我局未出现
行政复议和行政诉讼案件 gives 0 reconsideration cases and 0 litigation cases.

>>> [(f.indicator, f.value, f.unit) for f in find_figures("2020年共办理行政复议案件3件，负责人出庭应诉率达100%。")]
[('reconsideration-cases', 3, '件'), ('court-appearance-rate', 100, '%')]
>>> [(f.indicator, f.value) for f in find_figures("我局未出现行政复议和行政诉讼案件。")]
[('reconsideration-cases', 0), ('litigation-cases', 0)]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

import ahocorasick

from fazhi.extraction.citations import find_quoted, quoted_ranges
from fazhi.extraction.record import FigureRef as Figure
from fazhi.extraction.values import Quantity, find_quantities
from fazhi.ontology.concepts import Concept, scheme

_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_LOOK_BACK = 30
_LOOK_AHEAD = 24
#: Units the values module gives that an indicator's unit accepts.
_COMPATIBLE = {
    "件": {"件", "起", "宗", "份", "个"},
    "人": {"人", "人次"},
    "次": {"次", "场", "场次"},
    "场": {"场", "场次", "次", "期"},
    "项": {"项", "个", "件"},
    "%": {"%"},
    "分": {"分"},
    "条": {"条", "篇"},
    "万元": {"元"},
    "元": {"元"},
}


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` that an indicator cue claims, in order of the text."""
    cues = _cues_in(text)
    starts = [c[0] for c in cues]
    out: list[Figure] = []
    for q in find_quantities(text):
        if q.value == 0 and not q.surface[:1].isdigit():
            for cue_start, cue_end, concept in cues:  # 未出现行政复议和行政诉讼案件
                if (
                    q.start <= cue_start
                    and cue_end <= q.end
                    and not any(f.indicator == concept.id and f.start == q.start for f in out)
                ):
                    out.append(Figure(concept.id, 0, concept.extra, q.start, q.end))
            continue
        hit = _claim(text, q, cues, starts)
        if hit is None:
            continue
        cue_start, cue_end, concept = hit
        value: float | int = q.value / 10000 if concept.extra == "万元" and q.unit == "元" else q.value
        high = q.high / 10000 if (q.high is not None and concept.extra == "万元" and q.unit == "元") else q.high
        start, end = min(cue_start, q.start), max(cue_end, q.end)
        out.append(Figure(concept.id, value, concept.extra, start, end, q.approx, high))
    return out


def _claim(text: str, q: Quantity, cues: list[tuple[int, int, Concept]], starts: list[int]) -> tuple[int, int, Concept] | None:
    """The cue closest before ``q`` in its clause whose unit fits, else the closest after it.

    ``cues`` are sorted by start (``starts``), so only those starting inside the clause are read.
    """
    clause_start = max(
        (m.end() for m in _CLAUSE_END.finditer(text, max(0, q.start - _LOOK_BACK), q.start)), default=max(0, q.start - _LOOK_BACK)
    )
    after = _CLAUSE_END.search(text, q.end)
    clause_end = min(after.start() if after else len(text), q.end + _LOOK_AHEAD)
    near = cues[bisect_left(starts, clause_start) : bisect_left(starts, clause_end)]
    fitting = [c for c in near if q.unit in _COMPATIBLE.get(c[2].extra, {c[2].extra})]
    before = [c for c in fitting if clause_start <= c[0] and c[1] <= q.start]
    if before:
        return max(before, key=lambda c: (c[1], c[1] - c[0]))
    # After the number only a count of people or things, in the same phrase: 14名干部职工参加学法考试.
    following = [
        c
        for c in fitting
        if q.unit != "%" and q.end <= c[0] and c[1] <= clause_end and not re.search(r"[，,、：:]", text[q.end : c[0]])
    ]
    if following:
        return min(following, key=lambda c: (c[0], -(c[1] - c[0])))
    return None


def _cues_in(text: str) -> list[tuple[int, int, Concept]]:
    """(start, end, indicator) of every cue outside 《》 titles; at one end, the longest cue."""
    titles = quoted_ranges(find_quoted(text))  # sorted, not overlapping
    title_starts = [s for s, _ in titles]
    found: dict[int, tuple[int, int, Concept]] = {}
    for end, (cue, concept) in _cue_automaton().iter(text):
        start = end + 1 - len(cue)
        inside = bisect_right(title_starts, start) - 1
        if inside >= 0 and start < titles[inside][1]:
            continue
        known = found.get(end + 1)
        if known is None or known[1] - known[0] < len(cue):
            found[end + 1] = (start, end + 1, concept)
    return sorted(found.values(), key=lambda c: (c[0], c[1]))


@cache
def _cue_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for concept in scheme("indicators").concepts:
        for cue in concept.terms:
            automaton.add_word(cue, (cue, concept))
    automaton.make_automaton()
    return automaton
