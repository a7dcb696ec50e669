"""Mend a text whose letters were garbled by a wrong decoding ("pÃ¥" for "på"), into a new file.

Some renderings garble only part of a text: "på" and "pÃ¥" in one letter. ftfy mends a text as a
whole only where all of it was decoded one way, so such a text comes out unchanged; mended word
by word, each garbled word is mended and each sound one left as it is.

One loss is mended by elimination: "”" is the bytes E2 80 9D, and 9D is no cp1252 character, so
a text decoded as cp1252 keeps "â€" and loses the rest. Of the characters whose last byte cp1252
loses that way (U+2001, U+200D, U+200F, U+2010, U+201D), an answer writes only "”"; each such
place is named for a reader to check. What no decoding can give back otherwise is named by its
line, and nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ftfy

from .seeds import MOJIBAKE_RE, looks_garbled


# "â€" that no cp1252 character follows to complete it: "”" with its last byte lost.
_LOST_CLOSING_QUOTE_RE = re.compile(
    "â€(?![\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122])"
)


@dataclass(frozen=True)
class Repaired:
    text: str
    mended: int  # words changed
    left: tuple[tuple[int, str], ...]  # (line, the garbled characters) that could not be mended
    restored: tuple[int, ...] = ()  # lines where a "”" that lost its last byte was restored


def repair(text: str) -> Repaired:
    """`text` with each garbled word mended; what is left garbled, by line."""
    mended = 0
    restored = tuple(text.count("\n", 0, m.start()) + 1 for m in _LOST_CLOSING_QUOTE_RE.finditer(text))
    text = _LOST_CLOSING_QUOTE_RE.sub("\u201d", text)

    def mend(word: re.Match[str]) -> str:
        nonlocal mended
        if not MOJIBAKE_RE.search(word.group(0)) and not looks_garbled(word.group(0)):
            return word.group(0)  # "»Økonomi-": sound, though ftfy alone would make it "ȯkonomi-"
        if word.group(0) == "Â":
            # A no-break space's first byte, alone: its second byte, the space beside it, is
            # what is left of the no-break space.
            mended += 1
            return ""
        try:
            # The exact inverse of UTF-8 read as cp1252, where it applies: ftfy alone decodes
            # "Â»Ã˜konomi" twice over, into "ȯkonomi".
            fixed = word.group(0).encode("cp1252").decode("utf-8")
        except UnicodeError:
            fixed = ftfy.fix_encoding(word.group(0))
        mended += fixed != word.group(0)
        return fixed

    # Words: runs without whitespace, where a wrong decoding never puts a space or line break.
    fixed = re.sub(r"[^\s]+", mend, text)
    left = []
    for number, line in enumerate(fixed.split("\n"), 1):
        found = MOJIBAKE_RE.search(line)
        if found or looks_garbled(line):
            left.append((number, found.group(0) if found else line.strip()[:60]))
    return Repaired(fixed, mended + len(restored), tuple(left), restored)
