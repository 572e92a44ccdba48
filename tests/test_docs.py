"""The example notebook (docs/analysis.ipynb) runs, cell by cell, and answers what its text says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "analysis.ipynb"


def run_notebook(path: Path) -> dict[str, Any]:
    """Execute the notebook's code cells in order in one namespace, as a kernel would; its variables."""
    cells = json.loads(path.read_text("utf-8"))["cells"]
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    for number, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            exec(compile(source, f"{path.name} cell {number}", "exec"), namespace)
        except Exception as err:  # name the cell that failed
            pytest.fail(f"{path.name} cell {number} failed: {err!r}\n{source}")
    return namespace


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    pytest.importorskip("pandas")
    return run_notebook(NOTEBOOK)


def test_the_notebook_counts_reports_per_year(notebook):
    per_year = notebook["per_year"]
    with_year = notebook["kg"].query(
        "PREFIX fz: <https://w3id.org/fazhi/ontology#> SELECT ?r WHERE { ?r a fz:Report ; fz:year ?y }"
    )
    assert per_year.sum() == len(with_year)
    assert list(per_year.index) == sorted(per_year.index)


def test_the_notebook_lists_the_laws_cited_most(notebook):
    laws = notebook["laws"]
    assert 0 < len(laws) <= 10
    assert "中华人民共和国宪法" not in set(laws["document"])  # a constitution is not a 法律
    assert list(laws["reports"]) == sorted(laws["reports"], reverse=True)


def test_the_notebook_finds_documents_cited_together(notebook):
    pairs = notebook["pairs"]
    assert len(pairs) == 5 and all(w >= 1 for _, _, w in pairs)
    assert pairs[0][2] == max(w for _, _, w in notebook["net"].edges(data="weight"))


def test_the_notebook_shows_one_report(notebook):
    view = notebook["view"]
    assert view.publisher["name"] == "枣庄市市中区科学技术局" and view.mentions
