"""The one reader of the vocabulary TSV files (header line, ``#`` comments, ``|`` lists)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources.abc import Traversable

from fazhi.errors import FazhiError


def read_rows(file: Traversable, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line number, row)`` for every data line of a vocabulary TSV.

    Raises :class:`FazhiError` naming the file and line when the header or a row is malformed.
    """
    lines = file.read_text("utf-8").splitlines()
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != columns:
                raise FazhiError(f"{file.name}:{number}: header must be {' '.join(columns)}")
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise FazhiError(f"{file.name}:{number}: expected {len(columns)} tab-separated columns, found {len(cells)}")
        yield number, {c: v.strip() for c, v in zip(columns, cells, strict=True)}


def split_list(cell: str) -> list[str]:
    """Split a ``|``-separated cell into its non-empty items."""
    return [item.strip() for item in cell.split("|") if item.strip()]
