"""Who published each report and where: agencies named in the text, regions, credit codes, evidence."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from fazhi.extraction.agencies import canonical, find_agencies
from fazhi.extraction.identifiers import check_character, find_credit_codes, is_credit_code
from fazhi.extraction.ingest import Document, document_from_bytes
from fazhi.extraction.publisher import find_publisher, report_title, year_evidence
from fazhi.graph.build import record_triples
from fazhi.ontology.namespaces import FZ
from fazhi.ontology.regions import regions

VALID_CODE = "11500155MB1603152R"  # check character computed by GB 32100-2015


def publisher_of(text: str, **metadata: str):
    doc = Document(source="file:///r.txt", text=text, metadata=metadata)
    return find_publisher(doc, report_title(doc))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "在区人大常委会和市司法局的监督下",
            [("区人大常委会", "人民代表大会常务委员会", "county"), ("市司法局", "司法局", "city")],
        ),
        ("印发《宜春市公安局营商环境提升行动实施方案》", [("宜春市公安局", "公安局", None)]),
        ("配合重庆市梁平区科技局开展检查", [("重庆市梁平区科技局", "科学技术局", None)]),
        ("报送司法部备案", [("司法部", "司法部", None)]),
        ("各区司法局和全市公安局", []),  # collective forms name no one agency
        ("加强与司法部门的协作", []),  # 司法部门 is not 司法部
        ("国办发〔2021〕12号", []),  # a document number, not the State Council's office
    ],
)
def test_agencies_are_found_with_their_type_and_place(text, expected):
    assert [(a.surface, a.type.label, a.relative) for a in find_agencies(text)] == expected


def test_relative_agency_names_are_read_against_the_reports_region():
    table = regions()
    home = table.path(table.by_code["500155"])  # 梁平区 › 重庆市
    names = [canonical(a, home).name for a in find_agencies("区人大常委会、市司法局、司法部")]
    assert names == ["重庆市梁平区人民代表大会常务委员会", "重庆市司法局", "司法部"]


def test_a_relative_name_in_a_report_of_unknown_region_is_not_pinned_down():
    [mention] = find_agencies("区司法局")
    assert canonical(mention, []) is None


def test_an_ambiguous_place_is_decided_by_the_reports_own_path():
    table = regions()
    home = table.path(table.by_code["370402"])  # 枣庄市市中区
    [mention] = find_agencies("枣庄市市中区司法局")
    assert canonical(mention, home).region.code == "370402"
    [ambiguous] = find_agencies("与市中区司法局")
    assert len(ambiguous.regions) > 1
    assert canonical(ambiguous, home).region.code == "370402"
    assert canonical(ambiguous, table.path(table.by_code["500155"])) is None


@pytest.mark.parametrize(
    ("text", "code", "agency_type"),
    [
        # a relative name: the same agency named in full elsewhere on the page decides the city
        ("2023年,市公安局认真贯彻落实中央部署。印发《宜春市公安局营商环境提升行动实施方案》。", "360900", "公安局"),
        # a short form the vocabulary does not know, expanded by the full name on the page
        (
            "2023年,市文广旅局在市委、市政府的坚强领导下推进工作。印发《资阳市文化广播电视和旅游局2023年普法工作方案》。",
            "512000",
            "文化广播电视和旅游局",
        ),
        # 我局: the type from the provincial counterpart that guides it, the city from the only city named
        (
            "2021年,我局在市委、市政府的正确领导下,在省人力资源和社会保障厅的关心指导下,推动工作。落实《东莞市中介服务事项清单》。",
            "441900",
            "人力资源和社会保障局",
        ),
        # the whole region's report
        ("自治区党委、政府自觉将习近平法治思想作为根本遵循。制定《广西壮族自治区法治政府建设规划》。", "450000", "人民政府"),
        # renamed divisions resolve to today's division
        ("重庆市梁平县科学技术局2015年法治政府建设情况的报告\n2015年,县科技局认真学习宪法。", "500155", "科学技术局"),
        ("襄樊市人民政府2009年依法行政工作报告\n2009年,市政府坚持依法行政。", "420600", "人民政府"),
    ],
)
def test_the_page_decides_the_publishers_region_and_type(text, code, agency_type):
    found = publisher_of(text)
    assert (found.region.code if found.region else None, found.type) == (code, agency_type)


def test_an_ambiguous_region_without_evidence_stays_unknown():
    found = publisher_of("通州区坚持以习近平新时代中国特色社会主义思想为指导,推进法治建设。")
    assert (found.type, found.region, found.name) == ("人民政府", None, "通州区人民政府")


def test_other_place_names_decide_an_ambiguous_region():
    found = publisher_of("通州区坚持以习近平新时代中国特色社会主义思想为指导,服务北京市城市副中心建设,落实北京市部署。")
    assert found.region.code == "110112"


def test_a_code_in_the_index_number_decides_an_ambiguous_region():
    found = publisher_of("市中区科技局2020年法治政府建设工作报告\n2020年,区科技局学习宪法。", index_number="370402000/2021-00012")
    assert found.region.code == "370402"


def test_a_street_office_keeps_its_own_name():
    found = publisher_of("鲤城区人民政府金龙街道办事处关于2022年度法治政府建设情况的报告\n2022年,我街道学习宪法。")
    assert (found.name, found.region.code, found.locality) == ("泉州市鲤城区金龙街道办事处", "350502", "金龙")


def test_a_street_name_is_not_taken_for_a_district():
    found = publisher_of("2025年,鼓楼街道办事处深入学习贯彻习近平法治思想。")
    assert (found.type, found.region, found.locality) == ("街道办事处", None, "鼓楼")


def test_credit_codes_are_validated_by_their_check_character():
    assert check_character("91350100M000100Y4") == "3"  # the standard's own example
    assert is_credit_code(VALID_CODE)
    assert not is_credit_code(VALID_CODE[:-1] + "X")
    assert not is_credit_code("11500155MB16031520")  # wrong length
    assert find_credit_codes(f"索引号:{VALID_CODE}/2021-00012 与 11500155MB1603152X") == [(4, 22, VALID_CODE)]


def test_the_publishers_credit_code_and_dates_reach_the_graph(extractor):
    page = (
        f"<html><body><table><tr><th>索引号</th><td>{VALID_CODE}/2021-00012</td><th>成文日期</th><td>2021年3月15日</td></tr>"
        "<tr><th>发布日期</th><td>2021-03-17</td><th>文号</th><td>梁科局发〔2021〕5号</td></tr>"
        "<tr><th>标题</th><td>重庆市梁平区科学技术局2020年法治政府建设情况的报告</td></tr></table>"
        "<h1>重庆市梁平区科学技术局2020年法治政府建设情况的报告</h1>"
        "<p>2020年,区科技局认真学习宪法,配合区人大常委会开展执法检查。</p></body></html>"
    ).encode()
    record = extractor.extract(document_from_bytes(page, "https://www.cqlp.gov.cn/art/1.html", name="1.html"))
    triples = set(record_triples(record))
    publisher = next(o for s, p, o in triples if p == DCTERMS.publisher)
    assert (publisher, ORG.identifier, Literal(VALID_CODE, datatype=FZ.CreditCode)) in triples
    report = next(s for s, p, o in triples if p == DCTERMS.publisher)
    assert (report, FZ.writtenDate, Literal("2021-03-15", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))) in triples
    assert (report, DCTERMS.issued, Literal("2021-03-17", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))) in triples
    evidence = {e.field: e for e in record.evidence}
    assert {"year", "identifier", "written", "published", "document_number", "index_number"} <= evidence.keys()
    for e in evidence.values():
        if e.start is not None:
            assert record.text[e.start : e.end] == e.value or e.field == "year"
    mentioned = {o for s, p, o in triples if p == FZ.mentionsAgency}
    labels = {str(o) for s, p, o in triples if p == SKOS.prefLabel and s in mentioned}
    assert labels == {"重庆市梁平区人民代表大会常务委员会"}


def test_the_year_is_read_with_its_words():
    doc = Document(source="file:///r.txt", text="2023年,区司法局学习宪法。")
    found = year_evidence(doc, None)
    assert (found.value, doc.text[found.start : found.end]) == ("2023", "2023")
    dated = Document(source="file:///r.txt", text="区司法局学习宪法。", metadata={"written": "2024-03-01"})
    assert year_evidence(dated, None).value == "2023"  # a report written in spring covers the year before


def test_one_agency_is_one_node_across_reports_and_years(sample_build):
    rows = list(
        sample_build.dataset.query("""
        PREFIX fz: <https://w3id.org/fazhi/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?a (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r dcterms:publisher ?a . ?a skos:prefLabel "重庆市梁平区科学技术局"@zh } GROUP BY ?a""")
    )
    assert len(rows) == 1 and int(rows[0][1]) == 2


def test_the_agencies_query_lists_each_agency_with_its_region_path(sample_graph):
    from fazhi.graph.io import read_dataset
    from fazhi.queries import resolve, run

    _, rows = run(read_dataset(sample_graph), resolve("agencies"))
    by_name = {str(r[0]): r for r in rows}
    assert str(by_name["张家港市科学技术局"][3]) == "张家港市 › 苏州市 › 江苏省"
    assert str(by_name["重庆市梁平区科学技术局"][5]) in ("2020", "2020,2021", "2021,2020")


@pytest.mark.parametrize(
    ("title", "name", "code"),
    [
        ("南京市鼓楼区华侨路街道2021年法治政府建设工作报告", "南京市鼓楼区华侨路街道办事处", "320106"),
        ("华侨路街道2021年法治政府建设工作报告", "南京市鼓楼区华侨路街道办事处", "320106"),  # one county has it
        ("鼓楼区华侨路街道办事处2021年法治政府建设工作报告", "南京市鼓楼区华侨路街道办事处", "320106"),  # of four 鼓楼区
    ],
)
def test_a_street_office_written_without_办事处_is_found_in_its_county(title, name, code):
    found = publisher_of(f"{title}\n2021年，街道坚持依法行政。")
    assert (found.name, found.type, found.region.code, found.locality) == (name, "街道办事处", code, "华侨路")


def test_a_street_office_no_county_has_keeps_its_name_without_a_region():
    found = publisher_of("新华大道街道2021年法治政府建设工作报告\n2021年，街道坚持依法行政。")
    assert (found.name, found.type, found.region) == ("新华大道街道办事处", "街道办事处", None)


@pytest.mark.parametrize(
    ("title", "name", "agency_type", "code"),
    [
        ("杭州市公安局西湖区分局2022年度法治政府建设工作报告", "杭州市公安局西湖区分局", "公安分局", "330106"),
        ("北京市公安局朝阳分局2022年法治政府建设年度情况报告", "北京市公安局朝阳区分局", "公安分局", "110105"),
        ("湘潭市生态环境局湘潭县分局2022年法治政府建设年度报告", "湘潭市生态环境局湘潭县分局", "生态环境分局", "430321"),
        ("株洲市生态环境局醴陵分局2021年度法治政府建设工作报告", "株洲市生态环境局醴陵市分局", "生态环境分局", "430281"),
    ],
)
def test_a_city_bureaus_branch_is_the_agency_of_its_district(title, name, agency_type, code):
    found = publisher_of(f"{title}\n2022年，分局坚持依法行政。")
    assert (found.name, found.type, found.region.code) == (name, agency_type, code)


def test_a_branch_in_a_district_of_another_city_is_not_made_up():
    found = publisher_of("杭州市公安局朝阳分局2022年度法治政府建设工作报告\n2022年，分局坚持依法行政。")
    assert (found.name, found.region, found.written) == (None, None, "杭州市公安局朝阳分局")  # 杭州 has no 朝阳区


@pytest.mark.parametrize(
    "title",
    ["2022年度湘潭市司法局法治政府建设年度报告", "关于湘潭市司法局2022年度法治政府建设情况的报告"],
)
def test_a_title_that_opens_with_the_year_or_关于_names_the_agency_after_it(title):
    found = publisher_of(f"{title}\n2022年，我局坚持依法行政。")
    assert (found.name, found.type, found.region.code) == ("湘潭市司法局", "司法局", "430300")


def test_a_title_with_no_agency_after_the_year_leaves_the_text_to_say():
    found = publisher_of("2022年度法治政府建设情况报告\n2022年，湘潭市司法局坚持依法行政。")
    assert (found.name, found.region.code) == ("湘潭市司法局", "430300")


def test_a_town_named_with_its_district_is_found_in_the_table_of_towns():
    found = publisher_of("雨湖区鹤岭镇2021年法治政府建设工作报告\n2021年，鹤岭镇坚持依法行政。")
    assert (found.name, found.type, found.region.code, found.locality) == (
        "湘潭市雨湖区鹤岭镇人民政府",
        "镇人民政府",
        "430302",
        "鹤岭",
    )


def test_a_countys_combined_culture_bureau_by_its_short_form():
    found = publisher_of("桃江县文旅广体局2022年法治政府建设年度报告\n2022年，我局坚持依法行政。")
    assert (found.name, found.type, found.region.code) == ("桃江县文化旅游广电体育局", "文化旅游广电体育局", "430922")


def test_a_second_name_in_brackets_after_the_agencys_is_left_out():
    found = publisher_of("湘潭县司法局（县委依法治县办）2021年法治政府建设年度报告\n2021年，我局坚持依法行政。")
    assert (found.name, found.type, found.region.code) == ("湘潭县司法局", "司法局", "430321")


def test_a_branch_of_the_市_bureau_takes_its_city_from_the_page_or_stays_unknown():
    title = "市公安局西湖区分局2022年度法治政府建设工作报告\n2022年，分局"
    placed = publisher_of(title + "在杭州市委、市政府领导下坚持依法行政。")
    assert (placed.name, placed.region.code) == ("杭州市公安局西湖区分局", "330106")
    assert publisher_of(title + "坚持依法行政。").region is None  # 西湖区: 杭州 and 南昌 have one


@pytest.mark.parametrize(
    ("opening", "name", "code"),
    [
        ("2022年，华侨路街道在区委、区政府的正确领导下，深入推进法治建设。", "南京市鼓楼区华侨路街道办事处", "320106"),
        ("2021年，市生态环境局湘潭县分局坚持以习近平法治思想为指导。", "湘潭市生态环境局湘潭县分局", "430321"),
    ],
)
def test_the_opening_sentence_names_a_street_office_or_a_branch(opening, name, code):
    found = publisher_of(opening)
    assert (found.name, found.region.code) == (name, code)


def test_all_the_towns_of_a_county_are_not_one_publisher():
    found = publisher_of("2021年，各乡镇在县委、县政府的领导下，全面推进依法行政。")
    assert found.type != "镇人民政府"


def test_a_town_whose_name_begins_like_a_county_is_found_by_the_table_of_towns():
    found = publisher_of("阿拉善左旗巴彦浩特镇2022年法治政府建设工作报告\n2022年，镇党委坚持依法行政。")
    assert (found.name, found.region.code, found.locality) == ("阿拉善左旗巴彦浩特镇人民政府", "152921", "巴彦浩特")


def test_a_zones_committee_keeps_the_zones_name_and_its_citys_region():
    torch = publisher_of("中山市火炬开发区管委会2021年法治政府建设情况报告\n2021年，管委会坚持依法行政。")
    assert (torch.name, torch.region.code, torch.locality) == ("中山市火炬开发区管理委员会", "442000", "火炬开发区")
    other = publisher_of("中山市翠亨新区管委会2021年法治政府建设情况报告\n2021年，管委会坚持依法行政。")
    assert other.region.code == "442000" and other.locality != torch.locality  # two committees, two nodes


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("温州市鹿城区人力社保局2021年法治政府建设工作报告", "温州市鹿城区人力资源和社会保障局"),
        ("衡阳市退役军人局2021年法治政府建设年度报告", "衡阳市退役军人事务局"),
    ],
)
def test_short_forms_of_departments_in_titles_become_their_formal_names(title, name):
    assert publisher_of(f"{title}\n2021年，我局坚持依法行政。").name == name


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("湘潭市司法局关于二〇二二年度法治政府建设情况的报告\n一年来，我局坚持依法行政。", 2022),  # Chinese numerals
        (
            "湘潭市司法局法治政府建设年度报告\n今年以来，我局坚持依法行政。\n\n湘潭市司法局\n2023年1月10日",
            2022,
        ),  # signed in January
        ("湘潭市司法局法治政府建设年度报告\n今年以来，我局坚持依法行政。\n\n2022年12月28日", 2022),
        ("湘潭市司法局法治政府建设年度报告\n今年以来，我局坚持依法行政，2023年1月将召开会议。", None),  # not a closing date
    ],
)
def test_the_year_from_chinese_numerals_or_the_date_the_report_is_signed_with(text, year):
    doc = Document(source="file:///r.txt", text=text)
    found = year_evidence(doc, report_title(doc))
    assert (int(found.value) if found else None) == year


def test_a_title_without_a_year_or_with_a_range_still_names_its_agency():
    for title in ("湘潭市司法局法治政府建设年度报告", "湘潭市司法局2021-2022年度法治政府建设情况报告"):
        assert publisher_of(f"{title}\n我局坚持依法行政。").name == "湘潭市司法局"


def test_a_page_titles_last_part_names_the_department_whose_report_it_is():
    found = publisher_of("2021年法治政府建设年度报告_湘潭市司法局\n2021年，我局坚持依法行政。")
    assert (found.name, found.region.code) == ("湘潭市司法局", "430300")
