"""Dates that cannot be right are left out with a warning, never published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
