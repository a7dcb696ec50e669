"""The question's text is what the minister was asked: without the marks that quote it."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import FIXTURES

from lodpub.extract import answer
from lodpub.extract.seeds import Seed

LETTER = (FIXTURES / "answers" / "20151-tru-133.txt").read_text(encoding="utf-8")
ASKED = ("Ministeren bedes oplyse, hvor mange pendlere der dagligt krydser Storebælt med\n"
         "tog, og hvordan tallet har udviklet sig siden 2010.")
TEXT = "Ministeren bedes oplyse, hvor mange pendlere der dagligt krydser Storebælt med tog, og hvordan tallet har udviklet sig siden 2010."


def _question(text: str):
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session="20151", committee="TRU", number="133", kind="general", bill=None)
    return answer.extract(seed).question


@pytest.mark.parametrize("quoted", [
    f"”{ASKED}”", f"”{ASKED}”.", f"\"{ASKED}\".",
    f"»{ASKED}« (Spm. nr. 133).",  # ft.dk's own pages give the number after the question
    f"’’ {ASKED}”",  # two single marks for the opening one
    f"’’{ASKED}’’",  # and for the closing one
])
def test_a_quoted_question_is_read_without_its_quotation_marks_or_a_full_stop_after_them(quoted):
    assert _question(LETTER.replace(ASKED, quoted)).text == TEXT


def test_a_question_ending_in_a_quoted_title_keeps_its_full_stop():
    asked = ASKED.replace("siden 2010.", "i rapporten ”Pendling 2015”.")
    assert _question(LETTER.replace(ASKED, asked)).text.endswith("i rapporten ”Pendling 2015”.")


def test_a_covering_note_naming_the_question_before_the_question_itself_is_the_header():
    note = ("Spørgsmål nr. 133\n\n(alm. del)\n\nSkrivelse af 24. november 2015\n\n"
            "Svar til Folketingets Transport- og Bygningsudvalg fra transportministeren.\n\n")
    text = LETTER.replace("Spørgsmål nr. 133:", note + "Spørgsmål nr. 133:")
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session="20151", committee="TRU", number="133", kind="general", bill=None)
    found = answer.extract(seed)
    assert found.question.text == TEXT
    assert found.question.addressed_to == "transportminister"
    assert found.question.date_asked.isoformat() == "2015-11-24"


def test_a_question_in_single_quotation_marks_is_read_without_them():
    assert _question(LETTER.replace(ASKED, f"’{ASKED}’")).text == TEXT


def test_single_marks_that_do_not_wrap_the_whole_question_stay():
    asked = ASKED.replace("siden 2010.", "siden Jens’ rapport i 2010.")
    assert _question(LETTER.replace(ASKED, asked)).text.endswith("siden Jens’ rapport i 2010.")


def test_the_post_under_the_signature_names_the_minister_the_header_does_not():
    text = LETTER.replace("Poul Chr. Friis", "Poul Chr. Friis\nTransportminister")
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session="20151", committee="TRU", number="133", kind="general", bill=None)
    found = answer.extract(seed)
    assert found.question.addressed_to == "transportminister"
    assert found.answer.signatories == ("Poul Chr. Friis",)
    assert not any("which minister" in w.message for w in found.warnings)


@pytest.mark.parametrize("letterhead,post", [
    ("Transportministeriet\n", "transportminister"),
    # run into the street by a rendering
    ("TransportministerietFrederiksholms Kanal 27 F\n", "transportminister"),
    ("Transport- og Bygningsministeriet\n", "transport- og bygningsminister"),
    # two ministries: which one answers, the letter does not say
    ("Transportministeriet\nFinansministeriet\n", None),
    # the ministry of the foreign, development and trade ministers alike
    ("Udenrigsministeriet\n", None),
    # a ministry named inside a line: a copy's addressee, one heard, the sender of the question
    ("Kopi: Finansministeriet\n", None),
    ("Sagen er sendt i høring hos Finansministeriet\n", None),
])
def test_the_ministrys_letterhead_names_the_minister_where_nothing_else_does(letterhead, post):
    text = LETTER.replace("MINISTEREN\n", letterhead)
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session="20151", committee="TRU", number="133", kind="general", bill=None)
    found = answer.extract(seed)
    assert found.question.addressed_to == post
    assert any("which minister" in w.message for w in found.warnings) == (post is None)


def test_a_ministry_named_in_the_answer_is_not_the_letterhead():
    text = LETTER.replace("Jeg kan oplyse,", "Finansministeriet har oplyst,")
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session="20151", committee="TRU", number="133", kind="general", bill=None)
    assert answer.extract(seed).question.addressed_to is None


def test_an_answer_ending_in_a_quotation_it_opened_keeps_the_closing_mark():
    last = "Banedanmark har oplyst, at tallet er steget med ca. 15 pct. siden 2010."
    text = LETTER.replace(last, "Banedanmark har oplyst følgende:\n”Tallet er steget med ca. 15 pct. siden 2010.”")
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session="20151", committee="TRU", number="133", kind="general", bill=None)
    assert answer.extract(seed).answer.text.endswith("”Tallet er steget med ca. 15 pct. siden 2010.”")


def test_the_letterheads_date_run_into_the_question_heading_is_no_part_of_the_question():
    text = LETTER.replace("14. december 2105\n", "").replace(
        "Spørgsmål nr. 133:\n", "Spørgsmål nr. 133:\nMinisteren14. december 2015J.nr. 2015-5466\n")
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session="20151", committee="TRU", number="133", kind="general", bill=None)
    found = answer.extract(seed)
    assert found.question.text == TEXT
    assert found.answer.date.isoformat() == "2015-12-14"


def test_a_question_on_a_bill_headed_without_a_colon_and_quoted_over_lines_is_read():
    text = ("Folketingets Sundhedsudvalg har den 3. december 2020 stillet følgende spørgsmål nr. 51 til L 77 til "
            "sundheds- og ældreministeren, som hermed besvares.\nSpørgsmål nr. 51 til L 77\n”Ministeren\nbedes oplyse, "
            "hvor mange der er vaccineret?”\nSvar\nDer henvises til besvarelsen af spørgsmål 50.\nMed venlig hilsen\nMagnus Holm\n")
    seed = Seed(path=Path("x.txt"), name="x", text=text, sha256="", received_as="", description="", url="",
                session="20201", committee="SUU", number="51", kind="bill", bill="L 77")
    found = answer.extract(seed)
    assert found.question.text == "Ministeren bedes oplyse, hvor mange der er vaccineret?"
    assert found.answer.text == "Der henvises til besvarelsen af spørgsmål 50."
