"""Regular expressions that skip, at C speed, the positions where they cannot start.

Python's engine tries an alternation of many words (七五普法|三项制度|一网通办|…) at every position
of a text, unless every alternative opens with a plain character. :func:`compile_with_lead`
works out from the parsed expression which characters a match can start with and puts them
first as a lookahead, ``(?=[六七八九三…])``, which the engine checks at once: the same matches,
found several times faster in text where those characters are rare.

>>> pattern = compile_with_lead(r"[六七八九]五普法|三项制度|(?<![0-9])12345")
>>> pattern.pattern
'(?=[1七三九八六])(?:[六七八九]五普法|三项制度|(?<![0-9])12345)'
>>> [m.group() for m in pattern.finditer("落实三项制度，开展七五普法，拨打12345")]
['三项制度', '七五普法', '12345']
>>> lead(r"(?:党的)?[一二]?十大"), lead(r"[\\u4e00-\\u9fff]+"), lead(r"a?"), lead(r".b")
('[一二党十]', '[一-鿿]', None, None)
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11 and later
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

_Ranges = set[tuple[int, int]]
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_ZERO_WIDTH = {_c.ASSERT, _c.ASSERT_NOT, _c.AT}


def compile_with_lead(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern)``, with the characters a match can start with said first as a
    lookahead when they can be worked out (otherwise the plain expression)."""
    chars = lead(pattern, flags)
    return re.compile(pattern if chars is None else f"(?={chars})(?:{pattern})", flags)


def lead(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every character a match of ``pattern`` can start with, or None
    when that is not known: a match may be empty, may start with any character (``.``, ``\\w``,
    a negated class), or the expression uses flags or constructs this does not follow. The class
    may hold more characters than can start a match (a lookahead or lookbehind is not read), never fewer."""
    if flags or (pattern.startswith("(?") and pattern[2:3].isalpha()):
        return None  # case folding, inline flags: let the engine do it
    ranges, nullable = _first(list(_parser.parse(pattern)))
    if ranges is None or nullable or not ranges:
        return None
    return "[" + "".join(_spell(lo, hi) for lo, hi in sorted(ranges, key=lambda r: chr(r[0]))) + "]"


def _first(items: list[tuple[Any, Any]]) -> tuple[_Ranges | None, bool]:
    """The code point ranges a sequence of parsed items can start with, and whether it can match
    nothing at all (then what follows it can start the match too)."""
    found: _Ranges = set()
    for op, av in items:
        if op is _c.LITERAL:
            found.add((av, av))
            return found, False
        if op is _c.IN:
            ranges = _class(av)
            if ranges is None:
                return None, False
            return found | ranges, False
        if op in _ZERO_WIDTH:
            continue  # it consumes nothing: the next item starts the match
        if op is _c.SUBPATTERN:
            inner, nullable = _first(list(av[-1]))
        elif op in _REPEATS:
            low, _, sub = av
            inner, nullable = _first(list(sub))
            nullable = nullable or low == 0
        elif op is _c.BRANCH:
            inner, nullable = set(), False
            for alternative in av[1]:
                ranges, empty = _first(list(alternative))
                if ranges is None:
                    return None, False
                inner |= ranges
                nullable = nullable or empty
        else:
            return None, False  # ANY, CATEGORY, a back reference …: anything may start here
        if inner is None:
            return None, False
        found |= inner
        if not nullable:
            return found, False
    return found, True


def _class(items: list[tuple[Any, Any]]) -> _Ranges | None:
    ranges: _Ranges = set()
    for op, av in items:
        if op is _c.LITERAL:
            ranges.add((av, av))
        elif op is _c.RANGE:
            ranges.add(av)
        else:
            return None  # a negated class or a category (\d, \s …)
    return ranges


def _spell(lo: int, hi: int) -> str:
    return _escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}"


def _escape(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else char if char.isprintable() else f"\\U{code:08x}"
