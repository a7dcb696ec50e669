"""What an organisation has stated: its operator responses and the findings attributed to it, by date."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..core import layout
from ..core.entities import Entity, Index
from ..core.namespaces import PROV, SCHEMA
from .overview import row as response_row
from .pages import Label, Link, Linker

# Statements shown on an organisation's page, newest first; the rest are counted and linked.
STATEMENTS_SHOWN = 300


@dataclass(frozen=True)
class Statement:
    date: str
    link: Link
    text: str
    frequency: Label | None  # an operator response's; None for a finding
    coverage: Label | None


@dataclass(frozen=True)
class StatementListing:
    """All of an organisation's statements of one kind: the listing narrowed to it."""

    kind: str
    count: int
    href: str  # relative to the organisation's page


def statements(
    entity: Entity, index: Index, linker: Linker, dates: dict[str, str]
) -> tuple[tuple[Statement, ...], int, tuple[StatementListing, ...]]:
    """The organisation's statements, newest first, at most STATEMENTS_SHOWN; how many more; and
    the listings that hold them all, by kind."""
    ftv = index.project.vocab
    said_by = {ftv + "operator", PROV + "wasAttributedTo"}
    sources = sorted({t.subject.value.split("#", 1)[0] for t in entity.incoming if t.predicate.value in said_by})
    found = []
    for iri in sources:
        stated = index.entities.get(iri)
        if stated is None or stated.kind not in ("response", "finding"):
            continue
        text = next((t.object.value for t in stated.triples
                     if t.subject.value == iri and t.predicate.value == SCHEMA + "text"), "")
        if stated.kind == "response":
            row = response_row(stated, index, linker, dates)
            found.append(Statement(row.date, row.response, text, row.frequency, row.coverage))
        else:
            answer = next((t.object.value for t in stated.triples
                           if t.subject.value == iri and t.predicate.value == ftv + "inAnswer"), "")
            found.append(Statement(dates.get(answer, ""), linker.link(iri), text, None, None))
    found.sort(key=lambda s: s.link.iri)
    found.sort(key=lambda s: s.date, reverse=True)
    counts = Counter(index.entities[s.link.iri].kind for s in found)
    listings = tuple(
        StatementListing(kind, counts[kind], linker.root + layout.listing_page(kind, 1, "organisation", entity.key))
        for kind in ("response", "finding") if counts[kind]
    )
    return tuple(found[:STATEMENTS_SHOWN]), max(0, len(found) - STATEMENTS_SHOWN), listings
