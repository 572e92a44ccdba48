"""The legislation vocabulary: documents fazhi knows by official title and short forms.

Read from ``vocab/legislation/*.tsv``, with the promulgation orders of some versions from
``vocab/orders.tsv`` (formats in ``vocab/README.md``); published as SKOS concepts in the scheme
``fz:legislation``; the linker reads the same entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources.abc import Traversable

from fazhi.errors import FazhiError
from fazhi.ontology import LEVELS, data_file
from fazhi.ontology.normalize import PRC, title_key
from fazhi.ontology.tsv import read_rows, split_list

COLUMNS = ("level", "title", "aliases", "issuer", "date", "revisions", "replaced_by")
ORDER_COLUMNS = ("title", "date", "order")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: 主席令 are numbered in Chinese numerals, 国务院令 in Arabic ones, as their official texts write them.
#: The SHACL shape of ``fz:promulgationOrder`` (``shapes.ttl``) holds the same pattern.
ORDER_PATTERN = re.compile(r"^中华人民共和国(主席令第[〇一二三四五六七八九十百]+号|国务院令第[1-9][0-9]*号)$")


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
    orders: tuple[tuple[str, str], ...] = ()  # (version date, promulgation order), where known

    @property
    def key(self) -> str:
        """The comparison key of the official title: the document's identity."""
        return title_key(self.title)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every form that names this document: the title, its aliases, the title without 中华人民共和国."""
        forms = [self.title, *self.aliases]
        if self.title.startswith(PRC) and len(self.title) > len(PRC) + 1:
            forms.append(self.title[len(PRC) :])
        return tuple(forms)

    def version_in(self, year: int) -> str | None:
        """The date of the version in force at the end of ``year`` (promulgation or last revision)."""
        dates = [d for d in (self.date, *self.revisions) if d and int(d[:4]) <= year]
        return dates[-1] if dates else None

    def order_of(self, version: str) -> str | None:
        """The order that promulgated the version of date ``version``, if the vocabulary knows it.

        >>> LegalDocument("优化营商环境条例", ("行政法规",), date="2019-10-22",
        ...               orders=(("2019-10-22", "中华人民共和国国务院令第722号"),)).order_of("2019-10-22")
        '中华人民共和国国务院令第722号'
        """
        return next((order for date, order in self.orders if date == version), None)


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
            entries.append(
                LegalDocument(
                    title=title,
                    levels=levels,
                    aliases=tuple(split_list(row["aliases"])),
                    issuer=row["issuer"],
                    date=row["date"],
                    revisions=tuple(split_list(row["revisions"])),
                    replaced_by=row["replaced_by"],
                )
            )
    return with_orders(entries)


def with_orders(entries: list[LegalDocument], file: Traversable | None = None) -> list[LegalDocument]:
    """Attach the promulgation orders of ``file`` (``vocab/orders.tsv``) to the entries.

    Each row is checked against the entry it names: the title must be an entry's official
    title, the date one of its version dates, the order in its official form.
    """
    file = file or data_file("vocab", "orders.tsv")
    by_title = {e.title: i for i, e in enumerate(entries)}
    orders: dict[int, list[tuple[str, str]]] = {}
    for number, row in read_rows(file, ORDER_COLUMNS):
        where = f"{file.name}:{number}"
        index = by_title.get(row["title"])
        if index is None:
            raise FazhiError(f"{where}: {row['title']!r} is not an official title in legislation/*.tsv")
        entry = entries[index]
        if row["date"] not in (entry.date, *entry.revisions):
            raise FazhiError(f"{where}: {row['date']!r} is not a version date of {entry.title} in legislation/*.tsv")
        if not ORDER_PATTERN.match(row["order"]):
            raise FazhiError(
                f"{where}: order {row['order']!r} is not in its official form: 中华人民共和国主席令第…号 (Chinese numerals) or 中华人民共和国国务院令第N号"
            )
        if any(date == row["date"] for date, _ in orders.get(index, [])):
            raise FazhiError(f"{where}: a second order for the {row['date']} version of {entry.title}")
        orders.setdefault(index, []).append((row["date"], row["order"]))
    return [replace(e, orders=tuple(sorted(orders[i]))) if i in orders else e for i, e in enumerate(entries)]


@cache
def legislation() -> Legislation:
    """The vocabulary, loaded once per process."""
    return Legislation(parse_entries())
