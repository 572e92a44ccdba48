"""The agency-type vocabulary (``vocab/agency_types.tsv``): formal names, short forms, tiers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from fazhi.errors import FazhiError
from fazhi.ontology import data_file
from fazhi.ontology.tsv import read_rows, split_list

COLUMNS = ("label", "aliases", "tier", "en")
TIERS = ("government", "department", "ministry", "party", "congress", "cppcc", "judicial", "other")


@dataclass(frozen=True)
class AgencyType:
    """A kind of agency: 科学技术局 (aliases 科技局), tier ``department``."""

    label: str
    aliases: tuple[str, ...]
    tier: str
    en: str


class AgencyTypes:
    """All agency types, with a lookup from any label to its type."""

    def __init__(self, types: list[AgencyType]) -> None:
        self.types = types
        self.by_label: dict[str, AgencyType] = {}
        for t in types:
            for label in (t.label, *t.aliases):
                other = self.by_label.get(label)
                if other is not None and other is not t:
                    raise FazhiError(f"agency_types.tsv: {label!r} names both {other.label!r} and {t.label!r}")
                self.by_label[label] = t

    def lookup(self, name: str) -> AgencyType | None:
        """The type that ``name`` is the label or alias of."""
        return self.by_label.get(name)

    def longest_suffix(self, name: str) -> tuple[str, AgencyType] | None:
        """The longest label or alias that ``name`` ends with, and its type.

        >>> agency_types().longest_suffix("梁平区科技局")[1].label
        '科学技术局'
        """
        for i in range(len(name)):
            t = self.by_label.get(name[i:])
            if t is not None:
                return name[i:], t
        return None


@cache
def agency_types() -> AgencyTypes:
    """The vocabulary, loaded once per process."""
    file = data_file("vocab", "agency_types.tsv")
    types = []
    for number, row in read_rows(file, COLUMNS):
        if row["tier"] not in TIERS:
            raise FazhiError(f"agency_types.tsv:{number}: tier {row['tier']!r} is not one of {' '.join(TIERS)}")
        types.append(AgencyType(row["label"], tuple(split_list(row["aliases"])), row["tier"], row["en"]))
    return AgencyTypes(types)
