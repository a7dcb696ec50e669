"""A listing page's three files: the page, and its rows as CSV and as JSON.

The facets (every value of every facet, its count and link) are the same on every page in one
folder of a listing, and were most of the time spent rendering a page; they are rendered once
for the pages of a folder, which `Listings.pages` yields one after another.
"""

from __future__ import annotations

from markupsafe import Markup

from ..core import layout
from ..site import listings
from ..site.render import render


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

    def make(self, page: listings.ListingPage) -> dict[str, str]:
        """The page's files by name (see `names`)."""
        if page.facets is not self._facets or page.filter != self._filter:
            self._facets, self._filter = page.facets, page.filter
            self._html = Markup(render("_facets.html", page=page))
        html, csv, json = names(page.path)
        return {
            html: render("listing.html", page=page, root=page.root, site=self.site, facets=self._html),
            csv: listings.to_csv(page),
            json: listings.to_json(page, self.base),
        }
