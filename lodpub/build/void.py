"""The dataset's description (VoID + DCAT, DCAT-AP fields), every count computed from the data."""

from __future__ import annotations

import pyoxigraph as ox

from ..config import Project
from ..core.canonical import triple_key
from ..core.descriptions import dataset_iri
from ..core.namespaces import DCAT, DCTERMS, FOAF, IANA, RDF, SPDX, VOID, XSD
from ..core.statistics import Statistics
from .dumps import Dump

DANISH = "http://publications.europa.eu/resource/authority/language/DAN"
THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"


def describe(project: Project, stats: Statistics, dumps: list[Dump], date: str, example: str | None) -> list[ox.Triple]:
    """The VoID/DCAT triples, sorted."""
    base = project.base
    dataset = ox.NamedNode(dataset_iri(base))
    doc = base + ".well-known/void"
    triples: list[ox.Triple] = []

    def add(s, p: str, o) -> None:
        triples.append(ox.Triple(s, ox.NamedNode(p), o))

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def count(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=iri(XSD + "nonNegativeInteger"))

    add(dataset, RDF + "type", iri(VOID + "Dataset"))
    add(dataset, RDF + "type", iri(DCAT + "Dataset"))
    for lang in ("da", "en"):
        add(dataset, DCTERMS + "title", ox.Literal(project.title[lang], language=lang))
        add(dataset, DCTERMS + "description", ox.Literal(project.description[lang], language=lang))
    publisher = iri(doc + "#publisher")
    add(dataset, DCTERMS + "publisher", publisher)
    add(publisher, RDF + "type", iri(FOAF + "Agent"))
    add(publisher, FOAF + "name", ox.Literal(project.publisher or project.name))
    if project.licence:
        add(dataset, DCTERMS + "license", iri(project.licence))
    add(dataset, DCTERMS + "issued", ox.Literal(date, datatype=iri(XSD + "date")))
    add(dataset, DCTERMS + "modified", ox.Literal(date, datatype=iri(XSD + "date")))
    add(dataset, DCTERMS + "language", iri(DANISH))
    add(dataset, DCAT + "theme", iri(THEME_GOVERNMENT))
    for keyword, lang in (("folketingsspørgsmål", "da"), ("ministersvar", "da"), ("asylcentre", "da"),
                          ("parliamentary questions", "en"), ("ministerial answers", "en"), ("asylum centres", "en")):
        add(dataset, DCAT + "keyword", ox.Literal(keyword, language=lang))
    add(dataset, DCAT + "landingPage", iri(base))
    add(dataset, FOAF + "homepage", iri(base))
    add(dataset, VOID + "uriSpace", ox.Literal(base + "id/"))
    add(dataset, VOID + "sparqlEndpoint", iri(base + "sparql"))
    if example:
        add(dataset, VOID + "exampleResource", iri(example))
    add(dataset, VOID + "triples", count(stats.triples))
    add(dataset, VOID + "entities", count(stats.entities))
    add(dataset, VOID + "distinctSubjects", count(stats.distinct_subjects))
    add(dataset, VOID + "distinctObjects", count(stats.distinct_objects))
    add(dataset, VOID + "classes", count(len(stats.classes)))
    add(dataset, VOID + "properties", count(len(stats.properties)))
    for vocabulary in stats.vocabularies:
        add(dataset, VOID + "vocabulary", iri(vocabulary))
    for number, (cls, n) in enumerate(stats.classes, start=1):
        part = iri(f"{doc}#class-{number}")
        add(dataset, VOID + "classPartition", part)
        add(part, VOID + "class", iri(cls))
        add(part, VOID + "entities", count(n))
    for number, (prop, n) in enumerate(stats.properties, start=1):
        part = iri(f"{doc}#property-{number}")
        add(dataset, VOID + "propertyPartition", part)
        add(part, VOID + "property", iri(prop))
        add(part, VOID + "triples", count(n))
    for dump in dumps:
        name = dump.path.rsplit("/", 1)[-1]
        url = iri(base + dump.path)
        distribution = iri(f"{doc}#{name}")
        if dump.path.startswith("dumps/" + project.name + "."):
            add(dataset, VOID + "dataDump", url)
        add(dataset, DCAT + "distribution", distribution)
        add(distribution, RDF + "type", iri(DCAT + "Distribution"))
        add(distribution, DCTERMS + "title", ox.Literal(dump.title_da, language="da"))
        add(distribution, DCTERMS + "title", ox.Literal(dump.title_en, language="en"))
        add(distribution, DCAT + "downloadURL", url)
        add(distribution, DCAT + "accessURL", url)
        add(distribution, DCAT + "mediaType", iri(IANA + dump.format.media_type))
        add(distribution, DCAT + "compressFormat", iri(IANA + "application/gzip"))
        if dump.format.w3c:
            add(distribution, DCTERMS + "format", iri(dump.format.w3c))
        add(distribution, DCAT + "byteSize", count(dump.size))
        if project.licence:
            add(distribution, DCTERMS + "license", iri(project.licence))
        checksum = iri(f"{doc}#{name}-sha256")
        add(distribution, SPDX + "checksum", checksum)
        add(checksum, RDF + "type", iri(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", ox.Literal(dump.sha256, datatype=iri(XSD + "hexBinary")))
    return sorted(set(triples), key=triple_key)
