"""The RDF description document of an entity: its triples, the labels of what it links to, and
metadata of the document itself (what it is about, what it is part of, its licence).

Incoming links are left to the HTML page and SPARQL: a concept such as an offer kind is the
object of thousands of triples, and its document should stay small.
"""

from __future__ import annotations

import pyoxigraph as ox

from .canonical import triple_key
from .entities import Entity, Index
from .namespaces import DCTERMS, FOAF, RDF, RDFS
from .triples import oxigraph


def dataset_iri(base: str) -> str:
    return base + ".well-known/void#dataset"


def describe(entity: Entity, index: Index) -> list[ox.Triple]:
    """The triples of `entity`'s document, sorted."""
    project = index.project
    triples = set(oxigraph(entity.triples))  # pyoxigraph's, as the labels added below are
    own = entity.iri
    linked = {t.object.value for t in entity.triples if isinstance(t.object, ox.NamedNode)}
    label = RDFS.label
    for iri in linked:
        if iri.split("#", 1)[0] == own:
            continue
        for lang, text in index.labels.get(iri, {}).items():
            triples.add(ox.Triple(ox.NamedNode(iri), label, ox.Literal(text, language=lang) if lang else ox.Literal(text)))
    doc = ox.NamedNode(project.base + entity.path)
    triples.update([
        ox.Triple(doc, RDF.type, FOAF.Document),
        ox.Triple(doc, FOAF.primaryTopic, ox.NamedNode(own)),
        ox.Triple(doc, DCTERMS.isPartOf, ox.NamedNode(dataset_iri(project.base))),
    ])
    if project.licence:
        triples.add(ox.Triple(doc, DCTERMS.license, ox.NamedNode(project.licence)))
    for lang in ("da", "en"):
        name = index.label(own, lang)
        if name:
            prefix = "Beskrivelse af" if lang == "da" else "Description of"
            triples.add(ox.Triple(doc, DCTERMS.title, ox.Literal(f"{prefix} {name}", language=lang)))
    return sorted(triples, key=triple_key)
