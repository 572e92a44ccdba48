"""Find the places where a report names a document: 《…》 titles (nested too) and bare names.

These functions only find spans; :mod:`fazhi.extraction.linking` decides what each names.

>>> [(c.surface, c.kind) for c in find_quoted("学习《关于贯彻〈纲要〉的意见》和《民法典》")]
[('《关于贯彻〈纲要〉的意见》', 'quoted'), ('〈纲要〉', 'nested'), ('《民法典》', 'quoted')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_NESTED = {"〈": "〉", "<": ">", "‹": "›", "＜": "＞", "«": "»"}
#: Unclosed 《 are read up to the first of these; the title is kept only if it then ends like one.
_STOP = set("，。；：！？,;:!?\n《")
MAX_TITLE = 100
_BRACKET_OR_LINE = re.compile("[《》\n" + re.escape("".join(OPEN_NESTED) + "".join(OPEN_NESTED.values())) + "]")
_DOC_ENDING = re.compile(
    r"(法|条例|规定|办法|细则|纲要|规划|方案|意见|通知|决定|要点|计划|清单|制度|准则|规则|措施|章程|决议|报告|纪要)"
)


@dataclass(frozen=True)
class Candidate:
    """A span of the text that may name a document.

    ``start``/``end`` select ``surface`` in the text; ``title`` is the name inside the brackets
    (completed where the closing bracket is missing).
    """

    start: int
    end: int
    surface: str
    title: str
    kind: str  # quoted | nested | unclosed | bare


def find_quoted(text: str) -> list[Candidate]:
    """Every 《…》 title with the titles nested in it (〈〉 <> ‹› or 《》 inside 《》), in text order."""
    out: list[Candidate] = []
    stack: list[tuple[int, str]] = []  # (offset, opening bracket)
    for m in _BRACKET_OR_LINE.finditer(text):  # only these characters matter: jump from one to the next
        i, ch = m.start(), m.group()
        if ch == "《":
            stack.append((i, "《"))
        elif ch == "》":
            while stack and stack[-1][1] != "《":
                stack.pop()  # an unclosed nested bracket ends with its title
            if stack:
                start, _ = stack.pop()
                _add(out, text, start, i + 1, "nested" if stack else "quoted")
        elif ch in OPEN_NESTED and stack:
            stack.append((i, ch))
        elif stack and stack[-1][1] in OPEN_NESTED and ch == OPEN_NESTED[stack[-1][1]]:
            start, _ = stack.pop()
            _add(out, text, start, i + 1, "nested")
        elif ch == "\n" and stack:
            for start, opener in stack:
                if opener == "《":
                    _add_unclosed(out, text, start)
            stack.clear()
    for start, opener in stack:
        if opener == "《":
            _add_unclosed(out, text, start)
    out.sort(key=lambda c: (c.start, -c.end))
    return out


def _add(out: list[Candidate], text: str, start: int, end: int, kind: str) -> None:
    surface = text[start:end]
    title = surface[1:-1].strip()
    if not title or len(title) > MAX_TITLE or "\n" in title:
        if len(title) > MAX_TITLE:
            _add_unclosed(out, text, start)
        return
    out.append(Candidate(start, end, surface, title, kind))


def _add_unclosed(out: list[Candidate], text: str, start: int) -> None:
    """A 《 never closed: keep the title only when it visibly ends like a document title."""
    j = start + 1
    while j < len(text) and text[j] not in _STOP and j - start <= MAX_TITLE:
        j += 1
    if j >= len(text):
        return  # cut off by the end of the text: not a title anyone can read
    body = text[start + 1 : j]
    endings = list(_DOC_ENDING.finditer(body))
    if not endings:
        return
    end = endings[-1].end()
    # Only complete short tails: the title must stop at, or next to, the punctuation.
    if len(body) - end > 4 or end < 3:
        return
    out.append(Candidate(start, start + 1 + end, text[start : start + 1 + end], body[:end], "unclosed"))


def quoted_ranges(candidates: list[Candidate]) -> list[tuple[int, int]]:
    """The outermost spans of quoted titles, where bare names are not searched."""
    ranges: list[tuple[int, int]] = []
    for c in candidates:
        if ranges and c.start < ranges[-1][1]:
            continue
        ranges.append((c.start, c.end))
    return ranges
