"""Sections, items, classes and figures: what agencies did, admit, plan, and the numbers they give."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.extraction.figures import find_figures
from fazhi.extraction.ingest import read_document
from fazhi.extraction.structure import find_headings, find_items, part_of_heading

SEEDS = Path(__file__).parents[1] / "data" / "seeds"
LIANGPING = "000_1ca5fe9877358afd.txt"
SHIZHONG = "002_07bf2e6ab66619ba.txt"


def items_of(name: str, part: str) -> list[str]:
    text = read_document(SEEDS / name).text
    return [text[i.start : i.end] for i in find_items(text) if i.part == part]


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("一、2023年法治政府建设主要工作及成效", "measures"),
        ("一、主要做法与成效", "measures"),
        ("二、存在的主要问题", "problems"),
        ("二、2024年度推进法治政府建设存在的不足和原因", "problems"),
        ("三、2024年度党政主要负责人履行推进法治政府建设第一责任人职责,加强法治政府建设的有关情况", "responsibility"),
        ("三、下一步工作打算", "plans"),
        ("四、2025年度推进法治政府建设的主要安排", "plans"),
        ("五、其他需要汇报的情况", "other"),
        ("（一）依法全面履行政府职能", None),
    ],
)
def test_headings_name_their_part(heading, part):
    assert part_of_heading(heading) == part


def test_the_liangping_seed_has_two_problems_and_three_plans():
    assert items_of(LIANGPING, "problems") == [
        "个别干部的依法行政意识和能力有待进一步提高",
        "科技法律法规宣传实效性、针对性有待进一步加强",
    ]
    plans = items_of(LIANGPING, "plans")
    assert len(plans) == 3
    assert plans[0].startswith("加强法治教育培训") and plans[2].startswith("加强科技法律法规宣传")


def test_the_liangping_measures_follow_their_enumeration():
    measures = items_of(LIANGPING, "measures")
    # (一) 2 + (二) 3 + (三) 1 + (四) 3 + (五) 4 enumerated items
    assert len(measures) == 13
    assert measures[0].startswith("认真贯彻落实《党政主要负责人履行推进法治建设第一责任人职责规定》")
    assert not any(m.startswith(("一是", "二是", "加强组织领导")) for m in measures)


def test_every_part_of_the_shizhong_seed_is_found():
    text = read_document(SEEDS / SHIZHONG).text
    assert [h.part for h in find_headings(text) if h.level == 1] == ["measures", "problems", "responsibility", "plans", "other"]
    assert len(items_of(SHIZHONG, "plans")) == 4  # 1、… 4、
    assert len(items_of(SHIZHONG, "problems")) == 1  # one paragraph, not enumerated


def test_the_liangping_figures_are_read_with_their_values():
    text = read_document(SEEDS / LIANGPING).text
    figures = {(f.indicator, f.value, f.unit) for f in find_figures(text)}
    assert {
        ("exam-takers", 14, "人"),
        ("exam-average", 96.8, "分"),
        ("legal-advisers", 1, "人"),
        ("cppcc-proposals", 2, "件"),
        ("reconsideration-cases", 0, "件"),
        ("litigation-cases", 0, "件"),
    } <= figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年办理行政复议案件12件，行政诉讼案件二十三件。", {("reconsideration-cases", 12), ("litigation-cases", 23)}),
        ("行政机关负责人出庭应诉率达100%，败诉率为3.5%。", {("court-appearance-rate", 100), ("litigation-loss-rate", 3.5)}),
        ("聘请法律顾问十四名。", {("legal-advisers", 14)}),
        ("审查规范性文件5件。", {("normative-docs-reviewed", 5)}),
        ("学习《行政处罚法》4次。", set()),  # a cue inside a title claims nothing
        ("办结时间再压缩20%，提升满意度。", set()),  # a rate is never claimed by a cue after it
    ],
)
def test_figures_are_tied_to_the_cue_of_their_clause(text, expected):
    assert {(f.indicator, f.value) for f in find_figures(text)} == expected


def test_no_item_crosses_a_part_and_no_heading_is_an_item(data):
    for path in sorted((data / "dev").glob("*.txt")):
        text = read_document(path).text
        headings = find_headings(text)
        items = find_items(text)
        for item in items:
            words = text[item.start : item.end]
            assert "\n" not in words, f"{path.name}: item crosses a paragraph: {words[:40]}"
            assert not any(item.start <= h.start < item.end for h in headings), f"{path.name}: heading inside item {words[:40]}"
            opened = [h for h in headings if h.start < item.start and h.level == 1]
            if opened and opened[-1].part:
                assert item.part == opened[-1].part or (item.part in ("problems", "plans")), f"{path.name}: {words[:40]}"


def test_items_reach_the_graph_with_classes(sample_build):
    rows = {
        str(r[0]): int(r[1])
        for r in sample_build.dataset.query("""
        PREFIX fz: <https://w3id.org/fazhi/ontology#>
        SELECT ?cls (COUNT(?i) AS ?n) WHERE { ?i a ?cls . VALUES ?cls { fz:Measure fz:Problem fz:Plan fz:Indicator } } GROUP BY ?cls""")
    }
    assert all(rows.get(f"https://w3id.org/fazhi/ontology#{c}", 0) > 0 for c in ("Measure", "Problem", "Plan", "Indicator"))
    reforms = {
        str(r[0])
        for r in sample_build.dataset.query("""
        PREFIX fz: <https://w3id.org/fazhi/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?label WHERE { ?i fz:reform/skos:prefLabel ?label . FILTER(LANG(?label) = "zh") }""")
    }
    assert {"最多跑一次", "谁执法谁普法"} <= reforms


@pytest.mark.parametrize(
    ("summary", "items", "least"),
    [
        ("?report fz:mentionsReform ?c", "?i fz:reform ?c ; dcterms:isPartOf ?report", 10),
        ("?report fz:measuresIn ?c", "?i a fz:Measure ; fz:area ?c ; dcterms:isPartOf ?report", 10),
        # the samples are mostly report openings: few reach the part that admits problems
        ("?report fz:problemFingerprint ?c", "?i a fz:Problem ; fz:fingerprint ?c ; dcterms:isPartOf ?report", 3),
    ],
)
def test_report_summary_edges_are_exactly_what_its_items_say(sample_build, summary, items, least):
    prefixes = "PREFIX fz: <https://w3id.org/fazhi/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "

    def pairs(pattern: str) -> set[tuple[str, str]]:
        return {
            (str(r[0]), str(r[1]))
            for r in sample_build.dataset.query(f"{prefixes} SELECT DISTINCT ?report ?c WHERE {{ {pattern} }}")
        }

    summarised = pairs(summary)
    assert len(summarised) >= least
    assert summarised == pairs(items)
