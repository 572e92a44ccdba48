"""Report files in the formats departments publish, made from report texts: a Word ``.docx``
(paragraphs, optionally one table) and a PDF printed by Chromium (A4, a CJK font embedded, a
running header and ``- N -`` page numbers). Used by ``benchmarks/formats.py`` and the format tests.
"""

from __future__ import annotations

import html
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: The running header every printed page carries (a reader must drop it).
HEADER = "某某区人民政府门户网站"


def write_docx(path: Path, lines: list[str], table: tuple[tuple[str, ...], ...] = ()) -> Path:
    """A minimal .docx: each line a paragraph, then ``table`` (rows of cells) if given."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines)
    rows = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>" for row in table
    )
    body = paragraphs + (f"<w:tbl>{rows}</w:tbl>" if rows else "")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return path


def print_pdf(page: Any, lines: list[str], path: Path) -> Path:
    """Print ``lines`` (one paragraph each) to ``path`` as a PDF with a playwright Chromium ``page``."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    page.set_content(
        "<html><head><meta charset='utf-8'><style>body{font-family:'WenQuanYi Micro Hei',sans-serif;"
        f"font-size:15px}} p{{margin:0 0 6px;text-indent:2em}}</style></head><body>{body}</body></html>"
    )
    page.pdf(
        path=str(path),
        format="A4",
        margin={"top": "70px", "bottom": "70px", "left": "70px", "right": "70px"},
        display_header_footer=True,
        header_template=f"<div style='font-size:9px;width:100%;text-align:center'>{HEADER}</div>",
        footer_template="<div style='font-size:9px;width:100%;text-align:center'>- <span class='pageNumber'></span> -</div>",
    )
    return path
