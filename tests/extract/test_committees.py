"""A committee's letters from its name as a letter writes it (committees.py)."""

from __future__ import annotations

import pytest

from lodpub.extract.committees import LETTERS_BY_NAME, label, letters


@pytest.mark.parametrize("name,expected", [
    ("Trafikudvalget", "TRU"),
    ("Folketingets Trafikudvalg", "TRU"),  # the addressee
    ("Transport-, Bygnings- og Boligudvalget", "TRU"),  # renamed, the letters kept
    ("Folketingets Erhvervsudvalg", "ERU"),
    ("Folketingets  Udvalg for Udlændinge- og\nIntegrationspolitik", "UUI"),  # spacing as extracted
    ("Det Energipolitiske Udvalg", "EPU"),
    ("Folketingets Energipolitiske Udvalg", "EPU"),
    ("Udvalget for Landdistrikter og Øer", "ULØ"),
    ("Folketingets Forsvars-, Samfundssikkerheds- og Beredskabsudvalg", "FOU"),
    ("Ældreudvalget", "ÆLU"),
])
def test_a_committee_name_gives_the_letters_ft_dk_files_its_questions_under(name, expected):
    assert letters(name) == expected


@pytest.mark.parametrize("name", [None, "", "Udvalget", "Folketingets Havudvalg", "By- og Boligudvalget"])
def test_a_name_not_listed_gives_no_letters(name):
    assert letters(name) is None


def test_no_two_listed_names_read_as_one():
    # Two names that compared as one would let the order of the table decide the letters.
    from lodpub.extract.committees import _BY_FORM
    assert len(_BY_FORM) == len(LETTERS_BY_NAME)


@pytest.mark.parametrize("written,expected", [
    ("Folketingets Miljø- og Planlægningsudvalg", "Miljø- og Planlægningsudvalget"),
    ("Miljø- og Planlægningsudvalget", "Miljø- og Planlægningsudvalget"),
    ("Folketingets Udvalg for Udlændinge- og Integrationspolitik", "Udvalget for Udlændinge- og Integrationspolitik"),
    ("Folketingets  Energipolitiske Udvalg", "Det Energipolitiske Udvalg"),
    ("Det Energipolitiske Udvalg", "Det Energipolitiske Udvalg"),
    ("Folketingets Europaudvalg", "Europaudvalget"),
    ("Forsvarsudvalg", "Forsvarsudvalget"),
    ("Folketingets Udvalg for Fødevarer,Landbrug og Fiskeri", "Udvalget for Fødevarer, Landbrug og Fiskeri"),
])
def test_a_committee_is_labelled_by_its_own_name_however_the_letter_declines_it(written, expected):
    assert label(written) == expected
