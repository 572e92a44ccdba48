"""Read a report page (text or HTML, any common Chinese encoding) into a :class:`Document`.

A page saved as text and an HTML page go the same way: bytes → decoded text → lines of the
page → the metadata block (索引号 发布机构 成文日期 文号 标题 …) and the footer (主办 地址
网站标识码 备案号) are read from all lines → the stored text is the page with its leading
navigation and trailing footer trimmed, so every character offset points into it.

>>> doc = document_from_bytes(b"2020\\xe5\\xb9\\xb4\\xe6\\x8a\\xa5\\xe5\\x91\\x8a", "file:///r.txt")
>>> doc.text
'2020年报告'
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from fazhi.errors import InputError

#: Files larger than this are refused: no report is this long, a dump or an archive is.
MAX_BYTES = 20 * 1024 * 1024

#: Labels of the metadata block as pages write them, mapped to fazhi's field names.
METADATA_LABELS: dict[str, str] = {
    "索引号": "index_number",
    "主题分类": "subject",
    "分类": "subject",
    "发布机构": "publisher",
    "发文机关": "publisher",
    "发文单位": "publisher",
    "发布单位": "publisher",
    "来源": "source_name",
    "信息来源": "source_name",
    "成文日期": "written",
    "成文时间": "written",
    "发文日期": "published",
    "发文时间": "published",
    "发布日期": "published",
    "发布时间": "published",
    "公开日期": "published",
    "日期": "published",
    "时间": "published",
    "文号": "document_number",
    "发文字号": "document_number",
    "标题": "title",
    "名称": "title",
    "效力状态": "validity",
    "有效性": "validity",
}

_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(sorted(("\\s*".join(label) for label in METADATA_LABELS), key=len, reverse=True)) + r")\s*[:：]\s*"
)
_FOOTER_MARKERS = re.compile(
    r"主办|承办|版权所有|网站标识码|ICP备|公网安备|备案号|地址[:：]|联系电话|邮编|扫一扫|相关文章|"
    r"打印本页|关闭窗口|返回顶部|网站地图|联系我们|举报|违法和不良信息|技术支持|建议使用|分辨率|浏览次数|分享到|字体[:：]|【字体|打印"
)
_NAV_MARKERS = re.compile(r"首页|当前位置|位置[:：]|欢迎访问|无障碍|繁体|简体|设为首页|收藏本站|>|›|»")
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "td",
    "th",
    "dt",
    "dd",
    "blockquote",
    "pre",
}
_DROP_TAGS = ["script", "style", "noscript", "select", "option", "form", "iframe", "svg", "button", "input", "textarea"]
_BARE_LABELS = {re.sub(r"\s", "", k) for k in METADATA_LABELS}
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Document:
    """A report page as read: where it came from, its stored text and what the page says about it."""

    source: str
    text: str
    title: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    footer: str = ""
    site: str = ""
    media_type: str = "text/plain"
    #: Where each printed page starts in ``text`` (PDFs); empty for pages and Word files.
    page_starts: tuple[int, ...] = ()
    #: For a scan read by OCR, the recognition score averaged over its characters (0–1).
    ocr_confidence: float | None = None
    #: What turned a file into text (``pdfium/5.15.2``, ``rapidocr/1.4.4``, ``libreoffice``,
    #: ``fazhi_docx/1``); empty for pages, which fazhi decodes itself.
    reader: str = ""

    @property
    def content_hash(self) -> str:
        """SHA-256 of the stored text, hex: the report's identity across runs and machines."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def source_iri(path: Path) -> str:
    """The ``file://`` IRI of a local file (absolute, percent-encoded).

    >>> source_iri(Path("/tmp/报告.txt"))
    'file:///tmp/%E6%8A%A5%E5%91%8A.txt'
    """
    return path.resolve().as_uri()


DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MEDIA_TYPE = "application/pdf"
WORD97_MEDIA_TYPE = "application/msword"  # Word 97-2003; WPS files are read the same way
#: How a file's first bytes say what it is, whatever its suffix says (government sites serve HTML
#: pages as .doc, and Word files as .wps).
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc), WPS (.wps), old Excel …


def file_kind(data: bytes) -> str:
    """What a file is by its first bytes: ``pdf``, ``zip`` (a .docx is one), ``ole`` (Word 97-2003,
    WPS) or ``page`` (text or HTML, to decode).

    >>> file_kind(b"%PDF-1.7 ..."), file_kind(b"PK\x03\x04..."), file_kind("<html>报告".encode())
    ('pdf', 'zip', 'page')
    """
    head = data[:1024]
    if _PDF_MAGIC in head:
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    return "page"


def read_document(source: str | Path) -> Document:
    """Read one local file (a page saved as ``.txt`` or ``.html``, a ``.docx`` or a PDF) into a :class:`Document`.

    What the file is comes from its first bytes, not its suffix (:func:`file_kind`).

    Raises :class:`~fazhi.errors.InputError` naming the file for every input that is not a report.
    """
    path = Path(url2pathname(urlparse(str(source)).path)) if str(source).startswith("file:") else Path(source)
    name = str(source)
    if not path.exists():
        raise InputError(name, "no such file or folder; check the path")
    if path.is_dir():
        raise InputError(name, "is a folder; fazhi build reads the files in it, read_document one file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                name,
                f"{size / 2**20:.1f} MiB, over the {MAX_BYTES // 2**20} MiB limit for a report; split it or pass the report itself",
            )
        data = path.read_bytes()
    except PermissionError:
        raise InputError(name, "cannot be read (permission denied)") from None
    except OSError as err:
        raise InputError(name, f"cannot be read ({err.strerror or err})") from None
    return document_from_file(data, source_iri(path), name=name)


def document_from_file(data: bytes, source: str, *, name: str) -> Document:
    """A report file's bytes (a page, a PDF, a ``.docx``), read by what its first bytes say it is."""
    kind = file_kind(data)
    if kind == "pdf":
        from fazhi.extraction.formats.pdf import pdf_text

        pdf = pdf_text(data, name=name)
        document = _from_text(pdf.text, source, name=name, media_type=PDF_MEDIA_TYPE, reader=pdf.reader)
        pages = locate_pages(document.text, pdf.text, pdf.page_starts)
        return replace(document, page_starts=pages, ocr_confidence=pdf.confidence)
    if kind == "zip":
        from fazhi.extraction.formats.docx import docx_text

        return _from_text(docx_text(data, name=name), source, name=name, media_type=DOCX_MEDIA_TYPE, reader="fazhi_docx/1")
    if kind == "ole":
        from fazhi.extraction.formats.word97 import word97_text

        return _from_text(word97_text(data, name=name), source, name=name, media_type=WORD97_MEDIA_TYPE, reader="libreoffice")
    return document_from_bytes(data, source, name=name)


def locate_pages(stored: str, read: str, starts: tuple[int, ...]) -> tuple[int, ...]:
    """Where each page starts in the ``stored`` text, given where it started in the text as ``read``
    (before clutter lines were trimmed from its head and tail): each page's first words are looked
    for near where the trimming moved them; a page whose words were trimmed away starts where the
    text's trimmed part says (never before the previous page, never past the end).

    >>> locate_pages("甲乙丙\\n丁戊己", "页眉\\n甲乙丙\\n丁戊己", (0, 7))
    (0, 4)
    """
    shift = max(read.find(stored[:20]), 0)  # where the stored text begins in the text as read
    out: list[int] = []
    for start in starts:
        expected = min(max(start - shift, 0), len(stored))
        words = read[start : start + 12].split("\n", 1)[0].strip()
        where = stored.find(words, max(expected - 200, 0), expected + 200 + len(words)) if words else -1
        at = where if where >= 0 else expected
        out.append(max(at, out[-1]) if out else 0)
    return tuple(out)


def _from_text(text: str, source: str, *, name: str, media_type: str, reader: str) -> Document:
    """A document from the text a file reader gave, recording the format and the reader."""
    document = document_from_bytes(text.encode("utf-8"), source, name=name, media_type="text/plain")
    return replace(document, media_type=media_type, reader=reader)


def document_from_bytes(data: bytes, source: str, *, name: str | None = None, media_type: str | None = None) -> Document:
    """Decode ``data`` (a page saved as text, or HTML) and read it into a :class:`Document`."""
    name = name or source
    if not data.strip():
        raise InputError(name, "is empty; give a report page saved as text or HTML")
    if _looks_binary(data):
        raise InputError(name, "is a binary file, not a report page, PDF or Word document; check what it is")
    is_html = media_type == "text/html" or (media_type is None and _looks_html(data, source))
    text = decode(data, name=name, html=is_html)
    if is_html:
        lines, page_title, meta = _html_lines(text)
        if not any(_CJK_RE.search(line) for line in lines):
            raise InputError(name, "is an HTML page with no Chinese text in it; is it the report page itself?")
    else:
        lines, page_title, meta = _text_lines(text), None, {}
        if not any(_CJK_RE.search(line) for line in lines):
            raise InputError(name, "has no Chinese text; is it a report page?")
    metadata = {**meta, **read_metadata(lines)}
    trail = breadcrumb(lines)
    if trail:
        metadata.setdefault("breadcrumb", trail)
    title = metadata.get("title") or page_title
    body, footer = _trim(lines, title)
    site = meta.get("site", "")
    return Document(
        source=source,
        text="\n".join(body),
        title=title,
        metadata={k: v for k, v in metadata.items() if k != "site"},
        footer="\n".join(footer),
        site=site,
        media_type="text/html" if is_html else "text/plain",
    )


def decode(data: bytes, *, name: str, html: bool = False) -> str:
    """Decode page bytes: BOM, then UTF-8, then a declared charset, then GB18030, then detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _finish(data.decode("utf-16"))
    try:
        return _finish(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3:  # a page cut off inside its last character
            return _finish(data[: err.start].decode("utf-8"))
    candidates = []
    if html:
        declared = _CHARSET_RE.search(data[:4096])
        if declared:
            candidates.append(declared.group(1).decode("ascii").lower())
    candidates.append("gb18030")  # a superset of GBK and GB2312, which many government sites serve
    for encoding in candidates:
        if encoding in {"gb2312", "gbk", "x-gbk"}:
            encoding = "gb18030"
        try:
            return _finish(data.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(name, "cannot be decoded as UTF-8, GBK/GB18030 or any other encoding; re-save it as UTF-8")
    return _finish(str(best))


def _finish(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    control = len(head.translate(None, _NOT_CONTROL))  # the bytes left: 0–8 and 14–31
    return control > len(head) * 0.05


#: Every byte but the control characters that text does not hold (tab, newlines, form feed are text).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_html(data: bytes, source: str) -> bool:
    suffix = Path(urlparse(source).path).suffix.lower()
    if suffix in {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}:
        return True
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:65536].lower()


def _text_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n")]


def _html_lines(html: str) -> tuple[list[str], str | None, dict[str, str]]:
    """Render an HTML page to lines of text, the way a browser's "save as text" would."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    meta: dict[str, str] = {}
    page_title = None
    for node in tree.css("meta[name]"):
        key = (node.attributes.get("name") or "").lower()
        value = (node.attributes.get("content") or "").strip()
        if key == "articletitle" and value:
            page_title = value
        elif key == "sitename" and value:
            meta["site"] = value
        elif key == "pubdate" and value:
            meta.setdefault("published", value)
        elif key == "contentsource" and value:
            meta.setdefault("source_name", value)
    head_title = tree.css_first("title")
    title_parts = re.split(r"[_|-]", head_title.text(strip=True)) if head_title is not None else []
    if len(title_parts) > 1 and title_parts[-1].strip():
        meta.setdefault("site", title_parts[-1].strip())  # 标题_重庆市梁平区人民政府: the site's name
    if page_title is None:
        for selector in ("h1", "title"):
            found = tree.css_first(selector)
            if found is not None and found.text(strip=True):
                page_title = title_parts[0].strip() if selector == "title" else found.text(strip=True)
                break
    tree.strip_tags(_DROP_TAGS)
    body = tree.body or tree.root
    parts: list[str] = []
    if body is not None:
        _render(body, parts)
    text = "".join(parts)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return [line for line in lines if line], page_title, meta


def _render(node, parts: list[str]) -> None:  # type: ignore[no-untyped-def]
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            parts.append(child.text_content or "")
        elif tag == "br":
            parts.append("\n")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
            _render(child, parts)
            parts.append("\n")
        elif tag not in ("-comment",):
            _render(child, parts)


def read_metadata(lines: list[str]) -> dict[str, str]:
    """Read the metadata block: ``标  题:X`` on one line, or a label line followed by its value.

    >>> read_metadata(["索 引 号:3704023704020008/2025-00418", "发布机构", "科学技术局"])
    {'index_number': '3704023704020008/2025-00418', 'publisher': '科学技术局'}
    """
    found: dict[str, str] = {}
    bare_labels = {re.sub(r"\s", "", k): v for k, v in METADATA_LABELS.items()}
    for i, line in enumerate(lines[:200]):
        stripped = line.strip()
        compact = re.sub(r"\s", "", stripped).rstrip(":：")
        if compact in bare_labels and i + 1 < len(lines):
            value = lines[i + 1].strip()
            if value and re.sub(r"\s", "", value).rstrip(":：") not in bare_labels and not _LABEL_RE.match(value):
                found.setdefault(bare_labels[compact], value)
            continue
        matches = list(_LABEL_RE.finditer(stripped))
        if not matches or (matches[0].start() > 0 and len(stripped) > 60):
            continue
        for j, m in enumerate(matches):
            end = matches[j + 1].start() if j + 1 < len(matches) else len(stripped)
            value = stripped[m.end() : end].strip(" |")
            field_name = METADATA_LABELS[re.sub(r"\s", "", m.group("label"))]
            if value and len(value) <= 120:
                found.setdefault(field_name, value)
    return found


_BREADCRUMB = re.compile(r"首页|当前位置|当前的位置|您的位置|所在位置")
_CRUMB_SEPARATOR = re.compile(r"\s*(?:>|›|»|→|＞|/)\s*")


def breadcrumb(lines: list[str]) -> str | None:
    """The page's breadcrumb trail (首页 > 政务公开 > 区司法局 > 通知公告), its parts joined by ' > '.

    >>> breadcrumb(["当前位置：首页 > 部门信息 > 区司法局 > 通知公告", "正文"])
    '首页 > 部门信息 > 区司法局 > 通知公告'
    """
    for line in lines[:60]:
        s = line.strip()
        if len(s) <= 120 and _BREADCRUMB.search(s) and _CRUMB_SEPARATOR.search(s):
            s = re.sub(r"^.*?(?:当前位置|当前的位置|您的位置|所在位置)\s*[:：]?\s*", "", s)
            parts = [p for p in _CRUMB_SEPARATOR.split(s) if p]
            if len(parts) >= 2:
                return " > ".join(parts)
    return None


def _trim(lines: list[str], title: str | None = None) -> tuple[list[str], list[str]]:
    """Split page lines into the report (title to last paragraph) and the footer after it.

    With a known title, the report starts at the metadata block just before the title's line
    (side bars of old layouts come before it); otherwise after the last navigation line.
    """
    n = len(lines)
    start = 0
    compact_title = re.sub(r"\s", "", title or "")
    title_line = next(
        (i for i, line in enumerate(lines[:200]) if compact_title and re.sub(r"\s", "", line) == compact_title), None
    )
    if title_line is not None:
        start = title_line
        for i in range(title_line - 1, max(-1, title_line - 30), -1):
            if _LABEL_RE.match(lines[i].strip(" •·")) or re.sub(r"\s", "", lines[i]).rstrip(":：") in _BARE_LABELS:
                start = i
        body, footer = _trim_end(lines, start)
        return body, footer
    for i, line in enumerate(lines[: min(n, 60)]):
        s = line.strip()
        if not s:
            continue
        if len(s) > 60 and not _NAV_MARKERS.search(s[:20]):
            break  # body text reached
        if _NAV_MARKERS.search(s) and len(s) < 80:
            start = i + 1
    return _trim_end(lines, start)


def _trim_end(lines: list[str], start: int) -> tuple[list[str], list[str]]:
    end = n = len(lines)
    for i in range(n - 1, start - 1, -1):
        s = lines[i].strip()
        if not s:
            end = i
            continue
        if len(s) <= 40 or _FOOTER_MARKERS.search(s):
            end = i
            continue
        break
    else:
        # No paragraph at all (a short page): drop only lines that are visibly footer.
        end = n
        while end > start and (not lines[end - 1].strip() or _FOOTER_MARKERS.search(lines[end - 1])):
            end -= 1
    body = lines[start:end]
    while body and not body[0].strip():
        body = body[1:]
    # Tool bars between the title and the first paragraph (分享到, 字体, 扫一扫 …).
    first_paragraph = next((i for i, line in enumerate(body) if len(line.strip()) > 60), len(body))
    head = [line for line in body[:first_paragraph] if not (len(line.strip()) <= 40 and _FOOTER_MARKERS.search(line))]
    return head + body[first_paragraph:], lines[end:]
