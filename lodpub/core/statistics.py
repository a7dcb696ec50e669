"""Counts over the dataset: triples, entities, classes and properties, as VoID reports them and the
vocabulary page shows them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pyoxigraph as ox

from ..config import Project
from .namespaces import RDF_TYPE


@dataclass(frozen=True)
class Statistics:
    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: tuple[tuple[str, int], ...]  # class IRI, instances
    properties: tuple[tuple[str, int], ...]  # property IRI, triples
    vocabularies: tuple[str, ...]


def statistics(project: Project, triples: list[ox.Triple]) -> Statistics:
    """Counts over the union of all graphs, as a SPARQL COUNT over the default graph gives them."""
    space = project.base + "id/"
    subjects = {t.subject for t in triples}
    instances: dict[str, set] = {}
    properties: Counter[str] = Counter()
    for t in triples:
        properties[t.predicate.value] += 1
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            instances.setdefault(t.object.value, set()).add(t.subject)
    used = set(properties) | set(instances)
    return Statistics(
        triples=len(triples),
        entities=sum(1 for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(space)),
        distinct_subjects=len(subjects),
        distinct_objects=len({t.object for t in triples}),
        classes=tuple(sorted((c, len(members)) for c, members in instances.items())),
        properties=tuple(sorted(properties.items())),
        vocabularies=tuple(sorted({_namespace(iri) for iri in used})),
    )


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
