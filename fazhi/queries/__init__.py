"""Curated SPARQL queries (``*.rq`` beside this file) and the runner for any query.

Each ``.rq`` starts with comment lines: the first says what it answers, a ``# params:`` line
names its parameters (``name = what it is``) or says ``none``. Parameters are bound as
literals, never formatted into the query text.

>>> "top-documents" in {q.name for q in curated()}
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Dataset, Literal, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from fazhi.errors import QueryError, first_line


@dataclass(frozen=True)
class CuratedQuery:
    """A curated query: its name, what it answers, its parameters and its text."""

    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)


def parse_header(name: str, text: str) -> CuratedQuery:
    """A query from its text: the first comment line says what it answers, ``# params: name=what; …`` its parameters."""
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("# ").rstrip())
    params: dict[str, str] = {}
    description = comments[0] if comments else name
    for line in comments[1:]:
        m = re.match(r"params?:\s*(.*)", line)
        if m and m.group(1).strip() != "none":
            for part in m.group(1).split(";"):
                key, _, what = part.partition("=")
                params[key.strip()] = what.strip()
    return CuratedQuery(name=name, description=description, text=text, params=params)


@cache
def curated() -> tuple[CuratedQuery, ...]:
    """Every curated query, by name."""
    folder = resources.files("fazhi.queries")
    out = [parse_header(f.name[:-3], f.read_text("utf-8")) for f in folder.iterdir() if f.name.endswith(".rq")]
    return tuple(sorted(out, key=lambda q: q.name))


def resolve(spec: str, stdin_text: str | None = None) -> CuratedQuery:
    """A curated query's name, a ``.rq`` file, or ``-`` (the text given as ``stdin_text``)."""
    if spec == "-":
        return parse_header("stdin", stdin_text or "")
    by_name = {q.name: q for q in curated()}
    if spec in by_name:
        return by_name[spec]
    path = Path(spec)
    if path.suffix == ".rq" or path.exists():
        if not path.exists():
            raise QueryError(f"{spec}: no such query file")
        try:
            return parse_header(path.stem, path.read_text("utf-8"))
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
    try:
        return _prepared(query.text)
    except Exception as err:
        raise QueryError(f"{query.name}: malformed SPARQL ({first_line(err)})") from None


def check_params(query: CuratedQuery, params: dict[str, str]) -> None:
    """A :class:`QueryError` saying which ``--param`` a query still needs, if any."""
    missing = [p for p in query.params if p not in params]
    if missing:
        hint = " ".join(f"--param {p}=…" for p in missing)
        raise QueryError(f"{query.name}: needs {hint} ({'; '.join(query.params[p] for p in missing)})")


def run(ds: Dataset, query: CuratedQuery, params: dict[str, str] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run a SELECT or ASK query on ``ds``; returns the variable names and the rows."""
    params = params or {}
    check_params(query, params)
    prepared = prepare(query)
    bindings = {Variable(k): Literal(v) for k, v in params.items()}
    try:
        result = ds.query(prepared, initBindings=bindings)
    except Exception as err:
        raise QueryError(f"{query.name}: the query failed ({first_line(err)})") from None
    if result.type == "ASK":
        return ["ask"], [[bool(result.askAnswer)]]
    if result.type != "SELECT":
        raise QueryError(f"{query.name}: only SELECT and ASK queries print as tables; use fazhi serve for CONSTRUCT")
    names = [str(v) for v in result.vars or []]
    rows = [[row[i] for i in range(len(names))] for row in result]
    return names, rows
