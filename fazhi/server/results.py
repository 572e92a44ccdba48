"""Answers written in the SPARQL results formats (JSON, XML, CSV, TSV) and the RDF formats.

pyoxigraph can only serialise a whole solution iterator, and an answer here is cut to the
endpoint's cap first, so the SELECT writers are written here; they follow the W3C results
formats and pyoxigraph's own output. ASK goes through pyoxigraph; triples through
:func:`pyoxigraph.serialize` (or rdflib for JSON-LD compacted with fazhi's context).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from fazhi.server.protocol import Format

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ITS = 'xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"'


@dataclass
class Answer:
    """What a query gave, cut to the cap: ASK's boolean, SELECT's variables and solutions, or CONSTRUCT's triples."""

    boolean: ox.QueryBoolean | None = None
    variables: list[str] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    graph: bool = False
    truncated: bool = False


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
