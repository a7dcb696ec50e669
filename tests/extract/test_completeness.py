"""An answer is marked incomplete only where its text may be cut off, never where the letter ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import FIXTURES

from lodpub.extract import answer
from lodpub.extract.seeds import Seed

LETTER = (FIXTURES / "answers" / "20151-tru-133.txt").read_text(encoding="utf-8")
LAST = "Banedanmark har oplyst, at tallet er steget med ca. 15 pct. siden 2010."


def _extract(text: str):
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session="20151", committee="TRU", number="133", kind="general", bill=None)
    return answer.extract(seed)


def _cut_off(extraction) -> bool:
    return any("seems cut off" in w.message for w in extraction.warnings)


def test_a_last_sentence_without_its_full_stop_before_the_closing_and_signature_is_complete():
    found = _extract(LETTER.replace(LAST, LAST.removesuffix(".")))
    assert found.answer.complete
    assert not _cut_off(found)
    assert found.answer.signatories == ("Poul Chr. Friis",)


def test_a_text_that_stops_mid_sentence_without_a_closing_is_marked_cut_off():
    found = _extract(LETTER[: LETTER.index(LAST) + len("Banedanmark har oplyst, at tallet")])
    assert not found.answer.complete
    assert _cut_off(found)


def _signed(signature: str) -> str:
    """The letter with its last sentence left without its full stop and `signature` for its end."""
    return LETTER[: LETTER.index(LAST)] + LAST.removesuffix(".") + signature


def test_a_minister_and_civil_servant_signing_on_their_own_lines_end_a_sentence_left_without_its_end():
    found = _extract(_signed("\nPoul Chr. Friis\n/\nAnne Holm\n"))
    assert found.answer.complete
    assert not _cut_off(found)
    assert found.answer.text.endswith("siden 2010")
    assert found.answer.signatories == ("Poul Chr. Friis", "Anne Holm")


def test_a_minister_and_civil_servant_run_into_a_sentence_left_without_its_end_are_its_signature():
    found = _extract(_signed(" Poul Chr. Friis / Anne Holm\n"))
    assert found.answer.complete
    assert found.answer.text.endswith("siden 2010")
    assert found.answer.signatories == ("Poul Chr. Friis", "Anne Holm")


def test_a_ministry_run_into_a_sentence_left_without_its_end_is_not_a_signature():
    found = _extract(_signed(" Transportministeriet / Anne Holm\n"))
    assert not found.answer.complete
    assert found.answer.signatories == ()


def test_one_name_after_a_sentence_left_without_its_end_is_still_the_sentences():
    found = _extract(_signed("\nPoul Chr. Friis\n"))
    assert not found.answer.complete
    assert found.answer.signatories == ()


def test_a_civil_servant_whose_name_has_a_particle_signs_too():
    for name in ("Kirsten á Rogvi", "Jan van der Berg"):
        found = _extract(LETTER.replace("Poul Chr. Friis", f"Poul Chr. Friis\n/{name}"))
        assert found.answer.signatories == ("Poul Chr. Friis", name), name


def test_a_text_cut_mid_word_after_a_cover_letter_signed_by_minister_and_civil_servant_is_cut_off():
    head, _, rest = LETTER.partition("som jeg hermed skal besvare.\n")
    found = _extract(head + "som jeg hermed skal besvare.\nPoul Chr. Friis\n/\nAnne Holm\n\n"
                     + rest[: rest.index(LAST) + len("Banedanmark har oplyst, at tallet er steg")])
    assert found.answer.signatories == ("Poul Chr. Friis", "Anne Holm")
    assert not found.answer.complete
    assert _cut_off(found)


@pytest.mark.parametrize("cover,signed", [
    ("Hermed fremsendes i 5 eksemplarer svar på spørgsmål nr. 133 (alm. del) stillet af Folketingets Transport- og "
     "Bygningsudvalg den 24. november 2015.\n\nPoul Chr. Friis\n\n", ("Poul Chr. Friis",)),
    # a name alone in the letterhead, under no cover letter: a caseworker, perhaps
    ("Sagsbehandler\n\nAnne Holm\n\n", ()),
])
def test_the_one_name_under_a_cover_letters_sentence_signs_an_answer_signed_nowhere_else(cover, signed):
    text = LETTER.replace("Transport- og Bygningsudvalget har i brev", cover + "Transport- og Bygningsudvalget har i brev")
    found = _extract(text.replace("Med\nvenlig\nhilsen\nPoul Chr. Friis\n", ""))
    assert found.answer.signatories == signed
    assert found.answer.text.endswith(LAST)
    assert any("no signature after the answer" in w.message for w in found.warnings) == (not signed)


def test_a_ministrys_footer_broken_over_lines_after_a_signature_without_a_closing_is_no_part_of_the_answer():
    footer = ("Transport-\nog Bygningsministeriet • Frederiksholms Kanal 27 • 1220\nKøbenhavn K\n"
              "Tlf. 41 71 27 00 • Fax 33 12 38 93 • www.trm.dk\n")
    found = _extract(LETTER.replace("Med\nvenlig\nhilsen\nPoul Chr. Friis\n", "Poul Chr. Friis\n/\nAnne Holm\n" + footer))
    assert found.answer.text.endswith(LAST)
    assert found.answer.signatories == ("Poul Chr. Friis", "Anne Holm")
    assert found.answer.complete


@pytest.mark.parametrize("end", [
    "\nKilde: Danmarks Statistik / Statens Serum Institut\n",
    " i samarbejde med Region Hovedstaden / Region Sjælland\n",
    " og styregruppen består af\nJens Hansen / Peter Holm\n",
    " i\nAarhus Kommune / Odense Kommune\n",
])
def test_names_that_a_sentence_left_without_its_end_names_are_not_its_signature(end):
    found = _extract(_signed(end))
    assert found.answer.signatories == ()
    assert not found.answer.complete


@pytest.mark.parametrize("letterhead", [
    "\nTransportministeriet\nDato:\n17. maj 2015\nKontor:\n",  # the ministry and its labels, put after the answer
    "\nMaj 2015\nVores sag\n04-201-52/101-0012\n",  # a month and the case's number
])
def test_a_letterhead_after_an_unsigned_answer_is_no_part_of_it(letterhead):
    found = _extract(LETTER[: LETTER.index(LAST) + len(LAST)] + letterhead)
    assert found.answer.text.endswith(LAST)
    assert found.answer.complete


@pytest.mark.parametrize("end", [
    "\nDer henvises i øvrigt til Finansministeriet\n",  # a sentence that ends in a ministry
    "\nFolketingets Transportudvalg\nFrederiksholms Kanal 27\n1220 København K\n",  # no signatory
])
def test_a_last_line_naming_a_ministry_or_a_committee_stays_and_signs_nothing(end):
    found = _extract(LETTER[: LETTER.index(LAST) + len(LAST)] + end)
    assert found.answer.signatories == ()
    if "henvises" in end:
        assert found.answer.text.endswith("Der henvises i øvrigt til Finansministeriet")


def test_the_senders_post_in_capitals_broken_over_two_lines_after_the_answer_is_no_part_of_it():
    letterhead = ("\nØKONOMI- OG \nERHVERVSMINISTEREN \n \n20. december 2015\nØKONOMI- OG \nERHVERVSMINISTERIET \n"
                  "Slotsholmsgade 10-12\n")
    found = _extract(LETTER[: LETTER.index(LAST) + len(LAST)] + letterhead)
    assert found.answer.text.endswith(LAST)
    assert found.answer.signatories == ()
    assert found.answer.complete


def test_a_co_signer_with_words_run_together_is_left_out_and_said():
    found = _extract(LETTER.replace("Poul Chr. Friis", "Poul Chr. Friis\n/MikaelLynnerup Kristensen"))
    assert found.answer.signatories == ("Poul Chr. Friis",)
    assert any("words run together" in w.message for w in found.warnings)


def test_a_list_of_enclosures_after_the_signature_leaves_the_signature_and_is_no_part_of_the_answer():
    enclosures = ("\nMed venlig hilsen\nPoul Chr. Friis\nBilag\nTRU alm. del\nsvar på spm. 118 samt dennes bilag 1. "
                  "Foreløbig analyse af pendlingens udvikling\n")
    found = _extract(LETTER[: LETTER.index(LAST) + len(LAST)] + enclosures)
    assert found.answer.signatories == ("Poul Chr. Friis",)
    assert found.answer.text.endswith(LAST)


def test_an_answer_sent_as_an_enclosure_of_a_covering_letter_is_still_read():
    head, _, rest = LETTER.partition("Transport- og Bygningsudvalget har i brev")
    text = (head + "Hermed sendes svar på spørgsmål nr. 133.\nMed venlig hilsen\nPoul Chr. Friis\nBilag 1\n\n"
            "Transport- og Bygningsudvalget har i brev" + rest)
    found = _extract(text)
    assert found.answer.text.endswith(LAST)


@pytest.mark.parametrize("tail", [
    # the sender's letterhead after the answer: its date, its ministry broken over two lines, its unit
    "\n29. juni 2015\nTransport- og\nBygningsministeriet\nKoncernøkonomi\nPoul Chr. Friis\n/\nAnne Holm\nSide\n1/1\n",
    # a bulleted footer broken at its bullets
    "\nPoul Chr. Friis\n/\nAnne Holm\nTransport- og Bygningsministeriet •\nFrederiksholms Kanal 27\n• 1220 København K\n"
    "Tlf. 41 71 27 00 • www.trm.dk\n",
])
def test_a_letterhead_or_footer_after_the_answer_leaves_its_text_and_signature_alone(tail):
    found = _extract(LETTER[: LETTER.index(LAST) + len(LAST)] + tail)
    assert found.answer.text.endswith(LAST)
    assert found.answer.signatories == ("Poul Chr. Friis", "Anne Holm")
    assert found.answer.complete


def test_a_ministry_that_opens_the_answers_next_sentence_stays_in_it():
    found = _extract(LETTER.replace(LAST, LAST + "\nTransportministeriet\nhar desuden oplyst, at tallet stiger."))
    assert found.answer.text.endswith("Transportministeriet har desuden oplyst, at tallet stiger.")
