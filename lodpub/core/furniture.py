"""The lines of an answer text that are not its text: page furniture (page images, ft.dk stamps,
footers, page numbers), letterhead (sender units, addresses, label rows and their values, letter
dates), headings, closings and name lines, recognised wherever they fall so that text.py can set
them aside and the extractor can read signatures and dates from them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .danish import DATE, SUSPENSION_WORDS

BULLETS = "\uf0b7\u2022\u25cf\u25aa\u2023"

SOFT_HYPHEN = "\u00ad"

# The words of an answer's heading, as every heading pattern reads them: "Svar", "Endeligt svar",
# "Foreløbigt Svar", "Supplerende svar", ...
ANSWER_WORDS = r"(?:(?:Endeligt|Endelig|Foreløbigt|Supplerende|Berigtiget)\s+)?[Ss]var"

# The question's heading word, with the question's kind before it in lower case: "Spørgsmål",
# "Alm. del spørgsmål 148", "Lovforslag L 23 - spørgsmål nr. 3", "FOU B8 spørgsmål 1".
QUESTION_WORD = (r"(?:(?:Alm\.\s*del|(?:Lovforslag\s+|Beslutningsforslag\s+)?[LB]\s*\d+\s*[A-Z]?\s*[-–]"
                 r"|[A-ZÆØÅ]{2,4}\s+(?:[LB]\s*\d+\s*[A-Z]?|alm\.\s*del))\s+s|S)pørgsmål")

# A line that is a heading of its own: "Spørgsmål nr. 896:", "Spørgsmål:", "Svar:".
# Without a colon only where the line cannot be anything else ("Spørgsmål nr. 54", "Spørgsmål", "Svar").
HEADING_RE = re.compile(
    r"^(?:Spørgsmål|" + QUESTION_WORD + r"(?:\s+nr\.)?(?:\s*S)?\s*\d*(?:\s+(?:til|ad|vedr\.)\s+[LB]\s*\d+\s*[A-Z]?)?"
    r"(?:\s*\([^)]*\))?(?:\s+fra\s+[^:]{1,80})?\s*:|" + QUESTION_WORD + r"(?:\s+nr\.)?\s+(?:S\s*)?\d+"
    # "Spørgsmål nr. 51 til L 77", no colon
    r"(?:\s+(?:til|ad|vedr\.)\s+[LB]\s*\d+\s*[A-Z]?)?(?:\s*\([^)]*\))?"
    # "Spørgsmål nr. 1675 (Alm. del) fra Folketingets Miljø- og Fødevareudvalg", no colon
    r"(?:\s+fra\s+Folketingets\s+(?:[\w,-]+\s+){0,6}?[\w-]*[Uu]dvalg(?:et)?(?:\s+for\s+[^:]{1,60})?)?|"
    rf"{ANSWER_WORDS}\s*(?:\(\d{{1,2}}/\d{{1,2}}\s+\d{{2}}\)\s*)?:?)$"
)

PAGE_IMAGE_RE = re.compile(r"^\d+_\d+\.(?:png|jpe?g|tiff?|gif)$", re.IGNORECASE)

# Letterhead and page furniture: reference numbers, page counters, addresses, contact lines.
LETTERHEAD_RE = re.compile(
    r"""^(?:
        (?:sags?\s*nr|sagsnummer|j\.\s*nr|journal(?:nummer|nr)|akt-?id|dok(?:ument)?\.?\s*nr
           |vores\s+ref|deres\s+ref|ref\.?\s*nr)\b.*
      | side\s+\d+\s*(?:/|af)\s*\d+
      | postboks\s+\d+.*
      | (?:tlf|tel|telefon|telefax|fax|e-?mail|mail|web|www|cvr|ean|se-nr)\b.*
      | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
      | (?:www\.)?[\w-]+(?:\.[\w-]+)*\.dk(?:/\S*)?
      | dato:?
      | \d[\d\s-]{4,}                                        # bare reference numbers: "2016 - 2874"
      | offentligt
      # ft.dk's stamp on each page: "Socialudvalget 2018-19 (1. samling)",
      # "SOU Alm.del endeligt svar på spørgsmål 45", "SOU, Alm.del - 2018-19 ... - Endeligt svar ..."
      | .*\b\d{4}-\d{2}\s+\(\d\.\s+samling\)
      | (?:[A-ZÆØÅ]{2,6},?\s+)?(?:alm\.?\s*del|[LB]\s+\d+\s*[A-Z]?)\s+(?:-\s+)?endeligt\s+svar\s+på\s+spørgsmål\b.*
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
      # a line of underscores and the ministry's contact lines run into it: "____HOLMENS KANAL 42 ... TELEFON: ..."
      | _{5,}(?=.*(?:telefon|telefax|tlf|ean|cvr)\s*:?\s*\d).*
      | \./\.                                               # "./.": an enclosure follows
      # "Vores sag" / "Deres sag" (the letterhead's references; "... genoptaget deres sag" goes on a sentence)
      | (?-i:Vores|Deres)\s+sag(?:\s*(?:nr\.?|:)\s*\S.*)?
      | \d+(?:[-/]\d+){3,}                                 # a case number: "04-201-52/101-0012"
      # The ministry's footer, its parts set apart by dots: "Miljøministeriet • Højbro Plads 4 •
      # 1200 København K Tlf. ...", "Finansministeriet · Christiansborg Slotsplads 1 · ... · www.fm.dk"
      # (the postal code may end the line, its town on the next: "... • Slotsholmsgade 12 • 1216")
      | (?=.*\s[•·]\s.*\s[•·]\s)(?=.*(?:www\.|\.dk\b|\b\d{4}(?:\s+[A-ZÆØÅ]|\s*$))).*
      # and broken at its bullets: "Ministeriet for Fødevarer, Landbrug og Fiskeri •" (its town, "•
      # 1216 København K", after its street: drop_footer_ends)
      | (?-i:Ministeriet\s+for\s+[A-ZÆØÅ].*|[A-ZÆØÅ][\wæøå ,-]*ministeriet)\s+[•·]
      | \d{1,3}(?:,\d+)?                                     # a bare page number, a table cell
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# "1240 København K": a postal code and town, the last line of an address.
POSTAL_RE = re.compile(r"^(?:DK-)?\d{4}\s+[A-ZÆØÅ][\w.]*(?:\s+[A-ZÆØÅ][\w.]*){0,2}$")

# "Slotsholmsgade 10": a street address; the short line just above it names the sender's unit.
STREET_RE = re.compile(
    r"^(?:[A-ZÆØÅ][\wæøå.-]*\s+){0,2}[\wæøåÆØÅ.-]*"
    r"(?i:gade|vej|plads|torv|allé|alle|kanal|stræde|boulevard|holmen|bro|stranden)\s+\d+[A-Za-z]?(?:-\d+)?(?:,.*)?$"
)

# A date alone on a line (or after "Dato:") in the letterhead is the date of the letter.
LETTER_DATE_RE = re.compile(
    rf"^(?:københavn,?\s+)?(?:dato:?\s*|den\s+)?(?:{DATE}|(?P<nday>\d{{1,2}})[-.](?P<nmonth>\d{{1,2}})[-.](?P<nyear>\d{{4}}))$",
    re.IGNORECASE,
)

# A heading glued, with no space, onto the end of the sentence before it on the same line:
# "... Mette Gjerskov (S).Spørgsmål nr. 348 (alm. del)", "... hvornår den vil foreligge?Svar", and after a
# question's closing straight quote: '... vil starte?"Svar:' (a quote alone may open the text).
RUN_IN_HEADING_RE = re.compile(
    r"^(?P<before>.*\S(?:[.?!)”]|[.?!]\"))(?P<heading>Spørgsmål(?:\s+nr\.)?\s*(?:S\s*)?\d+(?:\s*\([^)]*\))?\s*:?"
    rf"|{ANSWER_WORDS}\s*:?)$"
)

# A heading run into the text after it: "Spørgsmål nr. 30: Vil ...", "Svar: Jeg ...".
INLINE_HEADING_RE = re.compile(
    rf"^(?:Spørgsmål(?:(?:\s+nr\.)?\s*(?:S\s*)?\d+[^:]{{0,80}})?:|{ANSWER_WORDS}\s*:)\s"
)

# Labels of the letterhead that stand on their own lines, their values following later, in the
# same order: "Dato:" / "Kontor:" / "J.nr.:" ... then "24. april 2008" / "Visum" / "2008-4111".
LABEL_RE = re.compile(
    r"""^(?:dato|kontor|sagsbeh(?:andler)?\.?|enhed|fil-?navn|bilag|dok(?:ument)?\.?\s*(?:nr|id)?\.?
         |sags?\.?\s*nr\.?|sagsnummer|j\.\s*nr\.?|journal\s*nr\.?|tlf\.?(?:\s*nr\.?)?|tel\.?|telefon|fax|e-?mail|mail
         |web|cvr(?:-?nr)?\.?(?:\s*nr\.?)?|ean|akt-?id|deres\s+ref\.?|vores\s+ref\.?|ref\.?-?\s*nr\.?|post|telefax)\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)

# Labels whose value is a person: "Sagsbeh.: Louise Holm", "Deres ref.: ...".
PERSON_LABEL_RE = re.compile(r"^(?:sagsbeh|deres\s+ref|vores\s+ref)", re.IGNORECASE)

# The sender's post alone on a line of the letterhead.
MINISTER_LINE_RE = re.compile(r"^(?:[A-ZÆØÅ][A-ZÆØÅ-]*MINISTEREN|[A-ZÆØÅ][a-zæøå-]*ministeren)$")

# Who answers, on ft.dk's page of a § 20 answer: "Statsministeren (Anders Holm):".
MINISTER_SPEAKS_RE = re.compile(r"^[A-ZÆØÅ][\wæøå-]*ministeren\s*\([^()]{3,60}\):$")

# "Med venlig hilsen": what comes after it is the signature.
CLOSING_RE = re.compile(r"^(?:med\s*)?venlig(?:st)?\s*hilsen\s*,?$", re.IGNORECASE)  # also "Medvenlighilsen"

# A line that may be a signature: "Inger Støjberg", "/ Anette Görtz", "Karen Hækkerup/ Lone Larsen", "/".
_NAME_WORD = r"[A-ZÆØÅÖÜÉ][\w'’-]*\.?"

# With the particles of Danish, Faroese and Dutch names: "Kirsten á Rogvi", "Jan van der Berg".
_PERSON = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|v[oa]n\s+de[rn]|von|van|de|la|af|á|í)){{1,4}}"

# (never a post broken over two letterhead lines: "ØKONOMI- OG" / "ERHVERVSMINISTEREN")
NAME_LINE_RE = re.compile(rf"^(?!.*-\s+(?:OG|og)$)(?:/|(?:/\s*)?{_PERSON}(?:\s*/\s*(?:{_PERSON})?)?)$")

LETTER_DATE_FIRST_RE = re.compile(
    rf"^dato\s*:\s*(?P<date>{DATE.replace('?P<', '?P<f_')})(?=[A-ZÆØÅ]|\s+[A-ZÆØÅ][\w.]*\s*:)", re.IGNORECASE
)

# The letterhead's date run into the value beside it, as a row of columns comes out of a PDF:
# "23. marts 2011Dyrevelfærdskontoret2011-156-0317" and "8. september 20102010 - 3380" (the
# date, then the office or the J.nr., which may open with the year), "J.nr. NST-4301-00004Den
# 11. februar 2011" (the J.nr., then the date), "J.nr.Den 31. maj 2010" (an empty label).
LETTER_DATE_RUN_IN_RE = re.compile(
    # (also after the letterhead's "Ministeren" run into it: "Ministeren6. december 2011J.nr. 2011-5466")
    rf"^(?:københavn,?\s+|ministeren\s*)?(?:dato\s*:?\s*|den\s+)?(?P<date>{DATE.replace('?P<', '?P<a_')})"
    # then one token, a year, a label and its colon, or an office's name and the J.nr. ("Kontoret for
    # Kollektiv Trafik2015-7120"); never a sentence ("1. oktober 2012Udbudsbekendtgørelse offentliggøres")
    # a document or file number run on ("28. maj 2009004-U18-1021", "16. juni 201111/48827")
    rf"(?=(?-i:[A-ZÆØÅ])\S*$|(?:19|20)\d\d|\d+\s?[-/][\w./ -]*$|(?-i:[A-ZÆØÅ])[\w.]*\s*:"
    rf"|(?-i:[A-ZÆØÅ])\S*(?:\s+(?:for|og|(?-i:[A-ZÆØÅ])\S*))*\s?\d[\w./-]*$)"
    # "Sagsnr.1208657Doknr.1017528Dato29. august 2012": labels and values run together, the date last
    rf"|^[\w.:]{{0,80}}?(?-i:Dato):?\s*(?P<labelled>{DATE.replace('?P<', '?P<c_')})$"
    rf"|^(?:j\.\s*nr\.?:?\s*(?=(?-i:Den))|(?:j\.\s*nr\.?:?\s*)?(?-i:[A-ZÆØÅ0-9])[\w./-]*\d)(?-i:Den)\s+(?P<after>{DATE.replace('?P<', '?P<b_')})$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DroppedLine:
    """A verbatim line left out of the normalised view, and why."""

    line: int
    kind: str  # "page-image" | "letterhead" | "letter-date"
    text: str


@dataclass
class Line:
    number: int  # 1-based
    begin: int  # verbatim offset of the line's first character
    start: int  # verbatim offset of the first content character
    end: int  # verbatim offset after the last content character
    newline: int  # verbatim offset of the line's end (its "\n", or len(text))
    content: str
    empty: bool  # no characters at all, not even spaces
    kind: str = "text"  # text | blank | bullet | bullet-mark | heading(-more) | closing(-more) | dropped | address-end


def split_lines(verbatim: str) -> list[Line]:
    lines = []
    offset = 0
    # A text that lost every line break ("... følgende spørgsmål: Spørgsmål 31: ”...” Svar: ...").
    one_line = "\n" not in verbatim.strip() and len(verbatim) > 400
    for number, raw in enumerate(verbatim.split("\n"), start=1):
        content = raw.strip()
        start = offset + len(raw) - len(raw.lstrip())
        line = Line(number, offset, start, start + len(content), offset + len(raw), content, raw == "")
        for part in _split_glued_headings(line, one_line):
            lines.extend(_split_run_in_heading(part))
        offset += len(raw) + 1
    return lines


# A heading with its colon glued, with no space, onto what follows it, at a line's start or glued
# onto what ends before it too: "Svar:Jeg kan henvise ...", "... stillet mig følgende
# spørgsmål:Spørgsmål nr. 248:"Vil ministeren ...?"Svar:Som det ...".
GLUED_HEADING_RE = re.compile(
    rf"(?:^|(?<=[.?!:)”\"]))(?P<heading>Spørgsmål(?:\s+nr\.)?\s*(?:S\s*)?\d*(?:\s*\([^)]*\))?\s*:|{ANSWER_WORDS}\s*:)(?=\S)"
)


# In a text that lost every line break, the headings and the closing after a space.
SPACED_HEADING_RE = re.compile(
    rf"(?<=\s)(?:Spørgsmål(?:\s+nr\.)?\s*(?:S\s*)?\d*(?:\s*\([^)]*\))?\s*:|{ANSWER_WORDS}\s*:|Med\s+venlig\s+hilsen\b)"
)


# In a text that lost every line break, the letter's date after its label, or after the labels of a
# letterhead's columns and their colons: "... København K Dato J.nr. : : 19. november 2004 432-81 ...".
SPACED_LETTER_DATE_RE = re.compile(
    rf"(?<=\s)Dato(?:\s+J\.\s*nr\.)?(?:\s*:){{1,2}}\s*(?P<date>{DATE.replace('?P<', '?P<s_')})(?=\s|$)"
)


# In a text that lost every line break, a word broken at what was a line's end: "Rigsad- vokaten",
# "procesbe- villingsnævnet"; cut there, it is joined as at a line's end ("udlændinge- og" stays).
SPACED_HYPHEN_RE = re.compile(rf"(?<=[a-zæøå]-) (?=[a-zæøå])(?!(?:{'|'.join(SUSPENSION_WORDS)})\b)")
# A rendering that lost the line breaks of a hyphenated text breaks many words so; one or two
# such places ("januar- marts", "ikke- vestlige") are the writer's own.
SPACED_HYPHEN_MIN = 3


# The quoted question glued onto the sentence that announces it: "... bedt om min besvarelse af
# spørgsmål:”Vil ministeren ...?”".
GLUED_QUOTE_RE = re.compile(r"(?<=[Ss]pørgsmål:)(?=[”“\"„»])")


# The closing glued onto the last sentence ("... har Forsvarskommandoen oplyst.Med venlig hilsen"),
# or the signature onto the closing ("Med venlig hilsenMargrethe Vestager").
GLUED_CLOSING_RE = re.compile(
    r"(?<=[.!?”\"])(?=(?:Med\s*)?[Vv]enlig(?:st)?\s*hilsen\b)|(?<=[Vv]enlig hilsen)(?=[A-ZÆØÅ])|(?<=[Vv]enlighilsen)(?=[A-ZÆØÅ])"
)
# The sender's post or ministry and the letter's date glued onto the paragraph after them:
# "FORSVARSMINISTEREN2. juli 2013Folketingets Forsvarsudvalg har den ...",
# "UDENRIGSMINISTERIETDato: 20. februar 2013Spørgsmål fra ...".
GLUED_LETTERHEAD_RE = re.compile(
    rf"^(?P<post>[A-ZÆØÅ][A-ZÆØÅ-]*MINISTER(?:EN|IET))(?P<date>(?:Dato:?\s*)?{DATE})(?=[A-ZÆØÅ])"
)


# An enclosure's mark run into the text it stands beside: "./.      Til udvalgets orientering vedlægges ...".
GLUED_ENCLOSURE_RE = re.compile(r"^\./\.(?=\s+\S)")


# A word each pattern of _split_glued_headings needs: "spørgsmål", "svar", "hilsen", "MINISTER", "./.".
_GLUE_HINT_RE = re.compile(r"pørgsmål|[Ss]var|hilsen|MINISTER|^\./\.")


def _split_glued_headings(line: Line, one_line: bool = False) -> list[Line]:
    """A line that runs a heading into the text on both sides, as one web rendering of a whole
    letter does, split into the text before, the heading and the text after; and a quoted
    question, the closing, or the letterhead's post and date, glued onto the text beside them,
    split from it; in a text that is one line, each heading and the closing (each part keeps the
    verbatim line's number)."""
    if not one_line and not _GLUE_HINT_RE.search(line.content):
        return [line]  # most lines: none of the words every pattern below needs
    cuts = [match.start() for match in GLUED_QUOTE_RE.finditer(line.content)]
    if one_line:
        for match in SPACED_HEADING_RE.finditer(line.content):
            # the closing a line of its own, the signature after it another
            cuts += [match.start(), match.end()] if match.group(0).startswith("Med") else [match.start()]
        # The letterhead's date, a line of its own: the first, before the first heading (a date
        # after "Dato:" in the answer is the answer's)
        first_heading = next((m.start() for m in SPACED_HEADING_RE.finditer(line.content)), len(line.content))
        date = SPACED_LETTER_DATE_RE.search(line.content, 0, first_heading)
        if date:
            cuts += [date.start("date"), date.end("date")]
        broken = [match.start() for match in SPACED_HYPHEN_RE.finditer(line.content)]
        if len(broken) >= SPACED_HYPHEN_MIN:
            cuts += broken
    cuts += [match.start() for match in GLUED_CLOSING_RE.finditer(line.content)]
    cuts += [match.end() for match in GLUED_ENCLOSURE_RE.finditer(line.content)]  # the mark set aside on its own
    letterhead = GLUED_LETTERHEAD_RE.match(line.content)
    if letterhead:
        cuts += [letterhead.end("post"), letterhead.end("date")]
    for match in GLUED_HEADING_RE.finditer(line.content):
        cuts += [match.start("heading"), match.end("heading")]
    cuts = sorted(set(cuts))
    if not cuts:
        return [line]
    parts, begin = [], 0
    for cut in [*cuts, len(line.content)]:
        piece = line.content[begin:cut]
        if piece.strip():
            start = line.start + begin + len(piece) - len(piece.lstrip())
            end = start + len(piece.strip())
            parts.append(Line(line.number, line.begin if not parts else start, start, end,
                              line.newline if cut == len(line.content) else end, piece.strip(), False))
        begin = cut
    return parts


def _split_run_in_heading(line: Line) -> list[Line]:
    """"... (S).Spørgsmål nr. 348 (alm. del)", "... foreligge?Svar": a web rendering that runs the
    lines together glues a heading onto the end of the sentence before it; the heading is a line
    of its own (both parts keep the verbatim line's number)."""
    match = RUN_IN_HEADING_RE.match(line.content)
    if not match:
        return [line]
    cut = line.start + match.start("heading")
    before = Line(line.number, line.begin, line.start, cut, cut, match.group("before"), False)
    after = Line(line.number, cut, cut, line.end, line.newline, match.group("heading"), False)
    return [before, after]


FOOTER_BULLET_LABEL_RE = re.compile(r"^(?:cvr|ean|se|p)(?:-?nr\.?)?\s*:?$", re.IGNORECASE)


def classify(line: Line, dropped: list[DroppedLine]) -> None:
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
    elif LETTER_DATE_RUN_IN_RE.match(content):
        line.kind = "dropped"
        run_in = LETTER_DATE_RUN_IN_RE.match(content)
        dropped.append(DroppedLine(line.number, "letter-date", run_in.group("date") or run_in.group("after")
                                   or run_in.group("labelled")))
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
        # "• CVR" / "41956011" / "• EAN": a footer's labels set apart by bullets, not a list.
        line.kind = ("label" if FOOTER_BULLET_LABEL_RE.match(line.content) else "bullet") if line.content else "bullet-mark"
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


def join_broken_headings(lines: list[Line]) -> None:
    """"Spørgsmål nr. 423 (Alm. del) fra Folketingets Udvalg for Udlændinge-" / (empty) /
    "og Integrationspolitik:", "Spørgsmål nr. 15 fra Folketingets Udvalg for ..." / (empty) /
    "(Alm. del):", "Alm. del" / "spørgsmål 159:": a heading broken at a hyphen, before its kind
    or after it, its end on the next line, is one heading."""
    for i, line in enumerate(lines):
        kind_first = line.kind == "text" and re.fullmatch(r"Alm\.\s*del", line.content)
        if line.kind not in ("text", "heading") or not (kind_first or re.match(r"Spørgsmål\b", line.content)):
            continue
        j = i + 1
        while j < len(lines) and lines[j].kind == "blank":
            j += 1
        if j < len(lines) and not (kind_first or line.content.endswith("-") or lines[j].content.startswith("(")):
            continue
        if j < len(lines) and lines[j].kind == "text" and (lines[j].content.endswith(":") or kind_first) \
                and len(lines[j].content.split()) <= 6 and HEADING_RE.match(f"{line.content} {lines[j].content}"):
            line.kind = "heading"
            for k in range(i + 1, j):
                lines[k].kind = "dropped"  # a spacer inside the heading, not a paragraph break
            lines[j].kind = "heading-more"


def join_broken_closing(lines: list[Line]) -> None:
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


def drop_label_values(lines: list[Line], dropped: list[DroppedLine]) -> None:
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
            if value.kind == "name" and not PERSON_LABEL_RE.match(label.content):
                # A label left without its value (an address masked on the web) would take the
                # signatory's name after the table: only a caseworker's label holds a name.
                break
            value.kind = "dropped"
            is_date = label.content.lower().startswith("dato") and LETTER_DATE_RE.match(value.content)
            dropped.append(DroppedLine(value.number, "letter-date" if is_date else "letterhead", value.content))
            i += 1
    dropped.sort(key=lambda d: d.line)


def _looks_like_value(content: str) -> bool:
    """A letterhead value is short and is not a sentence."""
    return len(content.split()) <= 8 and not re.search(r"[a-zæøå]{3,}[.!?]$", content)


def keep_dates_in_sentences(lines: list[Line], dropped: list[DroppedLine]) -> None:
    """A date alone on a line is the letter's date, unless a sentence runs through it.

    "... stillet af udvalget" / "den 6. april 2022" is a sentence broken before its date: a
    line starting "den" in lower case, or following a line that ends in "den" or "af", is text.
    """
    for i, line in enumerate(lines):
        if line.kind != "dropped" or not LETTER_DATE_RE.match(line.content.replace(SOFT_HYPHEN, "")):
            continue
        before = next((l for l in reversed(lines[:i]) if not l.empty and l.kind not in ("blank", "dropped")), None)
        after = next((l for l in lines[i + 1:] if not l.empty and l.kind not in ("blank", "dropped")), None)
        # A sentence that goes on after the date ("... gælder fra" / "1. januar 2017" / "for alle
        # centre.") holds it too: the line before does not end a sentence, the line after starts
        # in lower case.
        runs_through = (
            before is not None and before.kind == "text" and not re.search(r"[.!?:”\"’)]$", before.content)
            and after is not None and after.kind == "text" and after.content[:1].islower()
        )
        in_sentence = runs_through or line.content.startswith("den ") or (
            before is not None and re.search(r"\b(?:den|af|d\.)$", before.content) is not None
        )
        if in_sentence:
            line.kind = "text"
            dropped[:] = [d for d in dropped if d.line != line.number]


# A number alone on a line: a page's number, or a cell of a table laid out a cell a line.
_BARE_NUMBER_RE = re.compile(r"\d{1,3}(?:,\d+)?")
# A table's cell beside it may be larger, its thousands set apart by dots: "2.392".
_CELL_NUMBER_RE = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?")


def keep_table_cells(lines: list[Line], dropped: list[DroppedLine]) -> None:
    """A bare number next to another is a table's cell, not a page's number: "Fasttrack" / "0" /
    "72" / "237" are the figures of an answer's table, which were set aside with the page numbers.
    A page's number stands alone, or beside the page's furniture (its stamp, footer or image): a
    table's last cell there is set aside with it."""
    def bare(line: Line | None) -> bool:
        return line is not None and _BARE_NUMBER_RE.fullmatch(line.content.replace(SOFT_HYPHEN, "")) is not None

    def cell(line: Line | None) -> bool:
        return line is not None and _CELL_NUMBER_RE.fullmatch(line.content.replace(SOFT_HYPHEN, "")) is not None

    def furniture(line: Line | None) -> bool:
        return line is not None and line.kind == "dropped" and not bare(line)

    shown = [line for line in lines if not line.empty and line.kind != "blank"]
    cells = set()
    for i, line in enumerate(shown):
        before, after = shown[i - 1] if i else None, shown[i + 1] if i + 1 < len(shown) else None
        # Beside the page's stamp or footer ("237" / "2" / "SOU Alm.del"): the page's number.
        if line.kind == "dropped" and bare(line) and not (furniture(before) or furniture(after)) \
                and (cell(before) or cell(after)):
            cells.add(id(line))
    kept = {line.number for line in lines if id(line) in cells}
    for line in lines:
        if id(line) in cells:
            line.kind = "text"
    dropped[:] = [d for d in dropped if d.line not in kept]


MINISTRY_RE = re.compile(r"Ministeriet\s+for\s+[\w ,-]+|[A-ZÆØÅ][\w ,-]*ministeriet")


def drop_sender_units(lines: list[Line], dropped: list[DroppedLine]) -> None:
    """A short line right above a street address ("Koncernøkonomi") is the sender's unit."""
    first_heading = next((k for k, line in enumerate(lines) if line.kind == "heading"), len(lines))
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
            unit = len(above.content.split()) <= 4 and not re.search(r"[.,:;!?”]", above.content)
            # "Ministeriet for Fødevarer, Landbrug og Fiskeri", "Klima-, Energi- og Forsyningsministeriet"
            ministry = len(above.content.split()) <= 8 and MINISTRY_RE.fullmatch(above.content)
            # A committee above a street in the letterhead is the addressee ("Folketingets
            # Grønlandsudvalg" / "Asiatisk Plads 2", the ministry's address), which the header reads,
            # never the sender's unit.
            addressee = re.search(r"udvalg", above.content, re.IGNORECASE) and j < first_heading
            if (unit or ministry) and above.content[:1].isupper() and not addressee:
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


# The sender's ministry by its name alone ("Indenrigs- og Sundhedsministeriet", "Ministeriet for
# Fødevarer, Landbrug og Fiskeri"), never a sentence that ends in one ("Der henvises til Finansministeriet").
_MINISTRY_NAME_RE = re.compile(
    r"(?:[A-ZÆØÅ][\wæøå]*-,?\s+(?:og\s+)?)*[A-ZÆØÅ][\wæøå]*ministeriet|Ministeriet\s+for\s+[A-ZÆØÅ][\w ,-]+"
)
# A month and year alone ("Maj 2005"): the date of a letterhead, capitalised as a sentence never writes it.
_MONTH_LINE_RE = re.compile(r"(?:Januar|Februar|Marts|April|Maj|Juni|Juli|August|September|Oktober|November|December)\s+\d{4}")


# Lines that hold text of the letter still: not set aside, not an address's, not a bare label.
_NOT_TEXT = ("blank", "dropped", "address-end", "street", "label")


def _text_lines(lines: list[Line], start: int = 0) -> list[int]:
    return [i for i in range(start, len(lines)) if lines[i].kind not in _NOT_TEXT]


def _answer_heading(lines: list[Line]) -> int | None:
    """The index of the answer's heading ("Svar:"), where the letter has one."""
    return next((k for k, line in enumerate(lines) if line.kind == "heading" and re.match(r"(?i)svar\b", line.content)), None)


def drop_ministry_after_answer(lines: list[Line], dropped: list[DroppedLine]) -> None:
    """The sender's ministry on lines of its own under the letter's date after the answer's text,
    also broken over two ("... bygninger." / "29. juni 2021" / "Udlændinge- og" /
    "Integrationsministeriet" / "Koncernøkonomi" / ...): a letterhead a rendering put there, not
    the answer's; the name lines after it still sign."""
    answered = _answer_heading(lines)
    if answered is None:
        return
    texts = _text_lines(lines, answered + 1)
    for position, i in enumerate(texts):
        line = lines[i]
        pair = [i]
        if position + 1 < len(texts) and re.fullmatch(r"[A-ZÆØÅ][\wæøå]*-,?\s+og", line.content):
            pair.append(texts[position + 1])
        name = " ".join(lines[k].content for k in pair)
        before = lines[texts[position - 1]] if position else None
        # right under the letter's date ("29. juni 2021"), as a letterhead has it: a list of
        # ministries in the answer ("Finansministeriet" / "Skatteministeriet" ...) has none
        dated = next((lines[k] for k in range(i - 1, texts[position - 1] if position else -1, -1) if not lines[k].empty), None)
        if line.kind not in ("text", "name") or not _MINISTRY_NAME_RE.fullmatch(name) or len(name.split()) > 8 \
                or before is None or not re.search(r"[.!?”]$", before.content) \
                or dated is None or not LETTER_DATE_RE.match(dated.content):
            continue
        after = lines[texts[position + len(pair)]] if position + len(pair) < len(texts) else None
        if after is not None and after.content[:1].islower():
            continue  # "Finansministeriet" / "har oplyst, at ...": a sentence's subject
        # and the sender's unit under it ("Koncernøkonomi"): short, capitalised, no sentence
        for k in texts[position + len(pair) :]:
            unit = lines[k]
            if unit.kind != "text" or len(unit.content.split()) > 4 or not unit.content[:1].isupper() \
                    or re.search(r"[.,:;!?”]", unit.content):
                break
            pair.append(k)
        for k in pair:
            lines[k].kind = "dropped"
            dropped.append(DroppedLine(lines[k].number, "letterhead", lines[k].content))
    dropped.sort(key=lambda d: d.line)


def drop_trailing_ministry(lines: list[Line], dropped: list[DroppedLine]) -> None:
    """The sender's ministry or the letter's month on the text's last lines, after a sentence's end
    ("... efter lovgivningen." / "Indenrigs- og Sundhedsministeriet" / "Dato:" ..., "... formål." /
    "Maj 2005" / "Vores sag" ...): a letterhead that a rendering put after the answer."""
    texts = _text_lines(lines)
    while len(texts) >= 2:
        last, before = lines[texts[-1]], lines[texts[-2]]
        if last.kind != "text" or not re.search(r"[.!?”]$", before.content) \
                or not (_MINISTRY_NAME_RE.fullmatch(last.content) or _MONTH_LINE_RE.fullmatch(last.content)):
            return
        last.kind = "dropped"
        dropped.append(DroppedLine(last.number, "letterhead", last.content))
        dropped.sort(key=lambda d: d.line)
        texts.pop()


# Words whose object names would be, never a signature after them ("Kilde: X / Y", "i samarbejde
# med X / Y", "består af" / "A / B").
TAKES_NAMES_RE = re.compile(
    r"(?:^|\s)(?:af|med|og|fra|til|i|ved|mellem|for|om|på|hos|samt|eller|blandt|under|jf\.|kilde:?|[\w-]*:)\s*$|:\s*$",
    re.IGNORECASE,
)


_BROKEN_POST_RE = re.compile(r"[A-ZÆØÅ]{2,}-,?\s+(?:[A-ZÆØÅ]{2,}-,?\s+)*OG")


def drop_broken_letterhead_posts(lines: list[Line], dropped: list[DroppedLine]) -> None:
    """The first line of a post or ministry in capitals broken over two letterhead lines ("ØKONOMI- OG"
    / "ERHVERVSMINISTEREN" or "ERHVERVSMINISTERIET"), after the answer as a rendering may put it: not
    a line of the answer. (Before the question the header reads the post from both lines.)"""
    texts = [i for i, line in enumerate(lines) if not line.empty]
    answered = _answer_heading(lines)
    answered = len(lines) if answered is None else answered
    for position, i in enumerate(texts[:-1]):
        line, after = lines[i], lines[texts[position + 1]]
        if i > answered and line.kind in ("text", "name") and _BROKEN_POST_RE.fullmatch(line.content) \
                and re.fullmatch(r"[A-ZÆØÅ]+(?:MINISTEREN|MINISTERIET)", after.content):
            line.kind = "dropped"
            dropped.append(DroppedLine(line.number, "letterhead", line.content))
            if after.kind in ("text", "name"):
                after.kind = "dropped"
                dropped.append(DroppedLine(after.number, "letterhead", after.content))
    dropped.sort(key=lambda d: d.line)


def drop_enclosure_list(lines: list[Line], dropped: list[DroppedLine]) -> None:
    """A list of enclosures after the closing ("Med venlig hilsen" / "Kaare Dybvad Bek" / "Bilag" /
    "svar på spm. 118 samt dennes bilag 1 ..."): set aside, so that the name before it stays the
    signature and the list is no part of the answer."""
    closing = next((i for i, line in enumerate(lines) if line.kind == "closing"), None)
    if closing is None:
        return
    start = next((i for i in range(closing + 1, len(lines))
                  if re.fullmatch(r"(?i)bilag(?:\s*\d+)?\s*:?|bilagsliste\s*:?", lines[i].content.strip())), None)
    if start is None or any(line.kind == "heading" for line in lines[start + 1 :]):
        return  # "Bilag 1" over the answer a covering letter sends: the answer follows
    for line in lines[start:]:
        if not line.empty and line.kind != "dropped":
            line.kind = "dropped"
            dropped.append(DroppedLine(line.number, "enclosures", line.content))
    dropped.sort(key=lambda d: d.line)


_BULLETED_FOOTER_RE = re.compile(r"(?=.*\s[•·]\s.*\s[•·]\s)|.*\s[•·]$")


def drop_footer_ends(lines: list[Line], dropped: list[DroppedLine]) -> None:
    """The parts of a ministry's bulleted footer that a rendering broke off onto lines of their
    own: the start of its name ("Miljø-" / "og Fødevareministeriet • Slotsholmsgade 12 • 1216")
    and the town after its postal code ("København K")."""
    texts = [i for i, line in enumerate(lines) if not line.empty]
    for position, i in enumerate(texts):
        line = lines[i]
        if line.kind != "dropped" or not _BULLETED_FOOTER_RE.match(line.content):
            continue
        before = lines[texts[position - 1]] if position else None
        if before is not None and before.kind == "text" and line.content.startswith("og ") \
                and re.fullmatch(r"[A-ZÆØÅ][\wæøå]*-", before.content):
            before.kind = "dropped"
            dropped.append(DroppedLine(before.number, "letterhead", before.content))
        after = lines[texts[position + 1]] if position + 1 < len(texts) else None
        if after is not None and after.kind == "street":
            # "... Fiskeri •" / "Slotsholmsgade 12" / "• 1216 København K": the footer's town, after its street
            town = lines[texts[position + 2]] if position + 2 < len(texts) else None
            if town is not None and town.kind in ("text", "name", "bullet") \
                    and re.fullmatch(r"[•·]\s*\d{4}\s+[A-ZÆØÅ][a-zæøå]+(?:\s+[A-ZÆØ])?(?:\s+[•·].*)?", town.content):
                town.kind = "dropped"
                dropped.append(DroppedLine(town.number, "letterhead", town.content))
        if after is not None and after.kind in ("text", "name") and re.search(r"\b\d{4}$", line.content) \
                and re.fullmatch(r"[A-ZÆØÅ][\wæøå]+(?:\s+[A-ZÆØÅ])?", after.content):
            after.kind = "dropped"
            dropped.append(DroppedLine(after.number, "letterhead", after.content))
    dropped.sort(key=lambda d: d.line)


def mark_names(lines: list[Line]) -> None:
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
        # "... fra de enkelte operatører. Kaare" / "Dybvad Bek/ Kasper Wiberg": a name broken off the
        # line before is joined to it again (the signature is read from the joined line).
        # (a first name after a sentence's end or the closing: ". Kaare" / "Med venlig hilsen Kaare";
        # never "Kilde: Danmarks Statistik" or "Justitsministeriet" above a signature)
        broken_name = before is not None and re.search(r"(?:[.!?”]|\bhilsen,?)\s+[A-ZÆØÅ][\w'’-]*$", before.content)
        # "Styregruppen består af" / "Jens Hansen / Peter Holm": what the words before name
        names_object = before is not None and TAKES_NAMES_RE.search(before.content)
        if (not ends and (broken_name or names_object or not _signs_off(lines, texts[position:]))) or goes_on:
            lines[i].kind = "text"


def _signs_off(lines: list[Line], rest: list[int]) -> bool:
    """Whether the lines from here to the end are a "Minister / civil servant" signature ("Ida
    Holm" / "/" / "Ole Berg"): that ends the letter even after a sentence left without its end."""
    run = [lines[i] for i in rest]
    return all(line.kind == "name" for line in run) and len(run) <= 4 and any("/" in line.content for line in run) \
        and sum(bool(re.search(r"\w", part)) for line in run for part in line.content.split("/")) >= 2


def _signature_before(lines: list[Line], j: int) -> bool:
    """Whether the line before `j` (past empty ones) is part of a signature: a closing, a name or "/"."""
    k = j - 1
    while k >= 0 and lines[k].empty:
        k -= 1
    return k >= 0 and (lines[k].kind in ("closing", "closing-more") or CLOSING_RE.match(lines[k].content) is not None
                       or NAME_LINE_RE.match(lines[k].content) is not None)
