"""A normalised, readable view of a verbatim answer text, with a map back to the verbatim characters.

The verbatim text is never altered. PDF extraction breaks lines mid-word, double-spaces lines,
mixes letterhead and page-image markers into the body and writes bullets in the Symbol font's
private-use code point. The normalised view undoes that, block by block, and remembers for each
of its characters where it came from, so a span found in the view can be cited in the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .danish import DATE

BULLETS = "\uf0b7\u2022\u25cf\u25aa\u2023"
SOFT_HYPHEN = "\u00ad"

# A line that is a heading of its own: "Spørgsmål nr. 896:", "Spørgsmål:", "Svar:".
# Without a colon only where the line cannot be anything else ("Spørgsmål nr. 54", "Spørgsmål", "Svar").
HEADING_RE = re.compile(
    r"^(?:Spørgsmål|Spørgsmål(?:\s+nr\.)?(?:\s*S)?\s*\d*(?:\s+(?:til|ad|vedr\.)\s+[LB]\s*\d+\s*[A-Z]?)?"
    r"(?:\s*\([^)]*\))?(?:\s+fra\s+[^:]{1,80})?\s*:|Spørgsmål(?:\s+nr\.)?\s+(?:S\s*)?\d+(?:\s*\([^)]*\))?|"
    r"(?:(?:Endeligt|Endelig|Foreløbigt|Supplerende|Berigtiget)\s+)?[Ss]var\s*(?:\(\d{1,2}/\d{1,2}\s+\d{2}\)\s*)?:?)$"
)

PAGE_IMAGE_RE = re.compile(r"^\d+_\d+\.(?:png|jpe?g|tiff?|gif)$", re.IGNORECASE)

# Letterhead and page furniture: reference numbers, page counters, addresses, contact lines.
LETTERHEAD_RE = re.compile(
    r"""^(?:
        (?:sags?\s*nr|sagsnummer|j\.\s*nr|journal(?:nummer|nr)|akt-?id|dok(?:ument)?\.?\s*nr
           |vores\s+ref|deres\s+ref|ref\.?\s*nr)\b.*
      | side\s+\d+\s*(?:/|af)\s*\d+
      | postboks\s+\d+.*
      | (?:tlf|tel|telefon|fax|e-?mail|mail|web|www|cvr|ean|se-nr)\b.*
      | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
      | (?:www\.)?[\w-]+(?:\.[\w-]+)*\.dk(?:/\S*)?
      | dato:?
      | \d[\d\s-]{4,}                                        # bare reference numbers: "2016 - 2874"
      | offentligt
      # ft.dk's stamp on each page: "Socialudvalget 2018-19 (1. samling)",
      # "SOU Alm.del endeligt svar på spørgsmål 45", "SOU, Alm.del - 2018-19 ... - Endeligt svar ..."
      | .*\b\d{4}-\d{2}\s+\(\d\.\s+samling\)
      | .*\bendeligt\s+svar\s+på\s+spørgsmål\b.*
      | side(?:\s+\d+\s*(?:/|af)\s*\d+)?
      | \d+\s*/\s*\d+
      # A label with its value on the same line: "Kontor: Visum", "Sagsbeh.: AEG", "J.nr.: 2008-41".
      | (?:kontor|sagsbeh(?:andler)?\.?|enhed|fil-?navn|bilag|dok(?:ument)?\.?\s*(?:nr|id)?\.?|sags?\.?\s*nr\.?
           |j\.\s*nr\.?|dato|tlf\.?|tel\.?|e-?mail|cvr(?:-?nr)?\.?|ean|akt-?id)\s*:\s*\S.*
      # ft.dk's stamps and footers: "Udlændinge- og Integrationsudvalget 2018-19",
      # "UUI Alm.del", "UUI Alm.del Spørgsmål 16", "L 146", "L 102 Bilag 1",
      # "UUI, Alm.del - 2015-16 - Endeligt svar på spørgsmål 356: ...", "L 87 - 2018-19 - Svar på spm. 12 ..."
      | .*udvalg(?:et)?\s+\d{4}-\d{2}(?:\s+\(\d\.\s+samling\))?
      | [A-ZÆØÅ]{2,6},?\s+alm\.?\s*del(?:\s+(?:spørgsmål|bilag)\s+\d+)?
      | (?:[A-ZÆØÅ]{2,6},?\s+)?(?:alm\.?\s*del|[LB]\s+\d+\s*[A-Z]?)\s+-\s+\d{4}-\d{2}\s+(?:\(\d\.\s+samling\)\s+)?-\s+.*
      | [LB]\s+\d+\s*[A-Z]?(?:\s+(?:bilag|spørgsmål)\s+\d+)?
      | udkast
      | [tfmew]\s+(?:\+?\d[\d\s]{5,}|\S+\.\S+|\[email\s+protected\])          # "T +45 7226 9000", "W sum.dk"
      | dk\s+danmark
      # An address masked by the web rendering, alone or after its label.
      | (?:e-?mail:?\s*)?\[email\s+protected\]
      | _{5,}
      | \./\.                                               # "./.": an enclosure follows
      # The ministry's footer, its parts set apart by dots: "Miljøministeriet • Højbro Plads 4 •
      # 1200 København K Tlf. ...", "Finansministeriet · Christiansborg Slotsplads 1 · ... · www.fm.dk"
      | (?=.*\s[•·]\s.*\s[•·]\s)(?=.*(?:www\.|\.dk\b|\b\d{4}\s+[A-ZÆØÅ])).*
      | \d{1,3}(?:,\d+)?                                     # a bare page number, a table cell
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# "1240 København K": a postal code and town, the last line of an address.
POSTAL_RE = re.compile(r"^(?:DK-)?\d{4}\s+[A-ZÆØÅ][\w.]*(?:\s+[A-ZÆØÅ][\w.]*){0,2}$")

# "Slotsholmsgade 10": a street address; the short line just above it names the sender's unit.
STREET_RE = re.compile(
    r"^(?:[A-ZÆØÅ][\wæøå.-]*\s+){0,2}[\wæøåÆØÅ.-]*"
    r"(?i:gade|vej|plads|torv|allé|alle|kanal|stræde|boulevard|holmen|bro|stranden)\s+\d+[A-Za-z]?(?:,.*)?$"
)

# A date alone on a line (or after "Dato:") in the letterhead is the date of the letter.
LETTER_DATE_RE = re.compile(
    rf"^(?:dato:?\s*|den\s+)?(?:{DATE}|(?P<nday>\d{{1,2}})[-.](?P<nmonth>\d{{1,2}})[-.](?P<nyear>\d{{4}}))$",
    re.IGNORECASE,
)

# A heading glued, with no space, onto the end of the sentence before it on the same line:
# "... Mette Gjerskov (S).Spørgsmål nr. 348 (alm. del)", "... hvornår den vil foreligge?Svar".
RUN_IN_HEADING_RE = re.compile(
    r"^(?P<before>.*\S[.?!)”])(?P<heading>Spørgsmål(?:\s+nr\.)?\s*(?:S\s*)?\d+(?:\s*\([^)]*\))?\s*:?"
    r"|(?:Endeligt\s+|Foreløbigt\s+)?Svar\s*:?)$"
)

# A heading run into the text after it: "Spørgsmål nr. 30: Vil ...", "Svar: Jeg ...".
INLINE_HEADING_RE = re.compile(
    r"^(?:Spørgsmål(?:\s+nr\.)?\s*(?:S\s*)?\d+[^:]{0,80}:|(?:Endeligt\s+|Foreløbigt\s+|Supplerende\s+)?Svar\s*:)\s"
)

# Labels of the letterhead that stand on their own lines, their values following later, in the
# same order: "Dato:" / "Kontor:" / "J.nr.:" ... then "24. april 2008" / "Visum" / "2008-4111".
LABEL_RE = re.compile(
    r"""^(?:dato|kontor|sagsbeh(?:andler)?\.?|enhed|fil-?navn|bilag|dok(?:ument)?\.?\s*(?:nr|id)?\.?
         |sags?\.?\s*nr\.?|sagsnummer|j\.\s*nr\.?|journal\s*nr\.?|tlf\.?(?:\s*nr\.?)?|tel\.?|telefon|fax|e-?mail|mail
         |web|cvr(?:-?nr)?\.?(?:\s*nr\.?)?|ean|akt-?id|deres\s+ref\.?|vores\s+ref\.?|ref\.?-?\s*nr\.?|post|telefax)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)

# The sender's post alone on a line of the letterhead.
MINISTER_LINE_RE = re.compile(r"^(?:[A-ZÆØÅ][A-ZÆØÅ-]*MINISTEREN|[A-ZÆØÅ][a-zæøå-]*ministeren)$")

# Who answers, on ft.dk's page of a § 20 answer: "Statsministeren (Anders Holm):".
MINISTER_SPEAKS_RE = re.compile(r"^[A-ZÆØÅ][\wæøå-]*ministeren\s*\([^()]{3,60}\):$")

# "Med venlig hilsen": what comes after it is the signature.
CLOSING_RE = re.compile(r"^(?:med\s+)?venlig(?:st)?\s+hilsen\s*,?$", re.IGNORECASE)

# A line that may be a signature: "Inger Støjberg", "/ Anette Görtz", "Karen Hækkerup/ Lone Larsen", "/".
_NAME_WORD = r"[A-ZÆØÅÖÜÉ][\w'’-]*\.?"
_PERSON = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|von|van|de|la|af)){{1,4}}"
NAME_LINE_RE = re.compile(rf"^(?:/|(?:/\s*)?{_PERSON}(?:\s*/\s*(?:{_PERSON})?)?)$")

LETTER_DATE_FIRST_RE = re.compile(
    rf"^dato\s*:\s*(?P<date>{DATE.replace('?P<', '?P<f_')})(?=[A-ZÆØÅ]|\s+[A-ZÆØÅ][\w.]*\s*:)", re.IGNORECASE
)

# After a hyphen at a line end, these words mean the hyphen is a suspended one
# ("udlændinge- og integrationsministeren"): keep it and the space.
_SUSPENSION_WORDS = {"og", "eller", "samt", "til", "som"}


@dataclass(frozen=True)
class Block:
    """A paragraph, bullet item or heading of the normalised text: [start, end) in it."""

    kind: str  # "paragraph" | "bullet" | "heading" | "closing" | "name"
    start: int
    end: int
    line: int  # 1-based line of the verbatim text where the block starts


@dataclass(frozen=True)
class DroppedLine:
    """A verbatim line left out of the normalised view, and why."""

    line: int
    kind: str  # "page-image" | "letterhead" | "letter-date"
    text: str


@dataclass
class NormalisedText:
    verbatim: str
    text: str
    blocks: list[Block]
    dropped: list[DroppedLine]
    # Runs of the offset map: normalised index n_starts[i] + k is verbatim v_starts[i] + k.
    n_starts: list[int] = field(repr=False)
    v_starts: list[int] = field(repr=False)
    line_starts: list[int] = field(repr=False)

    def verbatim_index(self, index: int) -> int:
        """The verbatim position of normalised character `index`."""
        run = bisect.bisect_right(self.n_starts, index) - 1
        return self.v_starts[run] + (index - self.n_starts[run])

    def verbatim_span(self, start: int, end: int) -> tuple[int, int]:
        """The verbatim [start, end) that normalised [start, end) was made from."""
        if end <= start:
            raise ValueError(f"empty span {start}:{end}")
        return self.verbatim_index(start), self.verbatim_index(end - 1) + 1

    def line_of(self, verbatim_index: int) -> int:
        """1-based line number of a verbatim position."""
        return bisect.bisect_right(self.line_starts, verbatim_index)

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


class _Builder:
    """Appends verbatim slices and inserted characters, recording the offset map."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.n_starts: list[int] = []
        self.v_starts: list[int] = []

    def copy(self, verbatim: str, start: int, end: int) -> None:
        if end <= start:
            return
        self.n_starts.append(self.length)
        self.v_starts.append(start)
        chunk = verbatim[start:end]
        # A no-break space reads as a space; same length keeps the run's map exact.
        chunk = chunk.replace("\u00a0", " ")
        self.parts.append(chunk)
        self.length += len(chunk)

    def insert(self, chars: str, at_verbatim: int) -> None:
        """Characters with no verbatim counterpart, mapped to the break they stand for."""
        for char in chars:
            self.n_starts.append(self.length)
            self.v_starts.append(at_verbatim)
            self.parts.append(char)
            self.length += 1


@dataclass
class _Line:
    number: int  # 1-based
    begin: int  # verbatim offset of the line's first character
    start: int  # verbatim offset of the first content character
    end: int  # verbatim offset after the last content character
    newline: int  # verbatim offset of the line's end (its "\n", or len(text))
    content: str
    empty: bool  # no characters at all, not even spaces
    kind: str = "text"  # text | blank | bullet | bullet-mark | heading(-more) | closing(-more) | dropped | address-end


def _split_lines(verbatim: str) -> list[_Line]:
    lines = []
    offset = 0
    for number, raw in enumerate(verbatim.split("\n"), start=1):
        content = raw.strip()
        start = offset + len(raw) - len(raw.lstrip())
        line = _Line(number, offset, start, start + len(content), offset + len(raw), content, raw == "")
        lines.extend(_split_run_in_heading(line))
        offset += len(raw) + 1
    return lines


def _split_run_in_heading(line: _Line) -> list[_Line]:
    """"... (S).Spørgsmål nr. 348 (alm. del)", "... foreligge?Svar": a web rendering that runs the
    lines together glues a heading onto the end of the sentence before it; the heading is a line
    of its own (both parts keep the verbatim line's number)."""
    match = RUN_IN_HEADING_RE.match(line.content)
    if not match:
        return [line]
    cut = line.start + match.start("heading")
    before = _Line(line.number, line.begin, line.start, cut, cut, match.group("before"), False)
    after = _Line(line.number, cut, cut, line.end, line.newline, match.group("heading"), False)
    return [before, after]


def _classify(line: _Line, dropped: list[DroppedLine]) -> None:
    content = line.content.replace(SOFT_HYPHEN, "")
    if not content:
        line.kind = "blank"
    elif PAGE_IMAGE_RE.match(content):
        line.kind = "dropped"
        dropped.append(DroppedLine(line.number, "page-image", content))
    elif LABEL_RE.match(content):
        line.kind = "label"
    elif LETTER_DATE_RE.match(content):
        line.kind = "dropped"
        dropped.append(DroppedLine(line.number, "letter-date", content))
    elif LETTER_DATE_FIRST_RE.match(content):
        # "Dato:7. september 2012Kontor: Politikontoret...": a letterhead run into one line.
        line.kind = "dropped"
        dropped.append(DroppedLine(line.number, "letter-date", LETTER_DATE_FIRST_RE.match(content).group("date")))
    elif POSTAL_RE.match(content):
        # A postal line closes an address block: what follows is a new block.
        line.kind = "address-end"
        dropped.append(DroppedLine(line.number, "letterhead", content))
    elif STREET_RE.match(content):
        line.kind = "street"
        dropped.append(DroppedLine(line.number, "letterhead", content))
    elif LETTERHEAD_RE.match(content):
        line.kind = "dropped"
        dropped.append(DroppedLine(line.number, "letterhead", content))
    elif content[0] in BULLETS:
        skip = 1
        while skip < len(line.content) and line.content[skip].isspace():
            skip += 1
        line.start += skip
        line.content = line.content[skip:]
        line.kind = "bullet" if line.content else "bullet-mark"
    elif HEADING_RE.match(content):
        line.kind = "heading"
    elif CLOSING_RE.match(content):
        line.kind = "closing"
    elif MINISTER_SPEAKS_RE.match(content):
        line.kind = "heading"  # "Statsministeren (Anders Holm):" introduces the answer it names
    elif MINISTER_LINE_RE.match(content):
        line.kind = "heading"  # the sender in the letterhead: "ERHVERVSMINISTEREN", a block of its own
    elif NAME_LINE_RE.match(content):
        line.kind = "name"


def _join_broken_headings(lines: list[_Line]) -> None:
    """"Spørgsmål nr. 423 (Alm. del) fra Folketingets Udvalg for Udlændinge-" / (empty) /
    "og Integrationspolitik:": a heading broken at a hyphen, its end on the next line, is one heading."""
    for i, line in enumerate(lines):
        if line.kind != "text" or not line.content.endswith("-") or not re.match(r"Spørgsmål\b", line.content):
            continue
        j = i + 1
        while j < len(lines) and lines[j].kind == "blank":
            j += 1
        if j < len(lines) and lines[j].kind == "text" and lines[j].content.endswith(":") \
                and len(lines[j].content.split()) <= 6 and HEADING_RE.match(f"{line.content} {lines[j].content}"):
            line.kind = "heading"
            for k in range(i + 1, j):
                lines[k].kind = "dropped"  # a spacer inside the heading, not a paragraph break
            lines[j].kind = "heading-more"


def _join_broken_closing(lines: list[_Line]) -> None:
    """"Med" / "venlig" / "hilsen", a word a line: one closing, so the names after it are the signature."""
    for i, line in enumerate(lines):
        if line.kind != "text" or line.content.lower() not in ("med", "venlig", "venligst"):
            continue
        for size in (2, 3):
            part = lines[i : i + size]
            if len(part) == size and all(p.kind == "text" for p in part) \
                    and CLOSING_RE.match(" ".join(p.content for p in part)):
                line.kind = "closing"
                for rest in part[1:]:
                    rest.kind = "closing-more"
                break


def _drop_label_values(lines: list[_Line], dropped: list[DroppedLine]) -> None:
    """Labels standing alone ("Dato:", "Kontor:", "Sagsbeh.:") and the values that follow them.

    A letterhead laid out as a table comes out as its labels first, then their values, one a
    line and in the same order; a value under "Dato" is the letter's date.
    """
    i = 0
    while i < len(lines):
        if lines[i].kind != "label":
            i += 1
            continue
        labels = []
        while i < len(lines) and (lines[i].kind in ("label", "blank") or (lines[i].kind == "dropped" and not labels)):
            if lines[i].kind == "label":
                labels.append(lines[i])
                lines[i].kind = "dropped"
                dropped.append(DroppedLine(lines[i].number, "letterhead", lines[i].content))
            i += 1
        for label in labels:
            while i < len(lines) and lines[i].kind == "blank":
                i += 1
            if i >= len(lines):
                break
            value = lines[i]
            if value.kind == "dropped":  # a value the letterhead patterns know already
                i += 1
                continue
            if value.kind not in ("text", "name") or not _looks_like_value(value.content):
                break
            value.kind = "dropped"
            is_date = label.content.lower().startswith("dato") and LETTER_DATE_RE.match(value.content)
            dropped.append(DroppedLine(value.number, "letter-date" if is_date else "letterhead", value.content))
            i += 1
    dropped.sort(key=lambda d: d.line)


def _looks_like_value(content: str) -> bool:
    """A letterhead value is short and is not a sentence."""
    return len(content.split()) <= 8 and not re.search(r"[a-zæøå]{3,}[.!?]$", content)


def _keep_dates_in_sentences(lines: list[_Line], dropped: list[DroppedLine]) -> None:
    """A date alone on a line is the letter's date, unless a sentence runs through it.

    "... stillet af udvalget" / "den 6. april 2022" is a sentence broken before its date: a
    line starting "den" in lower case, or following a line that ends in "den" or "af", is text.
    """
    for i, line in enumerate(lines):
        if line.kind != "dropped" or not LETTER_DATE_RE.match(line.content.replace(SOFT_HYPHEN, "")):
            continue
        before = next((l for l in reversed(lines[:i]) if not l.empty and l.kind not in ("blank", "dropped")), None)
        in_sentence = line.content.startswith("den ") or (
            before is not None and re.search(r"\b(?:den|af|d\.)$", before.content) is not None
        )
        if in_sentence:
            line.kind = "text"
            dropped[:] = [d for d in dropped if d.line != line.number]


def _drop_sender_units(lines: list[_Line], dropped: list[DroppedLine]) -> None:
    """A short line right above a street address ("Koncernøkonomi") is the sender's unit."""
    for i, line in enumerate(lines):
        if line.kind != "street":
            continue
        line.kind = "dropped"
        j = i - 1
        while j >= 0 and lines[j].empty:
            j -= 1
        if j >= 0 and i - j <= 2 and lines[j].kind in ("text", "name"):
            above = lines[j]
            if above.kind == "name" and _signature_before(lines, j):
                continue  # the last name of a signature ("Lars Holm" / "/" / "Mette Brink"), not a unit
            # A unit's name is capitalised; "og ligestillingsministeren" ends a post broken over lines.
            if len(above.content.split()) <= 4 and not re.search(r"[.,:;!?”]", above.content) and above.content[:1].isupper():
                above.kind = "dropped"
                dropped.append(DroppedLine(above.number, "letterhead", above.content))
                # A unit's name broken over two lines: "Uddannelses- og" / "Forskningsministeriet".
                k = j - 1
                while k >= 0 and lines[k].empty:
                    k -= 1
                if k >= 0 and lines[k].kind in ("text", "name") and re.search(r"(?:-|\sog)$", lines[k].content) \
                        and len(lines[k].content.split()) <= 3 and lines[k].content[:1].isupper():
                    lines[k].kind = "dropped"
                    dropped.append(DroppedLine(lines[k].number, "letterhead", lines[k].content))
    dropped.sort(key=lambda d: d.line)


def _mark_names(lines: list[_Line]) -> None:
    """Keep a name line apart only where it cannot be part of a sentence.

    "Inger Støjberg" after a line that ends a sentence, and not followed by a line that goes on
    in lower case, is a signature (or a heading), a block of its own; otherwise it is text.
    """
    texts = [i for i, line in enumerate(lines) if line.kind not in ("blank", "dropped", "address-end", "street")]
    for position, i in enumerate(texts):
        if lines[i].kind != "name":
            continue
        before = lines[texts[position - 1]] if position else None
        after = lines[texts[position + 1]] if position + 1 < len(texts) else None
        ends = before is None or before.kind in ("name", "closing", "closing-more", "heading") or re.search(
            r"[.!?:”\"’)]$", before.content
        )
        goes_on = after is not None and after.kind == "text" and after.content[:1].islower()
        if not ends or goes_on:
            lines[i].kind = "text"


def _signature_before(lines: list[_Line], j: int) -> bool:
    """Whether the line before `j` (past empty ones) is part of a signature: a closing, a name or "/"."""
    k = j - 1
    while k >= 0 and lines[k].empty:
        k -= 1
    return k >= 0 and (lines[k].kind in ("closing", "closing-more") or CLOSING_RE.match(lines[k].content) is not None
                       or NAME_LINE_RE.match(lines[k].content) is not None)


def _is_double_spaced(lines: list[_Line]) -> bool:
    """Whether lines are mostly followed by an empty spacer line (a PDF-to-text artefact)."""
    nonempty = [i for i in range(len(lines) - 1) if not lines[i].empty]
    if len(nonempty) < 4:
        return False
    spaced = [i for i in nonempty if lines[i + 1].empty]
    if len(spaced) / len(nonempty) <= 0.6:
        return False
    # Short paragraphs with blank lines between them look the same; only a sentence that goes
    # on across the empty line ("... har den 7. september 2016 stillet" / "" / "følgende")
    # shows that the empty lines are spacers.
    return any(lines[i].kind == "text" and _next_text_starts_lower(lines, i) for i in spaced)


def _next_text_starts_lower(lines: list[_Line], i: int) -> bool:
    """Whether the next line of text after `i` (past empty lines and page furniture) goes on in lower case."""
    for line in lines[i + 1 :]:
        if line.empty or line.kind in ("blank", "dropped", "address-end", "street"):
            continue
        return line.content[:1].islower()
    return False


def _breaks(lines: list[_Line]) -> list[bool]:
    """For each line, whether it is a paragraph break.

    Single-spaced text: every blank line is one. Double-spaced text: the empty line after
    each line is a spacer, and only the blank lines left over are breaks.
    """
    double = _is_double_spaced(lines)
    breaks = [False] * len(lines)
    after_line = False
    for i, line in enumerate(lines):
        if double and after_line and line.empty:
            after_line = False
            continue
        after_line = not line.empty
        breaks[i] = line.kind == "blank" or (line.kind == "address-end" and _address_closes_block(lines, i))
    return breaks


def _address_closes_block(lines: list[_Line], i: int) -> bool:
    """Whether the postal line at `i` ends a block, or sits inside a paragraph that goes on.

    Right under an addressee ("Udvalget" / "1240 København K") it always ends one. A sender's
    letterhead (unit, street, postal line, ...) can fall in the middle of a paragraph, as PDF
    extraction leaves page furniture: the paragraph goes on when the text before it does not
    end a sentence, or the text after it starts in lower case or with a digit.
    """
    before = next((line for line in reversed(lines[:i]) if not (line.empty or line.kind == "blank")), None)
    if before is None or before.kind not in ("dropped", "street"):
        return True
    text_before = next((line for line in reversed(lines[:i]) if line.kind in ("text", "bullet")), None)
    text_after = next((line for line in lines[i + 1 :] if line.kind in ("text", "bullet", "heading")), None)
    if text_before is None or text_after is None:
        return True
    sentence_ended = text_before.content.rstrip().endswith((".", ":", "?", "!", "”"))
    first = text_after.content[:1]
    return sentence_ended and not (first.islower() or first.isdigit())


def _ends_with_hyphen_break(prev: str, nxt: str) -> bool:
    return len(prev) >= 2 and prev.endswith("-") and prev[-2].isalnum() and nxt[:1].isalnum()


def _hyphen_join(prev: str, nxt: str) -> str:
    """How a line ending in a hyphen joins the next: "" (drop it), "-" (keep) or "- " (suspended)."""
    next_word = re.match(r"[^\s,.;:]*", nxt).group(0)
    if next_word.lower() in _SUSPENSION_WORDS:
        return "- "
    last_word = prev.rsplit(None, 1)[-1][:-1]
    if last_word[-1:].isdigit() or nxt[:1].isdigit():
        return "-"  # "1-\n3 gange": a range, not a broken word
    if nxt[:1].isupper() or last_word.isupper():
        return "-"  # "Ikast-\nBrande", "EU-\nborgere"
    # "mor/barn-\nundervisning": the hyphen of a slash compound is real; but in
    # "mor/barn-under-\nvisning" the word already has its real hyphen, so this one is a break.
    if "/" in last_word and "-" not in last_word:
        return "-"
    return ""


def normalise(verbatim: str) -> NormalisedText:
    """The normalised view of a verbatim text (see the module docstring)."""
    lines = _split_lines(verbatim)
    dropped: list[DroppedLine] = []
    for line in lines:
        _classify(line, dropped)
    _join_broken_closing(lines)
    _join_broken_headings(lines)
    _keep_dates_in_sentences(lines, dropped)
    _drop_sender_units(lines, dropped)
    _drop_label_values(lines, dropped)
    for line in lines:
        if line.kind == "label":
            line.kind = "text"
    _mark_names(lines)
    breaks = _breaks(lines)

    out = _Builder()
    blocks: list[Block] = []
    current: list[_Line] = []
    current_kind = "paragraph"

    def flush() -> None:
        nonlocal current, current_kind
        if not current:
            return
        if blocks:
            out.insert("\n\n", current[0].start - 1 if current[0].start else 0)
        start = out.length
        previous: _Line | None = None
        for line in current:
            if previous is not None:
                joiner = " "
                if previous.content.endswith(SOFT_HYPHEN):
                    joiner = ""  # the soft hyphen itself goes in _drop_soft_hyphens
                elif _ends_with_hyphen_break(previous.content, line.content):
                    joiner = _hyphen_join(previous.content, line.content)
                    # The hyphen was copied with the previous line; take it back off.
                    out.parts[-1] = out.parts[-1][:-1]
                    out.length -= 1
                    if joiner.startswith("-"):
                        out.copy(verbatim, previous.end - 1, previous.end)
                        joiner = joiner[1:]
                out.insert(joiner, previous.newline)
            out.copy(verbatim, line.start, line.end)
            previous = line
        blocks.append(Block(current_kind, start, out.length, current[0].number))
        current = []
        current_kind = "paragraph"

    pending_bullet = False
    for line, is_break in zip(lines, breaks):
        if line.kind == "dropped":
            continue
        if is_break:
            flush()
            continue
        if line.kind in ("blank", "address-end"):
            continue  # a spacer line of double-spaced text, or an address inside a paragraph
        if line.kind == "bullet-mark":
            flush()
            pending_bullet = True
            continue
        if (line.kind, current_kind) in (("closing-more", "closing"), ("heading-more", "heading")):
            current.append(line)  # "Med" / "venlig" / "hilsen", a heading broken at a hyphen: one block
            continue
        if line.kind in ("bullet", "heading", "closing", "name"):
            flush()
            current_kind = line.kind
            current.append(line)
            if line.kind not in ("bullet", "closing", "heading"):
                flush()
            continue
        if current_kind in ("closing", "heading"):
            flush()
        if pending_bullet:
            current_kind = "bullet"
            pending_bullet = False
        elif current and (line.content[:1] in "”“\"„»" or INLINE_HEADING_RE.match(line.content)) \
                and re.search(r"[.:!?”«]$", current[-1].content):
            # A quotation, or a heading run into its text ("Svar: Jeg ..."), opening after a
            # finished sentence starts a paragraph of its own.
            flush()
        current.append(line)
    flush()

    text = "".join(out.parts)
    if SOFT_HYPHEN in text:
        text, out = _drop_soft_hyphens(text, out)
    # A line split at a run-in heading is still one verbatim line.
    line_starts = [line.begin for i, line in enumerate(lines) if i == 0 or lines[i - 1].number != line.number]
    return NormalisedText(verbatim, text, blocks, dropped, out.n_starts, out.v_starts, line_starts)


def _drop_soft_hyphens(text: str, out: _Builder) -> tuple[str, _Builder]:
    """Rebuild the map without soft hyphens (rare; kept off the common path)."""
    rebuilt = _Builder()
    for index, char in enumerate(text):
        if char == SOFT_HYPHEN:
            continue
        run = bisect.bisect_right(out.n_starts, index) - 1
        rebuilt.insert(char, out.v_starts[run] + index - out.n_starts[run])
    return "".join(rebuilt.parts), rebuilt


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "nr", "pt", "p.t", "jf", "bl.a", "f.eks", "ca", "alm", "kl", "mv", "m.v", "m.m", "dvs",
    "evt", "inkl", "ekskl", "pkt", "stk", "jr", "hhv", "vedr", "sml", "mht", "ift", "s",
}

_SENTENCE_END_RE = re.compile(r"[.!?][”\"’)]?(?=\s+[”\"„(]?[A-ZÆØÅ0-9•])")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans [start, end) within text[start:end], by full stops not after abbreviations."""
    end = len(text) if end is None else end
    spans = []
    begin = start
    for match in _SENTENCE_END_RE.finditer(text, start, end):
        stop = match.end()
        word = re.search(r"([\w.]+)\.$", text[begin:match.start() + 1])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and word.group(1).isdigit() and not re.fullmatch(r"(?:18|19|20)\d\d", word.group(1)):
            continue  # "7. september", "nr. 3. Det" is rare; dates are common; a year ends a sentence
        spans.append((begin, stop))
        begin = stop
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        tail_end = end
        while tail_end > begin and text[tail_end - 1].isspace():
            tail_end -= 1
        if tail_end > begin:
            spans.append((begin, tail_end))
    return spans
