"""HTML from page models: one jinja2 environment, autoescaped, templates chosen by name."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

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


# The small pieces every page repeats hundreds of times: a label, a bilingual text, a link, a
# value. Plain functions, not template macros: a macro call costs jinja2 a context and a frame,
# and they were half of the time spent rendering the site. Objects as site/pages.py makes them.
# Escaped with markupsafe's C escape and joined by f-strings (Markup.format parses its format
# string in Python, and cost more than the macros did).


def t(da, en) -> Markup:
    """Danish first; English beside it, shown or hidden by the language switch."""
    return Markup(f'<span class="da" lang="da">{escape(da)}</span><span class="en" lang="en">{escape(en)}</span>')


def label(l) -> Markup:
    return t(l.da, l.en) if l.en else escape(l.da)


def link(l) -> Markup:
    if l.href:
        return Markup(f'<a href="{escape(l.href)}">{label(l.label)}</a>')
    return Markup(f'<span class="iri">{label(l.label)}</span>')


def value(v) -> Markup:
    if v.link:
        return link(v.link)
    block = " block" if "\n" in v.text else ""
    if v.lang:
        return Markup(f'<span lang="{escape(v.lang)}" class="literal{block}">{escape(v.text)}</span>')
    if v.datatype:
        return Markup(f'<span class="literal{block}">{escape(v.text)}</span> <small class="datatype">{escape(v.datatype)}</small>')
    return Markup(f'<span class="literal{block}">{escape(v.text)}</span>')


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
    env.globals.update(t=t, label=label, link=link, value=value)
    env.globals["kind_labels"] = ENTITY_KIND_LABELS
    env.globals["searched_kinds"] = SEARCHED_KINDS
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
