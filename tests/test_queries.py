"""Every curated query parses, says what it answers, and returns rows on the sample graph."""

from __future__ import annotations

import pytest

from fazhi import queries

PARAMS = {"doc": "中华人民共和国宪法"}


@pytest.mark.parametrize("query", queries.curated(), ids=lambda q: q.name)
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
