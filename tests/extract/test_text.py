"""The normalised view: readable text, and every character traceable to the verbatim seed."""

from __future__ import annotations


from hypothesis import given
from hypothesis import strategies as st
from citations import flatten
from projects import SEED

from lodpub.core.text import normalise, sentences


def _block_texts(text: str) -> list[str]:
    view = normalise(text)
    return [view.block_text(block) for block in view.blocks]


def test_words_broken_at_line_ends_are_joined():
    view = normalise("at indkvarteringsoperatø-\nrerne skal sørge for\n")
    assert view.text == "at indkvarteringsoperatørerne skal sørge for"
    # also the last word of a chain: "mor-barn-under-" / "visning" is one offer's word
    assert normalise("der tilbydes mor-barn-under-\nvisning og 0-3-åri-\nge\n").text == (
        "der tilbydes mor-barn-undervisning og 0-3-årige")


def test_real_hyphen_at_line_end_is_kept():
    assert _block_texts("iværksat mor/barn-\nundervisning, mødregrupper")[0] == (
        "iværksat mor/barn-undervisning, mødregrupper"
    )


def test_a_compound_the_text_writes_with_its_hyphens_elsewhere_keeps_them_at_a_line_end():
    assert normalise("vil Erhvervsstyrelsens one-stop-\nshop være åben. One-stop-shoppen er ny.").text == (
        "vil Erhvervsstyrelsens one-stop-shop være åben. One-stop-shoppen er ny.")
    # written elsewhere only without the hyphen: a word broken at a line end
    assert normalise("en mor-barn-under-\nvisning og anden mor-barn-undervisning").text == (
        "en mor-barn-undervisning og anden mor-barn-undervisning")


def test_lige_broken_before_som_is_one_word():
    assert _block_texts("Tallet er lige-\nsom sidste år 12.")[0] == "Tallet er ligesom sidste år 12."


def test_suspended_hyphen_keeps_hyphen_and_space():
    assert _block_texts("til udlændinge-\nog integrationsministeren")[0] == (
        "til udlændinge- og integrationsministeren"
    )


def test_double_spaced_lines_join_and_space_lines_break_paragraphs():
    text = "Første linje i\n\nsamme afsnit.\n\n \n\nNyt afsnit.\n\n"
    assert _block_texts(text) == ["Første linje i samme afsnit.", "Nyt afsnit."]


def test_single_spaced_lines_join_and_blank_lines_break_paragraphs():
    text = "Første linje i\nsamme afsnit.\n\nNyt afsnit\nfortsætter.\n"
    assert _block_texts(text) == ["Første linje i samme afsnit.", "Nyt afsnit fortsætter."]


def test_symbol_font_bullets_start_items_and_are_not_text():
    view = normalise("Indledning:\n\uf0b7 Første punkt\nfortsat.\n\uf0b7 Andet punkt.\n")
    kinds = [(block.kind, view.block_text(block)) for block in view.blocks]
    assert kinds == [
        ("paragraph", "Indledning:"),
        ("bullet", "Første punkt fortsat."),
        ("bullet", "Andet punkt."),
    ]


def test_page_image_markers_and_letterhead_inside_a_paragraph_are_dropped():
    text = (
        "Socialudvalget har den 5. november 2018\n"
        "Sags nr. 2018-1234\n"
        "Side 1/2\n"
        "2014527_0002.png\n"
        "stillet følgende spørgsmål.\n"
    )
    view = normalise(text)
    assert view.text == "Socialudvalget har den 5. november 2018 stillet følgende spørgsmål."
    assert [(d.line, d.kind) for d in view.dropped] == [
        (2, "letterhead"), (3, "letterhead"), (4, "page-image")
    ]


def test_a_postal_line_closes_the_address_block():
    text = " Udvalget \n 1240 København K \n\nUdvalget har den 7. september 2016 stillet\n\n"
    assert _block_texts(text) == ["Udvalget", "Udvalget har den 7. september 2016 stillet"]


def test_a_date_alone_in_the_letterhead_is_kept_as_the_letter_date():
    view = normalise("Dato: 30.november 2018\nTekst.\n")
    assert [(d.kind, d.text) for d in view.dropped] == [("letter-date", "Dato: 30.november 2018")]


def test_every_seed_sentence_maps_back_to_its_verbatim_text():
    verbatim = SEED.read_text(encoding="utf-8")
    view = normalise(verbatim)
    for block in view.blocks:
        for start, end in sentences(view.text, block.start, block.end):
            v_start, v_end = view.verbatim_span(start, end)
            assert flatten(verbatim[v_start:v_end]) == flatten(view.text[start:end])


def test_sentences_do_not_end_at_abbreviations_or_dates():
    text = "Der er pt. tilbud på 3 centre. Den 7. september 2016 kom svaret. Spørgsmål nr. 4 er nyt."
    found = [text[s:e] for s, e in sentences(text)]
    assert found == [
        "Der er pt. tilbud på 3 centre.",
        "Den 7. september 2016 kom svaret.",
        "Spørgsmål nr. 4 er nyt.",
    ]
    # "opgjort pr. 17. maj", "ca. 2 mio. 500 sager": no sentence ends there
    text = "Der var 23.500 sager (opgjort pr. 17. maj), hvor der endnu ikke er truffet afgørelse. Det er 2 mia. 300 kr. mere."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Der var 23.500 sager (opgjort pr. 17. maj), hvor der endnu ikke er truffet afgørelse.",
        "Det er 2 mia. 300 kr. mere.",
    ]


@given(
    words=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=1, max_size=12), min_size=1, max_size=40),
    width=st.integers(min_value=8, max_value=60),
    double=st.booleans(),
)
def test_offset_map_points_every_copied_character_at_itself(words, width, double):
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    verbatim = ("\n\n" if double else "\n").join(lines) + "\n"
    view = normalise(verbatim)
    for index, char in enumerate(view.text):
        if char != " ":
            assert verbatim[view.verbatim_index(index)] == char


def test_a_sender_letterhead_inside_a_sentence_does_not_part_the_paragraph():
    text = (
        "• Vejen Kommune har oplyst, at der på alle operatørens\n"
        "Koncernøkonomi\nHolmens Kanal 22\n1216 København K\nTel. 6198 4000\nAkt-id 564998\n"
        "asylcentre etableres mødregrupper.\n"
    )
    assert _block_texts(text) == ["Vejen Kommune har oplyst, at der på alle operatørens asylcentre etableres mødregrupper."]


def test_short_paragraphs_parted_by_empty_lines_are_not_taken_for_double_spacing():
    text = "Første afsnit.\n\nAndet afsnit.\n\nTredje afsnit.\n\nInger Støjberg\n\n/\n\nAnette Görtz\n"
    assert _block_texts(text) == ["Første afsnit.", "Andet afsnit.", "Tredje afsnit.", "Inger Støjberg", "/", "Anette Görtz"]


def test_page_furniture_after_every_line_does_not_hide_double_spacing():
    lines = ["Udvalget har den 7.", "september 2016 stillet", "følgende spørgsmål.", "Svaret kommer", "her."]
    text = "".join(f"{line}\n\nSide 1/2\n\n" for line in lines)
    assert _block_texts(text) == ["Udvalget har den 7. september 2016 stillet følgende spørgsmål. Svaret kommer her."]


def test_letterhead_labels_and_the_values_after_them_are_set_aside():
    text = (
        "Spørgsmål nr. 147:\nMinisteren bedes redegøre for omkostningerne.\n"
        "Dato:\nEnhed:\nSagsnr.:\nDok.nr.:\nBilag:\n"
        "18. marts 2021\nTFCOVID\n2021/001416\n205138\nIngen\n"
        "Svar:\nOmkostningerne er finansieret ved tilførsel.\n"
    )
    view = normalise(text)
    assert [view.block_text(b) for b in view.blocks] == [
        "Spørgsmål nr. 147:", "Ministeren bedes redegøre for omkostningerne.", "Svar:",
        "Omkostningerne er finansieret ved tilførsel.",
    ]
    assert [(d.kind, d.text) for d in view.dropped if d.kind == "letter-date"] == [("letter-date", "18. marts 2021")]


def test_page_footers_stamps_and_bare_page_numbers_inside_a_sentence_are_set_aside():
    text = (
        "Odense Kommune har oplyst, at kommunen har tilrettelagt\nSide 1/2\n"
        "SOU, Alm.del - 2009-10 - Endeligt svar på spørgsmål 14: Spm. om klager\n"
        "Socialudvalget 2009-10\nSOU Alm.del\nOffentligt\n754321_0002.png\n2\n"
        "sagsbehandlingen anderledes.\n"
    )
    assert _block_texts(text) == ["Odense Kommune har oplyst, at kommunen har tilrettelagt sagsbehandlingen anderledes."]


def test_the_figures_of_a_table_laid_out_a_cell_a_line_stay_in_the_text_but_a_page_number_does_not():
    text = ("Antallet af sager fremgår af tabellen.\n\nFasttrack\n0\n72\n237\n\nØvrige sager\n12\n40\n\n"
            "Sagerne er fordelt på to spor, som det fremgår\n2\nSOU Alm.del\naf tabellen.\n")
    view = normalise(text)
    assert "Fasttrack 0 72 237" in view.text and "Øvrige sager 12 40" in view.text
    assert "fremgår af tabellen." in view.text  # the page's number and stamp between are set aside
    assert [d.text for d in view.dropped if d.text.isdigit()] == ["2"]
    # a table running over a page: the page's number beside its stamp is no cell
    across = normalise("Fasttrack\n0\n72\n237\n2\nSOU Alm.del\nØvrige sager\n12\n40\n")
    assert "Fasttrack 0 72 237 Øvrige sager 12 40" in across.text
    # a cell beside one whose thousands are set apart by a dot
    assert "Marts 2.392 195 April 1.438 201" in normalise("Marts\n2.392\n195\nApril\n1.438\n201\n").text


def test_a_ministrys_contact_lines_after_the_answer_are_set_aside():
    text = ("Jeg henviser til besvarelsen af spørgsmål 160.\n_____\nHOLMENS KANAL 42\n1060 KØBENHAVN K\n"
            "TELEFON: 72 81 00 00\nTELEFAX: 72 81 03 00\nMAIL: FMN@FMN.DK\nWEB: www.FMN.DK\n")
    assert _block_texts(text) == ["Jeg henviser til besvarelsen af spørgsmål 160."]


def test_a_closing_and_the_names_after_it_are_blocks_of_their_own_even_without_empty_lines():
    view = normalise("Det er mit svar.\nMed venlig hilsen\nLars Holm\n/\nMette Brink\nSlotsholmsgade 10\n1216 København K\n")
    assert [(b.kind, view.block_text(b)) for b in view.blocks] == [
        ("paragraph", "Det er mit svar."), ("closing", "Med venlig hilsen"), ("name", "Lars Holm"),
        ("name", "/"), ("name", "Mette Brink"),
    ]


def test_a_name_that_goes_on_in_lower_case_is_part_of_the_sentence():
    assert _block_texts("Det er mit svar.\nVesthimmerland Kommune\nhar oplyst, at der er mødregrupper.\n") == [
        "Det er mit svar. Vesthimmerland Kommune har oplyst, at der er mødregrupper."
    ]


def test_a_sentence_ending_in_a_year_ends_there():
    text = "Styrelsen har oplyst, at 412 biblioteker havde åbent i 2020. Jeg kan henholde mig hertil."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Styrelsen har oplyst, at 412 biblioteker havde åbent i 2020.",
        "Jeg kan henholde mig hertil.",
    ]


def test_an_ordinal_day_before_a_month_does_not_end_a_sentence():
    text = "Spørgsmålet blev stillet den 7. september 2016 af udvalget. Det besvares her."
    assert len(sentences(text)) == 2


def test_a_final_answer_heading_run_into_its_text_opens_a_paragraph_in_single_spaced_text():
    text = (
        "Spørgsmål nr. 12:\nVil ministeren oplyse, hvor ofte tilbuddene finder sted.\n"
        "Endeligt svar: Ministeriet har indhentet et bidrag fra styrelsen.\n"
    )
    assert _block_texts(text)[-1].startswith("Endeligt svar: Ministeriet har indhentet")


def test_a_label_left_without_its_value_does_not_take_the_signatory_after_the_table():
    text = (
        "Svar:\nCentrene er i drift.\n"
        "Tel.\nMail\nWeb\nSags nr.\nAkt-id\n"
        "6198 4000\nwww.example.dk\n2018 - 6352\n411007\n"
        "Lone Berg\n/\nPoul Dahl\n"
    )
    view = normalise(text)
    assert "Lone Berg" in [view.block_text(b) for b in view.blocks]


def test_a_sentence_glued_onto_the_next_ends_at_its_full_stop_but_an_address_does_not():
    text = "Direktoratet har oplyst, at der fiskes efter andre arter.På den baggrund er der givet afslag."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Direktoratet har oplyst, at der fiskes efter andre arter.",
        "På den baggrund er der givet afslag.",
    ]
    for kept in ("Se mere på www.Borger.dk om det.", "Læs det på https://sundhed.dk/Borger/Patient og derefter.",
                 "Der er ingen sager fra Kgs.Lyngby i 2016.", "Det sagde prof.Hansen i 2016.", "Læs m.fl.Deltagerne i 2016."):
        assert [kept[s:e] for s, e in sentences(kept)] == [kept]


def test_a_sentence_wrapped_onto_deres_sag_or_a_month_in_a_table_stays_in_the_text():
    text = ("Borgere kan få genoptaget\nderes sag nr. 2015-123 ved at henvende sig til kommunen.\n\n"
            "Måned\nAntal\nJanuar 2015\n11.000\n")
    assert _block_texts(text)[0] == "Borgere kan få genoptaget deres sag nr. 2015-123 ved at henvende sig til kommunen."
    assert "Januar 2015" in normalise(text).text
