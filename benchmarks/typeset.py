"""Setting a text as PDF-to-text extraction leaves it: column width, hyphens at line ends, spacing.

The layouts are those DESIGN.md lists: double-spaced (every line followed by an empty line, a
line holding one space between paragraphs), single-spaced (paragraphs parted by an empty line
or a line holding one space) or compact (no empty lines at all); Symbol-font or "•" bullets or
running text; page furniture inside paragraphs.
"""

from __future__ import annotations

import random

_SUSPENSION = ("og", "eller", "samt", "til", "som")
_TRAILING_PUNCT = ",.;:?!”)"
_VOWELS = "aeiouyæøåéAEIOUYÆØÅÉ"


def split_word(word: str, room: int, rng: random.Random, rate: float) -> tuple[str, str] | None:
    """Break `word` at a line end so the head, hyphen included, fits in `room`; None: don't."""
    if room < 3 or rng.random() >= rate:
        return None
    cut = word.rfind("-", 0, room)
    if 0 < cut < len(word) - 1:
        # A real hyphen the reader keeps: "mor/barn-|undervisning", "Ikast-|Brande", "1-|3".
        before, rest = word[:cut], word[cut + 1 :]
        kept = rest[:1].isupper() or rest[:1].isdigit() or before[-1:].isdigit() or (
            "/" in before and "-" not in before
        )
        if before[-1:].isalnum() and rest[:1].isalnum() and kept:
            return before + "-", rest
    core = word.rstrip(_TRAILING_PUNCT)
    # Plain words, or the last part of a compound: "Ca-|fé", "mor/barn-under-|visning".
    first = max(core.rfind("-"), core.rfind("/")) + 1
    if len(core) - first < 4 or not core[first:].isalpha() or core.isupper():
        return None
    # Before a consonant that starts a syllable ("op-lyst", "indkvar-teret"), as far right as fits.
    cut = next((i for i in range(min(len(core) - 2, room - 1), first + 1, -1)
                if core[i] not in _VOWELS and core[i + 1] in _VOWELS), 0)
    if not cut:
        return None
    head, rest = word[:cut], word[cut:]
    # "fremtil" broken as "frem-|til" would read as a suspended hyphen: "frem- til".
    if rest.rstrip(_TRAILING_PUNCT).lower() in _SUSPENSION or head.isupper():
        return None
    return head + "-", rest


def wrap(text: str, width: int, rng: random.Random, rate: float) -> list[str]:
    """Lines of at most `width` characters (a word longer than that stands alone)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            split = split_word(word, width - len(line) - 1, rng, rate) if rate else None
            if split:
                lines.append(f"{line} {split[0]}")
                line = split[1]
            else:
                lines.append(line)
                line = word
    lines.append(line)
    return lines


class Layout:
    """How one text is set: spacing, column width, hyphenation, bullets."""

    def __init__(self, rng: random.Random):
        roll = rng.random()
        self.spacing = "double" if roll < 0.4 else ("single" if roll < 0.8 else "compact")
        self.width = rng.randint(60, 100)
        self.rate = 0.0 if rng.random() < 0.2 else rng.choice((0.3, 0.5, 0.8))
        self.trail = rng.choice(("", " "))
        self.blank = rng.choice(("", " "))  # a paragraph break in single-spaced text
        roll = rng.random()
        self.bullet = "\uf0b7" if roll < 0.45 else ("•" if roll < 0.7 else None)  # None: running text
        self.bullet_lead = rng.choice(("", " "))
        self.bullets_apart = self.spacing == "double" or rng.random() < 0.5
        self.mark_alone = rng.random() < 0.05  # the bullet's mark on a line of its own
        self.heading_gap = self.spacing != "compact" and rng.random() < 0.7


def render(blocks: list[tuple], layout: Layout, rng: random.Random) -> str:
    """The text of `blocks`: (kind, text or lines, furniture lines to set inside it or None)."""
    double = layout.spacing == "double"
    newline = "\n\n" if double else "\n"
    trail = layout.trail
    out: list[str] = []

    def emit(line: str) -> None:
        out.append(line + (newline if line.endswith("-") else trail + newline))

    def paragraph_break() -> None:
        if double:
            out.append(" " + newline)
        elif layout.spacing == "single":
            out.append(layout.blank + "\n")

    for index, (kind, payload, furniture) in enumerate(blocks):
        if kind == "raw":
            for line in payload:
                emit(line)
        elif kind == "heading":
            emit(payload)
            if not layout.heading_gap:
                continue
        else:
            bullet = kind == "bullet"
            lines = wrap(payload, layout.width - (2 if bullet else 0), rng, layout.rate)
            if bullet:
                mark = layout.bullet_lead + layout.bullet
                if layout.mark_alone:
                    lines.insert(0, mark)
                else:
                    lines[0] = f"{mark} {lines[0]}"
            if furniture and len(lines) > 1:
                # Never after "indkvarte-" (a word's halves would be parted), and never between
                # two sentences: a letterhead there reads like a paragraph break, to a person too.
                places = [
                    i for i in range(1, len(lines))
                    if not lines[i - 1].endswith("-")
                    and not (lines[i - 1].rstrip().endswith((".", ":", "?", "!", "”")) and lines[i][:1].isupper())
                ]
                if places:
                    at = rng.choice(places)
                    lines[at:at] = furniture
            for line in lines:
                emit(line)
            following = blocks[index + 1][0] if index + 1 < len(blocks) else None
            if bullet and following == "bullet" and not layout.bullets_apart:
                continue
        paragraph_break()
    return "".join(out)


def parted(text: str) -> float:
    """The share of lines followed by an empty line (most, in double-spaced text)."""
    lines = text.split("\n")
    filled = [i for i in range(len(lines) - 1) if lines[i]]
    return sum(1 for i in filled if not lines[i + 1]) / len(filled) if len(filled) >= 4 else 0.0
