"""PDF reports as text, read with PDFium (pypdfium2: BSD-3-Clause or Apache-2.0).

PDFium gives each page's text layer in reading order, one line per printed line. What a page
adds around the report is removed: page numbers (``- 3 -``, ``第3页``, ``3 / 12``) and running
headers and footers (a line at the top or bottom of most pages). Lines the PDF broke mid-sentence
are joined without a space between Chinese characters, across pages too: a line runs on into
the next when it reaches the right edge of the text (PDFium's character boxes say where each line
ends; a paragraph's last line, a heading and a title stop short of it), unless the next line opens
a paragraph: it is indented, or, in a text without indents, follows a sentence's end (。！？；：)
or opens a heading or a list item (一、 （二） 3. 第四条).

A PDF without a text layer (a scan) is read by OCR (:mod:`fazhi.extraction.formats.ocr`, the
optional extra ``fazhi[ocr]``), its text with a confidence; without the extra, one line says how
to install it.

>>> join_lines([Line("2021年，区司法局认真贯彻落实《中华人民共和", True), Line("国宪法》，全面推进依法行政。", False), Line("一、主要举措", False)])
'2021年，区司法局认真贯彻落实《中华人民共和国宪法》，全面推进依法行政。\\n一、主要举措'
>>> is_page_number("- 12 -"), is_page_number("第 3 页 共 9 页"), is_page_number("3 / 9"), is_page_number("2021年")
(True, True, True, False)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from fazhi.errors import InputError

#: More pages than any annual report has (the longest seen run to 60): a bigger file is not one report.
MAX_PAGES = 300
#: Below this many characters of text per page on average, the PDF is a scan (or holds only images).
MIN_CHARS_PER_PAGE = 20
_PAGE_NUMBER = re.compile(
    r"[-—–\uff0d\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|\uff0f|共)\s*\d{1,4}\s*页?)?[-—–\uff0d\s]*"
    r"|[-—–\uff0d\s]*(?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4}\s*",
    re.IGNORECASE,
)
_SENTENCE_END = "。！？；：!?;:」』”）)】"
_OPENS_BLOCK = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十百\d]+[条章节部分]|附件)"
)


@dataclass(frozen=True)
class Line:
    """A printed line: its text, whether it reaches the right edge, whether it starts indented."""

    text: str
    full: bool
    indented: bool = False


@dataclass(frozen=True)
class PdfText:
    """A PDF's text, and where each page starts in it."""

    text: str
    page_starts: tuple[int, ...]
    pages: int
    #: For a scan read by OCR, the recognition score averaged over its characters (0–1); else None.
    confidence: float | None = None
    #: What read it: PDFium's text layer, or the OCR engine for a scan (name/version).
    reader: str = ""


def is_page_number(line: str) -> bool:
    """Whether a line is only a page number, as running footers print them."""
    return bool(line.strip()) and bool(_PAGE_NUMBER.fullmatch(line.strip()))


def pdf_text(data: bytes, *, name: str) -> PdfText:
    """The text of a PDF's text layer; an :class:`InputError` naming ``name`` for a PDF fazhi cannot read."""
    try:
        import pypdfium2 as pdfium
    except ImportError:  # pragma: no cover - a dependency of fazhi
        raise InputError(name, "is a PDF, and reading PDFs needs pypdfium2: pip install pypdfium2") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        message = str(err).lower()
        if "password" in message:
            raise InputError(
                name, "is an encrypted PDF; open it with its password and save it without one, then build that"
            ) from None
        raise InputError(name, f"is not a readable PDF ({err}); download it again, or save it from the viewer as PDF") from None
    try:
        count = len(pdf)
        if count == 0:
            raise InputError(name, "is a PDF without pages")
        if count > MAX_PAGES:
            raise InputError(
                name, f"is a PDF of {count} pages, over the {MAX_PAGES}-page limit for a report; pass the report itself"
            )
        pages = [_page_lines(pdf, i) for i in range(count)]
        confidence = None
        if sum(len(line.text) for p in pages for line in p) < MIN_CHARS_PER_PAGE * count:
            pages, confidence = _read_scan(pdf, count, name=name)
    finally:
        pdf.close()
    pages = _without_running_lines(pages)
    lines = [line for page in pages for line in page]
    paragraphs, landed = _paragraphs(lines, indents=any(line.indented for line in lines))
    starts, at = [], 0
    for page in pages:  # a page starts where its first line landed (or where the previous page ended)
        starts.append(landed[at] if at < len(landed) else len("\n".join(paragraphs)))
        at += len(page)
    reader = _version("rapidocr_onnxruntime", "rapidocr") if confidence is not None else _version("pypdfium2", "pdfium")
    return PdfText(text="\n".join(paragraphs), page_starts=tuple(starts), pages=count, confidence=confidence, reader=reader)


def _version(package: str, label: str) -> str:
    """``label/VERSION`` of an installed package (``label`` alone if its version is unknown)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{label}/{version(package)}"
    except PackageNotFoundError:
        return label


def _read_scan(pdf: object, count: int, *, name: str) -> tuple[list[list[Line]], float]:
    """The lines of a scanned PDF's pages by OCR, and the recognition score over all its characters."""
    from fazhi.extraction.formats import ocr

    if not ocr.available():
        raise InputError(name, f"is a scanned PDF (its pages are images, without a text layer); to read it by OCR: {ocr.INSTALL}")
    pages, scored, chars = [], 0.0, 0
    for index in range(count):
        page = pdf[index]  # type: ignore[index]
        try:
            found = ocr.ocr_page(page, name=name)
        finally:
            page.close()
        shapes = _line_shapes([(b.box, b.box) for b in found], image=True)
        pages.append([Line(b.text, full, indented) for b, (full, indented) in zip(found, shapes, strict=True)])
        scored += sum(b.score * len(b.text) for b in found)
        chars += sum(len(b.text) for b in found)
    if chars < MIN_CHARS_PER_PAGE * count:
        raise InputError(name, "is a scanned PDF in which OCR found almost no text; check the scan, or type the report")
    return pages, scored / chars


def _page_lines(pdf: object, index: int) -> list[Line]:
    """A page's printed lines, each with whether it reaches the right edge of the text (is full)
    and whether it starts indented (opens a paragraph)."""
    page = pdf[index]  # type: ignore[index]
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            spans = [(m.start(), m.end()) for m in re.finditer(r"[^\r\n]+", raw) if raw[m.start() : m.end()].strip()]
            aligned = len(raw) == textpage.count_chars()  # each character of the text has its box
            boxes = [(textpage.get_charbox(a), textpage.get_charbox(b - 1)) for a, b in spans] if aligned else []
        finally:
            textpage.close()
    finally:
        page.close()
    shapes = _line_shapes(boxes) if boxes else [(False, False)] * len(spans)
    return [Line(_clean(raw[a:b]), full, indented) for (a, b), (full, indented) in zip(spans, shapes, strict=True)]


def _clean(line: str) -> str:
    return line.strip().replace("\ufffe", "").replace("\x02", "")


def _line_shapes(boxes: list[tuple[tuple[float, ...], tuple[float, ...]]], *, image: bool = False) -> list[tuple[bool, bool]]:
    """For each line (the boxes of its first and last character): whether it is full, ending
    within three and a half characters of the rightmost line end (line breaking keeps 》、。 off a
    line's start, so a full line may stop three short), and whether it starts indented by a
    character or more.

    >>> _line_shapes([((58, 0, 68, 10), (537, 0, 547, 10)), ((80, 0, 90, 10), (300, 0, 310, 10))])
    [(True, False), (False, True)]
    >>> _line_shapes([])  # a blank page of a scan
    []
    """
    if not boxes:  # a blank page
        return []
    rights = [last[2] for _, last in boxes]
    lefts = [first[0] for first, _ in boxes]
    heights = sorted(abs(first[3] - first[1]) for first, _ in boxes)  # PDF boxes rise, image boxes fall
    if image:  # a recognised line's box is as tall as the line, a little over a character
        heights = [h / 1.15 for h in heights]
    em = heights[len(heights) // 2]
    edge, margin = max(rights), min(lefts)
    return [(right >= edge - 3.6 * em, left >= margin + 1.2 * em) for right, left in zip(rights, lefts, strict=True)]


def _shape(line: str) -> str:
    """A line with its digits blurred, so that "第3页" and "第4页", or headers with dates, compare equal."""
    return re.sub(r"\d+", "#", line)


def _without_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without page numbers and without the lines that open or close most pages alike."""
    edges: Counter[str] = Counter()
    for lines in pages:
        edges.update({_shape(line.text) for line in lines[:2] + lines[-2:]})
    running = {shape for shape, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) * 0.6)}
    out = []
    for lines in pages:
        kept = list(lines)
        for _ in range(2):  # at most two running lines at each edge
            if kept and (is_page_number(kept[0].text) or _shape(kept[0].text) in running):
                kept.pop(0)
            if kept and (is_page_number(kept[-1].text) or _shape(kept[-1].text) in running):
                kept.pop()
        out.append(kept)
    return out


def join_lines(lines: list[Line]) -> str:
    """Printed lines as paragraphs: a full line runs on into the next, across pages too, unless the
    next opens a paragraph. Where the text's paragraphs are indented, an indented line opens one;
    where none is, a line opens one after a sentence's end or as a heading or list item (一、 （二）)."""
    return "\n".join(_paragraphs(lines, indents=any(line.indented for line in lines))[0])


def _paragraphs(lines: list[Line], *, indents: bool) -> tuple[list[str], list[int]]:
    """The paragraphs, and for each line the paragraph and offset in it where it landed (-1 when joined)."""
    out: list[str] = []
    landed: list[int] = []
    previous: Line | None = None
    for line in lines:
        opens = (
            line.indented
            if indents
            else (previous is not None and previous.text.endswith(tuple(_SENTENCE_END))) or bool(_OPENS_BLOCK.match(line.text))
        )
        if out and previous is not None and previous.full and not opens:
            last = out[-1]
            space = (
                " " if last[-1:].isascii() and last[-1:].isalnum() and line.text[:1].isascii() and line.text[:1].isalnum() else ""
            )
            landed.append(sum(len(p) + 1 for p in out[:-1]) + len(last) + len(space))
            out[-1] = last + space + line.text
        else:
            landed.append(sum(len(p) + 1 for p in out))
            out.append(line.text)
        previous = line
    return out, landed
