"""The extraction pipeline is spaCy's: every stage a registered component a user can see and replace."""

from __future__ import annotations

from spacy.language import Language

from fazhi.extraction import Extractor
from fazhi.extraction.ingest import Document

TEXT = "2021年，区司法局学习《中华人民共和国行政处罚法》。全年办理行政复议案件12件。"


def test_every_stage_declares_what_it_reads_and_writes():
    nlp = Extractor().nlp
    analysis = nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    assigns = {name: set(summary["assigns"]) for name, summary in analysis["summary"].items()}
    assert "doc._.fz_publisher" in assigns["fazhi_publisher"]
    assert "doc._.fz_documents" in assigns["fazhi_citations"]
    assert "doc._.fz_agencies" in assigns["fazhi_agencies"]
    assert {"doc._.fz_sections", "doc._.fz_items"} <= assigns["fazhi_structure"]
    assert "doc._.fz_figures" in assigns["fazhi_figures"]


@Language.component("test_no_figures", assigns=["doc._.fz_figures"])
def no_figures(doc):
    doc._.fz_figures = []
    return doc


def test_a_stage_can_be_replaced_by_a_users_component():
    extractor = Extractor()
    document = Document(source="file:///r.txt", text=TEXT)
    assert extractor.extract(document).figures, "the stock pipeline reads the case count"
    extractor.nlp.replace_pipe("fazhi_figures", "test_no_figures")
    record = extractor.extract(document)
    assert record.figures == []
    assert [d.title for d in record.documents] == ["中华人民共和国行政处罚法"]
