"""Quality floors on the real dev reports (tests/data/dev, gold in gold.jsonl).

The floors sit just under what fazhi measured when they were set; a change that lowers a
figure below its floor fails here. Raise them as extraction improves.
"""

from __future__ import annotations

import pytest

from fazhi.batch import build_dataset
from fazhi.graph.evaluate import evaluate, read_gold

FLOORS = {
    "precision": 0.97,
    "recall": 0.97,
    "f1": 0.97,
    "alias_recall": 0.90,
    "level_accuracy": 0.95,
    "year_accuracy": 0.97,
    "region_accuracy": 0.95,
    "agency_type_accuracy": 0.97,
    "publisher_accuracy": 0.95,
}


@pytest.fixture(scope="module")
def scores(data):
    result = build_dataset([data / "dev"])
    return evaluate(result.dataset, read_gold(data / "dev" / "gold.jsonl")).as_dict()


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_dev_set_stays_above_its_floor(scores, measure):
    assert scores[measure] >= FLOORS[measure], f"{measure} fell to {scores[measure]} (floor {FLOORS[measure]})"
