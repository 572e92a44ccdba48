"""Readers of report files that are not pages: each turns a file's bytes into plain text.

``.docx`` (:mod:`~fazhi.extraction.formats.docx`, the standard library alone), PDF text layers
(:mod:`~fazhi.extraction.formats.pdf`, PDFium), scanned PDFs by OCR
(:mod:`~fazhi.extraction.formats.ocr`, the ``fazhi[ocr]`` extra) and Word 97-2003 / WPS files
(:mod:`~fazhi.extraction.formats.word97`, LibreOffice run headless).
"""
