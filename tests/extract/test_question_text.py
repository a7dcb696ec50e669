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


@pytest.mark.parametrize("quoted", [f"”{ASKED}”", f"”{ASKED}”.", f"\"{ASKED}\"."])
def test_a_quoted_question_is_read_without_its_quotation_marks_or_a_full_stop_after_them(quoted):
    assert _question(LETTER.replace(ASKED, quoted)).text == TEXT


def test_a_question_ending_in_a_quoted_title_keeps_its_full_stop():
    asked = ASKED.replace("siden 2010.", "i rapporten ”Pendling 2015”.")
    assert _question(LETTER.replace(ASKED, asked)).text.endswith("i rapporten ”Pendling 2015”.")
