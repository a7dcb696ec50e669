"""Capping a query's result at max_rows and writing it in the format asked for.

Shared by the worker process (results from the embedded store) and the remote engine (results
parsed, as they stream in, from an external store's SPARQL JSON or N-Triples): both keep at most
max_rows rows, say whether there were more, and write the same bytes for the same rows.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

import pyoxigraph as ox

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_PARSER_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def syntax_message(parser: str) -> str:
    """Oxigraph's "error at 3:1: expected ..." in the words the other refusals use."""
    where = _PARSER_POSITION.match(parser)
    if where is None:
        return f"The query has a syntax error: {parser}"
    line, column, rest = where.groups()
    return f"The query has a syntax error at line {line}, column {column}: {rest}"


def solutions(results: ox.QuerySolutions, fmt, max_rows: int) -> tuple[bytes, int, bool]:
    """At most max_rows solutions in `fmt`, and whether there were more.

    pyoxigraph serialises a whole iterator or nothing, so the kept rows are written as SPARQL
    JSON here; the other formats are pyoxigraph's own writers run on that JSON.
    """
    names = [v.value for v in results.variables]
    bindings, truncated = [], False
    for solution in results:
        if len(bindings) == max_rows:
            truncated = True
            break
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = json_term(term)
        bindings.append(row)
    body = json.dumps(
        {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    if fmt.results != ox.QueryResultsFormat.JSON:
        body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(format=fmt.results)
    return body, len(bindings), truncated


def json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            direction = getattr(term, "direction", None)
            if direction is not None:
                out["its:dir"] = str(direction).rsplit(".", 1)[-1].lower()
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):  # RDF 1.2 triple terms
        return {"type": "triple", "value": {
            "subject": json_term(term.subject), "predicate": json_term(term.predicate), "object": json_term(term.object),
        }}
    raise TypeError(f"unexpected term {term!r}")


def triples(results: Iterable[ox.Triple], fmt, max_rows: int, prefixes: dict[str, str]) -> tuple[bytes, int, bool]:
    """At most max_rows triples in `fmt` (Turtle with the query's prefixes), and whether there were more."""
    kept, truncated = [], False
    for triple in results:
        if len(kept) == max_rows:
            truncated = True
            break
        kept.append(triple)
    if fmt.oxigraph == ox.RdfFormat.TURTLE and prefixes:
        try:  # the query's own prefixes make the Turtle readable
            return ox.serialize(kept, format=fmt.oxigraph, prefixes=prefixes), len(kept), truncated
        except ValueError:  # a prefix the writer will not take (a relative IRI): write IRIs in full
            pass
    return ox.serialize(kept, format=fmt.oxigraph), len(kept), truncated
