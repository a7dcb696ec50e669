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
    """Counts over the union of all graphs, as a SPARQL COUNT over the default graph gives them.

    `triples` are sorted, as the dataset's are, so each subject's triples come together: the
    distinct subjects are counted as runs in one pass instead of hashed into a set (with the
    set of objects, the two took two thirds of the time).
    """
    space = project.base + "id/"
    instances: dict[str, set] = {}
    properties: Counter[str] = Counter()
    objects = set()
    subjects = entities = 0
    last = None
    for t in triples:
        subject, predicate, obj = t.subject, t.predicate.value, t.object
        if subject != last:
            last = subject
            subjects += 1
            entities += isinstance(subject, ox.NamedNode) and subject.value.startswith(space)
        properties[predicate] += 1
        objects.add(obj)
        if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
            instances.setdefault(obj.value, set()).add(subject)
    used = set(properties) | set(instances)
    return Statistics(
        triples=len(triples),
        entities=entities,
        distinct_subjects=subjects,
        distinct_objects=len(objects),
        classes=tuple(sorted((c, len(members)) for c, members in instances.items())),
        properties=tuple(sorted(properties.items())),
        vocabularies=tuple(sorted({_namespace(iri) for iri in used})),
    )


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
