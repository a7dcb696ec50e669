"""Checking a cited span: its offsets in the verbatim text hold the words the extractor read there."""

from __future__ import annotations

import re


def flatten(text: str) -> str:
    """Text with line-end hyphenation and all whitespace taken out, for comparing views."""
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=[a-zæøå])", "", text)
    return re.sub(r"[\s\-\uf0b7]+", "", text)


def assert_cites(verbatim: str, span) -> None:
    """The verbatim text at the span's offsets is its quote, and reads as the normalised text it was
    made from: the same first and last characters, and every character of it in order (letterhead set
    aside inside the span may add characters, never take them away)."""
    assert verbatim[span.start : span.end] == span.exact
    quoted, read = flatten(span.exact), flatten(span.text)
    assert quoted[:1] == read[:1] and quoted[-1:] == read[-1:], (span.exact, span.text)
    rest = iter(quoted)
    assert all(char in rest for char in read), (span.exact, span.text)
