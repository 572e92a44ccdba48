"""End-to-end ``fazhi build`` throughput, parallel jobs, linearity in N and peak memory.

    python benchmarks/build_scale.py [--sizes 1000,10000] [--work DIR] [--jobs 2] [--modes ...]
                                     [--budget-minutes 15] [--max-rss-gb 12] [--median-chars 5000]

For each size N a corpus is generated with ``benchmarks/corpus.py`` (or reused from WORK) and
built with the real command line, one subprocess per measurement, in these modes:

    nq            fazhi build CORPUS -o OUT.nq --quiet                 (one job)
    trig          fazhi build CORPUS -o OUT.trig --quiet               (one job)
    nq-jobs       fazhi build --jobs J CORPUS -o OUT.nq --quiet        (if fazhi build has --jobs)
    store         fazhi build --store DIR CORPUS --quiet               (one job, fresh store)
    store-jobs    fazhi build --jobs J --store DIR CORPUS --quiet      (if fazhi build has --jobs)

How to read the table (nothing is subtracted from any figure):

- ``seconds`` is the wall time of the whole command: process start-up, loading spaCy, jieba
  and the vocabularies, ingest (decode, strip clutter), the pipeline, linking, RDF, and writing
  (serialising the file, or the store's transactions). The start-up part alone is printed
  first as the fixed cost: the same command on one file of the corpus (median of 3).
  ``CPU s`` is the user+system time of the build and its workers (getrusage of the children,
  one build at a time): on this shared 2-core machine it moves less than wall time.
- ``chars/s`` is N's characters of report text (the text fazhi stores, after ingest) divided
  by ``seconds``; ``x jieba`` divides it by plain ``jieba.lcut`` of the same kind of texts in
  one process (jieba initialised first; dictionary load and file reading excluded; the first
  --baseline-chars of the largest corpus). The baseline is measured before the first build and
  after every build, and each build is compared with the mean of the two measurements around
  it (``jieba/s``), which tracks most of the shared machine's drift; ``(CPU)`` is the same
  ratio in characters per CPU second.
- ``x 1 job`` is the one-job time of the same output divided by this time (a speed-up > 1 is
  good; J jobs on J cores cannot exceed J).
- ``s/report`` is seconds / N; compare it across sizes for linearity; the marginal cost per
  report between two sizes is printed under the table.
- ``peak MB`` is the largest sum of VmRSS over the build's process tree (the command and every
  worker it starts; ``procs`` is the most processes seen), sampled every 0.2 s; pages shared by
  forked workers count once per worker, so with jobs it is an upper bound. ``out MB`` is the
  size of the file, or of the store folder right after the build (RocksDB files and its
  write-ahead log).

Runs that would not fit are not started: a mode whose predicted time (its s/report at the
previous size, or one job's) exceeds what is left of --budget-minutes, or whose predicted memory
exceeds --max-rss-gb. A run that has started is only stopped by --max-rss-gb or --timeout, so the
budget can be overrun by one run. Skipped and killed runs are listed with the reason.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
FAZHI = [str(Path(PYTHON).parent / "fazhi")] if (Path(PYTHON).parent / "fazhi").exists() else [PYTHON, "-m", "fazhi.cli"]
ALL_MODES = ("nq", "trig", "nq-jobs", "store", "store-jobs")


# -- process tree memory ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    out.extend(int(c) for c in fh.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree(pid: int) -> list[int]:
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.append(p)
            todo.extend(_children(p))
    return seen


@dataclass
class Row:
    size: int
    mode: str
    seconds: float
    peak_mb: float


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    returncode: int
    killed: str = ""
    processes: int = 1


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def monitored(cmd: list[str], *, max_rss_mb: float, timeout: float, cwd: Path | None = None) -> Run:
    """Run ``cmd``, sampling the RSS of its process tree every 0.2 s; kill the tree past the limits."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    peak, most, killed = 0, 1, ""
    while proc.poll() is None:
        pids = tree(proc.pid)
        rss = sum(_rss_kb(p) for p in pids)
        peak, most = max(peak, rss), max(most, len(pids))
        elapsed = time.perf_counter() - start
        if rss / 1024 > max_rss_mb:
            killed = f"killed: RSS {rss / 1024:,.0f} MB > {max_rss_mb:,.0f} MB after {elapsed:.0f} s"
        elif elapsed > timeout:
            killed = f"killed: over the {timeout:.0f} s timeout"
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)  # the group of the build we started, workers included
            proc.wait()
            break
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode and not killed:
        print(f"  ! {' '.join(cmd[-4:])}: exit {proc.returncode}: {err.strip()[-500:]}", file=sys.stderr)
    # CPU seconds of the build and of every worker it waited for (runs are sequential, so the delta is this run's)
    return Run(seconds, _children_cpu() - cpu0, peak / 1024, proc.returncode or 0, killed, most)


# -- corpus and baseline ---------------------------------------------------------------------------


def corpus(work: Path, size: int, seed: int, html_share: float, median_chars: int = 5000) -> Path:
    folder = work / (f"corpus-{size}-s{seed}-h{html_share:g}" + ("" if median_chars == 5000 else f"-m{median_chars}"))
    manifest = folder / "manifest.json"
    if manifest.exists() and json.loads(manifest.read_text())["reports"] == size:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [
            PYTHON,
            str(HERE / "corpus.py"),
            str(folder),
            "--reports",
            str(size),
            "--seed",
            str(seed),
            "--html-share",
            str(html_share),
            "--median-chars",
            str(median_chars),
        ],
        check=True,
    )
    return folder


def files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("r*.*") if p.suffix in (".txt", ".html"))


def stored_chars(folder: Path) -> int:
    """Characters of report text after ingest (what fazhi stores as fz:text), cached beside the corpus."""
    cache = folder / "chars.json"
    if cache.exists():
        return int(json.loads(cache.read_text())["chars"])
    from fazhi.extraction.ingest import read_document

    chars = sum(len(read_document(p).text) for p in files_of(folder))
    cache.write_text(json.dumps({"chars": chars}))
    return chars


@dataclass
class Baseline:
    wall: float  # chars per second of wall time
    cpu: float  # chars per CPU second
    chars: int

    @staticmethod
    def mean(a: Baseline, b: Baseline) -> Baseline:
        return Baseline((a.wall + b.wall) / 2, (a.cpu + b.cpu) / 2, a.chars)


class Jieba:
    """Plain jieba.lcut over the first files of a corpus up to ``max_chars`` (read once, before any timing)."""

    def __init__(self, folder: Path, max_chars: int) -> None:
        import logging

        import jieba

        from fazhi.extraction.ingest import read_document

        jieba.setLogLevel(logging.WARNING)
        self.texts, total = [], 0
        for p in files_of(folder):
            text = read_document(p).text
            self.texts.append(text)
            total += len(text)
            if total >= max_chars:
                break
        self.chars = total
        jieba.initialize()
        self.lcut = jieba.lcut

    def measure(self) -> Baseline:
        start, cpu = time.perf_counter(), time.process_time()
        for text in self.texts:
            self.lcut(text)
        return Baseline(self.chars / (time.perf_counter() - start), self.chars / (time.process_time() - cpu), self.chars)


def has_jobs() -> bool:
    out = subprocess.run([*FAZHI, "build", "--help"], capture_output=True, text=True, check=False).stdout
    return "--jobs" in out


def disk_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6
    return 0.0


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


# -- main ------------------------------------------------------------------------------------------


def command(mode: str, inputs: list[str], out: Path, jobs: int) -> list[str]:
    cmd = [*FAZHI, "build", "--quiet"]
    if mode.endswith("-jobs"):
        cmd += ["--jobs", str(jobs)]
    if mode.startswith("store"):
        return [*cmd, "--store", str(out), *inputs]
    return [*cmd, *inputs, "-o", str(out)]


def output_for(mode: str, work: Path) -> Path:
    return (
        work / {"nq": "out.nq", "trig": "out.trig", "nq-jobs": "out-jobs.nq", "store": "store", "store-jobs": "store-jobs"}[mode]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    parser.add_argument(
        "--sizes", default="1000,10000", help="corpus sizes, comma-separated (default 1000,10000; 100000 is opt-in)"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench/build_scale"), help="folder for corpora and outputs")
    parser.add_argument("--jobs", type=int, default=2, help="jobs for the --jobs modes (default 2)")
    parser.add_argument("--modes", default=",".join(ALL_MODES), help=f"comma-separated subset of {','.join(ALL_MODES)}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--html-share", type=float, default=0.1)
    parser.add_argument("--median-chars", type=int, default=5000, help="median report length of the corpus (default 5000)")
    parser.add_argument("--budget-minutes", type=float, default=15, help="skip runs predicted to overrun this (0: no budget)")
    parser.add_argument("--max-rss-gb", type=float, default=12, help="kill (or do not start) a build above this memory")
    parser.add_argument("--timeout", type=float, default=3600, help="kill a build after this many seconds")
    parser.add_argument("--baseline-chars", type=int, default=1_000_000, help="characters of text for each jieba baseline")
    parser.add_argument("--keep", action="store_true", help="keep the outputs (graph files, stores)")
    args = parser.parse_args()
    started = time.perf_counter()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(ALL_MODES)
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    max_rss_mb = args.max_rss_gb * 1024
    budget = args.budget_minutes * 60 or float("inf")
    jobs_ok = has_jobs()
    if not jobs_ok and any(m.endswith("-jobs") for m in modes):
        print(
            f"fazhi build has no --jobs option (checked `fazhi build --help`): measuring one job only; "
            f"skipped {', '.join(m for m in modes if m.endswith('-jobs'))}"
        )
        modes = [m for m in modes if not m.endswith("-jobs")]

    corpora = {n: corpus(work, n, args.seed, args.html_share, args.median_chars) for n in sizes}
    chars = {n: stored_chars(corpora[n]) for n in sizes}
    print(f"corpora: {', '.join(f'{n:,} reports = {chars[n] / 1e6:,.1f} M chars' for n in sizes)} (in {work})")

    jieba_runs = Jieba(corpora[sizes[-1]], args.baseline_chars)
    first = jieba_runs.measure()
    print(
        f"baseline: jieba.lcut {first.wall / 1e6:.3f} M chars/s wall, {first.cpu / 1e6:.3f} M chars per CPU second "
        f"({first.chars / 1e6:.1f} M chars, one process, dictionary loaded first); measured again around every build"
    )
    one = str(files_of(corpora[sizes[0]])[0])
    fixed = [monitored(command("nq", [one], work / "one.nq", args.jobs), max_rss_mb=max_rss_mb, timeout=600) for _ in range(3)]
    fixed_s = statistics.median(r.seconds for r in fixed)
    print(
        f"fixed cost: fazhi build of 1 file -o .nq: {fixed_s:.2f} s wall, {statistics.median(r.cpu for r in fixed):.2f} CPU s "
        f"(median of 3: start-up, imports, loading spaCy/jieba/vocabularies, one report), peak {max(r.peak_mb for r in fixed):,.0f} MB"
    )
    if jobs_ok:
        fixed_j = [
            monitored(command("nq-jobs", [one], work / "one.nq", args.jobs), max_rss_mb=max_rss_mb, timeout=600) for _ in range(3)
        ]
        print(
            f"fixed cost with --jobs {args.jobs}: {statistics.median(r.seconds for r in fixed_j):.2f} s wall, "
            f"{statistics.median(r.cpu for r in fixed_j):.2f} CPU s, peak {max(r.peak_mb for r in fixed_j):,.0f} MB"
        )
    remove(work / "one.nq")

    rows: list[Row] = []
    notes: list[str] = []
    per_report: dict[str, float] = {}  # mode → s/report at the last size measured
    peak_per_report: dict[str, float] = {}
    header = (
        f"{'size':>7}  {'mode':<11} {'seconds':>8} {'CPU s':>8} {'chars/s':>8} {'x jieba':>8} {'(CPU)':>6} {'jieba/s':>8} {'x 1 job':>8} "
        f"{'s/report':>9} {'peak MB':>8} {'procs':>5} {'out MB':>8}"
    )
    table: list[str] = []
    before = first
    for n in sizes:
        inputs = [str(corpora[n])]
        for mode in modes:
            left = budget - (time.perf_counter() - started)
            guess_rate = per_report.get(mode) or per_report.get(mode.replace("-jobs", "")) or per_report.get("nq")
            predicted = fixed_s + guess_rate * n if guess_rate else None
            if predicted is not None and predicted > left:
                line = f"{n:>7,}  {mode:<11} not run: predicted {predicted / 60:.0f} min > {max(0, left) / 60:.0f} min left of --budget-minutes"
                print(line)
                table.append(line)
                continue
            mem_rate = peak_per_report.get(mode)
            if mem_rate and not mode.startswith("store") and mem_rate * n > max_rss_mb:
                line = (
                    f"{n:>7,}  {mode:<11} not run: predicted peak {mem_rate * n / 1024:.0f} GB > --max-rss-gb {args.max_rss_gb:g}"
                )
                print(line)
                table.append(line)
                continue
            out = output_for(mode, work)
            remove(out)
            run = monitored(command(mode, inputs, out, args.jobs), max_rss_mb=max_rss_mb, timeout=args.timeout)
            after = jieba_runs.measure()
            base, before = Baseline.mean(before, after), after
            size_mb = disk_mb(out)
            if not args.keep:
                remove(out)
            if run.killed or run.returncode:
                line = f"{n:>7,}  {mode:<11} {run.seconds:>8.1f}  {run.killed or f'exit {run.returncode}'}; peak {run.peak_mb:,.0f} MB"
                print(line)
                table.append(line)
                continue
            per_report[mode] = run.seconds / n
            peak_per_report[mode] = run.peak_mb / n
            single = next((r for r in rows if r.size == n and r.mode == mode.replace("-jobs", "")), None)
            speedup = f"{single.seconds / run.seconds:8.2f}" if single and mode.endswith("-jobs") else f"{'':>8}"
            cps = chars[n] / run.seconds
            rows.append(Row(n, mode, run.seconds, run.peak_mb))
            line = (
                f"{n:>7,}  {mode:<11} {run.seconds:>8.1f} {run.cpu:>8.1f} {cps / 1e3:>7.1f}k {cps / base.wall:>8.3f} "
                f"{chars[n] / run.cpu / base.cpu:>6.3f} {base.wall / 1e3:>7.0f}k {speedup} {run.seconds / n:>9.4f} "
                f"{run.peak_mb:>8,.0f} {run.processes:>5} {size_mb:>8,.1f}"
            )
            print(line, flush=True)
            table.append(line)
    for mode in modes:
        done = [r for r in rows if r.mode == mode]
        for a, b in itertools.pairwise(done):
            marginal = (b.seconds - a.seconds) / (b.size - a.size)
            mem = (b.peak_mb - a.peak_mb) / (b.size - a.size) * 1000
            notes.append(
                f"{mode}: marginal {marginal:.4f} s/report and {mem:,.0f} MB per 1,000 reports from {a.size:,} to {b.size:,}"
            )
    notes.append(
        f"baseline drift during the run: {before.wall / first.wall:.2f}x wall, {before.cpu / first.cpu:.2f}x CPU "
        f"(last measurement / first)"
    )
    notes.append(f"total run time {(time.perf_counter() - started) / 60:.1f} min")
    print()
    print(header)
    print("-" * len(header))
    print("\n".join(table))
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
