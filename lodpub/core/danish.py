"""Danish words the extractor has to read: months, numbers written as words, keys."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}

# Cardinal words as they appear in answers; "et"/"en" only count where a number is
# expected (the caller decides), since they are also the indefinite article.
NUMBER_WORDS = {
    "nul": 0, "én": 1, "ét": 1, "en": 1, "et": 1, "een": 1, "eet": 1, "to": 2, "tre": 3,
    "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10,
    "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
}

# A number as digits (with a decimal comma) or as a word.
NUMBER = r"(?:\d+(?:,\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

MONTH = "|".join(MONTHS)
# Words after a suspended part of a compound, whose hyphen stays with a space: "udlændinge- og
# integrationsminister", "social- og/eller sundhedsfaglige", "kort- hhv. langvarige".
SUSPENSION_WORDS = ("og", "eller", "samt", "til", "som", "hhv", "henholdsvis", "såvel", "end", "men")
# "7. september 2016", "7.september 2016", "22. november2010" (run together), "28 . maj 2009" (as
# some letterheads write it); "den 7. sept. 2016" is not used in answers, and "12 maj 2016" without
# the day's full stop may be a count in a table.
DATE = rf"(?P<day>\d{{1,2}})\s?\.\s?(?P<month>{MONTH})\s*(?P<year>\d{{4}})"
DATE_RE = re.compile(DATE, re.IGNORECASE)

_FOLD = str.maketrans({
    "æ": "ae", "ø": "oe", "å": "aa", "ö": "oe", "ä": "ae", "ü": "ue",
    "Æ": "ae", "Ø": "oe", "Å": "aa", "Ö": "oe", "Ä": "ae", "Ü": "ue",
})


def number(word: str) -> float | int:
    """The value of a number written as digits ("3", "1,5") or a word ("ét", "fire")."""
    word = word.strip().lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if "," in word:
        return float(word.replace(",", "."))
    return int(word)


def parse_date(match: re.Match[str]) -> dt.date:
    """The date a DATE_RE match names; ValueError for an impossible date."""
    return dt.date(
        int(match.group("year")), MONTHS[match.group("month").lower()], int(match.group("day"))
    )


def key(text: str) -> str:
    """A stable, readable URI key: "Tønder Kommune" -> "toender-kommune"."""
    folded = text.translate(_FOLD)
    # Other accents (é, ü already folded) lose their marks rather than the letter.
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
