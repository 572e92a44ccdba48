"""Scanned PDFs read by OCR: RapidOCR (Apache-2.0) with the PP-OCR Chinese models its wheel ships,
run by ONNX Runtime on the CPU; nothing is downloaded at run time. An optional extra:
``pip install "fazhi[ocr]"``.

Each page is rendered at :data:`SCALE` times 72 dpi; the recognised boxes are grouped into printed
lines (boxes that overlap vertically), and each line says, as a PDF's text layer does, whether it
reaches the right edge of the text and whether it starts indented, so that
:mod:`fazhi.extraction.formats.pdf` joins the lines into paragraphs the same way. The confidence of
a page is the recognition score averaged over its characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from fazhi.errors import InputError

#: Rendering scale: 2 × 72 dpi = 144 dpi, enough for body text of 10–16 pt.
SCALE = 2.0
#: The extra that brings the OCR engine, as the error names it.
INSTALL = 'pip install "fazhi[ocr]"'


@dataclass(frozen=True)
class OcrLine:
    """A line recognised on a page: its text, its box (left, top, right, bottom) and its score."""

    text: str
    box: tuple[float, float, float, float]
    score: float


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def available() -> bool:
    """Whether the OCR extra is installed."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def ocr_page(page: Any, *, name: str) -> list[OcrLine]:
    """The lines of one pypdfium2 page, read from its image, top to bottom."""
    image = page.render(scale=SCALE).to_numpy()
    try:
        result, _ = _engine()(image)
    except Exception as err:  # the engine's own errors: one line naming the file
        raise InputError(name, f"could not be read by OCR ({err}); check the file, or OCR it to text first") from None
    boxes = []
    for points, text, score in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        boxes.append(OcrLine(str(text).strip(), (min(xs), min(ys), max(xs), max(ys)), float(score)))
    return _rows([b for b in boxes if b.text])


def _rows(boxes: list[OcrLine]) -> list[OcrLine]:
    """Boxes on one printed line (overlapping vertically by half a line) joined left to right."""
    rows: list[list[OcrLine]] = []
    for box in sorted(boxes, key=lambda b: (b.box[1], b.box[0])):
        if rows:
            last = rows[-1]
            top = min(b.box[1] for b in last)
            bottom = max(b.box[3] for b in last)
            overlap = min(bottom, box.box[3]) - max(top, box.box[1])
            if overlap > 0.5 * min(bottom - top, box.box[3] - box.box[1]):
                last.append(box)
                continue
        rows.append([box])
    out = []
    for row in rows:
        row.sort(key=lambda b: b.box[0])
        chars = sum(len(b.text) for b in row)
        score = sum(b.score * len(b.text) for b in row) / chars if chars else 0.0
        bounds = (min(b.box[0] for b in row), min(b.box[1] for b in row), max(b.box[2] for b in row), max(b.box[3] for b in row))
        out.append(OcrLine("".join(b.text for b in row), bounds, score))
    return out
