"""A :class:`~fazhi.report.view.ReportView` as one self-contained HTML page (``page.html``, ``page.css``, ``page.js``).

The text is cut at every boundary of a mention, figure or publisher fact; each piece is one
element carrying the classes of the spans that cover it, so overlapping spans still mark the
right characters, and the pieces of mention ``i`` (``data-m="i"``) join to its surface. Without
script a mention is a link to its document's entry; with it, clicking shows the entry beside the
text and marks the document's other mentions.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from itertools import pairwise
from pathlib import Path

from fazhi.graph.io import atomic_output
from fazhi.network.html import fill_template
from fazhi.report.view import Document, Figure, ReportView

__all__ = ["render_page", "write_page"]

_KIND = {"Measure": "举措", "Problem": "问题", "Plan": "安排"}
#: Characters of an item's passage shown in the side list (the whole passage is in the text).
_EXCERPT = 60


def write_page(view: ReportView, path: str | Path) -> None:
    """Write the page of ``view`` to ``path``, atomically (a failed write leaves what was there)."""
    page = render_page(view)
    with atomic_output(path) as handle:
        handle.write(page.encode("utf-8"))


def render_page(view: ReportView) -> str:
    """The page as text."""
    parts = {
        "title": escape(view.title or view.source or view.iri),
        "css": _asset("page.css"),
        "body": _body(view),
        "app": _asset("page.js"),
    }
    return fill_template(_asset("page.html"), parts, "fazhi/report/page.html")


def _asset(name: str) -> str:
    return (resources.files("fazhi.report") / name).read_text("utf-8")


def _body(view: ReportView) -> str:
    doc_ids = {iri: f"doc-{n}" for n, iri in enumerate(view.documents)}
    doc_ids.update({iri: f"ag-{n}" for n, iri in enumerate(view.agencies)})
    return "\n".join(
        [
            _header(view),
            "<main>",
            f'<article id="text" lang="zh">{_text(view, doc_ids)}</article>',
            '<aside id="side">',
            '<section id="selected" aria-live="polite"><p class="hint">点击高亮的引用，查看它链接到的文件。<br>'
            "Click a highlighted mention to see the document it is linked to.</p></section>",
            _publisher(view),
            _parts(view),
            _documents(view, doc_ids),
            _agencies(view, doc_ids),
            _items(view),
            _figures(view),
            "</aside>",
            "</main>",
        ]
    )


def _header(view: ReportView) -> str:
    source = escape(view.source)
    link = f'<a href="{source}">{source}</a>' if view.source else ""
    meta = [
        f"<span>年度 year: {escape(view.year) or '—'}</span>",
        f"<span>格式 format: {escape(view.format) or '—'}</span>",
        f"<span>引用 mentions: {len(view.mentions)}</span>",
        f"<span>文件 documents: {len(view.documents)}</span>",
        f"<span>机关 agencies named: {len(view.agencies)}</span>",
    ]
    return (
        f"<header><h1>{escape(view.title) or '（无标题）'}</h1>"
        f'<p class="source">{link}</p><p class="iri">{escape(view.iri)}</p>'
        f'<p class="meta">{" ".join(meta)}</p>'
        f'<p class="extractor">fazhi: {escape(view.extractor)}</p></header>'
    )


def _text(view: ReportView, doc_ids: dict[str, str]) -> str:
    """The report's text, each mention, figure and fact span marked, anchors at passages' starts."""
    text = view.text
    spans: list[tuple[int, int, str, int]] = [(m.start, m.end, "m", i) for i, m in enumerate(view.mentions)]
    spans += [(f.start, f.end, "f", i) for i, f in enumerate(view.figures) if 0 <= f.start < f.end <= len(text)]
    spans += [
        (e.start, e.end, "e", i)
        for i, e in enumerate(view.facts)
        if e.start is not None and e.end is not None and 0 <= e.start < e.end <= len(text)
    ]
    anchors = {i.start for i in view.items if i.start >= 0} | {s for p in view.parts for _, s in p.sections if s >= 0}
    anchors |= {s for s, _, _, _ in spans}
    cuts = sorted({0, len(text), *anchors, *(e for _, e, _, _ in spans)} - {n for n in anchors if n > len(text)})
    out = []
    first_pieces: set[int] = set()  # mentions whose first piece carries their id (m-3) already
    for a, b in pairwise(cuts):
        if a in anchors:
            out.append(f'<a class="at" id="at-{a}"></a>')
        piece = escape(text[a:b])
        covering = [(kind, i) for s, e, kind, i in spans if s <= a and b <= e]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({kind for kind, _ in covering}))
        attrs = []
        for kind, i in sorted(covering):
            attrs.append(f'data-{kind}="{i}"')
            if kind == "m" and i not in first_pieces:
                first_pieces.add(i)
                attrs.append(f'id="m-{i}"')
        mention = next((i for kind, i in covering if kind == "m"), None)
        if mention is not None:
            m = view.mentions[mention]
            entry = doc_ids[m.document]
            title = view.agencies[m.document].name if m.is_agency else view.documents[m.document].title
            classes += " ag" if m.is_agency else ""
            out.append(
                f'<a class="{classes}" href="#{entry}" data-entry="{entry}" {" ".join(attrs)} title="{escape(title)}">{piece}</a>'
            )
        else:
            figure = next((i for kind, i in covering if kind == "f"), None)
            title = f' title="{escape(_figure_hint(view.figures[figure]))}"' if figure is not None else ""
            out.append(f'<span class="{classes}" {" ".join(attrs)}{title}>{piece}</span>')
    return "".join(out)


def _figure_hint(figure: Figure) -> str:
    qualifiers = f" ({'、'.join(figure.qualifiers)})" if figure.qualifiers else ""
    return f"{figure.indicator}{qualifiers}: {figure.value} {figure.unit}".strip()


def _jump(start: int | None, words: str) -> str:
    return f'<a href="#at-{start}">{escape(words)}</a>' if start is not None and start >= 0 else escape(words)


def _publisher(view: ReportView) -> str:
    p = view.publisher
    rows = []
    if p:
        rows.append(f"<dt>发布机关 publisher</dt><dd>{escape(p.get('name', ''))}</dd>")
        if p.get("type"):
            rows.append(f"<dt>机关类型 agency type</dt><dd>{escape(p['type'])}</dd>")
        if p.get("region"):
            code = f" ({escape(p.get('code', ''))}, {escape(p.get('level', ''))})" if p.get("code") else ""
            rows.append(f"<dt>行政区划 region</dt><dd>{escape(p['region'])}{code}</dd>")
        if p.get("parent"):
            rows.append(f"<dt>上级 part of</dt><dd>{escape(p['parent'])}</dd>")
    else:
        rows.append('<dt>发布机关 publisher</dt><dd class="missing">未识别 not found</dd>')
    facts = []
    for fact in view.facts:
        where = (
            _jump(fact.start, "原文 in the text")
            if fact.start is not None
            else f"来自网页地址 from the address {escape(view.source)}"
        )
        facts.append(f"<li><b>{escape(fact.label)}</b> {escape(fact.value)} <small>{where}</small></li>")
    evidence = f'<ul class="facts">{"".join(facts)}</ul>' if facts else ""
    return f'<section id="publisher"><h2>发布机关 Publisher</h2><dl>{"".join(rows)}</dl>{evidence}</section>'


def _parts(view: ReportView) -> str:
    rows = []
    for part in view.parts:
        if part.sections:
            heads = "; ".join(_jump(start, title) for title, start in part.sections)
            rows.append(f'<li class="found">✓ {escape(part.label)}: {heads}</li>')
        elif part.required:
            rows.append(f'<li class="missing">✗ {escape(part.label)}: 未找到 not found</li>')
        else:
            rows.append(f'<li class="optional">– {escape(part.label)}: 无 none (optional)</li>')
    return f'<section id="parts"><h2>规定的部分 Mandated parts</h2><ul>{"".join(rows)}</ul></section>'


def _mention_links(view: ReportView, iri: str) -> str:
    mentions = [i for i, m in enumerate(view.mentions) if m.document == iri]
    links = " ".join(
        f'<a href="#m-{i}">{escape(view.mentions[i].surface)}</a>{_page_note(view.mentions[i].page)}' for i in mentions
    )
    return f'<p class="mentions">原文 mentions ({len(mentions)}): {links}</p>'


def _page_note(page: int | None) -> str:
    return f' <small class="page">第{page}页</small>' if page else ""


def _documents(view: ReportView, doc_ids: dict[str, str]) -> str:
    entries = [
        f'<li id="{doc_ids[iri]}" class="doc">{_document(doc)}{_mention_links(view, iri)}</li>'
        for iri, doc in view.documents.items()
    ]
    return f'<section id="documents"><h2>引用的文件 Cited documents ({len(view.documents)})</h2><ol>{"".join(entries)}</ol></section>'


def _agencies(view: ReportView, doc_ids: dict[str, str]) -> str:
    entries = []
    for iri, agency in view.agencies.items():
        facts = [f"<dt>机关类型 agency type</dt><dd>{escape(agency.type) or '—'}</dd>"]
        if agency.region:
            facts.append(f"<dt>行政区划 region</dt><dd>{escape(agency.region)}</dd>")
        facts.append(f'<dt>IRI</dt><dd class="iri">{escape(iri)}</dd>')
        entries.append(
            f'<li id="{doc_ids[iri]}" class="agency"><h3>{escape(agency.name)}</h3><dl>{"".join(facts)}</dl>{_mention_links(view, iri)}</li>'
        )
    return (
        f'<section id="agencies"><h2>提到的机关 Agencies named ({len(view.agencies)})</h2><ol>{"".join(entries)}</ol></section>'
    )


def _document(doc: Document) -> str:
    badge = (
        ""
        if doc.known
        else '<span class="unknown" title="no vocabulary holds this title: check it">未收录 not in the vocabulary</span>'
    )
    facts = [f"<dt>级别 level</dt><dd>{escape(doc.level) or '—'}</dd>"]
    if doc.creator:
        facts.append(f"<dt>制定机关 issued by</dt><dd>{escape(doc.creator)}</dd>")
    if doc.issued:
        facts.append(f"<dt>公布 promulgated</dt><dd>{escape(doc.issued)}</dd>")
    if doc.revised:
        facts.append(f"<dt>修正/修订 revised</dt><dd>{escape('、'.join(doc.revised))}</dd>")
    for date, order in sorted(doc.versions.items()):
        order_text = f" {escape(order)}" if order else ""
        facts.append(f'<dt>引用的版本 version cited</dt><dd class="version">{escape(date)}{order_text}</dd>')
    if doc.aliases:
        facts.append(f"<dt>简称 also written</dt><dd>{escape('、'.join(doc.aliases))}</dd>")
    facts.append(f'<dt>IRI</dt><dd class="iri">{escape(doc.iri)}</dd>')
    return f'<h3 class="doc-title">{escape(doc.title)} {badge}</h3><dl>{"".join(facts)}</dl>'


def _items(view: ReportView) -> str:
    rows = []
    for item in view.items:
        words = view.text[item.start : item.end] if 0 <= item.start < item.end <= len(view.text) else ""
        excerpt = words[:_EXCERPT] + ("…" if len(words) > _EXCERPT else "")
        tags = [item.area] if item.area else []
        tags += [f"改革 {r}" for r in item.reforms] + [f"问题类别 {c}" for c in item.categories]
        tag_html = "".join(f'<span class="tag">{escape(t)}</span>' for t in tags)
        heading = f"<b>{escape(item.heading)}</b> " if item.heading else ""
        rows.append(
            f'<li class="item {item.kind.lower()}"><span class="kind">{_KIND[item.kind]}</span> {heading}{tag_html}'
            f"<br>{_jump(item.start, excerpt)}</li>"
        )
    counts = {k: sum(1 for i in view.items if i.kind == k) for k in _KIND}
    title = "、".join(f"{v} {counts[k]}" for k, v in _KIND.items())
    return f'<section id="items"><h2>举措、问题与安排 Measures, problems, plans ({title})</h2><ol>{"".join(rows)}</ol></section>'


def _figures(view: ReportView) -> str:
    rows = []
    for figure in view.figures:
        words = view.text[figure.start : figure.end] if 0 <= figure.start < figure.end <= len(view.text) else ""
        rows.append(f"<li><b>{escape(_figure_hint(figure))}</b><br>{_jump(figure.start, words)}</li>")
    return f'<section id="figures"><h2>数据 Figures ({len(view.figures)})</h2><ol>{"".join(rows)}</ol></section>'
