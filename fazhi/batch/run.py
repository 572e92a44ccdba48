"""``fazhi build``: inputs → report graphs → a sink (a graph file or a store), in one outcome loop.

:func:`build_into` is that loop: the outcomes come from this process, ``jobs`` local processes or
a Dask cluster (``scheduler``), and go to any :class:`~fazhi.batch.sinks.Sink`;
:func:`build_to_file` and :func:`build_into_store` name the two sinks. :func:`build_dataset`
gathers the records and an rdflib Dataset in memory instead, for programs and small corpora.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from fazhi.batch.inputs import Unit, report_paths
from fazhi.batch.sinks import FileSink, Sink, StoreSink
from fazhi.batch.work import Outcome, Unchanged, Worker, run
from fazhi.errors import FazhiError, InputError
from fazhi.extraction import Extractor
from fazhi.extraction.crawl import read_input
from fazhi.extraction.fetch import FetchPolicy, is_url
from fazhi.extraction.record import ReportRecord
from fazhi.graph.build import record_triples
from fazhi.graph.io import add_quads, new_dataset
from fazhi.graph.iris import Iris
from fazhi.graph.report import ReportGraph, split

Progress = Callable[[Iterable[Outcome], int], Iterable[Outcome]]


@dataclass
class BuildSummary:
    """What a build did, counted as the reports went by (no report is kept).

    ``reports``, ``quads`` and ``triples`` are the sink's after the build (a store's include the
    reports it held before); ``added``, ``unchanged`` and ``replaced`` count this build's inputs.
    """

    reports: int = 0
    triples: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    reread: int = 0  # stored reports an older fazhi (or other vocabularies) had read, read again
    quads: int = 0
    mentions: int = 0
    agencies: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    skipped: list[InputError] = field(default_factory=list)
    publishers_partial: int = 0  # reports whose publisher is known only in part (a node of its own)
    publishers_unknown: int = 0  # reports whose publisher was not found at all

    def count(self, report: ReportGraph) -> None:
        """Count one report that reached the sink."""
        self.mentions += report.mentions
        if report.publisher == "partial":
            self.publishers_partial += 1
        elif report.publisher == "unknown":
            self.publishers_unknown += 1
        if report.agency:
            self.agencies.add(report.agency)
        self.documents.update(report.documents)

    def summary(self) -> dict[str, int]:
        """Counts for the one-screen summary."""
        return {
            "reports": self.reports,
            "agencies": len(self.agencies),
            "documents": len(self.documents),
            "mentions": self.mentions,
            "quads": self.quads,
            "skipped": len(self.skipped),
            "publishers_partial": self.publishers_partial,
            "publishers_unknown": self.publishers_unknown,
            "added": self.added,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
            "reread": self.reread,
        }


def outcomes(
    paths: list[Unit], worker: Worker, *, jobs: int = 1, scheduler: str | None = None, progress: Progress | None = None
) -> Iterable[Outcome]:
    """Every input's outcome, from this process, ``jobs`` local processes or a Dask ``scheduler``."""
    if scheduler:
        from fazhi.batch.distributed import run as run_distributed

        stream: Iterable[Outcome] = run_distributed(paths, worker, scheduler)
    else:
        stream = run(paths, worker, jobs=jobs)
    return progress(stream, len(paths)) if progress else stream


def build_into(
    sink: Sink,
    inputs: Iterable[str | Path],
    *,
    strict: bool = False,
    base: str | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    fetch: FetchPolicy | None = None,
) -> BuildSummary:
    """Extract every input and hand its report graph to ``sink``: the one outcome loop of every build.

    Inputs whose report the sink holds already are read and hashed, not extracted. An unreadable
    input is skipped and listed (with ``strict`` it stops the build). Leaving with an error, the
    sink keeps what it had (see :class:`~fazhi.batch.sinks.Sink`). Web addresses are fetched
    with ``fetch`` (:class:`~fazhi.extraction.fetch.FetchPolicy`) in one process, so that each
    host gets one request at a time; ``jobs`` then applies to builds of files only.
    """
    paths = report_paths(inputs)
    if any(isinstance(p, str) and is_url(p) for p in paths):
        jobs, scheduler = 1, None
    result = BuildSummary()
    with sink:
        worker = Worker(base, known=sink.known(), fetch=fetch)

        def reports() -> Iterator[ReportGraph]:
            for outcome in outcomes(paths, worker, jobs=jobs, scheduler=scheduler, progress=progress):
                if isinstance(outcome, Unchanged):
                    result.unchanged += 1
                elif isinstance(outcome, ReportGraph):
                    yield outcome
                elif strict:
                    raise outcome
                else:
                    result.skipped.append(outcome)

        for report, done in sink.write(reports()):
            setattr(result, done, getattr(result, done) + 1)
            if done != "unchanged":
                result.count(report)
        if not (result.added or result.replaced or result.reread or result.unchanged):
            reasons = "; ".join(str(e) for e in result.skipped[:3])
            raise FazhiError(f"no report could be read ({reasons})")
        result.reports, result.quads, result.triples = sink.totals()
    return result


def build_to_file(inputs: Iterable[str | Path], output: str | Path, **options: object) -> BuildSummary:
    """:func:`build_into` a graph file (format from its suffix); the file appears only when the build
    succeeds, and an existing file is replaced then, not before."""
    return build_into(FileSink(output), inputs, **options)  # type: ignore[arg-type]


def build_into_store(
    inputs: Iterable[str | Path], store_dir: str | Path, *, reread: bool = True, **options: object
) -> BuildSummary:
    """:func:`build_into` the store in ``store_dir`` (created if missing).

    Reports already stored are read and hashed but not extracted, unless another fazhi or other
    vocabularies read them: those are read again (not with ``reread=False``). A changed report
    replaces its old graph in one transaction. New reports are bulk-loaded in batches; an
    interrupted or failed build keeps every report it had added, and the next opening of the store
    undoes a batch that was cut off mid-load (:meth:`fazhi.graph.store.Store.add_graphs`).
    """
    return build_into(StoreSink(store_dir, reread=reread), inputs, **options)  # type: ignore[arg-type]


@dataclass
class BuildResult:
    """What an in-memory build did: the dataset, the records and the inputs it skipped (with reasons)."""

    dataset: Dataset
    records: list[ReportRecord] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """Counts for the one-screen summary."""
        agencies = {r.agency.name or r.agency.written for r in self.records if r.agency.name or r.agency.written}
        documents = {d.key for r in self.records for d in r.documents}
        return {
            "reports": len(self.records),
            "agencies": len(agencies),
            "documents": len(documents),
            "mentions": sum(len(r.mentions) for r in self.records),
            "triples": len(self.dataset),
            "skipped": len(self.skipped),
        }


def extract_all(
    paths: Iterable[Unit],
    *,
    strict: bool = False,
    extractor: Extractor | None = None,
    on_skip: Callable[[InputError], None] | None = None,
) -> Iterator[ReportRecord | InputError]:
    """Yield a record per readable input and an :class:`InputError` per unreadable one.

    With ``strict`` the first unreadable input raises instead.
    """
    extractor = extractor or Extractor()
    for path in paths:
        try:
            yield extractor.extract(read_input(path))
        except InputError as err:
            if strict:
                raise
            if on_skip:
                on_skip(err)
            yield err


def build_dataset(
    inputs: Iterable[str | Path],
    *,
    strict: bool = False,
    base: str | None = None,
    progress: Callable[[Iterable[Unit]], Iterable[Unit]] | None = None,
) -> BuildResult:
    """Extract every input and gather the records and the reports' named graphs in memory."""
    paths = report_paths(inputs)
    iris = Iris(base) if base else Iris()
    result = BuildResult(dataset=new_dataset())
    iterable: Iterable[Unit] = progress(paths) if progress else paths
    for item in extract_all(iterable, strict=strict):
        if isinstance(item, InputError):
            result.skipped.append(item)
            continue
        result.records.append(item)
        own, shared = split(record_triples(item, iris), iris.report(item.content_hash))
        add_quads(result.dataset, iris.graph(item.content_hash), own)
        add_quads(result.dataset, iris.shared_graph(), shared)
    if not result.records:
        reasons = "; ".join(str(e) for e in result.skipped[:3])
        raise FazhiError(f"no report could be read ({reasons})")
    return result
