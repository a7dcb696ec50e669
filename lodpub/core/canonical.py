"""Blank-node labels that do not depend on parsing order, and the bridge from rdflib to pyoxigraph.

Same graph, same labels, in any process: a build's bytes never depend on how a parser named
its blank nodes.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib import Literal as RDFLiteral
from rdflib.compare import to_canonical_graph


def triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    """The order of triples in every file lodpub writes."""
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def triples(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The same triples with blank nodes labelled canonically (rdflib's algorithm)."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    canonical = to_canonical_graph(Graph().parse(data=data, format="nt"))
    return [q.triple for q in ox.parse(canonical.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)]


def triples_of(graph: Graph) -> list[ox.Triple]:
    """An rdflib graph's triples, sorted, each blank node labelled by what it describes.

    A blank node's label is a hash of its triples, the blank nodes they reach labelled the
    same way first; a blank node that describes nothing here keeps its label (the shapes'
    blank nodes, which a validation report points at, are labelled canonically when loaded).
    Same graph, same labels, in any process: a build's bytes never depend on them. Cheaper
    than rdflib's canonicalisation, which took a tenth of a build with a thousand warnings.
    """
    labels: dict[BNode, str] = {}

    def label(node: BNode, above: frozenset = frozenset()) -> str:
        if node in labels:
            return labels[node]
        if node in above:
            raise ValueError(f"a cycle of blank nodes through {node}")
        edges = sorted(
            f"{p.n3()} {label(o, above | {node}) if isinstance(o, BNode) else o.n3()}"
            for p, o in graph.predicate_objects(node)
        )
        labels[node] = hashlib.sha256("\n".join(edges).encode("utf-8")).hexdigest()[:24] if edges else str(node)
        return labels[node]

    try:
        for node in {t for triple in graph for t in triple if isinstance(t, BNode)}:
            label(node)
    except ValueError:  # cycles: rdflib's canonical labelling handles any graph
        graph = to_canonical_graph(graph)
        labels = {t: str(t) for triple in graph for t in triple if isinstance(t, BNode)}
    # Nodes that describe the same thing get the same hash; keep them apart, in a fixed order.
    seen: dict[str, int] = {}
    for node in sorted(labels, key=lambda n: (labels[n], str(n))):
        count = seen.get(labels[node], 0)
        seen[labels[node]] = count + 1
        if count:
            labels[node] = f"{labels[node]}-{count}"

    def term(value):
        if isinstance(value, BNode):
            return ox.BlankNode(labels[value])
        if isinstance(value, RDFLiteral):
            if value.language:
                return ox.Literal(str(value), language=value.language)
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)) if value.datatype else None)
        return ox.NamedNode(str(value))

    return sorted((ox.Triple(term(s), term(p), term(o)) for s, p, o in graph), key=triple_key)
