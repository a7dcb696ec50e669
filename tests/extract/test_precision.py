"""Where a letter is ambiguous, the fact is left out: each case here was once published wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from lodpub.extract import answer
from lodpub.extract.seeds import Seed

HEADER = """Folketingets Udlændinge- og Integrationsudvalg har den 7. september 2016 stillet følgende \
spørgsmål nr. 896 (alm. del) til udlændinge-, integrations- og boligministeren, som hermed besvares.

Spørgsmål nr. 896:
Vil ministeren oplyse, hvilke tilbud der findes?

"""


def extract(body: str, header: str = HEADER):
    text = header + body
    seed = Seed(path=Path("x.txt"), name="x", text=text, sha256="", received_as="", description="",
                url="https://www.ft.dk/samling/20161/almdel/uui/spm/896/index.htm", session="20161",
                committee="UUI", number="896", kind="general", bill=None)
    return answer.extract(seed)


def test_a_date_inside_a_broken_sentence_stays_in_the_text_and_is_not_the_letters_date():
    found = extract("Svar:\nJeg kan oplyse, at ordningen gælder fra\n1. januar 2017\nfor alle centre.\n\n"
                    "Med venlig hilsen\n\nInger Støjberg\n")
    assert found.answer.date is None
    assert "gælder fra 1. januar 2017 for alle centre" in found.answer.text


def test_a_header_naming_two_ministers_names_none():
    header = HEADER.replace(
        "til udlændinge-, integrations- og boligministeren, som hermed besvares.",
        "til justitsministeren, men er overgået til udlændinge-, integrations- og boligministeren, som hermed besvares.",
    )
    found = extract("Svar:\nDet er der ikke afsat midler til.\n\nMed venlig hilsen\n\nInger Støjberg\n", header)
    assert found.question.addressed_to is None
    assert any("several ministers" in w.message for w in found.warnings)


def test_a_ministry_on_the_signature_lines_is_not_a_signatory():
    found = extract("Svar:\nDet er der ikke afsat midler til.\n\nMed venlig hilsen\n\n"
                    "Inger Støjberg\nSkatteministeriet Departementet\n")
    assert found.answer.signatories == ("Inger Støjberg",)


SIGNED = "\n\nMed venlig hilsen\n\nInger Støjberg\n"


def test_an_agency_asked_for_a_contribution_that_the_answer_then_gives_is_its_contributor():
    found = extract("Svar:\nMinisteriet har til brug for besvarelsen anmodet om bidrag fra Rigspolitiet.\n"
                    "Rigspolitiet har oplyst:\n”Der er ikke afsat midler til tilbuddene.”" + SIGNED)
    assert found.answer.agencies == ("Rigspolitiet",)


def test_a_committee_named_in_a_sentence_of_the_header_is_not_the_questions():
    header = HEADER.replace("Folketingets Udlændinge- og Integrationsudvalg har", "Udvalget har").replace(
        "som hermed besvares.", "som hermed besvares. Kopi af svaret sendes til Retsudvalget.")
    assert extract("Svar:\nDet er der ikke afsat midler til." + SIGNED, header).question.committee_name is None


def test_a_post_named_in_the_header_outranks_an_enclosures_sender():
    header = "BESKÆFTIGELSESMINISTEREN\n\n" + HEADER.replace(
        "til udlændinge-, integrations- og boligministeren, som hermed besvares.",
        "(alm. del), som hermed besvares. Svar fra undervisningsministeren er vedlagt.")
    assert extract("Svar:\nDet er der ikke afsat midler til." + SIGNED, header).question.addressed_to == "beskæftigelsesminister"


def test_another_questions_date_after_stillet_is_not_this_ones():
    header = HEADER.replace("som hermed besvares.", "som hermed besvares. Spørgsmålet er en opfølgning på "
                            "spørgsmål nr. 512 stillet 3. juni 2016.")
    assert extract("Svar:\nDet er der ikke afsat midler til." + SIGNED, header).question.date_asked.isoformat() == "2016-09-07"


def test_a_member_named_for_another_reason_does_not_hide_the_asker():
    header = HEADER.replace("Folketingets Udlændinge- og Integrationsudvalg har den 7. september 2016 stillet følgende",
                            "Folketingsmedlem Pia Holm har tidligere spurgt om det samme. Udvalget har den 7. september "
                            "2016 efter ønske fra Mogens Dahl (S) stillet følgende")
    found = extract("Svar:\nDet er der ikke afsat midler til." + SIGNED, header)
    assert (found.question.asker, found.question.party) == ("Mogens Dahl", "S")


def test_counts_by_month_in_a_table_are_not_the_letters_date():
    found = extract("Svar:\nDato\nAntal\n1 maj 2016\n300\n2 juni 2016\n400\nDet er tallene." + SIGNED,
                    "Dato: 12. september 2016\n\n" + HEADER)
    assert found.answer.date.isoformat() == "2016-09-12"
    assert "1 maj 2016" in found.answer.text


def test_two_questions_of_one_number_on_two_bills_each_keep_their_own():
    header = HEADER.replace("spørgsmål nr. 896 (alm. del)", "spørgsmål nr. 3 til L 87 og spørgsmål nr. 3 til L 88")
    text = (header.split("Spørgsmål nr. 896:")[0] + "Spørgsmål nr. 3 til L 87:\nVil ministeren oplyse om første sag?\n\n"
            "Spørgsmål nr. 3 til L 88:\nVil ministeren oplyse om anden sag?\n\nSvar:\nDet er der ikke afsat midler til." + SIGNED)
    seed = Seed(path=Path("x.txt"), name="x", text=text, sha256="", received_as="", description="",
                url="https://www.ft.dk/samling/20161/lovforslag/l87/spm/3/index.htm", session="20161",
                committee="UUI", number="3", kind="bill", bill="L 87")
    assert answer.extract(seed).question.text == "Vil ministeren oplyse om første sag?"


def test_a_letter_that_ends_with_its_closing_after_a_signed_covering_letter_is_complete():
    header = HEADER.replace("som hermed besvares.\n", "som hermed besvares.\nInger Støjberg\n/\nAnne Holm\n")
    found = extract("Svar:\nJeg vil vende tilbage til\n\nMed venlig hilsen\n", header)
    assert found.answer.complete


@pytest.mark.parametrize("body", [
    "Jeg har indhentet bidrag fra følgende ministerier.\nFinansministeriet\nSkatteministeriet\nBeskæftigelsesministeriet\n",
    "Forsøget er aftalt med ét ministerium.\nTransportministeriet\nAarhus\nOdense\nAalborg\nDet er ikke besluttet, hvor det udvides.\n",
    "Ordningen gælder i følgende kommuner:\nAarhus Kommune •\nOdense Kommune •\nAalborg Kommune\nDet er aftalt med KL.\n",
    "Antallet af deltagere var:\n• 1500 elever\n• 3200 pendlere\n",
    "Forsøget kører:\n• 2016 Aarhus\n• 2017 Odense\n• 2018 Aalborg\n",
])
def test_lists_of_ministries_places_and_figures_in_the_answer_stay_in_it(body):
    found = extract("Svar:\n" + body + SIGNED)
    for line in body.strip().splitlines():
        assert line.strip("• ") in found.answer.text, line


def test_a_signature_broken_after_the_first_name_keeps_the_whole_name():
    found = extract("Svar:\nDet er der ikke afsat midler til.\nMed venlig hilsen Kaare\nDybvad Bek / Kasper Wiberg\n")
    assert "Dybvad Bek" not in found.answer.signatories


def test_requests_from_an_organisation_name_no_asker_and_a_small_party_is_one_party():
    header = HEADER.replace("som hermed besvares.", "som hermed besvares. Spørgsmålet er stillet efter ønske fra "
                            "Socialistisk Folkeparti.")
    assert extract("Svar:\nDet er der ikke afsat midler til." + SIGNED, header).question.asker is None
    header = HEADER.replace("som hermed besvares.", "som hermed besvares. Spørgsmålet er stillet efter ønske fra "
                            "Jens Holm (v).")
    assert extract("Svar:\nDet er der ikke afsat midler til." + SIGNED, header).question.party == "V"


@pytest.mark.parametrize("body,signatories", [
    ("Antallet fremgår af tabel 1.\nKilde: Danmarks Statistik\n\nInger Støjberg\n\n/ Anne Holm\n", ("Inger Støjberg", "Anne Holm")),
    ("Det er der ikke afsat midler til.\n\nJustitsministeriet\n\nSøren Pape Poulsen\n/\nAnne Holm\n",
     ("Søren Pape Poulsen", "Anne Holm")),
    ("Det er der ikke afsat midler til.\n\nUdlændinge- og\nIntegrationsministeriet\n\nInger Støjberg\n/\nAnne Holm\n",
     ("Inger Støjberg", "Anne Holm")),
])
def test_a_signature_after_a_line_ending_in_a_name_or_a_ministry_signs_whole(body, signatories):
    found = extract("Svar:\n" + body)
    assert found.answer.signatories == signatories
    assert "Støjberg" not in found.answer.text and "Pape" not in found.answer.text

