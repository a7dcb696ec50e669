"""Operator responses ("X har oplyst, at ...") and the answer's own findings.

Each statement is read from the normalised text of the answer's body: which offers, on how many
centres, how often, for whom, with which reservations. Wording varies between answers, so each
fact has a small grammar of the phrasings ministries use, not a match on one file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from ..core.danish import NUMBER, number
from ..core.text import Block, NormalisedText, sentences
from .model import Coverage, Finding, Frequency, Response, Span, Statement, TargetGroup

# Names hold no full stop: "... kaldes Baby School. Tønder Kommune har oplyst" names Tønder only.
_NAME = r"[A-ZÆØÅ][\w'’&-]*(?:\s+(?:[A-ZÆØÅ][\w'’&-]*|for|og|i|på))*?"
_ADVERBS = r"(?:Desuden|Endvidere|Derudover|Herudover|Endelig|Videre|Også|Dertil|Yderligere)"

# "Jammerbugt Kommune har oplyst, at", "Endvidere har Røde Kors oplyst, at", "Røde Kors oplyser,
# at", "Røde Kors har over for Udlændingestyrelsen oplyst, at".
_TOWARDS = rf"(?:\s+over\s+for\s+{_NAME})"
STATEMENT_RE = re.compile(
    rf"""(?:(?<=\s)|(?<=^)|(?<=[”"]))
    (?:{_ADVERBS}\s+har\s+(?P<inverted>{_NAME}){_TOWARDS}?\s+(?:også\s+)?oplyst
      |(?:{_ADVERBS}\s+)?(?P<operator>{_NAME})
        (?:\s+har{_TOWARDS}?\s+(?:også\s+|desuden\s+|endvidere\s+|bl\.\s?a\.\s+|i\s+den\s+(?:anledning|forbindelse)\s+)?oplyst|\s+oplyser(?:\s+også)?))
    (?:\s+(?:mig|os))?{_TOWARDS}?,?\s+at\s""",
    re.VERBOSE | re.MULTILINE,
)

# An agency's contribution quoted in the answer.
# "Økonomi- og Erhvervsministeriet", "Klima-, Energi- og Forsyningsministeriet": one agency, not
# "Erhvervsministeriet" cut from it.
# (and by name: the prosecutors and the government's lawyer, not every "-advokaten"; the
# intelligence services; agencies whose name has no such ending)
_AGENCY = (r"(?:(?:[A-ZÆØÅ]\w*-,?\s+(?:[A-ZÆØÅ]\w*-,?\s+)*og\s+)?"
           r"[A-ZÆØÅ][\w-]*(?:styrelsen|ministeriet|direktoratet|instituttet|rådet|politiet|politi|tjenesten"
           r"|kommandoen|tilsynet|nævnet|kommissionen)\b|(?:Rigs|Stats|Kammer)advokaten\b"
           r"|(?:Politiets|Forsvarets)\s+Efterretningstjeneste\b"
           r"|(?:Banedanmark|Energinet|Kriminalforsorgen|Naviair|Sund\s*&\s*Bælt)\b)")
CONTRIBUTION_RE = re.compile(
    rf"(?:bidrag|oplysninger|udtalelse)\s+fra\s+(?P<list>{_AGENCY}(?:(?:,\s*|\s+og\s+){_AGENCY})*)"
)
AGENCY_SAYS_RE = re.compile(
    rf"(?P<agency>{_AGENCY}(?:(?:,\s*|\s+og\s+){_AGENCY})*)\s+har\s+(?:bl\.\s?a\.\s+)?(?:oplyst|udtalt|bidraget\s+med)\s+følgende"
)
# "Til brug for besvarelsen har Forsvarskommandoen oplyst følgende:"
AGENCY_SAYS_INVERTED_RE = re.compile(
    rf"\bhar\s+(?P<agency>{_AGENCY}(?:(?:,\s*|\s+og\s+){_AGENCY})*)\s+(?:bl\.\s?a\.\s+)?(?:oplyst|udtalt|bidraget\s+med)\s+følgende"
)
# "Jeg har forelagt henvendelsen for Kystdirektoratet, som har oplyst mig følgende:" (or "fra", a
# slip a letter of 2024 makes); the agency after its ministry speaks: "forelagt spørgsmålet for
# Klima- og Energiministeriet, Energistyrelsen, der har oplyst følgende".
_PUT_TO = rf"forelagt\s+(?:[\wæøå]+\s+){{1,2}}f(?:or|ra)\s+(?:{_AGENCY},\s+)?"
PUT_TO_RE = re.compile(
    rf"\b{_PUT_TO}(?P<agency>{_AGENCY}),?\s+(?:der|som)\s+(?:har\s+(?:oplyst|udtalt)|oplyser|udtaler)"
)
AGENCY_RE = re.compile(_AGENCY)

OFFER_PATTERNS = [
    ("mother-child-teaching", re.compile(r"mor\s*[/-]\s*barn[- ]?undervisning\w*", re.I)),
    ("mother-child-group", re.compile(r"mor\s*[/-]\s*barn[- ]?grupp?e\w*", re.I)),
    ("mother-group", re.compile(r"mødre-?grupp?e\w*", re.I)),
    (
        "offer-for-mothers-with-small-children",
        re.compile(r"tilbud\s+(?:for|til)\s+mødre\s+med\s+(?:små|nyfødte|spæde)\s+børn", re.I),
    ),
    ("similar-offer", re.compile(r"(?:eller|og|andre)\s+lignende(?:\s+tilbud)?", re.I)),
]
OFFER_KINDS = ["named-offer"] + [kind for kind, _ in OFFER_PATTERNS]
NAMED_OFFER_RE = re.compile(
    r"(?:der\s+kaldes|kaldet|ved\s+navn|med\s+navnet|som\s+hedder|der\s+hedder)\s+"
    r"(?P<name>[”\"“][^”\"“]+[”\"“]|[A-ZÆØÅ][\w'’-]*(?:\s+[A-ZÆØÅ][\w'’-]*)*)"
)
QUOTED_NAME_RE = re.compile(r"[”“\"](?P<name>[A-ZÆØÅ][^”\"“]{1,40})[”\"]")

_CENTRES = r"(?:asyl)?cent(?:re|er|ret|rene)"
ALL_EXCEPT_RE = re.compile(
    rf"(?:samtlige|alle)\s+(?:\w+\s+){{0,2}}?{_CENTRES},?\s+(?:med\s+undtagelse\s+af|undtagen|på\s+nær)\s+"
    rf"(?:(?P<n>{NUMBER})\b(?:\s+(?:af\s+)?(?:\w+\s+)?{_CENTRES})?"
    # "med undtagelse af Center Sandholm (og Center Avnstrup)": named centres, counted.
    rf"|(?-i:(?P<named>[A-ZÆØÅ][\w-]*(?:\s+[A-ZÆØÅ][\w-]*)*(?:(?:,\s*|\s+og\s+)[A-ZÆØÅ][\w-]*(?:\s+[A-ZÆØÅ][\w-]*)*)*)))",
    re.I,
)
NUMBER_RE = re.compile(rf"\b(?:på|i)\s+(?P<n>{NUMBER})\s+(?:af\s+(?:\w+\s+)?)?{_CENTRES}\b", re.I)
ALL_RE = re.compile(rf"\b(?:samtlige|alle)\s+(?:\w+\s+){{0,2}}?{_CENTRES}\b", re.I)

FREQUENCY_RE = re.compile(
    rf"""(?P<avg>(?:gennemsnitligt|i\s+gennemsnit|i\s+snit)\s+)?
    (?P<min>{NUMBER})(?:\s*(?:-|–|til)\s*(?P<max>{NUMBER}))?\s+
    (?P<unit>gange?|dage?)\s+
    (?:om\s+ugen|ugentligt?|pr\.\s*uge|per\s+uge|i\s+ugen|hver\s+uge|om\s+ugen)
    (?P<avg_after>\s+i\s+gennemsnit)?""",
    re.I | re.VERBOSE,
)

AVERAGE_BEFORE_RE = re.compile(r"(?:gennemsnitligt|i\s+gennemsnit|i\s+snit)\s+(?:\w+\s+){0,2}$", re.I)

TARGET_RE = re.compile(
    rf"""\b(?:for|til|målrettet)\s+
    (?P<who>(?:kvinder|mødre|forældre|familier|gravide)\s+med\s+(?:(?:små|nyfødte|spæde)\s+)?børn
      (?:\s+(?:mellem|i\s+alderen|fra)\s+(?P<a>{NUMBER})(?:\s*[-–]\s*|\s+(?:og|til)\s+)(?P<b>{NUMBER})\s+år
        |\s+(?:under|op\s+til)\s+(?P<u>{NUMBER})\s+år)?)""",
    re.I | re.VERBOSE,
)

QUALIFIER_PATTERNS = [
    ("as-far-as-possible", re.compile(r"\bi\s+videst\s+muligt?e?\s+omfang", re.I)),
    ("currently", re.compile(r"(?<!\w)(?:pt\.|p\.t\.|på\s+nuværende\s+tidspunkt|for\s+tiden)", re.I)),
]

FINDING_PATTERNS = [
    (
        "not-required-by-contract",
        re.compile(r"ikke\s+(?:et\s+)?krav\s+i\s+\w*kontrakt|kontrakt\w*\s+(?:stiller|indeholder)\s+ikke\s+(?:\w+\s+)?krav|ikke\s+(?:\w+\s+){0,3}kontraktligt\s+forpligtet", re.I),
    ),
    (
        "no-dedicated-funds",
        re.compile(r"ikke\s+(?:\w+\s+){0,3}afsat\s+(?:\w+\s+)?midler|ingen\s+(?:særskilte\s+)?midler\s+(?:afsat|på)", re.I),
    ),
    (
        "uptake-not-registered",
        re.compile(r"ikke\s+(?:\w+\s+){0,2}registrering|registreres\s+ikke|ikke\s+(?:\w+\s+){0,2}registreret|ingen\s+(?:\w+\s+)?registrering", re.I),
    ),
]

SpanMaker = Callable[[NormalisedText, int, int], Span]


@dataclass(frozen=True)
class Found:
    responses: tuple[Response, ...]
    findings: tuple[Finding, ...]


# "... skal der indhentes bidrag fra Sundhedsstyrelsen", "behov for at indhente bidrag fra":
# a contribution still to be obtained (a preliminary answer) is not one the answer gives.
_TO_BE_OBTAINED_RE = re.compile(
    # "... kan kun besvares ved at indhente en udtalelse fra X" ("indhentet": obtained, and quoted)
    r"\b(?:skal|skulle|vil|ville|behov\s+for|forudsætter|afventer|afvente|endnu\s+ikke|ikke\s+modtaget|indhente|anmode)\b",
    re.IGNORECASE,
)


# "... har anmodet om bidrag fra Sundhedsstyrelsen.": asked for, and given only where the sentence
# goes on to what it said ("..., der har oplyst følgende:") or the answer names it again.
_REQUESTED_RE = re.compile(r"\banmodet\s+om\b", re.IGNORECASE)
_GIVEN_RE = re.compile(r"\b(?:oplyst|oplyser|udtalt|udtaler|meddelt|meddeler|bidraget|fremgår)\b", re.IGNORECASE)


def agencies(answer_text: str) -> tuple[str, ...]:
    """The agencies whose contribution the answer quotes, in order of first mention."""
    names: list[str] = []
    for match in CONTRIBUTION_RE.finditer(answer_text):
        sentence_start = max(answer_text.rfind(". ", 0, match.start()), answer_text.rfind("\n", 0, match.start())) + 1
        if _TO_BE_OBTAINED_RE.search(answer_text, sentence_start, match.start()):
            continue
        sentence_end = min((i for i in (answer_text.find(". ", match.end()), answer_text.find("\n", match.end())) if i >= 0),
                           default=len(answer_text))
        if _REQUESTED_RE.search(answer_text, sentence_start, match.start()) \
                and not _GIVEN_RE.search(answer_text, match.end(), sentence_end):
            # Asked for, and given only where the answer names the agency again (its contribution,
            # "Rigspolitiet har oplyst: ...", "Rigspolitiets bidrag lyder ...").
            names.extend(name for name in AGENCY_RE.findall(match.group("list")) if name in answer_text[sentence_end:])
            continue
        names.extend(AGENCY_RE.findall(match.group("list")))
    for pattern in (AGENCY_SAYS_RE, AGENCY_SAYS_INVERTED_RE, PUT_TO_RE):
        for match in pattern.finditer(answer_text):
            names.extend(AGENCY_RE.findall(match.group("agency")))
    return tuple(dict.fromkeys(names))


def find(view: NormalisedText, body: list[Block], agencies: tuple[str, ...], span: SpanMaker) -> Found:
    """Every operator response and finding in the answer's body blocks."""
    text = view.text
    quotes = _quotations(text, body[0].start, body[-1].end)
    responses: list[Response] = []
    covered: list[tuple[int, int]] = []
    for block in body:
        matches = list(STATEMENT_RE.finditer(text, block.start, block.end))
        matches = [m for m in matches if not AGENCY_RE.fullmatch(_operator(m)) and not _name_cut(text, m.start())
                   and not _several(_operator(m))]
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else block.end
            start = match.start()
            response = _response(view, start, end, _operator(match), _via(start, quotes, text, agencies), span)
            if not _about_offers(response):
                continue  # a statement on another subject: an attributed statement, not an operator's response
            responses.append(response)
            covered.append((start, end))

    findings: list[Finding] = []
    seen: set[str] = set()
    for block in body:
        for s_start, s_end in sentences(text, block.start, block.end):
            if any(c_start <= s_start < c_end for c_start, c_end in covered):
                continue
            sentence = text[s_start:s_end]
            for kind, pattern in FINDING_PATTERNS:
                if kind not in seen and pattern.search(sentence):
                    seen.add(kind)
                    findings.append(Finding(kind, span(view, s_start, s_end), _via(s_start, quotes, text, agencies)))
    return Found(tuple(responses), tuple(findings))


def _several(speaker: str) -> bool:
    """"Justitsministeriet og Økonomiministeriet": two speakers, not one ("Børne- og Undervisnings..." is one)."""
    return re.search(r"[^-\s]\s+og\s+[A-ZÆØÅ]", speaker) is not None


def _name_cut(text: str, start: int) -> bool:
    """Whether a name found at `start` is the tail of a longer one ("Politi" of "...Københavns Politi").

    A capitalised word right before it that ends no sentence would have been part of the name,
    had the text not run words together; the speaker is then not known for sure.
    """
    before = re.search(r"(\S+)[ \t]+$", text[max(0, start - 60) : start])
    return bool(before and before.group(1)[:1].isupper() and not re.search(r"[.:;,!?”\")]$", before.group(1)))


def _about_offers(response: Response) -> bool:
    """Whether a statement says anything about offers: only then is its speaker an operator."""
    return bool(
        response.offer_kinds or response.frequency or response.target_group
        or response.coverage.kind != "unspecified"
    )


def _operator(match: re.Match[str]) -> str:
    name = match.group("operator") or match.group("inverted")
    return re.sub(rf"^{_ADVERBS}\s+", "", name).strip()


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The outermost spans of text inside ”...” or »...«, as (opening mark, closing mark).

    Danish quotes open and close with the same mark, and a quoted contribution may quote an
    article's title in turn (”... artiklen ”Titel” ...”). Where a mark's neighbours tell whether
    it opens (after a space, before a letter) or closes (after a letter, before a space or a
    stop), quotations are nested by that; where they do not, marks pair in order.
    """
    marks = [m.start() + start for m in re.finditer(r"[”“»«]", text[start:end])]
    roles = [_role(text, i) for i in marks]
    spans: list[tuple[int, int]] = []
    if all(role is not None for role in roles):
        stack: list[int] = []
        for index, role in zip(marks, roles):
            if role == "open":
                stack.append(index)
            elif stack:
                opened = stack.pop()
                if not stack:
                    spans.append((opened, index))
        if not stack:
            return spans
    same = [i for i in marks if text[i] in "”“"]
    spans = [(a, b) for a, b in zip(same[::2], same[1::2])]
    spans += [(start + m.start(), start + m.end() - 1) for m in re.finditer(r"»[^»«]*«", text[start:end])]
    return sorted(spans)


def _role(text: str, i: int) -> str | None:
    if text[i] == "»":
        return "open"
    if text[i] == "«":
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = (before.isspace() or before in "(:[") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in ".,;:!?)")
    if opens == closes:
        return None  # both or neither: the neighbours do not tell
    return "open" if opens else "close"


def _via(position: int, quotes: list[tuple[int, int]], text: str, agencies: tuple[str, ...]) -> str | None:
    """The agency whose quoted contribution holds `position`: the last one named before the quote."""
    for q_start, q_end in quotes:
        if q_start <= position <= q_end:
            before = text[:q_start]
            named = [(before.rfind(name), name) for name in agencies if name in before]
            return max(named)[1] if named else None  # a quote nobody is named before is nobody's contribution
    return None


def _response(view: NormalisedText, start: int, end: int, operator: str, via: str | None, span: SpanMaker) -> Response:
    cited = span(view, start, end)
    statement = cited.text
    kinds: list[str] = []
    offer_spans: list[tuple[int, int]] = []
    for kind, pattern in OFFER_PATTERNS:
        for match in pattern.finditer(statement):
            offer_spans.append(match.span())
            if kind not in kinds:
                kinds.append(kind)
    name = None
    named = NAMED_OFFER_RE.search(statement) or QUOTED_NAME_RE.search(statement)
    if named:
        name = named.group("name").strip("”“\"")
        kinds.insert(0, "named-offer")
        offer_spans.append(named.span("name"))
    wording = None
    if offer_spans:
        first = min(s for s, _ in offer_spans)
        last = max(e for _, e in offer_spans)
        wording = statement[first:last].strip("”“\" ")
        if name and wording != name and wording.endswith(name):
            wording = name
    kinds.sort(key=OFFER_KINDS.index)
    return Response(
        operator=operator,
        offer_kinds=tuple(kinds),
        offer_wording=re.sub(r"\s+", " ", wording) if wording else None,
        offer_name=name,
        coverage=_coverage(statement),
        frequency=_frequency(statement),
        target_group=_target_group(statement),
        qualifiers=tuple(kind for kind, pattern in QUALIFIER_PATTERNS if pattern.search(statement)),
        span=cited,
        reported_via=via,
    )


def _coverage(statement: str) -> Coverage:
    match = ALL_EXCEPT_RE.search(statement)
    if match and match.group("n"):
        return Coverage("all-except", excluded=int(number(match.group("n"))))
    if match:
        return Coverage("all-except", excluded=len(re.split(r",\s*|\s+og\s+", match.group("named"))))
    match = NUMBER_RE.search(statement)
    if match:
        return Coverage("number", count=int(number(match.group("n"))))
    if ALL_RE.search(statement):
        return Coverage("all")
    return Coverage("unspecified")


def _frequency(statement: str) -> Frequency | None:
    match = FREQUENCY_RE.search(statement)
    if match is None:
        return None
    low = Decimal(str(number(match.group("min"))))
    high = Decimal(str(number(match.group("max")))) if match.group("max") else low
    unit = "days" if match.group("unit").lower().startswith("dag") else "times"
    # "gennemsnitligt foregår 1-2 gange": the adverb may stand a few words before the number.
    average = bool(
        match.group("avg") or match.group("avg_after") or AVERAGE_BEFORE_RE.search(statement, 0, match.start())
    )
    return Frequency(low, high, average, unit)


def _target_group(statement: str) -> TargetGroup | None:
    match = TARGET_RE.search(statement)
    if match is None:
        return None
    low, high = match.group("a"), match.group("b")
    if match.group("u"):
        low, high = "0", match.group("u")
    return TargetGroup(
        description=re.sub(r"\s+", " ", match.group("who")),
        child_min_age=int(number(low)) if low else None,
        child_max_age=int(number(high)) if high else None,
    )


# Who said what, whatever the subject. Generic references ("Ministeriet", "Jeg") say no one.
_NOT_A_SPEAKER = {
    "jeg", "vi", "det", "der", "man", "de", "han", "hun", "den", "dette", "disse", "ministeriet",
    "ministeren", "styrelsen", "kommunen", "operatøren", "regeringen", "udvalget",
    # a definite noun without a name says which kind, not which one
    "politiet", "politikredsen", "myndigheden", "myndighederne", "kommunerne", "regionen", "regionerne",
    "operatørerne", "centret", "centeret", "centrene", "skolen", "skolerne", "institutionen",
    "institutionerne", "virksomheden", "virksomhederne", "styrelserne", "ministerierne", "departementet",
    "direktoratet", "rådet", "nævnet", "embedet", "afdelingen", "enheden", "spørgeren",
}
# "... indhentet (et) bidrag fra X, der har oplyst følgende:", "X har oplyst følgende:", "bidrag fra X,
# som jeg kan henholde mig til:", "Til brug for besvarelsen har X oplyst følgende:", "Jeg har
# forelagt henvendelsen for X, som har oplyst mig følgende:" (X after its ministry: "for
# Klima- og Energiministeriet, Energistyrelsen, der ..."), each followed by the contribution in ”...”.
CONTRIBUTION_INTRO_RE = re.compile(
    rf"""(?:(?:bidrag|udtalelse|oplysninger)\s+fra\s+(?P<from>{_NAME})(?:,|\s)\s*(?:der|som|hvoraf|hvortil)\b[^”“\n]{{0,80}}?
      |{_PUT_TO}(?P<put>{_NAME}),?\s+(?:der|som)\s+(?:har\s+(?:oplyst|udtalt)|oplyser|udtaler)\s+(?:mig\s+|os\s+)?følgende[^”“\n.]{{0,60}}?
      |(?:(?<=\s)|(?<=^))(?P<says>{_NAME})\s+har\s+(?:[\wæøå.]+\s+){{0,3}}?(?:oplyst|udtalt|anført|bidraget\s+med)\s+følgende(?:,[^”“\n.]{{0,60}}?)?
      |\bhar\s+(?P<inverted>{_NAME})\s+(?:bl\.\s?a\.\s+)?(?:oplyst|udtalt|anført|bidraget\s+med)\s+følgende(?:,[^”“\n.]{{0,60}}?)?)
    \s*:?\s*(?=[”“»])""",
    re.VERBOSE | re.MULTILINE,
)


RELATIVE_STATEMENT_RE = re.compile(
    rf"(?:bidrag|udtalelse|oplysninger)\s+fra\s+(?P<who>{_NAME}),?\s+(?:der|som)\s+(?:har\s+(?:i\s+den\s+anledning\s+)?oplyst|oplyser),?\s+at\s"
)


def attributed(view: NormalisedText, body: list[Block], agencies: tuple[str, ...], responses: tuple[Response, ...],
               span: SpanMaker) -> tuple[Statement, ...]:
    """Every statement the answer attributes to a named speaker, other than the operator responses.

    A quoted contribution is one statement (its speaker, the quoted span); "X har oplyst, at ..."
    is one statement of the sentence that says it. Responses are statements already.
    """
    text = view.text
    start, end = body[0].start, body[-1].end
    quotes = _quotations(text, start, end)
    taken = {r.span.start for r in responses}
    found: list[Statement] = []
    for match in CONTRIBUTION_INTRO_RE.finditer(text, start, end):
        speaker = (match.group("from") or match.group("says") or match.group("inverted") or match.group("put")).strip()
        quote = next(((a, b) for a, b in quotes if a == match.end()), None)
        if quote is None or speaker.lower() in _NOT_A_SPEAKER or _several(speaker) \
                or (match.group("says") and _name_cut(text, match.start("says"))):
            continue  # ("Rigspolitiet.Politiets Efterretningstjeneste har oplyst følgende": not "Efterretningstjeneste")
        cited = span(view, quote[0], quote[1] + 1)
        found.append(Statement(speaker, cited, _via(quote[0] - 1, quotes, text, agencies), "contribution"))
    for match in RELATIVE_STATEMENT_RE.finditer(text, start, end):
        # "... indhentet en udtalelse fra Fyns Politi, der har oplyst, at ...": the relative clause.
        speaker = match.group("who").strip()
        if speaker.lower() in _NOT_A_SPEAKER or _several(speaker):
            continue
        block = next(b for b in body if b.start <= match.start() < b.end)
        s_end = next((e for s, e in sentences(text, block.start, block.end) if s <= match.start("who") < e), block.end)
        cited = span(view, match.start("who"), s_end)
        found.append(Statement(speaker, cited, _via(match.start(), quotes, text, agencies)))
    for block in body:
        spans = sentences(text, block.start, block.end)
        for match in STATEMENT_RE.finditer(text, block.start, block.end):
            speaker = _operator(match)
            if speaker.lower() in _NOT_A_SPEAKER or _name_cut(text, match.start()) or _several(speaker):
                continue
            s_end = next((e for s, e in spans if s <= match.start() < e), block.end)
            cited = span(view, match.start(), s_end)
            if cited.start in taken:
                continue
            found.append(Statement(speaker, cited, _via(match.start(), quotes, text, agencies)))
    return tuple(sorted(found, key=lambda s: (s.span.start, s.span.end)))
