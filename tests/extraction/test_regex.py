"""A lead (the characters a match can start with, said first as a lookahead) changes speed, never matches."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from fazhi.extraction import structure, values
from fazhi.extraction.regex import compile_with_lead, lead

SAMPLES = Path(__file__).resolve().parents[2] / "fazhi" / "samples"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"三项制度|八项规定", "[三八]"),
        (r"[六七八九]五普法", "[七九八六]"),
        (r"(?:党的)?[一二]?十大", "[一二党十]"),  # optional parts: what follows can start the match too
        (r"(?<![0-9])12345(?![0-9])", "[1]"),  # lookarounds consume nothing
        (r"(?:(?<=^)|(?<=[。；]))[一二]是", "[一二]"),
        (r"[a-c]x|\]", r"[\]a-c]"),  # a bracket is escaped inside the class
    ],
)
def test_lead_is_what_a_match_can_start_with(pattern, expected):
    assert lead(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [r"a?", r"(?:ab)*", r"a|", r".b", r"\d+件", r"[^。]+", r"\w", r"(?i)law", r"(a?)\1b"],
)
def test_no_lead_when_a_match_can_be_empty_or_start_anywhere(pattern):
    assert lead(pattern) is None
    assert compile_with_lead(pattern).pattern == pattern


#: Set phrases with numerals that reports write, one or more for each alternative of values._NAMES.
PHRASES = (
    "六五普法 七五普法 八五普法 九五普法 三项制度 八项规定 三重一大 一网通办 一次办 最多跑一次 一次性 拨打12345热线 "
    "双随机一公开 两法衔接 四个意识 四个自信 两个维护 两个确立 三个代表 四个全面 五位一体 两个一百年 一条龙 一把手 "
    "一部分 十三五 十四五 十五五 十九届四中全会 党的二十大 十九大 一件事一次办 一村一法律顾问"
).split()


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    assert len(texts) >= 30, "the samples ship with the package"
    chars = "".join(texts)
    rng = random.Random(7)  # the samples' characters and the phrases shuffled: numerals next to anything
    enumerations = [f"。{n}是" for n in "一二三四五六七八九十"] + ["；其五，", "，第六、", "：十二是"]
    pieces = [*chars, *PHRASES * 50, *enumerations * 50]
    return texts + ["".join(rng.choice(pieces) for _ in range(3000)) for _ in range(20)]


@pytest.mark.parametrize("compiled", [values._NAMES, structure._ENUMERATION], ids=["names", "enumeration"])
def test_the_expressions_that_use_a_lead_match_as_without_it(compiled):
    assert compiled.pattern.startswith("(?=[")  # the lead is in use
    plain = re.compile(compiled.pattern.split(")(?:", 1)[1][:-1])
    found = 0
    for text in _texts():
        with_lead = [(m.span(), m.groupdict()) for m in compiled.finditer(text)]
        assert with_lead == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        found += len(with_lead)
    assert found > 20
