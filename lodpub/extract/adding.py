"""`lodpub add`: a new answer text into seeds/, its sidecar written from what the text and its URL say.

The question's identity (session, committee, number, kind, bill) comes from the ft.dk URL and
from the text's own header and page stamps; where both give a part, they must agree, or the
text is not added. The text is stored byte for byte; the sidecar records its sha256.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..core.danish import key
from ..errors import UserError
from . import answer, committees, seeds
from . import header as headers

# https://www.ft.dk/samling/20151/almdel/uui/spm/896/index.htm (and .../svar/.../index.htm); also
# the same page at www.eu.dk, Folketinget's EU site, which serves the questions it covers.
_URL_RE = re.compile(
    r"^https?://(?:www\.)?(?:ft|eu)\.dk/samling/(?P<session>\d{4}[12])/"
    r"(?:almdel/(?P<committee>[^/]+)/spm/(?P<number>\d+)"
    r"|lovforslag/(?P<bill>L\d+[A-Z]?)/spm/(?P<bill_number>\d+)"
    r"|beslutningsforslag/(?P<proposal>B\d+)/spm/(?P<proposal_number>\d+)"
    r"|spoergsmaal/(?P<s20>s\d+))(?:/|$)",
    re.IGNORECASE,
)
# ft.dk's stamp: "Udlændinge- og Integrationsudvalget 2018-19 (2. samling)" (headers.STAMP_RE) and "UUI Alm.del ...".
_COMMITTEE_STAMP_RE = re.compile(r"^\s*(?P<letters>[A-ZÆØÅ]{2,6}),?\s+alm\.?\s*del\b", re.IGNORECASE | re.MULTILINE)
# A committee's letters before the bill: "Besvarelse af KOU ad B50 - Spørgsmål 6", "FOU B8 spørgsmål 1:";
# taken only where they are a committee's known letters.
_COMMITTEE_ON_BILL_RE = re.compile(r"\b(?P<letters>[A-ZÆØÅ]{2,4})\s+(?:ad\s+)?[LB]\s*\d+\b")
SIDECAR_KINDS = {value: name for name, value in seeds.KINDS.items()}


@dataclass(frozen=True)
class Identity:
    session: str | None = None
    committee: str | None = None
    number: str | None = None
    kind: str | None = None  # general | bill | proposal | section-20
    bill: str | None = None


@dataclass(frozen=True)
class Added:
    seed: Path
    sidecar: Path
    key: str


def from_url(url: str) -> Identity:
    match = _URL_RE.match(url.strip())
    if match is None:
        raise UserError(
            f"not an ft.dk question URL: {url} (expected e.g. https://www.ft.dk/samling/20151/almdel/uui/spm/896/index.htm)"
        )
    session = match.group("session")
    if match.group("committee"):
        # ft.dk writes "PØU" as "p%c3%b8u" in its URLs
        return Identity(session, urllib.parse.unquote(match.group("committee")).upper(), match.group("number"), "general")
    if match.group("bill"):
        return Identity(session, None, match.group("bill_number"), "bill", _spaced(match.group("bill")))
    if match.group("proposal"):
        return Identity(session, None, match.group("proposal_number"), "proposal", _spaced(match.group("proposal")))
    return Identity(session, None, _spaced(match.group("s20")), "section-20")


def canonical_url(url: str) -> str:
    """`url` (an ft.dk URL, as `from_url` accepts it) as ft.dk serves it and the shapes require
    a source: https://www.ft.dk/... , whether given with http://, without www or at www.eu.dk."""
    return re.sub(r"^https?://(?:www\.)?(?:ft|eu)\.dk/", "https://www.ft.dk/", url.strip(), flags=re.IGNORECASE)


def from_text(text: str, path: Path) -> tuple[Identity, str | None, tuple[str, ...]]:
    """What the text says of the question's identity; the committee's letters its name stands
    for, where the letter or ft.dk's page stamp names it only in words (committees.py); and
    every question number the header names (a joint answer names several)."""
    header, _ = answer.header_of(text, path)
    session = None
    stamp = headers.stamp(text)
    if stamp:
        session = f"{stamp.group('year')}{stamp.group('sitting') or '1'}"
    letters = _COMMITTEE_STAMP_RE.search(text)
    on_bill = next((m.group("letters") for m in _COMMITTEE_ON_BILL_RE.finditer(text) if m.group("letters") in committees.KNOWN_LETTERS), None)
    committee = letters.group("letters").upper() if letters else on_bill
    stated = Identity(session, committee, header.number, header.kind, header.bill)
    # The letter's own name for its committee first; ft.dk's stamp names it as ft.dk files it.
    named = committees.letters(header.committee_name) or committees.letters(headers.stamped_committee(text))
    return stated, named, header.answers


def identify(text: str, path: Path, url: str | None, committee: str | None) -> Identity:
    """The question's identity from URL and text together; UserError naming every disagreement.

    The committee's letters come from --committee, the URL or the page stamp ("UUI Alm.del");
    only where none gives them, from the committee's name in the letter. A name is no ground
    to refuse letters given otherwise: the list of names may lag behind a renaming."""
    stated, named, numbers = from_text(text, path)
    given = from_url(url) if url else Identity()
    if given.number and given.number in numbers:
        # "spørgsmål 2-6", "spørgsmål nr. 12 og 13": one letter answers this question among others.
        stated = dataclasses.replace(stated, number=given.number)
    if committee:
        given = Identity(given.session, committee.upper(), given.number, given.kind, given.bill)
    if given.committee and stated.committee not in (None, given.committee) and named == given.committee:
        # ft.dk's stamp says where ft.dk filed this copy ("FOU Alm.del Bilag 143"); the letter names the
        # committee that asked, as the URL does ("Folketingets Finansudvalg har ... stillet").
        stated = dataclasses.replace(stated, committee=None)
    problems = [
        f"{part}: the text says {getattr(stated, part)!r}, the URL {getattr(given, part)!r}"
        for part in ("session", "committee", "number", "kind", "bill")
        if getattr(stated, part) and getattr(given, part) and getattr(stated, part) != getattr(given, part)
    ]
    if problems:
        message = "the text's header and the URL name different questions: " + "; ".join(problems)
        if len(problems) == 1 and stated.number != given.number and given.session:
            # ft.dk files an answer under another question's page now and then; the letter says which it answers.
            own = dataclasses.replace(given, number=stated.number)
            if own.kind != "general" or own.committee:
                message += (f"; if the letter answers question {stated.number}, add it with that question's URL: "
                            f"{question_url(own)}")
        raise UserError(message, path)
    merged = Identity(*(getattr(given, part) or getattr(stated, part) for part in ("session", "committee", "number", "kind", "bill")))
    if merged.kind is None and merged.number and merged.number.startswith("S"):
        merged = Identity(merged.session, merged.committee, merged.number, "section-20", None)
    if merged.committee is None and named and merged.kind in ("general", "bill", "proposal"):
        merged = dataclasses.replace(merged, committee=named)
    missing = [part for part in ("session", "number", "kind") if not getattr(merged, part)]
    if merged.kind in ("general", "bill", "proposal") and not merged.committee:
        missing.append("committee (give --committee, e.g. --committee UUI)")
    if missing:
        raise UserError(
            "neither the text nor the URL says the question's " + ", ".join(missing)
            + ("" if url else "; give its ft.dk URL with --url"),
            path,
        )
    return merged


def question_url(identity: Identity) -> str:
    """The question's page on ft.dk, where no URL was given."""
    base = f"https://www.ft.dk/samling/{identity.session}"
    if identity.kind == "section-20":
        return f"{base}/spoergsmaal/{identity.number.replace(' ', '').lower()}/index.htm"
    if identity.kind in ("bill", "proposal"):
        folder = "lovforslag" if identity.kind == "bill" else "beslutningsforslag"
        return f"{base}/{folder}/{identity.bill.replace(' ', '')}/spm/{identity.number}/index.htm"
    return f"{base}/almdel/{identity.committee.lower()}/spm/{identity.number}/index.htm"


def seed_key(identity: Identity) -> str:
    if identity.kind == "section-20":
        return f"{identity.session}-{key(identity.number)}"
    middle = identity.bill if identity.kind in ("bill", "proposal") else identity.committee
    return f"{identity.session}-{key(middle)}-{key(identity.number)}"


def sidecar(identity: Identity, received_as: str, url: str, sha256: str) -> str:
    lines = [
        "# Sidecar written by `lodpub add` from the text's header and its ft.dk URL.",
        "",
        "[source]",
        f"received_as = {_toml(received_as)}",
        f"url = {_toml(url)}",
        f'sha256 = "{sha256}"',
        "",
        "[question]",
        f'session = "{identity.session}"',
    ]
    if identity.committee:
        lines.append(f"committee = {_toml(identity.committee)}")
    lines += [f'number = "{identity.number}"', f"kind = {_toml(SIDECAR_KINDS[identity.kind])}"]
    if identity.bill:
        lines.append(f'bill = "{identity.bill}"')
    return "\n".join(lines) + "\n"


def add(seeds_dir: Path, file: Path, url: str | None, committee: str | None = None) -> Added:
    """Put `file` into seeds/ under its key with a sidecar; UserError if it cannot be or is there already."""
    if not file.is_file():
        raise UserError("no such file", file)
    raw = file.read_bytes()
    text = seeds.decode(raw, file)
    identity = identify(text, file, url, committee)
    name = seed_key(identity)
    target = seeds_dir / f"{name}.txt"
    digest = hashlib.sha256(raw).hexdigest()
    if target.exists():
        same = target.read_bytes() == raw
        raise UserError(
            f"{target.name} is there already" + (" (the same text)" if same else
            "; a new version of an answer is a new seed: remove or rename the old one first"),
            file,
        )
    seeds_dir.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    side = target.with_suffix(".toml")
    side.write_text(sidecar(identity, file.name, canonical_url(url) if url else question_url(identity), digest),
                    encoding="utf-8")
    return Added(target, side, name)


def _spaced(identifier: str) -> str:
    return re.sub(r"^([A-Za-z]+)\s*(\d)", lambda m: f"{m.group(1).upper()} {m.group(2)}", identifier.strip())


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
