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


def test_a_char_doc_holds_the_mentions_as_spans_and_a_line_doc_has_no_spans_stage():
    text = "重庆市梁平区科学技术局2021年法治政府建设年度报告\n2021年，我局与区司法局联合学习《中华人民共和国行政处罚法》。"
    char, lines = Extractor("char").nlp, Extractor("line").nlp
    doc = char(text)
    assert [s.text for s in doc.spans["fz_citations"]] == ["《中华人民共和国行政处罚法》"]
    assert [(s.label_, s.text) for s in doc.spans["fz_agencies"]] == [("AGENCY", "区司法局")]
    assert "fazhi_spans" not in lines.pipe_names
    line_doc = lines(text)
    assert [t.text for t in line_doc] == [text.split("\n")[0], "\n", text.split("\n")[1]]
    assert line_doc._.fz_mentions == doc._.fz_mentions and line_doc._.fz_agencies == doc._.fz_agencies
    assert not line_doc.spans


def test_the_line_pipeline_does_not_keep_the_lines_it_has_read():
    """A build reads millions of distinct lines: the pipeline's vocabulary must not hold them."""
    nlp = Extractor("line").nlp
    before = len(nlp.vocab.strings)
    for n in range(50):
        nlp(f"第{n}行，学习《中华人民共和国宪法》。\n另一行{n}。")
    assert len(nlp.vocab.strings) == before
