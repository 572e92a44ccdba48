"""The endpoint's own page (``/``): what it does, a query box, and every curated query ready to run."""

from __future__ import annotations

import re
import string
from html import escape as html_escape

from fazhi.server.protocol import FORMATS, TRUNCATED_HEADER

_PAGE = string.Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>fazhi SPARQL endpoint</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 0.9rem; }
section { border-top: 1px solid #ccc; margin-top: 1.5rem; }
code { background: #f3f3f3; padding: 0 0.2rem; }
</style>
</head>
<body>
<h1>fazhi SPARQL endpoint</h1>
<p>$reports reports, $triples triples. Send SPARQL 1.1 queries to <code>/sparql</code>: GET with
<code>?query=</code>, or POST a form or an <code>application/sparql-query</code> body. SELECT and ASK answer in
JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in Turtle, JSON-LD, N-Triples or RDF/XML, chosen by the Accept
header or by <code>format=</code>. The endpoint is read-only. An answer holds at most $limit rows or triples;
a cut answer carries the header <code>$truncated: true</code>. A query still running after $timeout s is
stopped and answered with 503. A served store that a build adds to shows the new reports without a restart.</p>
<form action="/sparql" method="get">
<textarea name="query" rows="6">$example</textarea>
<p>$formats <button>Run</button></p>
</form>
<h2>Curated queries</h2>
<ul>
$index
</ul>
$sections
</body>
</html>
""")

_EXAMPLE = """PREFIX fz: <https://w3id.org/fazhi/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?report ?title WHERE { ?report a fz:Report ; dcterms:title ?title } LIMIT 20"""


def render_page(*, reports: int, triples: int, timeout: float, limit: int) -> bytes:
    """The ``/`` page: what the endpoint does, a query box, and each curated query ready to run.

    A query's parameters are bound (as ``fazhi query --param`` does) to the example its
    description gives; the bound value is in the query's text, to edit before running.
    """
    from fazhi.queries import bind, curated

    index, sections = [], []
    for q in curated():
        name, description = html_escape(q.name), html_escape(q.description)
        index.append(f'<li><a href="#{name}">{name}</a>: {description}</li>')
        params = "".join(
            f"<p>Parameter <code>{html_escape(p)}</code>: {html_escape(what)}; edit its "
            f"<code>VALUES</code> line below to change it.</p>\n"
            for p, what in q.params.items()
        )
        text = bind(q.text, q.bindings({p: _example(what) for p, what in q.params.items()}), constants=False)
        rows = text.count("\n") + 2
        sections.append(
            f'<section id="{name}">\n<h3>{name}</h3>\n<p>{description}</p>\n{params}'
            f'<form action="/sparql" method="get">\n<textarea name="query" rows="{rows}">'
            f"{html_escape(text)}</textarea>\n<p>{_format_menu()} <button>Run</button></p>\n</form>\n</section>"
        )
    page = _PAGE.substitute(
        reports=reports,
        triples=triples,
        limit=limit,
        timeout=f"{timeout:g}",
        truncated=TRUNCATED_HEADER,
        example=html_escape(_EXAMPLE),
        formats=_format_menu(),
        index="\n".join(index),
        sections="\n".join(sections),
    )
    return page.encode()


def _example(description: str) -> str:
    """The example value a parameter's description gives (``… e.g. 中华人民共和国民法典``), else empty."""
    m = re.search(r"e\.g\.\s*(\S+)", description)
    return m.group(1) if m else ""


def _format_menu() -> str:
    options = "".join(f'<option value="{f.name}">{f.name}</option>' for f in FORMATS)
    return f'<label>format <select name="format"><option value="">by Accept</option>{options}</select></label>'
