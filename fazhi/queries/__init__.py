"""Curated SPARQL queries (``*.rq`` beside this file) and the runner for any query.

Each ``.rq`` starts with comment lines: the first says what it answers, a ``# params:`` line
names its parameters (``name = what it is``) or says ``none``. A parameter is bound as a plain
literal, as a language-tagged one (``doc@zh``) or as an IRI (``<source>``); a value reaches the
query text only as an RDF term Oxigraph has escaped, never by formatting the raw string in.

>>> "top-documents" in {q.name for q in curated()}
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from fazhi.errors import QueryError, first_line
from fazhi.graph.store import Store
from fazhi.graph.terms import to_rdflib
from fazhi.queries.text import bind, inject, substitute, tokens

__all__ = [
    "CuratedQuery",
    "Values",
    "bind",
    "check_params",
    "curated",
    "inject",
    "is_graph_query",
    "parse_header",
    "prepare",
    "read_values",
    "resolve",
    "results_to_rows",
    "run",
    "run_graph",
    "substitute",
    "tokens",
    "with_values",
]


@dataclass(frozen=True)
class CuratedQuery:
    """A curated query: its name, what it answers, its parameters and its text."""

    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)
    #: Parameters bound as language-tagged literals (``# params: doc@zh = …``), so a query can match
    #: ``skos:prefLabel ?doc`` exactly: an index lookup, where ``FILTER(STR(?label) = ?doc)`` scans.
    languages: dict[str, str] = field(default_factory=dict)
    #: Parameters bound as IRIs (``# params: <source> = …``), such as a report's source.
    iris: frozenset[str] = frozenset()

    def term(self, name: str, value: str) -> Literal | URIRef:
        """The RDF term a parameter's value is bound as: an IRI, or a literal (language-tagged if declared so)."""
        if name in self.iris:
            return URIRef(check_iri(name, value))
        return Literal(value, lang=self.languages.get(name))

    def bindings(self, params: dict[str, str]) -> dict[str, Literal | URIRef]:
        """Each parameter's value as the term it is bound as (:meth:`term`)."""
        return {name: self.term(name, value) for name, value in params.items()}


def check_iri(name: str, value: str) -> str:
    """``value`` if it is an absolute IRI, else a :class:`QueryError` saying what ``--param name`` needs."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\s]+", value):
        raise QueryError(
            f"--param {name}={value}: give an absolute IRI (file:///…/report.txt or https://…), "
            "as the query document-agencies lists in its source column"
        )
    return value


def parse_header(name: str, text: str) -> CuratedQuery:
    """A query from its text: the first comment line says what it answers, ``# params: name=what; …`` its parameters."""
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("# ").rstrip())
    params: dict[str, str] = {}
    languages: dict[str, str] = {}
    iris: set[str] = set()
    description = comments[0] if comments else name
    for line in comments[1:]:
        m = re.match(r"params?:\s*(.*)", line)
        if m and m.group(1).strip() != "none":
            for part in m.group(1).split(";"):
                key, _, what = part.partition("=")
                key, _, lang = key.strip().partition("@")
                if key.startswith("<") and key.endswith(">"):
                    key = key[1:-1]
                    iris.add(key)
                params[key] = what.strip()
                if lang:
                    languages[key] = lang
    return CuratedQuery(name=name, description=description, text=text, params=params, languages=languages, iris=frozenset(iris))


@cache
def curated() -> tuple[CuratedQuery, ...]:
    """Every curated query, by name."""
    folder = resources.files("fazhi.queries")
    out = [parse_header(f.name[:-3], f.read_text("utf-8")) for f in folder.iterdir() if f.name.endswith(".rq")]
    return tuple(sorted(out, key=lambda q: q.name))


#: Where a query given inline begins: a keyword of SPARQL (or a comment), not a name or a path.
_INLINE = re.compile(r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|WITH|#)\b", re.I)
_UPDATE = re.compile(
    r"^(?:\s|#[^\n]*\n|(?:PREFIX\s+\S*\s*<[^>]*>)|(?:BASE\s*<[^>]*>))*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.I,
)


def resolve(spec: str, stdin_text: str | None = None) -> CuratedQuery:
    """A curated query's name, a ``.rq`` file, SPARQL text itself, or ``-`` (the text given as ``stdin_text``)."""
    if spec == "-":
        return parse_header("stdin", stdin_text or "")
    if _INLINE.match(spec):
        return parse_header("query", spec)
    by_name = {q.name: q for q in curated()}
    if spec in by_name:
        return by_name[spec]
    path = Path(spec)
    if path.suffix == ".rq" or path.exists():
        if not path.exists():
            raise QueryError(f"{spec}: no such query file")
        try:
            return parse_header(spec, path.read_text("utf-8"))
        except UnicodeDecodeError:
            raise QueryError(f"{spec}: not a UTF-8 text file; save the query as UTF-8") from None
    names = ", ".join(by_name)
    raise QueryError(f"{spec}: no curated query of that name and no such .rq file; curated queries: {names}")


@cache
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def prepare(query: CuratedQuery) -> Query:
    """Parse a query once; a syntax error becomes a :class:`QueryError` naming the query."""
    if not query.text.strip():
        raise QueryError(f"{query.name}: the query is empty")
    if _UPDATE.match(query.text):
        raise QueryError(
            f"{query.name}: is a SPARQL Update; fazhi queries only read the graph (change the reports and build again)"
        )
    try:
        return _prepared(query.text)
    except Exception as err:
        raise QueryError(f"{query.name}: malformed SPARQL ({first_line(err)})") from None


def predicates(query: CuratedQuery) -> frozenset[str] | None:
    """The predicate IRIs ``query`` can match (in its patterns, property paths, subqueries and
    EXISTS filters), or None when it can match any: a variable predicate, a negated property
    set, an empty ``GRAPH ?g {}`` or a DESCRIBE. A graph file read for this one query needs only quads with these
    predicates (see :meth:`fazhi.graph.store.Store.from_file`).

    >>> q = CuratedQuery("q", "", "SELECT ?t { ?d a ?c ; <http://x/p>/^<http://x/q>* ?t }")
    >>> sorted(predicates(q))
    ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://x/p', 'http://x/q']
    >>> predicates(CuratedQuery("q", "", "SELECT * { ?s ?p ?o }")) is None
    True
    """
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    algebra = prepare(query).algebra
    if algebra.name == "DescribeQuery":
        return None
    found: set[str] = set()

    def path(p: Any) -> bool:
        """Collect the IRIs of a predicate or path; False if it can match any predicate."""
        if isinstance(p, URIRef):
            found.add(str(p))
            return True
        if isinstance(p, (SequencePath, AlternativePath)):
            return all(path(a) for a in p.args)
        if isinstance(p, InvPath):
            return path(p.arg)
        if isinstance(p, MulPath):
            return path(p.path)
        return False  # a variable, a negated property set (NegatedPath), or a path fazhi does not know

    def walk(node: Any) -> bool:
        if isinstance(node, dict):  # rdflib's CompValue: a pattern, an expression, a subquery
            inner = dict.get(node, "p")
            empty = isinstance(inner, dict) and getattr(inner, "name", "") == "BGP" and not dict.get(inner, "triples")
            if getattr(node, "name", "") == "Graph" and empty:
                return False  # GRAPH ?g {} lists every graph, whatever its quads
            if "triples" in node and not all(path(t[1]) for t in dict.__getitem__(node, "triples")):
                return False
            return all(walk(v) for k, v in dict.items(node) if k != "triples")
        if isinstance(node, (list, tuple)):
            return all(walk(v) for v in node)
        return True

    return frozenset(found) if walk(algebra) else None


#: Parameters that name a document: typed as a user would (民法典, other brackets or dashes), read as the linker reads.
DOCUMENT_PARAMS = frozenset({"doc"})


def canonical_document(value: str) -> str:
    """The title a typed document name stands for, as the linker would link it: 民法典 →
    中华人民共和国民法典; （2021-2025年） → （2021—2025年）; an unknown title in its published form.

    >>> canonical_document("民法典"), canonical_document("法治政府建设实施纲要(2021-2025年)")
    ('中华人民共和国民法典', '法治政府建设实施纲要（2021—2025年）')
    """
    from fazhi.extraction.linking import near_title
    from fazhi.ontology.legislation import legislation
    from fazhi.ontology.normalize import clean_title, display_title

    vocab = legislation()
    title = clean_title(value.strip().strip("《》"))
    entry = vocab.lookup(title)
    if entry is None:
        near = near_title(vocab, title)
        entry = near[0] if near else None
    return entry.title if entry is not None else display_title(title)


def nearest_documents(value: str, n: int = 3) -> list[str]:
    """Known titles closest to ``value``, for a user whose title matched nothing."""
    import difflib

    from fazhi.ontology.legislation import legislation

    titles = [e.title for e in legislation().entries]
    return difflib.get_close_matches(value, titles, n=n, cutoff=0.4)


def check_params(query: CuratedQuery, params: dict[str, str]) -> None:
    """A :class:`QueryError` saying which ``--param`` a query still needs, or does not take."""
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        takes = ", ".join(query.params) or "none"
        raise QueryError(f"{query.name}: takes no parameter {', '.join(unknown)} (it takes: {takes})")
    missing = [p for p in query.params if p not in params]
    if missing:
        hint = " ".join(f"--param {p}=…" for p in missing)
        raise QueryError(f"{query.name}: needs {hint} ({'; '.join(query.params[p] for p in missing)})")


@dataclass(frozen=True)
class Values:
    """A table to join with a query: each column a variable, each cell a plain literal.

    An empty cell is the empty string, not UNDEF: an unbound key would join with every row.

    >>> Values(("code", "budget"), (("500155", "12"), ("500156", ""))).clause()
    'VALUES (?code ?budget) { ("500155" "12") ("500156" "") }'
    """

    names: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def clause(self) -> str:
        cells = (" ".join(str(ox.Literal(v)) for v in row) for row in self.rows)
        return f"VALUES ({' '.join('?' + n for n in self.names)}) {{ {' '.join(f'({c})' for c in cells)} }}"


_VARIABLE = re.compile(r"[A-Za-z_\u00C0-\uFFFD][\w\u00B7\u0300-\u036F\u203F-\u2040\u00C0-\uFFFD]*")


def read_values(path: str | Path) -> Values:
    """A CSV (or ``.tsv``) file with a header row as :class:`Values`; the header names the variables.

    Header names are used as SPARQL variables (Chinese names work: ``?统一社会信用代码``).
    """
    import csv

    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such file; give a CSV file with a header row") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise QueryError(f"{path}: not a UTF-8 text file; save the table as CSV (UTF-8)") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t" if p.suffix.lower() == ".tsv" else ","))
    if not rows or not any(rows[0]):
        raise QueryError(f"{path}: the table is empty; it needs a header row naming its columns")
    names = tuple(h.strip() for h in rows[0])
    bad = [h for h in names if not _VARIABLE.fullmatch(h)]
    if bad or len(set(names)) != len(names):
        raise QueryError(
            f"{path}: column names must be distinct SPARQL variable names (letters, digits, _); rename {bad[0] if bad else 'the repeated one'!r}"
        )
    body = [tuple(c.strip() for c in r) for r in rows[1:] if any(c.strip() for c in r)]
    short = [i + 2 for i, r in enumerate(body) if len(r) != len(names)]
    if short:
        raise QueryError(f"{path}: line {short[0]} has another number of cells than the header ({len(names)})")
    return Values(names, tuple(body))


def with_values(query: CuratedQuery, values: Values | None) -> CuratedQuery:
    """``query`` joined with a table of values (unchanged when there is none)."""
    if values is None:
        return query
    return replace(query, text=inject(query.text, values.clause()))


def run(target: Dataset | Store, query: CuratedQuery, params: dict[str, str] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run a SELECT or ASK query on an rdflib Dataset or a :class:`~fazhi.graph.store.Store`: the
    variable names and the rows, as rdflib terms; the same rows either way (a test compares every
    curated query on both).

    A parameter is bound as the term :meth:`CuratedQuery.term` makes of it: on a Dataset as
    rdflib's ``initBindings``, on a store by :func:`~fazhi.queries.text.bind`.
    """
    params = params or {}
    check_params(query, params)
    params = {k: canonical_document(v) if k in DOCUMENT_PARAMS else v for k, v in params.items()}
    prepared = prepare(query)  # the same syntax errors on a graph file and on a store
    if not isinstance(target, Dataset):
        try:
            return results_to_rows(target.query(bind(query.text, query.bindings(params))))
        except (OSError, SyntaxError, ValueError, RuntimeError) as err:
            raise QueryError(f"{query.name}: the query failed ({first_line(err)})") from None
    bindings: dict[str, Any] = {Variable(k): t for k, t in query.bindings(params).items()}
    try:
        result = target.query(prepared, initBindings=bindings)
    except Exception as err:
        raise QueryError(f"{query.name}: the query failed ({first_line(err)})") from None
    if result.type == "ASK":
        return ["ask"], [[bool(result.askAnswer)]]
    if result.type != "SELECT":
        raise QueryError(
            f"{query.name}: only SELECT and ASK queries give rows; a CONSTRUCT or DESCRIBE gives triples (fazhi query prints them as Turtle)"
        )
    names = [str(v) for v in result.vars or []]
    rows = [[row[i] for i in range(len(names))] for row in result]  # type: ignore[index]
    return names, rows


def is_graph_query(query: CuratedQuery) -> bool:
    """Whether ``query`` is a CONSTRUCT or DESCRIBE, whose answer is triples, not rows."""
    return prepare(query).algebra.name in ("ConstructQuery", "DescribeQuery")


#: Formats a CONSTRUCT or DESCRIBE answer prints in.
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def run_graph(target: Dataset | Store, query: CuratedQuery, params: dict[str, str], fmt: str = "turtle") -> bytes:
    """The triples a CONSTRUCT or DESCRIBE gives, as Turtle (with fazhi's prefixes) or N-Triples."""
    from fazhi.graph.io import PREFIXES

    check_params(query, params)
    params = {k: canonical_document(v) if k in DOCUMENT_PARAMS else v for k, v in params.items()}
    prepare(query)
    store = Store.from_dataset(target) if isinstance(target, Dataset) else target
    try:
        triples = list(store.query(bind(query.text, query.bindings(params))))
    except (OSError, SyntaxError, ValueError, RuntimeError) as err:
        raise QueryError(f"{query.name}: the query failed ({first_line(err)})") from None
    options: dict[str, Any] = {"prefixes": PREFIXES} if fmt == "turtle" else {}
    return ox.serialize(sorted(triples, key=str), format=GRAPH_FORMATS[fmt], **options) or b""


def to_python(term: Any) -> Any:
    """A result term as Python: a number or boolean literal as its value, any other term as its text,
    unbound as None (so JSON and pandas keep numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | bool) else str(term)
    return term if isinstance(term, int | float | bool) else str(term)


def results_to_rows(result: Any) -> tuple[list[str], list[list[Any]]]:
    """pyoxigraph query results → ``(names, rows)`` with rdflib terms, the shape :func:`run` returns."""
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[bool(result)]]
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(
            "only SELECT and ASK queries give rows; a CONSTRUCT or DESCRIBE gives triples (fazhi query prints them as Turtle)"
        )
    variables = list(result.variables)
    names = [v.value for v in variables]
    # Listings repeat their terms (agency, region, year, source) row after row, and rdflib's
    # literals are slow to make: each distinct term is converted once per result.
    terms: dict[Any, Any] = {}

    def term(value: Any) -> Any:
        if value not in terms:
            terms[value] = to_rdflib(value)
        return terms[value]

    rows = [[term(solution[v]) for v in variables] for solution in result]
    return names, rows
