"""Citations: what counts as a document, and which node it links to (ANNOTATION.md)."""

from __future__ import annotations

import pytest

from fazhi.extraction.linking import Linker


@pytest.fixture(scope="module")
def linker():
    return Linker()


def titles(linker, text, **kw):
    docs, _ = linker.link(text, **kw)
    return sorted(d.title for d in docs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学习《科学技术进步法》。", ["中华人民共和国科学技术进步法"]),
        ("学习《中华人民共和国行政处罚法》和行政处罚法。", ["中华人民共和国行政处罚法"]),
        ("认真学习民法典，开展宪法宣传周活动。", ["中华人民共和国宪法", "中华人民共和国民法典"]),
        ("坚持宪法法律至上。", ["中华人民共和国宪法"]),
        ("学习党章党规。", ["中国共产党章程"]),
        ("完善法律法规和规范性文件。", []),
        ("通过学习强国APP和《人民日报》《法治日报》学习。", []),
        ("按照《法治政府建设实施纲要(2021-2025)》要求", ["法治政府建设实施纲要（2021—2025年）"]),
        (
            "按照《法治政府建设实施纲要(2015—2020年)》和《法治政府建设实施纲要(2021—2025年)》",
            ["法治政府建设实施纲要（2015—2020年）", "法治政府建设实施纲要（2021—2025年）"],
        ),
        (
            "制定《关于贯彻落实〈法治政府建设实施纲要(2015—2020年)〉的实施意见》。",
            ["关于贯彻落实〈法治政府建设实施纲要(2015-2020年)〉的实施意见", "法治政府建设实施纲要（2015—2020年）"],
        ),
        ("最后一句是《天", []),
    ],
)
def test_what_is_cited(linker, text, expected):
    assert titles(linker, text) == expected


def test_bare_law_inside_its_implementing_regulation_is_the_regulation(linker):
    found = titles(linker, "学习行政处罚法实施条例和行政复议法实施条例。")
    assert "中华人民共和国行政处罚法" not in found
    assert "中华人民共和国行政复议法" not in found


def test_defined_short_form_resolves_to_the_full_title(linker):
    text = "贯彻《法治政府建设实施纲要(2015—2020年)》(以下简称《纲要》)，学习《纲要》精神。"
    docs, mentions = linker.link(text)
    assert [d.title for d in docs] == ["法治政府建设实施纲要（2015—2020年）"]
    assert [m.kind for m in mentions] == ["quoted", "short", "short"]  # the definition names it too


def test_bare_short_form_is_not_invented(linker):
    assert titles(linker, "学习《条例》精神。") == []


def test_relative_titles_are_scoped_to_the_issuer(linker):
    a, _ = linker.link("按照《2020年全区法治政府建设工作要点》", scope="500155")
    b, _ = linker.link("按照《2020年全区法治政府建设工作要点》", scope="370402")
    assert a[0].title == b[0].title and a[0].key != b[0].key


def test_titles_that_differ_by_a_number_stay_apart(linker):
    docs, _ = linker.link(
        "《某市人民政府关于印发方案的通知》(某政发〔2021〕33号)和《某市人民政府关于印发方案的通知(〔2021〕34号)》"
    )
    assert len({d.key for d in docs}) == 2


def test_the_reports_own_title_is_not_a_citation(linker):
    text = "《重庆市梁平区科学技术局2020年法治政府建设情况的报告》"
    assert titles(linker, text, report_title="重庆市梁平区科学技术局2020年法治政府建设情况的报告") == []


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("重庆市科学技术普及条例", "地方性法规"),
        ("2020年全区法治政府建设工作要点", "政策文件"),
        ("论坚持全面依法治国", "其他"),
        ("政府工作报告", "其他"),
    ],
)
def test_unknown_titles_get_a_level_from_their_form(linker, title, level):
    docs, _ = linker.link(f"学习《{title}》。")
    assert docs[0].levels == [level]


def test_offsets_select_the_surface(linker):
    text = "一是学习《宪法》，二是学习民法典和《关于〈纲要〉的意见》。"
    _, mentions = linker.link(text)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.surface


def test_a_linker_finds_bare_titles_of_its_own_vocabulary():
    from fazhi.ontology.legislation import LegalDocument, Legislation

    Linker()  # the shared vocabulary's automaton is built first, as in a build
    own = Legislation([LegalDocument("中华人民共和国测试专用法", ("法律",))])
    docs, _ = Linker(own).link("各单位认真贯彻测试专用法，依法履职。")
    assert [d.title for d in docs] == ["中华人民共和国测试专用法"]
