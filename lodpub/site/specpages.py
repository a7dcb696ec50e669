"""Page models for the vocabulary, the shapes and the validation report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from ..core.namespaces import DCTERMS, OWL, RDF_TYPE, RDFS, SKOS
from ..core.statistics import Statistics
from ..validate import Report
from .pages import Label, Link, Linker

CLASS_TYPES = {OWL + "Class", RDFS + "Class"}
PROPERTY_TYPES = {OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", str(RDF.Property)}


@dataclass(frozen=True)
class Term:
    anchor: str
    iri: str
    label: Label
    comment: Label | None
    domain: tuple[Link, ...]
    range: tuple[Link, ...]
    parents: tuple[Link, ...]
    equivalents: tuple[Link, ...]
    used: int


@dataclass(frozen=True)
class Concept:
    link: Link
    notation: str | None
    definition: Label | None


@dataclass(frozen=True)
class Scheme:
    link: Link
    description: Label | None
    concepts: tuple[Concept, ...]


@dataclass(frozen=True)
class VocabPage:
    iri: str
    title: Label
    description: Label | None
    version: str | None
    classes: tuple[Term, ...]
    properties: tuple[Term, ...]
    schemes: tuple[Scheme, ...]


def _bilingual(values: dict[str, str]) -> Label | None:
    if not values:
        return None
    da, en = values.get("da") or values.get(""), values.get("en")
    return Label(da or en or "", en if da and en != da else None)


def vocab_page(vocabulary: list[ox.Triple], linker: Linker, stats: Statistics) -> VocabPage:
    vocab = linker.index.project.vocab
    about: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in vocabulary:
        if isinstance(t.subject, ox.NamedNode):
            about[t.subject.value][t.predicate.value].append(t.object)

    def texts(iri: str, predicate: str) -> dict[str, str]:
        return {o.language or "": o.value for o in about[iri].get(predicate, []) if isinstance(o, ox.Literal)}

    def links(iri: str, *predicates: str) -> tuple[Link, ...]:
        return tuple(linker.link(o.value) for p in predicates for o in about[iri].get(p, []) if isinstance(o, ox.NamedNode))

    used_as_property = dict(stats.properties)
    used_as_class = dict(stats.classes)
    classes, properties = [], []
    for iri in sorted(about):
        if not iri.startswith(vocab) or iri == vocab:
            continue
        types = {o.value for o in about[iri].get(RDF_TYPE, [])}
        term = Term(
            anchor=iri[len(vocab):],
            iri=iri,
            label=_bilingual(texts(iri, RDFS + "label")) or Label(iri[len(vocab):]),
            comment=_bilingual(texts(iri, RDFS + "comment") or texts(iri, SKOS + "definition")),
            domain=links(iri, RDFS + "domain"),
            range=links(iri, RDFS + "range"),
            parents=links(iri, RDFS + "subClassOf", RDFS + "subPropertyOf"),
            equivalents=links(iri, OWL + "equivalentClass", OWL + "equivalentProperty"),
            used=used_as_class.get(iri, 0) if types & CLASS_TYPES else used_as_property.get(iri, 0),
        )
        if types & CLASS_TYPES:
            classes.append(term)
        elif types & PROPERTY_TYPES:
            properties.append(term)

    schemes = []
    for iri in sorted(about):
        if SKOS + "ConceptScheme" not in {o.value for o in about[iri].get(RDF_TYPE, [])}:
            continue
        members = sorted(
            (c for c in about if any(o.value == iri for o in about[c].get(SKOS + "inScheme", []))),
        )
        concepts = tuple(
            Concept(
                link=linker.link(c),
                notation=next(iter(texts(c, SKOS + "notation").values()), None),
                definition=_bilingual(texts(c, SKOS + "definition")),
            )
            for c in members
        )
        schemes.append(Scheme(linker.link(iri), _bilingual(texts(iri, DCTERMS + "description")), concepts))

    ontology = vocab.rstrip("#")
    title = _bilingual(texts(ontology, DCTERMS + "title")) or Label("Ordforråd", "Vocabulary")
    version = next(iter(texts(ontology, OWL + "versionInfo").values()), None)
    return VocabPage(
        iri=ontology, title=title, description=_bilingual(texts(ontology, DCTERMS + "description")),
        version=version, classes=tuple(classes), properties=tuple(properties), schemes=tuple(schemes),
    )


@dataclass(frozen=True)
class Constraint:
    path: str | None
    parameters: tuple[tuple[str, str], ...]
    severity: str
    message: Label | None


@dataclass(frozen=True)
class Shape:
    anchor: str
    name: str
    targets: tuple[str, ...]
    constraints: tuple[Constraint, ...]


_NOT_PARAMETERS = {SH.path, SH.message, SH.severity, SH.name, SH.description, RDF.type, SH.property,
                   SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.order, SH.group}


def shapes_page(shapes: Graph) -> list[Shape]:
    """Every node shape with its own constraints and those of its property shapes."""
    names = shapes.namespace_manager

    def show(term) -> str:
        if isinstance(term, BNode) and (term, RDF.first, None) in shapes:
            return "(" + " ".join(show(item) for item in Collection(shapes, term)) + ")"
        if isinstance(term, BNode):
            inner = "; ".join(f"{names.normalizeUri(p)} {show(o)}" for p, o in sorted(shapes.predicate_objects(term)))
            return f"[ {inner} ]"
        if isinstance(term, Literal):
            text = str(term)
            return text if len(text) < 300 else text[:300] + "…"
        return names.normalizeUri(term)

    def constraint(node, path) -> Constraint:
        messages = {(m.language or ""): str(m) for m in shapes.objects(node, SH.message) if isinstance(m, Literal)}
        parameters = tuple(sorted(
            (names.normalizeUri(p), show(o)) for p, o in shapes.predicate_objects(node) if p not in _NOT_PARAMETERS
        ))
        severity = shapes.value(node, SH.severity)
        return Constraint(
            path=show(path) if path is not None else None,
            parameters=parameters,
            severity=names.normalizeUri(severity).split(":")[-1] if severity else "Violation",
            message=_bilingual(messages),
        )

    result = []
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = tuple(show(o) for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                        for o in sorted(shapes.objects(node, p)))
        constraints = [constraint(node, None)] if any(
            p not in _NOT_PARAMETERS for p, _ in shapes.predicate_objects(node)) else []
        for prop in sorted(shapes.objects(node, SH.property), key=lambda n: (show(shapes.value(n, SH.path)), str(n))):
            constraints.append(constraint(prop, shapes.value(prop, SH.path)))
        name = names.normalizeUri(node) if isinstance(node, URIRef) else f"_:{node}"
        result.append(Shape(anchor=name.split(":")[-1].split("#")[-1], name=name, targets=targets, constraints=tuple(constraints)))
    return result


@dataclass(frozen=True)
class ReportRow:
    focus: str
    path: str | None
    severity: str
    message: Label
    where: str | None


# Results listed one by one on the report page; the rest are counted by kind, and every one is
# in validation.ttl and `lodpub validate`. At 10,000 answers the warnings alone are thousands,
# and the page must stay small enough to open.
REPORT_ROWS_SHOWN = 200


@dataclass(frozen=True)
class ReportGroup:
    """The results of one kind: same severity, path and message, counted."""

    severity: str
    path: str | None
    message: Label
    count: int


@dataclass(frozen=True)
class ReportPage:
    groups: tuple[ReportGroup, ...]  # the most frequent first
    rows: tuple[ReportRow, ...]  # the first REPORT_ROWS_SHOWN results, in report order
    total: int


def report_page(report: Report, shown: int = REPORT_ROWS_SHOWN) -> ReportPage:
    rows = report_rows(report)
    counts: dict[tuple, int] = {}
    for row in rows:
        kind = (row.severity, row.path or "", row.message.da, row.message.en or "")
        counts[kind] = counts.get(kind, 0) + 1
    groups = [
        ReportGroup(severity, path or None, Label(da, en or None), count)
        for (severity, path, da, en), count in counts.items()
    ]
    groups.sort(key=lambda g: (-g.count, g.severity, g.path or "", g.message.da))
    return ReportPage(tuple(groups), tuple(rows[:shown]), len(rows))


def report_rows(report: Report) -> list[ReportRow]:
    return [
        ReportRow(
            focus=r.focus, path=r.path, severity=r.severity,
            message=_bilingual(r.messages) or Label(""),
            where=f"{r.file.name}:{r.line}" if r.file else None,
        )
        for r in report.results
    ]
