"""`lodpub repair`: a text garbled in part by a wrong decoding, mended word by word into a new file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from projects import FIXTURES

from lodpub.cli import main

LETTER = (FIXTURES / "answers" / "20151-tru-133.txt").read_text(encoding="utf-8")
URL = "https://www.ft.dk/samling/20151/almdel/tru/spm/133/index.htm"


def garble(word: str) -> str:
    """`word` as UTF-8 read as cp1252: "følgende" -> "fÃ¸lgende"."""
    return word.encode("utf-8").decode("cp1252")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_text_garbled_in_part_is_mended_word_by_word_into_the_text_it_was(tmp_path):
    # "følgende" garbled, "Spørgsmål" and "Storebælt" left sound: mended as a whole, the text stays garbled.
    text = tmp_path / "svar.txt"
    text.write_text(LETTER.replace("følgende", garble("følgende")).replace("pendlere", garble("pendlére")), encoding="utf-8")
    result = run("repair", str(text), str(tmp_path / "mended.txt"))
    assert result.exit_code == 0, result.output
    assert f"{LETTER.count('følgende') + LETTER.count('pendlere')} word(s) mended" in result.output
    assert (tmp_path / "mended.txt").read_text(encoding="utf-8") == LETTER.replace("pendlere", "pendlére")


def test_a_quotation_mark_before_a_danish_letter_is_sound_and_stays_as_it_is_beside_a_garbled_word(tmp_path):
    quoted = "Banedanmark har oplyst: »Økonomi- og Erhvervsministeriet har gennemgået ”Ørsted”-sagen.«"
    text = tmp_path / "svar.txt"
    text.write_text(LETTER.replace("følgende", garble("følgende")) + quoted + "\n", encoding="utf-8")
    result = run("repair", str(text), str(tmp_path / "mended.txt"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mended.txt").read_text(encoding="utf-8") == LETTER + quoted + "\n"


def test_a_garbled_quotation_mark_before_a_garbled_danish_letter_is_mended_once(tmp_path):
    text = tmp_path / "svar.txt"
    text.write_text(LETTER.replace("Jeg kan oplyse,", garble("»Økonomi og vækst« viser,")), encoding="utf-8")
    result = run("repair", str(text), str(tmp_path / "mended.txt"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mended.txt").read_text(encoding="utf-8") == LETTER.replace("Jeg kan oplyse,", "»Økonomi og vækst« viser,")


def test_a_sound_text_with_quotation_marks_before_danish_letters_is_added(project_copy, tmp_path):
    text = tmp_path / "svar.txt"
    text.write_text(LETTER.replace("Jeg kan oplyse, at", "»Økonomi- og Erhvervsministeriet har oplyst, at ”Øresund” og »æbler«"),
                    encoding="utf-8")
    result = run("-C", str(project_copy), "add", str(text), "--url", URL)
    assert result.exit_code == 0, result.output
    assert "mojibake" not in result.output


def test_a_mended_text_is_added_as_a_seed_where_the_garbled_one_is_refused(project_copy, tmp_path):
    text = tmp_path / "svar.txt"
    text.write_text(LETTER.replace("følgende", garble("følgende")), encoding="utf-8")
    assert run("-C", str(project_copy), "add", str(text), "--url", URL).exit_code == 2
    assert run("repair", str(text), str(tmp_path / "mended.txt")).exit_code == 0
    added = run("-C", str(project_copy), "add", str(tmp_path / "mended.txt"), "--url", URL)
    assert added.exit_code == 0, added.output
    assert (project_copy / "seeds" / "20151-tru-133.txt").read_text(encoding="utf-8") == LETTER


def test_a_closing_quote_that_lost_its_last_byte_is_restored_and_its_line_named(tmp_path):
    # "”" garbled as cp1252 keeps "â€" and loses 0x9D, no cp1252 character; "“" keeps all three.
    quoted = LETTER.replace("Banedanmark har oplyst, at tallet er steget med ca. 15 pct. siden 2010.",
                            "Banedanmark har oplyst: “Tallet er steget med ca. 15 pct. siden 2010.”")
    text = tmp_path / "svar.txt"
    text.write_text(quoted.replace("“", garble("“")).replace("”", "â€").replace("følgende", garble("følgende")),
                    encoding="utf-8")
    result = run("repair", str(text), str(tmp_path / "mended.txt"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mended.txt").read_text(encoding="utf-8") == quoted
    line = quoted[: quoted.index("”")].count("\n") + 1
    assert f"mended.txt:{line}: '”' restored" in result.output


def test_a_character_lost_in_the_garbling_is_named_by_its_line_and_nothing_is_written(tmp_path):
    text = tmp_path / "svar.txt"
    # A garbled letter and a sound one in one word (two renderings run together): no one decoding
    # of the word gives both back.
    lines = LETTER.split("\n")
    lines[16] = "pÃ¥å " + lines[16]
    text.write_text("\n".join(lines), encoding="utf-8")
    result = run("repair", str(text), str(tmp_path / "mended.txt"))
    assert result.exit_code == 2
    assert "svar.txt:17:" in result.output and "cannot be mended" in result.output
    assert not (tmp_path / "mended.txt").exists()


def test_a_sound_text_is_left_alone_and_an_existing_file_is_never_overwritten(tmp_path):
    text = tmp_path / "svar.txt"
    text.write_text(LETTER, encoding="utf-8")
    result = run("repair", str(text), str(tmp_path / "mended.txt"))
    assert result.exit_code == 0 and "no garbled word; nothing written" in result.output
    assert not (tmp_path / "mended.txt").exists()
    text.write_text(LETTER.replace("følgende", garble("følgende")), encoding="utf-8")
    kept = tmp_path / "kept.txt"
    kept.write_text("mine", encoding="utf-8")
    result = run("repair", str(text), str(kept))
    assert result.exit_code == 2 and "exists already" in result.output
    assert kept.read_text(encoding="utf-8") == "mine"


def test_a_no_break_space_garbled_into_a_lone_a_circumflex_is_refused_and_mended(project_copy, tmp_path):
    # UTF-8's no-break space read as cp1252 is "Â" and a no-break space; a rendering made the
    # second a space. Read as text, it made a complete answer look cut off.
    text = tmp_path / "svar.txt"
    garbled = LETTER.replace("siden 2010.", "siden 2010.   Â", 1)
    text.write_text(garbled, encoding="utf-8")
    refused = run("-C", str(project_copy), "add", str(text), "--url", URL)
    assert refused.exit_code == 2 and "the text is mojibake ('Â')" in refused.output
    assert run("repair", str(text), str(tmp_path / "mended.txt")).exit_code == 0
    assert (tmp_path / "mended.txt").read_text(encoding="utf-8") == garbled.replace("Â", "")
