"""The extractor on answers in other real layouts: each fixture states the facts it holds."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from citations import assert_cites
from projects import FIXTURES, ROOT

from lodpub import config
from lodpub.core.danish import key
from lodpub.extract import answer, seeds, to_rdf

ANSWERS = FIXTURES / "answers"
CASES = sorted(ANSWERS.glob("*.expected.toml"))
SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _extract(expected_path: Path):
    seed = seeds.read(expected_path.with_name(expected_path.name.replace(".expected.toml", ".txt")))
    return seed, answer.extract(seed)


@pytest.fixture(params=CASES, ids=[p.name.split(".")[0] for p in CASES])
def case(request):
    expected = tomllib.loads(request.param.read_text(encoding="utf-8"))
    seed, extraction = _extract(request.param)
    return expected, seed, extraction


def test_question_facts(case):
    expected, _, extraction = case
    want, q = expected["question"], extraction.question
    assert extraction.key == want["key"]
    assert q.number == want["number"]
    assert q.kind == want["kind"]
    assert q.bill == want.get("bill")
    assert q.committee_name == want.get("committee_name")
    # A fact the text does not give unambiguously is left out: the key is then absent.
    assert (q.date_asked.isoformat() if q.date_asked else None) == want.get("date_asked")
    assert list(q.askers) == want.get("askers", [want["asker"]] if "asker" in want else [])
    assert list(q.parties) == want.get("parties", [want["party"]] if "party" in want else [])
    assert q.addressed_to == want.get("addressed_to")
    assert q.text.startswith(want["text_start"])
    assert q.text.endswith(want.get("text_end", ""))


def test_answer_facts(case):
    expected, _, extraction = case
    if "answer" not in expected:  # the text stops before its answer
        assert extraction.answer is None and not extraction.complete
        return
    want, a = expected["answer"], extraction.answer
    assert (a.date.isoformat() if a.date else None) == want.get("date")
    assert list(a.signatories) == want["signatories"]
    assert list(a.agencies) == want["agencies"]
    assert a.complete == want.get("complete", True)
    assert a.preliminary == want.get("preliminary", False)
    assert a.text.endswith(want.get("text_end", ""))


def test_attributed_statements(case):
    expected, _, extraction = case
    said = extraction.answer.statements if extraction.answer else ()
    found = [(s.speaker, s.kind, s.reported_via) for s in said]
    wanted = [(w["speaker"], w.get("kind", "statement"), w.get("via")) for w in expected.get("statements", [])]
    assert found == wanted
    for statement, want in zip(said, expected.get("statements", [])):
        assert statement.span.text.startswith(want["text_start"]), statement.span.text
        assert statement.span.text.endswith(want.get("text_end", "")), statement.span.text


def test_warnings_say_what_was_left_out(case):
    expected, _, extraction = case
    messages = [w.message for w in extraction.warnings]
    for wanted in expected.get("warnings", []):
        assert any(wanted in message for message in messages), messages
    if "warnings" not in expected:
        assert messages == []


def test_operator_responses(case):
    expected, _, extraction = case
    found = [_facts(r) for r in extraction.answer.responses] if extraction.answer else []
    wanted = [_expected_facts(r) for r in expected.get("responses", [])]
    assert found == wanted


def test_findings(case):
    expected, _, extraction = case
    findings = extraction.answer.findings if extraction.answer else ()
    assert [f.kind for f in findings] == [f["kind"] for f in expected.get("findings", [])]


def test_every_citation_is_the_verbatim_text_at_its_offsets(case):
    _, seed, extraction = case
    spans = [extraction.question.span]
    if extraction.answer:
        a = extraction.answer
        spans += [a.span] + [r.span for r in a.responses] + [f.span for f in a.findings] + [s.span for s in a.statements]
    for span in spans:
        assert_cites(seed.text, span)


def _facts(response) -> dict:
    facts = {
        "operator": response.operator,
        "offer_kinds": set(response.offer_kinds),
        "offer_name": response.offer_name,
        "coverage": response.coverage.kind,
        "excluded": response.coverage.excluded,
        "count": response.coverage.count,
        "qualifiers": set(response.qualifiers),
        "frequency": None,
        "target_group": None,
    }
    if response.frequency:
        f = response.frequency
        facts["frequency"] = (f.minimum, f.maximum, f.average, f.unit)
    if response.target_group:
        t = response.target_group
        facts["target_group"] = (t.description, t.child_min_age, t.child_max_age)
    return facts


def _expected_facts(want: dict) -> dict:
    facts = {
        "operator": want["operator"],
        "offer_kinds": set(want["offer_kinds"]),
        "offer_name": want.get("offer_name"),
        "coverage": want["coverage"],
        "excluded": want.get("excluded"),
        "count": want.get("count"),
        "qualifiers": set(want.get("qualifiers", [])),
        "frequency": None,
        "target_group": None,
    }
    if "min" in want:
        facts["frequency"] = (Decimal(str(want["min"])), Decimal(str(want["max"])), want["average"], want["unit"])
    if "target_group" in want:
        facts["target_group"] = (want["target_group"], want.get("child_min_age"), want.get("child_max_age"))
    return facts


def test_fixture_keys_are_their_file_names():
    for path in CASES:
        expected = tomllib.loads(path.read_text(encoding="utf-8"))
        assert expected["question"]["key"] == key(path.name.split(".")[0])


@pytest.mark.parametrize("sentence,operator", [
    ("Røde Kors oplyser, at der på alle centre er mødregrupper 1-2 gange om ugen.", "Røde Kors"),
    ("Røde Kors har over for Udlændingestyrelsen oplyst, at der er mødregrupper.", "Røde Kors"),
    ("Det kaldes Baby School. Tønder Kommune har oplyst, at der er mødregrupper.", "Tønder Kommune"),
])
def test_operator_statements_in_other_wordings(sentence, operator):
    from lodpub.core.text import normalise
    from lodpub.extract import statements

    view = normalise(sentence)
    found = statements.find(view, view.blocks, (), lambda v, s, e: answer.span(v, s, e))
    assert [r.operator for r in found.responses] == [operator]


@pytest.mark.parametrize("text,speakers", [
    ("Nordsjællands Politi har oplyst, at der er 12 sager.", ["Nordsjællands Politi"]),
    ("Danske Regioner oplyser, at ventetiden er faldet.", ["Danske Regioner"]),
    ("KL har oplyst, at kommunerne følger reglerne.", ["KL"]),
    ("Ankestyrelsen har endvidere oplyst, at sagen er lukket.", ["Ankestyrelsen"]),
    ("Ministeriet har indhentet en udtalelse fra Fyns Politi, der har oplyst, at sagen er lukket.", ["Fyns Politi"]),
    ("Rigspolitiet har oplyst følgende:\n\n”Der er 12 sager.”", ["Rigspolitiet"]),
    ("Rigspolitiet har oplyst mig, at der er 12 sager.", ["Rigspolitiet"]),
    ("Ankestyrelsen har bl.a. oplyst, at sagen er lukket.", ["Ankestyrelsen"]),
    ("Rigspolitiet har bl.a. oplyst følgende:\n\n”Der er 12 sager.”", ["Rigspolitiet"]),
    ("Til brug for besvarelsen har Forsvarskommandoen oplyst følgende:\n”Der er udleveret udstyr.”Jeg kan henholde mig "
     "hertil.", ["Forsvarskommandoen"]),
    ("Jeg har forelagt henvendelsen for Kystdirektoratet, som har oplyst mig følgende:\n”Kysten er sikret.”",
     ["Kystdirektoratet"]),
    ("Jeg har forelagt spørgsmålet for Klima- og Energiministeriet, Energistyrelsen, der har oplyst følgende:\n"
     "”Skolerne bruger 12 GWh om året.”", ["Energistyrelsen"]),
    ("Jeg har forelagt spørgsmålet fra Slots- og Kulturstyrelsen, der har oplyst følgende:\n”Slottet udlejes ikke.”",
     ["Slots- og Kulturstyrelsen"]),
    # a title quoted in a sentence the agency said is not its contribution
    ("Jeg har forelagt spørgsmålet for Rigspolitiet, som har oplyst, at politiet i projektet ”Tryg by” har øget "
     "indsatsen.", []),
    ("Fiskeridirektoratet har oplyst, at der fiskes efter andre arter.På den baggrund er der givet afslag.",
     ["Fiskeridirektoratet"]),
    # Nobody in particular, two speakers together, or a name cut by run-together words: no speaker claimed.
    ("Politiet har oplyst, at der er 12 sager.", []),
    ("Ministeriet har oplyst, at der er 12 sager.", []),
    ("Justitsministeriet og Erhvervsministeriet har oplyst følgende: »Der er 12 sager.«", []),
    ("Sagen er sendt til Fyns Politi.Københavns Politi har oplyst, at der er 12 sager.", []),
    ("Der er indhentet bidrag fra Rigspolitiet.Politiets Efterretningstjeneste har oplyst følgende: ”Der er 12 sager.”",
     []),
])
def test_statements_name_their_speaker_or_no_one(text, speakers):
    from lodpub.core.text import normalise
    from lodpub.extract import statements

    view = normalise(text)
    said = statements.attributed(view, view.blocks, (), (), lambda v, s, e: answer.span(v, s, e))
    assert [s.speaker for s in said] == speakers


def test_a_contribution_that_quotes_a_title_in_turn_is_cited_whole():
    from lodpub.core.text import normalise
    from lodpub.extract import statements

    text = ("Ministeriet har indhentet bidrag fra Rigspolitiet, der har oplyst følgende: ”Det fremgår af "
            "artiklen ”Mange sager” i Avisen, at der er mange sager. Fyns Politi har oplyst, at der er 12 "
            "sager.” Jeg kan henholde mig hertil.")
    view = normalise(text)
    said = statements.attributed(view, view.blocks, ("Rigspolitiet",), (), lambda v, s, e: answer.span(v, s, e))
    assert [(s.speaker, s.kind, s.reported_via) for s in said] == [
        ("Rigspolitiet", "contribution", None), ("Fyns Politi", "statement", "Rigspolitiet"),
    ]
    assert said[0].span.text.endswith("Fyns Politi har oplyst, at der er 12 sager.")


def test_a_committee_named_as_the_addressee_is_labelled_by_its_own_name():
    # "Folketingets Finansudvalg" (the addressee) labels the committee "Finansudvalget", as
    # letters that name it as the subject do: one committee, one label.
    seed, extraction = _extract(ANSWERS / "20191-fiu-240.expected.toml")
    assert extraction.question.committee_name == "Folketingets Finansudvalg"
    triples = to_rdf.graph(extraction, seed, config.load(ROOT))
    committee = next(t.subject for t in triples if t.predicate.value == SKOS_NOTATION and t.object.value == "FIU")
    labels = {t.object for t in triples if t.subject == committee and t.predicate.value == RDFS_LABEL}
    assert labels == {ox.Literal("Finansudvalget", language="da")}


def test_a_statement_ends_where_a_rendering_glued_the_next_sentence_on():
    from lodpub.core.text import normalise
    from lodpub.extract import statements

    view = normalise("Fiskeridirektoratet har oplyst, at der fiskes efter andre arter.På den baggrund er der givet afslag.")
    said = statements.attributed(view, view.blocks, (), (), lambda v, s, e: answer.span(v, s, e))
    assert [s.span.text for s in said] == ["Fiskeridirektoratet har oplyst, at der fiskes efter andre arter."]
