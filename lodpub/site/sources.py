"""A cited passage as readable paragraphs: the extractor's normalised view of the verbatim text,
with the cited span found in it through the view's offset map."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from ..core.text import NormalisedText, normalise

# Paragraphs shown before and after those holding the cited span.
CONTEXT = 1


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "paragraph" | "bullet" | "heading"
    before: str
    quote: str  # the part of the cited span in this paragraph; "" if none
    after: str


@lru_cache(maxsize=32)
def _view(verbatim: str) -> NormalisedText:
    # Several entities cite the same text; a worker writes them close together.
    return normalise(verbatim)


def paragraphs(verbatim: str, start: int, end: int) -> tuple[Paragraph, ...]:
    """The paragraphs around verbatim [start, end), the span marked in them; () if not found."""
    view = _view(verbatim)
    indices = range(len(view.text))
    # The offset map runs from the view to the verbatim text and only grows: search it.
    first = bisect.bisect_left(indices, start, key=view.verbatim_index)
    last = bisect.bisect_left(indices, end, key=view.verbatim_index)
    if first >= last:
        return ()
    holding = [n for n, b in enumerate(view.blocks) if b.start < last and b.end > first]
    if not holding:
        return ()
    shown = view.blocks[max(0, holding[0] - CONTEXT) : holding[-1] + CONTEXT + 1]
    found = []
    for block in shown:
        text = view.text
        q0, q1 = max(block.start, first), min(block.end, last)
        if q0 >= q1:
            found.append(Paragraph(block.kind, _shown(text[block.start : block.end]), "", ""))
        else:
            found.append(Paragraph(block.kind, _shown(text[block.start : q0]), _shown(text[q0:q1]), _shown(text[q1 : block.end])))
    return tuple(found)


def _shown(text: str) -> str:
    return text.replace("\uf0b7", "•")  # the Symbol font's bullet has no glyph in web fonts
