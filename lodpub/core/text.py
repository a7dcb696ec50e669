"""A normalised, readable view of a verbatim answer text, with a map back to the verbatim characters.

The verbatim text is never altered. PDF extraction breaks lines mid-word, double-spaces lines,
mixes letterhead and page-image markers into the body and writes bullets in the Symbol font's
private-use code point. The normalised view undoes that, block by block, and remembers for each
of its characters where it came from, so a span found in the view can be cited in the original.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .danish import SUSPENSION_WORDS
from .furniture import (
    INLINE_HEADING_RE,
    SOFT_HYPHEN,
    DroppedLine,
    Line,
    classify,
    drop_broken_letterhead_posts,
    drop_enclosure_list,
    drop_footer_ends,
    drop_label_values,
    drop_ministry_after_answer,
    drop_sender_units,
    drop_trailing_ministry,
    join_broken_closing,
    join_broken_headings,
    keep_dates_in_sentences,
    keep_table_cells,
    mark_names,
    split_lines,
)

# After a hyphen at a line end, these words mean the hyphen is a suspended one
# ("udlændinge- og integrationsministeren"): keep it and the space.
_SUSPENSION_WORDS = set(SUSPENSION_WORDS)


@dataclass(frozen=True)
class Block:
    """A paragraph, bullet item or heading of the normalised text: [start, end) in it."""

    kind: str  # "paragraph" | "bullet" | "heading" | "closing" | "name"
    start: int
    end: int
    line: int  # 1-based line of the verbatim text where the block starts


@dataclass
class NormalisedText:
    verbatim: str
    text: str
    blocks: list[Block]
    dropped: list[DroppedLine]
    # Runs of the offset map: normalised index n_starts[i] + k is verbatim v_starts[i] + k.
    n_starts: list[int] = field(repr=False)
    v_starts: list[int] = field(repr=False)
    line_starts: list[int] = field(repr=False)

    def verbatim_index(self, index: int) -> int:
        """The verbatim position of normalised character `index`."""
        run = bisect.bisect_right(self.n_starts, index) - 1
        return self.v_starts[run] + (index - self.n_starts[run])

    def verbatim_span(self, start: int, end: int) -> tuple[int, int]:
        """The verbatim [start, end) that normalised [start, end) was made from."""
        if end <= start:
            raise ValueError(f"empty span {start}:{end}")
        return self.verbatim_index(start), self.verbatim_index(end - 1) + 1

    def line_of(self, verbatim_index: int) -> int:
        """1-based line number of a verbatim position."""
        return bisect.bisect_right(self.line_starts, verbatim_index)

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


class _Builder:
    """Appends verbatim slices and inserted characters, recording the offset map."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.n_starts: list[int] = []
        self.v_starts: list[int] = []

    def copy(self, verbatim: str, start: int, end: int) -> None:
        if end <= start:
            return
        self.n_starts.append(self.length)
        self.v_starts.append(start)
        chunk = verbatim[start:end]
        # A no-break space reads as a space; same length keeps the run's map exact.
        chunk = chunk.replace("\u00a0", " ")
        self.parts.append(chunk)
        self.length += len(chunk)

    def insert(self, chars: str, at_verbatim: int) -> None:
        """Characters with no verbatim counterpart, mapped to the break they stand for."""
        for char in chars:
            self.n_starts.append(self.length)
            self.v_starts.append(at_verbatim)
            self.parts.append(char)
            self.length += 1


def _is_double_spaced(lines: list[Line]) -> bool:
    """Whether lines are mostly followed by an empty spacer line (a PDF-to-text artefact)."""
    nonempty = [i for i in range(len(lines) - 1) if not lines[i].empty]
    if len(nonempty) < 4:
        return False
    spaced = [i for i in nonempty if lines[i + 1].empty]
    if len(spaced) / len(nonempty) <= 0.6:
        return False
    # Short paragraphs with blank lines between them look the same; only a sentence that goes
    # on across the empty line ("... har den 7. september 2016 stillet" / "" / "følgende")
    # shows that the empty lines are spacers.
    return any(lines[i].kind == "text" and _next_text_starts_lower(lines, i) for i in spaced)


def _next_text_starts_lower(lines: list[Line], i: int) -> bool:
    """Whether the next line of text after `i` (past empty lines and page furniture) goes on in lower case."""
    for line in lines[i + 1 :]:
        if line.empty or line.kind in ("blank", "dropped", "address-end", "street"):
            continue
        return line.content[:1].islower()
    return False


def _breaks(lines: list[Line]) -> list[bool]:
    """For each line, whether it is a paragraph break.

    Single-spaced text: every blank line is one. Double-spaced text: the empty line after
    each line is a spacer, and only the blank lines left over are breaks.
    """
    double = _is_double_spaced(lines)
    breaks = [False] * len(lines)
    after_line = False
    for i, line in enumerate(lines):
        if double and after_line and line.empty:
            after_line = False
            continue
        after_line = not line.empty
        breaks[i] = line.kind == "blank" or (line.kind == "address-end" and _address_closes_block(lines, i))
    return breaks


def _address_closes_block(lines: list[Line], i: int) -> bool:
    """Whether the postal line at `i` ends a block, or sits inside a paragraph that goes on.

    Right under an addressee ("Udvalget" / "1240 København K") it always ends one. A sender's
    letterhead (unit, street, postal line, ...) can fall in the middle of a paragraph, as PDF
    extraction leaves page furniture: the paragraph goes on when the text before it does not
    end a sentence, or the text after it starts in lower case or with a digit.
    """
    before = next((line for line in reversed(lines[:i]) if not (line.empty or line.kind == "blank")), None)
    if before is None or before.kind not in ("dropped", "street"):
        return True
    text_before = next((line for line in reversed(lines[:i]) if line.kind in ("text", "bullet")), None)
    text_after = next((line for line in lines[i + 1 :] if line.kind in ("text", "bullet", "heading")), None)
    if text_before is None or text_after is None:
        return True
    sentence_ended = text_before.content.rstrip().endswith((".", ":", "?", "!", "”"))
    first = text_after.content[:1]
    return sentence_ended and not (first.islower() or first.isdigit())


def _ends_with_hyphen_break(prev: str, nxt: str) -> bool:
    return len(prev) >= 2 and prev.endswith("-") and prev[-2].isalnum() and nxt[:1].isalnum()


def _hyphen_join(prev: str, nxt: str, folded: str = "") -> str:
    """How a line ending in a hyphen joins the next: "" (drop it), "-" (keep) or "- " (suspended).
    `folded` is the whole text in lower case, where the word may be written again."""
    next_word = re.match(r"[^\s,.;:/]*", nxt).group(0)  # "og/eller": "og"
    if next_word.lower() in _SUSPENSION_WORDS and not (next_word == "som" and prev.endswith("lige-")):
        return "- "  # (but "lige-" / "som" is "ligesom")
    last_word = prev.rsplit(None, 1)[-1][:-1]
    if last_word[-1:].isdigit() or nxt[:1].isdigit():
        return "-"  # "1-\n3 gange": a range, not a broken word
    if nxt[:1].isupper() or last_word.isupper():
        return "-"  # "Ikast-\nBrande", "EU-\nborgere"
    # "mor/barn-\nundervisning": the hyphen of a slash compound is real; but in
    # "mor/barn-under-\nvisning" the word already has its real hyphen, so this one is a break.
    if "/" in last_word and "-" not in last_word:
        return "-"
    # "one-stop-\nshop": a compound whose hyphens are all real, as the text writes it elsewhere
    # ("One-stop-shoppen"); never the place itself, whose hyphen ends a line.
    word = re.search(r"\w[\w-]*$", last_word)
    if word and next_word and f"{word.group(0)}-{next_word}".lower() in folded:
        return "-"
    return ""


def normalise(verbatim: str) -> NormalisedText:
    """The normalised view of a verbatim text (see the module docstring)."""
    lines = split_lines(verbatim)
    dropped: list[DroppedLine] = []
    for line in lines:
        classify(line, dropped)
    join_broken_closing(lines)
    join_broken_headings(lines)
    keep_dates_in_sentences(lines, dropped)
    keep_table_cells(lines, dropped)
    drop_sender_units(lines, dropped)
    drop_footer_ends(lines, dropped)
    drop_broken_letterhead_posts(lines, dropped)
    drop_ministry_after_answer(lines, dropped)
    drop_trailing_ministry(lines, dropped)
    drop_enclosure_list(lines, dropped)
    drop_label_values(lines, dropped)
    for line in lines:
        if line.kind == "label":
            line.kind = "text"
    mark_names(lines)
    breaks = _breaks(lines)

    out = _Builder()
    blocks: list[Block] = []
    current: list[Line] = []
    current_kind = "paragraph"
    folded = verbatim.lower()

    def flush() -> None:
        nonlocal current, current_kind
        if not current:
            return
        if blocks:
            out.insert("\n\n", current[0].start - 1 if current[0].start else 0)
        start = out.length
        previous: Line | None = None
        for line in current:
            if previous is not None:
                joiner = " "
                if previous.content.endswith(SOFT_HYPHEN):
                    joiner = ""  # the soft hyphen itself goes in _drop_soft_hyphens
                elif _ends_with_hyphen_break(previous.content, line.content):
                    joiner = _hyphen_join(previous.content, line.content, folded)
                    # The hyphen was copied with the previous line; take it back off.
                    out.parts[-1] = out.parts[-1][:-1]
                    out.length -= 1
                    if joiner.startswith("-"):
                        out.copy(verbatim, previous.end - 1, previous.end)
                        joiner = joiner[1:]
                out.insert(joiner, previous.newline)
            out.copy(verbatim, line.start, line.end)
            previous = line
        blocks.append(Block(current_kind, start, out.length, current[0].number))
        current = []
        current_kind = "paragraph"

    pending_bullet = False
    for line, is_break in zip(lines, breaks):
        if line.kind == "dropped":
            continue
        if is_break:
            flush()
            continue
        if line.kind in ("blank", "address-end"):
            continue  # a spacer line of double-spaced text, or an address inside a paragraph
        if line.kind == "bullet-mark":
            flush()
            pending_bullet = True
            continue
        if (line.kind, current_kind) in (("closing-more", "closing"), ("heading-more", "heading")):
            current.append(line)  # "Med" / "venlig" / "hilsen", a heading broken at a hyphen: one block
            continue
        if line.kind in ("bullet", "heading", "closing", "name"):
            flush()
            current_kind = line.kind
            current.append(line)
            if line.kind not in ("bullet", "closing", "heading"):
                flush()
            continue
        if current_kind in ("closing", "heading"):
            flush()
        if pending_bullet:
            current_kind = "bullet"
            pending_bullet = False
        elif current and (line.content[:1] in "”“\"„»" or INLINE_HEADING_RE.match(line.content)) \
                and re.search(r"[.:!?”«\"]$", current[-1].content):
            # A quotation, or a heading run into its text ("Svar: Jeg ..."), opening after a
            # finished sentence starts a paragraph of its own.
            flush()
        elif current and current[0].content[:1] in "”“\"„»" and re.search(r"[”\"»]\.?$", current[-1].content) \
                and line.content[:1].isupper() and sum(_QUOTE_MARKS.count(c) for ln in current for c in ln.content) % 2 == 0:
            # A paragraph that is a quotation ends where the quotation does: "”Ministeren bedes ...”"
            # then "Der henvises til ...", with no empty line or heading between them.
            flush()
        current.append(line)
    flush()

    text = "".join(out.parts)
    if SOFT_HYPHEN in text:
        text, out = _drop_soft_hyphens(text, out)
    # A line split at a run-in heading is still one verbatim line.
    line_starts = [line.begin for i, line in enumerate(lines) if i == 0 or lines[i - 1].number != line.number]
    return NormalisedText(verbatim, text, blocks, dropped, out.n_starts, out.v_starts, line_starts)


_QUOTE_MARKS = "”“\"„»«"


def _drop_soft_hyphens(text: str, out: _Builder) -> tuple[str, _Builder]:
    """Rebuild the map without soft hyphens (rare; kept off the common path)."""
    rebuilt = _Builder()
    for index, char in enumerate(text):
        if char == SOFT_HYPHEN:
            continue
        run = bisect.bisect_right(out.n_starts, index) - 1
        rebuilt.insert(char, out.v_starts[run] + index - out.n_starts[run])
    return "".join(rebuilt.parts), rebuilt


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "nr", "pt", "p.t", "jf", "bl.a", "f.eks", "ca", "alm", "kl", "mv", "m.v", "m.m", "dvs",
    "evt", "inkl", "ekskl", "pkt", "stk", "jr", "hhv", "vedr", "sml", "mht", "ift", "s",
    "prof", "cand", "stud", "polit", "scient", "jur", "mag", "pens", "iflg", "pr", "mio", "mia",
}

# Also a full stop glued onto the next sentence by a rendering ("... efter andre arter.På den
# baggrund ..."), after a word of four letters or more, not an abbreviation ("Kgs.Lyngby", "m.fl.Det",
# "prof.Hansen") and not inside an address ("www.Borger.dk").
_SENTENCE_END_RE = re.compile(r"[.!?][”\"’)]?(?=\s+[”\"„(]?[A-ZÆØÅ0-9•])|(?<=[^\W\d_][a-zæøå]{3})(?P<glued>[.!?])(?=[A-ZÆØÅ][a-zæøå])")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans [start, end) within text[start:end], by full stops not after abbreviations."""
    end = len(text) if end is None else end
    spans = []
    begin = start
    for match in _SENTENCE_END_RE.finditer(text, start, end):
        stop = match.end()
        if match.group("glued") and re.search(r"(?:\bwww|://|@|/)\S*$", text[begin:match.start()]):
            continue
        word = re.search(r"([\w.]+)\.$", text[begin:match.start() + 1])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and word.group(1).isdigit() and not re.fullmatch(r"(?:18|19|20)\d\d", word.group(1)):
            continue  # "7. september", "nr. 3. Det" is rare; dates are common; a year ends a sentence
        spans.append((begin, stop))
        begin = stop
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        tail_end = end
        while tail_end > begin and text[tail_end - 1].isspace():
            tail_end -= 1
        if tail_end > begin:
            spans.append((begin, tail_end))
    return spans
