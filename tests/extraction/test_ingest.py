"""Reading pages: encodings, layouts, the metadata block, and every kind of bad input."""

from __future__ import annotations

import pytest

from fazhi.errors import InputError
from fazhi.extraction.ingest import document_from_bytes, read_document, read_metadata

HTML = [
    "p1_trs_table.html",
    "p2_zoom_ul.html",
    "p2_zoom_ul.nocharset.gbk.html",
    "p3_oldtable_br.html",
    "p3_oldtable_br.gbk.html",
    "p4_html5_article.html",
]


@pytest.mark.parametrize("name", HTML)
def test_html_layouts_keep_body_and_drop_clutter(data, name):
    doc = read_document(data / "html" / name)
    assert "一、" in doc.text
    assert "《中华人民共和国科学技术进步法》" in doc.text
    for clutter in ("设为首页", "网站标识码", "ICP备", "扫一扫", "var _hmt"):
        assert clutter not in doc.text
    assert doc.title and "法治政府建设" in doc.title
    assert doc.metadata["index_number"]
    assert doc.media_type == "text/html"


def test_gbk_pages_decode_like_their_utf8_twins(data):
    for utf8, gbk in (("p2_zoom_ul.html", "p2_zoom_ul.nocharset.gbk.html"), ("p3_oldtable_br.html", "p3_oldtable_br.gbk.html")):
        assert read_document(data / "html" / gbk).text == read_document(data / "html" / utf8).text


def test_text_page_keeps_body_and_drops_navigation(data):
    doc = read_document(data / "seeds" / "000_1ca5fe9877358afd.txt")
    assert doc.text.startswith("重庆市梁平区科学技术局2020年法治政府建设情况的报告")
    assert doc.text.endswith("营造良好的法治环境。")
    assert "返回顶部" not in doc.text


def test_metadata_block_of_a_text_page(data):
    doc = read_document(data / "seeds" / "002_07bf2e6ab66619ba.txt")
    assert doc.metadata["index_number"] == "3704023704020008/2025-00418"
    assert doc.metadata["publisher"] == "科学技术局"
    assert doc.metadata["title"] == "市中区科学技术局2024年度法治政府建设报告"
    assert "网站标识码:3704020008" in doc.footer


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["索 引 号:3704023704020008/2025-00418"], {"index_number": "3704023704020008/2025-00418"}),
        (
            ["发文单位", "区人民政府", "发文字号", "", "索引号", "010898141/2022-06521"],
            {"publisher": "区人民政府", "index_number": "010898141/2022-06521"},
        ),
        (["文  号:", "发文时间:2025年02月14日"], {"published": "2025年02月14日"}),
    ],
)
def test_read_metadata(lines, expected):
    assert read_metadata(lines) == expected


@pytest.mark.parametrize(
    ("payload", "name", "reason"),
    [
        (b"", "empty.txt", "is empty"),
        (b"   \n\n", "blank.txt", "is empty"),
        (b"\x00\x01\x02PK\x03\x04" * 100, "report.docx.txt", "binary file"),
        (b"<html><body><p>hello</p></body></html>", "page.html", "no Chinese text"),
        (b"just some english text", "notes.txt", "no Chinese text"),
    ],
)
def test_bad_input_is_one_clear_error(payload, name, reason):
    with pytest.raises(InputError) as info:
        document_from_bytes(payload, f"file:///{name}", name=name)
    assert name in str(info.value) and reason in str(info.value)


def test_a_few_control_characters_are_text_and_many_are_binary():
    """Pages copied out of Word carry stray control characters (\x0b, \x07); one in twenty bytes or more is not text."""
    words = "区司法局学习宪法。".encode()  # 27 bytes
    few = (words + b"\x0b") * 20  # 1 byte in 28
    assert "宪法" in document_from_bytes(few, "file:///few.txt", name="few.txt").text
    many = (words + b"\x07\x08") * 20  # 2 bytes in 29 (tab, newlines and form feed are text)
    with pytest.raises(InputError, match="binary file"):
        document_from_bytes(many, "file:///many.txt", name="many.txt")
    assert "宪法" in document_from_bytes((words + b"\t\n\r\x0c") * 20, "file:///tabs.txt", name="tabs.txt").text


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_document(tmp_path / "nope.txt")


def test_truncated_html_still_reads(data):
    raw = (data / "html" / "p2_zoom_ul.html").read_bytes()
    doc = document_from_bytes(raw[: len(raw) // 2], "file:///cut.html")
    assert "《中华人民共和国科学技术进步法》" in doc.text
