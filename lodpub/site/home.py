"""The home page as plain data: the newest answers, the numbers that matter, and the ways in."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.entities import Index
from .listings import Facet, Item, Listings
from .pages import Label

NEWEST = 10  # answers shown on the home page
WAYS_SHOWN = 12  # values shown of each way in; the rest are one click further, on the listing


@dataclass(frozen=True)
class Figure:
    label: Label
    value: str
    href: str | None


@dataclass(frozen=True)
class HomePage:
    newest: tuple[Item, ...]
    figures: tuple[Figure, ...]
    ways: tuple[Facet, ...]  # committee, minister, organisation, year: each value with its count
    more: dict[str, int]  # facet -> values not shown


def home_page(index: Index, listings: Listings) -> HomePage:
    by_kind = index.by_kind()
    answers = by_kind.get("answer", [])
    years = sorted({case.date[:4] for iri, case in listings.cases.items() if case.date})
    statements = len(by_kind.get("response", [])) + len(by_kind.get("finding", []))
    figures = (
        Figure(Label("svar", "answers"), str(len(answers)), "doc/answer/index.html"),
        Figure(Label("spørgsmål", "questions"), str(len(by_kind.get("question", [])),), "doc/question/index.html"),
        Figure(Label("organisationer", "organisations"), str(len(by_kind.get("organisation", []))), "doc/organisation/index.html"),
        Figure(Label("oplysninger fra operatører og myndigheder", "statements by operators and agencies"), str(statements), "overview.html"),
        Figure(Label("år", "years"), f"{years[0]}–{years[-1]}" if len(years) > 1 else (years[0] if years else "–"),
               "doc/answer/index.html"),
    )
    facets = listings.facets("answer", "index.html")
    ways, more = [], {}
    for name in ("committee", "minister", "organisation", "year"):
        if name in facets:
            facet = facets[name]
            ways.append(Facet(facet.name, facet.title, facet.values[:WAYS_SHOWN]))
            more[name] = max(0, len(facet.values) - WAYS_SHOWN)
    return HomePage(listings.newest("answer", NEWEST, "index.html"), figures, tuple(ways), more)
