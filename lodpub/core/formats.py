"""The one table of formats: media type, file extension and parser/serialiser names.

Build, the static-hosting rules and the server all read it, so a format is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .namespaces import FORMATS


@dataclass(frozen=True)
class Format:
    name: str  # the value of ?format= and the short name in messages
    media_type: str
    extension: str  # without the dot
    oxigraph: ox.RdfFormat | None  # None: not an RDF syntax (HTML)
    label: str
    aliases: tuple[str, ...] = ()  # other media types that mean the same
    results: ox.QueryResultsFormat | None = None  # set for SPARQL SELECT/ASK result formats only
    w3c: str | None = None  # its IRI under https://www.w3.org/ns/formats/, where W3C gives one

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


HTML = Format("html", "text/html", "html", None, "HTML", ("application/xhtml+xml",))
TURTLE = Format("ttl", "text/turtle", "ttl", ox.RdfFormat.TURTLE, "Turtle", ("application/x-turtle",), w3c=FORMATS + "Turtle")
JSONLD = Format("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, "JSON-LD", w3c=FORMATS + "JSON-LD")
# text/plain was N-Triples' media type before RDF 1.1, and clients still ask for it (rdflib's
# parse(url, format="nt")). Only a request naming it gets N-Triples: an alias counts only when
# named outright, so `text/*`, `*/*` and browsers never get N-Triples through it.
NTRIPLES = Format("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, "N-Triples", ("text/plain",),
                  w3c=FORMATS + "N-Triples")
RDFXML = Format("rdf", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, "RDF/XML", w3c=FORMATS + "RDF_XML")
NQUADS = Format("nq", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, "N-Quads", w3c=FORMATS + "N-Quads")
TRIG = Format("trig", "application/trig", "trig", ox.RdfFormat.TRIG, "TriG", w3c=FORMATS + "TriG")

# What an entity document, the vocabulary and the dataset description are offered in,
# in order of preference when a client accepts several equally.
DOCUMENT_FORMATS = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
RDF_FORMATS = (TURTLE, JSONLD, NTRIPLES, RDFXML)
# What the build writes for each entity, and so all a static host can serve of one: a file costs
# more to create than to fill, and entities are most of a site's files. `lodpub serve` makes the
# other DOCUMENT_FORMATS from the entity's Turtle file when asked. The vocabulary, shapes, report
# and dataset description are few and keep every format on disk.
WRITTEN_DOCUMENT_FORMATS = (HTML, TURTLE, JSONLD)
WRITTEN_RDF_FORMATS = tuple(f for f in WRITTEN_DOCUMENT_FORMATS if f is not HTML)

# The syntaxes of the whole-dataset dumps (build/dumps.py), each served also unpacked (layout.PACKED).
DUMP_FORMATS = (TURTLE, NTRIPLES, NQUADS, TRIG, JSONLD)

BY_NAME = {f.name: f for f in (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML, NQUADS, TRIG)}
BY_EXTENSION = {f.extension: f for f in BY_NAME.values()}

# SPARQL query results: SELECT and ASK answer in these; CONSTRUCT and DESCRIBE in GRAPH_RESULT_FORMATS.
# `oxigraph` is None for them (they are not RDF syntaxes); `results` names pyoxigraph's serialiser.
SPARQL_JSON = Format(
    "json", "application/sparql-results+json", "srj", None, "SPARQL JSON", ("application/json",),
    results=ox.QueryResultsFormat.JSON, w3c=FORMATS + "SPARQL_Results_JSON",
)
SPARQL_XML = Format(
    "xml", "application/sparql-results+xml", "srx", None, "SPARQL XML", ("application/xml", "text/xml"),
    results=ox.QueryResultsFormat.XML, w3c=FORMATS + "SPARQL_Results_XML",
)
CSV = Format("csv", "text/csv", "csv", None, "CSV", results=ox.QueryResultsFormat.CSV, w3c=FORMATS + "SPARQL_Results_CSV")
TSV = Format("tsv", "text/tab-separated-values", "tsv", None, "TSV", results=ox.QueryResultsFormat.TSV,
             w3c=FORMATS + "SPARQL_Results_TSV")

SELECT_RESULT_FORMATS = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
GRAPH_RESULT_FORMATS = RDF_FORMATS
RESULT_BY_NAME = {f.name: f for f in (*SELECT_RESULT_FORMATS, *GRAPH_RESULT_FORMATS)}
