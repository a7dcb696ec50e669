"""Where a letter is ambiguous, the fact is left out: each case here was once published wrong."""

from __future__ import annotations

from pathlib import Path

from lodpub.extract import answer
from lodpub.extract.seeds import Seed

HEADER = """Folketingets Udlændinge- og Integrationsudvalg har den 7. september 2016 stillet følgende \
spørgsmål nr. 896 (alm. del) til udlændinge-, integrations- og boligministeren, som hermed besvares.

Spørgsmål nr. 896:
Vil ministeren oplyse, hvilke tilbud der findes?

"""


def extract(body: str, header: str = HEADER):
    text = header + body
    seed = Seed(path=Path("x.txt"), name="x", text=text, sha256="", received_as="", description="",
                url="https://www.ft.dk/samling/20161/almdel/uui/spm/896/index.htm", session="20161",
                committee="UUI", number="896", kind="general", bill=None)
    return answer.extract(seed)


def test_a_date_inside_a_broken_sentence_stays_in_the_text_and_is_not_the_letters_date():
    found = extract("Svar:\nJeg kan oplyse, at ordningen gælder fra\n1. januar 2017\nfor alle centre.\n\n"
                    "Med venlig hilsen\n\nInger Støjberg\n")
    assert found.answer.date is None
    assert "gælder fra 1. januar 2017 for alle centre" in found.answer.text


def test_a_header_naming_two_ministers_names_none():
    header = HEADER.replace(
        "til udlændinge-, integrations- og boligministeren, som hermed besvares.",
        "til justitsministeren, men er overgået til udlændinge-, integrations- og boligministeren, som hermed besvares.",
    )
    found = extract("Svar:\nDet er der ikke afsat midler til.\n\nMed venlig hilsen\n\nInger Støjberg\n", header)
    assert found.question.addressed_to is None
    assert any("several ministers" in w.message for w in found.warnings)


def test_a_ministry_on_the_signature_lines_is_not_a_signatory():
    found = extract("Svar:\nDet er der ikke afsat midler til.\n\nMed venlig hilsen\n\n"
                    "Inger Støjberg\nSkatteministeriet Departementet\n")
    assert found.answer.signatories == ("Inger Støjberg",)
