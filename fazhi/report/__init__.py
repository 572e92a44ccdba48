"""One report as fazhi read it, as an offline HTML page (``fazhi show``, and ``fazhi serve`` at a report's IRI).

The page holds the report's text with every mention highlighted and linked to its canonical
document (title, level, the version in force), the publisher facts with the words or address
they came from, the mandated parts found and missing, the measures, problems and plans with
their categories and reforms, and the figures with their words. It needs no network: styles,
script and data are inlined.
"""

from fazhi.report.page import render_page, write_page
from fazhi.report.view import ReportView, find_report, report_view

__all__ = ["ReportView", "find_report", "render_page", "report_view", "write_page"]
