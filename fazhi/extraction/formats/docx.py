"""Word ``.docx`` files (Office Open XML) as text, with the standard library: paragraphs in order,
each table row as one line with its cells joined by a tab, nothing else (no headers, footers or
comments). A ``.docx`` is a zip archive: its size when unpacked is bounded, so a zip bomb posing
as a report is refused before it is read.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as z:
...     z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
...         '<w:body><w:p><w:r><w:t>区司法局</w:t></w:r><w:r><w:t>2021年报告</w:t></w:r></w:p></w:body></w:document>')
>>> docx_text(buffer.getvalue(), name="r.docx")
'区司法局2021年报告'
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from fazhi.errors import InputError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The most a .docx may unpack to: far above any report, far below what a zip bomb unpacks to.
MAX_UNPACKED = 200 * 1024 * 1024


def docx_text(data: bytes, *, name: str) -> str:
    """The text of a ``.docx`` file's body; an :class:`InputError` naming ``name`` for anything else."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(name, "is not a readable .docx (not a zip archive, or cut off); save it again from Word") from None
    with archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError:
            raise InputError(name, "is a zip archive but not a Word document (no word/document.xml)") from None
        if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
            raise InputError(name, f"unpacks to more than {MAX_UNPACKED // 2**20} MiB; it is not a report")
        try:
            xml = archive.read(info)
            root = ElementTree.fromstring(xml)
        except (zipfile.BadZipFile, ElementTree.ParseError, EOFError, OSError) as err:
            raise InputError(name, f"is a damaged .docx ({err}); save it again from Word") from None
    body = root.find(f"{_W}body")
    if body is None:
        raise InputError(name, "is a Word document without a body")
    lines: list[str] = []
    for block in body:
        if block.tag == f"{_W}p":
            lines.append(_paragraph(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = ["".join(_paragraph(p) for p in cell.iter(f"{_W}p")) for cell in row.iter(f"{_W}tc")]
                lines.append("\t".join(cells))
    return "\n".join(lines).strip()


def _paragraph(p: ElementTree.Element) -> str:
    """The text of one paragraph: its runs' text, tabs and line breaks."""
    parts: list[str] = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)
