"""统一社会信用代码 (unified social credit codes, GB 32100-2015): find and validate them.

A code is 18 characters: the registering authority (1), the kind of body (1), the division
code of where it registered (6), the organisation code (9) and a check character. Government
bodies' codes begin with ``11``. The check character makes typos and unrelated 18-character
strings fail :func:`is_credit_code`.

>>> is_credit_code("91350100M000100Y43"), is_credit_code("91350100M000100Y44")
(True, False)
>>> credit_code_division("11500155MB1603152R")
'500155'
"""

from __future__ import annotations

import re

_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CANDIDATE = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")


def check_character(first17: str) -> str:
    """The check character of a code's first 17 characters.

    >>> check_character("91350100M000100Y4")
    '3'
    """
    total = sum(_CHARSET.index(ch) * weight for ch, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHARSET[(31 - total % 31) % 31]


def is_credit_code(code: str) -> bool:
    """Whether ``code`` is a well-formed code whose check character is right."""
    code = code.strip().upper()
    if not _CANDIDATE.fullmatch(code):
        return False
    return check_character(code[:17]) == code[17]


def credit_code_division(code: str) -> str:
    """The six-digit division code inside a credit code (characters 3–8)."""
    return code[2:8]


def find_credit_codes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every valid credit code in ``text``, e.g. at the head of a 索引号."""
    return [(m.start(1), m.end(1), m.group(1)) for m in _CANDIDATE.finditer(text.upper()) if is_credit_code(m.group(1))]
