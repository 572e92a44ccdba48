"""Readers of report files that are not pages: each turns a file's bytes into plain text.

Only ``.docx`` so far (:mod:`fazhi.extraction.formats.docx`, the standard library alone); PDF,
``.doc``/``.wps`` and scanned attachments are not read yet and get one line saying so.
"""
