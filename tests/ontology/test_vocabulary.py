"""The vocabularies are data that must stay correct: levels, labels, titles, links."""

from __future__ import annotations

import re

import pytest
from rdflib.namespace import RDFS

from fazhi.errors import FazhiError
from fazhi.ontology import LEVELS, ontology_graph
from fazhi.ontology.agencies import agency_types
from fazhi.ontology.legislation import ORDER_PATTERN, LegalDocument, legislation, parse_entries, with_orders
from fazhi.ontology.namespaces import FZ
from fazhi.ontology.normalize import title_key


def test_no_two_entries_share_a_label():
    seen: dict[str, str] = {}
    for entry in parse_entries():
        for label in entry.labels:
            key = title_key(label)
            assert seen.setdefault(key, entry.title) == entry.title, f"{label} names {seen[key]} and {entry.title}"


def test_every_entry_has_a_valid_level():
    for entry in legislation().entries:
        assert entry.levels and set(entry.levels) <= set(LEVELS), entry.title


def test_titles_are_well_formed():
    for entry in legislation().entries:
        t = entry.title
        assert t == t.strip() and not re.search(r"\s{2,}|^《|》$", t), t
        assert t.count("（") == t.count("）") and t.count("《") == t.count("》"), t
        if entry.levels == ("法律",):
            # laws end in their form; a few NPC acts are 议事规则, 办法 or 若干规定 (official_titles.tsv)
            assert re.search(r"(法|法典|通则|总则|条例|决定|规则|办法|规定|修正案(（[一二三四五六七八九十]+）)?)$", t), t


def test_replaced_documents_point_to_entries():
    vocab = legislation()
    for entry in vocab.entries:
        if entry.replaced_by:
            assert vocab.lookup(entry.replaced_by) is not None, entry.replaced_by


def test_revision_in_force_in_a_year():
    entry = legislation().lookup("行政处罚法")
    assert entry is not None and entry.date.startswith("1996")
    assert entry.version_in(2022) is not None and entry.version_in(2022) >= "2021"
    assert entry.version_in(1990) is None


def test_a_version_carries_the_order_that_promulgated_it():
    entry = legislation().lookup("政府信息公开条例")
    assert entry is not None
    assert entry.order_of(entry.version_in(2018) or "") == "中华人民共和国国务院令第492号"
    assert entry.order_of(entry.version_in(2020) or "") == "中华人民共和国国务院令第711号"
    assert legislation().lookup("宪法").orders == ()  # amended by the NPC's announcements, not by orders


def test_the_graph_shapes_check_orders_with_the_pattern_the_vocabulary_is_checked_with():
    from rdflib.namespace import SH

    from fazhi.ontology import shapes_graph

    shapes = shapes_graph()
    patterns = {str(shapes.value(prop, SH.pattern)) for prop in shapes.subjects(SH.path, FZ.promulgationOrder)}
    assert patterns == {ORDER_PATTERN.pattern}


@pytest.mark.parametrize(
    "row, complaint",
    [
        ("中华人民共和国不存在法\t2020-01-01\t中华人民共和国主席令第一号", "not an official title"),
        ("优化营商环境条例\t2019-10-08\t中华人民共和国国务院令第722号", "not a version date"),
        ("优化营商环境条例\t2019-10-22\t国务院令722号", "official form"),
        ("优化营商环境条例\t2019-10-22\t中华人民共和国主席令第722号", "official form"),
    ],
)
def test_an_order_row_that_does_not_fit_its_entry_is_refused(tmp_path, row, complaint):
    entry = LegalDocument("优化营商环境条例", ("行政法规",), date="2019-10-22")
    file = tmp_path / "orders.tsv"
    file.write_text("title\tdate\torder\n" + row + "\n", "utf-8")
    with pytest.raises(FazhiError, match=complaint):
        with_orders([entry], file)


def test_vocabulary_is_large_enough_for_real_reports():
    levels = [lvl for e in legislation().entries for lvl in e.levels]
    assert levels.count("法律") >= 250
    assert levels.count("行政法规") >= 150


def test_agency_type_aliases_resolve():
    types = agency_types()
    for alias, label in (
        ("科技局", "科学技术局"),
        ("人社局", "人力资源和社会保障局"),
        ("卫健委", "卫生健康委员会"),
        ("市监局", "市场监督管理局"),
    ):
        assert types.lookup(alias).label == label


def test_every_ontology_term_used_by_code_exists_with_labels():
    g = ontology_graph()
    for name in FZ.__annotations__:
        term = getattr(FZ, name)
        labels = {lit.language for lit in g.objects(term, RDFS.label)}
        assert {"zh", "en"} <= labels, f"fz:{name} lacks a zh or en label in fazhi.ttl"


def test_the_shipped_division_table_is_whole_and_consistent():
    from fazhi.ontology.regions import regions

    table = regions()
    levels = [r.level for r in table.by_code.values()]
    assert levels.count("province") == 34 and levels.count("city") > 330 and levels.count("county") > 2800
    for region in table.by_code.values():
        assert region.parent is None or region.parent in table.by_code, region
        assert region.pinyin and all(s.isascii() and s.isalpha() for s in region.pinyin), region
    assert [r.name for r in table.path(table.by_code["500155"])] == ["梁平区", "重庆市"]  # no city between
    assert table.by_code["420600"].former == ("襄樊", "襄樊市")
    assert {r.code for r in table.named("下城区")} == {"330105"}  # renamed into 拱墅区


def test_towns_name_their_county():
    from fazhi.ontology.regions import regions

    assert "440784" in {r.code for r in regions().towns_named("双合镇")}  # 鹤山市双合镇
    assert regions().towns_named("没有这个镇") == []
