"""Read a minister's answer: the question's header facts, the question, the answer, who signed.

Works on the normalised view (lodpub.text) so line breaks, hyphenation and letterhead do not
matter; every span found is mapped back to the verbatim text for citation.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import UserError
from . import statements
from .danish import DATE, DATE_RE, parse_date
from .model import Answer, Extraction, Question, Span
from .seeds import Seed
from .text import Block, NormalisedText, normalise

_NAME_WORD = r"[A-ZÆØÅ][\w'’.-]*"
_PERSON = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|von|van|de|la))*"

# "... har den 7. september 2016 stillet følgende spørgsmål nr. 896 (alm. del) efter ønske
# fra Sofie Carsten Nielsen (RV) til udlændinge-, integrations- og boligministeren"
HEADER_RE = re.compile(
    rf"""(?P<subject>[^\n]*?)\s+har\s+(?:den\s+|i\s+brev\s+af\s+)?{DATE}\s+stillet\s+(?:ministeren\s+)?
    følgende\s+spørgsmål\s+nr\.\s*(?P<number>S\s*\d+|\d+)
    (?:\s*\((?P<paren>[^)]*)\))?
    (?:\s+(?:vedr\.|vedrørende|til|ad)\s+(?P<bill>L\s*\d+\s*[A-Z]?)(?=[\s,]))?
    (?:\s+(?:efter\s+ønske\s+fra|stillet\s+efter\s+ønske\s+fra)\s+(?P<asker>{_PERSON})\s*\((?P<party>[^)\s]+)\))?
    ,?\s+til\s+(?P<minister>.{{3,120}}?minister(?:en)?)\b""",
    re.VERBOSE,
)

# Elsewhere in the header: "Spørgsmålet er stillet efter ønske fra X (Y)."
REQUESTER_RE = re.compile(rf"efter\s+ønske\s+fra\s+(?P<asker>{_PERSON})\s*\((?P<party>[^)\s]+)\)")
# A member asking in person (§ 20): "Folketingsmedlem Sofie Carsten Nielsen (RV)".
MEMBER_RE = re.compile(rf"^(?:[Ff]olketingsmedlem\s+|Medlem\s+af\s+Folketinget\s+)?(?P<asker>{_PERSON})\s*\((?P<party>[^)\s]+)\)$")
COMMITTEE_RE = re.compile(r"(?P<name>[A-ZÆØÅ][^\n]*?(?:udvalget|[Uu]dvalg\s+for\s+[^\n]+?))$")

QUESTION_HEADING_RE = re.compile(
    r"Spørgsmål(?:\s+nr\.)?(?:\s*S)?\s*\d*(?:\s+(?:til|ad|vedr\.)\s+L\s*\d+\s*[A-Z]?)?(?:\s*\([^)]*\))?\s*:\s*"
)
ANSWER_HEADING_RE = re.compile(r"Svar\s*:\s*")

_CLOSINGS = re.compile(r"^(?:Med\s+venlig\s+hilsen|Venlig\s+hilsen|Kopi\s+til\b.*)$", re.IGNORECASE)
_SIGNATURE_RE = re.compile(rf"^(?:{_PERSON}|/)(?:\s*/\s*(?:{_PERSON})?)*$")


def extract(seed: Seed) -> Extraction:
    """All facts of one seed; UserError naming the seed (and line) when it is not an answer."""
    view = normalise(seed.text)
    question = _question(seed, view)
    answer = _answer(seed, view)
    return Extraction(document=seed.name, question=question, answer=answer)


def span(view: NormalisedText, start: int, end: int, context: int = 32) -> Span:
    """A citation of normalised [start, end): its verbatim offsets, quote, prefix and suffix."""
    # Whitespace and the quotation marks around a quoted contribution are not the fact.
    while start < end and (view.text[start].isspace() or view.text[start] in "”“\""):
        start += 1
    while end > start and (view.text[end - 1].isspace() or view.text[end - 1] in "”“\""):
        end -= 1
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


def _question(seed: Seed, view: NormalisedText) -> Question:
    text = view.text
    heading = _find_heading(view, QUESTION_HEADING_RE)
    answer_heading = _find_heading(view, ANSWER_HEADING_RE)
    header_end = heading[0].start if heading else (answer_heading[0].start if answer_heading else len(text))
    match = HEADER_RE.search(text, 0, header_end)
    if match is None:
        raise UserError(
            "this does not read as a minister's answer: no header such as '... har den "
            "7. september 2016 stillet følgende spørgsmål nr. 896 (alm. del) ... til "
            "...ministeren' before the question",
            seed.path,
        )
    header_line = view.line_of(view.verbatim_index(match.start("number")))
    number = re.sub(r"^S\s*", "S ", match.group("number"))
    kind, bill = _kind(match)
    _check_against_sidecar(seed, number, kind, bill, header_line)

    subject = match.group("subject").strip()
    asker, party, committee_name = match.group("asker"), match.group("party"), None
    member = MEMBER_RE.match(subject)
    if member:
        asker, party = member.group("asker"), member.group("party")
    else:
        committee = COMMITTEE_RE.search(subject)
        committee_name = committee.group("name") if committee else subject or None
        if asker is None:
            requester = REQUESTER_RE.search(text, match.end(), header_end)
            if requester:
                asker, party = requester.group("asker"), requester.group("party")
    try:
        date_asked = parse_date(match)
    except ValueError:
        day, month, year = match.group("day", "month", "year")
        raise UserError(f"impossible date '{day}. {month} {year}'", seed.path, header_line) from None

    if heading is None or answer_heading is None:
        missing = "'Spørgsmål ...:'" if heading is None else "'Svar:'"
        raise UserError(
            f"no {missing} heading after the header; the question and the answer cannot be told apart",
            seed.path,
            header_line,
        )
    q_start, q_end = heading[1], answer_heading[0].start
    if q_end <= q_start or not text[q_start:q_end].strip():
        raise UserError("the question text is empty", seed.path, view.line_of(view.verbatim_index(heading[0].start)))
    q_span = span(view, q_start, q_end)
    return Question(
        session=seed.session,
        number=number,
        kind=kind,
        bill=bill,
        committee=seed.committee if kind != "section-20" else None,
        committee_name=committee_name if kind != "section-20" else None,
        date_asked=date_asked,
        asker=asker,
        party=party,
        addressed_to=_post(match.group("minister")),
        text=q_span.text,
        span=q_span,
    )


def _kind(match: re.Match[str]) -> tuple[str, str | None]:
    number, paren, bill = match.group("number"), match.group("paren") or "", match.group("bill")
    if number.startswith("S"):
        return "section-20", None
    bill_in_paren = re.fullmatch(r"\s*(L\s*\d+\s*[A-Z]?)\s*", paren)
    if bill or bill_in_paren:
        found = bill or bill_in_paren.group(1)
        return "bill", re.sub(r"^L\s*", "L ", found.strip())
    return "general", None


def _check_against_sidecar(seed: Seed, number: str, kind: str, bill: str | None, line: int) -> None:
    """The text and its sidecar must name the same question; a mismatch is a mixed-up seed."""
    problems = []
    if number != seed.number:
        problems.append(f"number {number!r} (sidecar: {seed.number!r})")
    if kind != seed.kind:
        problems.append(f"kind {kind!r} (sidecar: {seed.kind!r})")
    if kind == "bill" and bill != seed.bill:
        problems.append(f"bill {bill!r} (sidecar: {seed.bill!r})")
    if problems:
        raise UserError(
            "the text and its sidecar disagree on the question: " + ", ".join(problems), seed.path, line
        )


def _post(minister: str) -> str:
    """'udlændinge-, integrations- og boligministeren' -> '... boligminister' (the post)."""
    minister = re.sub(r"\s+", " ", minister.strip())
    return re.sub(r"ministeren$", "minister", minister)


def _find_heading(view: NormalisedText, pattern: re.Pattern[str]) -> tuple[Block, int] | None:
    """The first block that is (or starts with) a heading, and where the text after it begins."""
    for block in view.blocks:
        match = pattern.match(view.text, block.start, block.end)
        if match:
            return block, match.end()
    return None


def _answer(seed: Seed, view: NormalisedText) -> Answer:
    heading = _find_heading(view, ANSWER_HEADING_RE)
    assert heading is not None  # _question has checked
    body_blocks = [b for b in view.blocks if b.start >= heading[0].start and b is not heading[0]]
    if heading[1] < heading[0].end:  # "Svar: Det er ..." on one line
        body_blocks.insert(0, Block("paragraph", heading[1], heading[0].end, heading[0].line))
    signature_blocks = _trailing_signatures(view, body_blocks)
    body = body_blocks[: len(body_blocks) - len(signature_blocks)]
    if not body:
        raise UserError("the answer has no text after 'Svar:'", seed.path, heading[0].line)
    _check_complete(seed, view, body, signature_blocks)

    signatories = tuple(
        name.strip()
        for block in signature_blocks
        for name in view.block_text(block).split("/")
        if name.strip() and not _CLOSINGS.match(name.strip())
    )
    a_span = span(view, body[0].start, body[-1].end)
    agencies = statements.agencies(a_span.text)
    found = statements.find(view, body, agencies, span)
    return Answer(
        text=a_span.text,
        span=a_span,
        date=_letter_date(view),
        signatories=signatories,
        agencies=agencies,
        responses=found.responses,
        findings=found.findings,
    )


def _trailing_signatures(view: NormalisedText, blocks: list[Block]) -> list[Block]:
    """The blocks at the end that hold only names, "/" and closings ("Med venlig hilsen")."""
    trailing: list[Block] = []
    for block in reversed(blocks):
        content = view.block_text(block).strip()
        if _CLOSINGS.match(content) or (_SIGNATURE_RE.match(content) and len(content.split()) <= 8):
            trailing.insert(0, block)
        else:
            break
    return trailing


def _check_complete(seed: Seed, view: NormalisedText, body: list[Block], signatures: list[Block]) -> None:
    """Refuse an answer that stops mid-sentence or mid-quote: a cut-off text would give wrong facts."""
    last = view.block_text(body[-1]).rstrip()
    line = view.line_of(view.verbatim_index(body[-1].start))
    if not re.search(r"[.!?:”\"’)]$", last):
        tail = last[-40:]
        raise UserError(
            f"the answer seems cut off: its last sentence does not end ('...{tail}'); "
            "is the text truncated?",
            seed.path,
            view.line_of(view.verbatim_index(body[-1].end - 1)),
        )
    answer_text = view.text[body[0].start : body[-1].end]
    if answer_text.count("”") + answer_text.count("“") == 1 and not answer_text.rstrip().endswith("”"):
        raise UserError("the answer opens a quotation (”) that never closes; is the text truncated?", seed.path, line)
    if not signatures:
        raise UserError(
            "no signature after the answer (a minister's name on its own line); is the text truncated?",
            seed.path,
            view.line_of(view.verbatim_index(body[-1].end - 1)),
        )


def _letter_date(view: NormalisedText) -> dt.date | None:
    """The date in the letterhead ("Dato: 3. oktober 2016"), which is the date answered."""
    for line in view.dropped:
        if line.kind == "letter-date":
            match = DATE_RE.search(line.text)
            try:
                if match:
                    return parse_date(match)
                day, month, year = re.search(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})", line.text).groups()
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                return None
    return None

