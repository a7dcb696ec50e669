"""Content negotiation (RFC 9110 §12.5.1): one function for pages, vocabulary, dumps and SPARQL.

A media range's quality applies to the formats it matches; the most specific range that matches
a format decides that format's quality (`text/turtle;q=0` beats `*/*`); q=0 means "not
acceptable". Ties go to the server's order of preference, except that when the client did not
say what it wants (no Accept, or only wildcards), browsers get HTML and other clients get the
first RDF format: a browser opening an entity URI wants a page, `curl` or a crawler wants data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..core.formats import HTML, Format

MAX_ACCEPT = 4096  # longer Accept headers are refused: no client needs more, and parsing costs
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_RANGE_RE = re.compile(rf"^\s*({_TOKEN})/({_TOKEN})\s*((?:;\s*{_TOKEN}\s*=\s*(?:{_TOKEN}|\"[^\"]*\")\s*)*)$")
_PARAM_RE = re.compile(rf";\s*({_TOKEN})\s*=\s*({_TOKEN}|\"[^\"]*\")")
_QVALUE_RE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


class MalformedAccept(ValueError):
    """The Accept header cannot be read: answer 400."""


class NotAcceptable(Exception):
    """Nothing offered is acceptable: answer 406 listing the alternatives."""

    def __init__(self, alternatives: Sequence[Format]):
        super().__init__("not acceptable")
        self.alternatives = tuple(alternatives)


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    quality: float

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return self.type in ("*", kind) and self.subtype in ("*", sub)


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; MalformedAccept when it is not RFC 9110 syntax."""
    if len(header) > MAX_ACCEPT:
        raise MalformedAccept(f"Accept header longer than {MAX_ACCEPT} characters")
    ranges = []
    for part in header.split(","):
        if not part.strip():
            continue  # RFC 9110 allows empty list elements
        match = _RANGE_RE.match(part)
        if match is None:
            raise MalformedAccept(f"cannot read media range {part.strip()[:80]!r}")
        kind, sub = match.group(1).lower(), match.group(2).lower()
        if kind == "*" and sub != "*":
            raise MalformedAccept(f"media range {part.strip()[:80]!r}: '*/' needs '/*'")
        quality = 1.0
        for name, value in _PARAM_RE.findall(match.group(3)):
            if name.lower() == "q":
                if not _QVALUE_RE.match(value):
                    raise MalformedAccept(f"q={value[:20]!r} is not a quality value (0 to 1, three decimals at most)")
                quality = float(value)
        ranges.append(MediaRange(kind, sub, quality))
    return ranges


def quality(fmt: Format, ranges: list[MediaRange]) -> tuple[float, int]:
    """The quality the client gives `fmt`, and how specifically it named it (0: not at all)."""
    best: MediaRange | None = None
    for media_range in ranges:
        # An alias (application/x-turtle) names the format outright; a wildcard matches only
        # the format's own media type, or text/turtle would count as an application/* format.
        named = media_range.specificity == 2 and any(media_range.matches(alias) for alias in fmt.aliases)
        if (named or media_range.matches(fmt.media_type)) and (best is None or media_range.specificity > best.specificity):
            best = media_range
    return (best.quality, best.specificity) if best else (0.0, 0)


def is_browser(user_agent: str | None) -> bool:
    return bool(user_agent) and "Mozilla/" in user_agent


def negotiate(
    offers: Sequence[Format],
    accept: str | None,
    user_agent: str | None = None,
    format_name: str | None = None,
) -> Format:
    """The format to answer in. `format_name` (?format=) overrides Accept.

    Raises MalformedAccept (400) or NotAcceptable (406).
    """
    return _negotiate(tuple(offers), accept, is_browser(user_agent), format_name)


# A client sends the same Accept header with every request, so the answers are remembered
# (refusals are not: they raise, and are rare).
@lru_cache(maxsize=1024)
def _negotiate(offers: tuple[Format, ...], accept: str | None, browser: bool, format_name: str | None) -> Format:
    if format_name:
        name = format_name.lower()
        # Clients spell it many ways: "ttl", "turtle", "text/turtle", "json-ld", "jsonld".
        chosen = next((f for f in offers if name in (f.name, f.label.lower(), f.media_type, f.extension, *f.aliases)), None)
        if chosen is None:
            raise NotAcceptable(offers)
        return chosen
    fallback = _fallback(offers, browser)
    if accept is None or not accept.strip():
        return fallback
    ranges = parse_accept(accept)
    scored = [(quality(f, ranges), index, f) for index, f in enumerate(offers)]
    acceptable = [s for s in scored if s[0][0] > 0]
    if not acceptable:
        raise NotAcceptable(offers)
    top = max(q for (q, _), _, _ in acceptable)
    tied = [s for s in acceptable if s[0][0] == top]
    named = [s for s in tied if s[0][1] == 2]
    if named:
        return min(named, key=lambda s: s[1])[2]
    # Only wildcards reached the top: the client did not say which format; use the default.
    if any(s[2] is fallback for s in tied):
        return fallback
    return min(tied, key=lambda s: (-s[0][1], s[1]))[2]


def _fallback(offers: Sequence[Format], browser: bool) -> Format:
    if HTML in offers and browser:
        return HTML
    return next((f for f in offers if f is not HTML), offers[0])
