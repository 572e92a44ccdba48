"""Golden records of the two seed reports: any change to extraction shows up as a diff here.

Regenerate after an intended change with ``FAZHI_UPDATE_GOLDEN=1 pytest tests/extraction/test_golden.py``
and review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fazhi.extraction import release
from fazhi.extraction.ingest import read_document

GOLDEN = Path(__file__).parent / "golden"
SEEDS = ["000_1ca5fe9877358afd.txt", "002_07bf2e6ab66619ba.txt"]


def comparable(record) -> dict:
    data = record.to_dict()
    data["source"] = Path(data["source"]).name  # the absolute path differs between machines
    data["extractor"] = data["extractor"].removeprefix(release() + " ")  # changes with every vocabulary edit
    return data


@pytest.mark.parametrize("name", SEEDS)
def test_seed_record_matches_its_golden_file(extractor, data, name):
    record = comparable(extractor.extract(read_document(data / "seeds" / name)))
    golden = GOLDEN / (name.removesuffix(".txt") + ".json")
    if os.environ.get("FAZHI_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    assert record == json.loads(golden.read_text("utf-8"))


def test_golden_seed_facts_are_right():
    """What a reader checks by hand in the golden files, asserted explicitly."""
    liangping = json.loads((GOLDEN / "000_1ca5fe9877358afd.json").read_text("utf-8"))
    assert liangping["year"] == 2020 and liangping["agency"]["name"] == "重庆市梁平区科学技术局"
    assert [r["code"] for r in liangping["agency"]["regions"]] == ["500155", "500000"]
    assert len(liangping["documents"]) == 8
    shizhong = json.loads((GOLDEN / "002_07bf2e6ab66619ba.json").read_text("utf-8"))
    assert shizhong["year"] == 2024 and shizhong["agency"]["regions"][0]["code"] == "370402"
    assert {d["title"] for d in shizhong["documents"]} == {
        "中华人民共和国宪法",
        "中华人民共和国民法典",
        "中华人民共和国科学技术进步法",
        "中华人民共和国促进科技成果转化法",
    }
