"""Figures that say what they count: the indicator, the qualifiers that tell values apart, the unit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fazhi.extraction.figures import find_figures

HELD_OUT = Path(__file__).parents[1] / "data" / "figures" / "heldout.jsonl"


def figures(text: str) -> list[tuple[str, float, str, list[str]]]:
    return [(f.indicator, f.value, f.unit, f.qualifiers) for f in find_figures(text)]


def test_each_stage_of_the_reconsideration_cases_is_its_own_value():
    assert figures("收到行政复议申请128件，受理115件，审结109件，其中调解和解结案41件。") == [
        ("reconsideration-cases", 128, "件", ["received"]),
        ("reconsideration-cases", 115, "件", ["accepted"]),
        ("reconsideration-cases", 109, "件", ["concluded"]),
        ("reconsideration-cases", 41, "件", ["mediated"]),
    ]


def test_outcomes_beside_their_total():
    assert [(v, q) for _, v, _, q in figures("审结行政复议案件210件，其中维持132件、撤销18件。")] == [
        (210, ["concluded"]),
        (132, ["upheld"]),
        (18, ["revoked"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "制发行政复议意见书5份、建议书11份。",  # letters, not cases
        "其中听证案件9件。",  # hearings, not penalty cases
        "审查重大行政决策事项等，合同协议等143件。",  # contracts, not decisions
    ],
)
def test_a_number_that_counts_something_else_is_left_out(text):
    assert figures(text) == []


def test_a_new_count_and_a_total_are_marked():
    assert figures("新增公职律师6名，公职律师总数达到58名。") == [
        ("public-lawyers", 6, "人", ["new"]),
        ("public-lawyers", 58, "人", ["total"]),
    ]


def test_a_change_over_last_year_rates_and_appearances_are_read():
    assert ("reconsideration-cases", 41, "%", ["increase"]) in figures("办理行政复议案件47件，同比增长41%。")
    assert figures("组织学法考试，合格率99.2%。") == [("exam-pass-rate", 99.2, "%", [])]
    assert figures("行政机关负责人出庭应诉136次。") == [("court-appearances", 136, "件", [])]


def test_a_coverage_rate_of_legal_advisers_is_not_a_count_of_advisers():
    assert figures("聘请法律顾问35名，村（社区）法律顾问覆盖率达100%。") == [
        ("legal-advisers", 35, "人", []),
        ("legal-adviser-coverage-rate", 100, "%", []),
    ]
    assert figures("双随机抽查覆盖率100%。") == []  # coverage of something else


def test_two_values_of_one_indicator_always_differ_in_a_qualifier():
    found = figures("全年办理行政复议案件12件。上年办理行政复议案件10件。")
    assert found == [("reconsideration-cases", 12, "件", [])]


def test_held_out_sentences_score_precision_and_recall():
    """Sentences written for this test, in wordings the rules' examples do not use."""
    right = wrong = missed = 0
    for line in HELD_OUT.read_text("utf-8").splitlines():
        case = json.loads(line)
        gold = {(i, float(v), u, tuple(q)) for i, v, u, q in case["figures"]}
        got = {(i, float(v), u, tuple(q)) for i, v, u, q in figures(case["text"])}
        right, wrong, missed = right + len(gold & got), wrong + len(got - gold), missed + len(gold - got)
    precision, recall = right / (right + wrong), right / (right + missed)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
