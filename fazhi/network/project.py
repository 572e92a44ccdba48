"""Project the report graph onto a network: SPARQL gives one row per report and pair, networkx holds the result.

Each view's query (``queries/<view>.rq``) returns ``?report ?left ?right ?year`` rows: the
report that links the two nodes. An edge's ``weight`` is the number of distinct reports
behind it; a node's ``reports`` the number of distinct reports behind its edges. Node
attributes come from one query per kind (``agencies.rq``, ``documents.rq`` …).

>>> sorted(VIEWS)
['agency-document', 'agency-reform', 'co-citation', 'region']
>>> node_id("https://w3id.org/fazhi/id/doc/3a925456af40b630")
'doc/3a925456af40b630'
>>> node_id("http://example.org/vocab/reform#zuiduopaoyici")
'reform/zuiduopaoyici'
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Literal, URIRef

from fazhi.errors import NetworkError
from fazhi.extraction.sentences import sentence_around
from fazhi.ontology.namespaces import DEFAULT_BASE, LEVELS
from fazhi.queries import CuratedQuery, inject, parse_header, run

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset

    from fazhi.graph.store import Store


@dataclass(frozen=True)
class View:
    """A projection: the query that gives its rows and the kinds of its left and right nodes."""

    name: str
    left: str
    right: str
    description: str


VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        View("agency-document", "agency", "document", "agencies and the documents their reports cite; weight = reports"),
        View("co-citation", "document", "document", "documents cited together; weight = reports citing both"),
        View("agency-reform", "agency", "reform", "agencies and the named reforms of their measures; weight = reports"),
        View("region", "region", "document", "regions (agencies rolled up by region) and the documents cited; weight = reports"),
    )
}
DEFAULT_VIEW = "agency-document"
REGION_LEVELS = ("省级", "地级", "县级")
DEFAULT_REGION_LEVEL = "省级"
#: Kinds whose nodes carry evidence sentences of their own (cited documents, reforms).
ITEM_KINDS = ("document", "reform")
_DESCRIBE = {"agency": "agencies", "document": "documents", "region": "regions", "reform": "reforms"}
_LEVEL_NAMES = {str(cls): name for name, cls in LEVELS.items()}


def view_named(name: str) -> View:
    """The view called ``name``; a :class:`NetworkError` listing the views otherwise."""
    if name not in VIEWS:
        raise NetworkError(f"unknown view {name!r}; choose one of {', '.join(VIEWS)} (--view)")
    return VIEWS[name]


def check_region_level(level: str) -> str:
    if level not in REGION_LEVELS:
        raise NetworkError(f"unknown region level {level!r}; choose one of {' '.join(REGION_LEVELS)} (--region-level)")
    return level


@cache
def load_query(name: str) -> CuratedQuery:
    """A query of ``queries/`` by file stem; its header says what it answers and its parameters."""
    text = (resources.files("fazhi.network") / "queries" / f"{name}.rq").read_text("utf-8")
    return parse_header(f"network/{name}", text)


def query_names() -> list[str]:
    """Every query file that ships with the network views."""
    folder = resources.files("fazhi.network") / "queries"
    return sorted(f.name[:-3] for f in folder.iterdir() if f.name.endswith(".rq"))


def node_id(iri: str, base: str = DEFAULT_BASE) -> str:
    """A short stable id for a node: its IRI's path under the instance base, else the last two path segments."""
    if iri.startswith(base) and len(iri) > len(base):
        return iri[len(base) :]
    parts = [p for p in re.split(r"[/#]", iri.split("://", 1)[-1]) if p]
    return "/".join(parts[-2:]) if len(parts) >= 2 else (parts[0] if parts else iri)


def _text(term: Any) -> str:
    return "" if term is None else str(term)


def _preferred(labels: list[Any]) -> str:
    """The zh label first, then one without a language, then any; ties broken by the text."""

    def rank(term: Any) -> tuple[int, str]:
        lang = getattr(term, "language", None) or ""
        return (0 if lang.startswith("zh") else 1 if not lang else 2, str(term))

    return str(min(labels, key=rank)) if labels else ""


def _year_key(year: str) -> tuple[int, str]:
    return (int(year), year) if year.isdigit() else (10**6, year)


def join_years(years: set[str]) -> str:
    """Years as Gephi and the HTML filter read them: sorted, comma-separated.

    >>> join_years({"2021", "2020"})
    '2020,2021'
    """
    return ",".join(sorted(years, key=_year_key))


def describe(ds: Dataset | Store, kind: str) -> dict[str, dict[str, str]]:
    """Label, level and region of every node of ``kind`` in the graph, by IRI."""
    names, rows = run(ds, load_query(_DESCRIBE[kind]))
    labels: dict[str, list[Any]] = defaultdict(list)
    facts: dict[str, dict[str, str]] = defaultdict(lambda: {"level": "", "region": ""})
    regions: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        r = dict(zip(names, row, strict=True))
        iri = str(r["node"])
        if r.get("label") is not None and r["label"] not in labels[iri]:
            labels[iri].append(r["label"])
        entry = facts[iri]
        if kind == "document" and str(r.get("class")) in _LEVEL_NAMES:
            name = _LEVEL_NAMES[str(r["class"])]
            # Several level classes would be a modelling error; keep the one listed first in LEVELS.
            if not entry["level"] or list(LEVELS).index(name) < list(LEVELS).index(entry["level"]):
                entry["level"] = name
        if kind in ("agency", "region") and r.get("level") is not None:
            entry["level"] = min(filter(None, [entry["level"], str(r["level"])]))
        if kind == "agency" and r.get("region") is not None:
            regions[iri].append(r["region"])
    out: dict[str, dict[str, str]] = {}
    for iri in set(labels) | set(facts):
        entry = dict(facts[iri])
        entry["label"] = _preferred(labels[iri])
        if kind == "agency":
            entry["region"] = _preferred(regions[iri])
        if kind == "region":
            entry["region"] = entry["label"]  # so the region filter also selects region nodes
        out[iri] = entry
    return out


def project(ds: Dataset | Store, view: str = DEFAULT_VIEW, *, region_level: str = DEFAULT_REGION_LEVEL) -> nx.Graph:
    """The network of ``view`` over ``ds``, an undirected weighted networkx graph.

    Nodes carry ``label kind level region years reports iri``; edges ``weight years``. The
    reports behind each node and edge are kept in a private ``_reports`` attribute (for
    evidence); exports drop attributes whose name starts with ``_``.
    """
    import networkx as nx

    v = view_named(view)
    params = {"level": check_region_level(region_level)} if v.name == "region" else {}
    _names, rows = run(ds, load_query(v.name), params)  # ?report ?left ?right ?year
    node_reports: dict[str, set[str]] = defaultdict(set)
    node_years: dict[str, set[str]] = defaultdict(set)
    edge_reports: dict[tuple[str, str], set[str]] = defaultdict(set)
    edge_years: dict[tuple[str, str], set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    for report_term, left_term, right_term, year_term in rows:
        if not isinstance(left_term, URIRef) or not isinstance(right_term, URIRef) or left_term == right_term:
            continue
        report, left, right = str(report_term), str(left_term), str(right_term)
        kinds[left], kinds[right] = v.left, v.right
        key = (left, right) if v.left != v.right or left < right else (right, left)
        edge_reports[key].add(report)
        for node in key:
            node_reports[node].add(report)
        if isinstance(year_term, Literal):
            year = str(year_term)
            edge_years[key].add(year)
            node_years[left].add(year)
            node_years[right].add(year)
    described: dict[str, dict[str, str]] = {}
    for kind in sorted(set(kinds.values())):
        described.update(describe(ds, kind))
    ids = _assign_ids(kinds)
    graph = nx.Graph(view=v.name)
    if v.name == "region":
        graph.graph["region_level"] = region_level
    for iri in sorted(kinds, key=lambda i: ids[i]):
        facts = described.get(iri, {})
        graph.add_node(
            ids[iri],
            label=facts.get("label") or ids[iri],
            kind=kinds[iri],
            level=facts.get("level", ""),
            region=facts.get("region", ""),
            years=join_years(node_years[iri]),
            reports=len(node_reports[iri]),
            iri=iri,
            _reports=frozenset(node_reports[iri]),
        )
    for left, right in sorted(edge_reports, key=lambda e: (ids[e[0]], ids[e[1]])):
        reports = edge_reports[(left, right)]
        graph.add_edge(
            ids[left], ids[right], weight=len(reports), years=join_years(edge_years[(left, right)]), _reports=frozenset(reports)
        )
    return graph


def _assign_ids(kinds: dict[str, str]) -> dict[str, str]:
    """Short ids for IRIs; two IRIs that shorten alike get a hash of the IRI appended."""
    ids = {iri: node_id(iri) for iri in kinds}
    seen: dict[str, list[str]] = defaultdict(list)
    for iri, short in ids.items():
        seen[short].append(iri)
    for short, iris in seen.items():
        if len(iris) > 1:
            for iri in iris:
                ids[iri] = f"{short}~{hashlib.sha1(iri.encode('utf-8')).hexdigest()[:8]}"
    return ids


@dataclass(frozen=True)
class Sentence:
    """One piece of evidence: a sentence of a report that names an item (document or reform)."""

    report: str
    item: str
    text: str
    exact: str
    start: int


@dataclass(frozen=True)
class Evidence:
    """What the HTML page shows on a click: reports by IRI and the sentences that name each item."""

    reports: dict[str, dict[str, str]]
    by_item: dict[str, list[Sentence]]


def _evidence_order(row: dict[str, Any]) -> tuple[str, str, int, str]:
    start = row.get("start")
    position = int(start) if start is not None and str(start).isdigit() else 0
    return _text(row["report"]), _text(row["item"]), position, _text(row.get("exact"))


#: Reports whose texts one query reads, when sentences are cut from them.
_TEXTS_AT_ONCE = 500


def _cut_sentences(ds: Dataset | Store, rows: list[dict[str, Any]]) -> None:
    """Give each citation row its ``sentence``, cut from its report's text as the extractor cuts it
    (:func:`~fazhi.extraction.sentences.sentence_around`), reading each report's text once and a
    few hundred texts at a time."""
    by_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r.get("start") is not None and r.get("end") is not None:
            by_report[_text(r["report"])].append(r)
    reports = sorted(by_report)
    query = load_query("texts")
    for i in range(0, len(reports), _TEXTS_AT_ONCE):
        table = " ".join(str(ox.NamedNode(iri)) for iri in reports[i : i + _TEXTS_AT_ONCE])
        _, texts = run(ds, replace(query, text=inject(query.text, f"VALUES ?report {{ {table} }}")))
        for report, words in texts:
            text = str(words)
            for r in by_report[str(report)]:
                r["sentence"] = sentence_around(text, int(r["start"]), int(r["end"]))


def collect_evidence(ds: Dataset | Store, graph: nx.Graph) -> Evidence:
    """The reports and the sentences behind the items (documents, reforms) of ``graph``."""
    names, rows = run(ds, load_query("reports"))
    reports: dict[str, dict[str, str]] = {}
    for row in rows:
        r = dict(zip(names, row, strict=True))
        iri = str(r["report"])
        # page: where fazhi serve shows the report (relative to its /network page); see fazhi.report
        entry = reports.setdefault(
            iri, {"title": "", "agency": "", "year": "", "source": "", "page": "report/" + iri.rsplit("/", 1)[-1]}
        )
        for key in entry:
            if not entry[key] and r.get(key) is not None:
                entry[key] = str(r[key])
    wanted = {d["iri"] for _, d in graph.nodes(data=True) if d.get("kind") in ITEM_KINDS and "iri" in d}
    by_item: dict[str, list[Sentence]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    kinds = {d.get("kind") for _, d in graph.nodes(data=True)}
    for query in (["citations"] if "document" in kinds else []) + (["measures"] if "reform" in kinds else []):
        names, rows = run(ds, load_query(query))
        found = [r for r in (dict(zip(names, row, strict=True)) for row in rows) if _text(r["item"]) in wanted]
        if "sentence" not in names:
            _cut_sentences(ds, found)
        # The first mention of a sentence gives its quote and position: in text order, whatever order the store returns.
        for r in sorted(found, key=_evidence_order):
            item, report = _text(r["item"]), _text(r["report"])
            text = _text(r.get("sentence")) or _text(r.get("exact"))
            if not text or (report, item, text) in seen:  # found holds only the wanted items
                continue
            seen.add((report, item, text))
            start = int(r["start"]) if r.get("start") is not None and str(r["start"]).isdigit() else 0
            by_item[item].append(Sentence(report, item, text, _text(r.get("exact")), start))
    for sentences in by_item.values():
        sentences.sort(key=lambda s: (_year_key(reports.get(s.report, {}).get("year", "")), s.report, s.start))
    return Evidence(reports=reports, by_item=dict(by_item))
