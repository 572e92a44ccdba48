"""What a government site's address says about who runs it: divisions and departments in pinyin.

Chinese government sites name their division in the host, right to left from ``gov.cn``: the
province (``tj``, ``gd``, ``jiangsu``), then the city or county (``cqwl``: 重庆 + 武隆;
``heshan``, ``suining``), and often the department in front (``sfj.heshan.gov.cn``: 司法局;
``kxjs.tj.gov.cn``: 科学技术). Division names are matched by the pinyin of their short names in
the division table (full syllables, or initials under a division already matched, since two
letters alone are ambiguous across the country); department abbreviations come from
``vocab/host_words.tsv``.

>>> hints = host_hints("https://sfj.heshan.gov.cn/zwgk/1.html", "鹤山市司法局召开会议")
>>> [r.name for r in hints.regions], hints.agency_type
(['鹤山市'], '司法局')
>>> host_hints("https://sfj.heshan.gov.cn/zwgk/1.html").regions  # 鹤山市 or 鹤壁's 鹤山区: the page must say
[]
>>> [r.name for r in host_hints("https://kxjs.tj.gov.cn/a.html").regions]
['天津市']
>>> [r.name for r in host_hints("http://www.cqwl.gov.cn/a.html").regions]
['重庆市', '武隆区']
>>> host_hints("file:///tmp/a.txt").regions
[]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlparse

from fazhi.ontology import data_file
from fazhi.ontology.regions import Region, regions
from fazhi.ontology.tsv import read_rows

#: Host labels that say nothing about the publisher.
_GENERIC = {"www", "gov", "cn", "com", "org", "net", "zwgk", "xxgk", "wap", "m", "web", "portal", "site", "xxgkml", "zfxxgk"}


@dataclass(frozen=True)
class HostHints:
    """Divisions (broadest first) and a department the host of a page's address names."""

    regions: list[Region] = field(default_factory=list)
    agency_type: str | None = None
    label: str = ""  # the host labels read, for the evidence


def host_hints(url: str, text: str = "") -> HostHints:
    """Divisions and a department named by the host of ``url`` (empty for files and foreign sites).

    Where a label's pinyin fits several divisions (heshan: 鹤山市, 鹤山区), the one whose name
    ``text`` (the page) contains is taken, if only one is.
    """
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        return HostHints()
    labels = parsed.hostname.lower().split(".")
    if "gov" not in labels:
        return HostHints()
    labels = [x for x in labels[: labels.index("gov")] if x not in _GENERIC and not x.isdigit()]
    chain: list[Region] = []
    agency_type = None
    for label in reversed(labels):  # the province first
        found = _regions_in(label, chain[-1] if chain else None, text)
        if found:
            chain.extend(found)
            continue
        if agency_type is None:
            agency_type = _host_words().get(label)
    return HostHints(chain, agency_type, ".".join(labels))


def _regions_in(label: str, parent: Region | None, text: str) -> list[Region]:
    """The divisions one host label names: ``heshan``, ``tj``, or ``cqwl`` (重庆 then 武隆)."""
    whole = _match(label, parent, text)
    if whole is not None:
        return [whole]
    for cut in range(2, len(label) - 1):  # two names in one label: cq + wl, jiangmen + heshan
        head = _match(label[:cut], parent, text)
        if head is not None:
            tail = _match(label[cut:], head, text)
            if tail is not None:
                return [head, tail]
    return []


def _match(label: str, parent: Region | None, text: str = "") -> Region | None:
    """The one division whose short name's pinyin (or, under ``parent`` or for a province, its
    initials) is ``label``; None when none or several are."""
    index = _pinyin_index()
    if parent is None:
        found = index["full"].get(label, []) + [r for r in index["initials"].get(label, []) if r.level == "province"]
    else:
        found = [r for r in index["full"].get(label, []) + index["initials"].get(label, []) if _under(r, parent)]
    unique = {r.code: r for r in found}
    if len(unique) > 1 and text:  # the full name on the page first (鹤山市), then the short one (鹤山)
        unique = {code: r for code, r in unique.items() if r.name in text} or {
            code: r for code, r in unique.items() if r.short in text
        }
    return next(iter(unique.values())) if len(unique) == 1 else None


def _under(region: Region, parent: Region) -> bool:
    return any(a.code == parent.code for a in regions().path(region)[1:])


@cache
def _pinyin_index() -> dict[str, dict[str, list[Region]]]:
    full: dict[str, list[Region]] = {}
    initials: dict[str, list[Region]] = {}
    for region in regions().by_code.values():
        if not region.pinyin:
            continue
        full.setdefault("".join(region.pinyin), []).append(region)
        if len(region.pinyin) >= 2:
            initials.setdefault("".join(s[0] for s in region.pinyin), []).append(region)
    return {"full": full, "initials": initials}


@cache
def _host_words() -> dict[str, str]:
    """Department abbreviations in host names (sfj → 司法局), from ``vocab/host_words.tsv``."""
    rows = read_rows(data_file("vocab", "host_words.tsv"), ("word", "agency_type"))
    return {row["word"]: row["agency_type"] for _, row in rows}
