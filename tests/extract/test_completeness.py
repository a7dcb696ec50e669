"""An answer is marked incomplete only where its text may be cut off, never where the letter ends."""

from __future__ import annotations

from pathlib import Path

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
