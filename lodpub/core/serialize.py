"""Serialising sorted triples in every published syntax, JSON-LD compacted against our context.

Output order is the input order; callers pass sorted triples so files are byte-stable.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

import pyoxigraph as ox

from ..config import Project
from .formats import JSONLD, Format
from .namespaces import PREFIXED_KINDS, PREFIXES, RDF_TYPE, XSD_STRING
from .triples import oxigraph


def prefixes(project: Project) -> dict[str, str]:
    """Prefix -> namespace, as every Turtle file and the JSON-LD context use them."""
    table = {name: str(ns) for name, ns in PREFIXES.items()}
    table["ftv"] = project.vocab
    table.update({kind: project.iri(kind, "") for kind in PREFIXED_KINDS})
    return dict(sorted(table.items()))


def context(project: Project) -> dict:
    """The published JSON-LD context: our prefixes, nothing that changes a term's meaning."""
    return {"@context": prefixes(project)}


def serialize(triples: Iterable[ox.Triple], fmt: Format, project: Project) -> bytes:
    """`triples` (already in the order wanted) as `fmt`."""
    triples = list(triples)
    if fmt is JSONLD:
        return jsonld(triples, project)
    if fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        return ox.serialize(oxigraph(triples), format=fmt.oxigraph, prefixes=prefixes(project))
    return ox.serialize(oxigraph(triples), format=fmt.oxigraph)


def prefix_lines(fmt: Format, project: Project) -> bytes:
    """The prefix lines pyoxigraph opens Turtle or TriG with (it writes them with the first triple):
    what a text written in parts has once, at its start."""
    names = (ox.NamedNode(f"urn:x:{name}") for name in "spog")
    sample = ox.Quad(*names) if fmt.oxigraph is ox.RdfFormat.TRIG else ox.Triple(*list(names)[:3])
    header = bytearray()
    for line in ox.serialize([sample], format=fmt.oxigraph, prefixes=prefixes(project)).splitlines(keepends=True):
        if not line.startswith(b"@prefix "):
            break
        header += line
    return bytes(header)


def jsonld(triples: list[ox.Triple], project: Project, embed_context: bool = True) -> bytes:
    """Compacted JSON-LD: one node object per subject, compact IRIs, single values unwrapped.

    Equivalent to JSON-LD compaction against `context(project)` (a context of prefixes only),
    done directly because it is a linear pass while a general compactor is not. One node object
    per line: readable and diffable, and written by json's C encoder (any indent would use the
    pure-Python one, several times slower on a whole-dataset dump).
    """
    compact = _compactor(project)
    nodes: dict[str, dict] = {}
    for triple in triples:
        subject = _node_id(triple.subject, compact)
        _add(nodes.setdefault(subject, {"@id": subject}), triple, compact)
    return "".join(_document(project, embed_context, (_encode(node) for node in nodes.values()))).encode("utf-8")


def jsonld_nodes(triples: Iterable[ox.Triple], project: Project) -> Iterator[str]:
    """The node objects of `jsonld(triples, project)`, one line each, made a node at a time, for
    triples that come subject by subject (sorted, as the dataset's are): the whole-dataset dump's
    nodes, lines and text were each held at once, gigabytes at 10,000 answers. ValueError when a
    subject comes back after another one, which would make a second node object for it."""
    compact = _compactor(project)
    node, last, seen = None, None, ""
    for triple in triples:
        if triple.subject != last:
            if node is not None:
                yield _encode(node)
            last = triple.subject
            key = str(last)
            if key < seen:
                raise ValueError(f"JSON-LD written node by node needs sorted triples; {key} came after {seen}")
            seen = key
            subject = _node_id(last, compact)
            node = {"@id": subject}
        _add(node, triple, compact)
    if node is not None:
        yield _encode(node)


def jsonld_head(project: Project) -> str:
    """What a JSON-LD document with its context embedded opens with, before its "@graph"."""
    return "{" + f'"@context": {_encode_json(prefixes(project))},\n'


# Between a document's head and its first node, between nodes, and after the last; or, with no
# node, after its head.
JSONLD_OPEN, JSONLD_BETWEEN, JSONLD_CLOSE, JSONLD_EMPTY = '"@graph": [\n', ",\n", "\n]}\n", '"@graph": []}\n'


def _compactor(project: Project):
    by_length = sorted(prefixes(project).items(), key=lambda item: -len(item[1]))
    compacted: dict[str, str] = {}  # the same few hundred predicates and classes recur throughout

    def compact(iri: str) -> str:
        found = compacted.get(iri)
        if found is None:
            found = compacted[iri] = _compact(iri, by_length)
        return found

    return compact


def _add(node: dict, triple: ox.Triple, compact) -> None:
    predicate = triple.predicate.value
    if predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
        node.setdefault("@type", []).append(compact(triple.object.value))
    else:
        node.setdefault(compact(predicate), []).append(_value(triple.object, compact))


_encode_json = json.JSONEncoder(ensure_ascii=False).encode


def _encode(node: dict) -> str:
    return _encode_json({key: (value[0] if isinstance(value, list) and len(value) == 1 else value) for key, value in node.items()})


def _document(project: Project, embed_context: bool, lines: Iterable[str]) -> Iterator[str]:
    """The document's text in pieces: the context, then the node lines."""
    yield jsonld_head(project) if embed_context else "{"
    first = True
    for line in lines:
        yield (JSONLD_OPEN if first else JSONLD_BETWEEN) + line
        first = False
    yield JSONLD_EMPTY if first else JSONLD_CLOSE


def _compact(iri: str, by_length: list[tuple[str, str]]) -> str:
    for prefix, namespace in by_length:
        if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("//"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _node_id(term, compact) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return compact(term.value)


def _value(term, compact):
    if isinstance(term, ox.NamedNode):
        return {"@id": compact(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": compact(datatype)}
