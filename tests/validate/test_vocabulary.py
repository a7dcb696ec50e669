"""The ftv: vocabulary: every term the data uses is declared or standard, described in Danish and
English, aligned to real standard terms, and consistent with the data under OWL RL."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pyshacl
import pytest
from projects import parse_turtle
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdfns
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS

ROOT = Path(__file__).resolve().parents[2]
FTV = Namespace("https://w3id.org/ftsvar/vocab#")
ONTOLOGY_IRI = URIRef("https://w3id.org/ftsvar/vocab")
OA = Namespace("http://www.w3.org/ns/oa#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VANN = Namespace("http://purl.org/vocab/vann/")
SDO = Namespace("https://schema.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")  # where owlrl writes inconsistencies
ID = Namespace("https://w3id.org/ftsvar/id/")


@pytest.fixture(scope="module")
def data() -> Graph:
    """What the project publishes as instance data: data/, data/reference/ and the SKOS concepts."""
    return parse_turtle(sorted([*ROOT.glob("data/*.ttl"), *ROOT.glob("data/reference/*.ttl"), ROOT / "ontology" / "concepts.ttl"]))


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return parse_turtle([ROOT / "ontology" / "vocab.ttl"])


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_turtle(sorted(ROOT.glob("ontology/*.ttl")))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_turtle([ROOT / "shapes" / "shapes.ttl"])


# --- Standard vocabularies: the only namespaces besides ftv: the data may use ---------------------------

# rdflib ships the term lists of these; a term not in its list is a typo (or newer than rdflib: below).
CLOSED_VOCABULARIES = [RDF, RDFS, OWL, rdfns.XSD, DCTERMS, rdfns.SDO, PROV, ORG, FOAF, SKOS]
# No term lists ship for these, so the terms in use are listed here, each checked against its specification:
# Web Annotation Vocabulary (W3C Recommendation 2017) and the SPDX 2.3 RDF terms.
LISTED_TERMS = {
    *(OA[t] for t in ["SpecificResource", "TextPositionSelector", "TextQuoteSelector", "hasSource",
                      "hasSelector", "start", "end", "exact", "prefix", "suffix"]),
    *(SPDX[t] for t in ["Checksum", "checksum", "algorithm", "checksumValue", "checksumAlgorithm_sha256"]),
    SDO.PoliticalParty,  # added to schema.org in 2024 (schemaorg/schemaorg#3282), after rdflib's term list
}
STANDARD_NAMESPACES = [str(v) for v in CLOSED_VOCABULARIES] + [str(OA), str(SPDX)]


def is_standard_term(term: URIRef) -> bool:
    return term in LISTED_TERMS or any(term in vocabulary for vocabulary in CLOSED_VOCABULARIES)


def in_standard_namespace(term: URIRef) -> bool:
    return any(term.startswith(ns) for ns in STANDARD_NAMESPACES)


def used_terms(graph: Graph) -> set[URIRef]:
    """Predicates and classes (rdf:type objects)."""
    return set(graph.predicates()) | {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}


def ftv_terms(vocab: Graph) -> set[URIRef]:
    return {s for s in vocab.subjects() if isinstance(s, URIRef) and s.startswith(str(FTV))}


def ftv_properties(vocab: Graph) -> set[URIRef]:
    return {s for t in (OWL.ObjectProperty, OWL.DatatypeProperty) for s in vocab.subjects(RDF.type, t)}


# --- Term coverage ----------------------------------------------------------------------------------------


def test_every_class_and_property_in_the_data_is_declared_or_standard(data, vocab):
    declared = ftv_terms(vocab)
    unknown = [t for t in used_terms(data) if t not in declared and not in_standard_namespace(t)]
    assert sorted(unknown) == []


def test_every_standard_term_the_data_uses_exists(data):
    assert sorted(t for t in used_terms(data) if in_standard_namespace(t) and not is_standard_term(t)) == []


def test_every_standard_term_the_vocabulary_refines_exists(vocab):
    targets = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
               for s, o in vocab.subject_objects(p) if s in ftv_terms(vocab) and isinstance(o, URIRef)}
    assert sorted(t for t in targets if not t.startswith(str(FTV)) and not is_standard_term(t)) == []
    assert sorted(t for t in targets if t.startswith(str(FTV)) and t not in ftv_terms(vocab)) == []


# --- Term descriptions -----------------------------------------------------------------------------------


def test_every_ftv_term_is_a_class_or_property_of_this_vocabulary(vocab):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for term in ftv_terms(vocab):
        assert len(set(vocab.objects(term, RDF.type)) & kinds) == 1, term
        assert vocab.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, term


@pytest.mark.parametrize("predicate", [RDFS.label, RDFS.comment], ids=["label", "comment"])
def test_every_ftv_term_has_one_text_in_danish_and_one_in_english(vocab, predicate):
    for term in ftv_terms(vocab):
        languages = sorted(o.language or "" for o in vocab.objects(term, predicate))
        assert languages == ["da", "en"], f"{term} {predicate}"


def test_every_ftv_property_has_a_domain_and_a_range(vocab):
    for prop in ftv_properties(vocab):
        assert vocab.value(prop, RDFS.domain) is not None, prop
        assert vocab.value(prop, RDFS.range) is not None, prop


def test_datatype_properties_have_datatype_ranges_and_object_properties_class_ranges(vocab):
    datatypes = {XSD.string, XSD.decimal, XSD.boolean, XSD.nonNegativeInteger, RDF.langString}
    for prop in vocab.subjects(RDF.type, OWL.DatatypeProperty):
        assert vocab.value(prop, RDFS.range) in datatypes, prop
    for prop in vocab.subjects(RDF.type, OWL.ObjectProperty):
        assert vocab.value(prop, RDFS.range) not in datatypes, prop


def test_the_vocabulary_describes_itself(vocab):
    o = ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in vocab
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert sorted(v.language for v in vocab.objects(o, predicate)) == ["da", "en"], predicate
    assert vocab.value(o, DCTERMS.creator) is not None and vocab.value(o, DCTERMS.publisher) is not None
    assert vocab.value(o, DCTERMS.license) == URIRef("http://creativecommons.org/licenses/by/4.0/")
    assert vocab.value(o, OWL.versionInfo) == Literal("0.1.0")
    assert vocab.value(o, OWL.versionIRI) == URIRef("https://w3id.org/ftsvar/vocab/0.1.0")
    assert vocab.value(o, DCTERMS.created) == Literal("2026-11-27", datatype=XSD.date)
    assert vocab.value(o, DCTERMS.modified) == Literal("2026-11-27", datatype=XSD.date)
    assert vocab.value(o, VANN.preferredNamespacePrefix) == Literal("ftv")
    assert vocab.value(o, VANN.preferredNamespaceUri) == Literal(str(FTV))


# --- Consistency: OWL RL closure ----------------------------------------------------------------------------
#
# The pass: the OWL 2 RL closure (owlrl) of ontology/ + data/ must contain no inconsistency: no member of
# owl:Nothing, no individual in two disjoint classes, no literal that breaks its datatype (owlrl writes
# each as an err:ErrorMessage). With the vocabulary's rdfs:domain axioms and owl:AllDisjointClasses, a
# ftv: property on the wrong kind of node is such an inconsistency.
#
# Then the shapes must still conform on the closure, i.e. they accept everything the vocabulary entails
# (superclasses, superproperties, domains and ranges). Two things are taken out of the closure first:
# - owl:sameAs links to Wikidata. OWL RL copies every statement of our node onto the Wikidata IRI (and
#   back), so a question gets two ftv:requestedBy values that OWL knows are one person but SHACL, which
#   counts nodes, sees as two. That is SHACL's unique-name reading, not a fault of the data.
# - owlrl's generalised triples: x owl:sameAs x for every term (rule eq-ref) and triples with a literal
#   as subject (datatype typing), which are not RDF.


def closure(graph: Graph) -> Graph:
    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


def inconsistencies(closed: Graph) -> list[str]:
    return sorted([str(m) for m in closed.objects(None, ERR.error)]
                  + [f"{x} is owl:Nothing" for x in closed.subjects(RDF.type, OWL.Nothing)])


def test_owl_rl_closure_of_ontology_and_data_is_consistent(data, ontology):
    assert inconsistencies(closure(data + ontology)) == []


@pytest.mark.parametrize("triple", [
    (URIRef(ID["response/20151-uui-896-toender-kommune"] + "#frequency"), FTV.centreCount, Literal(2)),
    (ID["answer/20151-uui-896"], FTV.questionNumber, Literal("896")),
    (ID["organisation/udlaendingestyrelsen"], RDF.type, FTV.Ministry),
], ids=["centre count on a frequency", "question number on an answer", "agency typed as a ministry"])
def test_owl_rl_closure_finds_a_term_on_the_wrong_kind_of_node(data, ontology, triple):
    wrong = data + ontology
    wrong.add(triple)
    assert any("Disjoint classes" in m for m in inconsistencies(closure(wrong)))


def test_shapes_conform_on_the_owl_rl_closure(data, ontology, shapes):
    without_links = Graph()
    for triple in data + ontology:
        if triple[1] != OWL.sameAs:
            without_links.add(triple)
    closed = closure(without_links)
    for s, p, o in list(closed):
        if isinstance(s, Literal) or (p == OWL.sameAs and s == o):
            closed.remove((s, p, o))
    _, report, text = pyshacl.validate(closed, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert list(report.subjects(RDF.type, SH.ValidationResult)) == [], text
