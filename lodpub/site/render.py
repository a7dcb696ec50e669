"""HTML from page models: one jinja2 environment, autoescaped, templates chosen by name."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

# The kinds whose pages the site's search finds (their pages are marked for Pagefind).
SEARCHED_KINDS = ("answer", "question", "organisation", "response", "finding")

ENTITY_KIND_LABELS = {
    "answer": ("Svar", "Answers"),
    "coverage-kind": ("Dækningstyper", "Coverage kinds"),
    "document": ("Kildetekster", "Source texts"),
    "finding": ("Konstateringer", "Findings"),
    "finding-kind": ("Typer af konstateringer", "Finding kinds"),
    "frequency-unit": ("Hyppighedsenheder", "Frequency units"),
    "offer-kind": ("Tilbudstyper", "Offer kinds"),
    "organisation": ("Organisationer", "Organisations"),
    "party": ("Partier", "Parties"),
    "person": ("Personer", "People"),
    "post": ("Poster", "Posts"),
    "qualifier": ("Forbehold", "Qualifiers"),
    "question": ("Spørgsmål", "Questions"),
    "question-kind": ("Spørgsmålstyper", "Question kinds"),
    "response": ("Operatørsvar", "Operator responses"),
    "scheme": ("Begrebssystemer", "Concept schemes"),
    "software": ("Software", "Software"),
}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("lodpub", "templates"),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["kind_labels"] = ENTITY_KIND_LABELS
    env.globals["searched_kinds"] = SEARCHED_KINDS
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
