"""``fazhi serve``: a read-only SPARQL 1.1 Protocol endpoint over a graph file or a store.

The endpoint is ``http://HOST:PORT/sparql``; ``/`` is a page listing the curated queries.
``/report/HASH`` (a report IRI's path under the instance base) is the report as fazhi read it:
the page ``fazhi show`` writes for a browser, the report's graph as N-Triples for an RDF client
(``Accept: application/n-triples`` or ``text/turtle``). ``/network?view=VIEW`` is the
interactive network page, each report in its evidence linked to its page.

Requests
    GET with ``?query=``, POST as a form (``query=``) or POST with an ``application/sparql-query``
    body; HEAD as GET without the body; other methods 405 with ``Allow``. The default graph is the
    union of all graphs; ``default-graph-uri`` and ``named-graph-uri`` make the query's dataset
    instead (over its FROM). The endpoint's URL is the base IRI of relative IRIs. GET ``/sparql``
    without a query is a SPARQL Service Description (Turtle) for RDF clients and the query page
    for browsers. A BOM before the query is ignored. Updates (a ``update=`` form, an ``application/sparql-update`` body, or an
    update sent as a query) are refused with 403, and so is ``SERVICE``, which would make the
    server fetch from other hosts. Malformed SPARQL is 400 with the parser's first line.

Formats
    Chosen by the ``format=`` parameter if given (``json xml csv tsv turtle jsonld nt rdfxml``; a
    media type works too), else by the Accept header, else the first of the list. SELECT: SPARQL
    results JSON, XML, CSV, TSV; ASK: JSON or XML only (CSV and TSV define no boolean: 406). CONSTRUCT and DESCRIBE: Turtle (with fazhi's prefixes),
    JSON-LD compacted with fazhi's context (as ``fazhi build -o graph.jsonld`` writes it),
    N-Triples and RDF/XML (what SPARQL clients ask for by default). ``json`` and ``xml`` mean
    JSON-LD and RDF/XML for a CONSTRUCT. An Accept or ``format=`` matching none of the formats of
    the query's form is 406.

Result cap (``limit``)
    At most ``limit`` solutions or triples are returned; a cut answer carries the header
    ``X-Fazhi-Truncated: true``. pyoxigraph can only serialise a whole solution iterator, so the
    SELECT serialisers are written here (see :func:`solutions_json` and its siblings; they follow
    the W3C results formats and pyoxigraph's own output). ASK goes through pyoxigraph; the capped
    triples of a CONSTRUCT go through :func:`pyoxigraph.serialize` (or rdflib for compacted JSON-LD).

Timeout
    pyoxigraph cannot cancel a query. Each query is evaluated in its own daemon thread and the
    request waits at most ``timeout`` seconds, then answers 503. Solutions are lazy, so a query
    that streams them notices the deadline between two solutions and stops at once. A query that
    computes everything before its first solution (ORDER BY, GROUP BY, aggregates) cannot be
    stopped: its thread runs on, holding a core and its memory, and its answer is dropped when it
    ends. At most :data:`WORKERS` evaluations run at once, abandoned ones included, so repeating a
    heavy query cannot pile up threads; when all are taken a new query waits for a slot until its
    own deadline; a 503 carries ``Retry-After`` (the timeout). Stopping the server does not wait
    for abandoned evaluations. The listen backlog is 128; errors the HTTP layer finds itself
    (414, 431, 400) carry the CORS headers too. HTTP/1.1: connections are kept between requests,
    ``Expect: 100-continue`` is answered at once, chunked bodies are read, a body cut short is 400
    and never run, and a connection silent for :data:`READ_TIMEOUT` seconds is closed.

Stores
    A store is opened read-only, so ``fazhi build --store`` can add to it meanwhile; the server
    answers from the store as it was when it started.
"""

from __future__ import annotations

import concurrent.futures
import errno
import json
import math
import re
import socket
import string
import threading
import time
from dataclasses import dataclass, field
from html import escape as html_escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from fazhi.errors import ServeError, first_line

if TYPE_CHECKING:
    from fazhi.graph.store import Store

#: How many queries are evaluated at once, including abandoned ones still running after their timeout.
WORKERS = 4
#: The largest POST body accepted, in bytes.
MAX_BODY = 1 << 20
#: Seconds a connection may stay silent (between requests, or inside a request's body) before it is closed.
READ_TIMEOUT = 30.0
TRUNCATED_HEADER = "X-Fazhi-Truncated"
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ITS = 'xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"'
_UPDATE_REFUSED = "this endpoint is read-only: SPARQL Update is refused; change the graph with fazhi build"


class HttpError(Exception):
    """A request answered with an error status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# -- formats -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """A result format: the names ``format=`` may give, its media types (the first is sent), and
    whether it writes triples (CONSTRUCT, DESCRIBE) rather than solutions (SELECT, ASK)."""

    names: tuple[str, ...]
    media_types: tuple[str, ...]
    graph: bool

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def content_type(self) -> str:
        return f"{self.media_types[0]}; charset=utf-8"

    def matches(self, value: str) -> bool:
        """Whether a ``format=`` value (a name or a media type) names this format."""
        return value in self.names or value in self.media_types


FORMATS = (
    Format(("json",), ("application/sparql-results+json", "application/json"), graph=False),
    Format(("xml",), ("application/sparql-results+xml",), graph=False),
    Format(("csv",), ("text/csv",), graph=False),
    Format(("tsv",), ("text/tab-separated-values",), graph=False),
    Format(("turtle", "ttl", "n3"), ("text/turtle", "application/turtle", "application/x-turtle"), graph=True),
    Format(("jsonld", "json-ld", "json"), ("application/ld+json", "application/x-json+ld", "application/json"), graph=True),
    Format(("nt", "ntriples", "n-triples"), ("application/n-triples",), graph=True),
    Format(("rdfxml", "rdf+xml", "xml"), ("application/rdf+xml",), graph=True),
)

#: How a report is served at its IRI's path (``/report/HASH``): its page, or its graph for RDF clients.
_HTML = Format(("html",), ("text/html", "application/xhtml+xml"), graph=False)
_NTRIPLES = Format(("nt",), ("application/n-triples",), graph=True)
_TURTLE = Format(("turtle",), ("text/turtle",), graph=True)  # N-Triples is Turtle
#: The methods the server answers (others get 405 with this as ``Allow``).
ALLOWED = "GET, HEAD, POST, OPTIONS"
_REPORT_PATH = re.compile(r"/report/([0-9a-f]{6,64})/?$")


def wanted_formats(values: list[str]) -> list[str]:
    """The ``format=`` values of a request, checked: each must name some format. A value may list
    several, comma-separated (SPARQLWrapper sends its Accept header there too); blanks are dropped.

    >>> wanted_formats(["json", "", "application/ld+json,application/x-json+ld"])
    ['json', 'application/ld+json', 'application/x-json+ld']
    >>> wanted_formats(["jsn"])
    Traceback (most recent call last):
    ...
    fazhi.server.endpoint.HttpError: format=jsn: unknown; use one of json xml csv tsv turtle jsonld nt rdfxml
    """
    wanted = [part.strip().lower() for value in values for part in value.split(",") if part.strip()]
    for value in wanted:
        if not any(f.matches(value) for f in FORMATS):
            raise HttpError(400, f"format={value}: unknown; use one of {' '.join(f.name for f in FORMATS)}")
    return wanted


def choose_format(graph: bool, wanted: list[str], accept: str | None, *, boolean: bool = False) -> Format:
    """The format of an answer: the first ``format=`` value that fits the query's form, else the
    Accept header's choice; 406 when nothing fits.

    >>> choose_format(False, [], None).name, choose_format(True, [], "*/*").name
    ('json', 'turtle')
    >>> choose_format(True, ["xml"], None).media_types[0]
    'application/rdf+xml'
    >>> choose_format(False, [], "text/csv;q=0.5, application/sparql-results+xml").name
    'xml'
    >>> choose_format(False, [], "text/turtle")
    Traceback (most recent call last):
    ...
    fazhi.server.endpoint.HttpError: Accept: text/turtle fits no format of a SELECT answer; accept one of application/sparql-results+json application/sparql-results+xml text/csv text/tab-separated-values, or add format=json

    An ASK answer has only the formats that define a boolean (JSON, XML):

    >>> choose_format(False, [], "text/csv", boolean=True)
    Traceback (most recent call last):
    ...
    fazhi.server.endpoint.HttpError: Accept: text/csv fits no format of an ASK answer; accept one of application/sparql-results+json application/sparql-results+xml, or add format=json
    """
    offered = [f for f in FORMATS if f.graph == graph and (not boolean or f.name in _BOOLEAN_FORMATS)]
    form = "a CONSTRUCT or DESCRIBE" if graph else "an ASK" if boolean else "a SELECT"
    if wanted:
        for value in wanted:
            for fmt in offered:
                if fmt.matches(value):
                    return fmt
        raise HttpError(406, f"format={wanted[0]} does not fit {form} answer; use one of {' '.join(f.name for f in offered)}")
    found = negotiate(accept, offered)
    if found is None:
        types = " ".join(f.media_types[0] for f in offered)
        raise HttpError(
            406, f"Accept: {accept} fits no format of {form} answer; accept one of {types}, or add format={offered[0].name}"
        )
    return found


def negotiate(accept: str | None, offered: list[Format]) -> Format | None:
    """The offered format the Accept header rates highest; on a tie, or with no header, the first offered.

    >>> negotiate("text/*;q=0.9, application/sparql-results+json;q=0.1", list(FORMATS[:4])).name
    'csv'
    >>> negotiate("image/png", list(FORMATS[:4])) is None
    True
    """
    ranges = _accept_ranges(accept) if accept and accept.strip() else [("*/*", 1.0)]
    best, best_q = None, 0.0
    for fmt in offered:
        q = _quality(fmt, ranges)
        if q > best_q:
            best, best_q = fmt, q
    return best


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    """An Accept header as (media range, q) pairs; an unreadable q counts as 0."""
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    return ranges


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range that matches ``fmt`` (a media type, then ``type/*``, then ``*/*``)."""
    by_specificity: dict[int, float] = {}
    for media, q in ranges:
        if media in fmt.media_types:
            level = 2
        elif media.endswith("/*") and any(m.startswith(media[:-1]) for m in fmt.media_types):
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        by_specificity[level] = max(q, by_specificity.get(level, 0.0))
    return by_specificity[max(by_specificity)] if by_specificity else 0.0


# -- reading the query ---------------------------------------------------------------------------


def keywords(sparql: str) -> list[str]:
    """The bare words of a query, upper-cased: not in comments, strings, IRIs, variables or prefixed names.

    >>> keywords('PREFIX s: <http://x/#a> # SERVICE\\nselect ?service { ?s s:p "SERVICE" }')
    ['PREFIX', 'SELECT']
    """
    from fazhi.queries import tokens

    return [t.upper() for t in (m.group() for m in tokens(sparql)) if t.isascii() and t.isalpha()]


def check_read_only(sparql: str) -> None:
    """403 for an update (its first word after PREFIX and BASE is INSERT, DELETE, LOAD …) or a SERVICE call.

    >>> check_read_only("PREFIX x: <http://x/> SELECT * { ?s ?p ?o }")
    >>> check_read_only("prefix x: <http://x/> insert data { x:a x:b x:c }")
    Traceback (most recent call last):
    ...
    fazhi.server.endpoint.HttpError: this endpoint is read-only: SPARQL Update (INSERT) is refused; change the graph with fazhi build
    """
    words = keywords(sparql)
    form = next((w for w in words if w not in ("PREFIX", "BASE")), "")
    if form in UPDATE_WORDS:
        raise HttpError(403, f"this endpoint is read-only: SPARQL Update ({form}) is refused; change the graph with fazhi build")
    if "SERVICE" in words:
        raise HttpError(403, "SERVICE is refused: this endpoint answers only from its own graph")


# -- evaluating ----------------------------------------------------------------------------------


@dataclass
class Answer:
    """What a query gave, cut to the cap: ASK's boolean, SELECT's variables and solutions, or CONSTRUCT's triples."""

    boolean: ox.QueryBoolean | None = None
    variables: list[str] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    graph: bool = False
    truncated: bool = False


class Evaluator:
    """Evaluates queries in daemon threads, at most ``workers`` at once, each with a deadline and a cap.

    See the module docstring for what happens to a query that outlives its timeout.
    """

    def __init__(self, store: Store, *, timeout: float, limit: int, workers: int = WORKERS) -> None:
        self.store = store
        self.timeout = timeout
        self.limit = limit
        self.workers = workers
        self._slots = threading.BoundedSemaphore(workers)

    def run(self, sparql: str, **options: Any) -> Answer:
        """The capped answer to ``sparql``; :class:`HttpError` 400 if malformed, 503 past the deadline.
        ``options`` go to the store's query (``base_iri``, ``default_graph``, ``named_graphs``)."""
        deadline = time.monotonic() + self.timeout
        if not self._slots.acquire(timeout=self.timeout):
            raise HttpError(
                503, f"all {self.workers} query slots are busy (earlier queries still running after their timeout); retry later"
            )
        future: concurrent.futures.Future[Answer] = concurrent.futures.Future()
        threading.Thread(target=self._work, args=(sparql, deadline, future, options), name="fazhi-query", daemon=True).start()
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except concurrent.futures.TimeoutError:
            raise self._timed_out() from None
        except SyntaxError as err:
            raise HttpError(400, f"malformed SPARQL: {first_line(err)}") from None
        except OSError as err:
            raise HttpError(500, f"the store could not be read ({first_line(err)}); restart fazhi serve") from None
        except (ValueError, RuntimeError) as err:
            raise HttpError(500, f"the query failed ({first_line(err)})") from None

    def _work(self, sparql: str, deadline: float, future: concurrent.futures.Future[Answer], options: dict[str, Any]) -> None:
        try:
            future.set_result(self._collect(sparql, deadline, options))
        except Exception as err:  # handed to the waiting request, whatever it is
            # Without its traceback: the frames hold pyoxigraph's result iterator, which must be
            # dropped on the thread that made it.
            future.set_exception(err.with_traceback(None))
        finally:
            self._slots.release()

    def _collect(self, sparql: str, deadline: float, options: dict[str, Any]) -> Answer:
        result = self.store.query(sparql, **options)
        if isinstance(result, ox.QueryBoolean):
            return Answer(boolean=result)
        answer = Answer(graph=isinstance(result, ox.QueryTriples))
        if isinstance(result, ox.QuerySolutions):
            answer.variables = [v.value for v in result.variables]
        for item in result:
            if time.monotonic() > deadline:
                raise self._timed_out()
            if len(answer.items) == self.limit:
                answer.truncated = True
                break
            answer.items.append(item)
        return answer

    def _timed_out(self) -> HttpError:
        return HttpError(503, f"query timed out after {self.timeout:g} s; add LIMIT or narrow it")


# -- writing answers -----------------------------------------------------------------------------

#: The formats that define a boolean answer (SPARQL results JSON and XML); CSV and TSV do not.
_BOOLEAN_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


def serialize(answer: Answer, fmt: Format) -> bytes:
    """An answer in ``fmt`` (a format that fits it: see :func:`choose_format`)."""
    if answer.boolean is not None:
        return answer.boolean.serialize(format=_BOOLEAN_FORMATS[fmt.name]) or b""
    if answer.graph:
        return triples_bytes(answer.items, fmt)
    writer = {"json": solutions_json, "xml": solutions_xml, "csv": solutions_csv, "tsv": solutions_tsv}[fmt.name]
    return writer(answer.variables, answer.items)


def triples_bytes(triples: list[ox.Triple], fmt: Format) -> bytes:
    """Triples as Turtle, N-Triples or RDF/XML (pyoxigraph) or as JSON-LD compacted with fazhi's context (rdflib)."""
    from fazhi.graph.io import PREFIXES

    if fmt.name == "jsonld":
        from rdflib import Graph

        from fazhi.graph.io import jsonld_context
        from fazhi.graph.terms import to_rdflib

        graph = Graph()
        for t in triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        return graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, encoding="utf-8")
    return ox.serialize(triples, format=_RDF_FORMATS[fmt.name], prefixes=PREFIXES) or b""


def solutions_json(variables: list[str], solutions: list[Any]) -> bytes:
    """SPARQL 1.1 Query Results JSON; an unbound variable is left out of its solution.

    >>> print(solutions_json(["x", "y"], [{"x": ox.Literal("法", language="zh"), "y": None}]).decode())
    {"head":{"vars":["x","y"]},"results":{"bindings":[{"x":{"type":"literal","value":"法","xml:lang":"zh"}}]}}
    """
    bindings = [{v: _json_term(s[v]) for v in variables if s[v] is not None} for s in solutions]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
        if term.direction:
            out["its:dir"] = str(term.direction)
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def solutions_xml(variables: list[str], solutions: list[Any]) -> bytes:
    """SPARQL Query Results XML, one result per line.

    >>> print(solutions_xml(["x"], [{"x": ox.BlankNode("b0")}, {"x": None}]).decode())
    <?xml version="1.0" encoding="UTF-8"?>
    <sparql xmlns="http://www.w3.org/2005/sparql-results#">
    <head><variable name="x"/></head>
    <results>
    <result><binding name="x"><bnode>b0</bnode></binding></result>
    <result></result>
    </results>
    </sparql>
    <BLANKLINE>
    """
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    rows = [
        "<result>"
        + "".join(f"<binding name={quoteattr(v)}>{_xml_term(s[v])}</binding>" for v in variables if s[v] is not None)
        + "</result>\n"
        for s in solutions
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        f"<head>{head}</head>\n<results>\n{''.join(rows)}</results>\n</sparql>\n"
    ).encode()


def _xml_text(text: str) -> str:
    return xml_escape(text, {"\r": "&#13;"})  # a raw CR would be read back as a line feed


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = (f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
        return f"<triple>{''.join(parts)}</triple>"
    if term.language:
        attributes = f" xml:lang={quoteattr(term.language)}"
        if term.direction:
            attributes += f" {_ITS} its:dir={quoteattr(str(term.direction))}"
    elif term.datatype.value != _XSD_STRING:
        attributes = f" datatype={quoteattr(term.datatype.value)}"
    else:
        attributes = ""
    return f"<literal{attributes}>{_xml_text(term.value)}</literal>"


def solutions_csv(variables: list[str], solutions: list[Any]) -> bytes:
    r"""SPARQL 1.1 CSV: plain values (no datatype or language), blank nodes as ``_:id``, CRLF line ends.

    >>> solutions_csv(["x", "y"], [{"x": ox.Literal('a "b", c'), "y": ox.NamedNode("http://e/")}])
    b'x,y\r\n"a ""b"", c",http://e/\r\n'
    """
    lines = [",".join(_csv_field(v) for v in variables)]
    lines += [",".join(_csv_field(_csv_term(s[v])) for v in variables) for s in solutions]
    return "".join(line + "\r\n" for line in lines).encode()


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return str(term)
    if isinstance(term, ox.Triple):
        return " ".join(_csv_term(t) for t in (term.subject, term.predicate, term.object))
    return term.value  # type: ignore[no-any-return]


def solutions_tsv(variables: list[str], solutions: list[Any]) -> bytes:
    r"""SPARQL 1.1 TSV: terms in SPARQL syntax (tabs and line breaks escaped), LF line ends.

    >>> solutions_tsv(["x", "y"], [{"x": ox.Literal("a\tb", language="zh"), "y": None}])
    b'?x\t?y\n"a\\tb"@zh\t\n'
    """
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(_tsv_term(s[v]) for v in variables) for s in solutions]
    return "".join(line + "\n" for line in lines).encode()


def _tsv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)  # N-Triples syntax, which escapes tabs and line breaks in literals


# -- the page ------------------------------------------------------------------------------------

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
a cut answer carries the header <code>$truncated: true</code>. A query taking more than $timeout s is
answered with 503.</p>
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


# -- the server ----------------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server answering SPARQL on ``/sparql`` and listing the curated queries on ``/``."""

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: a burst of clients waits instead of being refused

    def __init__(self, address: tuple[str, int], store: Store, *, timeout: float, limit: int) -> None:
        self.store = store
        self.evaluator = Evaluator(store, timeout=timeout, limit=limit)
        self.networks: dict[tuple[str, str], bytes] = {}  # network pages by view and level, made once
        self.reports, self.triples = store.reports(), store.triples()
        self.page = render_page(reports=self.reports, triples=self.triples, timeout=timeout, limit=limit)
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        """The endpoint's URL, with the real port when 0 was asked."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/sparql"


def make_server(
    store: Store, host: str = "127.0.0.1", port: int = 0, *, timeout: float = 30.0, limit: int = 10000
) -> SparqlServer:
    """A server for ``store``, listening but not yet serving: call ``serve_forever()``, then ``server_close()``.

    Port 0 picks a free port (see ``server.url``). A taken port or an unknown host is a :class:`ServeError`.
    """
    try:
        return SparqlServer((host, port), store, timeout=timeout, limit=limit)
    except socket.gaierror as err:
        raise ServeError(f"--host {host}: unknown address ({err.strerror}); use 127.0.0.1 to serve this machine only") from None
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is in use; stop the other server or choose another --port (0 picks a free one)"
            ) from None
        raise ServeError(
            f"cannot listen on {host} port {port} ({err.strerror or err}); choose another --host or --port"
        ) from None


class _Handler(BaseHTTPRequestHandler):
    """``GET /`` (the page), ``GET|POST /sparql`` (queries) and ``OPTIONS /sparql`` (CORS preflight)."""

    server: SparqlServer
    server_version = "fazhi"
    # HTTP/1.1: connections stay open between requests (every answer has a Content-Length) and
    # "Expect: 100-continue" is answered at once; a client silent for READ_TIMEOUT seconds is dropped.
    protocol_version = "HTTP/1.1"
    timeout = READ_TIMEOUT

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def do_HEAD(self) -> None:
        self._answer("GET")  # the GET's status and headers; _send writes no body for HEAD

    def do_PUT(self) -> None:
        self._not_allowed()

    do_DELETE = do_PATCH = do_PUT

    def _not_allowed(self) -> None:
        self._send(
            405,
            "text/plain; charset=utf-8",
            f"{self.command} is not allowed: fazhi serve answers queries only (GET, HEAD, POST, OPTIONS)\n".encode(),
            {"Allow": ALLOWED},
        )

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors the HTTP layer finds itself (a request line too long, a bad header) as fazhi's own:
        one line, with the CORS headers a browser needs to read it."""
        self.close_connection = True
        text = f"{message or self.responses.get(code, ('error',))[0]}\n"
        self._send(code, "text/plain; charset=utf-8", text.encode("utf-8", "replace"), {"Connection": "close"})

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", ALLOWED)
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, method: str) -> None:
        url = urlsplit(self.path)
        try:
            if url.path == "/sparql":
                self._sparql(method, url.query)
            elif url.path == "/" and method == "GET":
                self._send(200, "text/html; charset=utf-8", self.server.page)
            elif url.path == "/network" and method == "GET":
                self._send(200, "text/html; charset=utf-8", self._network(_form(url.query)))
            elif (report := _REPORT_PATH.search(url.path)) and method == "GET":
                self._report(report.group(1))
            else:
                raise HttpError(404, f"{url.path}: no such page; the SPARQL endpoint is /sparql and / lists the curated queries")
        except HttpError as err:
            if method == "POST":  # its body may be unread: the connection cannot carry another request
                self.close_connection = True
            retry = {"Retry-After": str(max(1, math.ceil(self.server.evaluator.timeout)))} if err.status == 503 else {}
            self._send(err.status, "text/plain; charset=utf-8", f"{err}\n".encode(), retry)
        except ConnectionError:
            pass  # the client left
        except Exception as err:  # a bug: answer, and keep serving
            self.log_error("internal error: %s", first_line(err))
            self._send(500, "text/plain; charset=utf-8", f"internal error ({first_line(err)}); please report it\n".encode())

    def _sparql(self, method: str, query_string: str) -> None:
        params = _form(query_string)
        if method == "GET" and not params:  # the endpoint itself: its description, or the query page
            self._describe()
            return
        if method == "POST":
            media = self.headers.get_content_type()
            body = self._body()
            if media == "application/sparql-update":
                raise HttpError(403, _UPDATE_REFUSED)
            if media == "application/x-www-form-urlencoded":
                for key, values in _form(_utf8(body)).items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                params.setdefault("query", []).append(_utf8(body))
            else:
                raise HttpError(415, f"POST body of type {media}: send application/sparql-query or a form with query=")
        if "update" in params:
            raise HttpError(403, _UPDATE_REFUSED)
        if len(params.get("query", [])) != 1:
            raise HttpError(400, "give exactly one query: ?query=SPARQL (GET), or POST it; / lists example queries")
        dataset = _dataset(params)
        wanted = wanted_formats(params.get("format", []))
        sparql = params["query"][0].removeprefix("\ufeff")
        check_read_only(sparql)
        answer = self.server.evaluator.run(sparql, base_iri=self.server.url, **dataset)
        fmt = choose_format(answer.graph, wanted, self.headers.get("Accept"), boolean=answer.boolean is not None)
        self._send(200, fmt.content_type, serialize(answer, fmt), {TRUNCATED_HEADER: "true"} if answer.truncated else {})

    def _describe(self) -> None:
        """GET /sparql without a query: a SPARQL Service Description (Turtle) for RDF clients, the
        query page for browsers."""
        chosen = negotiate(self.headers.get("Accept") or "text/html", [_HTML, _TURTLE, _NTRIPLES])
        if chosen is _HTML or chosen is None:
            self._send(200, "text/html; charset=utf-8", self.server.page)
            return
        self._send(200, "text/turtle; charset=utf-8", service_description(self.server.url, self.server.evaluator.limit))

    def _network(self, params: dict[str, list[str]]) -> bytes:
        """The interactive network page of ``?view=`` (and ``?region-level=``), its reports linked to their pages."""
        from fazhi.network import DEFAULT_REGION_LEVEL, DEFAULT_VIEW, NetworkError, network_page

        key = (params.get("view", [DEFAULT_VIEW])[0], params.get("region-level", [DEFAULT_REGION_LEVEL])[0])
        if key not in self.server.networks:
            try:
                page = network_page(self.server.store, view=key[0], region_level=key[1])
            except NetworkError as err:
                raise HttpError(404, str(err)) from None
            self.server.networks[key] = page.encode("utf-8")
        return self.server.networks[key]

    def _report(self, digest: str) -> None:
        """A report at its IRI's path: its page for a browser, its graph as N-Triples for an RDF client."""
        from fazhi.errors import FazhiError
        from fazhi.report import find_report, render_page, report_view

        try:
            graph, report = find_report(self.server.store, digest)
        except FazhiError as err:
            raise HttpError(404, f"{err}") from None
        accept = self.headers.get("Accept") or "text/html"
        html = negotiate(accept, [_HTML, _NTRIPLES, _TURTLE])
        if html is None:
            raise HttpError(406, "a report is served as text/html (its page), application/n-triples or text/turtle")
        if html is _HTML:
            self._send(
                200, "text/html; charset=utf-8", render_page(report_view(self.server.store, graph, report)).encode("utf-8")
            )
        else:
            self._send(200, html.content_type, self.server.store.ntriples(graph))

    def _body(self) -> bytes:
        """The request body, whole: chunked or by Content-Length. A body cut short (the client left,
        or sent less than it announced) is 400 and never run as a query; a stalled one ends with the
        read timeout."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._chunked()
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise HttpError(400, "Content-Length is not a number") from None
        if length > MAX_BODY:
            raise HttpError(413, f"the request body is over {MAX_BODY} bytes; send a shorter query")
        body = self._read(length)
        return body

    def _read(self, length: int) -> bytes:
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            self.close_connection = True
            raise HttpError(408, f"the request body did not arrive within {READ_TIMEOUT:g} s; send it again") from None
        if len(body) < length:
            self.close_connection = True
            raise HttpError(400, f"the request body ended after {len(body)} of {length} bytes; nothing was run")
        return body

    def _chunked(self) -> bytes:
        """A body sent with Transfer-Encoding: chunked."""
        parts: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(100)
            try:
                chunk = int(line.split(b";")[0].strip() or b"x", 16)
            except ValueError:
                self.close_connection = True
                raise HttpError(400, "a chunked body with a malformed chunk size; nothing was run") from None
            if chunk == 0:
                while self.rfile.readline(1000) not in (b"\r\n", b"\n", b""):  # trailers
                    pass
                return b"".join(parts)
            size += chunk
            if size > MAX_BODY:
                self.close_connection = True
                raise HttpError(413, f"the request body is over {MAX_BODY} bytes; send a shorter query")
            parts.append(self._read(chunk))
            self._read(2)  # the CRLF after each chunk

    def _send(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", TRUNCATED_HEADER)
        self.send_header("Vary", "Accept")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """One short line per request, without the query string (a query can be long)."""
        self.log_message("%s %s %s", self.command, urlsplit(getattr(self, "path", "")).path, code)


def service_description(url: str, limit: int) -> bytes:
    """The endpoint described in the SPARQL 1.1 Service Description vocabulary, as Turtle.

    >>> b"sd:endpoint <http://127.0.0.1:7878/sparql>" in service_description("http://127.0.0.1:7878/sparql", 100)
    True
    """
    formats = ", ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in _SD_FORMATS)
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        f"<{url}> a sd:Service ;\n"
        f"    sd:endpoint <{url}> ;\n"
        "    sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"    sd:resultFormat {formats} ;\n"
        "    sd:feature sd:UnionDefaultGraph ;\n"
        "    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;\n"
        f'    rdfs:comment "fazhi: read-only; the default graph is the union of all report graphs; at most {limit} '
        'solutions or triples per query (X-Fazhi-Truncated: true when cut)"@en .\n'
    ).encode()


#: The result formats the endpoint writes, by their names under http://www.w3.org/ns/formats/.
_SD_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)


def _dataset(params: dict[str, list[str]]) -> dict[str, Any]:
    """The query's dataset from the protocol's ``default-graph-uri`` and ``named-graph-uri`` (they
    override the query's FROM and FROM NAMED); none given: the union of all graphs."""
    defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    if not defaults and not named:
        return {}
    try:
        return {
            "default_graph": [ox.NamedNode(g) for g in defaults] if defaults else ox.DefaultGraph(),
            "named_graphs": [ox.NamedNode(g) for g in named],
        }
    except ValueError as err:
        raise HttpError(400, f"default-graph-uri and named-graph-uri take absolute IRIs ({first_line(err)})") from None


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not UTF-8; send the query as UTF-8") from None


def _form(text: str) -> dict[str, list[str]]:
    """URL-encoded parameters; 400 if they are not UTF-8."""
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "the query parameters are not UTF-8; percent-encode the query as UTF-8") from None


def parse_port(text: str) -> int:
    """A ``--port`` value: 0 to 65535.

    >>> parse_port("8080")
    8080
    >>> parse_port("http")
    Traceback (most recent call last):
    ...
    fazhi.errors.ServeError: --port http: give a number from 1 to 65535, or 0 for a free port
    """
    if not text.isdigit() or int(text) > 65535:
        raise ServeError(f"--port {text}: give a number from 1 to 65535, or 0 for a free port")
    return int(text)
