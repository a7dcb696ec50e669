"""Letters whose rendering glued headings and quotations onto the text beside them, or broke them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lodpub.errors import UserError
from lodpub.extract import answer
from lodpub.extract.seeds import Seed

TOP = "Folketingets Uddannelsesudvalg\nChristiansborg\n"


def _extract(text: str, number: str = "248", kind: str = "general", bill: str | None = None):
    seed = Seed(path=Path(f"seeds/20091-udu-{number}.txt"), name=f"20091-udu-{number}", text=text, sha256="",
                received_as="", description="", url="", session="20091", committee="UDU", number=number,
                kind=kind, bill=bill)
    return answer.extract(seed)


def test_headings_glued_on_both_sides_part_question_and_answer():
    found = _extract(
        TOP + "Svar på spørgsmål nr. 248 (Alm. del):I brev af 17. marts 2010 har Uddannelsesudvalget efter ønske "
        "fra Anne Holm (EL) stillet mig følgende spørgsmål:Spørgsmål nr. 248:\"Vil ministeren oplyse, hvor mange "
        "skoler der har søgt om dispensation?\"Svar:Ministeriet har modtaget tre ansøgninger om dispensation.\n"
        "26. marts 2010\nMed venlig hilsen\nKarin Dam\n"
    )
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"
    assert found.question.date_asked == dt.date(2010, 3, 17)
    assert (found.question.asker, found.question.party) == ("Anne Holm", "EL")
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."
    assert found.answer.signatories == ("Karin Dam",)


@pytest.mark.parametrize("announced", ["besvarelse af spørgsmål:", "besvarelse af følgende spørgsmål:"])
def test_a_quoted_question_glued_onto_the_sentence_announcing_it_is_the_question(announced):
    found = _extract(
        TOP + "Uddannelsesudvalget har ved brev af 15. november 2009 (UDU alm. del – spørgsmål15) bedt om min "
        f"{announced}”Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?”Svar:Ministeriet har "
        "modtaget tre ansøgninger om dispensation.\n\nMed venlig hilsen\n\nKarin Dam\n",
        number="15",
    )
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."


def test_a_heading_word_inside_a_sentence_is_not_split_off():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 17. marts 2010 stillet mig følgende spørgsmål nr. 248 (alm. del).\n"
        "Spørgsmål nr. 248:\nVil ministeren oplyse, hvad ministeriet har svaret:i sagen?\n"
        "Svar:\nMinisteriet har i sit svar: oplyst, at sagen er lukket.\nMed venlig hilsen\nKarin Dam\n"
    )
    assert found.question.text == "Vil ministeren oplyse, hvad ministeriet har svaret:i sagen?"
    assert found.answer.text == "Ministeriet har i sit svar: oplyst, at sagen er lukket."


def test_the_post_and_date_glued_onto_the_opening_and_the_closing_onto_the_last_sentence():
    found = _extract(
        "Folketingets UddannelsesudvalgChristiansborg\n"
        "UNDERVISNINGSMINISTEREN2. juli 2010Folketingets Uddannelsesudvalg har den 12. juni 2010 stillet følgende "
        "spørgsmål nr. 248 til undervisningsministeren, som hermed besvares.Spørgsmål nr. 248:\n"
        "”Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?”Svar:\n"
        "Ministeriet har modtaget tre ansøgninger om dispensation.Med venlig hilsen\nKarin Dam\n"
        "Frederiksholms Kanal 21 · 1220 København K · EAN: 5798000201200\n"
    )
    assert found.answer.date == dt.date(2010, 7, 2)
    assert found.question.date_asked == dt.date(2010, 6, 12)
    assert found.question.addressed_to == "undervisningsminister"
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."
    assert found.answer.signatories == ("Karin Dam",)
    assert found.answer.complete


def test_the_senders_post_between_the_answer_and_the_closing_is_not_the_answers():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 17. marts 2010 stillet mig følgende spørgsmål nr. 248 (alm. del).\n"
        "Spørgsmål nr. 248:\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation.\n"
        "UNDERVISNINGSMINISTEREN\nFrederiksholms Kanal 21\n1220 København K\nMed venlig hilsen\nKarin Dam\n"
    )
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."


def test_a_question_heading_broken_before_its_kind_is_one_heading():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 17. marts 2010 stillet mig følgende spørgsmål nr. 248 (alm. del).\n\n"
        "Spørgsmål nr. 248 fra Folketingets Uddannelsesudvalg\n\n(Alm. del):\n\n"
        "”Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?”\n\n"
        "Svar:\n\nMinisteriet har modtaget tre ansøgninger om dispensation.\n\nMed venlig hilsen\n\nKarin Dam\n"
    )
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"


def test_headings_at_a_lines_start_glued_onto_their_text():
    found = _extract(
        TOP + "Under henvisning til Folketingets Uddannelsesudvalgs brev af 2. april 2010 følger hermed svar på "
        "spørgsmål nr. 248 (UDU Alm. del).\n"
        "Spørgsmål nr. 248:”Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?”\n"
        "Svar:Ministeriet har modtaget tre ansøgninger om dispensation.Karin Dam/ Ole Berg\n"
    )
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."
    assert found.answer.signatories == ("Karin Dam", "Ole Berg")


def test_a_question_heading_broken_after_its_kind_and_one_without_a_colon():
    for heading in ("Alm. del\nspørgsmål 248:", "Spørgsmål nr. 248 (Alm. del) fra Folketingets Uddannelsesudvalg"):
        found = _extract(
            TOP + "I brev af 12. februar 2010 har udvalget efter ønske fra Anne Holm (EL) stillet mig følgende spørgsmål:\n"
            f"{heading}\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
            "Foreløbigt svar\nMinisteriet har modtaget tre ansøgninger om dispensation.\nMed venlig hilsen\nKarin Dam\n"
        )
        assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?", heading


def test_a_ministrys_footer_after_the_signature_is_not_the_answers():
    found = _extract(
        TOP + "København, den 10. juni 2010Sagsnr.: 16191\n"
        "Uddannelsesudvalget har i brev af 17. marts 2010 stillet mig følgende spørgsmål nr. 248 (alm. del).\n"
        "Spørgsmål nr. 248:\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation.\nKarin Dam\n/\nOle Berg\n"
        "Ministeriet for Børn, Undervisning og Ligestilling\nFrederiksholms Kanal 21\n1220 København K\n"
        "• CVR\n20453044\n• EAN\n5798000880016\n"
    )
    assert found.answer.date == dt.date(2010, 6, 10)
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."
    assert found.answer.signatories == ("Karin Dam", "Ole Berg")
    assert found.answer.complete


def test_a_question_on_a_bill_headed_with_the_bill_and_a_letter_that_sends_its_final_answer():
    found = _extract(
        TOP + "Hermed sendes endeligt svar på spørgsmål nr. 248 af 2. marts 2010 (L 23).\n"
        "Lovforslag L 23 - spørgsmål nr. 248:\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation.\nMed venlig hilsen\nKarin Dam\n",
        kind="bill", bill="L 23",
    )
    assert found.question.date_asked == dt.date(2010, 3, 2)
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"


def test_a_letter_that_lost_every_line_break_is_read_by_its_headings():
    found = _extract(
        "Undervisningsministeriet Frederiksholms Kanal 21 1220 København K Folketingets Uddannelsesudvalg "
        "MINISTEREN Udvalget har ved skrivelse af 12. marts 2010 anmodet om min besvarelse af følgende spørgsmål: "
        "Spørgsmål 248: ”Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?” Svar: Ministeriet "
        "har modtaget tre ansøgninger om dispensation. Ministeriet har ikke modtaget andre ansøgninger om "
        "dispensation fra folkeskolelovens regler om klassestørrelse inden for de sidste fem år, og ministeriet "
        "forventer ikke flere ansøgninger i indeværende skoleår. Med venlig hilsen Karin Dam / Ole Berg"
    )
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"
    assert found.question.date_asked == dt.date(2010, 3, 12)
    assert found.answer.text.startswith("Ministeriet har modtaget tre ansøgninger om dispensation.")
    assert found.answer.text.endswith("i indeværende skoleår.")
    assert found.answer.signatories == ("Karin Dam", "Ole Berg")


def test_in_a_letter_that_lost_every_line_break_the_answer_follows_a_straight_quote_and_the_date_its_labels():
    found = _extract(
        "Folketingets Uddannelsesudvalg Christiansborg 1240 København K Dato J.nr. : : 19. marts 2010 432-81 "
        "Uddannelsesudvalget har i brev af 12. marts 2010 stillet mig følgende spørgsmål 248 (Alm. del), som jeg "
        "hermed skal besvare. Svaret vedlægges i 5 eksemplarer. Spørgsmål 248: \"Ministeren bedes kommentere "
        "henvendelsen af 2. marts 2010 fra skolebestyrelsen, jf. alm. del – bilag 60”\" Svar: Ministeriet har "
        "modtaget tre ansøgninger om dispensation. Ministeriet har ikke modtaget andre ansøgninger inden for de "
        "sidste fem år. Med venlig hilsen Karin Dam"
    )
    assert found.question.text.endswith("jf. alm. del – bilag 60")
    assert found.answer.text == ("Ministeriet har modtaget tre ansøgninger om dispensation. Ministeriet har ikke "
                                 "modtaget andre ansøgninger inden for de sidste fem år.")
    assert found.answer.date == dt.date(2010, 3, 19)
    assert found.answer.signatories == ("Karin Dam",)


def test_an_answer_heading_glued_onto_the_questions_closing_straight_quote_is_a_heading():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 3. februar 2010 stillet mig følgende spørgsmål nr.248, alm. del, "
        "efter ønske fra Anne Holm (SF), som jeg hermed skal be-svare.Spørgsmål 248:\n"
        "\"Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation, og hvornår\nordningen vil "
        "starte?\"Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation.\n"
        "Dato 23. februar 2010J.nr. 2010-724\nMed venlig hilsen\nKarin Dam\n"
    )
    assert found.question.text.endswith("og hvornår ordningen vil starte?")
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."
    assert found.answer.signatories == ("Karin Dam",)
    assert found.answer.date == dt.date(2010, 2, 23)
    assert found.answer.complete


def test_the_ministry_and_its_date_glued_onto_the_opening_and_the_signature_onto_the_closing():
    found = _extract(
        TOP + "UNDERVISNINGSMINISTERIETDato: 20. marts 2010Spørgsmål fra Uddannelsesudvalget til undervisningsministeren "
        "af 12. marts 2010. UDU alm. del spm. 248.\n"
        "Spørgsmål nr. 248:\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation\nMed venlig hilsenKarin Dam\n"
    )
    assert found.answer.date == dt.date(2010, 3, 20)
    assert found.question.date_asked == dt.date(2010, 3, 12)
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation"
    assert found.answer.signatories == ("Karin Dam",)
    assert found.answer.complete


def test_a_quoted_question_ends_its_paragraph_where_the_quotation_ends():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 4. juni 2009 stillet følgende spørgsmål nr. 248, som hermed besvares.\n"
        "”Vil ministeren oplyse, hvor mange skoler der har søgt om\ndispensation?”\n"
        "Der henvises til svar på spørgsmål nr. 247.\nVenlig hilsen\nKarin Dam\n"
    )
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"
    assert found.answer.text == "Der henvises til svar på spørgsmål nr. 247."


def test_a_question_heading_with_the_committees_letters_and_the_proposal():
    found = _extract(
        TOP + "Spørgsmål fra Uddannelsesudvalget til undervisningsministeren af 12. marts 2010.\n"
        "UDU B8 spørgsmål 248:\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation.\nMed venlig hilsen\nKarin Dam\n",
        kind="proposal", bill="B 8",
    )
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"


def test_a_closing_without_spaces_glued_onto_the_signature():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 17. marts 2010 stillet mig følgende spørgsmål nr. 248 (alm. del).\n"
        "Spørgsmål nr. 248:\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation.\nMedvenlighilsenKarin Dam\n"
    )
    assert found.answer.signatories == ("Karin Dam",)
    assert found.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."



def _one_after_the_other(number: str, cut: bool):
    second = "" if cut else (
        "Spørgsmål 249\nVil ministeren oplyse, hvor mange skoler der har fået dispensation?\n"
        "Svar\nMinisteriet har givet to skoler dispensation.\nMed venlig hilsen\nKarin Dam\n"
    )
    return _extract(
        TOP + "Hermed fremsendes svar på spørgsmål nr. 248 og 249 (alm. del) stillet af Uddannelsesudvalget den 4. februar "
        "2010.\n\nSpørgsmål 248\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar\nMinisteriet har modtaget tre ansøgninger om dispensation.\n" + second,
        number=number,
    )


def test_a_letter_answering_its_questions_one_after_the_other_gives_each_its_own():
    first, second = _one_after_the_other("248", cut=False), _one_after_the_other("249", cut=False)
    assert first.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"
    assert first.answer.text == "Ministeriet har modtaget tre ansøgninger om dispensation."
    assert first.answer.signatories == second.answer.signatories == ("Karin Dam",)
    assert second.question.text == "Vil ministeren oplyse, hvor mange skoler der har fået dispensation?"
    assert second.answer.text == "Ministeriet har givet to skoler dispensation."


def test_a_letter_cut_before_its_second_question_is_refused_for_that_question():
    with pytest.raises(UserError, match="holds the question and answer of 248 only"):
        _one_after_the_other("249", cut=True)



def test_a_quoted_question_with_a_quoted_title_ending_a_line_is_read_whole():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 4. juni 2009 stillet følgende spørgsmål nr. 248, som hermed besvares.\n"
        "”Vil ministeren kommentere artiklen ”Skolerne svigter”\nBerlingske bragte den 1. maj 2009?”\n"
        "Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation.\nMed venlig hilsen\nKarin Dam\n"
    )
    assert found.question.text == "Vil ministeren kommentere artiklen ”Skolerne svigter” Berlingske bragte den 1. maj 2009?"


def test_an_answer_quoting_an_earlier_question_and_answer_is_not_cut_there():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 17. marts 2010 stillet mig følgende spørgsmål nr. 248 (alm. del).\n"
        "Spørgsmål nr. 248:\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar:\nJeg kan henvise til min besvarelse af et tilsvarende spørgsmål:\nSpørgsmål nr. 3:\nHvor mange søgte i 2009?\n"
        "Svar:\nTo skoler søgte i 2009.\nMinisteriet har i 2010 modtaget tre ansøgninger.\nMed venlig hilsen\nKarin Dam\n"
    )
    assert found.answer.text.endswith("Ministeriet har i 2010 modtaget tre ansøgninger.")


def test_a_wrapped_header_sentence_is_no_question_heading():
    found = _extract(
        TOP + "Spørgsmål nr. 248 (alm. del) fra Folketingets Uddannelsesudvalg besvares hermed af\n"
        "undervisningsministeren. Spørgsmålet er stillet den 3. maj 2010 efter ønske fra Anne Holm (EL).\n\n"
        "Spørgsmål:\nVil ministeren oplyse, hvor mange skoler der har søgt om dispensation?\n"
        "Svar:\nMinisteriet har modtaget tre ansøgninger om dispensation.\nMed venlig hilsen\nKarin Dam\n"
    )
    assert found.question.text == "Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?"
    assert (found.question.asker, found.question.date_asked) == ("Anne Holm", dt.date(2010, 5, 3))


def test_a_list_of_contact_channels_in_bullets_stays_in_the_answer():
    found = _extract(
        TOP + "Uddannelsesudvalget har i brev af 17. marts 2010 stillet mig følgende spørgsmål nr. 248 (alm. del).\n"
        "Spørgsmål nr. 248:\nVil ministeren oplyse, hvordan skolerne kan kontakte styrelsen?\n"
        "Svar:\nStyrelsen kan kontaktes på følgende måder:\n• Telefon\n• E-mail\n• Post\n"
        "Med venlig hilsen\nKarin Dam\n"
    )
    assert "Telefon" in found.answer.text and "E-mail" in found.answer.text


def test_a_section_20_heading_without_its_s_is_the_questions_own():
    seed = Seed(path=Path("seeds/20151-s-696.txt"), name="20151-s-696", sha256="", received_as="", description="",
                url="", session="20151", committee=None, number="S 696", kind="section-20", bill=None, text=(
                    "Folketingets Lovsekretariat\nMedlem af Folketinget Anne Holm (EL) har den 3. november 2015 stillet "
                    "følgende spørgsmål nr. S 696 til udlændinge-, integrations- og boligministeren, som hermed besvares.\n"
                    "Spørgsmål nr. 696:\nVil ministeren oplyse, hvor mange asylansøgere der kom i oktober?\n"
                    "Svar:\nDer kom 9.000 asylansøgere.\nMed venlig hilsen\nKarin Dam\n"))
    assert answer.extract(seed).question.text == "Vil ministeren oplyse, hvor mange asylansøgere der kom i oktober?"


def test_a_committees_genitive_before_its_question_gives_the_committee_the_date_and_the_question_its_minister():
    found = _extract(
        "UDENRIGSMINISTERIET\n\nEuropaudvalgets spørgsmål 248 ad EUU alm. del af den 7. marts 2010\n\n"
        "Spørgsmål:\n\n»Udenrigsministeren bedes redegøre for, hvor mange skoler der har søgt om dispensation.«\n\n"
        "Svar:\n\nMinisteriet har modtaget tre ansøgninger om dispensation.\n"
    )
    assert found.question.date_asked == dt.date(2010, 3, 7)
    assert found.question.committee_name == "Europaudvalget"
    assert found.question.addressed_to == "udenrigsminister"
    assert not [w for w in found.warnings if "which minister" in w.message or "asked" in w.message]


def test_a_question_that_names_no_post_of_its_own_names_no_minister():
    found = _extract(
        "Europaudvalgets spørgsmål 248 ad EUU alm. del af den 7. marts 2010\n\n"
        "Spørgsmål:\n\n»Vil ministeren bede forsvarsministeren om at redegøre for skolerne?«\n\n"
        "Svar:\n\nMinisteriet har modtaget tre ansøgninger om dispensation.\n"
    )
    assert found.question.addressed_to is None


def test_in_a_letter_that_lost_every_line_break_a_word_broken_at_a_lost_line_end_is_one_word():
    found = _extract(
        "Folketingets Uddannelsesudvalg Christiansborg 1240 København K Besvarelse af spørgsmål nr. 248 (Alm. "
        "del) fra Folketingets Uddannelsesudvalg stillet den 12. marts 2010. Spørgsmål: ”Vil ministeren redegøre "
        "for, hvorfor ministeriet ikke søgte procesbe- villingsnævnet om tilladelse til at indbringe sagen for "
        "Højeste- ret?” Svar: Ministeriet har indhentet en udtalelse fra Rigsad- vokaten, der har oplyst følgende: "
        "”Sagen er ikke principiel, og der blev derfor ikke søgt om tilladelse.” Jeg kan henholde mig hertil, og "
        "jeg har ikke yderligere at tilføje til sagen, som hermed er afsluttet fra ministeriets side. Med venlig "
        "hilsen Karin Dam"
    )
    assert "søgte procesbevillingsnævnet" in found.question.text and found.question.text.endswith("for Højesteret?")
    assert found.answer.agencies == ("Rigsadvokaten",)
    assert [(s.speaker, s.kind) for s in found.answer.statements] == [("Rigsadvokaten", "contribution")]


def test_in_a_letter_that_lost_every_line_break_a_date_in_the_answer_and_a_writers_own_hyphens_stay():
    found = _extract(
        "Folketingets Uddannelsesudvalg Christiansborg 1240 København K Dato: 19. marts 2010 Uddannelsesudvalget har "
        "i brev af 12. marts 2010 stillet mig følgende spørgsmål 248 (Alm. del), som jeg hermed skal besvare. "
        "Spørgsmål 248: ”Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?” Svar: Nørre Skole "
        "søgte om social- og/eller sundhedsfaglige timer i januar- marts. Afgørelsen Dato: 3. februar 2010 var et "
        "afslag, og ministeriet har ikke modtaget andre ansøgninger om dispensation i de sidste fem år. "
        "Med venlig hilsen Karin Dam"
    )
    assert found.answer.date == dt.date(2010, 3, 19)
    assert found.answer.text == (
        "Nørre Skole søgte om social- og/eller sundhedsfaglige timer i januar- marts. Afgørelsen Dato: 3. februar "
        "2010 var et afslag, og ministeriet har ikke modtaget andre ansøgninger om dispensation i de sidste fem år.")


@pytest.mark.parametrize("question", [
    "»Statsministeren har den 3. marts udtalt, at skolerne skal have flere timer. Er ministeren enig heri?«",
    "»Forsvarsministeren oplyste i samrådet, at skolerne skal have flere timer. Vil ministeren bekræfte det?«",
])
def test_a_post_the_question_speaks_of_is_not_the_one_it_is_asked_of(question):
    found = _extract(
        "Europaudvalgets spørgsmål 248 ad EUU alm. del af den 7. marts 2010\n\n"
        f"Spørgsmål:\n\n{question}\n\nSvar:\n\nMinisteriet har modtaget tre ansøgninger om dispensation.\n"
    )
    assert found.question.addressed_to is None


def test_a_committees_genitive_keeps_the_first_part_of_its_name():
    found = _extract(
        "Social- og Indenrigsudvalgets spørgsmål 248 ad SOU alm. del af den 7. marts 2010\n\n"
        "Spørgsmål:\n\n»Vil ministeren oplyse, hvor mange skoler der har søgt om dispensation?«\n\n"
        "Svar:\n\nMinisteriet har modtaget tre ansøgninger om dispensation.\n"
    )
    assert found.question.committee_name == "Social- og Indenrigsudvalget"


def test_the_committee_that_put_the_question_for_a_member_and_the_marks_and_footer_run_into_the_answer():
    found = _extract(
        "Besvarelse af spørgsmål nr. 248 (Alm. del), som Uddannelsesudvalget efter ønske fra Pia Holm har stillet "
        "til ministeren for børn den 30. juni 2010.\n\nSpørgsmål:\n\n”Vil ministeren oplyse, hvor mange skoler der "
        "har søgt?”\n\nSvar:\n\n./.      Til udvalgets orientering vedlægges kopi af min besvarelse.\n\n"
        "Ministeriet har modtaget tre ansøgninger.\n"
        "____________HOLMENS KANAL 421060 KØBENHAVN KTELEFON: 33 92 33 20TELEFAX: 33 32 06 55EAN: 5798000201200\n"
        "Det er mit svar.\n\nMed venlig hilsen\n\nKarin Dam\n"
    )
    assert found.question.committee_name == "Uddannelsesudvalget"
    assert found.answer.text == ("Til udvalgets orientering vedlægges kopi af min besvarelse.\n\n"
                                 "Ministeriet har modtaget tre ansøgninger. Det er mit svar.")
