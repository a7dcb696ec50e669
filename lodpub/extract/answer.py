"""Read a minister's answer: the question's header facts, the question, the answer, who signed.

Works on the normalised view (text.py) so line breaks, hyphenation and letterhead do not
matter; every span found is mapped back to the verbatim text for citation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from ..core.danish import DATE_RE, parse_date
from ..core.furniture import ANSWER_WORDS, MINISTER_LINE_RE, QUESTION_WORD
from ..core.text import Block, NormalisedText, normalise, sentences
from ..errors import UserError
from . import committees
from . import header as headers
from . import statements
from .model import Answer, Extraction, Notice, Question, Span
from .seeds import Seed
from .signatures import (
    ANSWERED_BY_RE,
    NOT_A_PERSON,
    run_in_signature,
    signature_in_cover_letter,
    split_trailing,
    two_signing,
)

# A committee's letter putting the question, not the minister's answer to it.
QUESTION_LETTER_RE = re.compile(r"Udvalget\s+udbeder\s+sig\s+ministerens\s+besvarelse")
# Words that say a text is an answer to a question from Folketinget.
ANSWER_WORDS_RE = re.compile(
    r"hermed\s+(?:besvares|skal\s+besvare|sendes|følger)|besvarelse\s+af\s+(?:følgende\s+)?spørgsmål|svar\s+på\s+spørgsmål"
    r"|besvares\s+(?:hermed|foreløbigt)|stillet\s+(?:mig\s+)?følgende\s+spørgsmål|\bSvar\s*\(\d{1,2}/\d{1,2}",
    re.IGNORECASE,
)

# "fristen", "den almindelige frist": the deadline, not "rammerne af en folketingsbesvarelse".
_DEADLINE = r"(?:den\s+(?:almindelige\s+|fastsatte\s+|normale\s+)?)?frist(?:en)?\b"
# A preliminary answer says so in its header or its first sentence; a final one is to follow.
# Also one that says it cannot answer within the deadline ("Det er desværre ikke muligt at besvare
# spørgsmålet inden for fristen"); not a final answer's apology ("Det har ikke været muligt ...").
PRELIMINARY_RE = re.compile(
    # not "I mit foreløbige svar ...", "mit foreløbige svar af 3. maj": an earlier answer, named in the final one
    r"(?<!\bI\smit\s)(?<!\bi\smit\s)(?<!tidligere\s)\bforeløbig(?:e|t)?\s+(?:svar|besvarelse)(?!\s+af\s+(?:den\s+)?\d)|\bbesvares\s+(?:hermed\s+)?foreløbigt"
    r"|\b(?:er|bliver)\s+(?:det\s+)?(?:desværre\s+)?ikke\s+muligt\s+at\s+besvare\s+spørgsmålet\s+inden\s+for\s+" + _DEADLINE +
    r"|\bkan\s+(?:desværre\s+)?ikke\s+besvares\s+inden\s+for\s+" + _DEADLINE,
    re.IGNORECASE,
)

# A final answer still to come, said anywhere in the answer: "På baggrund af bidraget forventes
# spørgsmålet at kunne besvares ultimo juni", "Jeg forventer at kunne besvare spørgsmålet endeligt
# ultimo november", "Spørgsmålet forventes på den baggrund besvaret primo august", "Jeg vil derfor
# vende tilbage med et endeligt svar", "Jeg vil besvare spørgsmålet, når bidraget er modtaget", "har ikke
# mulighed for at svare inden for fristen".
TO_FOLLOW_RE = re.compile(
    # (not "... forventes besvaret af Kommissionen": someone else's answer)
    r"\bspørgsmålet\s+forventes\s+(?:[\wæøå]+\s+){0,4}?(?:at\s+kunne\s+)?besvare[st]\b(?!\s+af\s)"
    r"|\bforventes\s+spørgsmålet\s+(?:at\s+kunne\s+)?besvare[st]\b(?!\s+af\s)"
    # "Jeg forventer derfor at kunne besvare spørgsmålet ved udgangen af oktober" (never "... kun at kunne
    # besvare spørgsmålet delvist", "Kommissionen forventes at besvare spørgsmålet")
    r"|\bforvent(?:er|es)\s+(?:jeg\s+|ministeriet\s+|vi\s+)?(?:derfor\s+|således\s+|dog\s+|nu\s+)?(?:at\s+kunne\s+)?besvare\s+spørgsmålet\b"
    r"|\bforventer\s+(?:jeg\s+|ministeriet\s+|vi\s+)?(?:at\s+kunne\s+)?(?:sende|fremsende|give|afgive)\s+(?:et\s+)?endeligt\s+svar"
    # "Jeg vil derfor vende tilbage med et endeligt svar", never "Som lovet kan jeg nu vende tilbage ..."
    # nor "... at jeg ville vende tilbage ...": a promise kept
    r"|\bvil\s+(?:[\wæøå]+\s+){0,3}?vende\s+tilbage\s+med\s+(?:et\s+)?endeligt\s+svar"
    # "Jeg vil på den baggrund besvare spørgsmålet snarest efter, at bidraget er modtaget": what it waits
    # for is named (never "... efter bedste evne", "... efter at jeg har redegjort for reglerne", nor "...
    # at jeg ville besvare spørgsmålet, når ...": a promise kept)
    r"|\bvil\s+(?:[\wæøå]+\s+){0,4}?besvare\s+spørgsmålet,?\s+(?:snarest\s+(?:muligt\s+)?)?(?:efter,?\s+at|når|så\s+snart)\s+"
    r"(?:[\wæøå]+\s+){0,4}?(?:bidrag(?:et|ene)?|oplysningerne|svaret|svarene)\s+(?:er|foreligger|har|bliver)\b"
    # "Et endeligt svar forventes grundet sommerferie at foreligge medio august", "Endeligt svar følger."
    r"|\bendelig(?:t|e)?\s+(?:svar|besvarelse)\s+(?:forventes|vil\s+(?:blive|følge)|følger|fremsendes|sendes)\b"
    r"|\bikke\s+mulighed\s+for\s+at\s+(?:be)?svare\s+(?:spørgsmålet\s+)?inden\s+for\s+" + _DEADLINE,
    re.IGNORECASE,
)

# "Berigtigelse af svar på spørgsmål nr. 7": a correction of an answer already given.
CORRECTION_RE = re.compile(r"\bBerigtigelse\s+af\s+(?:svar|besvarelse)", re.IGNORECASE)

QUESTION_HEADING_RE = re.compile(
    QUESTION_WORD + r"(?:\s+nr\.)?(?:\s*S)?\s*\d*(?:\s+(?:til|ad|vedr\.)\s+[LB]\s*\d+\s*[A-Z]?)?(?:\s*\([^)]*\))?"
    r"(?:\s+fra\s+[^:\n]{1,80}?(?:\s*\([^)]*\))?)?\s*(?::\s*|$)"
)
# "Svar (21/1 04)": ft.dk's page of a § 20 answer dates its answers so.
ANSWER_HEADING_RE = re.compile(rf"{ANSWER_WORDS}\s*(?:\(\d{{1,2}}/\d{{1,2}}\s+\d{{2}}\)\s*)?(?::\s*|$)")


def extract(seed: Seed) -> Extraction:
    """All facts of one seed; UserError naming the seed (and line) when it is not an answer."""
    view = normalise(seed.text)
    warnings: list[Notice] = []
    parts = _parts(seed, view)
    question = _question(seed, view, parts, warnings)
    if parts.answer_blocks is None or not parts.answer_blocks:
        warnings.append(Notice(
            view.line_of(view.verbatim_index(max(0, len(view.text) - 1))),
            "the text stops before the answer: it seems cut off; the header and the question are read, "
            "the document is marked incomplete",
        ))
        return Extraction(document=seed.name, question=question, answer=None, warnings=tuple(warnings))
    answer = _answer(seed, view, parts, warnings)
    question, answer = _plausible_dates(seed, question, answer, warnings)
    own = [f for f in answer.findings if f.attributed_to is None]
    if own and question.addressed_to is None:
        # The answer's own findings are the minister's; with no minister known, they say no one.
        warnings.append(Notice(own[0].span.line, "the answer's own findings are left out: the minister who states them is not known"))
        answer = dataclasses.replace(answer, findings=tuple(f for f in answer.findings if f.attributed_to is not None))
    return Extraction(document=seed.name, question=question, answer=answer, warnings=tuple(warnings))


_OPENS_QUOTED = re.compile(r"\s*(?:[”“\"»«]|[’‘]{2})")  # also "’’", two single marks for one double
# The closing mark, then a full stop, or ft.dk's "(Spm. nr. S 2307)." on its § 20 pages.
_CLOSES_QUOTED = re.compile(r"[”“\"»«](?:\s*\((?:Spm|Spørgsmål)\b[^()\n]{0,40}\))?\s*\.?\s*$")


def span(view: NormalisedText, start: int, end: int, context: int = 32) -> Span:
    """A citation of normalised [start, end): its verbatim offsets, quote, prefix and suffix."""
    # Whitespace and the quotation marks around a quoted contribution are not the fact, nor a full
    # stop after the closing mark of a quoted question ('”Finder ministeren ...?”.'), nor the
    # question's number after it ('»Vil statsministeren ...?« (Spm. nr. S 2307).').
    quoted = _OPENS_QUOTED.match(view.text, start, end) is not None
    while start < end and (view.text[start].isspace() or view.text[start] in "”“\"»«"
                           or view.text[start : start + 2] in ("’’", "‘‘")):
        start += 2 if view.text[start : start + 2] in ("’’", "‘‘") else 1

    def marks() -> int:
        return sum(view.text.count(mark, start, end) for mark in "”“\"»«")

    closes = _CLOSES_QUOTED.search(view.text, start, end) if quoted else None
    if closes and marks() == 1:  # its closing mark alone
        end = closes.start() + 1
    # A closing mark at the end is the quotation's that the span is, or that it began inside: not
    # one that a quotation inside the span opened ('... Kystdirektoratet: ”... vejledning.”').
    while end > start and (view.text[end - 1].isspace() or (view.text[end - 1] in "”“\"»«" and (quoted or marks() % 2))
                           or (quoted and view.text[end - 2 : end] in ("’’", "‘‘"))):
        end -= 2 if quoted and view.text[end - 2 : end] in ("’’", "‘‘") else 1
    # "’Vil ministeren ...?’": single marks only where they wrap it all (’ is also an apostrophe).
    single = re.fullmatch(r"[‘’](?P<inner>[^‘’]+)’\.?", view.text[start:end])
    if single:
        start, end = start + 1, start + single.end("inner")
    v_start, v_end = view.verbatim_span(start, end)
    verbatim = view.verbatim
    return Span(
        start=v_start,
        end=v_end,
        exact=verbatim[v_start:v_end],
        prefix=verbatim[max(0, v_start - context) : v_start],
        suffix=verbatim[v_end : v_end + context],
        text=view.text[start:end],
        line=view.line_of(v_start),
    )


@dataclass(frozen=True)
class _Parts:
    """Where the header, the question and the answer are, in the normalised text."""

    header_end: int
    question: tuple[int, int]
    answer_blocks: list[Block] | None  # None: the text stops before its answer
    header_block_line: int


def _parts(seed: Seed, view: NormalisedText) -> _Parts:
    """Find header, question and answer: by their headings, or the question quoted in a cover letter."""
    text, blocks = view.text, view.blocks
    if QUESTION_LETTER_RE.search(text) and not any(_heading(view, b, ANSWER_HEADING_RE) for b in blocks):
        raise UserError(
            "this is a committee's letter putting a question ('Udvalget udbeder sig ministerens "
            "besvarelse ...'), not the minister's answer to it",
            seed.path,
        )
    q_index = next((i for i, b in enumerate(blocks) if b.kind == "heading" and _heading(view, b, QUESTION_HEADING_RE)), None)
    correction = CORRECTION_RE.search(text)
    if correction and q_index is None:
        raise UserError(
            "this corrects an earlier answer ('Berigtigelse af svar ...') and quotes no question of its "
            "own; corrections are not read yet (reading the quoted contribution as the question would be wrong)",
            seed.path,
            view.line_of(view.verbatim_index(correction.start())),
        )
    if q_index is None:
        # A heading run into its text: "Spørgsmål nr. 12: Hvilke ...".
        q_index = next((i for i, b in enumerate(blocks) if _heading(view, b, QUESTION_HEADING_RE)), None)
    a_from = q_index + 1 if q_index is not None else 0
    a_index = next(
        (i for i, b in enumerate(blocks[a_from:], a_from) if b.kind == "heading" and _heading(view, b, ANSWER_HEADING_RE)),
        None,
    )
    if a_index is None:
        # "Svar: Det er ...".
        a_index = next((i for i, b in enumerate(blocks[a_from:], a_from) if _heading(view, b, ANSWER_HEADING_RE)), None)
    if not ANSWER_WORDS_RE.search(text) and (q_index is None or a_index is None):
        raise UserError(
            "this does not read as a minister's answer: no header such as '... har den "
            "7. september 2016 stillet følgende spørgsmål nr. 896 (alm. del) ... til "
            "...ministeren' and no 'Spørgsmål ...:' and 'Svar:' headings",
            seed.path,
        )
    if q_index is not None and a_index is not None:
        # A joint answer puts several questions before one "Svar:": this seed's is the one with its number.
        asked = [i for i in range(q_index, a_index) if blocks[i].kind == "heading" and _heading(view, blocks[i], QUESTION_HEADING_RE)]
        own = [i for i in asked if _heading_number(view, blocks[i]) == seed.number]
        if len(own) > 1 and "?" not in text[blocks[own[0]].end : blocks[own[1]].start]:
            # "Spørgsmål nr. 57" on a covering note, then "Spørgsmål nr. 57:" over the question itself:
            # the note is the header's. (Two questions of one number, on two bills, each ask one.)
            q_index = own[-1]
            asked = [i for i in asked if i >= q_index]
            own = [q_index]
        header_end = blocks[q_index].start
        # The questions the header says the letter answers ("svar på spørgsmål nr. 57 og 58").
        named = {_bare(n) for mention in headers.question_numbers(text[:header_end]) for _, n in mention}
        first_number = _heading_number(view, blocks[q_index])
        if len(asked) > 1 and own:
            q_index = own[0]
        elif seed.number and not own and first_number is not None and _bare(first_number) != _bare(seed.number) \
                and {_bare(first_number), _bare(seed.number)} <= named:
            # "Spørgsmål 57" / "Svar" / "Spørgsmål 58" / "Svar": a letter answering its questions one
            # after the other; this seed's is under its own number, if the text holds it at all.
            q_index, a_index = _own_question(seed, view, blocks, q_index)
            asked = [q_index]
        q_start = _heading(view, blocks[q_index], QUESTION_HEADING_RE)
        q_end = next((blocks[i].start for i in asked if i > q_index), blocks[a_index].start)
        answer_blocks = _after_heading(view, blocks, a_index)
        # The next question's heading ends this answer ("Svar" / ... / "Spørgsmål 58" / "Svar" / ...);
        # the closing and signature at the letter's end still sign it.
        following = next((k for k, b in enumerate(answer_blocks) if b.kind == "heading"
                          and _heading(view, b, QUESTION_HEADING_RE) and _heading_number(view, b)
                          and _bare(_heading_number(view, b)) in named), None)
        if following is not None:
            closing = next((k for k in range(len(answer_blocks) - 1, following, -1) if answer_blocks[k].kind == "closing"), None)
            answer_blocks = answer_blocks[:following] + (answer_blocks[closing:] if closing is not None else [])
        return _Parts(header_end, (q_start, q_end), answer_blocks, blocks[q_index].line)
    # A cover letter: the question follows in ”...”, then "Svar:" (or the answer straight away).
    end = blocks[a_index].start if a_index is not None else len(text)
    quoted = [i for i, b in enumerate(blocks) if b.end <= end and text[b.start] in "”“\"„»"]
    if q_index is not None:
        # A heading with no "Svar:" after it: only a quotation right under it is the question.
        quoted = [i for i in quoted if i == q_index + 1]
        glued = quoted and re.search(r"[”\"«]\s*(?:Endeligt\s+)?Svar\s*:", view.block_text(blocks[quoted[0]]))
        if not quoted or (quoted[0] == len(blocks) - 1 and not glued):
            # The question and nothing after it: the text stops before its answer.
            q_start = _heading(view, blocks[q_index], QUESTION_HEADING_RE)
            return _Parts(blocks[q_index].start, (q_start, len(text)), None, blocks[q_index].line)
    if not quoted:
        raise UserError(
            "the question and the answer cannot be told apart: no 'Spørgsmål ...:' heading, no "
            "'Svar:' heading and no question quoted in ”...”",
            seed.path,
        )
    first = quoted[0]
    last = first
    while not re.search(r"[”\"«]\s*$", view.block_text(blocks[last])) and last + 1 < len(blocks) and blocks[last + 1].end <= end:
        last += 1  # a quoted question of several paragraphs
    q_end = blocks[last].end
    if a_index is not None:
        answer_blocks = _after_heading(view, blocks, a_index)
    else:
        answer_blocks = blocks[last + 1 :]
        # "... ?”Svar: Justitsministeriet har ...": the heading run into the quoted question's line.
        glued = re.search(r"[”\"]\s*((?:Endeligt\s+)?Svar\s*:\s*)", text[blocks[first].start : blocks[last].end])
        if glued:
            q_end = blocks[first].start + glued.start(1)
            rest = blocks[first].start + glued.end(1)
            if rest < blocks[last].end:
                answer_blocks.insert(0, Block("paragraph", rest, blocks[last].end, blocks[last].line))
    return _Parts(blocks[first].start, (blocks[first].start, q_end), answer_blocks, blocks[first].line)


def _stamped(seed: Seed) -> str | None:
    """The committee's name in ft.dk's stamp, where the letter names it nowhere; not where the
    name is known to stand for other letters than the seed's."""
    name = headers.stamped_committee(seed.text)
    return name if name and committees.letters(name) in (None, seed.committee) else None


def _own_question(seed: Seed, view: NormalisedText, blocks: list[Block], q_index: int) -> tuple[int, int]:
    """The heading of the seed's own question and the answer heading after it, where the first
    question heading is another's. A letter whose header names both questions but whose text
    holds only the other one's (a cut text) is refused: its question would be the other's. Called
    only where the header names both questions."""
    other = _heading_number(view, blocks[q_index])
    for i, block in enumerate(blocks[q_index + 1 :], q_index + 1):
        if block.kind == "heading" and _heading(view, block, QUESTION_HEADING_RE) and _heading_number(view, block) == seed.number:
            answer = next((j for j, b in enumerate(blocks[i + 1 :], i + 1)
                           if b.kind == "heading" and _heading(view, b, ANSWER_HEADING_RE)), None)
            if answer is not None:
                return i, answer
    raise UserError(
        f"the letter answers questions {other} and {seed.number}, but the text holds the question and answer of "
        f"{other} only: reading them as {seed.number}'s would be wrong",
        seed.path, blocks[q_index].line,
    )


def _bare(number: str) -> str:
    """A question's number without the "S " of a § 20 question: "S 696" and "696" are one."""
    return re.sub(r"^S\s*", "", number)


def _heading_number(view: NormalisedText, block: Block) -> str | None:
    match = headers.NUMBER_RE.match(view.text, block.start, block.end)
    return headers.spaced(match.group("number")) if match else None


def _heading(view: NormalisedText, block: Block, pattern: re.Pattern[str]) -> int | None:
    """Where the text after a heading at the start of `block` begins, or None."""
    match = pattern.match(view.text, block.start, block.end)
    return match.end() if match else None


def _after_heading(view: NormalisedText, blocks: list[Block], index: int) -> list[Block]:
    heading = blocks[index]
    body = list(blocks[index + 1 :])
    rest = _heading(view, heading, ANSWER_HEADING_RE)
    if rest is not None and rest < heading.end:  # "Svar: Det er ..." on one line
        body.insert(0, Block("paragraph", rest, heading.end, heading.line))
    return body


def _warn(warnings: list[Notice], view: NormalisedText, position: int | None, message: str) -> None:
    line = view.line_of(view.verbatim_index(position)) if position is not None and position < len(view.text) else None
    warnings.append(Notice(line, message))


def _question(seed: Seed, view: NormalisedText, parts: _Parts, warnings: list[Notice]) -> Question:
    text = view.text
    found = headers.read(text, 0, parts.header_end, (0, len(text)), seed.session)
    for position, message in found.warnings:
        _warn(warnings, view, position, message)
    number, number_at = found.number, found.number_at
    if number is None:
        # The question's own heading: "Spørgsmål nr. 1553:".
        heading = headers.NUMBER_RE.search(text, parts.header_end, parts.question[0] + 1)
        if heading:
            number, number_at = headers.spaced(heading.group("number")), heading.start("number")
    line = view.line_of(view.verbatim_index(number_at)) if number_at is not None else parts.header_block_line
    if seed.number in found.numbers:
        number = seed.number  # a joint answer names several questions; this seed is one of them
    _check_against_sidecar(seed, number, found.kind, found.bill, line)
    # Number and kind are the sidecar's (from the ft.dk URL); the text only has to agree where it says.
    minister = found.minister
    if minister is None and parts.answer_blocks:
        # The post under the signature, or the sender's letterhead after the answer.
        minister = headers.post_at_the_end(view.verbatim[view.verbatim_index(parts.answer_blocks[0].start):])
    if minister is None:
        # In the letter as it came: a letterhead line on its own is set aside by normalise.
        minister = headers.ministry_post(view.verbatim[: view.verbatim_index(parts.header_end)])
    q_start, q_end = parts.question
    if minister is None:
        # Named nowhere else, the minister the question itself asks: "Udenrigsministeren bedes ...".
        minister = headers.question_post(text[q_start:q_end].lstrip("”“\"„»«'’ "))
    if minister is None:
        warnings.append(Notice(parts.header_block_line, "the header does not say which minister the question was put to"))

    if parts.answer_blocks is None:
        # Cut off before the answer: only the question's complete sentences are its text.
        complete = [e for s, e in sentences(text, q_start, q_end) if re.search(r"[.!?:”\"«)]$", text[s:e])]
        q_end = complete[-1] if complete else q_start
        if q_end <= q_start:
            raise UserError(
                "the text is cut off inside the question: no complete sentence of it is left to read",
                seed.path, parts.header_block_line,
            )
    if q_end <= q_start or not text[q_start:q_end].strip():
        raise UserError("the question text is empty", seed.path, parts.header_block_line)
    q_span = span(view, q_start, q_end)
    section_20 = seed.kind == "section-20"
    return Question(
        session=seed.session,
        number=seed.number,
        kind=seed.kind,
        bill=seed.bill,
        committee=None if section_20 else seed.committee,
        committee_name=None if section_20 else found.committee_name or _stamped(seed),
        date_asked=found.date_asked,
        askers=found.askers,
        parties=found.parties,
        addressed_to=minister,
        text=q_span.text,
        span=q_span,
    )


def _check_against_sidecar(seed: Seed, number: str | None, kind: str | None, bill: str | None, line: int) -> None:
    """Where the text names the question, it must name the sidecar's; a mismatch is a mixed-up seed."""
    problems = []
    if number is not None and number != seed.number:
        problems.append(f"number {number!r} (sidecar: {seed.number!r})")
    if kind is not None and kind != seed.kind:
        problems.append(f"kind {kind!r} (sidecar: {seed.kind!r})")
    if kind in ("bill", "proposal") and bill != seed.bill:
        problems.append(f"bill {bill!r} (sidecar: {seed.bill!r})")
    if problems:
        raise UserError(
            "the text and its sidecar disagree on the question: " + ", ".join(problems), seed.path, line
        )


def _answer(seed: Seed, view: NormalisedText, parts: _Parts, warnings: list[Notice]) -> Answer:
    blocks = parts.answer_blocks
    answered_by = [b for b in blocks if ANSWERED_BY_RE.match(view.block_text(b))]
    blocks = [b for b in blocks if b not in answered_by]
    closing = next((i for i, b in enumerate(blocks) if b.kind == "closing"), None)
    if closing is not None:
        body = blocks[:closing]
        after = blocks[closing + 1 :]
        names = []
        for block in after:
            if block.kind != "name":
                break
            names.append(block)
    else:
        body, names = split_trailing(view, blocks)
    # The letterhead's "FORSVARSMINISTEREN" between the text and the closing is not the answer's.
    while body and body[-1].kind == "heading" and MINISTER_LINE_RE.match(view.block_text(body[-1])):
        body = body[:-1]
    if body and not names:
        body, names = run_in_signature(view, body)
    # A "Minister / civil servant" pair after the text ends the letter (below) without a closing; one
    # on a cover letter before the question does not.
    pair_at_the_end = bool(names) and two_signing(view, names)
    if not names:
        names = signature_in_cover_letter(view, parts.header_end)
    if not names and answered_by:
        names = [Block("name", b.start + ANSWERED_BY_RE.match(view.block_text(b)).start("name"),
                       b.start + ANSWERED_BY_RE.match(view.block_text(b)).end("name"), b.line) for b in answered_by[:1]]
    if not body:
        raise UserError("the answer has no text after 'Svar:'", seed.path, parts.header_block_line)

    complete = True
    last_text = body[-1]
    last = view.block_text(last_text).rstrip()
    cut: tuple[int, int] | None = None
    # The closing and a signature right after the text: the letter ends there, whether or not its
    # writer ended the last sentence ("... endeligt ultimo august" / "Med venlig hilsen"); so does
    # a "Minister / civil servant" signature without a closing.
    signed_off = (closing is not None and bool(names)) or pair_at_the_end
    unterminated = not re.search(r"[.!?:”\"’)]$", last) and not _ends_in_table(view, last_text)
    if signed_off and unterminated:
        # Complete, but a sentence without its end may have lost words: no fact is read from it.
        cut = sentences(view.text, last_text.start, last_text.end)[-1]
    elif unterminated:
        complete = False
        cut = sentences(view.text, last_text.start, last_text.end)[-1]
        warnings.append(Notice(
            view.line_of(view.verbatim_index(last_text.end - 1)),
            f"the answer seems cut off: its last sentence does not end ('...{last[-40:]}'); the document "
            "is marked incomplete and nothing is read from that sentence",
        ))
    answer_text = view.text[body[0].start : body[-1].end]
    if (answer_text.count("”") + answer_text.count("“")) % 2 == 1:
        warnings.append(Notice(
            view.line_of(view.verbatim_index(body[0].start)),
            "a quotation (”) in the answer never closes; statements inside it may be attributed to no one",
        ))
    signed = [
        (block, re.sub(r"\s+", " ", name.strip()))
        for block in names
        for name in view.block_text(block).split("/")
        if name.strip() and not NOT_A_PERSON.search(name)
    ]
    signatories = []
    for block, name in signed:
        words = [word for word in name.split() if word[:1].isupper()]  # not "van der" of "Jan van der Berg"
        if re.search(r"[a-zæøå][A-ZÆØÅ]", name):
            # "MikaelLynnerup Kristensen": words run together; where the space belongs is not guessed.
            warnings.append(Notice(block.line, f"the signature '{name}' has words run together; it is left out"))
            continue
        if len(words) >= 4 and not any(re.fullmatch(r"[A-ZÆØÅ]\.", w) for w in words):
            # "Inger Støjberg Anette Görtz": two names run together, or one long one; not guessed.
            warnings.append(Notice(block.line, f"the signature '{name}' may be two names run together; it is left out"))
            continue
        signatories.append(name)
    signatories = tuple(dict.fromkeys(signatories))
    if not signed and complete:
        warnings.append(Notice(
            view.line_of(view.verbatim_index(body[-1].end - 1)),
            "no signature after the answer (a minister's name on its own line)",
        ))

    a_span = span(view, body[0].start, body[-1].end)
    # No fact comes from a sentence that is cut off: not even who contributed.
    agencies = statements.agencies(view.text[body[0].start : cut[0]] if cut else a_span.text)
    found = statements.find(view, body, agencies, span)
    said = statements.attributed(view, body, agencies, found.responses, span)
    responses, findings, said = found.responses, found.findings, said
    if cut is not None:
        # No fact comes from a sentence that is cut off.
        responses = tuple(r for r in responses if not _overlaps(view, r.span, cut))
        findings = tuple(f for f in findings if not _overlaps(view, f.span, cut))
        said = tuple(s for s in said if not _overlaps(view, s.span, cut))
    first_sentence = sentences(view.text, body[0].start, body[0].end)[0]
    preliminary = bool(
        PRELIMINARY_RE.search(view.text, 0, parts.header_end) or PRELIMINARY_RE.search(view.text, *first_sentence)
        or TO_FOLLOW_RE.search(view.text, body[0].start, body[-1].end)
    )
    return Answer(
        preliminary=preliminary,
        text=a_span.text,
        span=a_span,
        date=_letter_date(view, warnings),
        signatories=signatories,
        agencies=agencies,
        responses=responses,
        findings=findings,
        statements=said,
        complete=complete,
    )


def _ends_in_table(view: NormalisedText, block: Block) -> bool:
    """Whether a block ends in a table flattened to one cell a line, after a finished sentence.

    A table's cells are short lines that end no sentence; before them (and a title line, if
    any) stands the last sentence of the text, which must end.
    """
    v_start, v_end = view.verbatim_span(block.start, block.end)
    lines = [line.strip() for line in view.verbatim[v_start:v_end].split("\n") if line.strip()]
    cells = 0
    for line in reversed(lines):
        if len(line) > 30 or re.search(r"[.!?]$", line):
            break
        cells += 1
    if cells < 3:
        return False
    before = lines[: len(lines) - cells]
    # The sentence before the table, past up to two title lines ("Fordeling på løn/drift").
    return any(re.search(r"[.:!?”]$", line) for line in before[-3:])


def _overlaps(view: NormalisedText, cited: Span, cut: tuple[int, int]) -> bool:
    c_start, c_end = view.verbatim_span(*cut)
    return cited.start < c_end and c_start < cited.end


def _letter_date(view: NormalisedText, warnings: list[Notice]) -> dt.date | None:
    """The date in the letterhead ("Dato: 3. oktober 2016"), which is the date answered."""
    dates: dict[dt.date, int] = {}
    for line in view.dropped:
        if line.kind != "letter-date":
            continue
        match = DATE_RE.search(line.text)
        try:
            if match:
                value = parse_date(match)
            else:
                day, month, year = re.search(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})", line.text).groups()
                value = dt.date(int(year), int(month), int(day))
        except ValueError:
            warnings.append(Notice(line.line, f"impossible date '{line.text}' in the letterhead; the answer's date is left out"))
            return None
        dates.setdefault(value, line.line)
    if len(dates) > 1:
        listed = ", ".join(d.isoformat() for d in sorted(dates))
        warnings.append(Notice(min(dates.values()), f"the letterhead gives several dates ({listed}); the answer's date is left out"))
        return None
    return next(iter(dates), None)


def _plausible_dates(seed: Seed, question: Question, answer: Answer, warnings: list[Notice]) -> tuple[Question, Answer]:
    """Dates that cannot be right are slips of the pen ("9. december 2105"): left out, not published.

    A session runs from October of its year: a question is asked within it (or in the year after
    it began), and answered within it or soon after, never before it was asked.
    """
    first = int(seed.session[:4])
    asked, answered = question.date_asked, answer.date
    if asked is not None and not first <= asked.year <= first + 1:
        warnings.append(Notice(question.span.line, f"the date asked {asked.isoformat()} does not fall in session "
                               f"{seed.session}; it is left out"))
        asked = None
    if answered is not None and not first <= answered.year <= first + 2:
        warnings.append(Notice(answer.span.line, f"the letterhead's date {answered.isoformat()} cannot be the answer's "
                               f"(session {seed.session}); the answer's date is left out"))
        answered = None
    if asked is not None and answered is not None and answered < asked:
        warnings.append(Notice(answer.span.line, f"the letterhead's date {answered.isoformat()} cannot be the answer's "
                               f"(asked {asked.isoformat()}): one of them is wrong; both are left out"))
        asked = answered = None
    return dataclasses.replace(question, date_asked=asked), dataclasses.replace(answer, date=answered)


def header_of(text: str, path) -> tuple[headers.Header, NormalisedText]:
    """The header facts a text states by itself, before any sidecar exists (`lodpub add`)."""
    view = normalise(text)
    probe = Seed(path=path, name="", text=text, sha256="", received_as="", description="", url="",
                 session="", committee=None, number="", kind="", bill=None)
    parts = _parts(probe, view)
    found = headers.read(view.text, 0, parts.header_end, (0, len(view.text)))
    if found.number is None:
        heading = headers.NUMBER_RE.search(view.text, parts.header_end, parts.question[0] + 1)
        if heading:
            found = dataclasses.replace(found, number=headers.spaced(heading.group("number")),
                                        number_at=heading.start("number"))
    return found, view
