"""Property: the seed re-wrapped, re-hyphenated and re-laid-out still gives the same facts."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from citations import assert_cites
from projects import SEED

from lodpub.core.text import normalise
from lodpub.extract import answer, seeds

VERBATIM = SEED.read_text(encoding="utf-8")
VIEW = normalise(VERBATIM)
ORIGINAL = answer.extract(seeds.read(SEED))
_SUSPENSION = {"og", "eller", "samt", "til", "som"}


@st.composite
def layouts(draw) -> str:
    """The seed's blocks typeset anew: line width, hyphenation, spacing, letterhead, bullets."""
    double = draw(st.booleans())
    width = draw(st.integers(min_value=25, max_value=110))
    newline = "\n\n" if double else "\n"
    out: list[str] = []
    for index, block in enumerate(VIEW.blocks):
        text = VIEW.block_text(block)
        if block.kind == "heading":
            out.append(text + newline)
        else:
            lines = _wrap(draw, text, width)
            if block.kind == "bullet":
                lines[0] = "\uf0b7 " + lines[0]
            for number, line in enumerate(lines):
                trailing = draw(st.sampled_from(["", " ", "  "]))
                out.append(line + trailing + newline)
                if number < len(lines) - 1 and draw(st.integers(0, 30)) == 0:
                    # Page furniture in the middle of a paragraph, as PDF extraction leaves it.
                    out.append(draw(st.sampled_from(["Side 1/2", "1621279_0002.png", "Akt-id 1234567"])) + newline)
        if index == 0:
            out.append(" 1240 København K " + newline)  # closes the addressee block
        out.append((" " + newline) if double else "\n")
    return "".join(out)


def _wrap(draw, text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if not line or len(line) + 1 + len(word) <= width:
            line = f"{line} {word}" if line else word
            continue
        # Break a plain word with a hyphen the way a typesetter would, or not at all.
        if word.isalpha() and len(word) >= 6 and draw(st.booleans()):
            cut = draw(st.integers(min_value=2, max_value=len(word) - 3))
            rest = word[cut:]
            if rest.lower() not in _SUSPENSION and not rest[:1].isupper():
                lines.append(f"{line} {word[:cut]}-")
                line = rest
                continue
        lines.append(line)
        line = word
    lines.append(line)
    return lines


def _facts(extraction) -> dict:
    """Everything extracted except where in the text it stood."""
    def strip(value):
        if dataclasses.is_dataclass(value):
            return {f.name: strip(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "span"}
        if isinstance(value, tuple):
            return tuple(strip(v) for v in value)
        return value

    facts = strip(extraction)
    facts["question"].pop("text")
    facts["answer"].pop("text")
    return facts


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=layouts())
def test_relaid_seed_gives_the_same_facts(tmp_path: Path, text: str):
    path = tmp_path / "20151-uui-896.txt"
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    sidecar = SEED.with_suffix(".toml").read_text(encoding="utf-8")
    sidecar = sidecar.replace(hashlib.sha256(SEED.read_bytes()).hexdigest(), hashlib.sha256(raw).hexdigest())
    path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")

    extraction = answer.extract(seeds.read(path))

    assert _facts(extraction) == _facts(ORIGINAL)
    for fact in [*extraction.answer.responses, *extraction.answer.findings]:
        assert_cites(text, fact.span)
    assert [r.span.text for r in extraction.answer.responses] == [r.span.text for r in ORIGINAL.answer.responses]
