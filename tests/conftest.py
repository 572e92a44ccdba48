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
    from fazhi.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def sample_build():
    """The graph of the packaged sample reports, built once."""
    from fazhi.build import build, sample_inputs

    return build(sample_inputs())


@pytest.fixture(scope="session")
def sample_graph(tmp_path_factory, sample_build) -> Path:
    from fazhi.graph.io import write_dataset

    path = tmp_path_factory.mktemp("graph") / "graph.trig"
    write_dataset(sample_build.dataset, path)
    return path
