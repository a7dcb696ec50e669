"""Every namespace lodpub writes or reads, and the prefixes its Turtle and JSON-LD use: once.

`SCHEMA.text` is the NamedNode <https://schema.org/text>; `SCHEMA + "text"` is its IRI as a
string, for code that compares IRIs in bulk (comparing strings is cheaper than making nodes).
"""

from __future__ import annotations

import pyoxigraph as ox


class Namespace:
    """Terms of a namespace: `NS.term` is a NamedNode, `NS + "term"` its IRI, `str(NS)` the namespace."""

    def __init__(self, base: str):
        self.base = base

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):  # copy, pickle and friends ask for dunders; they are not terms
            raise AttributeError(name)
        return ox.NamedNode(self.base + name)

    def __add__(self, name: str) -> str:
        return self.base + name

    def __str__(self) -> str:
        return self.base

    def __repr__(self) -> str:
        return f"Namespace({self.base!r})"


DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VOID = Namespace("http://rdfs.org/ns/void#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
# W3C's IRIs for formats (https://www.w3.org/ns/formats/); formats.Format.w3c holds each one's.
FORMATS = Namespace("http://www.w3.org/ns/formats/")
# Media types as IRIs, as DCAT-AP names a distribution's type.
IANA = Namespace("https://www.iana.org/assignments/media-types/")

# The terms compared in bulk, as strings.
RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
XSD_STRING = XSD + "string"

# The prefixes of every Turtle file and of the JSON-LD context (serialize.prefixes adds the
# dataset's own vocabulary and entity kinds).
PREFIXES = {
    "dcterms": DCTERMS, "foaf": FOAF, "oa": OA, "org": ORG, "owl": OWL, "prov": PROV,
    "rdf": RDF, "rdfs": RDFS, "schema": SCHEMA, "skos": SKOS, "spdx": SPDX, "xsd": XSD,
}

# Entity kinds whose IRIs read best with a prefix of their own in Turtle.
PREFIXED_KINDS = (
    "answer", "document", "finding", "organisation", "party", "person", "post", "question", "response", "statement",
)
