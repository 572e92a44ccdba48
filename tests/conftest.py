"""Shared fixtures: test data paths, one extractor per session, the sample graph."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data() -> Path:
    return DATA


@pytest.fixture(scope="session")
def extractor():
    from fazhi.extraction import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def sample_build():
    """The graph of the packaged sample reports, built once."""
    from fazhi.batch import build_dataset, sample_inputs

    return build_dataset(sample_inputs())


@pytest.fixture(scope="session")
def sample_graph(tmp_path_factory, sample_build) -> Path:
    from fazhi.graph.io import write_dataset

    path = tmp_path_factory.mktemp("graph") / "graph.trig"
    write_dataset(sample_build.dataset, path)
    return path


@pytest.fixture(scope="session")
def query_params(sample_build) -> dict[str, str]:
    """A value for each curated query's parameter that has answers on the sample graph: 宪法, the
    梁平区 科学技术局, 行政复议案件数, and the source IRI (which depends on where the package is) of a
    report citing 宪法."""
    doc = "中华人民共和国宪法"
    source = next(r.source for r in sample_build.records if any(d.title == doc for d in r.documents))
    assert source.startswith("file:"), source
    return {"doc": doc, "agency": "重庆市梁平区科学技术局", "indicator": "行政复议案件数", "source": source}
