"""Publishing the same data under another base: IRIs under one base rewritten to another.

data/, ontology/ and shapes/ name everything under the base of lodpub.toml. A build for another
base (a local server, a staging host, a mirror) reads them through these functions, so every
format written from what was read (pages, Turtle, JSON-LD, N-Triples, RDF/XML, dumps, VoID)
names things under the new base alike. IRIs change, and literals whose whole value is an IRI
under the old base (a namespace given as a string or xsd:anyURI, such as vann:preferredNamespaceUri
and sh:namespace); a literal that merely mentions the base within a text stays as it is.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from .namespaces import XSD

_IRI_TEXT = (XSD + "string", XSD + "anyURI")  # datatypes of a literal that may spell an IRI


def term(value, old: str, new: str):
    """`value` with an IRI under `old` moved under `new` (a datatype IRI too); anything else as it is."""
    if isinstance(value, ox.NamedNode):
        return ox.NamedNode(new + value.value[len(old):]) if value.value.startswith(old) else value
    if isinstance(value, ox.Literal):
        if value.language is None and value.datatype.value.startswith(old):
            value = ox.Literal(value.value, datatype=term(value.datatype, old, new))
        if value.value.startswith(old) and value.datatype.value in _IRI_TEXT and not any(c.isspace() for c in value.value):
            return ox.Literal(new + value.value[len(old):], datatype=value.datatype, language=value.language)
        return value
    if isinstance(value, ox.Triple):
        return triple(value, old, new)
    return value


def triple(value: ox.Triple, old: str, new: str) -> ox.Triple:
    return ox.Triple(term(value.subject, old, new), term(value.predicate, old, new), term(value.object, old, new))


def triples(values: Iterable[ox.Triple], old: str, new: str) -> list[ox.Triple]:
    if old == new:
        return list(values)
    return [triple(t, old, new) for t in values]


def quads(values: Iterable[ox.Quad], old: str, new: str) -> list[ox.Quad]:
    if old == new:
        return list(values)
    return [
        ox.Quad(term(q.subject, old, new), term(q.predicate, old, new), term(q.object, old, new),
                term(q.graph_name, old, new) if isinstance(q.graph_name, ox.NamedNode) else q.graph_name)
        for q in values
    ]
