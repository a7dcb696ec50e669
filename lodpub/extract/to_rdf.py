"""One seed's extraction as RDF, in the terms docs/model.md describes."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from ..config import Project
from ..core.danish import key
from ..core.namespaces import (
    DCTERMS,
    FOAF,
    OA,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    SPDX,
    XSD,
    Namespace,
)
from . import committees
from .model import (
    Coverage,
    Extraction,
    Finding,
    Frequency,
    Response,
    Span,
    Statement,
    TargetGroup,
)
from .seeds import Seed


def URIRef(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def Literal(value, lang: str | None = None, datatype: ox.NamedNode | None = None) -> ox.Literal:
    """A literal in the lexical form rdflib would write: booleans and integers typed."""
    if lang:
        return ox.Literal(value, language=lang)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=datatype or XSD.integer)
    return ox.Literal(value, datatype=datatype) if datatype else ox.Literal(value)


class Triples:
    """The triples of one seed, collected without duplicates."""

    def __init__(self) -> None:
        self.triples: set[ox.Triple] = set()

    def add(self, triple: tuple) -> None:
        self.triples.add(ox.Triple(*triple))

    def sorted(self) -> list[ox.Triple]:
        return sorted(self.triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

FINDING_LABELS = {
    "not-required-by-contract": ("ikke et krav i operatørkontrakterne", "not required by the operator contracts"),
    "no-dedicated-funds": ("ingen afsatte midler", "no funds set aside"),
    "uptake-not-registered": ("brugen registreres ikke", "uptake is not registered"),
}
QUESTION_KIND_LABELS = {
    "general": ("alm. del", "general part"),
    "bill": (None, None),
    "proposal": (None, None),
    "section-20": ("§ 20", "§ 20"),
}


def session_label(session: str) -> str:
    """'20151' -> '2015-16'; a second sitting in one year: '20152' -> '2015-16 (2. samling)'."""
    year, sitting = int(session[:4]), session[4]
    label = f"{year}-{(year + 1) % 100:02d}"
    return label if sitting == "1" else f"{label} ({sitting}. samling)"


def question_labels(extraction: Extraction) -> tuple[str, str]:
    q = extraction.question
    where = f", {q.committee}" if q.committee else ""
    session = session_label(q.session)
    if q.kind == "bill":
        return (f"Spørgsmål nr. {q.number} ({q.bill}){where}, {session}",
                f"Question no. {q.number} on bill {q.bill}{where}, {session}")
    if q.kind == "proposal":
        return (f"Spørgsmål nr. {q.number} ({q.bill}){where}, {session}",
                f"Question no. {q.number} on proposal {q.bill}{where}, {session}")
    da, en = QUESTION_KIND_LABELS[q.kind]
    return (f"Spørgsmål nr. {q.number} ({da}){where}, {session}",
            f"Question no. {q.number} ({en}){where}, {session}")


def graph(extraction: Extraction, seed: Seed, project: Project) -> list[ox.Triple]:
    """The RDF of one seed, sorted: document, question, answer, responses, findings, who they name."""
    g = Triples()
    ftv = Namespace(project.vocab)
    base = extraction.key

    def iri(kind: str, k: str) -> ox.NamedNode:
        return URIRef(project.iri(kind, k))

    def label(node: ox.NamedNode, da: str, en: str | None = None) -> None:
        g.add((node, RDFS.label, Literal(da, lang="da")))
        if en:
            g.add((node, RDFS.label, Literal(en, lang="en")))

    q, a = extraction.question, extraction.answer
    document = iri("document", seed.name)
    question = iri("question", base)
    answer = iri("answer", base)
    activity = URIRef(document.value + "#extraction")
    q_da, q_en = question_labels(extraction)

    # The source text itself.
    g.add((document, RDF.type, FOAF.Document))
    g.add((document, RDF.type, ftv.SourceText))
    label(document, f"Svartekst: {q_da}", f"Answer text: {q_en}")
    g.add((document, DCTERMS.identifier, Literal(seed.name)))
    g.add((document, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    g.add((document, DCTERMS.source, URIRef(seed.url)))
    if seed.received_as:
        g.add((document, ftv.receivedAs, Literal(seed.received_as)))
    if seed.description:
        g.add((document, DCTERMS.description, Literal(seed.description, lang="en")))
    g.add((document, ftv.verbatimText, Literal(seed.text)))
    g.add((document, ftv.textComplete, Literal(extraction.complete)))
    checksum = URIRef(document.value + "#sha256")
    g.add((document, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(seed.sha256, datatype=XSD.hexBinary)))
    g.add((activity, RDF.type, PROV.Activity))
    label(activity, f"Udtræk af {seed.name}", f"Extraction of {seed.name}")
    g.add((activity, PROV.used, document))
    g.add((activity, PROV.wasAssociatedWith, iri("software", "lodpub")))

    def derived(node: ox.NamedNode) -> None:
        g.add((node, PROV.wasDerivedFrom, document))
        g.add((node, PROV.wasGeneratedBy, activity))

    def cite(node: ox.NamedNode, span: Span) -> None:
        target = URIRef(node.value + "#span")
        position, quote = URIRef(node.value + "#position"), URIRef(node.value + "#quote")
        g.add((node, ftv.citation, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, document))
        g.add((target, OA.hasSelector, position))
        g.add((target, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(span.exact)))
        g.add((quote, OA.prefix, Literal(span.prefix)))
        g.add((quote, OA.suffix, Literal(span.suffix)))

    def person(name: str) -> ox.NamedNode:
        node = iri("person", key(name))
        g.add((node, RDF.type, FOAF.Person))
        g.add((node, FOAF.name, Literal(name)))
        g.add((node, RDFS.label, Literal(name)))
        g.add((node, DCTERMS.identifier, Literal(key(name))))
        return node

    def organisation(name: str, *classes: ox.NamedNode, k: str | None = None) -> ox.NamedNode:
        k = k or key(name)
        node = iri("organisation", k)
        g.add((node, RDF.type, ORG.Organization))
        for cls in classes:
            g.add((node, RDF.type, cls))
        label(node, name)
        g.add((node, DCTERMS.identifier, Literal(k)))
        return node

    # The question.
    g.add((question, RDF.type, ftv.Question))
    label(question, q_da, q_en)
    g.add((question, DCTERMS.identifier, Literal(base)))
    g.add((question, ftv.questionNumber, Literal(q.number)))
    g.add((question, ftv.questionKind, iri("question-kind", q.kind)))
    if q.bill:
        g.add((question, ftv.bill, Literal(q.bill)))
    g.add((question, ftv.session, Literal(q.session)))
    if q.date_asked:
        g.add((question, DCTERMS.date, Literal(q.date_asked.isoformat(), datatype=XSD.date)))
    g.add((question, SCHEMA.text, Literal(q.text, lang="da")))
    g.add((question, SCHEMA.url, URIRef(seed.url)))
    if q.committee:
        name = committees.label(q.committee_name) if q.committee_name else q.committee
        committee = organisation(name, ftv.Committee, k=key(q.committee))
        g.add((committee, SKOS.notation, Literal(q.committee)))
        g.add((question, ftv.askedBy, committee))
    for asker in q.askers:
        g.add((question, ftv.requestedBy, person(asker)))
    for letters in q.parties:
        party = iri("party", key(letters))
        g.add((party, RDF.type, ftv.PoliticalParty))
        g.add((party, RDF.type, ORG.Organization))
        g.add((party, SKOS.notation, Literal(letters)))
        g.add((party, DCTERMS.identifier, Literal(key(letters))))
        label(party, letters)
        g.add((question, ftv.requesterParty, party))
    post = None
    if q.addressed_to:
        post = iri("post", key(q.addressed_to))
        g.add((post, RDF.type, ORG.Post))
        label(post, q.addressed_to)
        g.add((post, DCTERMS.identifier, Literal(key(q.addressed_to))))
        g.add((question, ftv.addressedTo, post))
    derived(question)
    cite(question, q.span)
    if a is None:
        return g.sorted()  # the text stops before its answer
    g.add((question, SCHEMA.acceptedAnswer, answer))

    # The answer.
    g.add((answer, RDF.type, ftv.Answer))
    label(answer, f"Svar på {q_da[0].lower()}{q_da[1:]}", f"Answer to {q_en[0].lower()}{q_en[1:]}")
    g.add((answer, DCTERMS.identifier, Literal(base)))
    g.add((answer, SCHEMA.parentItem, question))
    g.add((answer, SCHEMA.text, Literal(a.text, lang="da")))
    if a.date:
        g.add((answer, DCTERMS.date, Literal(a.date.isoformat(), datatype=XSD.date)))
    if a.preliminary:
        g.add((answer, SCHEMA.creativeWorkStatus, Literal("preliminary")))
    for name in a.signatories:
        g.add((answer, ftv.signatory, person(name)))
    agencies = {name: organisation(name, ftv.Agency) for name in a.agencies}
    for node in agencies.values():
        g.add((answer, DCTERMS.contributor, node))
    derived(answer)
    cite(answer, a.span)

    used: dict[str, int] = {}
    for response in a.responses:
        k = key(response.operator)
        used[k] = used.get(k, 0) + 1
        node = iri("response", f"{base}-{k}" + (f"-{used[k]}" if used[k] > 1 else ""))
        _response(g, ftv, node, response, organisation(response.operator, *_operator_classes(response.operator, ftv)), agencies, q_da, q_en, iri)
        g.add((node, ftv.inAnswer, answer))
        g.add((answer, ftv.hasResponse, node))
        derived(node)
        cite(node, response.span)

    for number, said in enumerate(a.statements, start=1):
        node = iri("statement", f"{base}-{number}")
        speaker = organisation(said.speaker, *_speaker_classes(said.speaker, agencies, ftv))
        _statement(g, ftv, node, said, speaker, agencies, q_da, q_en)
        g.add((node, ftv.inAnswer, answer))
        g.add((answer, ftv.hasStatement, node))
        derived(node)
        cite(node, said.span)

    for finding in a.findings:
        node = iri("finding", f"{base}-{finding.kind}")
        _finding(g, ftv, node, finding, agencies, post, q_da, q_en, iri)
        g.add((node, ftv.inAnswer, answer))
        g.add((answer, ftv.hasFinding, node))
        derived(node)
        cite(node, finding.span)
    return g.sorted()


def _speaker_classes(name: str, agencies: dict, ftv: Namespace) -> tuple[ox.NamedNode, ...]:
    return (ftv.Agency,) if name in agencies else _operator_classes(name, ftv)


def _statement(g: Triples, ftv: Namespace, node: ox.NamedNode, said: Statement, speaker: ox.NamedNode,
               agencies: dict[str, ox.NamedNode], q_da: str, q_en: str) -> None:
    g.add((node, RDF.type, ftv.AttributedStatement))
    what_da, what_en = ("bidrag", "contribution") if said.kind == "contribution" else ("udsagn", "statement")
    g.add((node, RDFS.label, Literal(f"{said.speaker}: {what_da} ({q_da})", lang="da")))
    g.add((node, RDFS.label, Literal(f"{said.speaker}: {what_en} ({q_en})", lang="en")))
    g.add((node, PROV.wasAttributedTo, speaker))
    if said.reported_via and said.reported_via in agencies and said.reported_via != said.speaker:
        g.add((node, ftv.reportedVia, agencies[said.reported_via]))
    g.add((node, SCHEMA.text, Literal(said.span.text, lang="da")))


def _operator_classes(name: str, ftv: Namespace) -> tuple[ox.NamedNode, ...]:
    return (ftv.Municipality,) if name.endswith(" Kommune") else ()


def _response(g: Triples, ftv: Namespace, node: ox.NamedNode, response: Response, operator: ox.NamedNode,
              agencies: dict[str, ox.NamedNode], q_da: str, q_en: str, iri) -> None:
    g.add((node, RDF.type, ftv.OperatorResponse))
    g.add((node, RDFS.label, Literal(f"{response.operator}: svar om tilbud til mødre ({q_da})", lang="da")))
    g.add((node, RDFS.label, Literal(f"{response.operator}: response on offers for mothers ({q_en})", lang="en")))
    g.add((node, ftv.operator, operator))
    g.add((node, PROV.wasAttributedTo, operator))
    if response.reported_via:
        g.add((node, ftv.reportedVia, agencies[response.reported_via]))
    g.add((node, SCHEMA.text, Literal(response.span.text, lang="da")))
    for kind in response.offer_kinds:
        g.add((node, ftv.offerKind, iri("offer-kind", kind)))
    if response.offer_wording:
        g.add((node, ftv.offerWording, Literal(response.offer_wording, lang="da")))
    if response.offer_name:
        g.add((node, ftv.offerName, Literal(response.offer_name)))
    for qualifier in response.qualifiers:
        g.add((node, ftv.qualifier, iri("qualifier", qualifier)))
    _coverage(g, ftv, node, response.coverage, iri)
    if response.frequency:
        _frequency(g, ftv, node, response.frequency, iri)
    if response.target_group:
        _target_group(g, ftv, node, response.target_group)


def _coverage(g: Triples, ftv: Namespace, owner: ox.NamedNode, coverage: Coverage, iri) -> None:
    node = URIRef(owner.value + "#coverage")
    g.add((owner, ftv.coverage, node))
    g.add((node, RDF.type, ftv.CentreCoverage))
    g.add((node, ftv.coverageKind, iri("coverage-kind", coverage.kind)))
    if coverage.excluded is not None:
        g.add((node, ftv.excludedCentres, Literal(coverage.excluded, datatype=XSD.nonNegativeInteger)))
    if coverage.count is not None:
        g.add((node, ftv.centreCount, Literal(coverage.count, datatype=XSD.nonNegativeInteger)))


def _frequency(g: Triples, ftv: Namespace, owner: ox.NamedNode, frequency: Frequency, iri) -> None:
    node = URIRef(owner.value + "#frequency")
    g.add((owner, ftv.frequency, node))
    g.add((node, RDF.type, ftv.WeeklyFrequency))
    g.add((node, ftv.minPerWeek, _decimal(frequency.minimum)))
    g.add((node, ftv.maxPerWeek, _decimal(frequency.maximum)))
    g.add((node, ftv.isAverage, Literal(frequency.average)))
    g.add((node, ftv.frequencyUnit, iri("frequency-unit", frequency.unit)))


def _target_group(g: Triples, ftv: Namespace, owner: ox.NamedNode, group: TargetGroup) -> None:
    node = URIRef(owner.value + "#target-group")
    g.add((owner, ftv.targetGroup, node))
    g.add((node, RDF.type, ftv.TargetGroup))
    g.add((node, SCHEMA.description, Literal(group.description, lang="da")))
    if group.child_min_age is not None:
        g.add((node, ftv.childMinAge, Literal(group.child_min_age, datatype=XSD.nonNegativeInteger)))
    if group.child_max_age is not None:
        g.add((node, ftv.childMaxAge, Literal(group.child_max_age, datatype=XSD.nonNegativeInteger)))


def _finding(g: Triples, ftv: Namespace, node: ox.NamedNode, finding: Finding, agencies: dict[str, ox.NamedNode],
             post: ox.NamedNode, q_da: str, q_en: str, iri) -> None:
    da, en = FINDING_LABELS[finding.kind]
    g.add((node, RDF.type, ftv.Finding))
    g.add((node, RDFS.label, Literal(f"{da[0].upper()}{da[1:]} ({q_da})", lang="da")))
    g.add((node, RDFS.label, Literal(f"{en[0].upper()}{en[1:]} ({q_en})", lang="en")))
    g.add((node, ftv.findingKind, iri("finding-kind", finding.kind)))
    g.add((node, SCHEMA.text, Literal(finding.span.text, lang="da")))
    g.add((node, PROV.wasAttributedTo, agencies[finding.attributed_to] if finding.attributed_to else post))


def _decimal(value: Decimal) -> ox.Literal:
    # Written as "1.0", not "1": Turtle's short form of xsd:decimal needs the point.
    text = str(value.quantize(Decimal("0.1")) if value == value.to_integral() else value)
    return Literal(text, datatype=XSD.decimal)
