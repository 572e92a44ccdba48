"""Word 97-2003 and WPS files: converted by LibreOffice, they give the facts of the same report as
text; without LibreOffice, or for a damaged file, one line naming the file. LibreOffice also makes
the encrypted PDF whose test lives here.

The .doc is made at run time from a seed report by LibreOffice itself (HTML → Word 97).
"""

from __future__ import annotations

import html
import os
import subprocess

import pytest

from fazhi.errors import InputError
from fazhi.extraction.formats import word97
from fazhi.extraction.ingest import read_document

SEED = "000_1ca5fe9877358afd.txt"


@pytest.fixture(scope="module")
def doc(data, tmp_path_factory):
    program = word97.converter()
    if program is None:
        reason = "LibreOffice is not installed (run .ci/converters)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("word97")
    lines = (data / "seeds" / SEED).read_text("utf-8").splitlines()
    page = folder / "report.html"
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    page.write_text(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>', "utf-8")
    profile = (folder / "profile").as_uri()
    command = [
        program,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "doc:MS Word 97",
        "--outdir",
        str(folder),
        str(page),
    ]
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    made = folder / "report.doc"
    assert made.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    return made


def test_a_word97_file_gives_the_facts_of_the_same_report_as_text(extractor, data, doc):
    from_text = extractor.extract(read_document(data / "seeds" / SEED))
    document = read_document(doc)
    from_doc = extractor.extract(document)
    assert document.media_type == "application/msword"
    assert from_doc.agency.name == from_text.agency.name and from_doc.year == from_text.year
    assert sorted(d.title for d in from_doc.documents) == sorted(d.title for d in from_text.documents)
    assert [(i.kind, i.part, i.areas) for i in from_doc.items] == [(i.kind, i.part, i.areas) for i in from_text.items]
    assert all(from_doc.text[m.start : m.end] == m.surface for m in from_doc.mentions)


def test_a_wps_file_is_read_the_same_way(doc, tmp_path):
    wps = tmp_path / "报告.wps"
    wps.write_bytes(doc.read_bytes())
    assert read_document(wps).text == read_document(doc).text


def test_without_libreoffice_one_line_says_how_to_install_it(doc, tmp_path, monkeypatch):
    monkeypatch.setattr(word97, "converter", lambda: None)
    with pytest.raises(InputError, match=r"report\.doc: is a Word 97-2003 or WPS document .*apt install libreoffice"):
        read_document(doc)


def test_a_damaged_word97_file_is_one_line(doc, tmp_path):
    broken = tmp_path / "broken.doc"
    broken.write_bytes(doc.read_bytes()[:600])
    with pytest.raises(InputError, match=r"broken\.doc: could not be converted by LibreOffice"):
        read_document(broken)


def test_an_encrypted_pdf_is_one_line_asking_for_it_without_a_password(doc, tmp_path):
    # LibreOffice (here anyway for the Word tests) exports the seed as a PDF that needs a password to open.
    filters = '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    profile = (tmp_path / "profile").as_uri()
    command = [
        word97.converter(),
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        f"pdf:writer_pdf_Export:{filters}",
    ]
    subprocess.run([*command, "--outdir", str(tmp_path), str(doc)], capture_output=True, timeout=180, check=True)
    with pytest.raises(InputError, match=r"report\.pdf: is an encrypted PDF; open it with its password and save it without one"):
        read_document(tmp_path / "report.pdf")
