"""The agencies whose contribution an answer quotes: each whole, and only those that gave one."""

from __future__ import annotations

import pytest

from lodpub.extract.statements import agencies


@pytest.mark.parametrize("answer,expected", [
    ("Økonomi- og Erhvervsministeriet har oplyst følgende: Der er ...", ("Økonomi- og Erhvervsministeriet",)),
    ("Ministeriet har modtaget bidrag fra Klima-, Energi- og Forsyningsministeriet og Energistyrelsen.",
     ("Klima-, Energi- og Forsyningsministeriet", "Energistyrelsen")),
    ("Justitsministeriet har indhentet en udtalelse fra Rigspolitiet, der har oplyst følgende:", ("Rigspolitiet",)),
    ("Til brug for besvarelsen har Forsvarskommandoen oplyst følgende:", ("Forsvarskommandoen",)),
    ("Ministeriet har indhentet bidrag fra Finanstilsynet og Ankenævnet.", ("Finanstilsynet", "Ankenævnet")),
    ("Ministeriet har anmodet om bidrag fra Rigspolitiet, der har oplyst følgende:", ("Rigspolitiet",)),
    ("Til brug for besvarelsen har Forsvarskommandoen bl.a. oplyst følgende:", ("Forsvarskommandoen",)),
    ("Jeg har forelagt henvendelsen for Kystdirektoratet, som har oplyst mig følgende:", ("Kystdirektoratet",)),
    ("Jeg har forelagt spørgsmålet for Fødevarestyrelsen, som oplyser følgende:", ("Fødevarestyrelsen",)),
    # the agency after its ministry is the one that answered
    ("Jeg har forelagt spørgsmålet for Klima- og Energiministeriet, Energistyrelsen, der har oplyst følgende:",
     ("Energistyrelsen",)),
    ("Justitsministeriet har indhentet en udtalelse fra Rigsadvokaten, der har oplyst følgende:", ("Rigsadvokaten",)),
    ("Ministeriet har indhentet en udtalelse fra Politiets Efterretningstjeneste og Rigspolitiet.",
     ("Politiets Efterretningstjeneste", "Rigspolitiet")),
    ("Jeg har forelagt spørgsmålet for Banedanmark, som oplyser følgende:", ("Banedanmark",)),
    # "fra" for "for", a slip
    ("Jeg har forelagt spørgsmålet fra Slots- og Kulturstyrelsen, der har oplyst følgende:",
     ("Slots- og Kulturstyrelsen",)),
])
def test_an_agency_is_named_whole_however_its_name_is_compounded(answer, expected):
    assert agencies(answer) == expected


@pytest.mark.parametrize("answer", [
    "Spørgsmålet kan kun besvares ved at indhente en udtalelse fra Domstolsstyrelsen.",
    "Ministeriet vil anmode om en udtalelse fra Rigspolitiet og vender tilbage.",
    "Ministeriet afventer fortsat bidrag fra Udlændingestyrelsen.",
    "Ministeriet har til brug for besvarelsen anmodet om bidrag fra Sundhedsstyrelsen. På baggrund af bidraget "
    "forventes spørgsmålet at kunne besvares ultimo juni.",
])
def test_an_agency_only_to_be_asked_has_given_nothing(answer):
    assert agencies(answer) == ()


@pytest.mark.parametrize("answer", [
    "Forsvarsadvokaten har oplyst følgende: Sagen er lukket.",
    "Ministeriet har indhentet en udtalelse fra Bistandsadvokaten, der har oplyst følgende:",
])
def test_a_lawyer_is_no_agency(answer):
    assert agencies(answer) == ()
