"""The header read by its parts: each part where the letter gives it, nothing where it is ambiguous."""

from __future__ import annotations

import datetime as dt

import pytest

from lodpub.core.text import normalise
from lodpub.extract import header


def read(text: str) -> header.Header:
    view = normalise(text)
    return header.read(view.text, 0, len(view.text), (0, len(view.text)))


def messages(found: header.Header) -> list[str]:
    return [message for _, message in found.warnings]


@pytest.mark.parametrize("opening,number,kind,bill", [
    ("Udvalget har den 7. september 2016 stillet følgende spørgsmål nr. 896 (alm. del) til ministeren.", "896", "general", None),
    ("Udvalget har den 7. september 2016 stillet følgende spørgs-\nmål nr. 453 (alm.\ndel) til ministeren.", "453", "general", None),
    ("Medlem af Folketinget A B (V) har den 7. september 2016 stillet følgende spørgsmål nr. S 696 til ministeren.", "S 696", "section-20", None),
    ("Besvarelse af spørgsmål 9 ad L 146 stillet af udvalget den 6. april 2022", "9", "bill", "L 146"),
    ("Udvalget har den 7. september 2016 stillet følgende spørgsmål nr. 12 til L 87 til ministeren.", "12", "bill", "L 87"),
    ("Udvalget har den 3. marts 2020 stillet følgende spørgsmål nr. 3 vedrørende B 79 til ministeren.", "3", "proposal", "B 79"),
    ("Udvalget har i brev af 26. oktober 2009 stillet mig følgende spørgsmål 24vedrørende L 2.", "24", "bill", "L 2"),
])
def test_number_and_kind_in_every_opening(opening, number, kind, bill):
    found = read(opening)
    assert (found.number, found.kind, found.bill) == (number, kind, bill)


@pytest.mark.parametrize("opening", [
    "Svar på § 20-spørgsmål nr. S 133 af 24/11 2015 fra Esben Holm (V).",
    "Besvarelse af spørgsmål S 133 af 24/11 2015 stillet af Esben Holm (V).",
    "Besvarelse af § 20-spørgsmål nr. S 133 af 24/11 2015 stillet af Esben Holm (V). Jeg henviser til min "
    "besvarelse af § 20-spørgsmål nr. S 101 af 12/11 2015.",  # another question's date is not this one's
])
def test_a_section_20_questions_date_in_digits_is_read(opening):
    assert read(opening).date_asked == dt.date(2015, 11, 24)


def test_a_members_name_that_holds_an_organisations_word_is_still_the_asker():
    found = read("Udvalget har efter ønske fra Marianne Råd (RV) stillet følgende spørgsmål.")
    assert (found.asker, found.party) == ("Marianne Råd", "RV")
    assert read("Spørgsmålet er stillet efter ønske fra Jens Holm (løs).").party == "løs"


def test_a_section_20_question_named_in_words_is_an_s_question_and_its_date_in_digits_is_read():
    found = read("Beskæftigelsesministerens besvarelse af § 20-spørgsmål nr.\n1188 af 2/12 2004 stillet af Jan Holm (S).")
    assert (found.number, found.kind) == ("S 1188", "section-20")
    assert found.date_asked == dt.date(2004, 12, 2)
    assert (found.asker, found.party) == ("Jan Holm", "S")


def test_a_letter_answering_a_run_of_questions_names_each_of_them():
    found = read("Trafikudvalget har i brev af 22. marts 2006 stillet mig følgende spørgsmål 2-6 (L 163), som jeg "
                 "hermed skal besvare.")
    assert (found.number, found.kind, found.bill) == ("2", "bill", "L 163")
    assert found.numbers == ("2", "3", "4", "5", "6")


@pytest.mark.parametrize("opening,date", [
    ("X-udvalget har den 7. september 2016 stillet følgende spørgsmål nr. 1", dt.date(2016, 9, 7)),
    ("X-udvalget har i brev af 5.november 2018 stillet følgende spørgsmål nr. 1", dt.date(2018, 11, 5)),
    ("Besvarelse af spørgsmål nr. 112 stillet af Folketingets udvalg til ministeren for fødevarer den 25. april 2007 (Alm. Del)", dt.date(2007, 4, 25)),
    ("Under henvisning til Folketingets Socialudvalgs brev af 7. oktober 2009 følger hermed svaret på spørgsmål nr. 14", dt.date(2009, 10, 7)),
    ("X-udvalget stillede den 10. oktober 2019 spørgsmål nr. 7 (alm. del) til ministeren.", dt.date(2019, 10, 10)),
    ("Spørgsmål nr. S 800\n\nStillet den 14. januar 2010\n\nSvar til folketingsmedlem A B (S).", dt.date(2010, 1, 14)),
    ("Folketingets Social- og Indenrigsudvalg har d. 6. oktober 2020 stillet følgende spørgsmål nr. 1", dt.date(2020, 10, 6)),
    ("Under henvisning til Folketingets Socialudvalgs brev af 22. november2010 følger hermed svar på spørgsmål nr.90",
     dt.date(2010, 11, 22)),  # the year run into the month
    ("Udvalget har i brev af 13.12.2012 stilletfølgende spørgsmål nr. 98 (Alm. del) som hermed besvares.", dt.date(2012, 12, 13)),
    ("Endelig besvarelse af spørgsmålnr.144af 8. juni 2012 tilEuropaministeren.", dt.date(2012, 6, 8)),
    ("Hermed sendes endeligt svar på spørgsmål nr. 233 af 19. januar 2021 (alm. del).", dt.date(2021, 1, 19)),
    ("Spørgsmål fra Udenrigs-udvalget til udenrigsmi-nisteren af 12. februar2013. URU alm. del.spm. 80.", dt.date(2013, 2, 12)),
    ("Spørgsmål fra Udenrigsudvalget til udenrigsministeren af 30.01.2016. URU alm. del spm. 115", dt.date(2016, 1, 30)),
    ("Hermed sendes svar på spørgsmål nr. 802 (MOF alm. del) stillet 7. maj 2024 efter ønske fra A B (EL).",
     dt.date(2024, 5, 7)),
    ("Kulturudvalget har den 4. september 2023 efter ønske fra ikkemedlem af ud-\nvalget (MFU) Signe Holm (SF) stillet "
     "mig følgende spørgsmål nr. 126", dt.date(2023, 9, 4)),
    ("Folketingets Kulturudvalg har 1. oktober 2025 stillet mig følgende spørgsmål nr. 331", dt.date(2025, 10, 1)),
    ("Udvalget har den 7. september 2016 stillet følgende spørgsmål nr. 896 som opfølgning på besvarelsen af "
     "spørgsmål 512 af 3/5 2016.", dt.date(2016, 9, 7)),
])
def test_date_asked_in_every_opening(opening, date):
    assert read(opening).date_asked == date


def test_a_date_without_its_year_is_left_out_and_said():
    found = read("I brev af 18. marts har udvalget efter ønske fra Karsten Lund (V) stillet mig følgende spørgsmål:")
    assert found.date_asked is None
    assert any("without a year" in m for m in messages(found))
    assert (found.asker, found.party) == ("Karsten Lund", "V")


@pytest.mark.parametrize("opening", [
    "Hermed sendes svar på spørgsmål nr. 678 (alm. del) stillet 23. juni efter ønske fra Karsten Lund (V).",
    "Folketingsmedlem Karsten Lund (V) har d. 7. februar stillet mig følgende spørgsmål S 231.",
])
def test_a_date_without_its_year_after_stillet_or_d_is_said_to_lack_its_year(opening):
    found = read(opening)
    assert found.date_asked is None
    assert any("without a year" in m for m in messages(found))


def test_two_dates_asked_are_ambiguous_and_left_out():
    found = read("Udvalget har den 7. september 2016 stillet følgende spørgsmål nr. 1. "
                 "Udvalget har den 8. september 2016 stillet følgende spørgsmål nr. 1.")
    assert found.date_asked is None
    assert any("several dates" in m for m in messages(found))


def test_an_impossible_date_is_left_out_and_said():
    found = read("Udvalget har den 31. februar 2016 stillet følgende spørgsmål nr. 1 (alm. del) til ministeren.")
    assert found.date_asked is None
    assert any("impossible date" in m for m in messages(found))


@pytest.mark.parametrize("requested,askers,parties", [
    ("efter ønske fra Anna Berg (V) og Poul Dahl (V) til ministeren.", ("Anna Berg", "Poul Dahl"), ("V",)),
    ("efter ønske fra Anna Berg (S), Poul Dahl (SF) og Jens Holm (EL).", ("Anna Berg", "Poul Dahl", "Jens Holm"),
     ("S", "SF", "EL")),
    ("efter ønske fra Anna Berg (V) og Poul Dahl (v).", ("Anna Berg", "Poul Dahl"), ("V",)),
])
def test_a_question_asked_for_the_members_of_one_list_names_them_all_and_their_parties(requested, askers, parties):
    found = read("Udvalget har den 7. september 2016 stillet følgende spørgsmål nr. 1 " + requested)
    assert (found.askers, found.parties) == (askers, parties)
    assert found.asker is None and found.party == (parties[0] if len(parties) == 1 else None)
    assert messages(found) == []


def test_a_question_put_by_two_members_of_one_party_names_both():
    found = read("URU alm. del spm. 115 stillet af Per Holm (EL) og Frank Dahl (EL) den 3. maj 2012.")
    assert (found.askers, found.parties) == (("Per Holm", "Frank Dahl"), ("EL",))


@pytest.mark.parametrize("requested,warning", [
    # one of them named before no party's letters: which party each is of, not told
    ("efter ønske fra Anna Berg (V) og Poul Dahl (løsgænger).", "several members"),
    # a list, and someone else named as the one who asked
    ("efter ønske fra Anna Berg (V) og Poul Dahl (V). Spørgsmålet er stillet efter ønske fra Jens Holm (S).",
     "several askers"),
    # two lists that differ
    ("efter ønske fra Anna Berg (V) og Poul Dahl (V). Spørgsmålet er stillet efter ønske fra Anna Berg (V) og "
     "Jens Holm (S).", "several askers"),
    # an organisation in the list
    ("efter ønske fra Anna Berg (V) og Dansk Folkeparti (DF).", "several members"),
    # a name run together, and another asker: neither, nor a party
    ("efter ønske fra RenéChristensen (DF). Spørgsmålet er stillet efter ønske fra Mogens Dahl (S).", "several askers"),
])
def test_members_named_in_more_ways_than_one_list_give_no_asker(requested, warning):
    found = read("Udvalget har den 7. september 2016 stillet følgende spørgsmål nr. 1 " + requested)
    assert (found.askers, found.parties) == ((), ())
    assert any(warning in m for m in messages(found))


@pytest.mark.parametrize("opening,asker", [
    ("Svar på spørgsmål fra Mona Holm (KF) stillet den 9. november 2023.", ("Mona Holm", "KF")),
    ("Hermed sendes svar på spørgsmål nr. S 800 stillet af folketingsmedlem Mogens Dahl (S) den 14. januar 2010.",
     ("Mogens Dahl", "S")),
    ("URU alm. del spm. 115 stillet af\nPeter Holm Thomsen (S)\nSpørgsmål 115:", ("Peter Holm Thomsen", "S")),
    ("Spørgsmålet er stillet efterønske fra Erling Bonde(V).", ("Erling Bonde", "V")),
    ("Udvalget har anmodet om min be-\nsvarelse af følgende af Esben Holm (V) stillede spørgsmål:", ("Esben Holm", "V")),
    ("Spørgsmålet er stillet efter ønskefra Per Clausen (El).", ("Per Clausen", "EL")),  # one party, however cased
    ("Udenrigsministeriet\n\nGRU alm. del\n–\nsvar på spørgsmål 111 fra Mona Holm\nstillet den 10. juni 2022 til "
     "udenrigsministeren.", ("Mona Holm", None)),
    ("Hermed sendes besvarelse af spørgsmål nr. S 43, som medlem af Folke-tinget Mogens Dahl (DF) har stillet til "
     "justitsministeren den 5. oktober 2010.", ("Mogens Dahl", "DF")),
    ("Udvalget har efter ønske fra Mona Holm (RV) stillet spørgsmålet, som tidligere medlem af Folketinget Per "
     "Dahl (DF) også har rejst.", ("Mona Holm", "RV")),
    ("Udvalget har efter ønske fra Mona Holm (RV) stillet spørgsmålet som opfølgning på det af Per Dahl (DF) "
     "stillede spørgsmål nr. 512.", ("Mona Holm", "RV")),
    ("Udvalget har den 13. oktober 2009 stillet mig følgende spørgsmål nr. 4 efter an-\nmodning fra Lennart Holm (S).",
     ("Lennart Holm", "S")),
    ("Folketingets Indenrigs- og Boligudvalg\nHolmens Kanal 22\n1060 København K\n\nSvar på spørgsmål fra Mona Holm "
     "(SF) stillet den 25. februar 2021.", ("Mona Holm", "SF")),
    ("Spørgsmålet er stillet efter ønske fra Mona Holm (uden).", ("Mona Holm", "uden")),
    ("Udvalget har stillet spørgsmålet efter ønske fra ikke-medlem af udvalget, Karina Holm (DF).", ("Karina Holm", "DF")),
    ("Udvalget har den 6. april 2009 stillet følgende spørgsmål nr. 6. Spørgsmålet er stillet efter ønske fra Line Holm.",
     ("Line Holm", None)),
    ("Svar på spørgsmål nr. 133 fra medlem af Folketinget Esben Holm (V).", ("Esben Holm", "V")),
    # named without a party
    ("Folketingsmedlem Mogens Dahl har d. 7. februar 2023 stillet mig følgende spørgsmål S 231.", ("Mogens Dahl", None)),
    ("EUU alm. del – svar på spørgsmål 301 fra Mona Holm stillet\nden 17. september 2021 til udenrigsministeren.",
     ("Mona Holm", None)),
    ("Folketingsmedlem Mogens Dahl har den 7. februar 2023 stillet mig følgende spørgsmål S 231. Spørgsmålet er "
     "stillet efter ønske fra Mogens Dahl (S).", ("Mogens Dahl", "S")),
    # a committee, several members, another question's asker: no asker claimed
    ("Besvarelse af spørgsmål nr. 31 (alm. del) stillet af Det Energipolitiske Udvalg (EPU) til ministeren.", (None, None)),
    ("Udvalget har den 3. maj 2011 stillet følgende spørgsmål nr. 12. Spørgsmålet er en opfølgning på mit svar på "
     "spørgsmål nr. 7 fra Karina Holm (SF).", (None, None)),
    # a committee's letters or an agency named where a member would be, without a party
    ("UUI alm. del – svar på spørgsmål 896 fra UUI stillet den 7. september 2016 til ministeren.", (None, None)),
    ("Svar på spørgsmål 896 fra Udlændingestyrelsen stillet\nden 7. september 2016.", (None, None)),
    # A committee and its letters are no member and party.
    ("Svar på spørgsmål fra Retsudvalget (REU) stillet den 9. november 2023.", (None, None)),
    ("Svar på spørgsmål nr. 12 fra Folketingets Retsudvalg (REU) stillet den 9. november 2023.", (None, None)),
])
def test_the_asker_in_other_openings(opening, asker):
    found = read(opening)
    assert (found.asker, found.party) == asker


def test_a_member_outside_the_committee_is_the_asker():
    found = read("Udvalget har den 2. marts 2017 stillet følgende spørgsmål nr. 453 (alm. del) efter ønske fra "
                 "ikkemedlem af udvalget (MFU) Jonas Friis (ALT) til ministeren.")
    assert (found.asker, found.party) == ("Jonas Friis", "ALT")


@pytest.mark.parametrize("opening,minister", [
    ("stillet følgende spørgsmål nr. 1 til udlændinge-, integrations- og boligministeren, som hermed besvares.", "udlændinge-, integrations- og boligminister"),
    ("stillet af udvalget til ministeren for flygtninge, indvandrere og integration den 2. april 2008", "minister for flygtninge, indvandrere og integration"),
    ("Miljøministerens foreløbige svar på spørgsmål nr. 346 (alm. del)", "miljøminister"),
    ("ERHVERVSMINISTEREN\n\nBesvarelse af spørgsmål 9 ad L 146", "erhvervsminister"),
    ("Ministeren\n\nUdvalget har i brev af 17. august 2010 stillet mig følgende spørgsmål", None),
    ("Miljø- og fødevareministerens besvarelse af spørgsmål nr. 601 (MOF alm. del)", "miljø- og fødevareminister"),
    ("som Udvalget har stillet til justitsmi-nisteren den 2. april 2014.", "justitsminister"),
    ("Statsminister Anders Holm Rasmussens svar på spørgsmål nr. S 2748 fra folketingsmedlem Morten Dahl (V)", "statsminister"),
    ("Ministeren for flygtninge, indvandrere og integrations besvarelse af spørgsmål nr. 117 (alm. del)",
     "minister for flygtninge, indvandrere og integration"),
    ("ERHVERVS- OGVÆKSTMINISTEREN\n\nBesvarelse af spørgsmål 233 alm. del stillet af udvalget", "erhvervs- og vækstminister"),
    ("Udvalget har den 3. maj 2016 stillet følgende spørgsmål nr. 5 til miljø-og fødevareministeren, som hermed besvares.",
     "miljø- og fødevareminister"),
    ("ERHVERVS- OG\nVÆKSTMINISTEREN\n19. april 2016\nBesvarelse af spørgsmål 126 alm. del stillet af udvalget", "erhvervs- og vækstminister"),
    # a line-end hyphen a rendering kept inside the post
    ("Udvalget har den 12. juni 2013 stillet følgende spørgsmål nr. 317 til for-svarsministeren, som hermed besvares.",
     "forsvarsminister"),
    ("Skrivelse af 14. marts 2006\n\nSvar til Folketingets kulturudvalg fra kulturministeren.", "kulturminister"),
    ("Hermed følger besvarelse fra ministeren for fødevarer, landbrug og fiskeri af spørgsmål nr. 736 (MOF alm. del).",
     "minister for fødevarer, landbrug og fiskeri"),
    # words run together: the post is not told
    ("Under henvisning til Folketingets Socialudvalgs brev af følger hermedsocialministerens endelige svar på spørgsmål "
     "nr. 268.", None),
])
def test_the_minister_where_the_letter_names_one(opening, minister):
    assert read(opening).minister == minister


@pytest.mark.parametrize("opening,committee", [
    ("Udlændinge-, Integrations- og Boligudvalget har den 7. september 2016 stillet følgende spørgsmål nr. 896", "Udlændinge-, Integrations- og Boligudvalget"),
    ("Besvarelse af spørgsmål nr. 80 stillet af Folketingets Udvalg for Udlændinge- og Integrationspolitik til ministeren", "Folketingets Udvalg for Udlændinge- og Integrationspolitik"),
    ("Under henvisning til Folketingets Socialudvalgs brev af 7. oktober 2009", "Folketingets Socialudvalg"),
    ("Besvarelse af spørgsmål 9 ad L 146 stillet af udvalget den 6. april 2022", None),
    # "udvalget" in the header, the committee as the addressee in a paragraph of its own.
    ("Folketingets Erhvervsudvalg\n\nBesvarelse af spørgsmål 9 ad L 146 stillet af udvalget den 6. april 2022", "Folketingets Erhvervsudvalg"),
    ("Folketingets Udvalg for Udlændinge- og Integrationspolitik\n\nBesvarelse af spørgsmål 9 stillet af udvalget den 6. april 2022",
     "Folketingets Udvalg for Udlændinge- og Integrationspolitik"),
    ("Folketingets Erhvervsudvalg og Finansudvalg\n\nBesvarelse af spørgsmål 9 stillet af udvalget den 6. april 2022", None),
    ("Folketingets Bibliotek\n\nBesvarelse af spørgsmål 9 stillet af udvalget den 6. april 2022", None),
    ("Folketingets Miljø- og Fødevareudvalg Christiansborg\n\nBesvarelse af spørgsmål nr. 601 stillet den 8. marts 2016",
     "Folketingets Miljø- og Fødevareudvalg"),
    ("Folketingets Social- og Indenrigsudvalg har d. 6. oktober 2020 stillet følgende spørgsmål nr. 1",
     "Folketingets Social- og Indenrigsudvalg"),
    ("Ministerens besvarelse af spørgsmål nr. 31 af 20. april 2005 fra Folketingets Arbejdsmarkedsudvalg (L 22)",
     "Folketingets Arbejdsmarkedsudvalg"),
    ("Besvarelse af spørgsmål nr. 31 af 20. april 2005 fra Folketingets Lovsekretariat (L 22)", None),
    ("Svar på spørgsmål fra Indenrigs- og Boligudvalget stillet den 26. oktober 2021.", "Indenrigs- og Boligudvalget"),
    # the end of one line run into the next: never "Fiskeri Folketingets Udvalg for ..."
    ("Landbrug og Fiskeri\nFolketingets Udvalg for Fødevarer, Landbrug og Fiskeri har i brev af 27. oktober 2010 stillet",
     "Folketingets Udvalg for Fødevarer, Landbrug og Fiskeri"),
    ("Besvarelse af spørgsmål nr. 30 (alm. del) stillet af Fo l- ketingets Miljø - og Planlægningsudvalg den 2. november 2005.", None),
    # a known committee's name as the addressee without "Folketingets", or in a letterhead run together
    ("Ministeren\nUdlændinge-, Integrations- og Boligudvalget\nFolketinget\nChristiansborg\n\nMedlem af Folketinget A B (V) "
     "har den 3. marts 2016 stillet følgende spørgsmål nr. 27 til L 87", "Udlændinge-, Integrations- og Boligudvalget"),
    ("Udvalget for Fødevarer, Landbrug og Fiskeri MINISTEREN Dato: 13. juni 2005 J.nr. 5162 Under henvisning til "
     "udvalgets brev af 2. juni 2005 sendes hermed svar på spørgsmål 31 til L 145.", "Udvalget for Fødevarer, Landbrug og Fiskeri"),
    # the addressee above the street of the ministry's address, and a committee not yet in the table then
    ("Udenrigsministeriet\nFolketingets Grønlandsudvalg\nAsiatisk Plads 2\n1448 København K\n\nUdvalget har i brev af "
     "3. maj 2021 stillet mig følgende spørgsmål nr. 44 (alm. del), som jeg hermed besvarer.", "Folketingets Grønlandsudvalg"),
    ("Ministeren\nEpidemiudvalget\nChristiansborg\n\nUdvalget har i brev af 3. maj 2021 stillet mig følgende spørgsmål "
     "nr. 44 (alm. del), som jeg hermed besvarer.", "Epidemiudvalget"),
    # two known committees: which one, the header does not say
    ("Finansudvalget\nSkatteudvalget\n\nHermed sendes svar på spørgsmål 31 til L 145", None),
])
def test_the_committee_name_only_where_the_letter_gives_it_whole(opening, committee):
    assert read(opening).committee_name == committee


@pytest.mark.parametrize("session,date", [
    ("20031", dt.date(2004, 1, 14)),  # "04" in 2003-04
    ("19991", None),  # "04" is neither 1999 nor 2000: not guessed
    (None, None),  # no session to give the century
])
def test_a_date_asked_written_without_its_century_is_read_in_the_sessions_years(session, date):
    view = normalise("Spm. nr. S 1609\n\nTil statsministeren (14/1 04) af:\n\nSøren Sand (EL):\n\n»Vil statsministeren oplyse ...?«")
    found = header.read(view.text, 0, len(view.text), (0, len(view.text)), session)
    assert found.date_asked == date


def test_an_asker_whose_names_run_together_after_an_accented_letter_is_left_out_but_not_the_party():
    found = read("Udvalget har i brev af 28. juni 2013 stillet følgende spørgsmål nr.422 (alm. del), som hermed besvares. "
                 "Spørgsmålet er stillet efter ønske fra RenéChristensen (DF).")
    assert (found.asker, found.party) == (None, "DF")
    assert any("run together" in m for m in messages(found))


@pytest.mark.parametrize("requested", [
    "Spørgsmålet er stillet efter ønske fra Johan-\nne Schmidt-Nielsen (EL).",
    "Spørgsmålet er stillet efter ønske fra Johan-ne Schmidt-Nielsen (EL).",
])
def test_a_line_end_hyphen_kept_inside_the_askers_name_is_not_part_of_it(requested):
    found = read("Udvalget har i brev af 28. juni 2010 stillet følgende spørgsmål nr. 248 (alm. del), som hermed besvares. "
                 + requested)
    assert (found.asker, found.party) == ("Johanne Schmidt-Nielsen", "EL")
    assert not any("run together" in m for m in messages(found))



def test_a_date_after_af_that_belongs_to_something_else_is_not_the_date_asked():
    found = read("Svar på spørgsmål fra Retsudvalget til justitsministeren om bekendtgørelse nr. 10 af 5. januar 2011 om "
                 "politiets registrering af anmeldelser.")
    assert found.date_asked is None


@pytest.mark.parametrize("end,post", [
    ("Venlig hilsen\nPeter Vang\nBeskæftigelsesminister\n", "beskæftigelsesminister"),
    ("Med venlig hilsen\nBendt Holm\nFng. Klima- og Energiminister\n", "klima- og energiminister"),
    # the sender's letterhead, put after the answer by a rendering
    ("5. februar 2019\nSIO\n2019/000326\nFORSVARSMINISTEREN\nHolmens Kanal 9\n", "forsvarsminister"),
    # none, or two: which one, the letter does not say
    ("Med venlig hilsen\nPeter Vang\n", None),
    ("Jeg har talt med\nbeskæftigelsesministeren om det.\n", None),
    ("Peter Vang\nBeskæftigelsesminister\n\nFORSVARSMINISTEREN\nHolmens Kanal 9\n", None),
    # a post that is not the sender's: a copy's addressee, a table's cell, an enclosure's letterhead
    ("Med venlig hilsen\n\nInger Holm\n\nKopi til:\nBeskæftigelsesminister\n", None),
    ("Lande\nAnsvarlig\nTyskland\nUdenrigsminister\n", None),
    ("Bilag 1\nJUSTITSMINISTEREN\n\nSvar på spørgsmål 12\n", None),
])
def test_the_post_at_the_letters_end_where_the_header_names_none(end, post):
    assert header.post_at_the_end(end) == post
