"""The SHACL shapes: the real data conforms, and every constraint catches the value it is there for.

BREAKS is the specification: for each constraint in shapes/shapes.ttl, a change to a copy of
the real data that breaks it, the node the report must name and the English message it must
give. docs/shapes.md is generated from the shapes and this table; regenerate it with
`.venv/bin/python tests/validate/test_shapes.py`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Callable

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS

if __name__ == "__main__":  # run as a script to write docs/shapes.md: the tests' helpers are one folder up
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from projects import parse_turtle  # noqa: E402

from lodpub.validate import shacl  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHAPES_FILE = ROOT / "shapes" / "shapes.ttl"
DOCS_FILE = ROOT / "docs" / "shapes.md"


def data_files() -> list[Path]:
    return sorted([*ROOT.glob("data/*.ttl"), *ROOT.glob("data/reference/*.ttl"), *ROOT.glob("ontology/*.ttl")])


@pytest.fixture(scope="module")
def real_data() -> Graph:
    return parse_turtle(data_files())


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_turtle(sorted(ROOT.glob("ontology/*.ttl")))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_turtle([SHAPES_FILE])


def validate(data: Graph, shapes: Graph, ontology: Graph, only: list[URIRef] | None = None, engine: str = "pyshacl") -> Graph:
    """The validation report graph of `engine` (pyshacl, the reference, or pyshacl-turbo), as lodpub runs it.

    With `only` (node shapes), pyshacl runs just those shapes and their property shapes. SHACL validates
    each shape on its own, so every result of such a run is a result of the full run: the tests that
    break one constraint need only its node shapes, and run in seconds instead of minutes.
    """
    use_shapes = None
    if only:
        use_shapes = [*only, *(p for s in only for p in shapes.objects(s, SH.property))]
    _, report = shacl.run(data, shapes, engine, use_shapes=use_shapes, ont_graph=ontology)
    return report


def results(report: Graph, shapes: Graph) -> set[tuple]:
    """Each result as what it says: focus, path, constraint, shape, severity, value, and the
    messages the shapes give (an engine's own wording for a constraint without one may differ)."""
    given = {str(m) for m in shapes.objects(None, SH.message)}
    found = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        found.add((
            report.value(r, SH.focusNode), path if not isinstance(path, BNode) else "(complex path)",
            report.value(r, SH.sourceConstraintComponent), report.value(r, SH.sourceShape),
            report.value(r, SH.resultSeverity), None if isinstance(value, BNode) else value,
            frozenset(str(m) for m in report.objects(r, SH.resultMessage) if str(m) in given),
        ))
    return found


# --- Names for the nodes of the real data ---------------------------------------------------

FTV = Namespace("https://w3id.org/ftsvar/vocab#")
OA = Namespace("http://www.w3.org/ns/oa#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SDO = Namespace("https://schema.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ID = Namespace("https://w3id.org/ftsvar/id/")

QUESTION, ANSWER, DOCUMENT = ID["question/20151-uui-896"], ID["answer/20151-uui-896"], ID["document/20151-uui-896"]
EXTRACTION, CHECKSUM = URIRef(DOCUMENT + "#extraction"), URIRef(DOCUMENT + "#sha256")
JAMMERBUGT, LANGELAND = ID["response/20151-uui-896-jammerbugt-kommune"], ID["response/20151-uui-896-langeland-kommune"]
ROEDE_KORS, THISTED = ID["response/20151-uui-896-roede-kors"], ID["response/20151-uui-896-thisted-kommune"]
TOENDER, VESTHIMMERLAND = ID["response/20151-uui-896-toender-kommune"], ID["response/20151-uui-896-vesthimmerland-kommune"]
NO_FUNDS, NOT_REQUIRED = ID["finding/20151-uui-896-no-dedicated-funds"], ID["finding/20151-uui-896-not-required-by-contract"]
NOT_REGISTERED = ID["finding/20151-uui-896-uptake-not-registered"]
JAMMERBUGT_KOMMUNE, ROEDE_KORS_ORG = ID["organisation/jammerbugt-kommune"], ID["organisation/roede-kors"]
AGENCY, MINISTRY = ID["organisation/udlaendingestyrelsen"], ID["organisation/udlaendinge-integrations-og-boligministeriet"]
FOLKETINGET, UUI, RV = ID["organisation/folketinget"], ID["organisation/uui"], ID["party/rv"]
SOFIE, INGER, ANETTE = ID["person/sofie-carsten-nielsen"], ID["person/inger-stoejberg"], ID["person/anette-goertz"]
MINISTER, LODPUB = ID["post/udlaendinge-integrations-og-boligminister"], ID["software/lodpub"]
MOTHER_GROUP, NAMED_OFFER = ID["offer-kind/mother-group"], ID["offer-kind/named-offer"]
TIMES, DAYS, CURRENTLY = ID["frequency-unit/times"], ID["frequency-unit/days"], ID["qualifier/currently"]
ALL, UNSPECIFIED = ID["coverage-kind/all"], ID["coverage-kind/unspecified"]
BILL, SECTION_20, NO_FUNDS_KIND = ID["question-kind/bill"], ID["question-kind/section-20"], ID["finding-kind/no-dedicated-funds"]
OFFER_KINDS, FREQUENCY_UNITS, QUALIFIERS = ID["scheme/offer-kind"], ID["scheme/frequency-unit"], ID["scheme/qualifier"]
# Nodes the real data does not have, for mutations that need a second one.
CONTRIBUTION = ID["statement/20151-uui-896-1"]
PROPOSAL = ID["question-kind/proposal"]
OTHER_DOCUMENT, OTHER_QUESTION, OTHER_ANSWER = ID["document/other"], ID["question/20151-uui-897"], ID["answer/20151-uui-897"]


def part(node: URIRef, name: str) -> URIRef:
    return URIRef(f"{node}#{name}")


def da(text: str) -> Literal:
    return Literal(text, lang="da")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def typed(value: str, datatype: URIRef) -> Literal:
    return Literal(value, datatype=datatype)


# --- Mutations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    apply: Callable[[Graph], None]
    focus: URIRef | None = None  # where the result appears, when not the constraint's usual node
    label: str = ""  # tells apart several ways of breaking one constraint


def add(s, p, o) -> Mutation:
    return Mutation(lambda g: g.add((s, p, o)))


def drop(s, p, o=None) -> Mutation:
    return Mutation(lambda g: g.remove((s, p, o)))


def set_(s, p, o) -> Mutation:
    return Mutation(lambda g: g.set((s, p, o)))


def only_lang(s, p, lang: str) -> Mutation:
    """Keep only the values of p in one language."""
    def apply(g: Graph) -> None:
        for o in list(g.objects(s, p)):
            if getattr(o, "language", None) != lang:
                g.remove((s, p, o))
    return Mutation(apply)


def rename(old: URIRef, new: URIRef) -> Mutation:
    def apply(g: Graph) -> None:
        for s, p, o in list(g.triples((old, None, None))):
            g.remove((s, p, o))
            g.add((new, p, o))
        for s, p, o in list(g.triples((None, None, old))):
            g.remove((s, p, o))
            g.add((s, p, new))
    return Mutation(apply, focus=new)


def both(*mutations: Mutation) -> Mutation:
    def apply(g: Graph) -> None:
        for m in mutations:
            m.apply(g)
    return Mutation(apply, focus=next((m.focus for m in mutations if m.focus is not None), None))


def at(focus: URIRef, mutation: Mutation, label: str = "") -> Mutation:
    return Mutation(mutation.apply, focus=focus, label=label or mutation.label)


def way(label: str, mutation: Mutation) -> Mutation:
    return Mutation(mutation.apply, focus=mutation.focus, label=label)


# --- The specification: how each constraint is broken --------------------------------------------


@dataclass(frozen=True)
class Break:
    constraint: str  # {shape}/{parameter}, e.g. Question-number/pattern
    mutation: Mutation
    focus: URIRef
    message: str
    severity: URIRef

    @property
    def id(self) -> str:
        return f"{self.constraint} ({self.mutation.label})" if self.mutation.label else self.constraint


def breaks(shape: str, focus: URIRef, message: str, severity: URIRef = SH.Violation, **by_parameter) -> list[Break]:
    rows = []
    for parameter, mutations in by_parameter.items():
        for m in mutations if isinstance(mutations, list) else [mutations]:
            rows.append(Break(f"{shape}/{parameter.rstrip('_')}", m, m.focus or focus, message, severity))
    return rows


BREAKS: list[Break] = [
    # Shared property shapes
    *breaks("labels-da-en", QUESTION, "Needs exactly two rdfs:label values: one in Danish (da) and one in English (en).",
            minCount=only_lang(QUESTION, RDFS.label, "da"),
            languageIn=at(NO_FUNDS, add(NO_FUNDS, RDFS.label, Literal("Keine Mittel", lang="de"))),
            uniqueLang=at(ROEDE_KORS, add(ROEDE_KORS, RDFS.label, da("Røde Kors igen")))),
    *breaks("names-da", ROEDE_KORS_ORG, "Needs an rdfs:label in Danish (da); names are in Danish or English only.",
            languageIn=add(ROEDE_KORS_ORG, RDFS.label, Literal("Rotes Kreuz", lang="de")),
            qualifiedMinCount=at(FOLKETINGET, only_lang(FOLKETINGET, RDFS.label, "en"))),
    *breaks("names-en", MINISTER, "No rdfs:label in English (en): English pages and searches will show the Danish name.",
            SH.Warning, qualifiedMinCount=only_lang(MINISTER, RDFS.label, "da")),
    *breaks("key", ANSWER, "Needs exactly one dcterms:identifier, the key: lower-case ASCII letters and digits in groups joined by single hyphens (e.g. 20151-uui-896).",
            minCount=drop(ANSWER, DCTERMS.identifier),
            maxCount=at(SOFIE, add(SOFIE, DCTERMS.identifier, Literal("sofie"))),
            datatype=at(DOCUMENT, set_(DOCUMENT, DCTERMS.identifier, da("20151-uui-896"))),
            pattern=at(UUI, set_(UUI, DCTERMS.identifier, Literal("UUI")))),
    *breaks("descriptions-da-en", LODPUB, "Needs exactly two dcterms:description values: one in Danish and one in English.",
            minCount=at(OFFER_KINDS, only_lang(OFFER_KINDS, DCTERMS.description, "da")),
            languageIn=add(LODPUB, DCTERMS.description, Literal("Software.", lang="de")),
            uniqueLang=add(LODPUB, DCTERMS.description, da("Et andet program."))),
    *breaks("text-da", TOENDER, "Needs exactly one schema:text in Danish (da): the statement in the answer's words.",
            minCount=at(NOT_REGISTERED, drop(NOT_REGISTERED, SDO.text)),
            maxCount=at(QUESTION, add(QUESTION, SDO.text, da("Et andet spørgsmål?"))),
            languageIn=set_(TOENDER, SDO.text, Literal("Tønder Kommune har oplyst, at der er etableret tilbud."))),
    *breaks("derived-from-source", ANSWER, "Must be derived (prov:wasDerivedFrom) from exactly one source text (ftv:SourceText).",
            qualifiedMinCount=drop(ANSWER, PROV.wasDerivedFrom),
            qualifiedMaxCount=at(NOT_REQUIRED, both(add(NOT_REQUIRED, PROV.wasDerivedFrom, OTHER_DOCUMENT),
                                                    add(OTHER_DOCUMENT, RDF.type, FTV.SourceText)))),
    *breaks("generated-by", LANGELAND, "Must be generated (prov:wasGeneratedBy) by exactly one extraction, a prov:Activity.",
            minCount=drop(LANGELAND, PROV.wasGeneratedBy),
            maxCount=both(add(LANGELAND, PROV.wasGeneratedBy, part(OTHER_DOCUMENT, "extraction")),
                          add(part(OTHER_DOCUMENT, "extraction"), RDF.type, PROV.Activity)),
            class_=set_(LANGELAND, PROV.wasGeneratedBy, DOCUMENT)),
    *breaks("cited-span", VESTHIMMERLAND, "Must cite (ftv:citation) exactly one span of the source text, an oa:SpecificResource.",
            minCount=drop(VESTHIMMERLAND, FTV.citation),
            maxCount=add(VESTHIMMERLAND, FTV.citation, part(TOENDER, "span")),
            class_=set_(VESTHIMMERLAND, FTV.citation, part(VESTHIMMERLAND, "position"))),
    *breaks("in-answer", JAMMERBUGT, "Must appear in (ftv:inAnswer) exactly one ftv:Answer.",
            minCount=at(NO_FUNDS, drop(NO_FUNDS, FTV.inAnswer)),
            maxCount=both(add(JAMMERBUGT, FTV.inAnswer, OTHER_ANSWER), add(OTHER_ANSWER, RDF.type, FTV.Answer)),
            class_=set_(JAMMERBUGT, FTV.inAnswer, QUESTION)),
    *breaks("selector-of-span", part(QUESTION, "position"), "A selector must belong to (oa:hasSelector) exactly one span.",
            minCount=drop(part(QUESTION, "span"), OA.hasSelector, part(QUESTION, "position")),
            maxCount=at(part(QUESTION, "quote"), add(part(ANSWER, "span"), OA.hasSelector, part(QUESTION, "quote")))),
    *breaks("stated-sources", JAMMERBUGT_KOMMUNE, "dcterms:source on an organisation or a person names the source of its external identifiers as text.",
            nodeKind=set_(JAMMERBUGT_KOMMUNE, DCTERMS.source, URIRef("https://www.dst.dk/"))),
    *breaks("actor-id", INGER, "At most one ftv:folketingetActorId: a positive whole number written as a string (the id in the Aktør table of Folketinget's open data).",
            maxCount=add(INGER, FTV.folketingetActorId, Literal("183")),
            datatype=at(UUI, set_(UUI, FTV.folketingetActorId, Literal(16016))),
            pattern=at(SOFIE, set_(SOFIE, FTV.folketingetActorId, Literal("0100")))),
    *breaks("same-as", FOLKETINGET, "owl:sameAs points to a Wikidata entity, http://www.wikidata.org/entity/Q…, not to a page such as https://www.wikidata.org/wiki/Q….",
            nodeKind=at(RV, set_(RV, OWL.sameAs, Literal("http://www.wikidata.org/entity/Q916161"))),
            pattern=set_(FOLKETINGET, OWL.sameAs, URIRef("https://www.wikidata.org/wiki/Q209151"))),
    *breaks("pref-labels-da-en", MOTHER_GROUP, "Needs exactly two skos:prefLabel values, one in Danish and one in English, neither of them also an skos:altLabel.",
            minCount=only_lang(MOTHER_GROUP, SKOS.prefLabel, "da"),
            languageIn=at(DAYS, add(DAYS, SKOS.prefLabel, Literal("Tage pro Woche", lang="de"))),
            uniqueLang=at(QUALIFIERS, add(QUALIFIERS, SKOS.prefLabel, da("reservationer"))),
            disjoint=add(MOTHER_GROUP, SKOS.altLabel, da("mødregruppe"))),
    # Documents and provenance
    *breaks("DocumentShape", DOCUMENT, "A document's IRI ends in /id/document/ and the document's key.",
            pattern=rename(DOCUMENT, ID["doc/20151-uui-896"])),
    *breaks("Document-format", DOCUMENT, "Needs exactly one dcterms:format, a media type such as text/plain; charset=utf-8.",
            minCount=drop(DOCUMENT, DCTERMS.format),
            maxCount=add(DOCUMENT, DCTERMS.format, Literal("application/pdf")),
            datatype=set_(DOCUMENT, DCTERMS.format, en("text/plain; charset=utf-8")),
            pattern=set_(DOCUMENT, DCTERMS.format, Literal("plain text"))),
    *breaks("Document-source", DOCUMENT, "Needs exactly one dcterms:source: the IRI of the answer on www.ft.dk.",
            minCount=drop(DOCUMENT, DCTERMS.source),
            maxCount=add(DOCUMENT, DCTERMS.source, URIRef("https://www.ft.dk/samling/20151/almdel/uui/spm/896/svar/1/index.htm")),
            nodeKind=set_(DOCUMENT, DCTERMS.source, Literal("https://www.ft.dk/samling/20151/almdel/uui/spm/896/index.htm")),
            pattern=set_(DOCUMENT, DCTERMS.source, URIRef("https://example.org/svar.pdf"))),
    *breaks("Document-description", DOCUMENT, "dcterms:description is in Danish or English, at most one of each.",
            languageIn=add(DOCUMENT, DCTERMS.description, Literal("Antwort", lang="de")),
            uniqueLang=add(DOCUMENT, DCTERMS.description, en("Another description."))),
    *breaks("Document-checksum", DOCUMENT, "Needs exactly one spdx:checksum, an spdx:Checksum of the text.",
            minCount=drop(DOCUMENT, SPDX.checksum),
            maxCount=both(add(DOCUMENT, SPDX.checksum, part(DOCUMENT, "sha256-2")),
                          add(part(DOCUMENT, "sha256-2"), RDF.type, SPDX.Checksum)),
            class_=set_(DOCUMENT, SPDX.checksum, EXTRACTION)),
    *breaks("SourceText-receivedAs", DOCUMENT, "Needs exactly one ftv:receivedAs: the bare file name the text was received as, without a directory.",
            minCount=drop(DOCUMENT, FTV.receivedAs),
            maxCount=add(DOCUMENT, FTV.receivedAs, Literal("svar.txt")),
            datatype=set_(DOCUMENT, FTV.receivedAs, da("000_dd8a46b7897b20b7.txt")),
            pattern=set_(DOCUMENT, FTV.receivedAs, Literal("seeds/000_dd8a46b7897b20b7.txt"))),
    *breaks("SourceText-verbatimText", DOCUMENT, "Needs exactly one ftv:verbatimText: the whole text as a non-empty string without a language tag.",
            minCount=drop(DOCUMENT, FTV.verbatimText),
            maxCount=add(DOCUMENT, FTV.verbatimText, Literal("Svar: ja.")),
            datatype=set_(DOCUMENT, FTV.verbatimText, da("Svar: ja.")),
            minLength=set_(DOCUMENT, FTV.verbatimText, Literal(""))),
    *breaks("SourceText-textComplete", DOCUMENT, "Needs exactly one ftv:textComplete, true or false.",
            minCount=drop(DOCUMENT, FTV.textComplete),
            maxCount=add(DOCUMENT, FTV.textComplete, Literal(False)),
            datatype=set_(DOCUMENT, FTV.textComplete, Literal("true"))),
    *breaks("SourceText-complete", DOCUMENT, "The text looks cut off (ftv:textComplete false): only its complete sentences were read.",
            SH.Warning, hasValue=set_(DOCUMENT, FTV.textComplete, Literal(False))),
    *breaks("Checksum-algorithm", CHECKSUM, "Needs exactly one spdx:algorithm: spdx:checksumAlgorithm_sha256.",
            minCount=drop(CHECKSUM, SPDX.algorithm),
            maxCount=add(CHECKSUM, SPDX.algorithm, SPDX.checksumAlgorithm_sha1),
            in_=set_(CHECKSUM, SPDX.algorithm, SPDX.checksumAlgorithm_md5)),
    *breaks("Checksum-value", CHECKSUM, "Needs exactly one spdx:checksumValue: 64 lower-case hexadecimal digits typed xsd:hexBinary.",
            minCount=drop(CHECKSUM, SPDX.checksumValue),
            maxCount=add(CHECKSUM, SPDX.checksumValue, typed("0" * 64, XSD.hexBinary)),
            datatype=set_(CHECKSUM, SPDX.checksumValue, Literal("f12bfe0b10c9a32ea40d4fe24fdd362044894bcc5df796d1247c6c35fd7a81e0")),
            pattern=set_(CHECKSUM, SPDX.checksumValue, typed("f12bfe0b10c9a32ea40d4fe24fdd362044894bcc", XSD.hexBinary))),
    *breaks("ExtractionShape", EXTRACTION, "An extraction's IRI is its document's IRI with #extraction.",
            pattern=rename(EXTRACTION, part(DOCUMENT, "extract"))),
    *breaks("Extraction-used", EXTRACTION, "An extraction uses (prov:used) exactly one ftv:SourceText.",
            minCount=drop(EXTRACTION, PROV.used),
            maxCount=both(add(EXTRACTION, PROV.used, OTHER_DOCUMENT), add(OTHER_DOCUMENT, RDF.type, FTV.SourceText)),
            class_=set_(EXTRACTION, PROV.used, QUESTION)),
    *breaks("Extraction-agent", EXTRACTION, "An extraction is associated (prov:wasAssociatedWith) with exactly one prov:SoftwareAgent.",
            minCount=drop(EXTRACTION, PROV.wasAssociatedWith),
            maxCount=both(add(EXTRACTION, PROV.wasAssociatedWith, ID["software/other"]),
                          add(ID["software/other"], RDF.type, PROV.SoftwareAgent)),
            class_=set_(EXTRACTION, PROV.wasAssociatedWith, INGER)),
    # Questions
    *breaks("QuestionShape", QUESTION, "A question's IRI ends in /id/question/ and the key {session}-{committee or kind}-{number}.",
            pattern=rename(QUESTION, ID["question/896"])),
    *breaks("Question-number", QUESTION, "Needs exactly one ftv:questionNumber: digits, for a section 20 question S and digits (e.g. 896, S 696).",
            minCount=drop(QUESTION, FTV.questionNumber),
            maxCount=add(QUESTION, FTV.questionNumber, Literal("897")),
            datatype=set_(QUESTION, FTV.questionNumber, Literal(896)),
            pattern=set_(QUESTION, FTV.questionNumber, Literal("nr. 896"))),
    *breaks("Question-kind", QUESTION, "Needs exactly one ftv:questionKind: general, bill, proposal or section-20 of the question-kind scheme.",
            minCount=drop(QUESTION, FTV.questionKind),
            maxCount=add(QUESTION, FTV.questionKind, BILL),
            in_=set_(QUESTION, FTV.questionKind, MOTHER_GROUP)),
    *breaks("Question-bill", QUESTION, "At most one ftv:bill: L or B, a space and a number, as Folketinget writes it (e.g. L 87).",
            maxCount=both(add(QUESTION, FTV.bill, Literal("L 87")), add(QUESTION, FTV.bill, Literal("L 88"))),
            datatype=add(QUESTION, FTV.bill, da("L 87")),
            pattern=add(QUESTION, FTV.bill, Literal("lovforslag 87"))),
    *breaks("Question-session", QUESTION, "Needs exactly one ftv:session: Folketinget's session code, the starting year and 1 or 2 (e.g. 20151).",
            minCount=drop(QUESTION, FTV.session),
            maxCount=add(QUESTION, FTV.session, Literal("20161")),
            datatype=set_(QUESTION, FTV.session, Literal(20151)),
            pattern=set_(QUESTION, FTV.session, Literal("2015-16"))),
    *breaks("Question-askedBy", QUESTION, "At most one ftv:askedBy, an ftv:Committee.",
            maxCount=both(add(QUESTION, FTV.askedBy, ID["organisation/fiu"]), add(ID["organisation/fiu"], RDF.type, FTV.Committee)),
            class_=set_(QUESTION, FTV.askedBy, AGENCY)),
    *breaks("Question-requestedBy", QUESTION, "ftv:requestedBy is a foaf:Person (a question may be asked at the request of several).",
            class_=set_(QUESTION, FTV.requestedBy, RV)),
    *breaks("Question-requesterParty", QUESTION, "ftv:requesterParty is an ftv:PoliticalParty (one for each party among those who request the question).",
            class_=set_(QUESTION, FTV.requesterParty, SOFIE)),
    *breaks("Question-addressedTo-stated", QUESTION, "No ftv:addressedTo: the text does not say unambiguously which minister the question was put to.",
            SH.Warning, minCount=drop(QUESTION, FTV.addressedTo)),
    *breaks("Question-addressedTo", QUESTION, "At most one ftv:addressedTo, the ministerial post (an org:Post).",
            maxCount=both(add(QUESTION, FTV.addressedTo, ID["post/finansminister"]), add(ID["post/finansminister"], RDF.type, ORG.Post)),
            class_=set_(QUESTION, FTV.addressedTo, INGER)),
    *breaks("Question-date-stated", QUESTION, "No dcterms:date: the text does not say unambiguously when the question was asked.",
            SH.Warning, minCount=drop(QUESTION, DCTERMS.date)),
    *breaks("Question-date", QUESTION, "At most one dcterms:date, the date the question was asked, as an xsd:date.",
            maxCount=add(QUESTION, DCTERMS.date, typed("2016-09-08", XSD.date)),
            datatype=set_(QUESTION, DCTERMS.date, Literal("7. september 2016"))),
    *breaks("Question-url", QUESTION, "At most one schema:url: the question's page at https://www.ft.dk/samling/….",
            maxCount=add(QUESTION, SDO.url, URIRef("https://www.ft.dk/samling/20151/almdel/uui/spm/897/index.htm")),
            nodeKind=set_(QUESTION, SDO.url, Literal("https://www.ft.dk/samling/20151/almdel/uui/spm/896/index.htm")),
            pattern=set_(QUESTION, SDO.url, URIRef("https://ft.dk/samling/20151/almdel/uui/spm/896/index.htm"))),
    *breaks("Question-answer-stated", QUESTION, "No schema:acceptedAnswer: the text stops before the answer (it looks cut off).",
            SH.Warning, minCount=drop(QUESTION, SDO.acceptedAnswer)),
    *breaks("Question-answer", QUESTION, "At most one schema:acceptedAnswer, the answer (an ftv:Answer) the question was extracted from.",
            maxCount=both(add(QUESTION, SDO.acceptedAnswer, OTHER_ANSWER), add(OTHER_ANSWER, RDF.type, FTV.Answer)),
            class_=set_(QUESTION, SDO.acceptedAnswer, JAMMERBUGT)),
    *breaks("QuestionKindShape", QUESTION, "A section 20 question is asked by a member (ftv:requestedBy), not by a committee, and its number starts with S; every other question is asked by a committee (ftv:askedBy) and has a number of digits.",
            or_=[way("committee question without a committee", drop(QUESTION, FTV.askedBy)),
                 way("section 20 question asked by a committee", set_(QUESTION, FTV.questionKind, SECTION_20)),
                 way("committee question with an S number", set_(QUESTION, FTV.questionNumber, Literal("S 896")))]),
    *breaks("BillQuestionShape", QUESTION, "ftv:bill is given exactly when the question kind is bill (a bill, L …) or proposal (a proposal for a resolution, B …).",
            or_=[way("a bill on a general question", add(QUESTION, FTV.bill, Literal("L 87"))),
                 way("a question on a bill without the bill", set_(QUESTION, FTV.questionKind, BILL)),
                 way("a question on a proposal without the proposal", set_(QUESTION, FTV.questionKind, PROPOSAL)),
                 way("a question on a bill that names a proposal",
                     both(set_(QUESTION, FTV.questionKind, BILL), add(QUESTION, FTV.bill, Literal("B 79"))))]),
    # Answers
    *breaks("AnswerShape", ANSWER, "An answer's IRI ends in /id/answer/ and the question's key.",
            pattern=rename(ANSWER, ID["answer/svar-896"])),
    *breaks("Answer-question", ANSWER, "Needs exactly one schema:parentItem: the question (an ftv:Question) it answers.",
            minCount=drop(ANSWER, SDO.parentItem),
            maxCount=both(add(ANSWER, SDO.parentItem, OTHER_QUESTION), add(OTHER_QUESTION, RDF.type, FTV.Question)),
            class_=set_(ANSWER, SDO.parentItem, DOCUMENT)),
    *breaks("Answer-accepted", ANSWER, "The question it answers (schema:parentItem) must have it as schema:acceptedAnswer, and no other question may.",
            equals=add(OTHER_QUESTION, SDO.acceptedAnswer, ANSWER)),
    *breaks("Answer-date", ANSWER, "At most one dcterms:date, the date of the answer, as an xsd:date.",
            maxCount=both(add(ANSWER, DCTERMS.date, typed("2016-10-03", XSD.date)), add(ANSWER, DCTERMS.date, typed("2016-10-04", XSD.date))),
            datatype=add(ANSWER, DCTERMS.date, Literal("2016-10-03"))),
    *breaks("Answer-signed", ANSWER, "No signatory (ftv:signatory) found: the answer's signature was not recognised.",
            SH.Warning, minCount=drop(ANSWER, FTV.signatory)),
    *breaks("Answer-signatory", ANSWER, "An ftv:signatory is a foaf:Person.",
            class_=add(ANSWER, FTV.signatory, AGENCY)),
    *breaks("Answer-contributor", ANSWER, "A dcterms:contributor is an organisation (e.g. an agency whose contribution is quoted) or a person.",
            or_=set_(ANSWER, DCTERMS.contributor, Literal("Udlændingestyrelsen"))),
    *breaks("Answer-responses", ANSWER, "An ftv:hasResponse is an ftv:OperatorResponse.",
            class_=add(ANSWER, FTV.hasResponse, NO_FUNDS)),
    *breaks("Answer-status", ANSWER, "At most one schema:creativeWorkStatus, and only \"preliminary\": a preliminary answer, a final one to follow.",
            maxCount=both(add(ANSWER, SDO.creativeWorkStatus, Literal("preliminary")), add(ANSWER, SDO.creativeWorkStatus, Literal("final"))),
            in_=add(ANSWER, SDO.creativeWorkStatus, Literal("draft"))),
    *breaks("Answer-statements", ANSWER, "An ftv:hasStatement is an ftv:AttributedStatement.",
            class_=add(ANSWER, FTV.hasStatement, NO_FUNDS)),
    # Attributed statements
    *breaks("AttributedStatementShape", CONTRIBUTION, "A statement's IRI ends in /id/statement/ and the key {answer}-{running number}.",
            pattern=rename(CONTRIBUTION, ID["statement/bidrag"])),
    *breaks("Statement-speaker", CONTRIBUTION, "Needs exactly one prov:wasAttributedTo: the organisation that said it (an org:Organization).",
            minCount=drop(CONTRIBUTION, PROV.wasAttributedTo),
            maxCount=add(CONTRIBUTION, PROV.wasAttributedTo, ROEDE_KORS_ORG),
            class_=set_(CONTRIBUTION, PROV.wasAttributedTo, INGER)),
    *breaks("Statement-reportedVia", CONTRIBUTION, "At most one ftv:reportedVia, the org:Organization whose quoted contribution relays the statement.",
            maxCount=both(add(CONTRIBUTION, FTV.reportedVia, MINISTRY), add(CONTRIBUTION, FTV.reportedVia, AGENCY)),
            class_=add(CONTRIBUTION, FTV.reportedVia, INGER)),
    *breaks("Answer-findings", ANSWER, "An ftv:hasFinding is an ftv:Finding.",
            class_=add(ANSWER, FTV.hasFinding, JAMMERBUGT)),
    # Operator responses
    *breaks("OperatorResponseShape", TOENDER, "An operator response's IRI ends in /id/response/ and the key {answer}-{operator}.",
            pattern=rename(TOENDER, ID["response/toender"])),
    *breaks("Response-listed", LANGELAND, "The answer it appears in (ftv:inAnswer) must list it with ftv:hasResponse, and no other answer may.",
            equals=drop(ANSWER, FTV.hasResponse, LANGELAND)),
    *breaks("Response-operator", JAMMERBUGT, "Needs exactly one ftv:operator, an org:Organization.",
            minCount=drop(JAMMERBUGT, FTV.operator),
            maxCount=add(JAMMERBUGT, FTV.operator, ROEDE_KORS_ORG),
            class_=set_(JAMMERBUGT, FTV.operator, INGER)),
    *breaks("Response-attribution", JAMMERBUGT, "prov:wasAttributedTo must name exactly the operator (ftv:operator).",
            equals=set_(JAMMERBUGT, PROV.wasAttributedTo, AGENCY)),
    *breaks("Response-reportedVia", TOENDER, "At most one ftv:reportedVia, an org:Organization.",
            maxCount=add(TOENDER, FTV.reportedVia, MINISTRY),
            class_=set_(TOENDER, FTV.reportedVia, INGER)),
    *breaks("Response-offerKind", LANGELAND, "Needs at least one ftv:offerKind, a concept of the offer-kind scheme.",
            minCount=drop(LANGELAND, FTV.offerKind),
            node=add(LANGELAND, FTV.offerKind, ALL)),
    *breaks("Response-offerWording", LANGELAND, "Needs exactly one ftv:offerWording in Danish: the answer's words for the offers.",
            minCount=drop(LANGELAND, FTV.offerWording),
            maxCount=add(LANGELAND, FTV.offerWording, da("mor/barn-grupper")),
            languageIn=set_(LANGELAND, FTV.offerWording, Literal("mor/barn-grupper og lignende"))),
    *breaks("Response-offerName", THISTED, "ftv:offerName is a string without a language tag (a proper name).",
            datatype=set_(THISTED, FTV.offerName, en("Baby School"))),
    *breaks("Response-coverage", TOENDER, "Needs exactly one ftv:coverage, an ftv:CentreCoverage (coverage kind unspecified when the answer does not say).",
            minCount=drop(TOENDER, FTV.coverage),
            maxCount=add(TOENDER, FTV.coverage, part(LANGELAND, "coverage")),
            class_=set_(TOENDER, FTV.coverage, part(TOENDER, "frequency"))),
    *breaks("Response-frequency-stated", VESTHIMMERLAND, "Frequency not stated: the operator response has no ftv:frequency.",
            SH.Warning, minCount=drop(VESTHIMMERLAND, FTV.frequency)),
    *breaks("Response-frequency", VESTHIMMERLAND, "At most one ftv:frequency, an ftv:WeeklyFrequency.",
            maxCount=add(VESTHIMMERLAND, FTV.frequency, part(TOENDER, "frequency")),
            class_=set_(VESTHIMMERLAND, FTV.frequency, part(VESTHIMMERLAND, "coverage"))),
    *breaks("Response-targetGroup", THISTED, "At most one ftv:targetGroup, an ftv:TargetGroup.",
            maxCount=add(THISTED, FTV.targetGroup, part(TOENDER, "target-group")),
            class_=at(JAMMERBUGT, add(JAMMERBUGT, FTV.targetGroup, part(JAMMERBUGT, "coverage")))),
    *breaks("Response-qualifier", JAMMERBUGT, "An ftv:qualifier is a concept of the qualifier scheme.",
            node=add(JAMMERBUGT, FTV.qualifier, MOTHER_GROUP)),
    *breaks("NamedOfferShape", THISTED, "ftv:offerName is given exactly when an ftv:offerKind is named-offer.",
            or_=[way("a named offer without its name", drop(THISTED, FTV.offerName)),
                 way("a name without a named offer", at(LANGELAND, add(LANGELAND, FTV.offerName, Literal("Mødrecafé"))))]),
    *breaks("CentreCoverageShape", part(TOENDER, "coverage"), "A centre coverage's IRI is its operator response's IRI with #coverage.",
            pattern=rename(part(TOENDER, "coverage"), part(TOENDER, "daekning"))),
    *breaks("Coverage-response", part(TOENDER, "coverage"), "Must be the ftv:coverage of exactly one operator response.",
            minCount=drop(TOENDER, FTV.coverage),
            maxCount=add(LANGELAND, FTV.coverage, part(TOENDER, "coverage"))),
    *breaks("Coverage-kind", part(TOENDER, "coverage"), "Needs exactly one ftv:coverageKind: all, all-except, number or unspecified of the coverage-kind scheme.",
            minCount=drop(part(TOENDER, "coverage"), FTV.coverageKind),
            maxCount=add(part(TOENDER, "coverage"), FTV.coverageKind, UNSPECIFIED),
            in_=set_(part(TOENDER, "coverage"), FTV.coverageKind, TIMES)),
    *breaks("Coverage-excluded", part(ROEDE_KORS, "coverage"), "At most one ftv:excludedCentres, a whole number of at least 1 (“all except 0” is coverage kind all).",
            maxCount=add(part(ROEDE_KORS, "coverage"), FTV.excludedCentres, typed("5", XSD.nonNegativeInteger)),
            datatype=set_(part(ROEDE_KORS, "coverage"), FTV.excludedCentres, Literal(4)),
            minInclusive=set_(part(ROEDE_KORS, "coverage"), FTV.excludedCentres, typed("0", XSD.nonNegativeInteger))),
    *breaks("Coverage-count", part(VESTHIMMERLAND, "coverage"), "At most one ftv:centreCount, a whole number of at least 1.",
            maxCount=add(part(VESTHIMMERLAND, "coverage"), FTV.centreCount, typed("4", XSD.nonNegativeInteger)),
            datatype=set_(part(VESTHIMMERLAND, "coverage"), FTV.centreCount, Literal(3)),
            minInclusive=set_(part(VESTHIMMERLAND, "coverage"), FTV.centreCount, Literal(-1))),
    *breaks("AllExceptCoverageShape", part(JAMMERBUGT, "coverage"), "ftv:excludedCentres is given exactly when the coverage kind is all-except.",
            or_=[way("all-except without the number", drop(part(JAMMERBUGT, "coverage"), FTV.excludedCentres)),
                 way("excluded centres on an all coverage", at(part(LANGELAND, "coverage"), add(
                     part(LANGELAND, "coverage"), FTV.excludedCentres, typed("1", XSD.nonNegativeInteger))))]),
    *breaks("NumberCoverageShape", part(VESTHIMMERLAND, "coverage"), "ftv:centreCount is given exactly when the coverage kind is number.",
            or_=[way("number without the count", drop(part(VESTHIMMERLAND, "coverage"), FTV.centreCount)),
                 way("a count on an unspecified coverage", at(part(THISTED, "coverage"), add(
                     part(THISTED, "coverage"), FTV.centreCount, typed("2", XSD.nonNegativeInteger))))]),
    *breaks("WeeklyFrequencyShape", part(ROEDE_KORS, "frequency"), "A frequency's IRI is its operator response's IRI with #frequency.",
            pattern=rename(part(ROEDE_KORS, "frequency"), part(ROEDE_KORS, "freq"))),
    *breaks("Frequency-response", part(ROEDE_KORS, "frequency"), "Must be the ftv:frequency of exactly one operator response.",
            minCount=drop(ROEDE_KORS, FTV.frequency),
            maxCount=add(LANGELAND, FTV.frequency, part(ROEDE_KORS, "frequency"))),
    *breaks("Frequency-min", part(ROEDE_KORS, "frequency"), "Needs exactly one ftv:minPerWeek, a decimal number above 0.",
            minCount=drop(part(ROEDE_KORS, "frequency"), FTV.minPerWeek),
            maxCount=add(part(ROEDE_KORS, "frequency"), FTV.minPerWeek, typed("1.5", XSD.decimal)),
            datatype=set_(part(ROEDE_KORS, "frequency"), FTV.minPerWeek, Literal(1)),
            minExclusive=set_(part(ROEDE_KORS, "frequency"), FTV.minPerWeek, typed("-1", XSD.decimal))),
    *breaks("Frequency-max", part(ROEDE_KORS, "frequency"), "Needs exactly one ftv:maxPerWeek, a decimal number.",
            minCount=drop(part(ROEDE_KORS, "frequency"), FTV.maxPerWeek),
            maxCount=add(part(ROEDE_KORS, "frequency"), FTV.maxPerWeek, typed("5.0", XSD.decimal)),
            datatype=set_(part(ROEDE_KORS, "frequency"), FTV.maxPerWeek, Literal(2))),
    *breaks("Frequency-range", part(JAMMERBUGT, "frequency"), "ftv:minPerWeek must not be above ftv:maxPerWeek.",
            lessThanOrEquals=set_(part(JAMMERBUGT, "frequency"), FTV.minPerWeek, typed("4.0", XSD.decimal))),
    *breaks("Frequency-average", part(JAMMERBUGT, "frequency"), "Needs exactly one ftv:isAverage, true or false.",
            minCount=drop(part(JAMMERBUGT, "frequency"), FTV.isAverage),
            maxCount=add(part(JAMMERBUGT, "frequency"), FTV.isAverage, Literal(True)),
            datatype=set_(part(JAMMERBUGT, "frequency"), FTV.isAverage, Literal("nej"))),
    *breaks("Frequency-unit", part(JAMMERBUGT, "frequency"), "Needs exactly one ftv:frequencyUnit: times or days of the frequency-unit scheme.",
            minCount=drop(part(JAMMERBUGT, "frequency"), FTV.frequencyUnit),
            maxCount=add(part(JAMMERBUGT, "frequency"), FTV.frequencyUnit, DAYS),
            in_=set_(part(JAMMERBUGT, "frequency"), FTV.frequencyUnit, ALL)),
    *breaks("DaysPerWeekShape", part(THISTED, "frequency"), "A frequency in days a week cannot be above 7.",
            or_=set_(part(THISTED, "frequency"), FTV.maxPerWeek, typed("8.0", XSD.decimal))),
    *breaks("TargetGroupShape", part(THISTED, "target-group"), "A target group's IRI is its operator response's IRI with #target-group.",
            pattern=rename(part(THISTED, "target-group"), part(THISTED, "maalgruppe"))),
    *breaks("TargetGroup-response", part(THISTED, "target-group"), "Must be the ftv:targetGroup of exactly one operator response.",
            minCount=drop(THISTED, FTV.targetGroup),
            maxCount=add(TOENDER, FTV.targetGroup, part(THISTED, "target-group"))),
    *breaks("TargetGroup-description", part(THISTED, "target-group"), "Needs exactly one schema:description in Danish: the target group in the answer's words.",
            minCount=drop(part(THISTED, "target-group"), SDO.description),
            maxCount=add(part(THISTED, "target-group"), SDO.description, da("kvinder med små børn")),
            languageIn=set_(part(THISTED, "target-group"), SDO.description, en("women with children aged 0 to 3"))),
    *breaks("TargetGroup-minAge", part(THISTED, "target-group"), "At most one ftv:childMinAge, an age in whole years from 0 to 17.",
            maxCount=add(part(THISTED, "target-group"), FTV.childMinAge, typed("1", XSD.nonNegativeInteger)),
            datatype=set_(part(THISTED, "target-group"), FTV.childMinAge, Literal(0)),
            maxInclusive=set_(part(THISTED, "target-group"), FTV.childMinAge, typed("18", XSD.nonNegativeInteger))),
    *breaks("TargetGroup-maxAge", part(THISTED, "target-group"), "At most one ftv:childMaxAge, an age in whole years from 0 to 17.",
            maxCount=add(part(THISTED, "target-group"), FTV.childMaxAge, typed("4", XSD.nonNegativeInteger)),
            datatype=set_(part(THISTED, "target-group"), FTV.childMaxAge, Literal(3)),
            maxInclusive=set_(part(THISTED, "target-group"), FTV.childMaxAge, typed("25", XSD.nonNegativeInteger))),
    *breaks("TargetGroup-ages", part(THISTED, "target-group"), "ftv:childMinAge must not be above ftv:childMaxAge.",
            lessThanOrEquals=set_(part(THISTED, "target-group"), FTV.childMinAge, typed("4", XSD.nonNegativeInteger))),
    # Findings
    *breaks("FindingShape", NOT_REGISTERED, "A finding's IRI ends in /id/finding/ and the key {answer}-{finding kind}.",
            pattern=rename(NOT_REGISTERED, ID["finding/uptake"])),
    *breaks("Finding-listed", NOT_REGISTERED, "The answer it appears in (ftv:inAnswer) must list it with ftv:hasFinding, and no other answer may.",
            equals=drop(ANSWER, FTV.hasFinding, NOT_REGISTERED)),
    *breaks("Finding-kind", NOT_REGISTERED, "Needs exactly one ftv:findingKind, a concept of the finding-kind scheme.",
            minCount=drop(NOT_REGISTERED, FTV.findingKind),
            maxCount=add(NOT_REGISTERED, FTV.findingKind, NO_FUNDS_KIND),
            node=set_(NOT_REGISTERED, FTV.findingKind, CURRENTLY)),
    *breaks("Finding-attribution", NOT_REGISTERED, "Needs exactly one prov:wasAttributedTo: the organisation (e.g. the agency quoted) or the ministerial post the finding comes from.",
            minCount=drop(NOT_REGISTERED, PROV.wasAttributedTo),
            maxCount=add(NOT_REGISTERED, PROV.wasAttributedTo, MINISTER),
            or_=set_(NOT_REGISTERED, PROV.wasAttributedTo, INGER)),
    # Citations
    *breaks("SpanShape", part(JAMMERBUGT, "span"), "A span's IRI is its fact's IRI with #span.",
            pattern=rename(part(JAMMERBUGT, "span"), part(JAMMERBUGT, "citation"))),
    *breaks("Span-fact", part(JAMMERBUGT, "span"), "Must be the ftv:citation of exactly one fact.",
            minCount=drop(JAMMERBUGT, FTV.citation),
            maxCount=add(LANGELAND, FTV.citation, part(JAMMERBUGT, "span"))),
    *breaks("Span-source", part(JAMMERBUGT, "span"), "Needs exactly one oa:hasSource, an ftv:SourceText.",
            minCount=drop(part(JAMMERBUGT, "span"), OA.hasSource),
            maxCount=both(add(part(JAMMERBUGT, "span"), OA.hasSource, OTHER_DOCUMENT), add(OTHER_DOCUMENT, RDF.type, FTV.SourceText)),
            class_=set_(part(JAMMERBUGT, "span"), OA.hasSource, QUESTION)),
    *breaks("Span-position", part(JAMMERBUGT, "span"), "Needs exactly one oa:TextPositionSelector among its oa:hasSelector values.",
            qualifiedMinCount=drop(part(JAMMERBUGT, "span"), OA.hasSelector, part(JAMMERBUGT, "position")),
            qualifiedMaxCount=add(part(JAMMERBUGT, "span"), OA.hasSelector, part(LANGELAND, "position"))),
    *breaks("Span-quote", part(JAMMERBUGT, "span"), "Needs exactly one oa:TextQuoteSelector among its oa:hasSelector values.",
            qualifiedMinCount=drop(part(JAMMERBUGT, "span"), OA.hasSelector, part(JAMMERBUGT, "quote")),
            qualifiedMaxCount=add(part(JAMMERBUGT, "span"), OA.hasSelector, part(LANGELAND, "quote"))),
    *breaks("PositionSelectorShape", part(NO_FUNDS, "position"), "A position selector's IRI is its fact's IRI with #position.",
            pattern=rename(part(NO_FUNDS, "position"), part(NO_FUNDS, "pos"))),
    *breaks("Position-start", part(QUESTION, "position"), "Needs exactly one oa:start, a non-negative whole number (xsd:nonNegativeInteger).",
            minCount=drop(part(QUESTION, "position"), OA.start),
            maxCount=add(part(QUESTION, "position"), OA.start, typed("331", XSD.nonNegativeInteger)),
            datatype=set_(part(QUESTION, "position"), OA.start, Literal(330))),
    *breaks("Position-end", part(QUESTION, "position"), "Needs exactly one oa:end, a non-negative whole number (xsd:nonNegativeInteger).",
            minCount=drop(part(QUESTION, "position"), OA.end),
            maxCount=add(part(QUESTION, "position"), OA.end, typed("563", XSD.nonNegativeInteger)),
            datatype=set_(part(QUESTION, "position"), OA.end, Literal(562))),
    *breaks("Position-order", part(QUESTION, "position"), "oa:start must be below oa:end: a span is not empty.",
            lessThan=set_(part(QUESTION, "position"), OA.end, typed("330", XSD.nonNegativeInteger))),
    *breaks("QuoteSelectorShape", part(NO_FUNDS, "quote"), "A quote selector's IRI is its fact's IRI with #quote.",
            pattern=rename(part(NO_FUNDS, "quote"), part(NO_FUNDS, "exact"))),
    *breaks("Quote-exact", part(NO_FUNDS, "quote"), "Needs exactly one oa:exact: the quoted text as a non-empty string without a language tag.",
            minCount=drop(part(NO_FUNDS, "quote"), OA.exact),
            maxCount=add(part(NO_FUNDS, "quote"), OA.exact, Literal("Der er således heller ikke afsat midler")),
            datatype=set_(part(NO_FUNDS, "quote"), OA.exact, da("Der er således heller ikke afsat midler")),
            minLength=set_(part(NO_FUNDS, "quote"), OA.exact, Literal(""))),
    *breaks("Quote-prefix", part(NO_FUNDS, "quote"), "At most one oa:prefix, a string without a language tag.",
            maxCount=add(part(NO_FUNDS, "quote"), OA.prefix, Literal("børn. ")),
            datatype=set_(part(NO_FUNDS, "quote"), OA.prefix, da("børn. "))),
    *breaks("Quote-suffix", part(NO_FUNDS, "quote"), "At most one oa:suffix, a string without a language tag.",
            maxCount=add(part(NO_FUNDS, "quote"), OA.suffix, Literal("  ")),
            datatype=set_(part(NO_FUNDS, "quote"), OA.suffix, da("  "))),
    *breaks("Quote-matches-source", part(VESTHIMMERLAND, "quote"), "The quote (oa:exact, oa:prefix or oa:suffix, see the result path) is not the source text at the position selector's offsets.",
            sparql=[way("the de-hyphenated text quoted instead of the verbatim text", set_(
                        part(VESTHIMMERLAND, "quote"), OA.exact, Literal(
                            "Vesthimmerland Kommune har oplyst, at der i videst muligt omfang etableres mødregrupper "
                            "eller lignende på operatørens centre, og at der pt. er sådanne tilbud på 3 af operatørens "
                            "centre. Tilbuddene foregår 1-4 gange ugentligt."))),
                    way("offsets moved by one", at(part(TOENDER, "quote"), set_(
                        part(TOENDER, "position"), OA.start, typed("2051", XSD.nonNegativeInteger)))),
                    way("a prefix that does not end where the span starts", at(part(ROEDE_KORS, "quote"), set_(
                        part(ROEDE_KORS, "quote"), OA.prefix, Literal("2-3 gange om ugen.")))),
                    way("a suffix that does not start where the span ends", at(part(QUESTION, "quote"), set_(
                        part(QUESTION, "quote"), OA.suffix, Literal("Svar:"))))]),
    # Organisations, people, posts
    *breaks("Organization-notation", UUI, "At most one skos:notation (an abbreviation such as UUI or RV), a string without a language tag.",
            maxCount=add(UUI, SKOS.notation, Literal("UIU")),
            datatype=at(RV, set_(RV, SKOS.notation, da("RV")))),
    *breaks("Organization-parent", AGENCY, "An org:subOrganizationOf is an org:Organization.",
            class_=set_(AGENCY, ORG.subOrganizationOf, MINISTER)),
    *breaks("ExternalIdentifiersShape", JAMMERBUGT_KOMMUNE, "External identifiers (owl:sameAs, ftv:folketingetActorId, ftv:municipalityCode) need their source named in dcterms:source.",
            or_=[way("a municipality code without its source", drop(JAMMERBUGT_KOMMUNE, DCTERMS.source)),
                 way("a person's identifiers without their source", at(INGER, drop(INGER, DCTERMS.source)))]),
    *breaks("Municipality-code-known", JAMMERBUGT_KOMMUNE, "Municipality code unknown: add ftv:municipalityCode and its source in data/reference/.",
            SH.Warning, minCount=drop(JAMMERBUGT_KOMMUNE, FTV.municipalityCode)),
    *breaks("Municipality-code", JAMMERBUGT_KOMMUNE, "At most one ftv:municipalityCode: three digits written as a string (e.g. 849).",
            maxCount=add(JAMMERBUGT_KOMMUNE, FTV.municipalityCode, Literal("850")),
            datatype=set_(JAMMERBUGT_KOMMUNE, FTV.municipalityCode, Literal(849)),
            pattern=set_(JAMMERBUGT_KOMMUNE, FTV.municipalityCode, Literal("0849"))),
    *breaks("Committee-abbreviation", UUI, "A committee needs its abbreviation in skos:notation, in capitals (e.g. UUI).",
            minCount=drop(UUI, SKOS.notation),
            pattern=set_(UUI, SKOS.notation, Literal("uui"))),
    *breaks("Agency-ministry", AGENCY, "Ministry unknown: the agency is not org:subOrganizationOf an ftv:Ministry in data/reference/.",
            SH.Warning, qualifiedMinCount=drop(AGENCY, ORG.subOrganizationOf)),
    *breaks("Ministry-posts", MINISTRY, "No ministerial post known for the ministry: no org:Post has org:postIn to it.",
            SH.Warning, minCount=drop(MINISTER, ORG.postIn)),
    *breaks("Party-letters", RV, "A party needs its letters as printed in skos:notation, 1 to 4 capitals (e.g. RV).",
            minCount=drop(RV, SKOS.notation),
            pattern=set_(RV, SKOS.notation, Literal("Radikale"))),
    *breaks("Person-name", ANETTE, "Needs exactly one foaf:name, the name as a string without a language tag.",
            minCount=drop(ANETTE, FOAF.name),
            maxCount=add(ANETTE, FOAF.name, Literal("Anette Gørtz")),
            datatype=both(set_(ANETTE, FOAF.name, da("Anette Görtz")), set_(ANETTE, RDFS.label, da("Anette Görtz")))),
    *breaks("Person-label", ANETTE, "rdfs:label must equal foaf:name.",
            equals=set_(ANETTE, RDFS.label, Literal("A. Görtz"))),
    *breaks("Person-memberships", SOFIE, "An org:memberOf is an org:Organization.",
            class_=set_(SOFIE, ORG.memberOf, MINISTER)),
    *breaks("Person-posts", INGER, "An org:holds is an org:Post.",
            class_=set_(INGER, ORG.holds, MINISTRY)),
    *breaks("Post-ministry", MINISTER, "At most one org:postIn, an ftv:Ministry.",
            maxCount=both(add(MINISTER, ORG.postIn, ID["organisation/finansministeriet"]),
                          add(ID["organisation/finansministeriet"], RDF.type, FTV.Ministry)),
            class_=set_(MINISTER, ORG.postIn, AGENCY)),
    # Concepts and schemes
    *breaks("Concept-definition", MOTHER_GROUP, "Needs exactly two skos:definition values: one in Danish and one in English.",
            minCount=only_lang(MOTHER_GROUP, SKOS.definition, "en"),
            languageIn=add(MOTHER_GROUP, SKOS.definition, Literal("Eine Gruppe von Müttern.", lang="de")),
            uniqueLang=add(MOTHER_GROUP, SKOS.definition, en("A group of mothers."))),
    *breaks("Concept-scheme", TIMES, "Needs exactly one skos:inScheme, an skos:ConceptScheme.",
            minCount=drop(TIMES, SKOS.inScheme),
            maxCount=add(TIMES, SKOS.inScheme, QUALIFIERS),
            class_=set_(TIMES, SKOS.inScheme, DAYS)),
    *breaks("Concept-notation", TIMES, "Needs exactly one skos:notation: the concept's key (lower-case ASCII letters, digits and hyphens).",
            minCount=drop(TIMES, SKOS.notation),
            maxCount=add(TIMES, SKOS.notation, Literal("gange")),
            datatype=set_(TIMES, SKOS.notation, en("times")),
            pattern=set_(TIMES, SKOS.notation, Literal("Times"))),
    *breaks("Concept-altLabel", CURRENTLY, "skos:altLabel is in Danish or English.",
            languageIn=add(CURRENTLY, SKOS.altLabel, Literal("zurzeit", lang="de"))),
    *breaks("Concept-scopeNote", NAMED_OFFER, "skos:scopeNote is in Danish or English, at most one of each.",
            languageIn=add(NAMED_OFFER, SKOS.scopeNote, Literal("Der Name steht in ftv:offerName.", lang="de")),
            uniqueLang=add(NAMED_OFFER, SKOS.scopeNote, da("Se også ftv:offerWording."))),
    *breaks("Concept-top", DAYS, "An skos:topConceptOf is an skos:ConceptScheme.",
            class_=set_(DAYS, SKOS.topConceptOf, TIMES)),
    *breaks("Scheme-topConcepts", FREQUENCY_UNITS, "Needs at least one skos:hasTopConcept, an skos:Concept.",
            minCount=drop(FREQUENCY_UNITS, SKOS.hasTopConcept),
            class_=add(FREQUENCY_UNITS, SKOS.hasTopConcept, QUALIFIERS)),
    *breaks("Scheme-topConcepts-inverse", FREQUENCY_UNITS, "skos:hasTopConcept and skos:topConceptOf must mirror each other: every top concept is skos:topConceptOf the scheme, and the other way round.",
            equals=drop(DAYS, SKOS.topConceptOf, FREQUENCY_UNITS)),
    # ftv: terms on the wrong kind of node
    *breaks("CoverageTermsShape", part(TOENDER, "frequency"), "ftv:coverageKind, ftv:excludedCentres and ftv:centreCount belong on an ftv:CentreCoverage only.",
            class_=add(part(TOENDER, "frequency"), FTV.centreCount, typed("2", XSD.nonNegativeInteger))),
    *breaks("FrequencyTermsShape", TOENDER, "ftv:minPerWeek, ftv:maxPerWeek, ftv:isAverage and ftv:frequencyUnit belong on an ftv:WeeklyFrequency only.",
            class_=add(TOENDER, FTV.minPerWeek, typed("1.0", XSD.decimal))),
    *breaks("TargetGroupTermsShape", THISTED, "ftv:childMinAge and ftv:childMaxAge belong on an ftv:TargetGroup only.",
            class_=add(THISTED, FTV.childMinAge, typed("0", XSD.nonNegativeInteger))),
    *breaks("ResponseTermsShape", ANSWER, "ftv:operator, ftv:offerKind, ftv:offerWording, ftv:offerName, ftv:coverage, ftv:frequency, ftv:targetGroup and ftv:qualifier belong on an ftv:OperatorResponse only.",
            class_=add(ANSWER, FTV.offerKind, MOTHER_GROUP)),
    *breaks("StatementTermsShape", ANSWER, "ftv:reportedVia belongs on an ftv:AttributedStatement (such as an ftv:OperatorResponse) only.",
            or_=add(ANSWER, FTV.reportedVia, AGENCY)),
    *breaks("QuestionTermsShape", ANSWER, "ftv:questionNumber, ftv:questionKind, ftv:session, ftv:askedBy, ftv:requestedBy, ftv:requesterParty and ftv:addressedTo belong on an ftv:Question only.",
            class_=add(ANSWER, FTV.questionNumber, Literal("896"))),
    *breaks("AnswerTermsShape", QUESTION, "ftv:signatory, ftv:hasResponse, ftv:hasStatement and ftv:hasFinding belong on an ftv:Answer only.",
            class_=add(QUESTION, FTV.signatory, INGER)),
    *breaks("AnswerPartTermsShape", QUESTION, "ftv:inAnswer belongs on an ftv:AttributedStatement (such as an ftv:OperatorResponse) or an ftv:Finding only.",
            or_=add(QUESTION, FTV.inAnswer, ANSWER)),
    *breaks("FindingTermsShape", JAMMERBUGT, "ftv:findingKind belongs on an ftv:Finding only.",
            class_=add(JAMMERBUGT, FTV.findingKind, NO_FUNDS_KIND)),
    *breaks("SourceTextTermsShape", ANSWER, "ftv:receivedAs, ftv:verbatimText and ftv:textComplete belong on an ftv:SourceText only.",
            class_=add(ANSWER, FTV.verbatimText, Literal("Svar: ..."))),
    *breaks("MunicipalityTermsShape", ROEDE_KORS_ORG, "ftv:municipalityCode belongs on an ftv:Municipality only.",
            class_=add(ROEDE_KORS_ORG, FTV.municipalityCode, Literal("101"))),
    *breaks("AgentTermsShape", MINISTER, "ftv:folketingetActorId belongs on a foaf:Person or an org:Organization only.",
            or_=add(MINISTER, FTV.folketingetActorId, Literal("5"))),
]


# --- Reading constraints out of the shapes graph ----------------------------------------------------

# The constraint parameters of SHACL Core and SHACL-SPARQL, in the order the docs list them.
PARAMETERS = [
    "pattern", "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "languageIn", "uniqueLang", "equals", "disjoint",
    "lessThan", "lessThanOrEquals", "in", "hasValue", "node", "not", "and", "or", "xone",
    "qualifiedMinCount", "qualifiedMaxCount", "closed", "sparql",
]
TARGETS = [SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode]


@dataclass(frozen=True)
class Constraint:
    id: str  # {shape or SPARQL constraint}/{parameter}
    shape: URIRef  # the shape that reports it (sh:sourceShape)
    source: URIRef  # the node holding the parameter: the shape, or the sh:sparql constraint
    parameter: str
    node_shapes: tuple[URIRef, ...]  # the targeted node shapes it applies under

    @property
    def component(self) -> URIRef:
        name = "SPARQL" if self.parameter == "sparql" else self.parameter[0].upper() + self.parameter[1:]
        return SH[f"{name}ConstraintComponent"]


def local(node) -> str:
    return str(node).rsplit("#", 1)[-1]


def node_shapes(shapes: Graph) -> list[URIRef]:
    return sorted({s for t in TARGETS for s in shapes.subjects(t, None)}, key=local)


def constraints(shapes: Graph) -> list[Constraint]:
    """Every constraint of the targeted node shapes and of their property shapes (not of nested shapes)."""
    under: dict[URIRef, list[URIRef]] = {}
    for node_shape in node_shapes(shapes):
        for shape in [node_shape, *sorted(shapes.objects(node_shape, SH.property), key=local)]:
            under.setdefault(shape, []).append(node_shape)
    found = []
    for shape, owners in under.items():
        for parameter in PARAMETERS:
            if parameter == "sparql":
                for sparql in sorted(shapes.objects(shape, SH.sparql), key=local):
                    found.append(Constraint(f"{local(sparql)}/sparql", shape, sparql, parameter, tuple(owners)))
            elif (shape, SH[parameter], None) in shapes:
                found.append(Constraint(f"{local(shape)}/{parameter}", shape, shape, parameter, tuple(owners)))
    return found


def message(shapes: Graph, node, lang: str) -> str:
    return next((str(m) for m in shapes.objects(node, SH.message) if m.language == lang), "")


# --- Tests ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
def test_real_data_conforms_with_no_violations_and_no_warnings(engine, real_data, shapes, ontology):
    report = validate(real_data, shapes, ontology, engine=engine)
    results = [(str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)))
               for r in report.subjects(RDF.type, SH.ValidationResult)]
    assert results == []


@pytest.mark.parametrize("case", BREAKS, ids=[b.id for b in BREAKS])
def test_breaking_a_constraint_is_reported(case: Break, real_data, shapes, ontology):
    data = Graph()
    for triple in real_data:
        data.add(triple)
    case.mutation.apply(data)
    (constraint,) = [c for c in constraints(shapes) if c.id == case.constraint]
    report = validate(data, shapes, ontology, only=list(constraint.node_shapes))
    assert_reported(case, constraint, report, shapes)
    # The default engine finds exactly what the reference finds.
    turbo = validate(data, shapes, ontology, only=list(constraint.node_shapes), engine="turbo")
    assert_reported(case, constraint, turbo, shapes)
    assert results(turbo, shapes) == results(report, shapes)


def assert_reported(case: Break, constraint, report: Graph, shapes: Graph) -> None:
    reported = [
        r for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.focusNode) == case.focus
        and report.value(r, SH.sourceConstraintComponent) == constraint.component
        and report.value(r, SH.sourceShape) == constraint.shape
        and (constraint.parameter != "sparql" or report.value(r, SH.sourceConstraint) == constraint.source)
    ]
    assert reported, f"{case.id}: no {local(constraint.component)} result for {case.focus}"
    for result in reported:
        assert report.value(result, SH.resultSeverity) == case.severity
        assert english_messages(report, result, shapes) == {case.message}


def english_messages(report: Graph, result, shapes: Graph) -> set[str]:
    messages = list(report.objects(result, SH.resultMessage))
    english = {str(m) for m in messages if m.language == "en"}
    if english or any(m.language for m in messages):
        return english
    # pyshacl 0.40 drops the language tags of a SPARQL constraint's messages: tell them apart by
    # what the shapes say (the Danish message is the other one).
    return {str(m) for m in messages} & {str(m) for m in shapes.objects(None, SH.message) if m.language == "en"}


def test_every_constraint_has_a_breaking_case(shapes):
    in_shapes = {c.id for c in constraints(shapes)}
    in_table = {b.constraint for b in BREAKS}
    assert sorted(in_shapes - in_table) == [], "constraints no test breaks"
    assert sorted(in_table - in_shapes) == [], "table rows for constraints that do not exist"


def test_every_constraint_has_a_severity_and_a_message_in_danish_and_english(shapes):
    for c in constraints(shapes):
        assert shapes.value(c.source, SH.severity) in (SH.Violation, SH.Warning, SH.Info), c.id
        assert message(shapes, c.source, "da") and message(shapes, c.source, "en"), c.id


def test_shapes_conform_to_the_shacl_shacl_shapes():
    shacl_shacl = Graph().parse(files("pyshacl") / "assets" / "shacl-shacl.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(parse_turtle([SHAPES_FILE]), shacl_graph=shacl_shacl, inference="none")
    assert conforms, text


def test_every_shacl_term_in_the_shapes_is_defined_by_shacl(shapes):
    """A misspelt term such as sh:minlength is no constraint at all, and SHACL-SHACL lets it pass."""
    shacl = Graph().parse(files("pyshacl") / "assets" / "shacl.ttl", format="turtle")
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(SH))}
    assert sorted(t for t in used if (t, None, None) not in shacl) == []


def test_every_shape_target_matches_a_node_in_the_data(real_data, shapes):
    instances = "SELECT DISTINCT ?x WHERE { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }"
    unmatched = []
    for shape in node_shapes(shapes):
        for target in TARGETS:
            for value in shapes.objects(shape, target):
                if target == SH.targetClass:
                    matched = bool(list(real_data.query(instances, initBindings={"c": value})))
                elif target == SH.targetSubjectsOf:
                    matched = (None, value, None) in real_data
                elif target == SH.targetObjectsOf:
                    matched = any(True for _ in real_data.objects(None, value))
                else:
                    matched = any(True for _ in real_data.predicate_objects(value))
                if not matched:
                    unmatched.append(f"{local(shape)} {local(target)} {value}")
    assert unmatched == []


def test_every_class_in_the_data_has_a_node_shape(shapes):
    data = parse_turtle(sorted([*ROOT.glob("data/*.ttl"), *ROOT.glob("data/reference/*.ttl"), ROOT / "ontology" / "concepts.ttl"]))
    classes = set(data.objects(None, RDF.type))
    targeted = set(shapes.objects(None, SH.targetClass))
    assert sorted(classes - targeted) == []


def test_docs_list_every_constraint_and_its_test(shapes):
    assert DOCS_FILE.read_text(encoding="utf-8") == render_docs(shapes), (
        "docs/shapes.md is stale: run `.venv/bin/python tests/validate/test_shapes.py`")


# --- docs/shapes.md -------------------------------------------------------------------------------------

PREFIXES = {
    "https://w3id.org/ftsvar/vocab#": "ftv:", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://purl.org/dc/terms/": "dcterms:", "https://schema.org/": "schema:", "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/ns/org#": "org:", "http://xmlns.com/foaf/0.1/": "foaf:", "http://www.w3.org/ns/oa#": "oa:",
    "http://www.w3.org/2004/02/skos/core#": "skos:", "http://spdx.org/rdf/terms#": "spdx:",
    "http://www.w3.org/2002/07/owl#": "owl:",
}


def curie(node) -> str:
    for namespace, prefix in PREFIXES.items():
        if str(node).startswith(namespace):
            return prefix + str(node)[len(namespace):]
    return str(node)


def path_text(shapes: Graph, shape) -> str:
    path = shapes.value(shape, SH.path)
    if path is None:
        return "(the node)"
    if isinstance(path, BNode):
        return "^" + curie(shapes.value(path, SH.inversePath))
    return curie(path)


def render_docs(shapes: Graph) -> str:
    tests = {}
    for b in BREAKS:
        tests.setdefault(b.constraint, []).append(f"`{b.id}`")
    rows = [
        "| node shape | shape | path | constraint | severity | message | broken by |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in sorted(constraints(shapes), key=lambda c: (local(c.node_shapes[0]), c.shape != c.node_shapes[0],
                                                         local(c.shape), PARAMETERS.index(c.parameter))):
        rows.append(" | ".join([
            "", ", ".join(local(s) for s in c.node_shapes), local(c.source), path_text(shapes, c.shape),
            f"sh:{c.parameter}", local(shapes.value(c.source, SH.severity)), message(shapes, c.source, "en"),
            "<br>".join(tests.get(c.id, [])), "",
        ]).strip())
    count = len(constraints(shapes))
    return "\n".join([
        "# SHACL constraints and the tests that break them",
        "",
        "Generated from `shapes/shapes.ttl` and the table `BREAKS` in `tests/validate/test_shapes.py`;",
        "do not edit. Regenerate with `.venv/bin/python tests/validate/test_shapes.py`.",
        "",
        f"{count} constraints, {len(BREAKS)} ways of breaking them. Each is a test",
        "`tests/validate/test_shapes.py::test_breaking_a_constraint_is_reported[ID]` that changes one thing in a copy",
        "of the real data (data/, data/reference/, ontology/) and checks the report names the node and gives",
        "the message below. Shapes in lower case are shared by several node shapes.",
        "",
        *rows,
        "",
    ])


if __name__ == "__main__":
    DOCS_FILE.write_text(render_docs(parse_turtle([SHAPES_FILE])), encoding="utf-8")
    sys.stdout.write(f"wrote {DOCS_FILE.relative_to(ROOT)}\n")
