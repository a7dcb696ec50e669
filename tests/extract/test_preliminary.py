"""An answer that says a final one is to follow is marked preliminary; a late final answer is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import FIXTURES

from lodpub.extract import answer
from lodpub.extract.seeds import Seed

LETTER = (FIXTURES / "answers" / "20151-tru-133.txt").read_text(encoding="utf-8")
FIRST = "Jeg kan oplyse, at omkring 11.000 pendlere dagligt krydser Storebælt med tog."


def _answer(first_sentence: str):
    seed = Seed(path=Path("seeds/20151-tru-133.txt"), name="20151-tru-133", text=LETTER.replace(FIRST, first_sentence),
                sha256="", received_as="", description="", url="", session="20151", committee="TRU", number="133",
                kind="general", bill=None)
    return answer.extract(seed).answer


@pytest.mark.parametrize("first_sentence", [
    "Det er desværre ikke muligt at besvare spørgsmålet inden for den almindelige frist.",
    "Grundet sommerferieperioden er det ikke muligt at besvare spørgsmålet inden for fristen.",
    "Spørgsmålet kan ikke besvares inden for fristen, fordi oplysningerne ikke foreligger i ministeriet.",
    "Spørgsmålet besvares hermed foreløbigt.",
    # a final answer promised in a later sentence
    "Ministeriet har anmodet om bidrag fra Banedanmark. På baggrund af bidraget forventes spørgsmålet at kunne "
    "besvares ultimo juni.",
    "Ministeriet har ikke mulighed for at svare inden for fristen, idet der skal indhentes bidrag fra Banedanmark. "
    "Jeg forventer at kunne besvare spørgsmålet endeligt ultimo november.",
    "Det har desværre ikke været muligt at besvare spørgsmålet inden for fristen. Spørgsmålet forventes på den "
    "baggrund besvaret primo august.",
    "Ministeriet har behov for at indhente bidrag fra Banedanmark. Jeg vil derfor vende tilbage med et endeligt svar "
    "på spørgsmålet i august.",
    "Det har ikke været muligt at besvare spørgsmålene inden fristen, da der skal indhentes bidrag fra øvrige "
    "ministerier. Et endeligt svar forventes grundet sommerferie at foreligge medio august.",
    "Jeg kan som mit foreløbige svar oplyse, at sagen undersøges. Et endeligt svar fremsendes snarest.",
    "Spørgsmålet kræver bidrag fra Banedanmark. Jeg forventer at kunne sende et endeligt svar i uge 42.",
    "Sagen undersøges. Endeligt svar følger.",
    "Ministeriet har brug for yderligere tid. Jeg forventer derfor at kunne besvare spørgsmålet ved udgangen af oktober.",
    # the answer promised once a contribution is in
    "Ministeriet har anmodet om bidrag fra Banedanmark. Jeg vil på den baggrund besvare spørgsmålet snarest efter, at "
    "bidraget er modtaget, og forventer at kunne gøre dette medio januar.",
    "Ministeriet har anmodet Banedanmark om et bidrag. Jeg vil besvare spørgsmålet, når bidraget foreligger.",
])
def test_an_answer_that_cannot_be_given_within_the_deadline_is_preliminary(first_sentence):
    assert _answer(first_sentence).preliminary


@pytest.mark.parametrize("first_sentence", [
    FIRST,
    "Det har desværre ikke været muligt at besvare spørgsmålet inden for fristen, og jeg kan nu oplyse følgende.",
    # a final answer that says what it cannot cover
    "Det er ikke muligt at besvare spørgsmålet inden for rammerne af en folketingsbesvarelse, da det kræver en manuel gennemgang.",
    "Spørgsmålet kan ikke besvares inden for rammerne af et folketingsspørgsmål.",
    # what others are expected to do, and a promise kept
    "Banedanmark forventer at kunne besvare kommunernes henvendelser inden udgangen af året.",
    "I mit foreløbige svar forventede jeg at kunne besvare spørgsmålet ultimo maj, og jeg kan nu oplyse følgende.",
    "Som lovet kan jeg nu vende tilbage med et endeligt svar. Der er ikke afsat midler.",
    "I mit svar af 3. maj oplyste jeg, at jeg ville vende tilbage med et endeligt svar, når Banedanmark havde svaret.",
    "Spørgsmålet forventes besvaret af Kommissionen i løbet af efteråret.",
    "Ministeriet forventer ikke at kunne besvare spørgsmålet mere præcist end her. Tallet er 12.",
    "Kommissionen forventes at besvare spørgsmålet fra Europa-Parlamentet i løbet af efteråret.",
    "Ministeriet forventer kun at kunne besvare spørgsmålet delvist, da der ikke føres statistik.",
    "Jeg vil besvare spørgsmålet efter bedste evne ud fra de oplysninger, ministeriet har.",
    "Jeg vil besvare spørgsmålet, efter at jeg har redegjort for reglerne. Reglerne er enkle.",
    "Jeg oplyste i mit svar af 3. maj, at jeg ville besvare spørgsmålet, når bidraget var modtaget. Tallet er 12.",
])
def test_a_final_answer_is_not_preliminary_even_when_it_apologises_for_being_late(first_sentence):
    assert not _answer(first_sentence).preliminary
