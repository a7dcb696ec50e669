"""Seeds: verbatim source texts and their sidecars, read and checked, never changed."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError

KINDS = {"alm. del": "general", "lovforslag": "bill", "beslutningsforslag": "proposal", "§ 20": "section-20"}


@dataclass(frozen=True)
class Seed:
    path: Path
    name: str  # the file stem: the document's key
    text: str  # verbatim, decoded as UTF-8
    sha256: str
    received_as: str
    description: str
    url: str
    session: str
    committee: str | None  # letters as ft.dk writes them, e.g. "UUI"; None for § 20
    number: str  # "896", "S 696"
    kind: str  # general | bill | proposal | section-20
    bill: str | None  # "L 87" for questions on bills, "B 79" on proposals for resolutions


def find(seeds_dir: Path, names: list[str] | None = None) -> list[Path]:
    """The seed texts to extract: all of seeds/, or the given files, sorted."""
    if names:
        paths = [Path(name) for name in names]
        for path in paths:
            if not path.is_file():
                raise UserError("no such seed file", path)
        return sorted(paths)
    if not seeds_dir.is_dir():
        raise UserError("the seeds folder does not exist", seeds_dir)
    return sorted(seeds_dir.glob("*.txt"))


def read(path: Path) -> Seed:
    """Read one seed and its sidecar; UserError on anything a user has to fix."""
    try:
        raw = path.read_bytes()
    except OSError as error:  # a folder named like a seed, a file it may not read
        raise UserError(f"cannot read this seed: {error.strerror}", path) from None
    sidecar = _read_sidecar(path)
    text = decode(raw, path)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sidecar["sha256"]:
        raise UserError(
            f"this seed has changed since its sidecar recorded it: its sha256 is {digest}, "
            f"{path.with_suffix('.toml').name} says {sidecar['sha256']}. Seeds are verbatim and "
            "never edited; a new version of a source is a new seed with its own sidecar.",
            path,
        )
    return Seed(path=path, name=path.stem, text=text, sha256=digest, **sidecar_fields(sidecar))


def decode(raw: bytes, path: Path) -> str:
    """The text of a seed's bytes, or a UserError that says what the bytes are instead, or that
    its letters are garbled or lost."""
    text = utf8_text(raw, path)
    mojibake(text, path)
    lost_letters(text, path)
    return text


def utf8_text(raw: bytes, path: Path) -> str:
    """The text of a file's bytes, or a UserError that says what the bytes are instead."""
    if not raw.strip():
        raise UserError("the file is empty; a seed is the text of one answer", path)
    sample = raw[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) // 100 + 2:
        raise UserError(
            "this is a binary file, not a text; a seed is the plain text extracted from an "
            "answer (for a PDF: pdftotext -enc UTF-8 answer.pdf)",
            path,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        guess = "cp1252 or Latin-1" if _decodes_as_cp1252(raw) else "not UTF-8"
        raise UserError(
            f"the text is not UTF-8 (byte 0x{raw[error.start]:02X} looks like {guess}); "
            f"convert it first, e.g. iconv -f cp1252 -t utf-8, and record the new file's sha256",
            path,
            line,
        ) from None
    return text


# "Sprgsml nr. 15", "flgende": words of every answer, as a copy that dropped æ, ø and å writes them.
_WITHOUT_LETTERS_RE = re.compile(r"\b(?:[Ss]prgsml|flgende|besvarelse\s+p)\b")


def lost_letters(text: str, path: Path) -> None:
    """Refuse a text that lost its letters æ, ø and å: none of its words with them could be read,
    and the message for that would name the headings it seems to lack."""
    match = _WITHOUT_LETTERS_RE.search(text)
    if match is None or re.search("[æøåÆØÅ]", text):
        return
    raise UserError(
        f"the text has lost its letters æ, ø and å ('{match.group(0)}' for "
        f"'{match.group(0).replace('prgsml', 'pørgsmål').replace('flgende', 'følgende').replace(' p', ' på')}'): "
        "get it again from its source (the answer's page or PDF on ft.dk)",
        path,
        text.count("\n", 0, match.start()) + 1,
    )


# UTF-8 read as cp1252 or Latin-1 and saved again: "Ã¥" for "å", "Ã¸" for "ø", "â€" for "”", "Â§"
# for "§"; and "Â" alone, a no-break space's first byte, whose second one became a space ("(Kirkuk).   Â"
# ending a letter of 2008).
MOJIBAKE_RE = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|â€"
    "|Â[\u00a0-\u00bf]|(?<!\\S)Â(?!\\S)"
)


# A quotation mark before a letter: "»Økonomi- og Erhvervsministeriet ...", "”Ørsted”". ftfy's
# test of badness takes "»" or "”" before a letter such as "Ø" for mojibake, which Danish writes
# all the time; real mojibake of a Danish text has "Ã" or "â€" as well (MOJIBAKE_RE).
_QUOTED_LETTER_RE = re.compile(r"[»”](?=[^\W\d_])")


def looks_garbled(text: str) -> bool:
    """Whether ftfy takes `text` for a wrong decoding, quotation marks before letters set aside."""
    import ftfy.badness

    return ftfy.badness.is_bad(_QUOTED_LETTER_RE.sub('"', text))


def mojibake(text: str, path: Path) -> None:
    """Refuse a text whose letters were decoded with the wrong encoding once already.

    Its words would be read wrong ("pÃ¥" for "på"), and a repaired text is a different text:
    a new seed with its own sha256, never this one edited.
    """
    match = MOJIBAKE_RE.search(text)
    if match is None and not looks_garbled(text):
        return
    line = text.count("\n", 0, match.start()) + 1 if match else None
    sample = f" ('{match.group(0)}')" if match else ""
    raise UserError(
        f"the text is mojibake{sample}: UTF-8 that was read as cp1252 or Latin-1 and saved again, so "
        "'å' shows as 'Ã¥'. Mend it into a new file (lodpub repair seed.txt mended.txt), check it, and "
        "add that file as a new seed: it has its own sha256, and this one stays as it was",
        path,
        line,
    )


def _decodes_as_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _read_sidecar(path: Path) -> dict:
    sidecar = path.with_suffix(".toml")
    if not sidecar.is_file():
        raise UserError(
            f"no sidecar {sidecar.name} beside this seed; it records the source URL, the "
            "sha256 and the question's identifiers (see seeds/*.toml)",
            path,
        )
    try:
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserError(f"cannot read this sidecar: {error.strerror}", sidecar) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        match = re.search(r"line (\d+)", str(error))
        raise UserError(f"not valid TOML: {error}", sidecar, int(match.group(1)) if match else None) from None
    source, question = data.get("source", {}), data.get("question", {})
    required = {
        "source.sha256": source.get("sha256"),
        "source.url": source.get("url"),
        "question.session": question.get("session"),
        "question.number": question.get("number"),
        "question.kind": question.get("kind"),
    }
    missing = [name for name, value in required.items() if not value]
    if missing:
        raise UserError(f"missing {', '.join(missing)}", sidecar)
    if not re.fullmatch(r"[0-9a-f]{64}", source["sha256"]):
        raise UserError("source.sha256 must be 64 lower-case hex digits", sidecar)
    if not re.fullmatch(r"\d{4}[12]", str(question["session"])):
        raise UserError("question.session must look like 20151 (year and sitting)", sidecar)
    if question["kind"] not in KINDS:
        raise UserError(f"question.kind must be one of {', '.join(map(repr, KINDS))}", sidecar)
    if question["kind"] != "§ 20" and not question.get("committee"):
        raise UserError("question.committee is required unless kind is '§ 20'", sidecar)
    if question["kind"] == "lovforslag" and not re.fullmatch(r"L\s*\d+\s*[A-Z]?", str(question.get("bill", "")).strip()):
        raise UserError("question.bill (e.g. 'L 87') is required for kind 'lovforslag'", sidecar)
    if question["kind"] == "beslutningsforslag" and not re.fullmatch(r"B\s*\d+", str(question.get("bill", "")).strip()):
        raise UserError("question.bill (e.g. 'B 79') is required for kind 'beslutningsforslag'", sidecar)
    if not re.fullmatch(r"https?://\S+", source["url"]):
        raise UserError("source.url must be an http(s) URL", sidecar)
    return {**source, **{f"question_{k}": v for k, v in question.items()}}


def sidecar_fields(sidecar: dict) -> dict:
    return {
        "received_as": sidecar.get("received_as", ""),
        "description": sidecar.get("description", ""),
        "url": sidecar["url"],
        "session": str(sidecar["question_session"]),
        "committee": sidecar.get("question_committee"),
        "number": _spaced(str(sidecar["question_number"])),
        "kind": KINDS[sidecar["question_kind"]],
        "bill": _spaced(sidecar["question_bill"]) if sidecar.get("question_bill") else None,
    }


def _spaced(identifier: str) -> str:
    """'S696' and 'S 696' are one number; write it as ft.dk does, with the space."""
    return re.sub(r"^([A-Z]+)\s*(\d)", r"\1 \2", identifier.strip())
