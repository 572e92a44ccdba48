"""Every curated query parses, says what it answers, and returns rows on the sample graph
(or, for repeats across years, which the samples do not have, on two reports made for it)."""

from __future__ import annotations

import pytest

from fazhi import queries

PARAMS = {"doc": "中华人民共和国宪法"}
NEEDS_TWO_YEARS = {"repeated-problems"}


@pytest.mark.parametrize("query", [q for q in queries.curated() if q.name not in NEEDS_TWO_YEARS], ids=lambda q: q.name)
def test_curated_query_runs_on_the_sample_graph(query, sample_build):
    assert query.description and not query.description.startswith("PREFIX")
    names, rows = queries.run(sample_build.dataset, query, {k: PARAMS[k] for k in query.params})
    assert names and rows


def test_evidence_sentence_contains_the_surface(sample_build):
    q = queries.resolve("citation-evidence")
    names, rows = queries.run(sample_build.dataset, q, {"doc": "中华人民共和国民法典"})
    assert rows
    for row in rows:
        record = dict(zip(names, row, strict=False))
        assert str(record["surface"]) in str(record["sentence"])


def test_a_problem_repeated_next_year_is_found(tmp_path):
    from fazhi.build import build

    for year, count in ((2022, "3"), (2023, "5")):
        (tmp_path / f"{year}.txt").write_text(
            f"重庆市梁平区科学技术局{year}年法治政府建设情况的报告\n{year}年，区科技局学习宪法。\n"
            f"一、工作开展情况\n组织学法{count}次。\n二、存在的主要问题\n"
            f"一是个别干部的依法行政意识有待提高，全年仅培训{count}次；二是执法人员力量薄弱。\n", "utf-8")
    result = build([tmp_path])
    _, rows = queries.run(result.dataset, queries.resolve("repeated-problems"))
    found = {(str(r[1]), str(r[2]), str(r[3])[:8]) for r in rows}
    assert found == {("2022", "2023", "个别干部的依法行"), ("2022", "2023", "执法人员力量薄弱")}
