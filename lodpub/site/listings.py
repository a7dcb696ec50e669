"""Listings of entities as page models: sorted, paginated, and for answers and questions by facet.

One listing page is one model; the HTML template, the CSV and the JSON of that page are all
written from it, so the three always hold the same rows. The facts of each question and its
answer (date, committee, minister, asker, party, organisations) are read once from the index.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import posixpath
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..core import layout
from ..core.entities import Entity, Index
from ..core.namespaces import DCTERMS, PROV, SCHEMA
from .pages import Label, Link, Linker

# Kinds whose listings are sorted newest first and can be narrowed by facet: questions and
# answers, and the statements in answers (operator responses and findings), dated by the answer.
CASE_KINDS = ("answer", "question")
STATEMENT_KINDS = ("response", "finding")
DATED_KINDS = CASE_KINDS + STATEMENT_KINDS

FACET_TITLES = {
    "year": Label("År", "Year"),
    "committee": Label("Udvalg", "Committee"),
    "minister": Label("Minister", "Minister"),
    "party": Label("Spørgerens parti", "Asker's party"),
    "organisation": Label("Organisation", "Organisation"),
}


@dataclass(frozen=True)
class Column:
    name: str  # the field's name in the CSV and JSON
    title: Label


@dataclass(frozen=True)
class Cell:
    text: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Item:
    link: Link
    key: str
    cells: tuple[Cell, ...]  # one per column after the name


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: Label
    count: int
    href: str  # relative to the page
    current: bool


@dataclass(frozen=True)
class Facet:
    name: str
    title: Label
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class PageLink:
    number: int
    href: str  # relative to the page
    current: bool


@dataclass(frozen=True)
class ListingPage:
    kind: str
    path: str  # of the HTML file, relative to the site's root
    root: str  # from the page to the site's root
    columns: tuple[Column, ...]
    items: tuple[Item, ...]
    number: int
    page_count: int
    # Links to the pages before and after this one, and to the first, the last and those around
    # this one (None where pages are left out): a listing of N pages links to a few, not to N, so
    # writing it stays linear in N.
    previous: PageLink | None
    next: PageLink | None
    nearby: tuple[PageLink | None, ...]
    total: int
    first: int  # the number of the page's first row in the whole listing, from 1
    facets: tuple[Facet, ...]
    filter: tuple[Label, Label] | None  # (facet's title, value's label) of a narrowed listing
    unfiltered: str  # the whole listing of the kind, relative to the page
    csv: str  # this page's CSV and JSON, relative to the page
    json: str


def nearby_numbers(number: int, count: int) -> tuple[int | None, ...]:
    """The first and last page and the two on each side of `number`; None for each gap."""
    keep = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    shown: list[int | None] = []
    for n in keep:
        if shown and shown[-1] is not None and n > shown[-1] + 1:
            shown.append(None)
        shown.append(n)
    return tuple(shown)


@dataclass(frozen=True)
class Case:
    """What a question and its answer are filed under, for sorting and facets."""

    date: str
    committee: tuple[str, ...]
    minister: tuple[str, ...]
    asker: tuple[str, ...]
    party: tuple[str, ...]
    organisation: tuple[str, ...]
    answer: tuple[str, ...] = ()  # a statement's answer

    def values(self, facet: str) -> tuple[str, ...]:
        if facet == "year":
            return (self.date[:4],) if self.date else ()
        return getattr(self, facet)


def _objects(entity: Entity, predicate: str) -> list[str]:
    return [t.object.value for t in entity.triples if t.subject.value == entity.iri and t.predicate.value == predicate]


def cases(index: Index) -> dict[str, Case]:
    """The Case of every question, answer and statement, by IRI (an answer shares its question's)."""
    ftv = index.project.vocab
    found: dict[str, Case] = {}
    for entity in index.entities.values():
        if entity.kind != "question":
            continue
        answers = [index.entities[a] for a in _objects(entity, SCHEMA + "acceptedAnswer") if a in index.entities]
        organisations: set[str] = set()
        for answer in answers:
            organisations.update(_objects(answer, DCTERMS + "contributor"))
            for response in _objects(answer, ftv + "hasResponse"):
                if response in index.entities:
                    organisations.update(_objects(index.entities[response], ftv + "operator"))
        case = Case(
            date=min(_objects(entity, DCTERMS + "date"), default=""),
            committee=tuple(sorted(_objects(entity, ftv + "askedBy"))),
            minister=tuple(sorted(_objects(entity, ftv + "addressedTo"))),
            asker=tuple(sorted(_objects(entity, ftv + "requestedBy"))),
            party=tuple(sorted(_objects(entity, ftv + "requesterParty"))),
            organisation=tuple(sorted(o for o in organisations if o in index.entities)),
        )
        found[entity.iri] = case
        for answer in answers:
            found[answer.iri] = case
    # A statement is dated by its answer and filed under the organisation that made it.
    said_by = {"response": ftv + "operator", "finding": PROV + "wasAttributedTo"}
    for entity in index.entities.values():
        if entity.kind in said_by:
            answers = _objects(entity, ftv + "inAnswer")
            dates = [found[a].date for a in answers if a in found and found[a].date]
            found[entity.iri] = Case(
                date=min(dates, default=""), committee=(), minister=(), asker=(), party=(),
                organisation=tuple(sorted(o for o in _objects(entity, said_by[entity.kind]) if o in index.entities)),
                answer=tuple(sorted(a for a in answers if a in index.entities)),
            )
    return found


CASE_COLUMNS = (
    Column("date", Label("Dato", "Date")),
    Column("committee", Label("Udvalg", "Committee")),
    Column("minister", Label("Minister", "Minister")),
    Column("asker", Label("Spørger", "Asked by")),
    Column("party", Label("Parti", "Party")),
)
STATEMENT_COLUMNS = (
    Column("date", Label("Dato", "Date")),
    Column("organisation", Label("Organisation", "Organisation")),
    Column("answer", Label("Svar", "Answer")),
)


def columns(kind: str) -> tuple[Column, ...]:
    if kind in CASE_KINDS:
        return CASE_COLUMNS
    return STATEMENT_COLUMNS if kind in STATEMENT_KINDS else ()


def facet_names(kind: str) -> tuple[str, ...]:
    if kind in CASE_KINDS:
        return layout.FACETS
    return ("year", "organisation") if kind in STATEMENT_KINDS else ()


def _sorted(kind: str, members: list[Entity], linker: Linker, found: dict[str, Case]) -> list[Entity]:
    if kind in DATED_KINDS:
        # Newest first; on the same day, by key, so the order never depends on the input's.
        by_key = sorted(members, key=lambda e: e.key)
        return sorted(by_key, key=lambda e: found[e.iri].date if e.iri in found else "", reverse=True)
    return sorted(members, key=lambda e: (linker.label(e.iri).da.lower(), e.key))


def _item(entity: Entity, linker: Linker, found: dict[str, Case]) -> Item:
    if entity.kind not in DATED_KINDS:
        return Item(linker.link(entity.iri), entity.key, ())
    case = found.get(entity.iri)
    shown = columns(entity.kind)
    if case is None:
        return Item(linker.link(entity.iri), entity.key, tuple(Cell() for _ in shown))
    cells = (Cell(text=case.date),) + tuple(
        Cell(links=tuple(linker.link(iri) for iri in getattr(case, column.name))) for column in shown[1:]
    )
    return Item(linker.link(entity.iri), entity.key, cells)


def _relative(from_path: str, to_path: str) -> str:
    """`to_path` as seen from the page at `from_path` (both relative to the site's root, plain
    paths without "." or ".." parts): posixpath.relpath's answer, without its normalising,
    which took a tenth of the listings' time."""
    folders = from_path.split("/")[:-1]
    parts = to_path.split("/")
    shared = 0
    while shared < len(folders) and shared < len(parts) - 1 and folders[shared] == parts[shared]:
        shared += 1
    return "../" * (len(folders) - shared) + "/".join(parts[shared:])


def _root(path: str) -> str:
    return "../" * path.count("/")


class Listings:
    """Every listing page of the site, made on demand from one pass over the index."""

    def __init__(self, index: Index, page_size: int = layout.LISTING_PAGE_SIZE):
        self.index = index
        self.page_size = page_size
        self.cases = cases(index)
        self._linkers: dict[str, Linker] = {}
        self._items: dict[tuple[str, str], Item] = {}
        self._filling = ""  # the kind whose items `filled` keeps
        self._digests: dict[str, bytes] = {}

    def linker(self, root: str) -> Linker:
        if root not in self._linkers:
            self._linkers[root] = Linker(self.index, root)
        return self._linkers[root]

    def _item_at(self, entity: Entity, root: str) -> Item:
        # Rows are drawn once per depth of folder: pages at the same depth share their links.
        key = (entity.iri, root)
        if key not in self._items:
            self._items[key] = _item(entity, self.linker(root), self.cases)
        return self._items[key]

    def newest(self, kind: str, count: int, path: str) -> tuple[Item, ...]:
        """The first `count` rows of the kind's listing, with links for the page at `path`."""
        members = self.index.by_kind().get(kind, [])
        ordered = _sorted(kind, members, self.linker(""), self.cases)[:count]
        return tuple(self._item_at(e, _root(path)) for e in ordered)

    def facets(self, kind: str, path: str) -> dict[str, Facet]:
        """The kind's facets with every value and its count, most answers first, for the page at `path`."""
        members = self.index.by_kind().get(kind, [])
        ordered = _sorted(kind, members, self.linker(""), self.cases)
        found = {}
        for name, values in self._facet_values(kind, ordered).items():
            listed = [
                FacetValue(key, label, len(rows), _relative(path, layout.listing_page(kind, 1, name, key)), False)
                for key, (label, rows) in values.items()
            ]
            if name != "year":
                listed.sort(key=lambda v: -v.count)
            found[name] = Facet(name, FACET_TITLES[name], tuple(listed))
        return found

    def pages(self) -> Iterator[tuple[ListingPage, tuple[Entity, ...]]]:
        """Every page of every listing, facet values included, in a fixed order: each without its
        items, made by `filled` for a page that is written, and the entities of its rows. Most of
        a build's pages are linked from the build before (their keys, build/products.py, are made
        of `row_digest`): made whole, their items were half the listings' time."""
        for kind, members in self.index.by_kind().items():
            ordered = _sorted(kind, members, self.linker(""), self.cases)
            facets = self._facet_values(kind, ordered) if kind in DATED_KINDS else {}
            yield from self._paginate(kind, ordered, facets, None, None)
            for facet, values in facets.items():
                for value, (_, rows) in values.items():
                    yield from self._paginate(kind, rows, facets, facet, value)

    def filled(self, page: ListingPage, rows: tuple[Entity, ...]) -> ListingPage:
        """`page` with the items of its `rows`. A kind's rows are on its own listings only, which
        `pages` gives one kind after another: the items kept are those of the kind last filled."""
        if page.kind != self._filling:
            self._filling = page.kind
            self._items.clear()
        return dataclasses.replace(page, items=tuple(self._item_at(e, page.root) for e in rows))

    def row_digest(self, entity: Entity) -> bytes:
        """A digest of all an entity's row shows, on a page at any depth: its item on a page at
        the site's root, whose links' targets a deeper page prefixes with its root."""
        found = self._digests.get(entity.iri)
        if found is None:
            item = _item(entity, self.linker(""), self.cases)  # not kept: the digest is
            found = self._digests[entity.iri] = hashlib.blake2b(repr(item).encode("utf-8"), digest_size=16).digest()
        return found

    def _facet_values(self, kind: str, ordered: list[Entity]) -> dict[str, dict[str, tuple[Label, list[Entity]]]]:
        """Facet -> value key -> (label, the listing's rows with that value), values by label."""
        facets: dict[str, dict[str, tuple[Label, list[Entity]]]] = {}
        linker = self.linker("")
        for facet in facet_names(kind):
            grouped: dict[str, list[Entity]] = defaultdict(list)
            for entity in ordered:
                case = self.cases.get(entity.iri)
                for value in case.values(facet) if case else ():
                    grouped[value].append(entity)
            values = {}
            for value, rows in grouped.items():
                if facet == "year":
                    values[value] = (Label(value), rows)
                elif value in self.index.entities:
                    values[self.index.entities[value].key] = (linker.label(value), rows)
            if facet == "year":
                facets[facet] = dict(sorted(values.items(), reverse=True))
            else:
                facets[facet] = dict(sorted(values.items(), key=lambda kv: (kv[1][0].da.lower(), kv[0])))
        return {facet: values for facet, values in facets.items() if values}

    def _paginate(self, kind, rows, facets, facet, value) -> Iterator[ListingPage]:
        count = max(1, -(-len(rows) // self.page_size))
        # The facets as seen from each folder of the listing (the first page's, and page/): the
        # same for every page in it, so made once, and rendered once (build/listing_files.py).
        shown_facets: dict[str, tuple[Facet, ...]] = {}
        for number in range(1, count + 1):
            path = layout.listing_page(kind, number, facet, value)
            root = _root(path)
            shown = rows[(number - 1) * self.page_size : number * self.page_size]
            folder = path.rpartition("/")[0]
            if folder not in shown_facets:
                shown_facets[folder] = tuple(
                    Facet(name, FACET_TITLES[name], tuple(
                        FacetValue(key, label, len(members), _relative(path, layout.listing_page(kind, 1, name, key)),
                                   name == facet and key == value)
                        for key, (label, members) in values.items()
                    ))
                    for name, values in facets.items()
                )

            def link(n: int, path=path, number=number) -> PageLink:
                return PageLink(n, _relative(path, layout.listing_page(kind, n, facet, value)), n == number)

            yield ListingPage(
                kind=kind,
                path=path,
                root=root,
                columns=columns(kind),
                items=(),
                number=number,
                page_count=count,
                previous=link(number - 1) if number > 1 else None,
                next=link(number + 1) if number < count else None,
                nearby=tuple(None if n is None else link(n) for n in nearby_numbers(number, count)),
                total=len(rows),
                first=(number - 1) * self.page_size + 1,
                facets=shown_facets[folder],
                filter=(FACET_TITLES[facet], facets[facet][value][0]) if facet else None,
                unfiltered=_relative(path, layout.listing_page(kind)),
                csv=path.rsplit("/", 1)[1].replace(".html", ".csv"),
                json=path.rsplit("/", 1)[1].replace(".html", ".json"),
            ), tuple(shown)


# --- The same rows as data ------------------------------------------------------------------


def _fields(page: ListingPage) -> list[str]:
    names = ["iri", "key", "label_da", "label_en"]
    for column in page.columns:
        names += [column.name] if column.name == "date" else [column.name, f"{column.name}_iri"]
    return names


def records(page: ListingPage) -> list[dict[str, str]]:
    """The page's rows as flat records: labels and IRIs, several values joined by " | "."""
    found = []
    for item in page.items:
        record = {"iri": item.link.iri, "key": item.key, "label_da": item.link.label.da,
                  "label_en": item.link.label.en or item.link.label.da}
        for column, cell in zip(page.columns, item.cells):
            if column.name == "date":
                record["date"] = cell.text
            else:
                record[column.name] = " | ".join(link.label.da for link in cell.links)
                record[f"{column.name}_iri"] = " | ".join(link.iri for link in cell.links)
        found.append(record)
    return found


def to_csv(page: ListingPage) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_fields(page), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records(page))
    return out.getvalue()


def to_json(page: ListingPage, base: str) -> str:
    """The page as JSON: where it sits in the listing, with links to its neighbours, and its rows."""

    def url(href: str | None) -> str | None:
        # Absolute, so the JSON means the same wherever it is read.
        return None if href is None else base + _resolve(page.path, href)

    data = {
        "kind": page.kind,
        # doc/{kind}/{facet}/{value}/...: the facet's name and the value's key, as in the URL.
        "filter": {"facet": page.path.split("/")[2], "value": page.path.split("/")[3], "label": page.filter[1].da}
        if page.filter else None,
        "page": page.number,
        "pages": page.page_count,
        "total": page.total,
        "first": page.first,
        "html": base + page.path,
        "previous": url(page.previous.href.replace(".html", ".json")) if page.previous else None,
        "next": url(page.next.href.replace(".html", ".json")) if page.next else None,
        "fields": _fields(page),
        "rows": records(page),
    }
    # One row a line, each by json's C encoder (an indented dump runs the pure-Python one).
    rows = data.pop("rows")
    head = json.dumps(data, ensure_ascii=False)
    if not rows:
        return head[:-1] + ', "rows": []}\n'
    lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
    return f'{head[:-1]}, "rows": [\n{lines}\n]}}\n'


def _resolve(from_path: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), href))
