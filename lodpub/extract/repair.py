"""Mend a text whose letters were garbled by a wrong decoding ("pÃ¥" for "på"), into a new file.

Some renderings garble only part of a text: "på" and "pÃ¥" in one letter. ftfy mends a text as a
whole only where all of it was decoded one way, so such a text comes out unchanged; mended word
by word, each garbled word is mended and each sound one left as it is. What no decoding can give
back (a byte lost: "â€" where "”" stood) is named by its line, for a hand to mend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ftfy
import ftfy.badness

from .seeds import MOJIBAKE_RE


@dataclass(frozen=True)
class Repaired:
    text: str
    mended: int  # words changed
    left: tuple[tuple[int, str], ...]  # (line, the garbled characters) that could not be mended


def repair(text: str) -> Repaired:
    """`text` with each garbled word mended; what is left garbled, by line."""
    mended = 0

    def mend(word: re.Match[str]) -> str:
        nonlocal mended
        fixed = ftfy.fix_encoding(word.group(0))
        mended += fixed != word.group(0)
        return fixed

    # Words: runs without whitespace, where a wrong decoding never puts a space or line break.
    fixed = re.sub(r"[^\s]+", mend, text)
    left = []
    for number, line in enumerate(fixed.split("\n"), 1):
        found = MOJIBAKE_RE.search(line)
        if found or ftfy.badness.is_bad(line):
            left.append((number, found.group(0) if found else line.strip()[:60]))
    return Repaired(fixed, mended, tuple(left))
