"""A benchmark corpus: N report pages made by recombining the real texts that ship with fazhi.

    python benchmarks/corpus.py OUT_DIR --reports N [--seed 1] [--html-share 0.1] [--median-chars 5000]

Every generated report is built from the sample texts in ``fazhi/samples/`` (36 real report
openings and two full reports), read at run time:

- an agency: a real division from fazhi's region table (``fazhi.ontology.regions``) with a real
  agency type from ``vocab/agency_types.tsv`` (人民政府, 司法局, 科学技术厅 …) or a ministry; each
  agency reports for six consecutive years between 2015 and 2025, so agencies recur across years
  as in a real corpus;
- a title ``{agency}{year}年法治政府建设年度报告`` or one of three other real patterns
  (…工作情况报告, …关于{year}年法治政府建设情况的报告, …情况报告);
- page clutter and metadata taken from a sample's head (navigation, 来源/发布时间 lines, the
  索引号/发布机构/成文日期 blocks in their several layouts) with dates, index numbers (a valid
  统一社会信用代码 per agency), the title and the publisher rewritten; sometimes a site footer;
- a body: an opening paragraph, then sections (一、…) of the mandated parts — measures, the
  第一责任人 part, problems, next year's plans, other — each filled with whole paragraphs of the
  same part taken from several samples, (一)(二)… renumbered; the source's region names (full and
  short) are replaced with the new agency's, its year with the new year (outside 《…》, so cited
  titles stay linkable). Target lengths follow a log-normal distribution, median about 5,000
  characters (``--median-chars``), clipped to 0.4–2.4 times the median; the later parts are
  added whatever the target, so short targets give reports somewhat longer than asked.

Only the two full reports reach the later parts, so problems, plans and the 第一责任人 part are
drawn from a handful of paragraphs: the same problem recurs across reports and years far more
often than in a real corpus, which inflates what ``repeated-problems`` finds and costs.

A share of the reports (``--html-share``) is written as an HTML page in one of the layouts of
``tests/data/html/`` (TRS table, zoom list, old table with <br>, HTML5 article), two of them
encoded in GBK (GB18030 bytes), one with a declared charset and one without, as there.

Files are ``OUT_DIR/000/r000001.txt`` … (1,000 per folder). A report depends only on the seed
and its number, so a corpus of 1,000 is the first 1,000 files of a corpus of 10,000 with the
same seed. ``OUT_DIR/manifest.json`` records the options and the counts. Prints how many files
and characters (report text, before any HTML markup) it wrote.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from fazhi.ontology.regions import Region, regions

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fazhi" / "samples"
AGENCY_TYPES = ROOT / "fazhi" / "ontology" / "vocab" / "agency_types.tsv"
HTML_LAYOUTS = ROOT / "tests" / "data" / "html"

NUM = "一二三四五六七八九十"
L1 = re.compile(rf"^[{NUM}]{{1,3}}、")
L2 = re.compile(rf"^([（(])[{NUM}]{{1,3}}([)）])")
YEAR = re.compile(r"(?<!\d)(20\d\d)(?=\s*年)")
YEAR_OUTSIDE_TITLES = re.compile(r"《[^《》]*》|(?<!\d)(20\d\d)(?=\s*年)")  # a 《title》 is matched whole and kept
TITLE_WORDS = re.compile(r"法治")
TITLE_END = re.compile(r"报告|总结|情况")
META_LABEL = re.compile(r"(发布机构|发文机关|发文单位|来源)(\s*[:：]\s*)([^\s<]+)")
# The publisher's cell of a page's metadata table or list: 发布机构</th><td>… or 发布机构:</span>…
META_CELL = re.compile(r"((?:发布机构|发文机关)\s*(?:<[^>]+>|[:：\s])*)([^<\s][^<]*)")
ISO_DATE = re.compile(r"20\d\d-\d\d-\d\d")
CN_DATE = re.compile(r"20\d\d年\d{1,2}月\d{1,2}日")
INDEX_NO = re.compile(r"[0-9A-Z]{6,18}/20\d\d-\d{5}")
DOC_NO_YEAR = re.compile(r"〔20\d\d〕")
SENTENCE_END = tuple("。；;！？!?：:”」）)…")
PARTS = ("measures", "duty", "problems", "plans", "other")
PART_OF_HEADING = (
    ("problems", re.compile(r"存在|不足|差距|短板")),
    ("duty", re.compile(r"第一责任人|主要负责人|主要负责同志")),
    ("plans", re.compile(r"下一|打算|安排|计划|思路|展望")),
    ("other", re.compile(r"其他")),
)
DEFAULT_HEADINGS = {
    "duty": "党政主要负责人履行推进法治建设第一责任人职责情况",
    "problems": "存在的不足和原因",
    "plans": "下一年度推进法治政府建设的主要安排",
    "other": "其他需要报告的情况",
}
TITLE_PATTERNS = (
    (0.40, "{agency}{year}年法治政府建设年度报告"),
    (0.25, "{agency}{year}年度法治政府建设工作情况报告"),
    (0.20, "{agency}关于{year}年法治政府建设情况的报告"),
    (0.15, "{agency}{year}年法治政府建设情况报告"),
)
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
REPORTS_PER_AGENCY = 6
FIRST_YEAR, LAST_YEAR = 2015, 2025


# -- the sources -----------------------------------------------------------------------------------


@dataclass
class Source:
    """One sample text cut into its parts: head lines, title, opening, chunks per part."""

    name: str
    title: str | None
    agency: str | None
    year: int | None
    head_before: list[str]
    head_after: list[str]
    opening: str | None
    headings: dict[str, list[str]] = field(default_factory=dict)
    chunks: dict[str, list[list[str]]] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    pattern: re.Pattern[str] | None = None


def _is_title(line: str) -> bool:
    return (
        len(line) <= 80
        and bool(TITLE_WORDS.search(line))
        and bool(TITLE_END.search(line))
        and not re.match(r"^[-•*\s]|.*[:：]", line)
        and not re.search(r"[。>《]", line)
        and not L1.match(line)
    )


def _is_body(line: str) -> bool:
    """A paragraph of the report rather than page clutter: long, and not a metadata or navigation line."""
    return (
        len(line) >= 50
        and bool(re.search(r"[，,。；]", line))
        and not re.search(r"首页|当前位置|发布时间|浏览|访问次数|作者[:：]|索\s*引\s*号|来源[:：]", line[:60])
    )


def _part(heading: str) -> str:
    for part, pattern in PART_OF_HEADING:
        if pattern.search(heading):
            return part
    return "measures"


def _regions_named_in(texts: list[str], table: list[Region], min_length: int = 2) -> list[Region]:
    """Divisions whose full name occurs in ``texts``, dropping a name inside a longer one (城区 in 鲤城区)."""
    joined = "\n".join(texts)
    spans: list[tuple[int, int, Region]] = []
    for region in table:
        if len(region.name) < min_length:
            continue
        at = joined.find(region.name)
        while at >= 0:
            spans.append((at, at + len(region.name), region))
            at = joined.find(region.name, at + 1)
    kept = {}
    for s, e, region in spans:
        if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in spans):
            kept.setdefault(region.name, region)
    return list(kept.values())


def read_source(path: Path, table: list[Region]) -> Source:
    lines = [line.strip(" \t\u3000\u00a0") for line in path.read_text("utf-8").splitlines()]
    lines = [line for line in lines if line]
    title_at = next((i for i, line in enumerate(lines[:25]) if _is_title(line)), None)
    start = title_at + 1 if title_at is not None else 0
    opening_at = next((i for i in range(start, len(lines)) if _is_body(lines[i]) or L1.match(lines[i])), len(lines))
    body = lines[opening_at:]
    if body and not body[-1].endswith(SENTENCE_END):
        body = body[:-1]  # the samples are cut mid-sentence
    title = lines[title_at] if title_at is not None else None
    agency = None
    if title:
        m = re.search(r"关于|20\d\d\s*年", title)
        agency = re.sub(r"^\[[^\]]*\]", "", title[: m.start()]) if m else None
    m = YEAR.search(title or "") or YEAR.search(re.sub(r"《[^《》]*》", "", "\n".join(body[:3])))
    src = Source(
        name=path.name,
        title=title,
        agency=agency or None,
        year=int(m.group(1)) if m else None,
        head_before=lines[:title_at] if title_at is not None else lines[:opening_at],
        head_after=lines[start:opening_at] if title_at is not None else [],
        opening=None,
    )
    if body and not L1.match(body[0]):
        src.opening, body = body[0], body[1:]
    part = "measures"
    chunk: list[str] = []
    for line in body:
        if L1.match(line):
            if chunk:
                src.chunks.setdefault(part, []).append(chunk)
            chunk = []
            part = _part(line)
            src.headings.setdefault(part, []).append(L1.sub("", line))
            continue
        if L2.match(line) and chunk:
            src.chunks.setdefault(part, []).append(chunk)
            chunk = []
        chunk.append(line)
    if chunk:
        src.chunks.setdefault(part, []).append(chunk)
    for part, chunks in src.chunks.items():  # a sub-heading whose paragraphs were cut off is no chunk
        src.chunks[part] = [c for c in chunks if len(c) > 1 or len(c[0]) >= 40 or "。" in c[0]]
    src.regions = _regions_named_in([title or "", *src.head_before, *src.head_after], table)
    if src.opening:
        src.regions += [r for r in _regions_named_in([src.opening], table, min_length=3) if r not in src.regions]
    names = {r.name for r in src.regions} | {r.short for r in src.regions if len(r.short) >= 2}
    if src.agency and len(src.agency) >= 4 and src.regions:
        names.add(src.agency)
    if names:
        src.pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return src


# -- agencies --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agency:
    name: str
    type_label: str
    path: tuple[Region, ...]  # county → province; empty for a ministry
    credit_code: str
    site: str
    first_year: int

    def name_at(self, level: str) -> str | None:
        return next((r.name for r in self.path if r.level == level), None)

    def short_at(self, level: str) -> str | None:
        return next((r.short for r in self.path if r.level == level), None)


def credit_code(division: str, rng: random.Random) -> str:
    first17 = "11" + division + "".join(rng.choice(CREDIT_CHARSET) for _ in range(9))
    total = sum(CREDIT_CHARSET.index(ch) * w for ch, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return first17 + CREDIT_CHARSET[(31 - total % 31) % 31]


class Agencies:
    """Agency ``j`` of a seed: a real division and agency type, a credit code, a first year."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        table = regions()
        self.by_code = table.by_code
        ok = re.compile(r"(省|自治区|市|自治州|州|地区|盟|区|县|自治县|旗|自治旗)$")
        usable = [
            r
            for r in table.by_code.values()
            if r.code[:2] not in ("71", "81", "82")
            and ok.search(r.name)
            and not re.search(r"开发区|园区|示范区|风景名胜区|直辖", r.name)
        ]
        self.levels = {
            level: sorted((r for r in usable if r.level == level), key=lambda r: r.code)
            for level in ("province", "city", "county")
        }
        types = [
            line.split("\t") for line in AGENCY_TYPES.read_text("utf-8").splitlines()[1:] if line and not line.startswith("#")
        ]
        self.ministries = [t[0] for t in types if len(t) > 2 and t[2] == "ministry" and not t[0].startswith("国务院")]
        departments = [t[0] for t in types if len(t) > 2 and t[2] == "department"]
        self.province_types = [t for t in departments if not t.endswith("局") or "管理局" in t]
        self.local_types = [t for t in departments if not t.endswith("厅")]
        self._cache: dict[int, Agency] = {}

    def __getitem__(self, j: int) -> Agency:
        if j not in self._cache:
            self._cache[j] = self._make(j)
        return self._cache[j]

    def _code(self, division: str, label: str) -> str:
        """One credit code per agency: two draws of 云南省人民政府 are one agency with one code."""
        return credit_code(division, random.Random(f"{self.seed}:code:{division}:{label}"))

    def _path(self, region: Region) -> tuple[Region, ...]:
        out = [region]
        while out[-1].parent and out[-1].parent in self.by_code:
            out.append(self.by_code[out[-1].parent])
        return tuple(r for r in out if not r.name.endswith("直辖行政区划"))

    def _make(self, j: int) -> Agency:
        rng = random.Random(f"{self.seed}:agency:{j}")
        first_year = rng.randint(FIRST_YEAR, LAST_YEAR - REPORTS_PER_AGENCY + 1)
        roll = rng.random()
        if roll < 0.05:
            label = rng.choice(self.ministries)
            return Agency(label, label, (), self._code("100000", label), "中华人民共和国" + label, first_year)
        level = "province" if roll < 0.13 else "city" if roll < 0.40 else "county"
        region = rng.choice(self.levels[level])
        path = self._path(region)
        government = rng.random() < 0.3
        if government:
            label = "人民政府"
        else:
            label = rng.choice(self.province_types if level == "province" else self.local_types)
        if len(path) > 1 and rng.random() < 0.7:
            prefix = path[1].name + region.name
        else:
            prefix = region.name
        site = "".join(r.name for r in reversed(path[:2])) + "人民政府"
        return Agency(prefix + label, label, path, self._code(region.code, label), site, first_year)


# -- reports ---------------------------------------------------------------------------------------


def cn_number(n: int) -> str:
    if n <= 10:
        return NUM[n - 1]
    if n < 20:
        return "十" + NUM[n - 11]
    return NUM[n // 10 - 1] + "十" + (NUM[n % 10 - 1] if n % 10 else "")


@dataclass
class Report:
    number: int
    agency: Agency
    year: int
    title: str
    head: list[str]
    body: list[str]
    footer: list[str]
    published: tuple[int, int, int]

    def text(self) -> str:
        return "\n".join([*self.head, *self.body, *self.footer]) + "\n"


class Generator:
    def __init__(self, seed: int, median_chars: int = 5000) -> None:
        self.seed = seed
        self.median_chars = median_chars
        table = list(regions().by_code.values())
        self.sources = [read_source(p, table) for p in sorted(SAMPLES.glob("*.txt"))]
        if not self.sources:
            raise SystemExit(f"no sample texts in {SAMPLES}")
        self.agencies = Agencies(seed)
        self.openings = self._unique((s, s.opening) for s in self.sources if s.opening)
        self.headings = {p: self._unique((s, h) for s in self.sources for h in s.headings.get(p, [])) for p in PARTS}
        self.chunks: dict[str, list[tuple[Source, list[str]]]] = {p: [] for p in PARTS}
        seen: set[str] = set()
        for s in self.sources:
            for p, chunks in s.chunks.items():
                for c in chunks:
                    if c[0] not in seen:
                        seen.add(c[0])
                        self.chunks[p].append((s, c))
        self.heads = [s for s in self.sources if s.head_before or s.head_after]
        self.footers = self._footer_lines()
        self._names_cache: dict[tuple[str, str, tuple[str, ...]], dict[str, str]] = {}

    @staticmethod
    def _unique(items):  # type: ignore[no-untyped-def]
        out, seen = [], set()
        for s, text in items:
            if text not in seen:
                seen.add(text)
                out.append((s, text))
        return out

    @staticmethod
    def _footer_lines() -> list[str]:
        """Footer paragraphs of the HTML layouts (主办单位 … 网站标识码 … 建议使用 …), markup stripped."""
        lines: list[str] = []
        for page in sorted(HTML_LAYOUTS.glob("*.html")):
            if ".gbk." in page.name:
                continue
            text = page.read_text("utf-8")
            footer = text[text.find('<div class="footer">') :]
            for p in re.findall(r"<p>(.*?)</p>", footer, flags=re.S):
                line = re.sub(r"<[^>]+>", "", p).strip()
                if line and line not in lines:
                    lines.append(line)
        return lines

    # substitution ------------------------------------------------------------------------------

    def _names(self, src: Source, agency: Agency) -> dict[str, str]:
        key = (src.name, agency.name, tuple(t.name for t in agency.path))
        if key not in self._names_cache:
            if len(self._names_cache) > 10_000:
                self._names_cache.clear()
            self._names_cache[key] = self._names_uncached(src, agency)
        return self._names_cache[key]

    def _names_uncached(self, src: Source, agency: Agency) -> dict[str, str]:
        out: dict[str, str] = {}
        if not agency.path:
            return out
        lowest = agency.path[0]
        for r in src.regions:
            target = next((t for t in agency.path if t.level == r.level), lowest)
            out[r.name] = target.name
            if len(r.short) >= 2:
                out[r.short] = target.short
        if src.agency:
            out[src.agency] = agency.name
        return out

    def _subst(self, text: str, src: Source, agency: Agency, year: int) -> str:
        if src.pattern is not None and agency.path:
            names = self._names(src, agency)
            text = src.pattern.sub(lambda m: names.get(m.group(), m.group()), text)
        if src.year and src.year != year:
            shift = year - src.year

            def year_outside_titles(m: re.Match[str]) -> str:
                if m.group(1) is None:
                    return m.group()
                y = int(m.group(1))
                return str(y + shift) if y in (src.year, src.year + 1) else m.group()  # type: ignore[operator]

            text = YEAR_OUTSIDE_TITLES.sub(year_outside_titles, text)
        return text

    def _head_line(self, line: str, src: Source, report: Report, code_rng: random.Random) -> str:
        y, mo, d = report.published
        if src.title and src.title in line:  # the new title after the substitution, which could rewrite its names
            line = line.replace(src.title, "\x00")
        line = self._subst(line, src, report.agency, report.year).replace("\x00", report.title)
        line = ISO_DATE.sub(f"{y:04d}-{mo:02d}-{d:02d}", line)
        line = CN_DATE.sub(f"{y}年{mo:02d}月{d:02d}日", line)
        line = INDEX_NO.sub(lambda _: f"{report.agency.credit_code}/{y}-{code_rng.randint(1, 99999):05d}", line)
        line = DOC_NO_YEAR.sub(f"〔{y}〕", line)
        return META_LABEL.sub(lambda m: m.group(1) + m.group(2) + report.agency.name, line)

    # one report --------------------------------------------------------------------------------

    def report(self, number: int) -> Report:
        rng = random.Random(f"{self.seed}:report:{number}")
        j, k = divmod(number - 1, REPORTS_PER_AGENCY)
        agency = self.agencies[j]
        year = agency.first_year + k
        r = rng.random()
        pattern = next(p for w, p in _cumulative(TITLE_PATTERNS) if r < w)
        title = pattern.format(agency=agency.name, year=year)
        published = (year + 1, rng.randint(1, 4), rng.randint(1, 28))
        report = Report(number, agency, year, title, [], [], [], published)
        m = self.median_chars
        target = min(12 * m // 5, max(2 * m // 5, int(rng.lognormvariate(math.log(m), 0.45))))
        report.body = self._body(rng, agency, year, target)
        head_src = rng.choice(self.heads)
        after_src = rng.choice(self.heads) if rng.random() < 0.3 else head_src
        before = [self._head_line(x, head_src, report, rng) for x in head_src.head_before]
        after = [self._head_line(x, after_src, report, rng) for x in after_src.head_after]
        report.head = [*before, title, *after]
        if rng.random() < 0.3:
            report.footer = [self._footer(line, agency) for line in self.footers]
        return report

    def _footer(self, line: str, agency: Agency) -> str:
        line = re.sub(r"[^\s:：]*人民政府", agency.site, line)
        return re.sub(r"地址[:：]\S+", "地址:" + agency.site.replace("人民政府", "") + "人民路1号", line)

    def _body(self, rng: random.Random, agency: Agency, year: int, target: int) -> list[str]:
        src, opening = rng.choice(self.openings)
        body = [self._subst(opening, src, agency, year)]
        size = len(body[0])
        sections: list[tuple[str, str, list[list[str]]]] = []
        tail = [p for p, share in (("duty", 0.5), ("problems", 0.85), ("plans", 0.85), ("other", 0.15)) if rng.random() < share]
        for part in tail:
            pool = self.chunks[part] or self.chunks["measures"]
            picked = [self._chunk(c, agency, year) for c in rng.sample(pool, min(len(pool), rng.randint(1, 3)))]
            sections.append((part, self._heading(rng, part, agency, year), picked))
            size += sum(len(line) for c in picked for line in c)
        count = max(1, min(6, round(target / 3000) + rng.randint(0, 2)))
        measures: list[tuple[str, str, list[list[str]]]] = [
            ("measures", self._heading(rng, "measures", agency, year), []) for _ in range(count)
        ]
        i = 0
        order: list[tuple[Source, list[str]]] = []
        while size < target or not measures[0][2]:
            if not order:  # every paragraph once before any is used again
                order = rng.sample(self.chunks["measures"], len(self.chunks["measures"]))
            chunk = self._chunk(order.pop(), agency, year)
            measures[i % len(measures)][2].append(chunk)
            size += sum(len(line) for line in chunk)
            i += 1
        layout = measures[:1] + [s for s in sections if s[0] == "duty"] + measures[1:] + [s for s in sections if s[0] != "duty"]
        for n, (_, heading, chunks) in enumerate((s for s in layout if s[2]), start=1):
            body.append(f"{cn_number(n)}、{heading}")
            for m, chunk in enumerate(chunks, start=1):
                first = L2.sub(lambda g, m=m: f"{g.group(1)}{cn_number(m)}{g.group(2)}", chunk[0], count=1)
                body.extend([first, *chunk[1:]])
        return body

    def _heading(self, rng: random.Random, part: str, agency: Agency, year: int) -> str:
        pool = self.headings.get(part)
        if not pool:
            return DEFAULT_HEADINGS.get(part, "工作开展情况")
        src, heading = rng.choice(pool)
        return self._subst(heading, src, agency, year)

    def _chunk(self, item: tuple[Source, list[str]], agency: Agency, year: int) -> list[str]:
        src, lines = item
        return [self._subst(line, src, agency, year) for line in lines]


def _cumulative(weighted):  # type: ignore[no-untyped-def]
    total = 0.0
    for w, p in weighted:
        total += w
        yield total, p


# -- HTML ------------------------------------------------------------------------------------------


@dataclass
class Layout:
    """An HTML page of ``tests/data/html`` with its body cut out, to wrap a generated report in."""

    name: str
    encoding: str
    declared: bool
    before: str
    after: str
    paragraph: str
    joiner: str
    title: str
    site: str
    source_name: str
    region_names: list[tuple[str, str]]  # (name, level) of the template's divisions, longest first


_BODY_MARKUP = {
    # layout prefix: (start marker, end marker, paragraph markup, joiner)
    "p1": ('<div class="TRS_Editor">', "</div>", '<p style="text-indent:2em">{}</p>', ""),
    "p2": ('<div id="zoom">', "</div>", "<p>{}</p>", ""),
    "p3": ('<td class="content">', "</td>", "&nbsp;&nbsp;&nbsp;&nbsp;{}", "<br>\n"),
    "p4": ('<p class="meta">', '<p class="attach">', "<p>{}</p>", ""),
}


def load_layouts() -> list[Layout]:
    table = list(regions().by_code.values())
    out = []
    for page in sorted(HTML_LAYOUTS.glob("*.html")):
        markup = _BODY_MARKUP.get(page.name[:2])
        if markup is None:
            continue
        gbk = ".gbk." in page.name
        text = page.read_bytes().decode("gb18030" if gbk else "utf-8")
        start_marker, end_marker, paragraph, joiner = markup
        start = text.find(start_marker)
        if start < 0:
            continue
        start += len(start_marker)
        if page.name.startswith("p4"):
            start = text.index("</p>", start) + len("</p>")
        end = text.find(end_marker, start)
        if end < 0:
            continue
        meta = dict(re.findall(r'<meta name="(\w+)" content="([^"]*)"', text))
        site = meta.get("SiteName", "")
        named = _regions_named_in([site], table)
        out.append(
            Layout(
                name=page.name,
                encoding="gb18030" if gbk else "utf-8",
                declared="charset" in text[:300].lower(),
                before=text[:start],
                after=text[end:],
                paragraph=paragraph,
                joiner=joiner,
                title=meta.get("ArticleTitle", ""),
                site=site,
                source_name=meta.get("ContentSource", ""),
                region_names=sorted(((r.name, r.level) for r in named), key=lambda x: -len(x[0])),
            )
        )
    return out


def render_html(report: Report, layout: Layout, rng: random.Random) -> bytes:
    agency = report.agency
    y, mo, d = report.published

    def frame(part: str) -> str:
        if layout.title:
            part = part.replace(layout.title, report.title)
        if layout.site:
            part = part.replace(layout.site, agency.site)
        for name, level in layout.region_names:
            target = agency.name_at(level) or (agency.path[0].name if agency.path else agency.name)
            part = part.replace(name, target)
            short = re.sub(r"(省|市|区|县)$", "", name)
            if len(short) >= 2:
                part = part.replace(short, re.sub(r"(省|市|区|县)$", "", target))
        if layout.source_name:
            part = part.replace(f'content="{layout.source_name}"', f'content="{agency.name}"')
        part = ISO_DATE.sub(f"{y:04d}-{mo:02d}-{d:02d}", part)
        part = CN_DATE.sub(f"{y}年{mo:02d}月{d:02d}日", part)
        part = INDEX_NO.sub(lambda _: f"{agency.credit_code}/{y}-{rng.randint(1, 99999):05d}", part)
        part = DOC_NO_YEAR.sub(f"〔{y}〕", part)
        part = META_CELL.sub(lambda m: m.group(1) + agency.name, part)
        return re.sub(r"(来源\s*[:：]\s*)([^\s<]+)", lambda m: m.group(1) + agency.name, part)

    body = layout.joiner.join(layout.paragraph.format(html.escape(p, quote=False)) for p in report.body)
    page = frame(layout.before) + body + frame(layout.after)
    return page.encode(layout.encoding, errors="xmlcharrefreplace")


# -- main ------------------------------------------------------------------------------------------


def path_for(out: Path, number: int, suffix: str) -> Path:
    return out / f"{(number - 1) // 1000:03d}" / f"r{number:06d}{suffix}"


def generate(out: Path, reports: int, seed: int = 1, html_share: float = 0.1, median_chars: int = 5000) -> dict[str, int]:
    """Write ``reports`` files into ``out``; returns counts (files, txt, html, chars, bytes)."""
    gen = Generator(seed, median_chars)
    layouts = load_layouts()
    counts = {"files": 0, "txt": 0, "html": 0, "chars": 0, "bytes": 0}
    made: set[Path] = set()
    for number in range(1, reports + 1):
        report = gen.report(number)
        rng = random.Random(f"{seed}:page:{number}")
        as_html = layouts and rng.random() < html_share
        if as_html:
            data = render_html(report, rng.choice(layouts), rng)
            path = path_for(out, number, ".html")
            counts["chars"] += len(report.title) + sum(len(p) for p in report.body)
            counts["html"] += 1
        else:
            text = report.text()
            data = text.encode("utf-8")
            path = path_for(out, number, ".txt")
            counts["chars"] += len(text)
            counts["txt"] += 1
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
        counts["files"] += 1
        counts["bytes"] += len(data)
    manifest = {"reports": reports, "seed": seed, "html_share": html_share, "median_chars": median_chars, **counts}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), "utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    parser.add_argument("out", type=Path, help="output folder (created)")
    parser.add_argument("--reports", "-n", type=int, required=True, help="how many report files to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--html-share", type=float, default=0.1, help="share of reports written as HTML pages (default 0.1)")
    parser.add_argument(
        "--median-chars",
        type=int,
        default=5000,
        help="median target length of a body (default 5000; clipped to 0.4–2.4 times it)",
    )
    args = parser.parse_args()
    start = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    c = generate(args.out, args.reports, seed=args.seed, html_share=args.html_share, median_chars=args.median_chars)
    seconds = time.perf_counter() - start
    print(
        f"wrote {c['files']} files ({c['txt']} .txt, {c['html']} .html) to {args.out}: "
        f"{c['chars']:,} characters of report text ({c['chars'] / max(1, c['files']):,.0f} per report), "
        f"{c['bytes'] / 1e6:,.1f} MB, in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
