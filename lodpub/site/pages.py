"""Plain page models for the HTML templates: labels, links and values, never an RDF graph."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..core import serialize
from ..core.entities import Entity, Index, entity_of
from ..core.formats import HTML, WRITTEN_DOCUMENT_FORMATS, Format
from ..core.namespaces import DCTERMS, OA, RDF_TYPE, XSD_STRING
from . import sources

FTV_CITATION = "citation"
# Incoming links shown per property on a page; the rest are counted and left to SPARQL.
INCOMING_SHOWN = 50


@dataclass(frozen=True)
class SiteInfo:
    """What every page shows about the dataset."""

    title: "Label"
    description: "Label"
    licence: str
    base: str
    date: str


def site_info(project, date: str = "") -> SiteInfo:
    """The dataset's title, description and licence as every page shows them."""
    return SiteInfo(
        title=Label(project.title["da"], project.title["en"]),
        description=Label(project.description["da"], project.description["en"]),
        licence=project.licence,
        base=project.base,
        date=date,
    )


@dataclass(frozen=True)
class Label:
    da: str
    en: str | None = None  # None: the same in both languages (a name)


@dataclass(frozen=True)
class Link:
    label: Label
    href: str | None  # None: not linkable (a non-web IRI)
    iri: str


@dataclass(frozen=True)
class Value:
    link: Link | None = None
    text: str | None = None
    lang: str | None = None
    datatype: str | None = None  # compact, e.g. "xsd:date"; None for strings


@dataclass(frozen=True)
class Row:
    predicate: Link
    values: tuple[Value, ...]
    more: int = 0  # values not shown


@dataclass(frozen=True)
class Part:
    """A hash part of the entity (#coverage, #frequency, ...) shown as its own small table."""

    anchor: str
    title: Label
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Citation:
    before: str
    quote: str
    after: str
    start: int
    end: int
    document: Link
    paragraphs: tuple = ()  # the passage as normalised paragraphs, the span marked (sources.py)
    original: str | None = None  # where the source text was published (ft.dk)


@dataclass(frozen=True)
class Alternate:
    format: Format
    href: str


@dataclass
class EntityPage:
    iri: str
    kind: str
    key: str
    title: Label
    types: tuple[Link, ...]
    rows: tuple[Row, ...]
    parts: tuple[Part, ...]
    incoming: tuple[Row, ...]
    citations: tuple[Citation, ...]
    alternates: tuple[Alternate, ...]
    jsonld: str
    root: str  # relative path from the page to the site root, e.g. "../../"
    breadcrumbs: tuple[Link, ...] = field(default=())
    statements: tuple = field(default=())  # what an organisation stated, by date (statements.py)
    statements_more: int = 0  # statements left off the page
    statement_listings: tuple = ()  # the listings holding all of them, by kind (statements.py)


class Linker:
    """Turns IRIs into links relative to a page, and terms into labels."""

    def __init__(self, index: Index, root: str):
        self.index = index
        self.root = root
        self.base = index.project.base
        self.prefixes = sorted(serialize.prefixes(index.project).items(), key=lambda item: -len(item[1]))
        self._links: dict[str, Link] = {}

    def compact(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def label(self, iri: str) -> Label:
        da = self.index.label(iri, "da")
        en = self.index.label(iri, "en")
        if da is None and en is None:
            return Label(self.compact(iri))
        return Label(da or en, en if en != da else None)

    def href(self, iri: str) -> str | None:
        found = entity_of(iri, self.base)
        if found:
            entity, kind, key = found
            fragment = iri[len(entity):]
            return f"{self.root}doc/{kind}/{key}.html{fragment}"
        vocab = self.index.project.vocab
        if iri.startswith(vocab):
            return f"{self.root}vocab.html#{iri[len(vocab):]}"
        if iri.startswith(self.base):
            return f"{self.root}{iri[len(self.base):]}"
        # Only web IRIs become links: a javascript: or data: IRI in the data is shown as text.
        if iri.startswith(("http://", "https://")):
            return iri
        return None

    def link(self, iri: str) -> Link:
        # Made once per IRI: the listings of one folder link the same operators, ministries and
        # members on thousands of rows. A Link is frozen, and the index does not change.
        found = self._links.get(iri)
        if found is None:
            found = self._links[iri] = Link(self.label(iri), self.href(iri), iri)
        return found

    def value(self, term) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(link=self.link(term.value))
        if isinstance(term, ox.BlankNode):
            return Value(text=f"_:{term.value}")
        datatype = term.datatype.value if term.datatype else None
        if term.language or datatype in (None, XSD_STRING):
            return Value(text=term.value, lang=term.language)
        return Value(text=term.value, datatype=self.compact(datatype))


def _rows(triples: list[ox.Triple], linker: Linker, skip: set[str]) -> tuple[Row, ...]:
    grouped: dict[str, list[Value]] = defaultdict(list)
    for triple in triples:
        predicate = triple.predicate.value
        if predicate in skip:
            continue
        grouped[predicate].append(linker.value(triple.object))
    return tuple(Row(linker.link(p), tuple(values)) for p, values in grouped.items())


def entity_page(
    entity: Entity, index: Index, document: list[ox.Triple], verbatim: dict[str, str], jsonld: bytes | None = None
) -> EntityPage:
    """The page model of one entity; `verbatim` maps document IRIs to their source text, `jsonld`
    is `document` as JSON-LD when the caller has it already."""
    root = "../../"
    linker = Linker(index, root)
    own = [t for t in entity.triples if t.subject.value == entity.iri]
    parts_by_anchor: dict[str, list[ox.Triple]] = defaultdict(list)
    for triple in entity.triples:
        if triple.subject.value != entity.iri:
            parts_by_anchor[triple.subject.value].append(triple)

    citation_iri = index.project.vocab + FTV_CITATION
    citations = tuple(
        c for c in (_citation(t.object.value, parts_by_anchor, linker, verbatim) for t in own if t.predicate.value == citation_iri) if c
    )
    # Selectors and the cited span are shown as the quotation itself, not as tables.
    cited = {t.object.value for t in own if t.predicate.value == citation_iri}
    cited |= {t.object.value for s in cited for t in parts_by_anchor.get(s, []) if t.predicate.value == OA + "hasSelector"}
    parts = tuple(
        Part(anchor=iri.split("#", 1)[1], title=_part_title(iri, parts_by_anchor[iri], linker), rows=_rows(triples, linker, {RDF_TYPE}))
        for iri, triples in parts_by_anchor.items()
        if iri not in cited
    )
    incoming: dict[str, list[Value]] = defaultdict(list)
    for triple in entity.incoming:
        source = entity_of(triple.subject.value, index.project.base)
        incoming[triple.predicate.value].append(Value(link=linker.link(source[0] if source else triple.subject.value)))
    incoming_rows = tuple(
        Row(linker.link(p), tuple(dict.fromkeys(values))[:INCOMING_SHOWN], max(0, len(dict.fromkeys(values)) - INCOMING_SHOWN))
        for p, values in sorted(incoming.items())
    )
    return EntityPage(
        iri=entity.iri,
        kind=entity.kind,
        key=entity.key,
        title=linker.label(entity.iri),
        types=tuple(linker.link(t) for t in entity.types()),
        rows=_rows(own, linker, {RDF_TYPE}),
        parts=parts,
        incoming=incoming_rows,
        citations=citations,
        # The files beside the page, which every host serves (lodpub serve answers more formats).
        alternates=tuple(Alternate(f, f"{entity.key}.{f.extension}") for f in WRITTEN_DOCUMENT_FORMATS if f is not HTML),
        jsonld=script_json((jsonld or serialize.jsonld(document, index.project)).decode("utf-8")),
        root=root,
    )


def _part_title(iri: str, triples: list[ox.Triple], linker: Linker) -> Label:
    for triple in triples:
        if triple.predicate.value == RDF_TYPE:
            return linker.label(triple.object.value)
    return Label(iri.split("#", 1)[1])


def _citation(span_iri: str, parts: dict[str, list[ox.Triple]], linker: Linker, verbatim: dict[str, str]) -> Citation | None:
    span = parts.get(span_iri, [])
    source = next((t.object.value for t in span if t.predicate.value == OA + "hasSource"), None)
    selectors = [t.object.value for t in span if t.predicate.value == OA + "hasSelector"]
    start = end = None
    for selector in selectors:
        for triple in parts.get(selector, []):
            if triple.predicate.value == OA + "start":
                start = int(triple.object.value)
            elif triple.predicate.value == OA + "end":
                end = int(triple.object.value)
    text = verbatim.get(source or "")
    if text is None or start is None or end is None:
        return None
    context_start = text.rfind("\n\n", 0, max(0, start - 300))
    context_start = 0 if context_start < 0 else context_start + 2
    context_end = text.find("\n\n", min(len(text), end + 300))
    context_end = len(text) if context_end < 0 else context_end
    shown = text.replace("\uf0b7", "•")  # the Symbol font's bullet has no glyph in web fonts
    document = linker.index.entities.get(source)
    original = next((t.object.value for t in document.triples
                     if t.subject.value == source and t.predicate.value == DCTERMS + "source"), None) if document else None
    return Citation(
        before=shown[context_start:start], quote=shown[start:end], after=shown[end:context_end],
        start=start, end=end, document=linker.link(source),
        paragraphs=sources.paragraphs(text, start, end), original=original,
    )


def script_json(text: str) -> str:
    """JSON safe inside <script>: no "</" can close the element early, no "<!--" can open a comment.

    Both can only occur inside JSON strings, where "\\u003c" is the same character.
    """
    return text.replace("</", "\\u003c/").replace("<!--", "\\u003c!--")
