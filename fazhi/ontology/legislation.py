"""The legislation vocabulary: documents fazhi knows by official title and short forms.

Read from ``vocab/legislation/*.tsv`` (format in ``vocab/README.md``); published as SKOS
concepts in the scheme ``fz:legislation``; the linker reads the same entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fazhi.errors import FazhiError
from fazhi.normalize import PRC, title_key
from fazhi.ontology import LEVELS, data_file
from fazhi.ontology.tsv import read_rows, split_list

COLUMNS = ("level", "title", "aliases", "issuer", "date", "revisions", "replaced_by")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class LegalDocument:
    """One entry of the vocabulary."""

    title: str
    levels: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    issuer: str = ""
    date: str = ""
    revisions: tuple[str, ...] = ()
    replaced_by: str = ""

    @property
    def key(self) -> str:
        """The comparison key of the official title: the document's identity."""
        return title_key(self.title)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every form that names this document: the title, its aliases, the title without 中华人民共和国."""
        forms = [self.title, *self.aliases]
        if self.title.startswith(PRC) and len(self.title) > len(PRC) + 1:
            forms.append(self.title[len(PRC):])
        return tuple(forms)

    def version_in(self, year: int) -> str | None:
        """The date of the version in force at the end of ``year`` (promulgation or last revision)."""
        dates = [d for d in (self.date, *self.revisions) if d and int(d[:4]) <= year]
        return dates[-1] if dates else None


class Legislation:
    """The whole vocabulary with a lookup from any label's key to its entry."""

    def __init__(self, entries: list[LegalDocument]) -> None:
        self.entries = entries
        self.by_key: dict[str, LegalDocument] = {}
        for entry in entries:
            for label in entry.labels:
                key = title_key(label)
                other = self.by_key.get(key)
                if other is not None and other is not entry:
                    raise FazhiError(f"legislation vocabulary: label {label!r} names both {other.title!r} and {entry.title!r}")
                self.by_key[key] = entry

    def lookup(self, title: str) -> LegalDocument | None:
        """The entry a title or short form names, or None."""
        return self.by_key.get(title_key(title))

    def __len__(self) -> int:
        return len(self.entries)


def parse_entries() -> list[LegalDocument]:
    """Read and check every ``vocab/legislation/*.tsv`` file."""
    folder = data_file("vocab", "legislation")
    entries: list[LegalDocument] = []
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".tsv"):
            continue
        for number, row in read_rows(file, COLUMNS):
            where = f"{file.name}:{number}"
            levels = tuple(split_list(row["level"]))
            if not levels or any(level not in LEVELS for level in levels):
                raise FazhiError(f"{where}: level {row['level']!r} is not one of {' '.join(LEVELS)}")
            title = row["title"]
            if not title or title.startswith("《") or title.endswith("》"):
                raise FazhiError(f"{where}: title {title!r} must be the bare official title")
            dates = [d for d in (row["date"], *split_list(row["revisions"])) if d]
            if any(not _DATE.match(d) for d in dates):
                raise FazhiError(f"{where}: dates must be YYYY-MM-DD")
            entries.append(LegalDocument(
                title=title,
                levels=levels,
                aliases=tuple(split_list(row["aliases"])),
                issuer=row["issuer"],
                date=row["date"],
                revisions=tuple(split_list(row["revisions"])),
                replaced_by=row["replaced_by"],
            ))
    return entries


@cache
def legislation() -> Legislation:
    """The vocabulary, loaded once per process."""
    return Legislation(parse_entries())
