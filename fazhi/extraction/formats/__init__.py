"""Readers of report files that are not pages: each turns a file's bytes into plain text.

``.docx`` (:mod:`fazhi.extraction.formats.docx`, the standard library alone) and PDF text layers
(:mod:`fazhi.extraction.formats.pdf`, PDFium). Word 97-2003 and WPS files and scanned PDFs are
not read yet and get one line saying so.
"""
