"""Everything a user reads off a graph, as plain data: every curated query's rows, every network
view's nodes, edges and evidence, and the evaluation figures. Two builds that give equal answers
are the same to every user of fazhi, whatever their quads look like.

Regenerate the recorded answers (only when a change is meant to change what users read):

    python -m tests.graph.answers --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from fazhi.graph.evaluate import evaluate, read_gold
from fazhi.graph.store import Store
from fazhi.network.project import VIEWS, collect_evidence, project
from fazhi.queries import curated, is_graph_query, resolve, run, run_graph

DATA = Path(__file__).parent.parent / "data"
INPUTS = [*sorted((DATA.parent.parent / "fazhi" / "samples").glob("*.txt")), *sorted((DATA / "corpus").glob("*.txt"))]
GOLDEN = DATA / "golden" / "answers.json"
#: Parameters for the queries that take them: a law most samples cite, and an agency of the corpus.
PARAMS = {
    "doc": "中华人民共和国宪法",
    "agency": "重庆市梁平区科学技术局",
    "indicator": "行政复议案件数",
    "source": INPUTS[1].resolve().as_uri(),
}


def _plain(value: Any) -> Any:
    """A value as JSON keeps it; a file:// source by its file name (the checkout's path varies)."""
    if value is None or isinstance(value, (int, float, bool)):
        return value
    text = str(value)
    return text.rsplit("/", 1)[-1] if text.startswith("file://") else text


#: Columns made by GROUP_CONCAT, whose order SPARQL leaves to the store: compared as sets.
LISTS = {"years": ",", "qualifiers": " "}


def _cell(column: str, value: Any) -> Any:
    value = _plain(value)
    if column in LISTS and isinstance(value, str):
        sep = LISTS[column] if LISTS[column] in value else " "
        return sep.join(sorted(value.split(sep)))
    return value


def _sorted_rows(columns: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    plain = ([_cell(c, v) for c, v in zip(columns, row, strict=True)] for row in rows)
    return sorted(plain, key=lambda r: json.dumps(r, ensure_ascii=False))


def answers(store: Store) -> dict[str, Any]:
    """The answers of ``store`` (a file read into memory or a store folder)."""
    out: dict[str, Any] = {"queries": {}, "networks": {}}
    for name in sorted(q.name for q in curated()):
        query = resolve(name)
        params = {k: v for k, v in PARAMS.items() if k in query.params}
        if is_graph_query(query):  # a CONSTRUCT: its triples, one N-Triples line each
            lines = run_graph(store, query, params, "nt").decode("utf-8").splitlines()
            out["queries"][name] = {"columns": ["triple"], "rows": sorted([line] for line in lines if line)}
            continue
        columns, rows = run(store, query, params)
        out["queries"][name] = {"columns": columns, "rows": _sorted_rows(columns, rows)}
    for view in VIEWS:
        graph = project(store, view)
        evidence = collect_evidence(store, graph)
        out["networks"][view] = {
            "nodes": sorted(
                [n, {k: _plain(v) for k, v in sorted(d.items()) if not k.startswith("_")}] for n, d in graph.nodes(data=True)
            ),
            "edges": sorted(
                [*sorted((u, v)), {k: _plain(x) for k, x in sorted(d.items()) if not k.startswith("_")}]
                for u, v, d in graph.edges(data=True)
            ),
            "evidence": sorted(
                [item, sorted([_plain(s.report), s.text, s.exact, s.start] for s in sentences)]
                for item, sentences in evidence.by_item.items()
            ),
        }
    scores = evaluate(store.to_dataset(), read_gold(DATA / "dev" / "gold.jsonl"))
    out["evaluate"] = {
        "precision": scores.precision,
        "recall": scores.recall,
        "alias": scores.alias,
        "level": scores.level,
        "fields": scores.fields,
        "publisher": scores.publisher,
        "fused": scores.fused,
        "matched": scores.matched,
    }
    return json.loads(json.dumps(out, ensure_ascii=False, default=str))


def build(output: Path) -> Store:
    """The recorded inputs built to ``output`` (a graph file) and read back."""
    from fazhi.batch import build_to_file

    build_to_file([str(p) for p in INPUTS], output, jobs=1, strict=False, progress=None)
    return Store.from_file(output)


if __name__ == "__main__" and "--write" in sys.argv:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        result = answers(build(Path(tmp) / "graph.nq"))
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {GOLDEN}")
