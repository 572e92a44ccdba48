"""Who published a report, where, and for which year: from its title, metadata block and text.

Nothing is guessed: a region whose name is ambiguous (市中区 ×4) is decided by the page's
evidence (division codes in 索引号 or 网站标识码, other place names), or left unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

import ahocorasick

from fazhi.extraction.agencies import RELATIVE_PREFIXES, AgencyMention, find_agencies, full_name, narrow, parse_place
from fazhi.extraction.hosts import HostHints, host_hints
from fazhi.extraction.identifiers import find_credit_codes, is_credit_code
from fazhi.extraction.ingest import Document
from fazhi.extraction.record import EvidenceRef as Evidence
from fazhi.ontology.agencies import AgencyType, agency_types
from fazhi.ontology.regions import Region, Regions, regions

#: A year in digits or, as formal documents write it, in Chinese numerals (二〇二二).
_YEAR = r"(?:19|20)\d{2}|二[〇零][〇零一二三四五六七八九]{2}"
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_YEAR_IN_TITLE = re.compile(rf"({_YEAR})\s*(?:年度|年)")
_YEAR_OPENING = re.compile(rf"({_YEAR})\s*年度?\s*(?:[,，、]|以来|是|上半年|全年|全|我|在|以|省|市|区|县|州|镇|乡|街道|法治)")
_ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．])")
_YEAR_IN_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*、\s*((?:19|20)\d{2})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})")
_CLOSING_DATE = re.compile(r"(?:^|\n)[ \t\u3000]*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*\d{1,2}\s*日[ \t\u3000]*(?=\n|$)")
_TITLE_WORDS = re.compile(r"法治政府|依法行政|法治建设|法治.{0,6}建设")
_TITLE_FORM = re.compile(r"报告|情况|总结|工作")
_GOVERNMENT = "人民政府"


@dataclass
class Publisher:
    """The publishing agency as far as the page tells: full name, type, region."""

    name: str | None = None
    type: str | None = None
    region: Region | None = None
    written: str | None = None  # the name as the page writes it
    named: tuple[AgencyMention, ...] = ()
    """Every agency the page names (the publisher among them, where it names itself)."""
    identifier: Evidence | None = None
    """The publisher's 统一社会信用代码, from the head of the 索引号."""
    locality: str = ""
    """For a street office, town or township: its own name (金龙 of 金龙街道办事处)."""
    signals: tuple[Evidence, ...] = ()
    """Where the region or type came from when the name on the page did not say (the site's address)."""


def report_title(doc: Document) -> str | None:
    """The report's title: the metadata block's, the page's, or a title-like line near the top."""
    if doc.title:
        return doc.title.strip()
    for line in doc.text.split("\n")[:15]:
        s = line.strip()
        if _ENUMERATED.match(s) or re.search(r"[，,。；]", s):
            continue
        if 6 <= len(s) <= 60 and _TITLE_WORDS.search(s) and _TITLE_FORM.search(s) and not s.endswith(("。", "：", ":", "；")):
            return re.sub(r"\s+", "", s)
    return None


def report_year(doc: Document, title: str | None) -> int | None:
    """The year the report covers: from the title, the opening sentences, or the publish date − 1."""
    found = year_evidence(doc, title)
    return int(found.value) if found else None


def year_evidence(doc: Document, title: str | None) -> Evidence | None:
    """The year the report covers and the words it was read from.

    A 2023 report published in 2024 covers 2023: a date alone (成文日期 2024-03-01, or the date the
    report is signed with at its end) gives the year before it when it falls in the first half of
    the year. Years may be written in Chinese numerals (二〇二二年).
    """
    text = doc.text
    if title:
        m = _YEAR_IN_TITLE.search(title)
        if m:
            at = text.find(title)
            span = (at + m.start(1), at + m.end(1)) if at >= 0 else _locate(text, m.group(0))
            return Evidence("year", m.group(1).translate(_YEAR_DIGITS), *span)
    offset = 0
    opening = text[:600]
    if title and title in opening:
        offset = opening.index(title) + len(title)
        opening = opening[offset:]
    m = _YEAR_OPENING.search(opening)
    if m:
        return Evidence("year", m.group(1).translate(_YEAR_DIGITS), offset + m.start(1), offset + m.end(1))
    at = 0
    for line in text[:3000].split("\n"):
        heading = _YEAR_IN_HEADING.match(line)
        if heading:  # 一、2022年法治政府建设主要举措和成效
            return Evidence("year", heading.group(1), at + heading.start(1), at + heading.end(1))
        at += len(line) + 1
    for key in ("written", "published"):
        value = doc.metadata.get(key)
        d = _DATE.search(value or "")
        if d:
            return Evidence("year", _covered(d), *_locate(text, value or ""))
    tail = max(0, len(text) - 400)
    dated = [*_CLOSING_DATE.finditer(text, tail)]
    if dated:  # the date the report is signed with, on a line of its own at the end: 2023年1月10日
        return Evidence("year", _covered(dated[-1]), dated[-1].start(1), dated[-1].end(1))
    return None


def _covered(date: re.Match[str]) -> str:
    """The year a report dated so covers (groups: year, month): the year before, in the first half of a year."""
    year, month = int(date.group(1)), int(date.group(2))
    return str(year - 1 if month <= 6 else year)


def metadata_evidence(doc: Document) -> list[Evidence]:
    """Each field of the metadata block with where its value stands in the text, if it does."""
    return [Evidence(key, value, *_locate(doc.text, value)) for key, value in sorted(doc.metadata.items()) if value]


def _locate(text: str, value: str) -> tuple[int | None, int | None]:
    at = text.find(value) if value else -1
    return (at, at + len(value)) if at >= 0 else (None, None)


def find_publisher(doc: Document, title: str | None) -> Publisher:
    """The publishing agency from the title, else the metadata block, else the opening sentence.

    Where the name leaves the type or the region open (我局, 市公安局, 市文广旅局), the agencies
    the page names in full decide it (《宜春市公安局…方案》), then its other place names.
    """
    named = find_agencies(doc.text)
    hints = host_hints(doc.source, "\n".join([doc.title or "", doc.text[:3000], doc.footer]))
    found = _identify(doc, title, named, hints)
    signals = _host_signals(found, hints)
    if found.region is None or found.type is None:
        # 区司法局 at the top, 重庆市武隆区司法局 and a date at the bottom: the signature says who.
        signature = _signature(doc)
        if signature is not None:
            signed = _identify(doc, None, named, hints, written=signature[0])
            if signed.region is not None and signed.type is not None and found.type in (None, signed.type):
                found = signed
                signals = (Evidence("publisher", signature[0], *signature[1:]),)
    return replace(found, named=tuple(named), identifier=_credit_code(doc), signals=signals)


_SIGNATURE = re.compile(
    r"(?:^|\n)[ \t\u3000]*([\u4e00-\u9fff（）()]{3,40}?)[ \t\u3000]*\n?[ \t\u3000]*"
    r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}-\d{1,2}-\d{1,2})[ \t\u3000]*(?:\n|$)"
)


def _breadcrumb_agency(trail: str) -> str | None:
    """The most specific agency a breadcrumb names (首页 > 部门信息 > 区司法局 > 通知公告 → 区司法局)."""
    for part in reversed(trail.split(" > ") if trail else []):
        name = re.sub(r"\s+", "", part)
        if len(name) >= 3 and _split(name)[1] is not None and not name.endswith(("信息公开", "网站")):
            return name
    return None


def _signature(doc: Document) -> tuple[str, int, int] | None:
    """The agency that signs the report at its end (重庆市武隆区司法局 above 2022年1月20日), with its span."""
    tail_start = max(0, len(doc.text) - 400)
    found = None
    for m in _SIGNATURE.finditer(doc.text, tail_start):
        name = m.group(1)
        if _split(name)[1] is not None:
            found = (name, m.start(1), m.end(1))
    return found


def _host_signals(found: Publisher, hints: HostHints) -> tuple[Evidence, ...]:
    """Evidence for the region and type that only the site's address gave."""
    out = []
    written = found.written or ""
    if found.region is not None and any(r.code == found.region.code for r in hints.regions):
        if not any(name in written for name in (found.region.name, found.region.short)):
            out.append(Evidence("publisher_region", f"{found.region.name} (site address {hints.label}.gov.cn)", None, None))
    if found.type and hints.agency_type and found.type.startswith(hints.agency_type[:-1]) and found.type not in written:
        out.append(Evidence("publisher_type", f"{found.type} (site address {hints.label}.gov.cn)", None, None))
    return tuple(out)


def _credit_code(doc: Document) -> Evidence | None:
    """The 统一社会信用代码 at the head of the 索引号 (11500155MB…/2021-00012), when its check character holds."""
    index = doc.metadata.get("index_number", "")
    codes = find_credit_codes(index[:18])
    if not codes:
        return None
    code = codes[0][2]
    return Evidence("identifier", code, *_locate(doc.text, code))


def _identify(
    doc: Document,
    title: str | None,
    named: list[AgencyMention],
    hints: HostHints | None = None,
    *,
    written: str | None = None,
) -> Publisher:
    hints = hints or HostHints()
    table = regions()
    types = agency_types()
    locality = ""
    written = (
        written
        or (_name_in_title(title) if title else None)
        or doc.metadata.get("publisher")
        or doc.metadata.get("source_name")
        or _breadcrumb_agency(doc.metadata.get("breadcrumb", ""))
        or _name_in_opening(doc.text)
        or _site_department(doc.site)
    )
    formal = written  # the name with its formal type: 华侨路街道 → 华侨路街道办事处
    if written is None or re.fullmatch(r"[我本](?:局|委|厅|办)", written):
        # 我局: the page's own words tell the level (在市委、市政府领导下) and the type (省X厅指导).
        level = _superiors_level(doc.text)
        agency_type = _counterpart_type(doc.text)
        issuer = _own_issuer(doc.text, named, written, level) if agency_type is None else None
        if issuer is not None:
            agency_type, level = issuer.type, None
            region_part = issuer.place
        else:
            region_part = ""
            if agency_type is None and hints.agency_type and (written is None or written[-1] == hints.agency_type[-1]):
                agency_type = types.lookup(hints.agency_type)  # 我局 on sfj.heshan.gov.cn: the 司法局
    else:
        formal = _formal(written)
        region_part, agency_type = _split(formal)
        level = _relative_level(region_part)
        if agency_type is not None and (
            agency_type.label in SUBCOUNTY or (agency_type.label in _ZONES and not _one_place(region_part, table))
        ):
            region_part, locality = _locality(formal, agency_type, table)
            level = _relative_level(region_part) or ("county" if not region_part else None)
        branch = _branch(written, doc, table, hints) if agency_type is None else None
        if branch is not None:
            return branch
        if agency_type is None and not parse_place(region_part, table) and level is None:
            # 市文广旅局: a short form the vocabulary does not know; a full name on the page may expand it.
            level = _relative_level(written[:1]) or _relative_level(written[:3])
            expansion = _expansion(written, named, level)
            if expansion is None:
                return Publisher(written=written)
            agency_type, region_part, level = expansion.type, expansion.place, None
        if agency_type is None and (parse_place(region_part, table) or level):
            agency_type = types.lookup(_GOVERNMENT)  # a region as the subject (黑龙江省坚持…) stands for its government
    if agency_type is not None and agency_type.tier == "ministry":
        return Publisher(name=agency_type.label, type=agency_type.label, region=None, written=written)
    region = _town_county(region_part, locality, agency_type, doc, table, hints) if locality and agency_type else None
    region = region or _resolve_region(region_part, doc, table, agency_type, level, named, hints)
    if agency_type is None and region is not None and written is None and hints.agency_type:
        agency_type = types.lookup(hints.agency_type)  # nothing on the page names it: the site's department
    agency_type = _provincial(agency_type, region)
    type_label = agency_type.label if agency_type else None
    if region is None:
        name = None
        if formal and type_label:
            name = formal if _split(formal)[1] else formal + type_label  # 通州区 → 通州区人民政府
        return Publisher(name=name, type=type_label, region=None, written=written, locality=locality)
    name = full_name(region, table) + locality + (type_label or "")
    return Publisher(name=name, type=type_label, region=region, written=written, locality=locality)


#: Governments below the county: their own name (金龙街道, 金带镇) is part of who they are.
SUBCOUNTY = ("街道办事处", "镇人民政府", "乡人民政府")
#: … and the committees of zones that are no division (中山市火炬开发区管委会): the zone's name.
_ZONES = ("管理委员会",)


def _one_place(words: str, table: Regions) -> bool:
    """Whether ``words`` are division names, each inside the one before (重庆市梁平区; not
    中山市火炬开发区, whose 火炬开发区 is 威海's)."""
    chain = parse_place(words, table) if words else None
    return chain is not None and set(narrow(chain, table)) <= set(chain[-1])


def _locality(written: str, agency_type: AgencyType, table: Regions) -> tuple[str, str]:
    """Split 鲤城区人民政府金龙街道办事处 into the county part (鲤城区) and the locality (金龙).

    A name that is all locality (鼓楼街道办事处) has no county part: 鼓楼 is the street, not a district.
    """
    head = re.sub(r"\s+", "", written)
    for label in (agency_type.label, *agency_type.aliases):
        if head.endswith(label):
            head = head[: -len(label)]
            break
    head = head.removesuffix("街道").removesuffix("镇").removesuffix("乡")
    if _GOVERNMENT in head:
        county, _, locality = head.partition(_GOVERNMENT)
        return county, locality
    kind = _TOWN_KIND.get(agency_type.label)
    first = None  # the longest place before the locality, unless the table of towns says otherwise
    for cut in range(len(head) - 1, 0, -1):
        if head[:cut] in RELATIVE_PREFIXES:
            return head[:cut], head[cut:]
        chain = parse_place(head[:cut], table)
        if chain is None:
            continue
        first = first or (head[:cut], head[cut:])
        within = {r.code for r in narrow(chain, table)}
        if kind and any(within & {a.code for a in table.path(c)} for c in table.towns_named(head[cut:] + kind)):
            return head[:cut], head[cut:]  # 阿拉善左旗|巴彦浩特镇, not 阿拉善左旗巴彦|浩特镇
    return first or ("", head)


def _formal(written: str) -> str:
    """A street office, town or township named without its type's last words (鼓楼区华侨路街道,
    双合镇), as its formal name (…街道办事处, …镇人民政府); any other name as written.

    >>> _formal("南京市鼓楼区华侨路街道"), _formal("双合镇"), _formal("区司法局"), _formal("城乡"), _formal("各乡镇")
    ('南京市鼓楼区华侨路街道办事处', '双合镇人民政府', '区司法局', '城乡', '各乡镇')
    """
    name = re.sub(r"\s+", "", written)
    if name[:1] in "各全本我该每" or "乡镇" in name:  # 各乡镇, 全街道: not one of them
        return written
    if name.endswith("街道") and len(name) >= 4:  # a name of two characters or more: not 我街道
        return name + "办事处"
    if name.endswith(("镇", "乡")) and len(name) >= 3 and not name.endswith(("城镇", "城乡")):
        return name + "人民政府"
    return written


#: A city bureau's branch in one of its districts or counties: 杭州市公安局西湖区分局.
_BRANCH = "分局"


def _bureaus(body: str) -> Iterator[tuple[int, str, AgencyType]]:
    """Where a city's bureau may end in the words before 分局 (市公安局|西湖区), last first: the
    end, the words naming the bureau type (公安局) and that type."""
    types = agency_types()
    for cut in range(len(body) - 1, 1, -1):
        hit = types.longest_suffix(body[:cut])
        if hit is not None and hit[1].label.endswith("局") and hit[1].tier != "ministry":
            yield cut, hit[0], hit[1]


def _bureau_before(name: str) -> bool:
    """Whether a bureau (…局) stands before the district in a branch's name: 市公安局西湖区分局."""
    return next(_bureaus(name[: -len(_BRANCH)]), None) is not None


def _branch(written: str, doc: Document, table: Regions, hints: HostHints) -> Publisher | None:
    """A city bureau's branch that serves a district or county (杭州市公安局西湖区分局,
    湘潭市生态环境局湘潭县分局, 北京市公安局朝阳分局): the bureau's own type with 分局 for 局
    (公安分局) in the district's region, named by the city, the bureau and the district's full name.
    None when the words before 分局 are not a bureau and one of its city's districts.
    """
    name = re.sub(r"\s+", "", written)
    if not name.endswith(_BRANCH):
        return None
    body = name[: -len(_BRANCH)]
    for cut, words, bureau in _bureaus(body):
        city_part, place = body[: cut - len(words)], body[cut:]
        relative = _relative_level(city_part) == "city"  # 市公安局西湖区分局: the page says which 市
        cities = parse_place(city_part, table) if city_part and not relative else None
        districts = parse_place(place, table) or parse_place(place, table, lenient=True)
        if not (cities or relative) or not districts:
            continue
        city_codes = {r.code for r in narrow(cities, table)} if cities else None
        under = [
            r
            for r in narrow(districts, table)
            if r.level == "county" and (city_codes is None or city_codes & {a.code for a in table.path(r)[1:]})
        ]
        region = _decide(under, doc, table, hints) if under else None
        if region is None:
            continue
        city = table.path(region)[1]
        type_label = bureau.label[:-1] + _BRANCH
        return Publisher(
            name=full_name(city, table) + bureau.label + region.name + _BRANCH, type=type_label, region=region, written=written
        )
    return None


def _town_county(
    part: str, locality: str, agency_type: AgencyType, doc: Document, table: Regions, hints: HostHints
) -> Region | None:
    """The county of a street office, town or township (华侨路 → 南京市鼓楼区) from the table of
    towns: the one county that has a town of that name, within the region the name gives
    (鼓楼区: there are four), decided by the page where several fit."""
    kind = _TOWN_KIND.get(agency_type.label)
    if kind is None:
        return None
    counties = table.towns_named(locality + kind)
    named = part and part not in RELATIVE_PREFIXES  # 鼓楼区, not 区
    chain = (parse_place(part, table) or parse_place(part, table, lenient=True)) if named else None
    if chain:
        within = {r.code for r in narrow(chain, table)}
        counties = [c for c in counties if within & {a.code for a in table.path(c)}]
    if len(counties) > 1:  # the county, or a place above it, on the page or in its address
        hosted = {r.code for r in hints.regions}
        evidence = _place_names(doc, table)
        counties = [
            c for c in counties if hosted & {a.code for a in table.path(c)} or any(evidence.get(a, 0) for a in table.path(c))
        ]
    return counties[0] if len(counties) == 1 else None


_TOWN_KIND = {"镇人民政府": "镇", "乡人民政府": "乡", "街道办事处": "街道"}


def _provincial(agency_type: AgencyType | None, region: Region | None) -> AgencyType | None:
    """A province's department is its 厅 (科学技术厅), a municipality's and a city's its 局."""
    if agency_type is None or region is None or region.level != "province" or region.is_municipality:
        return agency_type
    if agency_type.label.endswith("局"):
        return agency_types().lookup(agency_type.label[:-1] + "厅") or agency_type
    return agency_type


def _relative_level(region_part: str) -> str | None:
    return RELATIVE_PREFIXES.get(region_part.strip())


_SUPERIORS = re.compile(r"(自治区|省|市|区|县|州)党?委[、和及]?(?:\1)?(?:人民)?政府")


def _superiors_level(text: str) -> str | None:
    """The level of the report's own division, from the leaders it thanks (在市委、市政府的领导下)."""
    m = _SUPERIORS.search(text[:1500])
    return RELATIVE_PREFIXES[m.group(1)] if m else None


_COUNTERPART = re.compile(r"省([\u4e00-\u9fff]{2,12}?)厅(?:的|等)?[^。]{0,12}?指导")


def _counterpart_type(text: str) -> AgencyType | None:
    """我局 guided by 省人力资源和社会保障厅 is that department's local counterpart, 人力资源和社会保障局."""
    m = _COUNTERPART.search(text[:1500])
    return agency_types().lookup(m.group(1) + "局") if m else None


def _own_issuer(text: str, named: list[AgencyMention], written: str | None, level: str | None) -> AgencyMention | None:
    """The one department named in full as the issuer of a document (《天津市文化和旅游局关于…》) that fits 我局."""
    ending = written[-1] if written else None
    found = {
        m.surface: m
        for m in named
        if m.region
        and m.type.tier == "department"
        and text[m.start - 1 : m.start] == "《"
        and (ending is None or m.type.label.endswith(ending))
        and (level is None or _fits(m.region, level))
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is a Chinese abbreviation of ``full``: same first and last character, in order.

    >>> _abbreviates("文广旅局", "文化广播电视和旅游局"), _abbreviates("文旅局", "文化广播电视和旅游局")
    (True, True)
    >>> _abbreviates("公安局", "司法局")
    False
    """
    if not short or short[0] != full[0] or short[-1] != full[-1]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def _expansion(written: str, named: list[AgencyMention], level: str | None) -> AgencyMention | None:
    """The one agency named in full on the page that ``written`` abbreviates (市文广旅局 → 资阳市文化广播电视和旅游局)."""
    short = written[1:] if level else written
    found = {
        m.surface: m
        for m in named
        if m.region
        and m.type.tier == "department"
        and _abbreviates(short, m.type.label)
        and (level is None or _fits(m.region, level))
    }
    return next(iter(found.values())) if len(found) == 1 else None


_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_TITLE_YEAR = re.compile(rf"关于|(?:{_YEAR})\s*年")
_YEAR_RANGE_START = re.compile(rf"(?:{_YEAR})\s*[-—–~至到]\s*$")  # 2021-2022年度: the first year
_PAGE_TITLE_PARTS = re.compile(r"\s*[_|\uff5c]\s*|\s+[-–—]\s+")  # _, | or its full-width form, or a dash between spaces
_LEADING_YEAR = re.compile(rf"^\s*(?:关于|(?:{_YEAR})\s*年度?|[ ，,、])+")
_AFTER_NAME = re.compile(rf"关于|(?:{_YEAR})\s*年|法治|依法行政|的?(?:工作)?(?:情况)?报告")


def _name_in_title(title: str) -> str | None:
    """The agency before the year or 关于 in 重庆市梁平区科学技术局2020年… / 新县人民政府关于…, or
    right after them when the title opens with them (2022年度湘潭市司法局法治政府建设…,
    关于湘潭市司法局2021年度…) and the words there are an agency or a place.

    A name the agency also goes by, in brackets after its own, is left out: 湘潭县司法局（县委依法治县办）.
    A title that names no agency may end with its site's: a department's (…_湘潭市司法局) is the publisher.

    >>> _name_in_title("2022年度湘潭市司法局法治政府建设年度报告"), _name_in_title("关于2021年度法治政府建设情况的报告")
    ('湘潭市司法局', None)
    >>> _name_in_title("湘潭县司法局（县委依法治县办）2021年法治政府建设年度报告")
    '湘潭县司法局'
    >>> [_name_in_title(t) for t in ("湘潭市司法局法治政府建设年度报告", "湘潭市司法局2021-2022年度法治政府建设情况报告")]
    ['湘潭市司法局', '湘潭市司法局']
    >>> [_name_in_title(t) for t in ("2021年法治政府建设年度报告_湘潭市司法局", "2021年法治政府建设年度报告_湘潭市人民政府")]
    ['湘潭市司法局', None]
    """
    m = _TITLE_YEAR.search(title)
    head = _YEAR_RANGE_START.sub("", title[: m.start()]) if m else ""
    head = _BRACKETED.sub("", head).strip(" ，,、")
    if head:
        return head
    lead = _LEADING_YEAR.match(title) if m else None
    rest = title[lead.end() :] if lead else title  # after a leading year or 关于; a title with neither, whole
    end = _AFTER_NAME.search(rest)
    name = _BRACKETED.sub("", rest[: end.start()]) if end else ""
    if name and (_split(name)[1] is not None or parse_place(name, regions())):
        return name
    site = _PAGE_TITLE_PARTS.split(title)[-1]  # 2021年法治政府建设年度报告_湘潭市司法局
    return _site_department(site) if site != title else None


def _site_department(site: str) -> str | None:
    """The department a site is named after (湘潭市司法局), whose report a page of it is; not a
    government (its portal carries its departments' reports too) nor anything else."""
    kind = _split(site)[1] if site else None
    return site if kind is not None and kind.tier == "department" else None


_SUBJECT_VERB = re.compile(r"^(坚持|以|在|认真|深入|全面|始终|紧紧|紧扣|持续|围绕|按照|高度|扎实|着力|积极|聚焦|牢固|自觉)")


def _name_in_opening(text: str) -> str | None:
    """The agency the opening sentences speak of: 2025年，县教育局持续… → 县教育局.

    Superiors named in passing (省农业农村厅的正确指导下) are passed over; a region that is the
    subject itself (黑龙江省坚持…, 县政府坚持…) stands for its government.
    """
    types = agency_types()
    table = regions()
    opening = text[:400]
    lines = opening.split("\n")
    if lines and lines[0].strip().endswith((":", "：")) and len(lines[0].strip()) <= 20:
        opening = "\n".join(lines[1:])  # 县委、县政府： addresses the report, it did not write it
    for sentence in re.split(r"[。；\n]", opening)[:4]:
        both = _SUPERIORS.match(sentence.strip())
        if both and _SUBJECT_VERB.match(sentence.strip()[both.end() :]):
            return both.group(1) + _GOVERNMENT  # 自治区党委、政府自觉… : the report of the whole region
        for clause in re.split(r"[，,、:：]", sentence):
            clause = re.sub(r"^(?:(?:19|20)\d{2}\s*年度?|我|在|由|现将|根据|按照|原)+", "", clause.strip())
            for m in re.finditer(r"[\u4e00-\u9fff]+", clause):
                words = m.group()
                for end in range(len(words), 1, -1):
                    head = words[:end]
                    rest = words[end:]
                    if rest.startswith("的") or not (
                        rest == ""
                        or _SUBJECT_VERB.match(rest)
                        or rest[:1] in "将现已于对"
                        or re.match(r"(?:19|20)\d{2}|党组|党委", rest)
                    ):
                        continue
                    if (
                        head.endswith("政府")
                        and not head.endswith("人民政府")
                        and (head[:-2] in RELATIVE_PREFIXES or table.named(head[:-2]))
                    ):
                        head = head[:-2] + "人民政府"
                    formal = _formal(head)  # 华侨路街道 → …街道办事处
                    hit = types.longest_suffix(formal)
                    if hit and len(formal) > len(hit[0]) and hit[1].tier in ("department", "government"):
                        return head
                    if head.endswith(_BRANCH) and rest and _SUBJECT_VERB.match(rest) and _bureau_before(head):
                        return head  # 市生态环境局湘潭县分局坚持…
                    if hit and hit[1].tier == "ministry" and head == hit[0]:
                        return head
                    if hit and hit[1].tier == "government" and hit[0] in SUBCOUNTY:
                        return head
                    if table.named(head) and rest and _SUBJECT_VERB.match(rest):
                        return head
    return None


def _split(name: str) -> tuple[str, AgencyType | None]:
    name = re.sub(r"\s+", "", name)
    types = agency_types()
    hit = types.longest_suffix(name)
    if hit is None:
        return name, None
    suffix, agency_type = hit
    region_part = name[: len(name) - len(suffix)]
    # 区人民政府金龙街道办事处: the region is before 人民政府.
    region_part = region_part.split(_GOVERNMENT)[0]
    return region_part, agency_type


def _resolve_region(
    part: str,
    doc: Document,
    table: Regions,
    agency_type: AgencyType | None = None,
    level: str | None = None,
    named: list[AgencyMention] | None = None,
    hints: HostHints | None = None,
) -> Region | None:
    part = part.strip()
    chain = (parse_place(part, table) or parse_place(part, table, lenient=True)) if part else None
    if chain:
        return _decide(narrow(chain, table), doc, table, hints)
    if part and level is None:
        return None
    # 市科技局 on kxjs.tj.gov.cn: the site's own division, where it fits the level the name gives.
    for region in reversed(hints.regions if hints else []):
        if (level is None and not part) or (level is not None and _fits(region, level)):
            return region
    # 市公安局, 区政府 or no region at all: the agencies and places the page names in full decide.
    if agency_type is not None:
        same = Counter(
            m.region for m in named or () if m.type == agency_type and m.region and (level is None or _fits(m.region, level))
        )
        if same:
            return _single_best(same)
    evidence = _place_names(doc, table)
    return _single_best(Counter({r: n for r, n in evidence.items() if level is None or _fits(r, level)}))


def _single_best(counts: Counter[Region]) -> Region | None:
    """The most frequent region, or None when two share the top count."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _fits(region: Region, level: str) -> bool:
    if level == "city":
        return region.level == "city" or region.is_municipality
    return region.level == level


def _decide(candidates: list[Region], doc: Document, table: Regions, hints: HostHints | None = None) -> Region | None:
    if len(candidates) == 1:
        return candidates[0]
    hosted = {r.code for r in (hints.regions if hints else [])}
    by_host = [r for r in candidates if hosted & {a.code for a in table.path(r)}]
    if len(by_host) == 1:
        return by_host[0]
    codes = _codes(doc)
    by_code = [r for r in candidates if r.code in codes]
    if len(by_code) == 1:
        return by_code[0]
    evidence = _place_names(doc, table)
    scored = []
    for r in candidates:
        ancestors = table.path(r)[1:]
        score = sum(evidence.get(a, 0) for a in ancestors)
        scored.append((score, r))
    scored.sort(key=lambda x: -x[0])
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def _codes(doc: Document) -> set[str]:
    """Six-digit division codes the page shows: 索引号 prefixes, credit codes, 网站标识码."""
    out: set[str] = set()
    index = doc.metadata.get("index_number", "")
    for m in re.finditer(r"\d{6}", index[:6]):
        out.add(m.group())
    if is_credit_code(index[:18]):
        out.add(index[2:8])
    for m in re.finditer(r"网站标识码[:：]?\s*(\d{10})", doc.footer + "\n" + doc.text):
        out.add(m.group(1)[:6])
    return out


def _place_names(doc: Document, table: Regions) -> Counter[Region]:
    """How often each unambiguous division's full name occurs on the page."""
    haystack = "\n".join([doc.site, doc.title or "", doc.footer, doc.text, *doc.metadata.values()])
    counts: Counter[Region] = Counter()
    for _, region in _place_automaton(id(table)).iter_long(haystack):
        counts[region] += 1
    return counts


@cache
def _place_automaton(table_id: int) -> ahocorasick.Automaton:
    """Full names of divisions that no other division shares (梁平区, 枣庄市; not 市中区)."""
    automaton = ahocorasick.Automaton()
    for name, found in regions().by_name.items():
        if len(found) == 1 and len(name) >= 3 and found[0].name == name:
            automaton.add_word(name, found[0])
    automaton.make_automaton()
    return automaton
