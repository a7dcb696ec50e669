"""A listing page's three files: the page, and its rows as CSV and as JSON.

The facets (every value of every facet, its count and link) are the same on every page in one
folder of a listing, and were most of the time spent rendering a page; they are rendered once
for the pages of a folder, which `Listings.pages` yields one after another. A row is the same on
every page at one depth of folder that shows it (an answer is on its kind's listing and on one
page of each of its facets' values), so each row is rendered once per depth, not once per page.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..core import layout
from ..site import listings
from ..site.render import link, render


def names(path: str) -> list[str]:
    """The files of the listing page at `path` under the site, as served: HTML, CSV, JSON."""
    stem = path.removesuffix(".html")
    return [path, f"{stem}.csv", f"{stem}.json"]


def stored_names(path: str) -> list[str]:
    """The same files as build/ holds them: packed (layout.stored)."""
    return [layout.stored(name) for name in names(path)]


class ListingFiles:
    def __init__(self, site, base: str):
        self.site = site
        self.base = base
        # The facets last rendered, and what they were rendered from. The model is held, so the
        # identity check cannot match a new model that happens to take a freed one's address.
        self._facets: tuple | None = None
        self._filter = None
        self._html = Markup("")
        # Rows rendered, by the entity's IRI and the page's root, for the kind last rendered:
        # a row is listed under its own kind only.
        self._kind = ""
        self._rows: dict[tuple[str, str], str] = {}

    def make(self, page: listings.ListingPage) -> dict[str, str]:
        """The page's files by name (see `names`)."""
        if page.facets is not self._facets or page.filter != self._filter:
            self._facets, self._filter = page.facets, page.filter
            self._html = Markup(render("_facets.html", page=page))
        if page.kind != self._kind:
            self._kind, self._rows = page.kind, {}
        rows = []
        for item in page.items:
            key = (item.link.iri, page.root)
            if key not in self._rows:
                self._rows[key] = row(item, bool(page.columns))
            rows.append(self._rows[key])
        html, csv, json = names(page.path)
        return {
            html: render("listing.html", page=page, root=page.root, site=self.site, facets=self._html,
                         rows=Markup("".join(rows))),
            csv: listings.to_csv(page),
            json: listings.to_json(page, self.base),
        }


def row(item: listings.Item, columns: bool) -> str:
    """The table row of one listing item: its link, then a cell for each column (the first, a
    date, as <time>), or the item's key where the kind has no columns. Built as a string: the
    template's loops over 100 rows of cells a page were most of the time rendering it."""
    if not columns:
        return f"<tr><td>{link(item.link)}</td><td><code>{escape(item.key)}</code></td></tr>\n"
    cells = []
    for number, cell in enumerate(item.cells):
        text = ""
        if cell.text:
            text = f'<time datetime="{escape(cell.text)}">{escape(cell.text)}</time>' if number == 0 else escape(cell.text)
        cells.append(f"<td>{text}{', '.join(link(l) for l in cell.links)}</td>")
    return f"<tr><td>{link(item.link)}</td>{''.join(cells)}</tr>\n"
