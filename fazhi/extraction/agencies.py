"""Agencies a report names: 宜春市公安局, 区人大常委会, 市司法局, 司法部.

A name is an agency type from the vocabulary (or one of its short forms) preceded by a place
(宜春市, 重庆市梁平区, 广西壮族自治区) or by a one-character relative prefix (市, 区, 县 …)
that stands for the reader's own division. Bodies of the State Council need neither
(司法部, 国家税务总局). Types written with no place (司法局 alone) are not agencies one can
identify and are skipped, as are collective forms (各区司法局, 全市公安机关).

>>> [(a.surface, a.type.label, a.relative) for a in find_agencies("在区人大常委会和市司法局的监督下，宜春市公安局与司法部")]
[('区人大常委会', '人民代表大会常务委员会', 'county'), ('市司法局', '司法局', 'city'), ('宜春市公安局', '公安局', None), ('司法部', '司法部', None)]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import ahocorasick

from fazhi.ontology.agencies import AgencyType, agency_types
from fazhi.ontology.regions import Region, Regions, regions

#: One-character (or 自治区/自治州) prefixes that name the reader's own division, by level.
RELATIVE_PREFIXES: dict[str, str] = {
    "自治区": "province",
    "自治州": "city",
    "省": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "区": "county",
    "县": "county",
    "旗": "county",
}
#: Characters before a relative prefix that make it collective or part of another word (各区, 全市, 城市).
_NOT_BEFORE_RELATIVE = set("各全本该每城都县省市区州")
_LONGEST_PLACE = 16
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class AgencyMention:
    """One agency named in a text: where, which type, and where it sits."""

    start: int
    end: int
    surface: str
    type: AgencyType
    place: str
    """The place words before the type as written ('' for relative and national names)."""
    regions: tuple[Region, ...]
    """The divisions ``place`` can name: one when certain, several when ambiguous (鼓楼区)."""
    relative: str | None
    """``province``, ``city`` or ``county`` when the name is relative (市司法局), else None."""

    @property
    def region(self) -> Region | None:
        """The division, when the place names exactly one."""
        return self.regions[0] if len(self.regions) == 1 else None


@dataclass(frozen=True)
class Agency:
    """A canonical agency: full name, type and region (None for bodies of the State Council)."""

    name: str
    type: AgencyType
    region: Region | None


def canonical(mention: AgencyMention, home: list[Region]) -> Agency | None:
    """The agency a mention names, reading relative names (区司法局) against the report's region path.

    ``home`` is the path of the report's own division, county first. Returns None when the name
    cannot be pinned down: a relative name in a report of unknown region, or an ambiguous place
    (鼓楼区) with no division of that name inside the report's own path.

    >>> table = regions()
    >>> home = table.path(table.by_code["500155"])
    >>> [canonical(m, home).name for m in find_agencies("区人大常委会、市司法局、司法部")]
    ['重庆市梁平区人民代表大会常务委员会', '重庆市司法局', '司法部']
    """
    table = regions()
    if mention.relative:
        region = next(
            (r for r in home if r.level == mention.relative or (mention.relative == "city" and r.is_municipality)), None
        )
    elif mention.regions:
        region = mention.region or _closest(mention.regions, home, table)
    elif mention.type.tier == "ministry":
        return Agency(mention.type.label, mention.type, None)
    else:
        return None
    if region is None:
        return None
    return Agency(full_name(region, table) + mention.type.label, mention.type, region)


def _closest(candidates: tuple[Region, ...], home: list[Region], table: Regions) -> Region | None:
    """The one candidate that shares the most of the report's own path (市中区 in a 枣庄 report), if any."""
    own = {h.code for h in home}
    scored = sorted(((len({a.code for a in table.path(r)} & own), r.code, r) for r in candidates), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][2]


def full_name(region: Region, table: Regions | None = None) -> str:
    """The name an agency of ``region`` carries: 重庆市梁平区, 枣庄市市中区, 新县, 绍兴市."""
    table = regions() if table is None else table
    path = table.path(region)
    if region.level == "county" and region.name.endswith("区") and len(path) > 1:
        return path[1].name + region.name
    return region.name


def find_agencies(text: str) -> list[AgencyMention]:
    """Every agency name in ``text``, in order; overlapping candidates keep the longest type."""
    table = regions()
    out = []
    taken_until = 0
    for start, end, label in _type_spans(text):
        if start < taken_until:
            continue
        agency_type = agency_types().lookup(label)
        assert agency_type is not None
        place_start, chain = _place_before(text, start, table)
        if chain:
            candidates = narrow(chain, table)
            out.append(
                AgencyMention(
                    place_start, end, text[place_start:end], agency_type, text[place_start:start], tuple(candidates), None
                )
            )
            taken_until = end
            continue
        relative = _relative_before(text, start)
        if relative is not None:
            prefix, level = relative
            out.append(AgencyMention(start - len(prefix), end, text[start - len(prefix) : end], agency_type, "", (), level))
            taken_until = end
        elif agency_type.tier == "ministry" and agency_type.label not in ("人民政府办公厅",) and not _glued(text, start, end):
            out.append(AgencyMention(start, end, text[start:end], agency_type, "", (), None))
            taken_until = end
    return out


def _type_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of agency-type labels and short forms, longest first where they overlap."""
    hits = [(end + 1 - len(label), end + 1, label) for end, label in _type_automaton().iter(text)]
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    chosen: list[tuple[int, int, str]] = []  # kept sorted by start; never overlapping
    starts: list[int] = []
    for hit in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        i = bisect_left(starts, hit[0])
        if (i > 0 and chosen[i - 1][1] > hit[0]) or (i < len(chosen) and chosen[i][0] < hit[1]):
            continue  # overlaps a longer label already chosen
        starts.insert(i, hit[0])
        chosen.insert(i, hit)
    return chosen


@cache
def _type_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for label in agency_types().by_label:
        if len(label) >= 2:
            automaton.add_word(label, label)
    automaton.make_automaton()
    return automaton


def _place_before(text: str, end: int, table: Regions) -> tuple[int, list[list[Region]]]:
    """The longest run of division names that ends at ``end`` (重庆市梁平区), parsed."""
    for start in range(max(0, end - _LONGEST_PLACE), end - 1):
        chain = parse_place(text[start:end], table)
        if chain is None:
            continue
        first = chain[0][0]
        written_short = text[start:].startswith(first.short) and not text[start:].startswith(first.name)
        if written_short and start > 0 and _HAN.match(text[start - 1]) and text[start - 1] not in "和与及、在由对向经":
            continue  # a short name glued to other words (…保障安县…) is not a place
        return start, chain
    return end, []


def parse_place(words: str, table: Regions | None = None, *, lenient: bool = False) -> list[list[Region]] | None:
    """Split ``words`` into successive division names, each as all divisions of that name.

    Strict (the default), the words must be division names and nothing else. ``lenient`` reads
    the names among other words (重庆市梁平区科技 → 重庆市, 梁平区), keeps a short name only
    where it stands alone or before its suffix, and narrows each name to the divisions inside
    the one before it: the one parser of region chains for agencies and publishers.

    >>> [[r.code for r in level] for level in parse_place("重庆市梁平区")]
    [['500000'], ['500155']]
    >>> parse_place("梁平区科技") is None
    True
    >>> [[r.code for r in level] for level in parse_place("重庆市梁平区科技", lenient=True)]
    [['500000'], ['500155']]
    """
    table = regions() if table is None else table
    chain: list[list[Region]] = []
    i = 0
    while i < len(words):
        if words[i : i + 2] not in table.heads:  # no name starts here (most places a parser looks)
            if not lenient:
                return None
            i += 1
            continue
        for j in range(min(len(words), i + 12), i + 1, -1):
            found = table.named(words[i:j])
            if not found:
                continue
            if lenient:
                whole = j - i >= 3 or found[0].name == words[i:j] or j == len(words) or words[j] in "省市区县州盟旗"
                if not whole:
                    continue
                if chain:
                    parents = {r.code for r in chain[-1]}
                    found = [r for r in found if parents & {a.code for a in table.path(r)[1:]}] or found
            chain.append(found)
            if j < len(words) and words[j] in "省市区县州盟旗" and any(r.short == words[i:j] for r in found):
                j += 1  # 梁平 + 县: a former suffix on a current short name
            i = j
            break
        else:
            if not lenient:
                return None
            i += 1
    return chain or None


def narrow(chain: list[list[Region]], table: Regions) -> list[Region]:
    """The divisions of the chain's last name that lie inside the names before it (重庆市 + 梁平区).

    A name that lies inside none of them names no place of theirs (中山市火炬开发区 is not 威海's
    火炬 zone; 阿拉善左旗巴彦浩特 is not 黑龙江's 巴彦县): the names before it stand.

    >>> [r.code for r in narrow(parse_place("重庆市梁平区"), regions())], [r.code for r in narrow(parse_place("中山市火炬开发区"), regions())]
    (['500155'], ['442000'])
    """
    if len(chain) == 1:
        return chain[0]
    outer = narrow(chain[:-1], table)
    codes = {r.code for r in outer}
    inside = [r for r in chain[-1] if codes & {a.code for a in table.path(r)[1:]}]
    return inside or outer


def _relative_before(text: str, start: int) -> tuple[str, str] | None:
    for prefix in sorted(RELATIVE_PREFIXES, key=len, reverse=True):
        if text.endswith(prefix, 0, start):
            before = start - len(prefix) - 1
            if before >= 0 and (
                text[before] in _NOT_BEFORE_RELATIVE or (_HAN.match(text[before]) and not _boundary_word(text, before))
            ):
                return None
            return prefix, RELATIVE_PREFIXES[prefix]
    return None


_BOUNDARY_WORDS = (
    "和",
    "与",
    "及",
    "同",
    "由",
    "向",
    "对",
    "经",
    "在",
    "我",
    "是",
    "的",
    "了",
    "将",
    "从",
    "与",
    "会同",
    "联合",
    "配合",
    "协调",
    "牵头",
    "邀请",
    "报送",
    "提请",
    "召开",
    "组织",
)


def _boundary_word(text: str, before: int) -> bool:
    """Whether the words ending at ``before`` (inclusive) end a phrase: 和, 由, 我, 会同 …"""
    return any(text.endswith(word, 0, before + 1) for word in _BOUNDARY_WORDS)


def _glued(text: str, start: int, end: int) -> bool:
    """Whether a national body's name is part of a longer word (司法部门, 省司法部, 国办发〔2021〕)."""
    return (start > 0 and text[start - 1] in "省市区县州") or text[end : end + 1] in ("门", "署", "发", "函")
