"""Every answer fixture set anew (other line widths, spacing, hyphenation) gives the same header and signatures.

The fixtures reproduce layouts seen in real answers; this shows that what is read from them
does not hang on where their lines happen to break.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from projects import FIXTURES

from lodpub.core.text import normalise
from lodpub.extract import answer, header, seeds

CASES = sorted((FIXTURES / "answers").glob("*.txt"))
# (line width, spacing, page furniture inside paragraphs); spacing: "double" (an empty line after
# every line), "single" (empty lines between paragraphs) or "none" (no empty lines at all)
LAYOUTS = [(38, "single", False), (55, "double", False), (90, "single", False), (70, "single", True),
           (45, "double", True), (65, "none", False), (80, "none", True), (30, "double", True),
           (32, "none", False), (120, "none", False)]
FURNITURE = ["Side 1/2", "2108050_0002.png", "UUI, Alm.del - 2019-20 - Endeligt svar på spørgsmål 1: Spm. om x", "Offentligt"]
_SUSPENSION = {"og", "eller", "samt", "til", "som"}


def relaid(text: str, width: int, spacing: str, furniture: bool) -> str:
    """The text's blocks typeset anew; its own letterhead left out but for ft.dk's stamp atop,
    page furniture put inside paragraphs."""
    view = normalise(text)
    double = spacing == "double"
    newline = "\n\n" if double else "\n"
    stamp = header.STAMP_RE.search(text)
    out = [stamp.group(0) + newline] if stamp else []
    for block in view.blocks:
        content = view.block_text(block)
        if block.kind in ("heading", "closing", "name"):
            out.append(content + newline)
        else:
            lines = _wrap(content, width)
            if block.kind == "bullet":
                lines[0] = "\uf0b7 " + lines[0]
            for number, line in enumerate(lines):
                out.append(line + newline)
                if furniture and number == 1 and len(lines) > 3:
                    out.append(FURNITURE[block.line % len(FURNITURE)] + newline)
        out.append({"double": " \n\n", "single": "\n", "none": ""}[spacing])
    return "".join(out)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if not line or len(line) + 1 + len(word) <= width:
            line = f"{line} {word}" if line else word
            continue
        # Break a long plain word with a hyphen, as a typesetter would.
        cut = len(word) // 2
        if word.isalpha() and len(word) >= 10 and word[cut:].lower() not in _SUSPENSION and not word[cut].isupper():
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
            continue
        lines.append(line)
        line = word
    lines.append(line)
    return lines


def facts(extraction) -> dict:
    q, a = extraction.question, extraction.answer
    found = {f: getattr(q, f) for f in ("number", "kind", "bill", "date_asked", "asker", "party", "committee_name", "addressed_to")}
    found["question"] = q.text
    if a is not None:
        found["signatories"] = a.signatories
        found["statements"] = [(s.speaker, s.kind, s.reported_via) for s in a.statements]
        found["responses"] = [r.operator for r in a.responses]
    return found


@pytest.mark.parametrize("layout", LAYOUTS, ids=[f"w{w}-{d}{'-furniture' if f else ''}" for w, d, f in LAYOUTS])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_fixture_set_anew_gives_the_same_facts(path: Path, layout, tmp_path: Path):
    original = answer.extract(seeds.read(path))
    text = relaid(path.read_text(encoding="utf-8"), *layout).encode("utf-8")
    copy = tmp_path / path.name
    copy.write_bytes(text)
    sidecar = path.with_suffix(".toml").read_text(encoding="utf-8")
    old = hashlib.sha256(path.read_bytes()).hexdigest()
    copy.with_suffix(".toml").write_text(sidecar.replace(old, hashlib.sha256(text).hexdigest()), encoding="utf-8")
    assert facts(answer.extract(seeds.read(copy))) == facts(original)
