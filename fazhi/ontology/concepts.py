"""SKOS vocabularies of report items, read from ``vocab/``: parts, areas, reforms, problems, indicators.

Each row of those files is one concept: a stable ``id`` (a-z, 0-9, '-': its IRI's last segment), a
Chinese ``label``, the words that signal it in a text (``terms``: cues, keywords or aliases),
an English label and, per file, one more column (``extra``: a part's item class, a reform's
area, an indicator's unit).

>>> [c.id for c in scheme("parts").concepts][:2]
['other', 'responsibility']
>>> scheme("reforms").by_id["at-most-one-trip"].label
'最多跑一次'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from fazhi.errors import FazhiError
from fazhi.ontology import data_file
from fazhi.ontology.tsv import read_rows, split_list

#: A concept's id: the last segment of its IRI, written as is (``fazhi.graph.iris.Iris.concept``).
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")

#: file → (its columns, the column of terms, the extra column or None)
SCHEMES: dict[str, tuple[tuple[str, ...], str, str | None]] = {
    "parts": (("id", "label", "cues", "class", "en"), "cues", "class"),
    "areas": (("id", "label", "keywords", "en"), "keywords", None),
    "reforms": (("id", "label", "aliases", "area", "en"), "aliases", "area"),
    "problems": (("id", "label", "keywords", "en"), "keywords", None),
    "indicators": (("id", "label", "unit", "cues", "en"), "cues", "unit"),
    "qualifiers": (("id", "label", "group", "cues", "en"), "cues", "group"),
}


@dataclass(frozen=True)
class Concept:
    """One concept of a scheme."""

    scheme: str
    id: str
    label: str
    terms: tuple[str, ...]
    en: str
    extra: str = ""


@dataclass(frozen=True)
class Scheme:
    """All concepts of one vocabulary file, in file order."""

    name: str
    concepts: tuple[Concept, ...]

    @cached_property
    def by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}


@cache
def scheme(name: str) -> Scheme:
    """The vocabulary ``vocab/{name}.tsv``, loaded once per process."""
    if name not in SCHEMES:
        raise FazhiError(f"no vocabulary named {name!r}; known: {', '.join(SCHEMES)}")
    columns, terms, extra = SCHEMES[name]
    concepts = []
    seen: set[str] = set()
    for number, row in read_rows(data_file("vocab", f"{name}.tsv"), columns):
        if not _ID.fullmatch(row["id"]) or row["id"] in seen:
            raise FazhiError(f"{name}.tsv:{number}: id {row['id']!r} must be unique, in a-z, 0-9 and '-'")
        seen.add(row["id"])
        concepts.append(
            Concept(name, row["id"], row["label"], tuple(split_list(row[terms])), row["en"], row[extra] if extra else "")
        )
    return Scheme(name, tuple(concepts))
