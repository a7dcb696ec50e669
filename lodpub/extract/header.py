"""The header of an answer, read by its parts: number and kind, date asked, asker, committee, minister.

Ministries and years open their letters differently ("X har den DATE stillet følgende
spørgsmål nr. N ...", "Hermed sendes besvarelse af spørgsmål nr. N ...", "Under henvisning til
Folketingets Xudvalgs brev af DATE følger hermed ...", "Besvarelse af spørgsmål N ad L 146
stillet af udvalget den DATE"), so each part is looked for on its own in the header's text, not
as one sentence. A part the letter states twice in different ways is ambiguous: it is left out
and a warning says so; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..core.danish import DATE, MONTH, parse_date
from . import committees
from .model import Requested

_NAME_WORD = r"[A-ZÆØÅÖÜÉ][\w'’.-]*"
PERSON = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|von|van|de|la|af)){{0,5}}"
PARTY = r"[A-ZÆØÅa-zæøå]{1,5}"

# "spørgsmål nr. 896", "spørgsmål S 696", "spørgsmål 24vedrørende L 2", "spørgs- mål nr. 453",
# "følgende spørgsmål, nr. 325 (Alm. del)".
NUMBER_RE = re.compile(r"\b(?:[Ss]pørgsmål(?:et)?|[Ss]pm\.)\s*(?:,\s*(?=nr\.))?(?:nr\.\s*)?(?P<number>S\s*\d+|\d+)(?!\d|\.\d|\s*\.\s*(?:" + MONTH + r"))"
                       # "spørgsmål 2-6 (L 163)": one letter answering a run of questions
                       r"(?:\s*[-–]\s*(?P<last>\d+)\b)?"
                       r"(?P<more>(?:\s*(?:,|og)\s*(?:nr\.\s*)?(?:S\s*)?\d+\b(?!\.\s*(?:" + MONTH + r")))*)")
# A bill or a proposal for a resolution the question is put on: "til L 87", "ad L 146", "(L 36 – bilag 20)",
# also run into the number before it ("24vedrørende L 2"), but not inside a word.
BILL_RE = re.compile(
    r"(?:(?<![^\W\d_])(?:til|ad|vedr\.|vedrørende|om)\s*|\(\s*)(?P<bill>[LB])\s*(?P<n>\d+)(?:\s*(?P<letter>[A-Z])\b)?"
)
GENERAL_RE = re.compile(r"\balm\.\s*del\b", re.IGNORECASE)

# When the question was asked.
_NO_SENTENCE_END = r"(?:(?!\.\s+[A-ZÆØÅ]).)"
# "Udenrigsudvalget til udenrigsministeren": a committee, "til", a post, nothing else.
_FROM_TO = (r"[\w,-]+(?:\s+(?:og\s+)?[\w,-]+){0,5}?\s+til\s+(?:[a-zæøå][\w,-]*\s+(?:og\s+)?){0,4}?"
            r"[\w-]*m-?i-?n-?i-?s-?t-?e-?r-?e-?n")  # also "udenrigsmi-nisteren"
DATE_ASKED_RES = [
    # "har den 23. juni 2021, efter ønske fra NAME (PARTY), stillet mig": the request set off by commas.
    # (also "har den DATE efter ønske fra ikkemedlem af udvalget (MFU) NAME (PARTY) stillet mig", no commas)
    # (also "har 1. oktober 2025 stillet", without "den")
    re.compile(rf"\bhar\s+(?:den\s+|d\.\s*|i\s+(?:et\s+)?brev\s+af\s+(?:den\s+)?)?{DATE}"
               rf"(?:,?\s+efter\s+ønske\s+fra\s+[^,]{{3,120}}?,?)?\s+stillet"),
    # "... stillet af X den DATE", "Stillet den DATE" (a line of its own under the question's number)
    re.compile(rf"\b[Ss]till(?:et|ede)\b{_NO_SENTENCE_END}{{0,200}}?\b(?:den\s+|d\.\s*){DATE}"),
    # "... spørgsmål nr. 802 (MOF alm. del) stillet 7. maj 2024 efter ønske fra": the date right after
    # "stillet", where it follows the question's own "(alm. del)", never another's "nr. 512 stillet DATE"
    re.compile(rf"\((?:[A-ZÆØÅ]{{2,5}}\s+)?alm\.\s*del\)\s+stillet\s+{DATE}", re.IGNORECASE),
    re.compile(rf"\b(?:brev|[Ss]krivelse)\s+af\s+(?:den\s+)?{DATE}"),
    # "Spørgsmål fra Udenrigsudvalget til udenrigsministeren af 12. februar 2013" (or "af 30.01.2016")
    # (the words between are the committee and the post, never "om bekendtgørelse nr. 10 af DATE")
    re.compile(rf"\b[Ss]pørgsmål\s+fra\s+{_FROM_TO}\s+af\s+(?:den\s+)?{DATE}"),
    re.compile(rf"\b[Ss]pørgsmål\s+fra\s+{_FROM_TO}\s+af\s+(?:den\s+)?(?P<day>\d{{1,2}})\.(?P<number_month>\d{{1,2}})\.(?P<year>\d{{4}})\b"),
    # "Svar på Finansudvalgets spørgsmål nr. 234 (Alm. del) af 26. maj 2020": the question's own date.
    re.compile(rf"\b[Ss]pørgsmål\s*nr\.\s*\d+(?:\s*\([^)]*\))?\s*af\s+(?:den\s+)?{DATE}"),
    # "Europaudvalgets spørgsmål 28 ad EUU alm. del af den 7. marts 2007", without "nr."
    re.compile(rf"\b[Ss]pørgsmål\s+\d+\s+ad\s+[A-ZÆØÅ]{{2,5}}\s+alm\.\s*del\s+af\s+(?:den\s+)?{DATE}"),
    # "besvarelse af § 20-spørgsmål nr. 1188 af 2/12 2004 stillet af ..."
    # (the letter's own question, asked then or by its asker: never "min besvarelse af spørgsmål 512
    # af 3/5 2016.", another's)
    re.compile(r"(?:§\s*20\s*-?\s*spørgsmål|[Ss]pørgsmål)\s*(?:nr\.)?\s*(?:S\s*)?\d+\s+af\s+(?:den\s+)?"
               r"(?P<day>\d{1,2})/(?P<number_month>\d{1,2})\s+(?P<year>\d{4})\s+(?:stillet|fra)\b"),
    # "... har i brev af 13.12.2012 stillet følgende spørgsmål"
    re.compile(r"\bbrev\s+af\s+(?:den\s+)?(?P<day>\d{1,2})\.(?P<number_month>\d{1,2})\.(?P<year>\d{4})\b"),
]
# ft.dk's own page of a § 20 answer: "Til statsministeren (14/1 04) af:", the year without its
# century, which the session gives (2003-04: "04" is 2004).
SHORT_DATE_ASKED_RE = re.compile(r"\bTil\s+[^()\n]{3,80}?\((?P<day>\d{1,2})/(?P<month>\d{1,2})\s+(?P<year>\d{4}|\d{2})\)\s+af:")
# "I brev af 18. marts har udvalget ...": a date without its year.
DATE_WITHOUT_YEAR_RE = re.compile(rf"\b(?:brev\s+af|den|d\.|stillet)\s+\d{{1,2}}\.\s?(?:{MONTH})(?!\s+\d{{4}})\b", re.IGNORECASE)

# Who asked it.
# Organisations a request may come from, never a member: a party, a union, the regions.
_NOT_A_MEMBER_RE = re.compile(
    r"(?i)\b(?:parti|folkeparti|venstre|forening(?:en)?|forbund(?:et)?|regioner|kommune|rådet|styrelsen?|ministeriet"
    r"|institut(?:tet)?|selskab(?:et)?)\b"
)
# A member named without a party: two names or more, none of them in capitals only ("UUI").
_MEMBER = r"[A-ZÆØÅ][a-zæøåéü'’-]+(?:\s+(?:[A-ZÆØÅ][a-zæøåéü'’-]+|[A-ZÆØÅ]\.)){1,4}"
_MFU = r"ikke-?\s?medlem(?:met)?\s+af\s+udvalget\s*(?:\(MFU\)\s*)?,?\s*"
# "efter ønske fra (ikkemedlem af udvalget (MFU)) X (Y)", "stillet af ikkemedlem af udvalget (MFU) X (Y)";
# "ønskefra", "fraChristian Juhl": words run together by some renderings.
_REQUEST = rf"(?:efter\s*(?:ønske|anmodning)\s*fra(?:\s+|(?=[A-ZÆØÅ]))(?:{_MFU}|medlem\s+af\s+Folke-?tinget\s+)?|stillet\s+af\s+{_MFU})"
# The further members of "efter ønske fra X (Y) og Z (W)", "X (Y), Z (W) og V (U)": all of them with
# their parties' letters; or, where one is named before something else ("og Z (løsgænger)"), that
# one's start alone: several members, without telling which party each is of.
_ONE_MORE = rf"\s*(?:,|og)\s+{PERSON}\s*\("
_MORE = rf"(?:\s*(?:,|og)\s+{PERSON}\s*\({PARTY}\))+(?!{_ONE_MORE})|{_ONE_MORE}"
_LISTED_RE = re.compile(rf"\s*(?:,|og)\s+(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)")
ASKER_RES = [
    # "Medlem af Folketinget X (Y) har ...", "... stillet af folketingsmedlem X (Y) den ..."
    # (also "som medlem af Folke-tinget X (Y) har stillet": a line-end hyphen kept)
    # (in small letters only as the letter's own: "som medlem af Folke-tinget X (Y) har stillet", "Svar
    # på spørgsmål nr. 133 fra medlem af Folketinget X (Y)"; never "udtalelsen fra medlem af
    # Folketinget X (Y)" in the question, nor "tidligere medlem af Folketinget X (Y)")
    re.compile(rf"(?:(?:Medlem|(?<=som\s)medlem)\s+af\s+Folke-?tinget|[Ff]olketingsmedlem)\s+(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)"),
    re.compile(rf"(?:^|\n)(?:[Ss]var|[Bb]esvarelse)\s+(?:på|af)\s+spørgsmål(?:\s+nr\.)?(?:\s+S)?(?:\s+\d+)?\s+fra\s+"
               rf"medlem\s+af\s+Folke-?tinget\s+(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)"),
    # "URU alm. del spm. 115 stillet af X (Y)" (not "stillet af Folketingets Retsudvalg (REU)")
    re.compile(rf"\bstillet\s+af\s+(?!Folketingets\b|\S*[Uu]dvalg)(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)"
               rf"(?P<more>{_MORE})?"),
    # "Svar på spørgsmål fra X (Y) stillet den DATE."
    # (not "spørgsmål fra Retsudvalget (REU)", "fra Folketingets ...": a committee and its letters)
    # only as the letter's own subject: "Svar på spørgsmål fra X (Y)", never "mit svar på spørgsmål nr. 7 fra X (Y)"
    # (also after the addressee run into the same paragraph: "Folketingets Boligudvalg Svar på ...")
    re.compile(rf"(?:^|\n|(?<=[Uu]dvalg\s)|(?<=[Uu]dvalget\s))(?:[Ss]var|[Bb]esvarelse)\s+(?:på|af)\s+spørgsmål(?:\s+nr\.)?(?:\s+S)?(?:\s+\d+)?\s+fra\s+"
               rf"(?!Folketingets\b|\S*[Uu]dvalg)(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)(?P<more>{_MORE})?"),
    re.compile(rf"{_REQUEST}(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)(?P<more>{_MORE})?"),
    re.compile(rf"^(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)\s+har\s", re.MULTILINE),
    # ft.dk's page of a § 20 answer: "Til statsministeren (14/1 04) af: / Søren Holm (EL):"
    re.compile(rf"\baf:\s+(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)\s*:"),
    # "... anmodet om min besvarelse af følgende af Esben Holm (V) stillede spørgsmål:"
    re.compile(rf"\bfølgende\s+af\s+(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)\s+stillede?\s+spørgsmål"),
    # Named without a party, only as the one who asked: "Folketingsmedlem X har d. 7. februar 2023
    # stillet mig", and the letter's subject "EUU alm. del – svar på spørgsmål 301 fra X stillet den
    # ..." ("GRU alm. del" on a line of its own is set aside as ft.dk's stamp: the dash stays); a
    # first name and a family name at least, never "fra UUI stillet", "fra Udlændingestyrelsen stillet"
    re.compile(rf"(?:Medlem\s+af\s+Folketinget|[Ff]olketingsmedlem)\s+(?P<asker>{_MEMBER})\s+har\s+"
               rf"(?:den\s+|d\.\s*)?\d{{1,2}}\.\s*(?:{MONTH})(?:\s*\d{{4}})?\s+stillet\b"),
    re.compile(rf"(?:^|\n)(?:[A-ZÆØÅ]{{2,5}}\s+alm\.\s*del\s*)?(?:[–-]\s*)?(?:[Ss]var|[Bb]esvarelse)\s+(?:på|af)\s+"
               rf"spørgsmål(?:\s+nr\.)?(?:\s+S)?(?:\s+\d+)?\s+fra\s+(?!Folketingets\b|\S*[Uu]dvalg)(?P<asker>{_MEMBER})\s+stillet\b"),
]
# Words run together ("JohanneSchmidt-Nielsen") or a line-end hyphen kept inside a word
# ("Folketin-gets"): a name so rendered is not published.
# A line-end hyphen kept inside a word ("justitsmi-nisteren", "Johan-ne"); a suspended part's own
# hyphen ("miljø- og ...", "miljø-og") stays.
_KEPT_HYPHEN_RE = re.compile(r"(?<=[a-zæøå])-(?=[a-zæøå])(?!og\b)")
RUN_TOGETHER_RE = re.compile(r"[a-zæøåäöüéèáíóú][A-ZÆØÅÄÖÜÉ]|[a-zæøå]-[a-zæøå]")  # also "RenéChristensen"
# "Spørgsmålet er stillet efter ønske fra X (Y)." may stand anywhere in the letter.
REQUESTED_ANYWHERE_RE = re.compile(
    rf"Spørgsmålet\s+er\s+(?:stillet\s+)?{_REQUEST}(?P<asker>{PERSON})\s*\((?P<party>{PARTY})\)(?P<more>{_MORE})?"
    # "Spørgsmålet er stillet efter ønske fra Line Barfod.": a member named without a party
    rf"|Spørgsmålet\s+er\s+(?:stillet\s+)?{_REQUEST}(?P<member>{_MEMBER})\.(?:\s|$)"
)

# Which committee: the subject of "... har den DATE stillet", "stillet af X den", "som X har stillet".
# Within one paragraph: the normalised text parts paragraphs with a line break, never a sentence.
_COMMITTEE = r"(?:Folketingets[ ]+)?(?:[A-ZÆØÅ][\w-]*,?[ ]+(?:og[ ]+)?(?:[\w-]+,?[ ]+(?:og[ ]+)?){0,4})?[\w-]*[Uu]dvalg(?:et)?(?:[ ]+for[ ]+[\wæøå-]+(?:(?:,[ ]*|[ ]+og[ ]+)[\wæøå-]+){0,4})?"
# The subject of "... har den DATE stillet": found backwards from "har", since a letterhead line
# ("Folketingets Beskæftigelsesudvalg", a minister's post) may run into the same paragraph.
SUBJECT_END_RE = re.compile(r"[ ]+(?:har\s+(?:den\b|d\.|[iv]e?d?\s+(?:et\s+)?brev\b)|stillede\s+den\b)")
COMMITTEE_FULL_RE = re.compile(_COMMITTEE)
# "Folketingets Erhvervsudvalg", "Folketingets Udvalg for ...": the addressee, a paragraph of its own.
ADDRESSEE_RE = re.compile(r"(?:^|\n\n)(?P<name>Folketingets[ ]+[^\n]{1,120}?)[ ]*(?:Christiansborg)?[ ]*(?=\n\n|$)")
# ft.dk's stamp atop each page: "Retsudvalget 2013-14", "Udvalget for Forretningsordenen 2020-21",
# "Socialudvalget 2018-19 (2. samling)": the committee as ft.dk names it in that session.
STAMP_RE = re.compile(
    r"^(?P<name>[^\n]*?[Uu]dvalg[^\n]*?)[ \t]+(?P<year>\d{4})-\d{2}(?:[ \t]+\((?P<sitting>\d)\.[ \t]+samling\))?[ \t]*$",
    re.MULTILINE,
)
COMMITTEE_RES = [
    # (also "som Sundhedsudvalget efter ønske fra NAME har stillet")
    re.compile(rf"\bsom\s+(?P<name>{_COMMITTEE})(?:\s*\([^)]*\))?(?:\s+efter\s+ønske\s+fra\s+[^,.]{{3,80}}?)?\s+har\s+stillet\b"),
    re.compile(rf"\bstillet\s+af\s+(?P<name>{_COMMITTEE})(?=\s+(?:den|til)\s|\s*[,.(])"),
    re.compile(r"\b(?P<genitive>Folketingets\s+[\w-]*udvalgs)\s+brev\b"),
    # "Svar på spørgsmål fra Indenrigs- og Boligudvalget stillet den 26. oktober 2021."
    re.compile(rf"\b[Ss]pørgsmål\s+fra\s+(?P<name>{_COMMITTEE})\s+stillet\b"),
    # "besvarelse af spørgsmål nr. 31 af 20. april 2005 fra Folketingets Arbejdsmarkedsudvalg (L 22)"
    re.compile(rf"\bspørgsmål\b[^\n]{{0,80}}?\bfra\s+(?P<name>(?=Folketingets[ ]){_COMMITTEE})(?=\s*[,.(]|\s*$|\s+(?:den|til)\s)"),
]

# Which minister: "til udlændinge-, integrations- og boligministeren", "til ministeren for
# flygtninge, indvandrere og integration", "Miljøministerens besvarelse", a letterhead "FORSVARSMINISTEREN".
_LOWER_WORD = r"[a-zæøå][\wæøå-]*"
MINISTER_RES = [
    re.compile(rf"\b[Tt]il\s+(?P<post>(?:{_LOWER_WORD},?\s+(?:og\s+)?){{0,5}}?[a-zæøå][\wæøå-]*ministeren)\b"),
    re.compile(r"\btil\s+ministeren\s+for\s+(?P<area>[a-zæøå][\wæøå-]*"
               r"(?:(?:,\s*(?!(?:som|der|den|hvilket|jf)\b)|\s+og\s+)[a-zæøå][\wæøå-]*){0,5})"),
    # "Ministeren for flygtninge, indvandrere og integrations besvarelse af spørgsmål nr. 117"
    re.compile(r"\b[Mm]inisteren\s+for\s+(?P<area>[a-zæøå][\wæøå-]*(?:(?:,\s*|\s+og\s+)[a-zæøå][\wæøå-]*){0,5})s\s+"
               r"(?:endelige\s+|foreløbige\s+)?(?:svar|besvarelse)\b"),
    # "Statsminister Anders Fogh Rasmussens svar på spørgsmål nr. S 2748"
    re.compile(rf"\b(?P<post>[A-ZÆØÅ][a-zæøå-]*minister)\s+{PERSON}s\s+(?:endelige\s+|foreløbige\s+)?(?:svar|besvarelse)\b"),
    # "Miljøministerens besvarelse", "Miljø- og fødevareministerens besvarelse"
    re.compile(r"(?P<genitive>(?:\b[\wæøåÆØÅ]+-,?\s+(?:[a-zæøå]+-,?\s+)*og\s+)?\b[\wæøåÆØÅ-]*ministerens)\s+"
               r"(?:endelige\s+|foreløbige\s+|supplerende\s+)?(?:svar|besvarelse)\b"),
    # A post in capitals over two letterhead lines: "ERHVERVS- OG" / "VÆKSTMINISTEREN".
    re.compile(r"(?<![\w-])(?P<letterhead>[A-ZÆØÅ]{2,}-,?\s+(?:[A-ZÆØÅ]{2,}-,?\s+)*OG\s*[A-ZÆØÅ]+MINISTEREN)(?=\n|$)"),
    re.compile(r"(?:^|(?<=\n))(?P<letterhead>[A-ZÆØÅ][\wæøåÆØÅ-]*MINISTEREN|[A-ZÆØÅ][\wæøå-]*ministeren)(?=\n|$)"),
    # A post capitalised inside a paragraph is a letterhead line run into it: "Beskæftigelses- og
    # ligestillingsministeren Holmens Kanal 20 ...".
    re.compile(r"(?<![\w-])(?P<letterhead>[A-ZÆØÅ][\wæøå]*-,?\s+(?:[a-zæøå][\wæøå]*-,?\s+)*og\s+[a-zæøå][\wæøå]*ministeren)\b"),
    # Last, where nothing above names the post: "Svar til Folketingets kulturudvalg fra
    # kulturministeren", "besvarelse fra ministeren for
    # fødevarer, landbrug og fiskeri af spørgsmål nr. 736"
    re.compile(rf"\b(?:[Ss]var|[Bb]esvarelse)\s+(?:til\s+[^\n.]{{3,80}}?\s+)?fra\s+(?:"
               rf"(?P<post>(?:{_LOWER_WORD},?\s+(?:og\s+)?){{0,5}}?[a-zæøå][\wæøå-]*ministeren)\b"
               r"|ministeren\s+for\s+(?P<area>[a-zæøå][\wæøå-]*(?:(?:,\s*|\s+og\s+)[a-zæøå][\wæøå-]*){0,5})(?=\s+af\b|[.,]))"),
]


@dataclass(frozen=True)
class Header(Requested):
    number: str | None = None  # "896", "S 696"
    kind: str | None = None  # general | bill | proposal | section-20, where the text says
    bill: str | None = None  # "L 87", "B 79"
    date_asked: dt.date | None = None
    askers: tuple[str, ...] = ()  # the members it was asked for ("efter ønske fra X (V) og Z (S)")
    parties: tuple[str, ...] = ()  # their parties' letters, each once
    committee_name: str | None = None
    minister: str | None = None  # the post: "udlændinge-, integrations- og boligminister"
    number_at: int | None = None  # where in the normalised text the number stands
    numbers: tuple[str, ...] = ()  # every question number the header names (a joint answer names several)
    answers: tuple[str, ...] = ()  # the first number named with its run or list ("nr. 12 og 13", "2-6")
    warnings: tuple[tuple[int, str], ...] = field(default=())  # (normalised position, message)


def read(text: str, start: int, end: int, anywhere: tuple[int, int], session: str | None = None) -> Header:
    """The header facts in text[start:end]; "Spørgsmålet er stillet efter ønske fra" also in `anywhere`;
    `session` ("20031") gives the century of a year written with two digits."""
    zone = text[start:end]
    warnings: list[tuple[int, str]] = []

    named = question_numbers(zone)
    numbers = [(at + start, n) for mention in named for at, n in mention]
    answers = tuple(n for _, n in named[0]) if named else ()
    number, number_at = (numbers[0][1], numbers[0][0]) if numbers else (None, None)

    bills = list(dict.fromkeys(_bill(m) for m in BILL_RE.finditer(zone)))
    general = GENERAL_RE.search(zone) is not None
    kind, bill = None, None
    if number and number.startswith("S"):
        kind = "section-20"
    elif len(bills) > 1:
        warnings.append((start, f"the header names several bills or proposals ({', '.join(bills)}); the question's kind is left out"))
    elif bills and general:
        warnings.append((start, f"the header says both 'alm. del' and {bills[0]}; the question's kind is left out"))
    elif bills:
        bill = bills[0]
        kind = "bill" if bill.startswith("L") else "proposal"
    elif general:
        kind = "general"

    date_asked = _date_asked(text, start, zone, warnings, session)
    askers, parties = _asker(text, start, zone, anywhere, warnings)
    committee_name = _committee(zone)
    if committee_name and RUN_TOGETHER_RE.search(committee_name):
        # "Folketin-gets Udvalg ...": a rendering kept a line-end hyphen inside a word.
        warnings.append((start, f"the committee's name '{committee_name}' keeps a hyphen inside a word; "
                                "the letter's name for it is left out"))
        committee_name = None
    return Header(
        number=number,
        kind=kind,
        bill=bill,
        date_asked=date_asked,
        askers=askers,
        parties=parties,
        committee_name=committee_name,
        # "justitsmi-nisteren": a line-end hyphen kept inside the post is not part of it
        minister=_minister(_KEPT_HYPHEN_RE.sub("", zone), start, warnings),
        number_at=number_at,
        numbers=tuple(dict.fromkeys(n for _, n in numbers)),
        answers=answers,
        warnings=tuple(warnings),
    )


def question_numbers(text: str) -> list[list[tuple[int, str]]]:
    """Each mention of question numbers in `text`, as (position, number) pairs: "spørgsmål nr. 12"
    one, "nr. 12 og 13" and "spørgsmål S 12, S 13 og S 14" (a joint answer) and "spørgsmål 2-6" (a
    run) several."""
    found = []
    for m in NUMBER_RE.finditer(text):
        number = spaced(m.group("number"))
        if not number.startswith("S") and re.search(r"§\s*20\s*-?\s*$", text[max(0, m.start() - 8) : m.start()]):
            number = "S " + number  # "§ 20-spørgsmål nr. 1188": a § 20 question, S 1188
        mention = [(m.start("number"), number)]
        prefix = "S " if number.startswith("S") else ""
        if m.group("last"):
            first, last = int(re.sub(r"\D", "", m.group("number"))), int(m.group("last"))
            mention += [(m.start("last"), f"{prefix}{n}") for n in range(first + 1, last + 1) if last - first <= 50]
        mention += [(m.start("more"), prefix + n) for n in re.findall(r"\d+", m.group("more"))]
        found.append(mention)
    return found


def spaced(number: str) -> str:
    return re.sub(r"^S\s*", "S ", number)


def _bill(match: re.Match[str]) -> str:
    return f"{match.group('bill')} {match.group('n')}" + (f" {match.group('letter')}" if match.group("letter") else "")


def _date_asked(text: str, start: int, zone: str, warnings: list, session: str | None = None) -> dt.date | None:
    found: dict[dt.date, int] = {}
    short = SHORT_DATE_ASKED_RE.search(zone)
    if short:
        year = _year(short.group("year"), session)
        try:
            if year is not None:
                found[dt.date(year, int(short.group("month")), int(short.group("day")))] = short.start("day") + start
        except ValueError:
            warnings.append((short.start() + start, f"impossible date '{short.group(0)}'; the date asked is left out"))
            return None
    for pattern in DATE_ASKED_RES:
        for match in pattern.finditer(zone):
            try:
                found.setdefault(_date_of(match), match.start("day") + start)
            except ValueError:
                day, year = match.group("day", "year")
                month = match.groupdict().get("month") or f"{match.group('number_month')}."
                warnings.append((match.start() + start, f"impossible date '{day}. {month} {year}'; the date asked is left out"))
                return None
    if len(found) == 1:
        return next(iter(found))
    if len(found) > 1:
        dates = ", ".join(d.isoformat() for d in sorted(found))
        warnings.append((min(found.values()), f"the header gives several dates the question may have been asked ({dates}); it is left out"))
        return None
    partial = DATE_WITHOUT_YEAR_RE.search(zone)
    if partial:
        warnings.append((partial.start() + start, f"the question's date is given without a year ('{partial.group(0)}'); it is left out"))
    else:
        warnings.append((start, "the header does not say when the question was asked"))
    return None


def _date_of(match: re.Match[str]) -> dt.date:
    """The date a match names, its month a name ("13. december 2012") or a number ("13.12.2012")."""
    if match.groupdict().get("number_month"):
        return dt.date(int(match.group("year")), int(match.group("number_month")), int(match.group("day")))
    return parse_date(match)


def _year(written: str, session: str | None) -> int | None:
    """A year written "2004", or "04" in a session that spans 2004; None where it is neither."""
    if len(written) == 4:
        return int(written)
    if session is None:
        return None
    first = int(session[:4])
    return next((year for year in (first, first + 1) if year % 100 == int(written)), None)


def _not_a_member(name: str) -> bool:
    """"Det Energipolitiske Udvalg (EPU)": a committee; "Socialistisk Folkeparti", "Danske Regioner": no member."""
    return re.search(r"[Uu]dvalg", name) is not None or _NOT_A_MEMBER_RE.search(name) is not None


def _asker(
    text: str, start: int, zone: str, anywhere: tuple[int, int], warnings: list,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The members the question was asked for, and their parties, in the letter's order: one, or
    the members of one list ("efter ønske fra X (V) og Z (S)"); none where the letter names
    members in other ways (which of them asked, it does not say)."""
    found: list[tuple[int, str, str | None, str]] = []  # (where, name, party, the list of further members)
    taken: list[tuple[int, int]] = []
    for pattern in ASKER_RES:
        for match in pattern.finditer(zone):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue  # "Medlem af Folketinget X (Y) har": one mention, found by two patterns
            taken.append(match.span())
            found.append((match.start() + start, match.group("asker"), match.groupdict().get("party"),
                          match.groupdict().get("more") or ""))
    for match in REQUESTED_ANYWHERE_RE.finditer(text, *anywhere):
        found.append((match.start(), match.group("asker") or match.group("member"), match.group("party"),
                      match.group("more") or ""))
    found = [f for f in found if not _not_a_member(f[1])]
    if not found:
        return (), ()
    if any(more and not more.endswith(")") for *_, more in found):
        warnings.append((found[0][0], "the question was asked on behalf of several members; the asker is left out"))
        return (), ()
    # A list's further members, each a mention of its own, at the list's place; each mention's list
    # (its first member's and the rest, as written), to tell one list named twice from two lists.
    found = [(at, name, party, more and f"{asker} ({first}){more}") for at, asker, first, more in found
             for name, party in [(asker, first), *((m["asker"], m["party"]) for m in _LISTED_RE.finditer(more))]]
    if any(_not_a_member(f[1]) for f in found):
        # "efter ønske fra Anna Berg (V) og Dansk Folkeparti (DF)": who of them is a member, not told
        warnings.append((found[0][0], "the question was asked on behalf of several members; the asker is left out"))
        return (), ()
    # A party's letters as it writes them: "(El)" and "(EL)" are one party. "Johan-ne Schmidt-Nielsen":
    # a line-end hyphen kept inside a name, since each part of a double name is capitalised.
    found = [(at, _KEPT_HYPHEN_RE.sub("", asker),
              party.upper() if party and (len(party) <= 2 or not party.islower()) else party, more)
             for at, asker, party, more in found]
    # One member named with and without the party is one asker, with the party.
    parties = {asker: party for _, asker, party, _ in found if party}
    people = list(dict.fromkeys((asker, party or parties.get(asker)) for _, asker, party, _ in found))
    # Several people are the askers only as one list (named once, or twice alike), named nowhere
    # else otherwise.
    lists = {re.sub(r"\s+", " ", more) for _, _, _, more in found if more}
    listed = {(asker, party) for _, asker, party, more in found if more}
    if len(people) > 1 and not (len(lists) == 1 and set(people) <= listed):
        names = ", ".join(f"{a} ({p})" for a, p in people)
        warnings.append((found[0][0], f"the letter names several askers ({names}); the asker is left out"))
        return (), ()
    glued = next(((at, asker) for at, asker, _, _ in found if RUN_TOGETHER_RE.search(asker)), None)
    if glued:
        # "JohanneSchmidt-Nielsen": words run together; where the space belongs is not guessed.
        # The parties are said apart from the names: they stand.
        warnings.append((glued[0], f"the asker's name '{glued[1]}' has words run together; the asker is left out"))
        return (), tuple(dict.fromkeys(p for _, p in people if p))
    return tuple(a for a, _ in people), tuple(dict.fromkeys(p for _, p in people if p))


def _subject_committee(zone: str) -> str | None:
    """The longest committee name that ends right before "har den" / "har i brev" / "stillede den"."""
    for end in SUBJECT_END_RE.finditer(zone):
        line_start = zone.rfind("\n", 0, end.start()) + 1
        words = list(re.finditer(r"\S+", zone[line_start : end.start()]))
        for word in words[-12:]:
            candidate = zone[line_start + word.start() : end.start()]
            if COMMITTEE_FULL_RE.fullmatch(candidate) and _committee_like(candidate):
                return candidate
    return None


def _committee(zone: str) -> str | None:
    subject = _subject_committee(zone)
    if subject is not None:
        name = re.sub(r"\s+", " ", subject).strip()
        if not re.fullmatch(r"(?:Folketingets\s+)?[Uu]dvalg(?:et)?", name):
            return name if _well_formed_name(name) and _committee_like(name) else committees.named_in(name)
    for pattern in COMMITTEE_RES:
        match = pattern.search(zone)
        if not match:
            continue
        if match.groupdict().get("genitive"):
            return match.group("genitive")[:-1]  # "Folketingets Socialudvalgs" -> "... Socialudvalg"
        name = re.sub(r"\s+", " ", match.group("name")).strip()
        if re.fullmatch(r"(?:Folketingets\s+)?[Uu]dvalg(?:et)?", name):
            continue  # "udvalget": which one, the text does not say here
        if not _well_formed_name(name) or not _committee_like(name):
            # "Fo lketingets Miljø - og ...": an extraction that broke the name; but a known name
            # with the letterhead run onto it ("Udvalget for ... Fiskeri MINISTEREN") is that name
            return committees.named_in(name)
        return name
    # Named nowhere as the subject or addressee: a name of the known committees, where the header
    # names one only (a letterhead that lost its line breaks, an addressee without "Folketingets").
    return _addressee_committee(zone) or committees.named_in(zone) or _genitive_committee(zone)


# "Europaudvalgets spørgsmål 28 ad EUU alm. del", "Svar på Finansudvalgets spørgsmål nr. 234": the
# committee in the genitive, where the header names no committee otherwise.
_GENITIVE_RE = re.compile(
    r"(?<![\w-])(?P<genitive>(?:[A-ZÆØÅ]\w*-,?\s+(?:\w+-,?\s+)*og\s+)?[A-ZÆØÅ][\w-]*udvalgets)\s+spørgsmål\b"
)


def _genitive_committee(zone: str) -> str | None:
    match = _GENITIVE_RE.search(zone)
    return match.group("genitive")[:-1] if match else None


def _addressee_committee(zone: str) -> str | None:
    """The committee the letter is addressed to, a paragraph of its own ("Folketingets
    Erhvervsudvalg"), where the header calls it only "udvalget"."""
    for match in ADDRESSEE_RE.finditer(zone):
        name = re.sub(r"\s+", " ", match.group("name")).strip()
        if _one_committee(name):
            return name
    return None


def stamp(text: str) -> re.Match[str] | None:
    """ft.dk's page stamp in the raw text: a line that is one committee's name and a session, not
    a sentence that ends in one ("... som udvalget fik oversendt for 2009-10")."""
    for match in STAMP_RE.finditer(text):
        name = re.sub(r"\s+", " ", match.group("name")).strip()
        if _one_committee(name):
            return match
    return None


def stamped_committee(text: str) -> str | None:
    """The committee's name in ft.dk's page stamp of the raw text."""
    found = stamp(text)
    return re.sub(r"\s+", " ", found.group("name")).strip() if found else None


_NAME_SMALL_WORDS = {"og", "for", "i", "på", "af", "med", "udvalg", "udvalget"}
# Words of an addressee or letterhead run into the header's paragraph, never of a committee's name.
_NOT_IN_COMMITTEE_NAMES = {"folketinget", "christiansborg", "københavn", "danmark", "ministeren"}


def _one_committee(name: str) -> bool:
    """A whole name of one committee, as a line of its own gives it (a stamp, an addressee)."""
    return bool(COMMITTEE_FULL_RE.fullmatch(name)) and _well_formed_name(name) and _committee_like(name)


def _committee_like(candidate: str) -> bool:
    """One committee's name, and nothing of the letterhead before it."""
    words = candidate.split()
    return (
        len(re.findall(r"[Uu]dvalg", candidate)) == 1
        and not re.search(r"\b[A-ZÆØÅ]{2,}\b", candidate)  # "DEPSEL": a letterhead value
        and "minister" not in candidate.lower()  # a minister's post run into the line
        and not re.search(r"\d", candidate)
        and not re.search(r".\bFolketingets\b", candidate)  # "Fiskeri Folketingets Udvalg for ...": two lines run together
        and not any(w.lower().strip(",") in _NOT_IN_COMMITTEE_NAMES for w in words)
        and not any(re.fullmatch(r"[A-ZÆØÅ]\.?", w) for w in words)  # "K" of "1240 København K"
    )


def _well_formed_name(name: str) -> bool:
    """Each word capitalised, a joining word or a suspended compound ("Integrations-")."""
    return all(
        word[:1].isupper() or word.rstrip(",") in _NAME_SMALL_WORDS
        for word in name.split()
    )


# Where the header names no minister, the letter's end may: the title under the signature
# ("Peter Vang" / "Beskæftigelsesminister", "Fng. Klima- og Energiminister"), or the sender's post
# in a letterhead that a rendering put after the answer ("FORSVARSMINISTEREN" / "Holmens Kanal 9").
_SIGNED_POST_RES = [
    # under a name line ("Peter Vang")
    re.compile(r"^[ \t]*[A-ZÆØÅ][\wæøå.'-]*(?:[ \t]+[A-ZÆØÅ][\wæøå.'-]*){1,4}[ \t]*\n"
               r"[ \t]*(?:Fng\.\s*|Fungerende\s+)?(?P<post>[A-ZÆØÅ][\wæøå]*(?:-,?\s+(?:[a-zæøåA-ZÆØÅ][\wæøå]*-,?\s+)*og\s+"
               r"[a-zæøåA-ZÆØÅ][\wæøå]*)?minister)[ \t]*$", re.MULTILINE),
    # over the ministry's street ("Holmens Kanal 9")
    re.compile(r"^[ \t]*(?P<letterhead>[A-ZÆØÅ]+(?:-,?\s+(?:[A-ZÆØÅ]+-,?\s+)*OG\s+[A-ZÆØÅ]+)?MINISTEREN)[ \t]*\n"
               r"[ \t]*[A-ZÆØÅ][\wæøå.-]*(?:[ \t]+[\wæøå.-]+)*[ \t]+\d+[A-Z]?[ \t]*$", re.MULTILINE),
]


def post_at_the_end(text: str) -> str | None:
    """The post the letter's end names as the sender's (see above); None where it names none, or several."""
    posts = {post.lower() for pattern in _SIGNED_POST_RES for post in (_post(m) for m in pattern.finditer(text)) if post}
    return posts.pop() if len(posts) == 1 else None


# Where neither the header nor the letter's end names the post, the ministry's letterhead does:
# "Beskæftigelsesministeriet" (a rendering may run it into the street: "BeskæftigelsesministerietVed
# Stranden 8"), "Udlændinge- og Integrationsministeriet": a minister answers on the letterhead of
# their own ministry. Not Udenrigsministeriet: the foreign, development and trade ministers all
# answer on its letterhead.
_SHARED_MINISTRIES = {"udenrigs"}
# Only at a line's start, the line ending there or running on into the street ("Ved Stranden 8"):
# never "efter høring af Justitsministeriet", "Kopi: Skatteministeriet", "oversendt fra ...".
_MINISTRY_RE = re.compile(
    r"^[ \t]*(?P<ministry>[A-ZÆØÅ][a-zæøå]*-,?\s+(?:[A-ZÆØÅa-zæøå][a-zæøå]*-,?\s+)*og\s+[A-ZÆØÅa-zæøå][a-zæøå]*"
    r"|[A-ZÆØÅ][a-zæøå]+)ministeriet(?=[ \t]*$|[A-ZÆØÅ])",
    re.MULTILINE,
)


# The post a question opens by asking: "Udenrigsministeren bedes redegøre for ...", "Vil
# justitsministeren oplyse ...", "Kan social- og indenrigsministeren bekræfte ..."; never a post
# the question speaks of ("Statsministeren har udtalt ... Er ministeren enig?").
_QUESTION_POST_RE = re.compile(
    r"^\W*(?:(?P<opener>Vil|Kan|Mener|Finder|Agter|Hvad|Hvordan|Hvorfor|Hvornår|Hvilke|Hvilken)\s+(?:mener\s+|vil\s+|kan\s+)?)?"
    r"(?P<post>(?:[\wæøåÆØÅ]+-,?\s+(?:[a-zæøå]+-,?\s+)*og\s+)?[\wæøåÆØÅ][\wæøå-]*ministeren)\b"
    r"(?(opener)|\s+bedes\b)"  # a post opening the question is asked only as "X bedes"
)


def question_post(question: str) -> str | None:
    """The post of the minister the question opens by asking; None for "Ministeren" alone."""
    match = _QUESTION_POST_RE.match(question)
    return _post(match) if match else None


def ministry_post(letterhead: str) -> str | None:
    """The post of the one ministry `letterhead` names ("Beskæftigelsesministeriet" ->
    "beskæftigelsesminister"); None where it names none, or several."""
    posts = {re.sub(r"\s+", " ", m.group("ministry")).lower() for m in _MINISTRY_RE.finditer(letterhead)}
    return posts.pop() + "minister" if len(posts) == 1 and not posts & _SHARED_MINISTRIES else None


def _minister(zone: str, start: int = 0, warnings: list | None = None) -> str | None:
    """The post the question is addressed to; None when the header names none, or several."""
    for pattern in MINISTER_RES:
        posts = list(dict.fromkeys(p for p in (_post(m) for m in pattern.finditer(zone)) if p))
        if len(posts) > 1:
            if warnings is not None:
                warnings.append((start, f"the header names several ministers ({', '.join(posts)}); the minister is left out"))
            return None
        if posts:
            return posts[0]
    return None


def _post(match: re.Match[str]) -> str | None:
    """The post one match names, as a label ("justitsminister"); None for a bare "Ministeren"."""
    groups = match.groupdict()
    if groups.get("area"):
        return "minister for " + re.sub(r"\s+", " ", groups["area"])
    post = groups.get("post") or groups.get("genitive") or groups.get("letterhead")
    post = re.sub(r"\s+", " ", post.strip())
    if post.isupper():
        post = re.sub(r"- og(?=[a-zæøå])", "- og ", post.lower())  # "ERHVERVS- OGVÆKSTMINISTEREN"
    post = post[0].lower() + post[1:]
    post = re.sub(r"ministeren?s?$", "minister", post)
    # "for-svarsministeren": a line-end hyphen kept inside the word; a post's own hyphens end a
    # suspended part ("miljø- og fødevareminister").
    post = _KEPT_HYPHEN_RE.sub("", post)
    post = re.sub(r"-og\b", "- og", post)  # "miljø-og fødevareminister": the suspended part's space
    if post == "minister":
        return None  # "Ministeren": which one, the text does not say
    if re.match(r"(?:hermed|herved|hvorfor|som|samt|til|fra)[a-zæøå]", post):
        return None  # "følger hermedsocialministerens svar": words run together, the post not told
    return post
