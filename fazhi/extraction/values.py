"""Typed values: the figures a report states (办理行政复议案件12件, 出庭应诉率达100%), with units and offsets.

>>> [(q.surface, q.value, q.unit, q.approx) for q in find_quantities("全年办理行政复议案件十二件，培训200多人次，应诉率达100%。")]
[('十二件', 12, '件', None), ('200多人次', 200, '人次', '多'), ('100%', 100, '%', None)]
>>> parse_number("三万五千"), parse_number("1,203"), parse_number("1.2亿")
(35000, 1203, 120000000)

Units, normalised (``unit`` of a :class:`Quantity`): 件 人 (also 名, 位) 人次 次 场 场次 个 项 分 % (also the full-width sign, 百分之…)
百分点 (个百分点) 元 (万元 and 亿元 are 元 with the multiplier applied) 条 篇 期 家 户 份 部 天 小时 批 (also 批次) 宗 起.
A unit character followed by the rest of a word (人民, 项目, 部门, 次性, 分之, 十分重要…) is not a unit.

Qualifiers (``approx``): 余, 多, 近 (also 将近, 接近), 约 (also 大约, 左右), 超过 (also 超, 逾), 以上.

Zero statements — 未发生/未出现/未收到/未有/没有/无/零 …案件, and 零败诉/零诉讼/零复议/零纠错/零被诉 — are one
quantity of value 0 and unit 件 covering the statement's words; the caller decides which indicator they count.

Deliberately not handled: fractions (三分之一), adjacent-digit approximations (二三十人, 七八个), 数百/上百/几十,
lower bounds other than 以上 (以下, 不足), units outside the list above (个月, 平方米, 公里, 万平方米…), and a
number split by a thousands separator and then a Chinese multiplier (1,203万 is fine; 1,2万 is not a number).
A full-width comma between digit groups (3，100人) is read as a thousands separator.

Not quantities: years and dates (年, 月, 日 are not units), ordinals (第三次, 第二、三批, 十二届二次全会), times
(09时24分), set phrases and names (七五普法, 三项制度, 一件事一次办, 一人一档, 四个意识, 党的二十大…), figures in
《》 titles and in short quotations (“三场硬仗”), words such as 统一/唯一/一起学习, and numbers without a unit —
except after 率 (纠错率为0), which are read as percentages.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from fazhi.extraction.regex import compile_with_lead

# ── numerals ────────────────────────────────────────────────────────────────

_ZEROS = "零〇"
_CN_DIGITS = {
    **dict.fromkeys(_ZEROS, 0),
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_WAN, _YI = 10**4, 10**8
# Full-width digits, point and comma → ASCII (written as escapes: they look like ASCII).
_FULL_WIDTH = {0xFF10 + i: str(i) for i in range(10)} | {0xFF0E: ".", 0xFF0C: ","}

# A whole Arabic number: 1,203 or 1203 or 86.5 (after full-width forms are made ASCII).
_ARABIC_WHOLE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", re.ASCII)
# Chinese digits read digit by digit, as in years: 二〇二三.
_POSITIONAL = re.compile(r"[零〇一二三四五六七八九]{2,}")
# One token of a numeral: an Arabic number, or one Chinese digit or unit character.
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]", re.ASCII)


def parse_number(text: str) -> float | int | None:
    """The value of one numeral, an int when whole; None when ``text`` is not a numeral.

    >>> [parse_number(t) for t in ("12", "1,203", "1，203", "86.5", "3.5", "十四", "二十三", "一百零五", "两千")]
    [12, 1203, 1203, 86.5, 3.5, 14, 23, 105, 2000]
    >>> [parse_number(t) for t in ("三万五千", "一万二", "3万", "1.2亿", "12.5万", "二〇二三", "零")]
    [35000, 12000, 30000, 120000000, 125000, 2023, 0]
    >>> [parse_number(t) for t in ("", "余", "一是", "12,34", "一二十", "十百")]
    [None, None, None, None, None, None]
    """
    s = text.strip().translate(_FULL_WIDTH)
    if not s:
        return None
    if _ARABIC_WHOLE.fullmatch(s):
        return _tidy(Decimal(s.replace(",", "")))
    if _POSITIONAL.fullmatch(s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    tokens = _TOKEN.findall(s)
    if "".join(tokens) != s:
        return None
    value = _combine(tokens)
    return None if value is None else _tidy(value)


def _combine(tokens: list[str]) -> Decimal | None:
    """Add up digits and units (十百千 within a section, then 万 and 亿); None when ill-formed."""
    total = Decimal(0)  # the part closed by 亿
    wan = Decimal(0)  # the part closed by 万, below 亿
    section = Decimal(0)  # the part below 万
    pending: Decimal | None = None  # a digit waiting for its unit
    below = _WAN  # the next 十/百/千 must be smaller than this
    last_unit = 1  # the last unit seen, for abbreviated tails such as 一万二
    after_zero = False
    for token in tokens:
        if token in _ZEROS:
            if pending is not None:
                return None
            after_zero = True
        elif token in _CN_DIGITS or token[0].isdigit():
            if pending is not None:
                return None
            pending = Decimal(_CN_DIGITS[token]) if token in _CN_DIGITS else Decimal(token.replace(",", ""))
        elif token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if unit >= below:
                return None
            section += (Decimal(1) if pending is None else pending) * unit
            pending, below, last_unit, after_zero = None, unit, unit, False
        elif token == "万":
            if wan:
                return None
            wan = (section + (pending or 0)) or Decimal(1)
            section, pending, below, last_unit, after_zero = Decimal(0), None, _WAN, _WAN, False
        else:  # 亿
            if total:
                return None
            total = ((wan * _WAN + section + (pending or 0)) or Decimal(1)) * _YI
            wan, section, pending, below, last_unit, after_zero = Decimal(0), Decimal(0), None, _WAN, _YI, False
    if pending is not None:
        if not after_zero and last_unit >= 100 and pending < 10 and pending == int(pending):
            pending *= last_unit // 10  # 一万二 = 12000, 两千五 = 2500
        section += pending
    return total + wan * _WAN + section


def _tidy(value: Decimal) -> float | int:
    """An int for a whole value, else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


# ── quantities ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Quantity:
    """A figure found in a text: ``text[start:end] == surface``; ``value`` is the low end of a range."""

    start: int
    end: int
    value: float | int
    high: float | int | None
    unit: str
    approx: str | None
    surface: str


# An Arabic number (1,203 / 86.5 / full-width) with optional Chinese multipliers (3万, 1.2亿, 3万5千).
_DIGIT = r"[0-9\uff10-\uff19]"  # ASCII or full-width
_POINT = r"[.\uff0e]"
_PERCENT_SIGN = r"[%\uff05]"
_ARABIC = rf"(?:{_DIGIT}{{1,3}}(?:[,，]{_DIGIT}{{3}})+(?!{_DIGIT})|{_DIGIT}+)(?:{_POINT}{_DIGIT}+)?"
_ARABIC_MIXED = rf"{_ARABIC}[十百千万亿]*(?:{_DIGIT}+[十百千万亿]+)*"
_CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE = rf"[{_CHINESE_NUMERALS}]+"
_NUM = rf"(?:{_ARABIC_MIXED}|{_CHINESE})"
_PRE_WORDS = ("超过", "将近", "接近", "大约", "约", "近", "逾", "超")
_PRE = rf"(?:(?P<pre>{'|'.join(_PRE_WORDS)})(?:为|达到|达)?)?"  # 约50件, 约为5%
# What a figure starts with: a prefix word or a numeral. Said first as a lookahead, it lets the
# regular expression engine pass every other position at once (3× faster, the same matches).
_PRE_STARTS = "".join(dict.fromkeys(w[0] for w in _PRE_WORDS))
_STARTS_FIGURE = rf"(?=[{_PRE_STARTS}0-9\uff10-\uff19{_CHINESE_NUMERALS}])"
_MID = r"(?P<mid>余|多)?"
_POST = r"(?P<post>以上|左右)?"
# Units, longest first; a guard keeps a unit character that starts another word (人民, 项目, 部门) out.
_UNIT_PATTERNS = (
    r"个百分点",
    r"百分点",
    r"人次",
    r"场次",
    r"批次",
    r"小时",
    r"件(?!事)",
    r"人(?![民大员才工身口])",
    r"名(?![单称录义字额誉片])",
    r"位(?![于置列次])",
    r"次(?![性数序要日])",
    r"场(?![所地景合馆域])",
    r"个(?![月别性]|工作日)",
    r"项(?!目)",
    r"分(?=[^\u4e00-\u9fff]|[以左的及和]|$)",
    _PERCENT_SIGN,
    r"元(?![化旦素首年宵件])",
    r"条(?![例件款线规理])",
    r"篇",
    r"期(?![间限满刊末初中望待])",
    r"家(?![庭长属园乡])",
    r"户(?![籍口外政])",
    r"份(?!额)",
    r"部(?![门署分委长位队级属])",
    r"天(?![然津下空])",
    r"批(?![准复评示办])",
    r"宗(?![教旨])",
    r"起(?![草诉来到点步始航码因源见])",
)
_UNIT = "(?P<unit>" + "|".join(_UNIT_PATTERNS) + ")"
# Unit spellings → the normal unit (\uff05 is the full-width percent sign).
_UNIT_NAMES = {"名": "人", "位": "人", "\uff05": "%", "个百分点": "百分点", "批次": "批"}
_APPROX_NAMES = {"超": "超过", "逾": "超过", "将近": "近", "接近": "近", "大约": "约", "左右": "约"}
_GAP = r"[ \u3000]?"  # text copied out of PDFs puts a space between a number and its unit

# 约50件, 3万余人, 200多人次, 95%以上.
_SINGLE = re.compile(rf"{_STARTS_FIGURE}{_PRE}(?P<num>{_NUM}){_MID}{_GAP}{_UNIT}{_POST}")
# 10至15人, 10-15件, 十到二十次, 10%-15%.
_RANGE = re.compile(
    rf"{_STARTS_FIGURE}{_PRE}(?P<num>{_NUM}){_PERCENT_SIGN}?{_GAP}(?:至|到|-|－|—|–|~|～|〜){_GAP}(?P<high>{_NUM}){_MID}{_GAP}{_UNIT}{_POST}"
)
# 百分之九十五, 百分之百.
_PERCENT = re.compile(rf"(?=[{_PRE_STARTS}百]){_PRE}百分之(?P<num>{_NUM}){_POST}")
# A bare number after 率: 纠错率为0, 结案率达98.
_RATE = re.compile(rf"(?<=率)(?:均)?(?:达到|达|为|是|保持在|保持)?(?P<body>{_PRE}(?P<num>{_NUM}))(?!{_DIGIT}|{_POINT})")
# Zero statements: 未发生行政诉讼案件, 无行政复议案件, 零败诉.
_ZERO = re.compile(
    r"(?:未发生|未出现|未收到|未有(?!效)|没有|无(?![论法需偿缝纸人证照序效罪据权辜关])|零)[\u4e00-\u9fff、]{0,20}?案件"
    r"|零(?:败诉|被诉|诉讼|复议|纠错)"
)
# Titles, whose figures are part of a name: 《关于推进3项工作的通知》.
_TITLE = re.compile(r"《[^《》]*》")
# Short quotations, which name slogans: “三场硬仗”, “十项行动”, “两个首次”.
_SLOGAN = re.compile(r"[“‘「『][^“”‘’「」『』]{1,10}[”’」』]")
# An ordinal list before the number: 第二、三批.
_ORDINAL_LIST = re.compile(r"第[一二两三四五六七八九十百0-9]+、$")
_NOT_NUMERAL = r"(?:(?![零〇一二两三四五六七八九十百千万亿])[\u4e00-\u9fff])"
# Names and set phrases that contain numerals (七五普法, 三项制度, 一件事一次办, 十九届四中全会…),
# with what they can start with as a lookahead (6× faster, the same matches).
_NAMES = compile_with_lead(
    "|".join(
        (
            r"[六七八九]五普法",
            r"三项制度",
            r"八项规定",
            r"三重一大",
            r"一网通办",
            r"一次办",
            r"最多跑一次",
            r"一次性",
            r"(?<![0-9])12345(?![0-9])",
            r"双随机一公开",
            r"两法衔接",
            r"四个意识",
            r"四个自信",
            r"两个维护",
            r"两个确立",
            r"三个代表",
            r"四个全面",
            r"五位一体",
            r"两个一百年",
            r"一条龙",
            r"一把手",
            r"一部分",
            r"十[三四五]五",
            r"[一二三四五六七八九十]+届[一二三四五六七八九十]+中全会",
            r"(?:党的)?[一二]?十[一二三四五六七八九]?大",
            rf"一{_NOT_NUMERAL}{{1,2}}一[\u4e00-\u9fff]",  # 一件事一次办, 一人一档, 一村一法律顾问
        )
    )
)
_ORDINAL_BEFORE = set("第届")  # 第三次, 十二届二次全会
_IDIOM_BEFORE_ONE = set("同统唯逐每之进单专划如任某")  # 统一, 唯一, 每一 …: 一 is part of a word
_CHINESE_CHARS = set(_CHINESE_NUMERALS)
_ARABIC_CHARS = set("0123456789.") | {chr(c) for c in _FULL_WIDTH if chr(c) != "，"}
_NUMERAL_CHARS = _CHINESE_CHARS | _ARABIC_CHARS
_CASE_AFTER_ONE_QI = set("案行刑民事交火安重较涉")  # 一起行政诉讼案件 counts; 一起学习 does not


def find_quantities(text: str) -> list[Quantity]:
    """Every figure with a unit in ``text``, in order and not overlapping (see the module docs for the forms).

    >>> [(q.surface, q.value, q.high, q.unit) for q in find_quantities("参加10至15人，考试平均分86.5分，投入1.2亿元")]
    [('10至15人', 10, 15, '人'), ('86.5分', 86.5, None, '分'), ('1.2亿元', 120000000, None, '元')]
    >>> [(q.surface, q.value, q.unit) for q in find_quantities("二〇二三年第三季度，一是落实三项制度；我局未出现行政复议和行政诉讼案件")]
    [('未出现行政复议和行政诉讼案件', 0, '件')]
    """
    titles = _spans(_TITLE, text)
    names = _Spans(titles + _spans(_SLOGAN, text) + _spans(_NAMES, text))
    candidates = [q for q in _figures(text) if not names.overlap(q)]
    in_titles = _Spans(titles)
    candidates += [q for q in _zeros(text) if not in_titles.overlap(q)]  # 实现“零败诉” is a zero, not a slogan
    return _leftmost_longest(candidates)


def _figures(text: str) -> list[Quantity]:
    """Every candidate figure: single numbers, ranges, 百分之…, bare rates; they may overlap."""
    found = []
    for pattern in (_SINGLE, _RANGE, _PERCENT):
        for m in pattern.finditer(text):
            quantity = _from_match(text, m, percent=pattern is _PERCENT)
            if quantity is not None:
                found.append(quantity)
    return found + _rates(text)


def _leftmost_longest(candidates: list[Quantity]) -> list[Quantity]:
    """The candidates that do not overlap, preferring the one that starts first, then the longest."""
    chosen: list[Quantity] = []
    for q in sorted(candidates, key=lambda q: (q.start, q.start - q.end)):
        if not chosen or q.start >= chosen[-1].end:
            chosen.append(q)
    return chosen


def _from_match(text: str, m: re.Match[str], *, percent: bool = False) -> Quantity | None:
    """The quantity of one match of ``_SINGLE``, ``_RANGE`` or ``_PERCENT``, or None when its context says it is not one."""
    groups = m.groupdict()
    approx = _approx(groups.get("pre"), groups.get("mid"), groups.get("post"))
    if not _plausible_number(text, m.start("num"), m.group("num"), approx, bare_ok=percent):
        return None
    value = parse_number(m.group("num"))
    high = parse_number(groups["high"]) if groups.get("high") else None
    if value is None or (groups.get("high") and high is None):
        return None
    unit = "%" if percent else _UNIT_NAMES.get(m.group("unit"), m.group("unit"))
    if unit == "起" and m.group("num") == "一" and not _case_follows(text, m.end()):
        return None
    if unit == "分" and text.endswith(("时", "点"), 0, m.start()):
        return None  # 09时24分: a time
    if high is not None:
        value = _scale_low_end(value, m.group("num"), high, groups["high"])
    return Quantity(m.start(), m.end(), value, high, unit, approx, m.group())


def _plausible_number(text: str, start: int, number: str, approx: str | None, *, bare_ok: bool = False) -> bool:
    """False for a numeral the context shows is not a count: an ordinal, part of a word or a longer number, a code.

    A bare 百/千/万/亿 counts only with a qualifier (近百人, 千余人) or when ``bare_ok`` (百分之百).
    """
    before = text[max(0, start - 64) : start].rstrip(" \u3000")[-1:]
    if before in _ORDINAL_BEFORE or _ORDINAL_LIST.search(text, max(0, start - 8), start):
        return False
    if before in (_NUMERAL_CHARS if number[0] in _CHINESE_CHARS else _ARABIC_CHARS):
        return False  # the tail of a longer number
    if number.startswith("一") and before in _IDIOM_BEFORE_ONE:
        return False
    if number in _ZEROS or (number == "十" and text.startswith("分", start + 1)):
        return False  # 零件, 十分重要
    if number in ("百", "千", "万", "亿") and approx is None and not bare_ok:
        return False  # 百姓, 千人千面; but 近百人, 千余人
    ascii_number = number.translate(_FULL_WIDTH)
    return not (ascii_number[0] == "0" and len(ascii_number) > 1 and ascii_number[1] != ".")  # 0311: an area code


def _case_follows(text: str, end: int) -> bool:
    """Whether 一起 at ``end`` counts cases (一起行政诉讼案件, 一起。) rather than meaning together (一起学习)."""
    following = text[end : end + 1]
    return not following or not ("\u4e00" <= following <= "\u9fff") or following in _CASE_AFTER_ONE_QI


def _scale_low_end(value: float | int, low_text: str, high: float | int, high_text: str) -> float | int:
    """The low end of 3至5万人 takes the high end's 万: 30000, not 3."""
    multiplier = {"万": _WAN, "亿": _YI}.get(high_text[-1])
    if multiplier is None or any(c in low_text for c in "万亿"):
        return value
    if value * multiplier <= high:
        return _tidy(Decimal(str(value)) * multiplier)
    return value


def _approx(*qualifiers: str | None) -> str | None:
    """The first qualifier present, under its normal name."""
    for q in qualifiers:
        if q:
            return _APPROX_NAMES.get(q, q)
    return None


def _rates(text: str) -> list[Quantity]:
    """Bare numbers after 率 (纠错率为0) as percentages, when at most 100."""
    found = []
    for m in _RATE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None or value > 100 or not _plausible_number(text, m.start("num"), m.group("num"), m.group("pre")):
            continue
        start, end = m.span("body")
        found.append(Quantity(start, end, value, None, "%", _approx(m.group("pre")), m.group("body")))
    return found


def _zeros(text: str) -> list[Quantity]:
    """Statements that there were no cases, each a quantity of 0 件."""
    return [Quantity(m.start(), m.end(), 0, None, "件", None, m.group()) for m in _ZERO.finditer(text)]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


class _Spans:
    """Spans of a text, asked whether a quantity overlaps one of them in O(log n).

    >>> spans = _Spans([(5, 9), (0, 2)])
    >>> [spans.overlap(Quantity(s, e, 1, None, "件", None, "")) for s, e in ((2, 5), (1, 3), (8, 12), (9, 12))]
    [False, True, True, False]
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))  # the furthest end so far

    def overlap(self, q: Quantity) -> bool:
        """Whether a span starts before ``q`` ends and ends after ``q`` starts."""
        before = bisect.bisect_left(self.starts, q.end)  # the spans that start before q ends
        return before > 0 and self.reach[before - 1] > q.start


# ── display ─────────────────────────────────────────────────────────────────

_MORE = {"余", "多", "超过", "以上"}


def format_value(q: Quantity) -> str:
    """A short readable form of ``q``: ``+`` for 余/多/超过/以上, ``~`` for 约/近.

    >>> [format_value(q) for q in find_quantities("受众3万余人，约50件，10-15件，95%以上，败诉率为3.5%，无行政诉讼案件")]
    ['30000+ 人', '~50 件', '10–15 件', '95%+', '3.5%', '0 件']
    """
    number = str(q.value) if q.high is None else f"{q.value}–{q.high}"
    if q.approx is not None and q.approx not in _MORE:
        number = "~" + number
    more = "+" if q.approx in _MORE else ""
    return f"{number}%{more}" if q.unit == "%" else f"{number}{more} {q.unit}"
