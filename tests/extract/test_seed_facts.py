"""The first seed's facts, stated one by one and checked against the extracted graph."""

from __future__ import annotations

from decimal import Decimal

import pytest
from projects import ROOT, SEED
from rdflib import Graph, Literal, URIRef
from seed_facts import RESPONSES

BASE = "https://w3id.org/ftsvar/id/"
FTV = "https://w3id.org/ftsvar/vocab#"
PREFIXES = f"""
PREFIX ftv: <{FTV}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX spdx: <http://spdx.org/rdf/terms#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""

QUESTION = URIRef(BASE + "question/20151-uui-896")
ANSWER = URIRef(BASE + "answer/20151-uui-896")
DOCUMENT = URIRef(BASE + "document/20151-uui-896")



@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ROOT / "data" / "20151-uui-896.ttl")


def one(graph: Graph, query: str, **bindings):
    rows = list(graph.query(PREFIXES + query, initBindings=bindings))
    assert len(rows) == 1, rows
    return rows[0]


def values(graph: Graph, subject, predicate: str) -> set:
    return {o.toPython() if isinstance(o, Literal) else str(o) for o in graph.objects(subject, URIRef(predicate))}


def test_question_header_facts(graph):
    row = one(graph, """
        SELECT ?number ?kind ?session ?date ?committee ?asker ?party ?post ?text WHERE {
          ?q ftv:questionNumber ?number ; ftv:questionKind ?kind ; ftv:session ?session ;
             dcterms:date ?date ; ftv:askedBy ?committee ; ftv:requestedBy ?asker ;
             ftv:requesterParty ?party ; ftv:addressedTo ?post ; schema:text ?text .
        }""", q=QUESTION)
    assert str(row.number) == "896"
    assert str(row.kind) == BASE + "question-kind/general"
    assert str(row.session) == "20151"
    assert row.date.toPython().isoformat() == "2016-09-07"
    assert str(row.committee) == BASE + "organisation/uui"
    assert str(row.asker) == BASE + "person/sofie-carsten-nielsen"
    assert str(row.party) == BASE + "party/rv"
    assert str(row.post) == BASE + "post/udlaendinge-integrations-og-boligminister"
    assert str(row.text).startswith("Ministeren bedes oplyse, om mødre med nyfødte børn")
    assert str(row.text).endswith("der gør brug af denne mulighed?")
    assert values(graph, URIRef(BASE + "organisation/uui"), "http://www.w3.org/2000/01/rdf-schema#label") == {
        "Udlændinge-, Integrations- og Boligudvalget"
    }
    assert values(graph, URIRef(BASE + "person/sofie-carsten-nielsen"), "http://xmlns.com/foaf/0.1/name") == {
        "Sofie Carsten Nielsen"
    }


def test_answer_header_facts(graph):
    assert values(graph, ANSWER, "https://schema.org/parentItem") == {str(QUESTION)}
    assert values(graph, ANSWER, FTV + "signatory") == {
        BASE + "person/inger-stoejberg", BASE + "person/anette-goertz"
    }
    assert values(graph, ANSWER, "http://purl.org/dc/terms/contributor") == {
        BASE + "organisation/udlaendingestyrelsen"
    }
    # The seed's letter carries no date, so none is claimed.
    assert values(graph, ANSWER, "http://purl.org/dc/terms/date") == set()
    text = one(graph, "SELECT ?t WHERE { ?a schema:text ?t }", a=ANSWER).t
    assert str(text).startswith("Udlændinge-, Integrations- og Boligministeriet har til brug for besvarelsen")
    # The quotation it ends with closes in it too: its opening mark is in the text.
    assert str(text).endswith("der gør brug af disse tilbud.”")


def test_the_answer_has_exactly_six_operator_responses(graph):
    responses = values(graph, ANSWER, FTV + "hasResponse")
    assert responses == {BASE + f"response/20151-uui-896-{key}" for key in RESPONSES}


@pytest.mark.parametrize("key", sorted(RESPONSES))
def test_operator_response_facts(graph, key):
    name, kinds, coverage, frequency, target, qualifiers = RESPONSES[key]
    node = URIRef(BASE + f"response/20151-uui-896-{key}")
    operator = URIRef(BASE + f"organisation/{key}")
    assert values(graph, node, FTV + "operator") == {str(operator)}
    assert values(graph, operator, "http://www.w3.org/2000/01/rdf-schema#label") == {name}
    assert values(graph, node, FTV + "offerKind") == {BASE + f"offer-kind/{k}" for k in kinds}
    assert values(graph, node, FTV + "qualifier") == {BASE + f"qualifier/{q}" for q in qualifiers}
    assert values(graph, node, FTV + "reportedVia") == {BASE + "organisation/udlaendingestyrelsen"}

    cov = URIRef(node + "#coverage")
    kind, excluded, count = coverage
    assert values(graph, cov, FTV + "coverageKind") == {BASE + f"coverage-kind/{kind}"}
    assert values(graph, cov, FTV + "excludedCentres") == ({excluded} if excluded is not None else set())
    assert values(graph, cov, FTV + "centreCount") == ({count} if count is not None else set())

    freq = URIRef(node + "#frequency")
    low, high, average, unit = frequency
    assert values(graph, freq, FTV + "minPerWeek") == {Decimal(low)}
    assert values(graph, freq, FTV + "maxPerWeek") == {Decimal(high)}
    assert values(graph, freq, FTV + "isAverage") == {average}
    assert values(graph, freq, FTV + "frequencyUnit") == {BASE + f"frequency-unit/{unit}"}

    group = URIRef(node + "#target-group")
    if target is None:
        assert values(graph, node, FTV + "targetGroup") == set()
    else:
        wording, min_age, max_age = target
        assert values(graph, group, "https://schema.org/description") == {wording}
        assert values(graph, group, FTV + "childMinAge") == ({min_age} if min_age is not None else set())
        assert values(graph, group, FTV + "childMaxAge") == ({max_age} if max_age is not None else set())


def test_source_wording_of_offers_is_kept(graph):
    wording = {
        key: values(graph, URIRef(BASE + f"response/20151-uui-896-{key}"), FTV + "offerWording")
        for key in RESPONSES
    }
    assert wording == {
        "jammerbugt-kommune": {"mor/barn-undervisning, mødregrupper eller lignende"},
        "langeland-kommune": {"mor/barn-grupper og lignende"},
        "roede-kors": {"mødregrupper eller lignende"},
        "thisted-kommune": {"Baby School"},
        "toender-kommune": {"tilbud for mødre med små børn"},
        "vesthimmerland-kommune": {"mødregrupper eller lignende"},
    }
    assert values(graph, URIRef(BASE + "response/20151-uui-896-thisted-kommune"), FTV + "offerName") == {"Baby School"}


def test_the_answers_own_findings(graph):
    findings = values(graph, ANSWER, FTV + "hasFinding")
    kinds = ["not-required-by-contract", "no-dedicated-funds", "uptake-not-registered"]
    assert findings == {BASE + f"finding/20151-uui-896-{kind}" for kind in kinds}
    for kind in kinds:
        node = URIRef(BASE + f"finding/20151-uui-896-{kind}")
        assert values(graph, node, FTV + "findingKind") == {BASE + f"finding-kind/{kind}"}
        assert values(graph, node, "http://www.w3.org/ns/prov#wasAttributedTo") == {
            BASE + "organisation/udlaendingestyrelsen"
        }


def test_every_cited_quote_is_the_verbatim_text_at_its_offsets(graph):
    verbatim = SEED.read_text(encoding="utf-8")
    rows = list(graph.query(PREFIXES + """
        SELECT ?fact ?start ?end ?exact ?prefix ?suffix ?source WHERE {
          ?fact ftv:citation ?span . ?span oa:hasSource ?source ;
            oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ],
                           [ a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix ] .
        }"""))
    # question, answer, six responses, three findings, one quoted contribution
    assert len(rows) == 12
    for row in rows:
        start, end = int(row.start), int(row.end)
        assert row.source == DOCUMENT
        assert verbatim[start:end] == str(row.exact), row.fact
        assert verbatim[:start].endswith(str(row.prefix))
        assert verbatim[end:].startswith(str(row.suffix))


def test_the_quoted_contribution_is_a_statement_of_the_agency_that_made_it(graph):
    statements = values(graph, ANSWER, FTV + "hasStatement")
    assert statements == {BASE + "statement/20151-uui-896-1"}
    statement = URIRef(BASE + "statement/20151-uui-896-1")
    assert values(graph, statement, "http://www.w3.org/ns/prov#wasAttributedTo") == {
        BASE + "organisation/udlaendingestyrelsen"
    }
    text = str(one(graph, "SELECT ?t WHERE { ?s schema:text ?t }", s=statement).t)
    # The whole quotation, without its quotation marks: from its first word to its last.
    assert text.startswith("Det er ikke et krav i operatørkontrakterne")
    assert text.endswith("der gør brug af disse tilbud.")


def test_the_document_is_complete(graph):
    assert values(graph, DOCUMENT, FTV + "textComplete") == {True}


def test_each_response_cites_its_whole_statement(graph):
    verbatim = SEED.read_text(encoding="utf-8")
    row = one(graph, """
        SELECT ?start ?end WHERE { ?r ftv:citation/oa:hasSelector [ oa:start ?start ; oa:end ?end ] }""",
        r=URIRef(BASE + "response/20151-uui-896-jammerbugt-kommune"))
    quote = verbatim[int(row.start):int(row.end)]
    assert quote.startswith("Jammerbugt Kommune har oplyst, at der er iværksat mor/barn-")
    assert quote.endswith("Tilbuddene foregår 1-3 gange om ugen.")


def test_document_records_the_seed_checksum_and_source(graph):
    import hashlib

    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    row = one(graph, """
        SELECT ?value ?source ?text WHERE {
          ?d spdx:checksum [ spdx:checksumValue ?value ] ; dcterms:source ?source ; ftv:verbatimText ?text }""",
        d=DOCUMENT)
    assert str(row.value) == digest
    assert str(row.source) == "https://www.ft.dk/samling/20151/almdel/uui/spm/896/index.htm"
    assert str(row.text) == SEED.read_text(encoding="utf-8")


def test_every_fact_is_derived_from_the_document_by_the_extraction(graph):
    rows = graph.query(PREFIXES + """
        SELECT ?fact WHERE {
          ?fact ftv:citation ?span .
          FILTER NOT EXISTS { ?fact prov:wasDerivedFrom ?doc ; prov:wasGeneratedBy ?activity .
                              ?activity prov:used ?doc }
        }""")
    assert list(rows) == []
