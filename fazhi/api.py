"""fazhi from Python: build or open a knowledge graph, query it, look at it as a network.

The command line calls the same functions. Everything raises :class:`~fazhi.errors.FazhiError`
subclasses with one-line messages; nothing prints.

>>> import fazhi
>>> kg = fazhi.build(fazhi.samples()[:3])
>>> rows = kg.query("top-documents")
>>> rows.columns[:3]
['document', 'level', 'known']
>>> len(rows) > 0 and isinstance(rows[0]["reports"], int)
True
>>> graph = kg.network("co-citation")
>>> graph.number_of_nodes() > 0
True
>>> record = fazhi.extract("2021年，区司法局学习《中华人民共和国宪法》。", source="https://example.gov.cn/a.html")
>>> record.year, [d.title for d in record.documents]
(2021, ['中华人民共和国宪法'])
>>> view = fazhi.show(fazhi.samples()[1])
>>> view.publisher["name"], [d.title for d in view.documents.values()][:2]
('枣庄市市中区科学技术局', ['中华人民共和国促进科技成果转化法', '中华人民共和国宪法'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fazhi.errors import FazhiError
from fazhi.queries import to_python

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from fazhi.extraction.record import ReportRecord
    from fazhi.graph.store import Store
    from fazhi.report import ReportView


class Rows(Sequence[dict[str, Any]]):
    """The rows of a query: each a dict of column → Python value (numbers stay numbers)."""

    def __init__(self, columns: list[str], rows: list[list[Any]]) -> None:
        self.columns = columns
        self._rows = [{c: to_python(v) for c, v in zip(columns, row, strict=False)} for row in rows]

    def __getitem__(self, index: int) -> dict[str, Any]:  # type: ignore[override]
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._rows)

    def __repr__(self) -> str:
        return f"<Rows {len(self)} × {self.columns}>"

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (``pip install "fazhi[pandas]"``)."""
        try:
            import pandas
        except ImportError:
            raise FazhiError('to_pandas needs pandas: pip install "fazhi[pandas]"') from None
        return pandas.DataFrame(self._rows, columns=self.columns)


class KnowledgeGraph:
    """A graph of reports, in memory (from a file or a build) or in a store folder."""

    def __init__(self, store: Store, where: str) -> None:
        self.store = store
        self.where = where

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.where}: {self.store.reports()} reports>"

    def query(self, query: str, **params: str) -> Rows:
        """A curated query by name (``fazhi query --list``), a ``.rq`` file, or SPARQL text; parameters
        as keywords: ``kg.query("document-agencies", doc="中华人民共和国民法典")``."""
        from fazhi.queries import resolve, run

        curated = resolve(query)
        columns, rows = run(self.store, curated, dict(params))
        return Rows(columns, rows)

    def network(self, view: str = "co-citation", **options: str) -> nx.Graph:
        """A networkx projection of the graph (views as ``fazhi network --help`` lists them)."""
        from fazhi.network.project import project

        return project(self.store, view, **options)

    def close(self) -> None:
        """Let go of the store (a store folder can then be opened for writing again)."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open(path: str | Path | None = None, *, store: str | Path | None = None) -> KnowledgeGraph:
    """A graph file (``.trig``, ``.nq`` …, read into memory) or a store folder, read-only."""
    from fazhi.graph.store import open_graph

    return KnowledgeGraph(open_graph(path, store=store, read_only=True), str(store or path))


def build(
    inputs: Iterable[str | Path],
    *,
    store: str | Path | None = None,
    output: str | Path | None = None,
    jobs: int = 1,
    strict: bool = False,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> KnowledgeGraph:
    """Build reports (files, folders, globs, crawl records, web addresses) into a store folder, a
    graph file, or (with neither) memory, and open the result. ``progress(outcomes, total)`` may
    wrap the stream of outcomes, as the command line's progress bar does."""
    from fazhi.batch import build_into_store, build_to_file
    from fazhi.graph.store import Store

    items = [str(i) for i in inputs]
    options: dict[str, Any] = {"jobs": jobs, "strict": strict, "progress": progress}
    if store is not None:
        build_into_store(items, store, **options)
        return open(store=store)
    if output is not None:
        build_to_file(items, output, **options)
        return open(output)
    from fazhi.batch import build_dataset

    result = build_dataset(items, strict=strict)
    return KnowledgeGraph(Store.from_dataset(result.dataset), "memory")


def extract(text: str, source: str = "urn:fazhi:text", *, title: str | None = None) -> ReportRecord:
    """One report's record from its text: publisher, year, citations, items, figures."""
    from fazhi.batch.work import _extractor
    from fazhi.extraction.ingest import Document

    return _extractor("char").extract(Document(source=source, text=text, title=title))


def show(
    report: str | Path,
    *,
    graph: str | Path | None = None,
    store: str | Path | None = None,
    output: str | Path | None = None,
) -> ReportView:
    """One report as fazhi read it: its text, mentions and the documents they link to, publisher
    facts with their words, parts found and missing, items and figures.

    ``report`` names a report in ``graph`` or ``store`` (its IRI, content hash or source path or
    URL); with neither, it is a page (file or URL) that is read now. With ``output``, the report's
    offline HTML page is written there (atomically), as ``fazhi show`` does.
    """
    from fazhi.graph.iris import Iris
    from fazhi.graph.store import Store, open_graph
    from fazhi.report import find_report, report_view, write_page

    if graph is None and store is None:
        from fazhi.batch import build_dataset

        result = build_dataset([str(report)], strict=True)
        held = Store.from_dataset(result.dataset)
        spec = str(Iris().graph(result.records[0].content_hash))
    else:
        held = open_graph(graph, store=store, read_only=True)
        spec = str(report)
    with held:
        view = report_view(held, *find_report(held, spec))
    if output is not None:
        write_page(view, output)
    return view


def samples() -> list[Path]:
    """The report pages that ship with fazhi (two full reports and the dev openings)."""
    from fazhi.batch import sample_inputs

    return sample_inputs()
