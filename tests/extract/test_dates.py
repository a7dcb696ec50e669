"""Dates that cannot be right are left out with a warning, never published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from projects import FIXTURES

from lodpub.extract import answer
from lodpub.extract.seeds import Seed

LETTER = (FIXTURES / "answers" / "20151-tru-133.txt").read_text(encoding="utf-8")


def _extract(text: str, session: str = "20151"):
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=text, sha256="", received_as="",
                description="", url="", session=session, committee="TRU", number="133", kind="general", bill=None)
    return answer.extract(seed)


def _messages(extraction) -> list[str]:
    return [w.message for w in extraction.warnings]


def test_a_letter_dated_in_the_session_gives_the_answers_date():
    found = _extract(LETTER.replace("14. december 2105", "14. december 2015"))
    assert found.answer.date == dt.date(2015, 12, 14)
    assert found.question.date_asked == dt.date(2015, 11, 24)


def test_a_letterhead_year_far_from_the_session_is_left_out():
    found = _extract(LETTER)
    assert found.answer.date is None
    assert found.question.date_asked == dt.date(2015, 11, 24)
    assert any("2105-12-14 cannot be the answer's" in m for m in _messages(found))


def test_an_answer_dated_before_the_question_leaves_both_dates_out():
    found = _extract(LETTER.replace("14. december 2105", "14. november 2015"))
    assert found.answer.date is None and found.question.date_asked is None
    assert any("one of them is wrong" in m for m in _messages(found))


def test_a_date_asked_outside_the_session_is_left_out():
    found = _extract(LETTER.replace("24. november 2015", "24. november 2051").replace("14. december 2105", "14. december 2015"))
    assert found.question.date_asked is None
    assert found.answer.date == dt.date(2015, 12, 14)
    assert any("2051-11-24 does not fall in session 20151" in m for m in _messages(found))


@pytest.mark.parametrize("letterhead", [
    "14. december 20152015-7120",  # the date, then the J.nr. that opens with the year
    "14. december 2015Kontoret for Kollektiv Trafik2015-7120",  # the date, then the office
    "J.nr. TS-2015-7120Den 14. december 2015",  # the J.nr., then the date
    "J.nr.Den 14. december 2015",  # an empty label, then the date
    "Sagsnr.1208657Doknr.1017528Dato14. december 2015",  # labels and values run together, the date last
    "København, den 14. december 2015Sagsnr.: 2015-7120",
    "14 . december 2015\n2015-7120",  # a space before the day's full stop
    "DatoDok.idJ. nr.\n14 . december 2015004-U18-1021",  # the document number run on
    "Dato:J.nr.:\n14. december 201511/48827",  # the file number run on
])
def test_a_letterhead_date_run_into_the_value_beside_it_gives_the_answers_date(letterhead):
    found = _extract(LETTER.replace("14. december 2105\n2015-7120", letterhead))
    assert found.answer.date == dt.date(2015, 12, 14)


@pytest.mark.parametrize("line", [
    "14. december 2015 blev der indgået en aftale",  # a sentence that opens with a date
    "jf. lov nr. 1234Den 14. december 2015",  # not a reference number
    "14. december 2015Udbudsbekendtgørelse offentliggøres",  # a table's row, run together
])
def test_a_date_opening_a_line_of_text_is_not_the_letterheads(line):
    found = _extract(LETTER.replace("14. december 2105\n2015-7120", line))
    assert found.answer.date is None
