"""``fazhi validate`` with the shapes compiled to SPARQL, beside pyshacl on the same reports, one run.

    python benchmarks/validate_speed.py [--reports 1000] [--pyshacl-reports 100] [--work DIR]

Generates --reports reports (``benchmarks/corpus.py``), builds them to one ``.nq``, then prints:

- ``fazhi validate FILE.nq -q`` end to end (a subprocess: start-up, reading the file into an
  in-memory store, every compiled check), wall seconds and peak MB;
- the same checks on the first --pyshacl-reports reports, and pyshacl (``validate_pyshacl``) on
  them, in this process: seconds each and the ratio, and whether both found the same violations.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--pyshacl-reports", type=int, default=100)
    parser.add_argument("--work", type=Path, default=Path("/tmp/fazhi-validate"))
    args = parser.parse_args()
    corpus, small = args.work / f"corpus-{args.reports}", args.work / f"corpus-{args.pyshacl_reports}"
    for folder, n in ((corpus, args.reports), (small, args.pyshacl_reports)):
        if not folder.exists():
            generate(folder, n)
    whole, part = args.work / f"{args.reports}.nq", args.work / f"{args.pyshacl_reports}.nq"
    for folder, out in ((corpus, whole), (small, part)):
        if not out.exists():
            subprocess.run(
                [sys.executable, "-m", "fazhi.cli", "build", str(folder), "-o", str(out), "-q", "--jobs", "2"], check=True
            )

    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "fazhi.cli", "validate", str(whole), "-q"], check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"fazhi validate, {args.reports} reports ({whole.stat().st_size / 2**20:.0f} MB .nq): {seconds:.1f} s, peak {peak:.0f} MB"
    )

    from fazhi.graph.io import read_dataset
    from fazhi.graph.store import Store
    from fazhi.graph.validate import validate_pyshacl, validate_store

    dataset = read_dataset(part)
    with Store.from_dataset(dataset) as store:
        started = time.perf_counter()
        compiled = validate_store(store)
        compiled_s = time.perf_counter() - started
    started = time.perf_counter()
    reference = validate_pyshacl(dataset)
    pyshacl_s = time.perf_counter() - started
    same = {(v.focus, v.path) for v in compiled} == {(v.focus, v.path) for v in reference}
    print(
        f"{args.pyshacl_reports} reports in memory: compiled checks {compiled_s:.2f} s, pyshacl {pyshacl_s:.1f} s "
        f"({pyshacl_s / compiled_s:.0f}x); same violations: {same} ({len(compiled)} and {len(reference)})"
    )


if __name__ == "__main__":
    main()
