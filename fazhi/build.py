"""``fazhi build``: inputs → report graphs → a graph file or a store.

:func:`build` gathers records and an rdflib Dataset in memory, for programs and small corpora;
:func:`build_to_file` and :func:`fazhi.store_cli.build_into_store` stream, one report at a time,
from one process, several (``jobs``) or a Dask cluster (``scheduler``).

>>> from fazhi.build import expand_inputs
>>> expand_inputs([]) == []
True
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rdflib import Dataset

from fazhi.errors import FazhiError, InputError
from fazhi.extract import Extractor
from fazhi.extract.ingest import read_document
from fazhi.extract.record import ReportRecord
from fazhi.graph.build import record_triples
from fazhi.graph.io import add_quads, new_dataset
from fazhi.graph.iris import Iris
from fazhi.work import Outcome, ReportGraph, Worker, run

INPUT_SUFFIXES = {".txt", ".html", ".htm", ".shtml"}


@dataclass
class BuildResult:
    """What a build did: the dataset, the records and the inputs it skipped (with reasons)."""

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


def sample_inputs() -> list[Path]:
    """The sample reports shipped inside the package (two seeds and the dev excerpts)."""
    folder = resources.files("fazhi") / "samples"
    return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith(".txt"))


def expand_inputs(inputs: Iterable[str]) -> list[Path]:
    """Files as given, folders recursively, glob patterns expanded; report files only, sorted.

    A path that does not exist and matches nothing raises :class:`InputError`.
    """
    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES))
        elif path.exists():
            out.append(path)
        elif any(ch in item for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(item, "the pattern matches no file")
            out.extend(matches)
        else:
            raise InputError(item, "no such file or folder; check the path")
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def extract_all(
    paths: Iterable[Path],
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
            yield extractor.extract(read_document(path))
        except InputError as err:
            if strict:
                raise
            if on_skip:
                on_skip(err)
            yield err


def build(
    inputs: Iterable[str | Path],
    *,
    strict: bool = False,
    base: str | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
) -> BuildResult:
    """Extract every input and gather the reports' named graphs into one dataset."""
    paths = report_paths(inputs)
    iris = Iris(base) if base else Iris()
    result = BuildResult(dataset=new_dataset())
    iterable: Iterable[Path] = progress(paths) if progress else paths
    for item in extract_all(iterable, strict=strict):
        if isinstance(item, InputError):
            result.skipped.append(item)
            continue
        result.records.append(item)
        add_quads(result.dataset, iris.graph(item.content_hash), record_triples(item, iris))
    if not result.records:
        reasons = "; ".join(str(e) for e in result.skipped[:3])
        raise FazhiError(f"no report could be read ({reasons})")
    return result


@dataclass
class StreamSummary:
    """What a streamed build did, counted as the reports went by (no report is kept).

    For a build into a store, ``reports``, ``quads`` and ``triples`` are the store's after the build.
    """

    reports: int = 0
    triples: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    quads: int = 0
    mentions: int = 0
    agencies: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    skipped: list[InputError] = field(default_factory=list)

    def count(self, report: ReportGraph) -> None:
        """Count one report that reached the output."""
        self.reports += 1
        self.quads += report.quads
        self.mentions += report.mentions
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
            "added": self.added,
            "unchanged": self.unchanged,
            "replaced": self.replaced,
        }


Progress = Callable[[Iterable[Outcome], int], Iterable[Outcome]]


def outcomes(
    paths: list[Path],
    worker: Worker,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Iterable[Outcome]:
    """Every input's outcome, from this process, ``jobs`` local processes or a Dask ``scheduler``."""
    if scheduler:
        from fazhi.distributed import run as run_distributed

        stream: Iterable[Outcome] = run_distributed(paths, worker, scheduler)
    else:
        stream = run(paths, worker, jobs=jobs)
    return progress(stream, len(paths)) if progress else stream


def build_to_file(
    inputs: Iterable[str | Path],
    output: str | Path,
    *,
    strict: bool = False,
    base: str | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> StreamSummary:
    """Extract every input and stream the reports' graphs into ``output`` (format from its suffix).

    The file appears only when the build succeeds; an existing file is replaced then, not before.
    """
    from fazhi.graph.sinks import FileSink

    paths = report_paths(inputs)
    result = StreamSummary()
    with FileSink(output) as sink:
        for outcome in outcomes(paths, Worker(base), jobs=jobs, scheduler=scheduler, progress=progress):
            if isinstance(outcome, ReportGraph):
                sink.add(outcome)
                result.count(outcome)
            elif isinstance(outcome, InputError):
                if strict:
                    raise outcome
                result.skipped.append(outcome)
        if not result.reports:
            reasons = "; ".join(str(e) for e in result.skipped[:3])
            raise FazhiError(f"no report could be read ({reasons})")
    return result


def report_paths(inputs: Iterable[str | Path]) -> list[Path]:
    """The report files of ``inputs`` (:func:`expand_inputs`), or a :class:`FazhiError` saying what to pass."""
    paths = expand_inputs(str(i) for i in inputs)
    if not paths:
        raise FazhiError("no report files (.txt, .html, .htm) in the inputs; pass files, folders or glob patterns")
    return paths
