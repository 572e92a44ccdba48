"""Score a graph against gold annotations (the format of ``tests/data/dev/gold.jsonl``).

Reads the graph only through the public contract (reports, ``fz:cites``, labels, levels,
publisher, region, year), so it scores any graph that follows it, fazhi's or not. A gold entry
names its report by file name, the last path segment of the report's ``dcterms:source`` (a crawl
record's URL works the same way). The figures are those of the project's outside scorer: cited
documents (precision, recall, F1), alias recall, level accuracy, year, region and agency-type
accuracy, publisher accuracy (region and type both right) and fused publishers (publisher nodes
with more than one Chinese name or region: two agencies made one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
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
class ReportFacts:
    """What the graph says about one report, in the terms the gold uses."""

    cited: dict[str, set[str]] = field(default_factory=dict)
    """Title key → the level names of the document's classes."""
    year: set[str] = field(default_factory=set)
    region: set[str] = field(default_factory=set)
    agency_type: set[str] = field(default_factory=set)


@dataclass
class GraphFacts:
    """The facts of every report, by file name, and the number of fused publisher nodes."""

    reports: dict[str, ReportFacts]
    fused: int


@dataclass
class Scores:
    """Precision, recall and F1 of cited documents; alias recall; level, year, region, type and
    publisher accuracy; fused publishers; and how many gold files the graph holds."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    alias: list[int] = field(default_factory=lambda: [0, 0])
    level: list[int] = field(default_factory=lambda: [0, 0])
    fields: dict[str, list[int]] = field(default_factory=lambda: {"year": [0, 0], "region": [0, 0], "agency_type": [0, 0]})
    publisher: list[int] = field(default_factory=lambda: [0, 0])
    fused: int = 0
    files: int = 0
    """Gold entries scored."""
    matched: int = 0
    """Gold entries whose file is a report of the graph."""
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
            "files": self.files,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "alias_recall": ratio(self.alias),
            "level_accuracy": ratio(self.level),
            **{f"{k}_accuracy": ratio(v) for k, v in self.fields.items()},
            "publisher_accuracy": ratio(self.publisher),
            "fused_publishers": self.fused,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _file_name(source: str) -> str:
    return Path(unquote(urlparse(source).path)).name


def _rows(ds: Dataset, query: str) -> list[list[str | None]]:
    return [[None if v is None else str(v) for v in row] for row in ds.query(_PREFIXES + query)]  # type: ignore[union-attr]


def graph_facts(ds: Dataset) -> GraphFacts:
    """Per source file name: cited titles with their levels, years, region codes, agency types."""
    reports: dict[str, ReportFacts] = {}

    def facts(source: str | None) -> ReportFacts:
        return reports.setdefault(_file_name(source or ""), ReportFacts())

    for src, title, cls in _rows(
        ds,
        """SELECT ?src ?title ?cls WHERE {
          ?r a fz:Report ; dcterms:source ?src ; fz:cites ?doc .
          ?doc skos:prefLabel ?title . FILTER(LANG(?title) = "" || LANGMATCHES(LANG(?title), "zh"))
          OPTIONAL { ?doc a ?cls }
        }""",
    ):
        levels = facts(src).cited.setdefault(title_key(title or ""), set())
        if cls in _LEVEL_NAMES:
            levels.add(_LEVEL_NAMES[cls])
    for src, year in _rows(ds, "SELECT ?src ?y WHERE { ?r a fz:Report ; dcterms:source ?src ; fz:year ?y }"):
        facts(src).year.add((year or "")[:4])
    for src, code, atype in _rows(
        ds,
        """SELECT ?src ?code ?atype WHERE {
          ?r a fz:Report ; dcterms:source ?src ; dcterms:publisher ?a .
          OPTIONAL { ?a fz:region ?reg . ?reg fz:divisionCode ?code }
          OPTIONAL { ?a fz:agencyType ?t . ?t skos:prefLabel ?atype .
                     FILTER(LANG(?atype) = "" || LANGMATCHES(LANG(?atype), "zh")) }
        }""",
    ):
        if code is not None:
            facts(src).region.add(code)
        if atype is not None:
            facts(src).agency_type.add(title_key(atype))
    publishers: dict[str, tuple[set[str], set[str]]] = {}
    for agency, label, region in _rows(
        ds,
        """SELECT ?a ?label ?reg WHERE {
          ?r a fz:Report ; dcterms:publisher ?a .
          OPTIONAL { ?a skos:prefLabel ?label . FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "zh")) }
          OPTIONAL { ?a fz:region ?reg }
        }""",
    ):
        labels, regions = publishers.setdefault(agency or "", (set(), set()))
        labels.update([label] if label else [])
        regions.update([region] if region else [])
    fused = sum(1 for labels, regions in publishers.values() if len(labels) > 1 or len(regions) > 1)
    return GraphFacts(reports, fused)


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold annotations, one JSON object per line, each with a ``file``."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise FazhiError(f"{path}: cannot be read as a gold file ({err}); give a UTF-8 file of JSON lines") from None
    gold = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as err:
            raise FazhiError(f"{path}:{number}: not JSON ({err.msg}); write one JSON object per line") from None
        if not isinstance(entry, dict) or not entry.get("file"):
            raise FazhiError(f'{path}:{number}: a gold entry is a JSON object with a "file" (the report\'s file name)')
        gold.append(entry)
    return gold


def evaluate(ds: Dataset, gold: list[dict[str, Any]]) -> Scores:
    """Compare the graph's facts with the gold annotations, file by file.

    Raises :class:`FazhiError` when no gold file is a report of the graph (a gold file for other
    reports, or a graph built from other inputs).
    """
    facts = graph_facts(ds)
    s = Scores(fused=facts.fused, files=len(gold))
    for g in gold:
        s.matched += g["file"] in facts.reports
        got = facts.reports.get(g["file"], ReportFacts())
        optional = {title_key(c["title"]) for c in g.get("cited", []) if c.get("optional")}
        want = {title_key(c["title"]): c for c in g.get("cited", []) if not c.get("optional")}
        have = {t: v for t, v in got.cited.items() if t not in optional}
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
        wanted_fields = {"year": g.get("year"), "region": g.get("region_code"), "agency_type": g.get("agency_type")}
        got_fields = {"year": got.year, "region": got.region, "agency_type": got.agency_type}
        for key, value in wanted_fields.items():
            if value in (None, ""):
                continue
            wanted = title_key(str(value)) if key == "agency_type" else str(value)
            s.fields[key][1] += 1
            s.fields[key][0] += got_fields[key] == {wanted}
            if got_fields[key] != {wanted}:
                s.wrong.append((g["file"], key, wanted, "|".join(sorted(got_fields[key])) or "-"))
        if g.get("region_code") and g.get("agency_type"):
            s.publisher[1] += 1
            s.publisher[0] += got.region == {str(g["region_code"])} and got.agency_type == {title_key(str(g["agency_type"]))}
    if gold and not s.matched:
        some = ", ".join(sorted({g["file"] for g in gold})[:3])
        raise FazhiError(
            f"none of the {len(gold)} gold files ({some} …) is a report of the graph; "
            "gold entries name reports by the file name (or the URL's last segment) the graph was built from"
        )
    return s
