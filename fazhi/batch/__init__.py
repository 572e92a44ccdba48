"""Many inputs → report graphs → a sink: local processes or a Dask cluster, one outcome loop.

>>> from fazhi.batch import sample_inputs
>>> len(sample_inputs()) > 30
True
"""

from fazhi.batch.inputs import INPUT_SUFFIXES, expand_inputs, report_paths, sample_inputs
from fazhi.batch.run import (
    BuildResult,
    BuildSummary,
    build_dataset,
    build_into,
    build_into_store,
    build_to_file,
    extract_all,
    outcomes,
)

__all__ = [
    "INPUT_SUFFIXES",
    "BuildResult",
    "BuildSummary",
    "build_dataset",
    "build_into",
    "build_into_store",
    "build_to_file",
    "expand_inputs",
    "extract_all",
    "outcomes",
    "report_paths",
    "sample_inputs",
]
