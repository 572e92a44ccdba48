"""What a build reads: files as given, folders recursively, glob patterns, the bundled samples.

>>> expand_inputs([]) == []
True
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from fazhi.errors import FazhiError, InputError

#: Suffixes of report files that a folder is searched for.
INPUT_SUFFIXES = {".txt", ".html", ".htm", ".shtml"}


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


def report_paths(inputs: Iterable[str | Path]) -> list[Path]:
    """The report files of ``inputs`` (:func:`expand_inputs`), or a :class:`FazhiError` saying what to pass."""
    paths = expand_inputs(str(i) for i in inputs)
    if not paths:
        raise FazhiError("no report files (.txt, .html, .htm) in the inputs; pass files, folders or glob patterns")
    return paths
