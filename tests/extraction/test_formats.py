"""Reports as published: a Word .docx gives the same facts as the text of the same report; what fazhi
cannot read yet, or what only poses as a report, is one line naming the file."""

from __future__ import annotations

import zipfile

import pytest

from benchmarks.documents import write_docx
from fazhi.errors import InputError
from fazhi.extraction.ingest import read_document

SEED = "000_1ca5fe9877358afd.txt"


def test_a_docx_gives_the_facts_of_the_same_report_as_text(extractor, data, tmp_path):
    text_path = data / "seeds" / SEED
    lines = text_path.read_text("utf-8").splitlines()
    docx = write_docx(tmp_path / "report.docx", lines)
    from_text = extractor.extract(read_document(text_path))
    from_docx = extractor.extract(read_document(docx))
    assert from_docx.agency.name == from_text.agency.name and from_docx.year == from_text.year
    assert [d.title for d in from_docx.documents] == [d.title for d in from_text.documents]
    assert len(from_docx.items) == len(from_text.items)
    for m in from_docx.mentions:
        assert from_docx.text[m.start : m.end] == m.surface


def test_a_report_says_the_format_it_was_read_from(extractor, data, tmp_path):
    from rdflib import Literal
    from rdflib.namespace import DCTERMS

    from fazhi.graph.build import record_triples

    docx = write_docx(tmp_path / "report.docx", (data / "seeds" / SEED).read_text("utf-8").splitlines())
    formats = {}
    for path in (data / "seeds" / SEED, data / "html" / "p1_trs_table.html", docx):
        record = extractor.extract(read_document(path))
        formats[path.suffix] = {o for _, p, o in record_triples(record) if p == DCTERMS.format}
    assert formats == {
        ".txt": {Literal("text/plain")},
        ".html": {Literal("text/html")},
        ".docx": {Literal("application/vnd.openxmlformats-officedocument.wordprocessingml.document")},
    }


def test_table_rows_are_lines_with_their_cells(tmp_path):
    docx = write_docx(tmp_path / "t.docx", ["2021年行政复议情况"], table=[["收到申请", "128件"], ["受理", "115件"]])
    assert "收到申请\t128件\n受理\t115件" in read_document(docx).text


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 cut off"), "not a readable .docx"),
        (lambda p: zipfile.ZipFile(p, "w").writestr("other.txt", "x"), "not a Word document"),
    ],
)
def test_a_damaged_docx_is_one_line(tmp_path, make, message):
    path = tmp_path / "bad.docx"
    make(path)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_a_zip_bomb_posing_as_docx_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/big.bin", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(210):
                f.write(chunk)
    assert path.stat().st_size < 2_000_000
    with pytest.raises(InputError, match="unpacks to more than"):
        read_document(path)
