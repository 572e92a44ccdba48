"""The SPARQL 1.1 Protocol as fazhi answers it, without HTTP: which formats a request may get, what
a query may do (read only), the dataset it names, and the Service Description.

Pure functions of a request's parameters and headers; :mod:`fazhi.server.app` does the HTTP and
:mod:`fazhi.server.work` the evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

#: The largest request body accepted, in bytes (413 past it).
MAX_BODY = 1 << 20
#: The longest request target (path and query string) accepted, in bytes (414 past it).
MAX_URL = 1 << 16
TRUNCATED_HEADER = "X-Fazhi-Truncated"
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
UPDATE_REFUSED = "this endpoint is read-only: SPARQL Update is refused; change the graph with fazhi build"
#: The formats that define a boolean answer (SPARQL results JSON and XML); CSV and TSV do not.
BOOLEAN_FORMATS = ("json", "xml")


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
HTML = Format(("html",), ("text/html", "application/xhtml+xml"), graph=False)
NTRIPLES = Format(("nt",), ("application/n-triples",), graph=True)
TURTLE = Format(("turtle",), ("text/turtle",), graph=True)  # N-Triples is Turtle


def wanted_formats(values: list[str]) -> list[str]:
    """The ``format=`` values of a request, checked: each must name some format. A value may list
    several, comma-separated (SPARQLWrapper sends its Accept header there too); blanks are dropped.

    >>> wanted_formats(["json", "", "application/ld+json,application/x-json+ld"])
    ['json', 'application/ld+json', 'application/x-json+ld']
    >>> wanted_formats(["jsn"])
    Traceback (most recent call last):
    ...
    fazhi.server.protocol.HttpError: format=jsn: unknown; use one of json xml csv tsv turtle jsonld nt rdfxml
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
    fazhi.server.protocol.HttpError: Accept: text/turtle fits no format of a SELECT answer; accept one of application/sparql-results+json application/sparql-results+xml text/csv text/tab-separated-values, or add format=json

    A CONSTRUCT asked for with a results type only is answered in Turtle (its Content-Type says so):

    >>> choose_format(True, [], "application/sparql-results+json").name
    'turtle'

    An ASK answer has only the formats that define a boolean (JSON, XML):

    >>> choose_format(False, [], "text/csv", boolean=True)
    Traceback (most recent call last):
    ...
    fazhi.server.protocol.HttpError: Accept: text/csv fits no format of an ASK answer; accept one of application/sparql-results+json application/sparql-results+xml, or add format=json
    """
    offered = [f for f in FORMATS if f.graph == graph and (not boolean or f.name in BOOLEAN_FORMATS)]
    form = "a CONSTRUCT or DESCRIBE" if graph else "an ASK" if boolean else "a SELECT"
    if wanted:
        for value in wanted:
            for fmt in offered:
                if fmt.matches(value):
                    return fmt
        raise HttpError(406, f"format={wanted[0]} does not fit {form} answer; use one of {' '.join(f.name for f in offered)}")
    found = negotiate(accept, offered)
    if found is None and graph and negotiate(accept, [f for f in FORMATS if not f.graph]) is not None:
        # A client that sends one Accept for every query form (rdflib's SPARQLStore in JSON or CSV
        # mode) and reads the answer by its Content-Type: triples come as Turtle, said so.
        return offered[0]
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
    fazhi.server.protocol.HttpError: this endpoint is read-only: SPARQL Update (INSERT) is refused; change the graph with fazhi build
    """
    words = keywords(sparql)
    form = next((w for w in words if w not in ("PREFIX", "BASE")), "")
    if form in UPDATE_WORDS:
        raise HttpError(403, f"this endpoint is read-only: SPARQL Update ({form}) is refused; change the graph with fazhi build")
    if "SERVICE" in words:
        raise HttpError(403, "SERVICE is refused: this endpoint answers only from its own graph")


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


@dataclass(frozen=True)
class QueryRequest:
    """A query as a request gives it, checked: its text, the formats it may be answered in, and its
    dataset. Sent to a worker process as is (it pickles)."""

    sparql: str
    base_iri: str
    wanted: tuple[str, ...] = ()
    accept: str | None = None
    #: ``default-graph-uri`` values; empty with ``named`` given: an empty default graph.
    default_graphs: tuple[str, ...] = ()
    #: ``named-graph-uri`` values.
    named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        """Whether the request names its dataset (over the query's FROM and FROM NAMED); if not, the
        default graph is the union of all graphs."""
        return bool(self.default_graphs or self.named_graphs)


def query_request(params: dict[str, list[str]], *, base_iri: str, accept: str | None) -> QueryRequest:
    """The query a request's parameters (from the URL and a form body) ask for; 403 for an update,
    400 for a missing or repeated query or an unknown format.

    >>> query_request({"query": ["\ufeffASK {}"], "format": ["json"]}, base_iri="http://h/sparql", accept=None).sparql
    'ASK {}'
    >>> query_request({"update": ["CLEAR ALL"]}, base_iri="http://h/sparql", accept=None)
    Traceback (most recent call last):
    ...
    fazhi.server.protocol.HttpError: this endpoint is read-only: SPARQL Update is refused; change the graph with fazhi build
    """
    if "update" in params:
        raise HttpError(403, UPDATE_REFUSED)
    if len(params.get("query", [])) != 1:
        raise HttpError(400, "give exactly one query: ?query=SPARQL (GET), or POST it; / lists example queries")
    sparql = params["query"][0].removeprefix("\ufeff")
    check_read_only(sparql)
    return QueryRequest(
        sparql=sparql,
        base_iri=base_iri,
        wanted=tuple(wanted_formats(params.get("format", []))),
        accept=accept,
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
    )


@dataclass(frozen=True)
class Reply:
    """An HTTP answer without the headers every answer carries (CORS, Vary, Content-Length)."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def text(cls, status: int, message: str, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
        """A one-line plain-text answer (errors)."""
        return cls(status, "text/plain; charset=utf-8", f"{message}\n".encode("utf-8", "replace"), headers)


def utf8(body: bytes) -> str:
    """A request body as text; 400 if it is not UTF-8."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not UTF-8; send the query as UTF-8") from None


def form(text: str) -> dict[str, list[str]]:
    """URL-encoded parameters; 400 if they are not UTF-8."""
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "the query parameters are not UTF-8; percent-encode the query as UTF-8") from None
