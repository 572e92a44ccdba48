"""Score a graph against gold annotations (the format of ``tests/data/dev/gold.jsonl``).

Reads the graph only through the public contract (reports, ``fz:cites``, labels, levels,
publisher, region, year), so it scores any graph that follows it, fazhi's or not.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from rdflib import Dataset

from fazhi.errors import FazhiError
from fazhi.ontology.namespaces import LEVELS, ONTOLOGY_IRI
from fazhi.ontology.normalize import title_key

_LEVEL_NAMES = {str(iri): name for name, iri in LEVELS.items()}
_PREFIXES = f"""PREFIX fz: <{ONTOLOGY_IRI}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@dataclass
class Scores:
    """Precision, recall and F1 of cited documents; alias recall; level, year, region, type accuracy."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    alias: list[int] = field(default_factory=lambda: [0, 0])
    level: list[int] = field(default_factory=lambda: [0, 0])
    fields: dict[str, list[int]] = field(default_factory=lambda: {"year": [0, 0], "region": [0, 0], "agency_type": [0, 0]})
    missed: list[tuple[str, str]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(file, field, wanted, got) for each report field the graph gets wrong."""

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int | None]:
        def ratio(pair: list[int]) -> float | None:
            return round(pair[0] / pair[1], 4) if pair[1] else None

        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "alias_recall": ratio(self.alias),
            "level_accuracy": ratio(self.level),
            **{f"{k}_accuracy": ratio(v) for k, v in self.fields.items()},
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _file_name(source: str) -> str:
    return Path(unquote(urlparse(source).path)).name


def graph_facts(ds: Dataset) -> dict[str, dict[str, object]]:
    """Per source file name: cited titles (key → levels), years, region codes, agency types."""
    facts: dict[str, dict[str, object]] = defaultdict(lambda: {"cited": {}, "year": set(), "region": set(), "agency_type": set()})
    for src, title, cls in ds.query(
        _PREFIXES
        + """
        SELECT ?src ?title ?cls WHERE {
          ?r a fz:Report ; dcterms:source ?src ; fz:cites ?doc .
          ?doc skos:prefLabel ?title . FILTER(LANG(?title) = "" || LANGMATCHES(LANG(?title), "zh"))
          OPTIONAL { ?doc a ?cls }
        }"""
    ):
        cited = facts[_file_name(str(src))]["cited"]
        levels = cited.setdefault(title_key(str(title)), set())  # type: ignore[union-attr]
        if cls is not None and str(cls) in _LEVEL_NAMES:
            levels.add(_LEVEL_NAMES[str(cls)])
    for src, year in ds.query(_PREFIXES + "SELECT ?src ?y WHERE { ?r a fz:Report ; dcterms:source ?src ; fz:year ?y }"):
        facts[_file_name(str(src))]["year"].add(str(year)[:4])  # type: ignore[union-attr]
    for src, code, atype in ds.query(
        _PREFIXES
        + """
        SELECT ?src ?code ?atype WHERE {
          ?r a fz:Report ; dcterms:source ?src ; dcterms:publisher ?a .
          OPTIONAL { ?a fz:region ?reg . ?reg fz:divisionCode ?code }
          OPTIONAL { ?a fz:agencyType ?t . ?t skos:prefLabel ?atype . FILTER(LANGMATCHES(LANG(?atype), "zh")) }
        }"""
    ):
        f = facts[_file_name(str(src))]
        if code is not None:
            f["region"].add(str(code))  # type: ignore[union-attr]
        if atype is not None:
            f["agency_type"].add(title_key(str(atype)))  # type: ignore[union-attr]
    return facts


def read_gold(path: str | Path) -> list[dict]:  # type: ignore[type-arg]
    """The gold annotations, one JSON object per line."""
    try:
        return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as err:
        raise FazhiError(f"{path}: not a readable gold file, one JSON object per line ({err})") from None


def evaluate(ds: Dataset, gold: list[dict]) -> Scores:  # type: ignore[type-arg]
    """Compare the graph's facts with the gold annotations, file by file."""
    facts = graph_facts(ds)
    s = Scores()
    for g in gold:
        got = facts.get(g["file"], {"cited": {}, "year": set(), "region": set(), "agency_type": set()})
        cited: dict[str, set[str]] = got["cited"]  # type: ignore[assignment]
        optional = {title_key(c["title"]) for c in g.get("cited", []) if c.get("optional")}
        want = {title_key(c["title"]): c for c in g.get("cited", []) if not c.get("optional")}
        have = {t: v for t, v in cited.items() if t not in optional}
        s.tp += len(want.keys() & have.keys())
        s.fp += len(have.keys() - want.keys())
        s.fn += len(want.keys() - have.keys())
        s.missed += [(g["file"], t) for t in sorted(want.keys() - have.keys())]
        s.extra += [(g["file"], t) for t in sorted(have.keys() - want.keys())]
        for t, c in want.items():
            if any(title_key(x) != t for x in c.get("surfaces", [])):
                s.alias[1] += 1
                s.alias[0] += t in have
            if t in have and c.get("level"):
                levels = c["level"] if isinstance(c["level"], list) else [c["level"]]
                s.level[1] += 1
                s.level[0] += bool(set(levels) & have[t])
        for key, gold_key in (("year", "year"), ("region", "region_code"), ("agency_type", "agency_type")):
            if g.get(gold_key) not in (None, ""):
                wanted = title_key(str(g[gold_key])) if key == "agency_type" else str(g[gold_key])
                s.fields[key][1] += 1
                s.fields[key][0] += got[key] == {wanted}
                if got[key] != {wanted}:
                    s.wrong.append((g["file"], key, wanted, "|".join(sorted(got[key])) or "-"))  # type: ignore[arg-type]
    return s
