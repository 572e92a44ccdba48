"""Figures that say what they count: a quantity (:mod:`fazhi.extraction.values`), the indicator
cue (``vocab/indicators.tsv``) before it in its clause, and the qualifiers (``vocab/qualifiers.tsv``)
that tell two values of one indicator apart.

A cue before the number is preferred (办理行政复议案件12件); failing that, one right after it in
the same phrase (14名干部职工参加学法考试). The unit must agree with the indicator's (a count of
件 is not a rate), except for a change over last year (同比增长41%). A number counts what the
indicator counts only if nothing else counted stands between them (``vocab/not_counted.txt``):
制发行政复议意见书5份 is 5 letters, not 5 cases, and is left out. The words between the previous
number (or the clause's start) and this one give its qualifiers: 收到…128件，受理115件，审结109件
are received, accepted and concluded; 新增…6名 and 总数达到58名 a new count and a total. Of two
values with the same indicator and qualifiers in one report, the first is kept: nothing would
tell a reader which the other is. A zero statement counts for every indicator it names: 我局未出现
行政复议和行政诉讼案件 gives 0 reconsideration cases and 0 litigation cases.

>>> [(f.indicator, f.value, f.unit) for f in find_figures("2020年共办理行政复议案件3件，负责人出庭应诉率达100%。")]
[('reconsideration-cases', 3, '件'), ('court-appearance-rate', 100, '%')]
>>> [(f.value, f.qualifiers) for f in find_figures("收到行政复议申请128件，受理115件，审结109件。")]
[(128, ['received']), (115, ['accepted']), (109, ['concluded'])]
>>> [(f.indicator, f.value) for f in find_figures("制发行政复议意见书5份、建议书11份。")]
[]
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
    "件": {"件", "起", "宗", "份", "个", "次"},
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
    said: set[tuple[str, tuple[str, ...]]] = set()  # (indicator, qualifiers) already given a value
    previous_end = 0
    last: tuple[Concept, int] | None = None  # the indicator of the last figure, and where it ended
    for q in find_quantities(text):
        window_start, previous_end = max(_clause_start(text, q.start), previous_end), q.end
        qualifiers = _qualifiers(text[window_start : q.start])
        if q.value == 0 and not q.surface[:1].isdigit():
            for cue_start, cue_end, concept in cues:  # 未出现行政复议和行政诉讼案件
                if (
                    q.start <= cue_start
                    and cue_end <= q.end
                    and not any(f.indicator == concept.id and f.start == q.start for f in out)
                ):
                    out.append(Figure(concept.id, 0, concept.extra, q.start, q.end))
            continue
        change = any(_qualifier_group(x) == "change" for x in qualifiers)
        hit = _claim(text, q, cues, starts, change)
        if (
            hit is None
            and last is not None
            and qualifiers
            and _continues(text, last, q)
            and not _counts_something_else(text[window_start : q.start], last[0])
        ):
            # 受理115件，审结109件，其中调解和解结案41件: the indicator of the enumeration goes on.
            hit = (window_start, window_start, last[0])
        if hit is None:
            continue
        cue_start, cue_end, concept = hit
        last = (concept, q.end)
        key = (concept.id, tuple(qualifiers))
        if key in said:
            continue  # a second value nothing tells apart from the first (or the first again)
        said.add(key)
        value: float | int = q.value / 10000 if concept.extra == "万元" and q.unit == "元" else q.value
        high = q.high / 10000 if (q.high is not None and concept.extra == "万元" and q.unit == "元") else q.high
        unit = "%" if (change and q.unit == "%") else concept.extra
        start, end = min(cue_start, q.start), max(cue_end, q.end)
        out.append(Figure(concept.id, value, unit, start, end, q.approx, high, qualifiers))
    return out


def _continues(text: str, last: tuple[Concept, int], q: Quantity) -> bool:
    """Whether ``q`` goes on the enumeration of the last figure: same sentence, close, same unit."""
    concept, end = last
    between = text[end : q.start]
    return (
        len(between) <= _LOOK_BACK
        and not _CLAUSE_END.search(between)
        and q.unit in _COMPATIBLE.get(concept.extra, {concept.extra})
    )


def _clause_start(text: str, at: int) -> int:
    """Where the clause around offset ``at`` begins (at most ``_LOOK_BACK`` characters back)."""
    floor = max(0, at - _LOOK_BACK)
    return max((m.end() for m in _CLAUSE_END.finditer(text, floor, at)), default=floor)


def _qualifiers(words: str) -> list[str]:
    """The qualifiers the words before a number give, one per group (stage, scope, change).

    Where a group has several, the one listed later in ``qualifiers.tsv`` wins: outcomes over
    steps (调解和解结案 is settled by mediation; 收到并受理 is accepted) and 不予受理 over 受理.
    """
    order = {c.id: i for i, c in enumerate(scheme("qualifiers").concepts)}
    best: dict[str, str] = {}
    for _, (_, concept) in _automaton("qualifiers").iter(words):
        known = best.get(concept.extra)
        if known is None or order[concept.id] > order[known]:
            best[concept.extra] = concept.id
    return sorted(best.values())


def _qualifier_group(concept_id: str) -> str:
    return scheme("qualifiers").by_id[concept_id].extra


def _counts_something_else(between: str, concept: Concept) -> bool:
    """Whether the words between an indicator's cue and a number name another counted thing."""
    own = concept.label + "".join(concept.terms)
    return any(noun in between and noun not in own for noun in _not_counted())


@cache
def _not_counted() -> tuple[str, ...]:
    from fazhi.ontology import data_file

    lines = data_file("vocab", "not_counted.txt").read_text("utf-8").splitlines()
    return tuple(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def _claim(
    text: str, q: Quantity, cues: list[tuple[int, int, Concept]], starts: list[int], change: bool = False
) -> tuple[int, int, Concept] | None:
    """The cue closest before ``q`` in its clause whose unit fits, else the closest after it.

    A change over last year in % (同比增长41%) fits any indicator. ``cues`` are sorted by start
    (``starts``), so only those starting inside the clause are read.
    """
    clause_start = _clause_start(text, q.start)
    after = _CLAUSE_END.search(text, q.end)
    clause_end = min(after.start() if after else len(text), q.end + _LOOK_AHEAD)
    near = cues[bisect_left(starts, clause_start) : bisect_left(starts, clause_end)]
    fitting = [c for c in near if q.unit in _COMPATIBLE.get(c[2].extra, {c[2].extra}) or (change and q.unit == "%")]
    fitting = [
        c for c in fitting if not _counts_something_else(text[c[1] : q.start] if c[1] <= q.start else text[q.end : c[0]], c[2])
    ]
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
    for end, (cue, concept) in _automaton("indicators").iter(text):
        start = end + 1 - len(cue)
        inside = bisect_right(title_starts, start) - 1
        if inside >= 0 and start < titles[inside][1]:
            continue
        known = found.get(end + 1)
        if known is None or known[1] - known[0] < len(cue):
            found[end + 1] = (start, end + 1, concept)
    return sorted(found.values(), key=lambda c: (c[0], c[1]))


@cache
def _automaton(scheme_name: str) -> ahocorasick.Automaton:
    """Every cue of a vocabulary (``indicators``, ``qualifiers``) → (cue, its concept)."""
    automaton = ahocorasick.Automaton()
    for concept in scheme(scheme_name).concepts:
        for cue in concept.terms:
            automaton.add_word(cue, (cue, concept))
    automaton.make_automaton()
    return automaton
