"""Who signed an answer: the name lines after its last sentence, run into it ("... en bolig. Anna
Berg/ Poul Dahl"), on a cover letter before the question, or in "ministeren (Name):"."""

from __future__ import annotations

import re

from ..core.furniture import TAKES_NAMES_RE
from ..core.text import Block, NormalisedText

_NAME_WORD = r"[A-ZÆØÅÖÜÉ][\w'’-]*\.?"
_PERSON_NAMES = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
# "Statsministeren (Anders Holm):": who answers, on ft.dk's page of a § 20 answer.
ANSWERED_BY_RE = re.compile(rf"^(?:[A-ZÆØÅ][\wæøå-]*ministeren)\s*\((?P<name>{_PERSON_NAMES})\):$")
# Signature lines that name no person: places, organisations, the letterhead.
NOT_A_PERSON = re.compile(
    # The endings count inside a word too: "Skatteministeriet", "Udlændingestyrelsen", "Departementet".
    r"(?i)(?:kommune|center|centret|kors|ministeriet|ministeren|styrelsen|udvalget|udvalg|folketinget|folketingets|christiansborg"
    r"|københavn|danmark|politi|rigspolitiet|kontor|afdeling|sekretariat|departementet|kanal|gade|vej|plads"
    r"|region|statistik|institut|universitet|hospital|hospitalet|fond|fonden)\b"
)
# "... en bolig.” Karen Hækkerup/ Lone Larsen": names run into the last line of the answer, also
# after a sentence left without its end ("... vende tilbage til sagen Ida Holm / Ole Berg"), but
# not as what the words before them name ("Kilde: X / Y", "i samarbejde med X / Y": see below).
RUN_IN_SIGNATURE_RE = re.compile(
    rf"(?:(?<=[.!?”])\s*|(?<=[a-zæøå0-9])\s+)(?P<names>{_PERSON_NAMES}\s*/\s*{_PERSON_NAMES})$"
)


def split_trailing(view: NormalisedText, blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The answer's body, and the name blocks that sign it, at its end or before a letterhead."""
    end = len(blocks)
    names: list[Block] = []
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        content = view.block_text(block).strip()
        if block.kind == "name":
            names.insert(0, block)
            end = index
        elif not names and is_furniture(content):
            end = index  # an unknown letterhead line after the signature
        else:
            break
    if not names:
        return blocks, []
    return blocks[:end], names


def two_signing(view: NormalisedText, names: list[Block]) -> bool:
    """Whether `names` are a "Minister / civil servant" pair: a signature that ends the letter."""
    parts = [part for block in names for part in view.block_text(block).split("/") if re.search(r"\w", part)]
    return len(parts) >= 2 and any("/" in view.block_text(block) for block in names)


# A cover letter's one sentence: "Hermed fremsendes i 5 eksemplarer svar på spørgsmål nr. 57 ...".
COVER_NOTE_RE = re.compile(
    r"\b(?:[Hh]ermed\s+(?:fremsendes|oversendes|sendes)|(?:[Ff]remsendes|[Oo]versendes)\s+hermed)\b[^.]*?\b(?:svar|besvarelse)"
)


def signature_in_cover_letter(view: NormalisedText, header_end: int) -> list[Block]:
    """'Minister / civil servant' signing a cover letter, before the question ("Name" / "/" / "Name"),
    or the one name right under the cover letter's sentence ("Hermed fremsendes ... svar på
    spørgsmål nr. 57 ..." / "Brian Mikkelsen").

    Otherwise only a run of name lines with a slash is taken: a name alone before the question
    may be a caseworker in the letterhead.
    """
    header = [b for b in view.blocks if b.end <= header_end]
    run: list[Block] = []
    before: Block | None = None  # the block before the run
    for block in header + [None]:
        if block is not None and block.kind == "name":
            run.append(block)
            continue
        joined = " ".join(view.block_text(b) for b in run)
        if re.search(r"\w\s*/\s*\w", joined) or (len(run) >= 2 and "/" in joined):
            return run
        if len(run) == 1 and before is not None and COVER_NOTE_RE.search(view.block_text(before)):
            return run
        run, before = [], block
    return []


def is_furniture(content: str) -> bool:
    """A short line that is not a sentence: a letterhead line the patterns do not know."""
    return len(content.split()) <= 4 and not re.search(r"[.!?:,;”]$", content)


def run_in_signature(view: NormalisedText, body: list[Block]) -> tuple[list[Block], list[Block]]:
    """'... en bolig.” Karen Hækkerup/ Lone Larsen', also glued on ('... partier.Karen
    Hækkerup/ ...'): the signature on the answer's last line."""
    last = body[-1]
    match = RUN_IN_SIGNATURE_RE.search(view.text, last.start, last.end)
    if not match:
        return body, []
    if any(NOT_A_PERSON.search(name) for name in match.group("names").split("/")):
        return body, []  # "... jf. Skatteministeriet / SKAT": not a signature
    if not re.search(r"[.!?”]\s*$", view.text[last.start : match.start()]) \
            and TAKES_NAMES_RE.search(view.text, last.start, match.start()):
        return body, []  # "... i samarbejde med Region Nord / Region Syd": what the sentence names
    kept = Block(last.kind, last.start, match.start(), last.line)
    names = Block("name", match.start("names"), last.end, last.line)
    return [*body[:-1], kept], [names]
