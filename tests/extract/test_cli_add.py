"""`lodpub add`: a text into seeds/ under its key, its sidecar from its header and URL, then extracted."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace, URIRef
from projects import FIXTURES, SEED

from lodpub.cli import main

ANSWERS = FIXTURES / "answers"


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def received(tmp_path: Path, fixture: str) -> Path:
    """A fixture's text as a user would have it: some file outside the project."""
    path = tmp_path / f"download-{fixture}.txt"
    path.write_bytes((ANSWERS / f"{fixture}.txt").read_bytes())
    return path


def seeds_of(root: Path) -> set[str]:
    return {p.name for p in (root / "seeds").iterdir()}


def test_add_puts_the_text_under_its_key_with_a_sidecar_and_extracts_it(project_copy, tmp_path):
    text = received(tmp_path, "20161-uui-453")
    url = "https://www.ft.dk/samling/20161/almdel/uui/spm/453/index.htm"
    result = run(project_copy, "add", str(text), "--url", url)
    assert result.exit_code == 0, result.output
    seed = project_copy / "seeds" / "20161-uui-453.txt"
    assert seed.read_bytes() == text.read_bytes()
    sidecar = tomllib.loads(seed.with_suffix(".toml").read_text(encoding="utf-8"))
    assert sidecar["source"] == {
        "received_as": text.name, "url": url, "sha256": hashlib.sha256(text.read_bytes()).hexdigest(),
    }
    assert sidecar["question"] == {"session": "20161", "committee": "UUI", "number": "453", "kind": "alm. del"}
    assert (project_copy / "data" / "20161-uui-453.ttl").is_file()
    # What was added is a seed like any other: a full extraction gives the same file.
    assert run(project_copy, "extract", "--check").exit_code == 0


def test_a_question_asked_for_two_members_is_published_with_both_and_their_parties_and_validates(project_copy, tmp_path):
    text = received(tmp_path, "20151-tru-133")
    letter = text.read_text(encoding="utf-8").replace(
        "Spørgsmål nr. 133:", "Spørgsmålet er stillet efter ønske fra Anne Holm (EL) og Mogens Dahl (S).\nSpørgsmål nr. 133:")
    text.write_text(letter, encoding="utf-8")
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20151/almdel/tru/spm/133/index.htm")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(project_copy / "data" / "20151-tru-133.ttl")
    question = URIRef("https://w3id.org/ftsvar/id/question/20151-tru-133")
    vocab = Namespace("https://w3id.org/ftsvar/vocab#")
    assert {str(o).rsplit("/", 1)[1] for o in graph.objects(question, vocab.requestedBy)} == {"anne-holm", "mogens-dahl"}
    assert {str(o).rsplit("/", 1)[1] for o in graph.objects(question, vocab.requesterParty)} == {"el", "s"}
    assert run(project_copy, "validate").exit_code == 0


@pytest.mark.parametrize("url", [
    "http://ft.dk/samling/20161/almdel/uui/spm/453/index.htm",
    "https://www.eu.dk/samling/20161/almdel/uui/spm/453/index.htm",  # the same page on Folketinget's EU site
])
def test_add_records_an_ft_dk_url_given_without_www_as_ft_dk_serves_it(project_copy, tmp_path, url):
    text = received(tmp_path, "20161-uui-453")
    result = run(project_copy, "add", str(text), "--url", url)
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20161-uui-453.toml").read_text(encoding="utf-8"))
    assert sidecar["source"]["url"] == "https://www.ft.dk/samling/20161/almdel/uui/spm/453/index.htm"
    # The shapes require a source on www.ft.dk: what `add` wrote validates.
    assert run(project_copy, "validate").exit_code == 0


def test_add_reads_session_and_committee_from_the_page_stamps_when_no_url_is_given(project_copy, tmp_path):
    result = run(project_copy, "add", str(received(tmp_path, "20091-sou-14")))
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20091-sou-14.toml").read_text(encoding="utf-8"))
    assert sidecar["question"] == {"session": "20091", "committee": "SOU", "number": "14", "kind": "alm. del"}
    assert sidecar["source"]["url"] == "https://www.ft.dk/samling/20091/almdel/sou/spm/14/index.htm"


def test_add_takes_bill_and_number_from_an_answer_url_and_the_committee_from_its_name(project_copy, tmp_path):
    # A question on a bill has no committee in its URL; this letter is addressed to
    # "Folketingets Erhvervsudvalg", whose questions ft.dk files under ERU.
    text = received(tmp_path, "20211-l-146-9")
    url = "https://www.ft.dk/samling/20211/lovforslag/L146/spm/9/svar/1883018/2573448/index.htm"
    result = run(project_copy, "add", str(text), "--url", url)
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20211-l-146-9.toml").read_text(encoding="utf-8"))
    assert sidecar["question"] == {"session": "20211", "committee": "ERU", "number": "9", "kind": "lovforslag", "bill": "L 146"}


def test_add_asks_for_the_committee_when_the_letter_names_one_it_does_not_know(project_copy, tmp_path):
    text = received(tmp_path, "20211-l-146-9")
    # Both the addressee and ft.dk's stamp ("Erhvervsudvalget 2021-22") name it.
    text.write_text(text.read_text(encoding="utf-8").replace("Erhvervsudvalg", "Havudvalg"), encoding="utf-8")
    url = "https://www.ft.dk/samling/20211/lovforslag/L146/spm/9/index.htm"
    before = seeds_of(project_copy)
    refused = run(project_copy, "add", str(text), "--url", url)
    assert refused.exit_code == 2
    assert "--committee" in refused.output
    assert seeds_of(project_copy) == before
    result = run(project_copy, "add", str(text), "--url", url, "--committee", "ERU")
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20211-l-146-9.toml").read_text(encoding="utf-8"))
    assert sidecar["question"]["committee"] == "ERU"


def test_add_takes_the_committee_from_the_name_in_ft_dk_s_stamp_where_the_letter_gives_none(project_copy, tmp_path):
    text = received(tmp_path, "20211-l-146-9")
    text.write_text(text.read_text(encoding="utf-8").replace("Folketingets Erhvervsudvalg\n", ""), encoding="utf-8")
    assert "Erhvervsudvalget 2021-22" in text.read_text(encoding="utf-8")
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20211/lovforslag/L146/spm/9/index.htm")
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20211-l-146-9.toml").read_text(encoding="utf-8"))
    assert sidecar["question"]["committee"] == "ERU"


def test_add_takes_the_committee_given_over_the_one_its_name_stands_for(project_copy, tmp_path):
    # Renamed committees may keep or change their letters: a name is no ground to refuse them.
    text = received(tmp_path, "20211-l-146-9")
    url = "https://www.ft.dk/samling/20211/lovforslag/L146/spm/9/index.htm"
    result = run(project_copy, "add", str(text), "--url", url, "--committee", "EVU")
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20211-l-146-9.toml").read_text(encoding="utf-8"))
    assert sidecar["question"]["committee"] == "EVU"


def test_add_takes_one_question_of_a_run_the_letter_answers_together(project_copy, tmp_path):
    text = tmp_path / "svar.txt"
    letter = received(tmp_path, "20211-l-146-9").read_text(encoding="utf-8")
    text.write_text(letter.replace("Besvarelse af spørgsmål 9 ad L 146", "Besvarelse af spørgsmål 7-10 ad L 146"),
                    encoding="utf-8")
    outside = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20211/lovforslag/L146/spm/11/index.htm")
    assert outside.exit_code == 2
    assert "number: the text says '7', the URL '11'" in outside.output
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20211/lovforslag/L146/spm/9/index.htm")
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20211-l-146-9.toml").read_text(encoding="utf-8"))
    assert sidecar["question"]["number"] == "9"


def test_add_takes_the_committee_letters_the_letter_writes_before_the_bill(project_copy, tmp_path):
    # "Besvarelse af ERU ad L 146 - Spørgsmål 9": known letters before the bill; no stamp, no addressee.
    letter = received(tmp_path, "20211-l-146-9").read_text(encoding="utf-8")
    text = tmp_path / "svar.txt"
    text.write_text(letter.replace("Erhvervsudvalget 2021-22\n", "").replace("Folketingets Erhvervsudvalg\n", "")
                    .replace("Besvarelse af spørgsmål 9 ad L 146", "Besvarelse af ERU ad L 146 - spørgsmål 9"), encoding="utf-8")
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20211/lovforslag/L146/spm/9/index.htm")
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20211-l-146-9.toml").read_text(encoding="utf-8"))
    assert sidecar["question"]["committee"] == "ERU"


def test_add_refuses_a_letter_under_a_question_it_only_mentions(project_copy, tmp_path):
    # "Spørgsmålet er en opfølgning på spørgsmål nr. 452" names 452, but the letter answers 453.
    letter = received(tmp_path, "20161-uui-453").read_text(encoding="utf-8")
    text = tmp_path / "svar.txt"
    text.write_text(letter.replace("(alm.\ndel)", "(alm.\ndel). Spørgsmålet er en opfølgning på spørgsmål nr. 452", 1),
                    encoding="utf-8")
    assert "opfølgning på spørgsmål nr. 452" in text.read_text(encoding="utf-8")
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20161/almdel/uui/spm/452/index.htm")
    assert result.exit_code == 2
    assert "the text says '453', the URL '452'" in result.output


def test_a_sentence_ending_in_a_session_is_no_stamp():
    from lodpub.extract.header import stamp

    assert stamp("til justitsministeren om de tal, som udvalget fik oversendt for 2009-10\n") is None
    assert stamp("Retsudvalget 2010-11 (1. samling)\nREU Alm.del\n").group("year") == "2010"


def test_a_committee_url_with_its_letters_percent_encoded_names_them():
    from lodpub.extract.adding import from_url

    # ft.dk writes Det Politisk-Økonomiske Udvalg's letters "PØU" as "p%c3%b8u" in its URLs.
    assert from_url("https://www.ft.dk/samling/20081/almdel/p%c3%b8u/spm/178/index.htm").committee == "PØU"


def test_add_refuses_when_header_and_url_name_different_questions(project_copy, tmp_path):
    before = seeds_of(project_copy)
    text = received(tmp_path, "20161-uui-453")
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20161/almdel/uui/spm/454/index.htm")
    assert result.exit_code == 2
    assert "the text's header and the URL name different questions: number: the text says '453', the URL '454'" in result.output
    # ft.dk files an answer under another question's page now and then: the message says what to give instead.
    assert "if the letter answers question 453, add it with that question's URL: " \
           "https://www.ft.dk/samling/20161/almdel/uui/spm/453/index.htm" in " ".join(result.output.split())
    assert seeds_of(project_copy) == before


def test_add_refuses_a_proposal_url_for_a_text_on_a_bill(project_copy, tmp_path):
    text = received(tmp_path, "20211-l-146-9")
    url = "https://www.ft.dk/samling/20211/beslutningsforslag/B146/spm/9/index.htm"
    result = run(project_copy, "add", str(text), "--url", url, "--committee", "ERU")
    assert result.exit_code == 2
    assert "kind: the text says 'bill', the URL 'proposal'" in result.output


def test_add_refuses_a_text_already_there(project_copy, tmp_path):
    result = run(project_copy, "add", str(SEED), "--url", "https://www.ft.dk/samling/20151/almdel/uui/spm/896/index.htm")
    assert result.exit_code == 2
    assert "20151-uui-896.txt is there already (the same text)" in result.output


def test_add_keeps_nothing_of_a_text_that_is_no_answer(project_copy, tmp_path):
    before = seeds_of(project_copy)
    text = tmp_path / "referat.txt"
    text.write_text("Referat af mødet den 3. maj 2016.\n\nIntet at bemærke.\n", encoding="utf-8")
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20151/almdel/uui/spm/12/index.htm")
    assert result.exit_code == 2
    assert "does not read as a minister's answer" in result.output
    assert seeds_of(project_copy) == before


def test_add_says_how_to_repair_mojibake(project_copy, tmp_path):
    text = tmp_path / "broken.txt"
    text.write_bytes(SEED.read_bytes().decode("cp1252", errors="replace").encode("utf-8"))
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20151/almdel/uui/spm/896/index.htm")
    assert result.exit_code == 2
    assert "the text is mojibake" in result.output and "lodpub repair" in result.output and "new seed" in result.output


def test_add_with_strict_keeps_nothing_of_a_text_read_with_warnings(project_copy, tmp_path):
    before = seeds_of(project_copy)
    text = received(tmp_path, "20101-s-2054")  # the minister is not named: a warning
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20101/spoergsmaal/s2054/index.htm", "--strict")
    assert result.exit_code == 1
    assert "refused with --strict" in result.output
    assert seeds_of(project_copy) == before
    assert not (project_copy / "data" / "20101-s-2054.ttl").exists()


def test_a_copy_filed_under_another_committee_is_added_under_the_committee_its_letter_and_url_name(project_copy, tmp_path):
    # ft.dk filed this copy with the Social Committee's papers ("SOU Alm.del", "Socialudvalget
    # 2009-10"); the letter answers Folketingets Finansudvalg's question, as the URL says.
    text = tmp_path / "copy.txt"
    letter = (ANSWERS / "20091-sou-14.txt").read_text(encoding="utf-8")
    text.write_text(letter.replace("Folketingets Socialudvalgs brev", "Folketingets Finansudvalgs brev"), encoding="utf-8")
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20091/almdel/fiu/spm/14/index.htm")
    assert result.exit_code == 0, result.output
    sidecar = tomllib.loads((project_copy / "seeds" / "20091-fiu-14.toml").read_text(encoding="utf-8"))
    assert sidecar["question"]["committee"] == "FIU"


def test_a_copy_whose_letter_names_no_committee_is_still_refused_where_the_stamp_and_url_disagree(project_copy, tmp_path):
    text = received(tmp_path, "20091-sou-14")
    result = run(project_copy, "add", str(text), "--url", "https://www.ft.dk/samling/20091/almdel/fiu/spm/14/index.htm")
    assert result.exit_code == 2
    assert "committee: the text says 'SOU', the URL 'FIU'" in result.output
