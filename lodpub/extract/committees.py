"""Folketinget's committees: the letters ft.dk files a committee's questions under, by its name.

A letter often names its committee only in words ("Trafikudvalget har i brev af ..."), and a
question on a bill has no committee in its ft.dk URL (.../lovforslag/L36/spm/19/). The letters
stay when a committee is renamed (TRU was Trafikudvalget, Transportudvalget, Transport- og
Bygningsudvalget, ...), so each name a committee has had is listed. Only names seen beside
their letters on ft.dk's own pages are here; a name not listed is not guessed at.
"""

from __future__ import annotations

import re

LETTERS_BY_NAME = {
    "Arbejdsmarkedsudvalget": "AMU",
    "Beskæftigelsesudvalget": "BEU",
    "Boligudvalget": "BOU",
    "Børne- og Undervisningsudvalget": "BUU",
    "Det Energipolitiske Udvalg": "EPU",
    "Det Politisk-Økonomiske Udvalg": "PØU",
    "Energi-, Forsynings- og Klimaudvalget": "EFK",
    "Epidemiudvalget": "EPI",
    "Erhvervs-, Vækst- og Eksportudvalget": "ERU",
    "Erhvervsudvalget": "ERU",
    "Europaudvalget": "EUU",
    "Finansudvalget": "FIU",
    "Forsvars-, Samfundssikkerheds- og Beredskabsudvalget": "FOU",
    "Forsvarsudvalget": "FOU",
    "Færøudvalget": "FÆU",
    "Grønlandsudvalget": "GRU",
    "Indenrigs- og Boligudvalget": "BOU",
    "Indfødsretsudvalget": "IFU",
    "Kirkeudvalget": "KIU",
    "Klima-, Energi- og Bygningsudvalget": "KEB",
    "Klima-, Energi- og Forsyningsudvalget": "KEF",
    "Kommunaludvalget": "KOU",
    "Kulturudvalget": "KUU",
    "Ligestillingsudvalget": "LIU",
    "Miljø- og Fødevareudvalget": "MOF",
    "Miljø- og Planlægningsudvalget": "MPU",
    "Miljøudvalget": "MIU",
    "Retsudvalget": "REU",
    "Skatteudvalget": "SAU",
    "Social- og Indenrigsudvalget": "SOU",
    "Social-, Indenrigs- og Børneudvalget": "SOU",
    "Socialudvalget": "SOU",
    "Sundheds- og Forebyggelsesudvalget": "SUU",
    "Sundheds- og Ældreudvalget": "SUU",
    "Sundhedsudvalget": "SUU",
    "Trafikudvalget": "TRU",
    "Transport-, Bygnings- og Boligudvalget": "TRU",
    "Transport- og Bygningsudvalget": "TRU",
    "Transportudvalget": "TRU",
    "Uddannelses- og Forskningsudvalget": "UFU",
    "Uddannelsesudvalget": "UDU",
    "Udenrigsudvalget": "URU",
    "Udlændinge-, Integrations- og Boligudvalget": "UUI",
    "Udlændinge- og Integrationsudvalget": "UUI",
    "Udvalget for Digitalisering og It": "DIU",
    "Udvalget for Forretningsordenen": "UFO",
    "Udvalget for Forskning, Innovation og Videregående Uddannelser": "FIV",
    "Udvalget for Fødevarer, Landbrug og Fiskeri": "FLF",
    "Udvalget for Landdistrikter og Øer": "ULØ",
    "Udvalget for Udlændinge- og Integrationspolitik": "UUI",
    "Udvalget for Videnskab og Teknologi": "UVT",
    "Undervisningsudvalget": "UNU",
    "Ældreudvalget": "ÆLU",
}


def _form(name: str) -> str:
    """The name as compared: one case and spacing, without "Folketingets", with the definite
    ending of "udvalget" dropped, so that "Folketingets Trafikudvalg" (an addressee, or the
    genitive's stem) and "Trafikudvalget" are one name."""
    form = re.sub(r"\s+", " ", name).strip().lower()
    form = re.sub(r"^folketingets ", "", form)
    form = re.sub(r"^det ", "", form)
    form = re.sub(r"(udvalg)(?:et|s)?\b", r"\1", form)
    return form.replace("energipolitiske", "energipolitisk").replace("politisk-økonomiske", "politisk-økonomisk")


_BY_FORM = {_form(name): letters for name, letters in LETTERS_BY_NAME.items()}
KNOWN_LETTERS = frozenset(LETTERS_BY_NAME.values())


def letters(name: str | None) -> str | None:
    """The letters of the committee called `name` as a letter writes it, or None if not known."""
    return _BY_FORM.get(_form(name)) if name else None


# Any name of the table, whole: "Udvalget for Fødevarer, Landbrug og Fiskeri" in a letterhead that
# lost its line breaks, "Udlændinge-, Integrations- og Boligudvalget" above "Folketinget".
# Also "Folketingets Grønlandsudvalg", the addressee's form of "Grønlandsudvalget".


def _named_pattern(name: str) -> str:
    definite = re.escape(name).replace(r"\ ", r"\s+")
    indefinite = re.sub(r"(?i)(udvalg)et", r"\1", definite)
    return rf"(?:Folketingets\s+(?:{definite}|{indefinite})|{definite})"


_NAMED_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(_named_pattern(name) for name in sorted(LETTERS_BY_NAME, key=len, reverse=True))
    + r")(?![\w-])(?!\s+og\s+[\w-]*udvalg)"  # not "Folketingets Erhvervsudvalg og Finansudvalg"
)


def named_in(text: str) -> str | None:
    """The one committee of the table that `text` names (in any of its names), or None where it
    names none or several."""
    # Not a name inside a sentence ("Kopi af svaret sendes til Retsudvalget", "samrådet i
    # Finansudvalget"): that committee is named for another reason.
    found = {match.group(0): letters(match.group(0)) for match in _NAMED_RE.finditer(text)
             if not re.search(r"(?:^|\s)[a-zæøå][\wæøå]*,?[ \t]+$", text[max(0, match.start() - 40) : match.start()])}
    return next(iter(found)) if len(set(found.values())) == 1 else None


def label(name: str) -> str:
    """The committee's name as its own label, whatever form the letter names it in: the
    addressee "Folketingets Miljø- og Planlægningsudvalg" and the subject "Miljø- og
    Planlægningsudvalget" name one committee, which gets one label; so does a bare
    "Forsvarsudvalg"."""
    name = re.sub(r",(?=\S)", ", ", re.sub(r"\s+", " ", name)).strip()  # "Fødevarer,Landbrug": a lost space
    rest = name.removeprefix("Folketingets ")
    if re.search(r"[a-zæøå]udvalg$", rest):
        return rest + "et"  # "Arbejdsmarkedsudvalg" -> "Arbejdsmarkedsudvalget"
    if rest == name:
        return name
    if rest.startswith("Udvalg "):
        return "Udvalget " + rest.removeprefix("Udvalg ")  # "Udvalg for ..." -> "Udvalget for ..."
    if re.fullmatch(r"[A-ZÆØÅ][\w-]*e Udvalg", rest):
        return "Det " + rest  # "Energipolitiske Udvalg" -> "Det Energipolitiske Udvalg"
    return name
