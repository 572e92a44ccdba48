"""Typed values: the figures a report states, with their units, qualifiers and offsets."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.extraction.values import Quantity, find_quantities, format_value, parse_number

_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int, *, colloquial: bool = False) -> str:
    """``n`` written in Chinese numerals: 10005 → 一万零五; with ``colloquial``, 一十二 → 十二."""
    if n == 0:
        return "零"
    out = ""
    need_zero = False
    for unit, size in (("亿", 10**8), ("万", 10**4), ("", 1)):
        group = n // size % 10**4 if unit != "亿" else n // size
        if group == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or group < 1000):
            out += "零"
        out += _four_digits(group) + unit
        need_zero = False
    if colloquial and out.startswith("一十"):
        out = out[1:]
    return out


def _four_digits(n: int) -> str:
    """A group below 10000, with 零 for the gaps inside it: 1005 → 一千零五."""
    out = ""
    gap = False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = n // size % 10
        if digit == 0:
            gap = bool(out)
            continue
        if gap:
            out += "零"
            gap = False
        out += _DIGITS[digit] + unit
    return out


def test_the_chinese_helper():
    assert [to_chinese(n) for n in (0, 10, 105, 1005, 10005, 100_000_005, 120_000_000)] == [
        "零",
        "一十",
        "一百零五",
        "一千零五",
        "一万零五",
        "一亿零五",
        "一亿二千万",
    ]


# ── parse_number ────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("1,203", 1203),
        ("1，203", 1203),
        ("12,345,678", 12345678),
        ("86.5", 86.5),
        ("１２", 12),
        ("８６．５", 86.5),  # noqa: RUF001
        ("零", 0),
        ("〇", 0),
        ("十", 10),
        ("十四", 14),
        ("二十三", 23),
        ("一百零五", 105),
        ("一百一十", 110),
        ("两千", 2000),
        ("三万五千", 35000),
        ("一万二", 12000),
        ("两千五", 2500),
        ("一万零二", 10002),
        ("一亿二千万", 120_000_000),
        ("3万", 30000),
        ("1.2亿", 120_000_000),
        ("12.5万", 125000),
        ("3万5千", 35000),
        ("3千万", 30_000_000),
        ("二〇二三", 2023),
        (" 12 ", 12),
    ],
)
def test_parse_number(text, expected):
    value = parse_number(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", ["", "余", "一是", "第三", "12,34", "1.2.3", "十百", "一二十", "万万", "abc", "3件", "百分之五"])
def test_parse_number_refuses(text):
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=10**9), st.booleans(), st.booleans())
def test_numbers_read_back(n, colloquial, liang):
    chinese = to_chinese(n, colloquial=colloquial)
    if liang:
        chinese = chinese.replace("二", "两")
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n  # noqa: RUF001
    assert parse_number(chinese) == n


@given(st.integers(min_value=1, max_value=10**9))
def test_counts_are_found_in_a_sentence(n):
    for written in (str(n), f"{n:,}", to_chinese(n)):
        [q] = find_quantities(f"全年共办理{written}件。")
        assert (q.value, q.unit, q.surface) == (n, "件", f"{written}件")


# ── find_quantities ─────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx", "high"),
    [
        ("办理行政复议案件12件", 12, "件", None, None),
        ("收到行政诉讼案件二十三件", 23, "件", None, None),
        ("负责人出庭应诉率达100%", 100, "%", None, None),
        ("败诉率为3.5％", 3.5, "%", None, None),
        ("聘请法律顾问十四名", 14, "人", None, None),
        ("参考人数1,203人", 1203, "人", None, None),
        ("平均分86.5分", 86.5, "分", None, None),
        ("受众3万余人", 30000, "人", "余", None),
        ("投入经费1.2亿元", 120_000_000, "元", None, None),
        ("投入经费12.5万元", 125000, "元", None, None),
        ("开展普法活动50余场", 50, "场", "余", None),
        ("培训200多人次", 200, "人次", "多", None),
        ("近百人参加", 100, "人", "近", None),
        ("约50件", 50, "件", "约", None),
        ("超过90%", 90, "%", "超过", None),
        ("95%以上", 95, "%", "以上", None),
        ("纠错率约为5%", 5, "%", "约", None),
        ("3万人以上", 30000, "人", "以上", None),
        ("20人左右", 20, "人", "约", None),
        ("千余人", 1000, "人", "余", None),
        ("十余个部门", 10, "个", "余", None),
        ("百分之九十五", 95, "%", None, None),
        ("百分之百", 100, "%", None, None),
        ("两千余人", 2000, "人", "余", None),
        ("一百零五件", 105, "件", None, None),
        ("三万五千人", 35000, "人", None, None),
        ("一万二人", 12000, "人", None, None),
        ("１２件", 12, "件", None, None),
        ("12 件", 12, "件", None, None),
        ("下降3个百分点", 3, "百分点", None, None),
        ("法律顾问两位", 2, "人", None, None),
        ("开展执法检查3次", 3, "次", None, None),
        ("完成12项", 12, "项", None, None),
        ("统一10项标准", 10, "项", None, None),
        ("清理规章4部", 4, "部", None, None),
        ("发布典型案例两批次", 2, "批", None, None),
        ("发生一起行政诉讼案件", 1, "起", None, None),
        ("培训24小时", 24, "小时", None, None),
        ("结案率达98，", 98, "%", None, None),
        ("10至15人", 10, "人", None, 15),
        ("10-15件", 10, "件", None, 15),
        ("10～15件", 10, "件", None, 15),
        ("十到二十次", 10, "次", None, 20),
        ("10%-15%", 10, "%", None, 15),
        ("3至5万人", 30000, "人", None, 50000),
    ],
)
def test_quantities(text, value, unit, approx, high):
    [q] = find_quantities(text)
    assert (q.value, q.unit, q.approx, q.high) == (value, unit, approx, high)


@pytest.mark.parametrize(
    "text",
    [
        "2023年",
        "二〇二三年",
        "2021-2025年",
        "3月15日",
        "第三季度",
        "第一次会议",
        "第3次",
        "第 3 次",
        "一是",
        "二是",
        "（一）",
        "1.加强学习",
        "七五普法",
        "八五普法",
        "三项制度",
        "八项规定",
        "三重一大",
        "一网通办",
        "一件事一次办",
        "12345热线",
        "双随机一公开",
        "党的二十大",
        "十九届四中全会",
        "两法衔接",
        "四个意识",
        "两个维护",
        "五位一体",
        "一人一档",
        "〔2023〕5号",
        "第232号令",
        "电话0311-87654321",
        "《关于推进3项工作的通知》",
        "《法治政府建设实施纲要（2021—2025年）》",
        "统一部署",
        "同一件事",
        "一次性告知",
        "十分重要",
        "三分之一",
        "30分钟",
        "3个月",
        "百姓",
        "千人千面",
        "万人大会",
        "一起学习",
        "一部分",
        "人民调解",
        "项目12",
        "全年无论行政复议案件",
        "零件",
        "二三十人",
        "5个工作日",
        "09时24分",
        "完成第二、三批",
        "十二届二次全会",
        "打好“三场硬仗”",
        "推进“十项行动”",
        "123456热线",
    ],
)
def test_not_quantities(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("我局未出现行政复议和行政诉讼案件。", "未出现行政复议和行政诉讼案件"),
        ("全年未发生行政诉讼案件", "未发生行政诉讼案件"),
        ("本年度无行政复议案件，", "无行政复议案件"),
        ("没有发生行政赔偿案件", "没有发生行政赔偿案件"),
        ("未发生一起行政诉讼案件", "未发生一起行政诉讼案件"),
        ("实现行政诉讼零败诉", "零败诉"),
        ("实现行政诉讼“零败诉”", "零败诉"),
    ],
)
def test_zero_statements(text, surface):
    [q] = find_quantities(text)
    assert (q.surface, q.value, q.unit, q.high, q.approx) == (surface, 0, "件", None, None)


def test_a_licence_case_is_not_a_zero():
    assert [q.surface for q in find_quantities("查处无证经营案件5件")] == ["5件"]


REPORT = (
    "2023年，我局认真落实三项制度，深入开展八五普法。全年办理行政复议案件12件，收到行政诉讼案件二十三件，"
    "行政机关负责人出庭应诉率达100%，败诉率为3.5％。聘请法律顾问十四名，组织旁听庭审2次；"
    "年度法治考试参考人数1,203人，平均分86.5分。一是开展普法活动50余场，受众3万余人；二是培训执法人员200多人次。"
    "按照《关于做好2023年3项重点工作的通知》（〔2023〕5号），投入经费1.2亿元。第三季度未发生行政赔偿案件，实现零败诉。"
)


def test_a_report_paragraph():
    found = find_quantities(REPORT)
    assert [q.surface for q in found] == [
        "12件",
        "二十三件",
        "100%",
        "3.5％",
        "十四名",
        "2次",
        "1,203人",
        "86.5分",
        "50余场",
        "3万余人",
        "200多人次",
        "1.2亿元",
        "未发生行政赔偿案件",
        "零败诉",
    ]
    assert [q.value for q in found] == [12, 23, 100, 3.5, 14, 2, 1203, 86.5, 50, 30000, 200, 120_000_000, 0, 0]


def test_offsets_point_at_the_surface():
    for q in find_quantities(REPORT):
        assert REPORT[q.start : q.end] == q.surface


def test_results_are_in_order_and_do_not_overlap():
    found = find_quantities(REPORT + "10至15人，约50件，百分之九十五，95%以上。")
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_quantity_is_frozen():
    q = Quantity(0, 3, 12, None, "件", None, "12件")
    with pytest.raises(AttributeError):
        q.value = 13  # type: ignore[misc]


# ── format_value ────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3万余人", "30000+ 人"),
        ("200多人次", "200+ 人次"),
        ("约50件", "~50 件"),
        ("近百人", "~100 人"),
        ("10至15人", "10–15 人"),
        ("95%以上", "95%+"),
        ("败诉率为3.5％", "3.5%"),
        ("平均分86.5分", "86.5 分"),
        ("未发生行政诉讼案件", "0 件"),
    ],
)
def test_format_value(text, expected):
    [q] = find_quantities(text)
    assert format_value(q) == expected
