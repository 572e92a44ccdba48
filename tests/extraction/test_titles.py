"""Titles are linked, flagged or left alone, never invented: slips and cuts link to the title meant,
with the correction kept beside the surface; a title without its period is the edition in force."""

from __future__ import annotations

import pytest

from fazhi.extraction.ingest import Document
from fazhi.extraction.levels import infer_level
from fazhi.extraction.linking import Linker


@pytest.fixture(scope="module")
def linker():
    return Linker()


@pytest.mark.parametrize(
    "surface, title, correction",
    [
        ("优化营商坏境条例", "优化营商环境条例", "one character differs"),
        ("中华人民共和国行政处罚", "中华人民共和国行政处罚法", "end cut off"),
        ("中华人民共和国行政复议法实施条", "中华人民共和国行政复议法实施条例", "end cut off"),
        (
            "党政主要负责人履行推进第一责任人职责规定",
            "党政主要负责人履行推进法治建设第一责任人职责规定",
            "words left out or added",
        ),
    ],
)
def test_a_damaged_title_links_to_the_title_it_means(linker, surface, title, correction):
    docs, mentions = linker.link(f"认真贯彻《{surface}》，推进依法行政。")
    assert [d.title for d in docs] == [title] and all(d.known for d in docs)
    assert mentions[0].surface == f"《{surface}》" and mentions[0].correction == correction


def test_an_unclosed_parenthesis_links_too(linker):
    docs, mentions = linker.link("落实《法治中国建设规划(2020-2025年》要求。")
    assert [d.title for d in docs] == ["法治中国建设规划（2020—2025年）"]
    assert mentions[0].correction == "parenthesis not closed"


@pytest.mark.parametrize(
    "year, edition", [(2019, "法治政府建设实施纲要（2015—2020年）"), (2023, "法治政府建设实施纲要（2021—2025年）")]
)
def test_a_title_without_its_period_is_the_edition_in_force(linker, year, edition):
    docs, mentions = linker.link("贯彻落实《法治政府建设实施纲要》。", year=year)
    assert [d.title for d in docs] == [edition]
    assert mentions[0].correction == "period added from the report's year"


@pytest.mark.parametrize("surface", ["中华人民共和国安全生产管理法", "中华人民共和国行政许可条例", "南京市物业管理条例"])
def test_a_title_that_matches_nothing_stays_unknown(linker, surface):
    docs, mentions = linker.link(f"学习《{surface}》。")
    assert [(d.title, d.known) for d in docs] == [(surface, False)]
    assert mentions[0].correction is None


def test_numbered_variants_are_never_corrected_into_each_other(linker):
    docs, _ = linker.link("学习《中华人民共和国刑法修正案（十三）》。")
    assert [d.known for d in docs] == [False]


@pytest.mark.parametrize(
    "title, after, level",
    [
        ("浙江省行政程序办法", "", "地方政府规章"),
        ("四川省重大行政决策程序规定", "（四川省人民政府令第335号）", "地方政府规章"),
        ("绍兴市电梯安全管理规定", "", "地方性法规"),
        ("江苏省安全生产条例", "", "地方性法规"),
        ("成都市武侯区行政执法公示办法", "", "政策文件"),
        ("天津市政府工作部门权责清单动态管理办法", "(津政办发〔2016〕9号)", "政策文件"),
    ],
)
def test_the_level_of_a_local_document_follows_its_issuer_and_form(title, after, level):
    assert infer_level(title, after) == level


def test_the_correction_reaches_the_record(extractor):
    record = extractor.extract(Document(source="file:///r.txt", text="2021年，区司法局认真贯彻《优化营商坏境条例》。"))
    assert [(m.surface, m.correction) for m in record.mentions] == [("《优化营商坏境条例》", "one character differs")]
