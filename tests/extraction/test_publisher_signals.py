"""Who published a report, from every signal the page carries: title, opening, and the site's address.

The cases are written for regions and agencies that the bundled dev texts do not contain, in the
forms government sites use: the division's pinyin in the host (full, or initials under a matched
province), a department's initials in front (sfj, gaj, kjt, jyj), 我局/我厅/我镇 in the text.
"""

from __future__ import annotations

import pytest

from fazhi.extraction.ingest import Document

CASES = [
    # the host gives the division (yiyang) and the department (sfj); the text says only 我局
    (
        "https://sfj.yiyang.gov.cn/a.html",
        "2022年度法治政府建设工作报告",
        "2022年，我局在市委、市政府的坚强领导下，全面推进益阳市法治政府建设。",
        "430900",
        "司法局",
    ),
    # a province's department is its 厅 (kjt.hunan: 科技厅)
    (
        "http://kjt.hunan.gov.cn/a.html",
        "2021年法治政府建设年度报告",
        "2021年，我厅深入学习贯彻习近平法治思想。",
        "430000",
        "科学技术厅",
    ),
    # the title names the publisher; the host agrees
    (
        "https://gaj.nanchong.gov.cn/a.html",
        "南充市公安局2020年法治政府建设工作情况报告",
        "2020年，市公安局坚持依法行政。",
        "511300",
        "公安局",
    ),
    # a title that is a region alone is its government's report
    (
        "https://www.hainan.gov.cn/a.html",
        "海南省2021年法治政府建设年度报告",
        "2021年，全省深入学习贯彻习近平法治思想。",
        "460000",
        "人民政府",
    ),
    # a town named alone, placed by the district the report names and the site's host
    (
        "https://www.wuzhong.gov.cn/a.html",
        "木渎镇2021年法治政府建设工作报告",
        "2021年，我镇在吴中区委、区政府的领导下推进依法行政。",
        "320506",
        "镇人民政府",
    ),
    # 市科技局 on a municipality's site: the municipality's 局
    (
        "https://kxjs.tj.gov.cn/a.html",
        "市科技局2018年法治政府建设情况报告",
        "2018年，市科技局在市委、市政府的正确领导下推进依法行政。",
        "120000",
        "科学技术局",
    ),
    # province initials, then the district's initials under it (cq + wl)
    (
        "http://www.cqwl.gov.cn/a.html",
        "区司法局2021年法治政府建设工作报告",
        "2021年，区司法局在区委、区政府领导下推进依法行政。",
        "500156",
        "司法局",
    ),
]


@pytest.mark.parametrize("url, title, text, region, agency_type", CASES, ids=[c[0].split("//")[1].split("/")[0] for c in CASES])
def test_the_publisher_from_the_page_and_its_address(extractor, url, title, text, region, agency_type):
    record = extractor.extract(Document(source=url, text=text, title=title))
    assert record.agency.type == agency_type
    assert record.agency.regions and record.agency.regions[0].code == region


def test_an_address_that_fits_several_divisions_is_not_guessed(extractor):
    # heshan is 鹤山市 (广东), 鹤山区 (河南), 赫山区 (湖南) and 合山市 (广西): the page does not say which
    record = extractor.extract(
        Document(source="https://sfj.heshan.gov.cn/a.html", text="2021年，我局推进依法行政。", title="2021年工作报告")
    )
    assert record.agency.regions == []


def test_what_only_the_address_said_is_kept_as_evidence(extractor):
    document = Document(
        source="https://sfj.yiyang.gov.cn/a.html", text="2022年，我局推进益阳市依法行政。", title="2022年度法治政府建设工作报告"
    )
    evidence = {e.field: e.value for e in extractor.extract(document).evidence}
    assert "sfj.yiyang.gov.cn" in evidence["publisher_region"] and evidence["publisher_region"].startswith("益阳市")
    assert evidence["publisher_type"].startswith("司法局")


def test_a_local_file_has_no_address_to_read(extractor):
    record = extractor.extract(Document(source="file:///tmp/r.txt", text="2021年，我局推进依法行政。", title="2021年工作报告"))
    assert record.agency.regions == [] and not any(e.field.startswith("publisher_") for e in record.evidence)


def test_the_signature_at_the_end_says_who_when_the_opening_does_not(extractor):
    body = "2021年，我局深入推进依法行政工作。" + "坚持依法全面履行职能，持续深化改革。" * 40
    text = body + "\n\n特此报告。\n\n湖南省益阳市赫山区司法局\n2022年1月20日\n"
    record = extractor.extract(Document(source="file:///r.txt", text=text, title="2021年法治政府建设年度报告"))
    assert record.agency.name == "益阳市赫山区司法局" and record.agency.regions[0].code == "430903"
    signed = [e for e in record.evidence if e.field == "publisher"]
    assert signed and text[signed[0].start : signed[0].end] == "湖南省益阳市赫山区司法局"


def test_a_date_alone_at_the_end_is_no_signature(extractor):
    text = "2021年，我局深入推进依法行政工作。" + "坚持依法全面履行职能。" * 40 + "\n\n2022年1月20日\n"
    record = extractor.extract(Document(source="file:///r.txt", text=text, title="2021年法治政府建设年度报告"))
    assert record.agency.regions == []


def test_the_breadcrumb_names_the_department_when_the_text_says_only_我局(extractor):
    from fazhi.extraction.ingest import document_from_bytes

    body = "2021年，我局在区委、区政府领导下，推进吴中区依法行政。" + "坚持依法全面履行职能。" * 20
    html = (
        "<html><head><title>2021年法治政府建设年度报告</title></head><body>"
        "<div>当前位置：首页 &gt; 部门信息 &gt; 区司法局 &gt; 通知公告</div>"
        f"<h1>2021年法治政府建设年度报告</h1><p>{body}</p></body></html>"
    )
    document = document_from_bytes(html.encode("utf-8"), "https://www.wuzhong.gov.cn/a.html")
    assert document.metadata["breadcrumb"] == "首页 > 部门信息 > 区司法局 > 通知公告"
    record = extractor.extract(document)
    assert record.agency.name == "苏州市吴中区司法局" and record.agency.regions[0].code == "320506"


def test_a_page_of_a_departments_site_is_its_report_when_the_page_names_no_one(extractor):
    from fazhi.extraction.ingest import document_from_bytes

    page = (
        "<html><head><meta charset='utf-8'><title>2021年度法治政府建设工作报告_湘潭县司法局</title></head><body>"
        "<p>2021年，在县委、县政府的坚强领导下，我局坚持以习近平法治思想为指导。</p></body></html>"
    )
    document = document_from_bytes(page.encode("utf-8"), "file:///tmp/a.html", name="a.html")
    assert document.site == "湘潭县司法局"
    record = extractor.extract(document)
    assert (record.agency.name, record.agency.regions[0].code) == ("湘潭县司法局", "430321")
    portal = page.replace("湘潭县司法局</title>", "湘潭县人民政府</title>")
    record = extractor.extract(document_from_bytes(portal.encode("utf-8"), "file:///tmp/b.html", name="b.html"))
    assert record.agency.type != "人民政府"  # a government's portal carries its departments' reports too
