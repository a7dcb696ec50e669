"""Listings on a generated corpus of 150 answers: pages of 100, newest first, facets with counts,
and every page also as CSV and JSON with the same rows."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from projects import ROOT, served_files, site_bytes, site_file, site_text

from lodpub.site.listings import _relative

COUNT = 150
BASE = "https://w3id.org/ftsvar/"


def soup(site: Path, relative: str) -> BeautifulSoup:
    """The page a build serves at `relative` (doc/ is stored packed)."""
    return BeautifulSoup(site_text(site, relative), "html.parser")


def load_json(site: Path, relative: str):
    return json.loads(site_text(site, relative))


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> Path:
    """build/ of 150 generated answers, extracted and built as a user would."""
    out = tmp_path_factory.mktemp("listings") / "corpus"
    subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--count", str(COUNT), "--seed", "3", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    lodpub = Path(sys.executable).with_name("lodpub")
    subprocess.run([lodpub, "-C", out, "extract"], check=True, capture_output=True)
    done = subprocess.run([lodpub, "-C", out, "build"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out / "build"


@pytest.fixture(scope="module")
def corpus_pages(corpus_site, tmp_path_factory) -> Path:
    """The corpus build with its doc/ files (stored packed) unpacked at the names they are served
    at, for the checkers, which read plain files, and serve_directory, which serves them as they are."""
    from htmlcheck import unpacked_site

    return unpacked_site(corpus_site, tmp_path_factory.mktemp("corpus-pages"))


def table_keys(page: BeautifulSoup) -> list[str]:
    return [a["href"].rsplit("/", 1)[1].removesuffix(".html") for a in page.select("table.listing tbody tr td:first-child a")]


def csv_rows(site: Path, relative: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(site_text(site, relative))))


def test_answers_come_in_pages_of_a_hundred_newest_first(corpus_site):
    first = soup(corpus_site, "doc/answer/index.html")
    second = soup(corpus_site, "doc/answer/page/2.html")
    assert len(table_keys(first)) == 100 and len(table_keys(second)) == COUNT - 100
    assert len(set(table_keys(first) + table_keys(second))) == COUNT
    dates = [t["datetime"] for p in (first, second) for t in p.select("table.listing tbody time")]
    assert len(dates) == COUNT and dates == sorted(dates, reverse=True)
    assert "Viser 1–100 af 150." in first.select_one("p.count").get_text(" ", strip=True)
    assert first.select_one('nav.pages a[rel="next"]')["href"] == "page/2.html"
    assert second.select_one('nav.pages a[rel="prev"]')["href"] == "../index.html"
    assert served_files(corpus_site, "doc/answer/page/*.html") == ["doc/answer/page/2.html"]
    assert not site_file(corpus_site, "doc/answer/page/3.html").exists()


def test_each_page_is_also_csv_and_json_with_the_same_rows(corpus_site):
    for stem in ("doc/answer/index", "doc/answer/page/2", "doc/question/index", "doc/organisation/index"):
        keys = table_keys(soup(corpus_site, f"{stem}.html"))
        rows = csv_rows(corpus_site, f"{stem}.csv")
        data = load_json(corpus_site, f"{stem}.json")
        assert [r["key"] for r in rows] == keys
        assert data["rows"] == rows
        assert data["total"] >= len(keys) and data["html"] == BASE + stem + ".html"
    data = load_json(corpus_site, "doc/answer/index.json")
    assert data["next"] == BASE + "doc/answer/page/2.json" and data["previous"] is None
    row = data["rows"][0]
    assert row["iri"].startswith(BASE + "id/answer/") and row["committee_iri"].startswith(BASE + "id/organisation/")


def test_responses_are_paginated_like_any_other_kind(corpus_site):
    data = load_json(corpus_site, "doc/response/index.json")
    assert data["total"] > 300 and data["pages"] == -(-data["total"] // 100)
    last = load_json(corpus_site, f"doc/response/page/{data['pages']}.json")
    assert len(last["rows"]) == data["total"] - 100 * (data["pages"] - 1)
    dates = [r["date"] for r in data["rows"] + last["rows"]]
    assert all(dates) and dates[:100] == sorted(dates[:100], reverse=True)  # newest first, like answers
    assert all(r["organisation_iri"] and r["answer_iri"].startswith(BASE + "id/answer/") for r in data["rows"])
    labels = [r["label_da"].lower() for r in load_json(corpus_site, "doc/organisation/index.json")["rows"]]
    assert labels == sorted(labels)  # a kind without dates: by label


def test_an_operators_page_links_to_all_its_statements_newest_first(corpus_site):
    page = soup(corpus_site, "doc/organisation/roede-kors.html")
    shown = [t["datetime"] for t in page.select("section#statements li time")]
    assert shown and shown == sorted(shown, reverse=True)
    link = page.select_one('section#statements a[href$="doc/response/organisation/roede-kors/index.html"]')
    count = int(link.get_text().rsplit("(", 1)[1].rstrip(")"))
    data = load_json(corpus_site, "doc/response/organisation/roede-kors/index.json")
    assert data["total"] == count == len(shown)
    assert {r["organisation_iri"] for r in data["rows"]} == {BASE + "id/organisation/roede-kors"}


@pytest.mark.parametrize("facet", ["year", "committee", "minister", "party", "organisation"])
def test_every_facet_value_lists_exactly_the_answers_filed_under_it(corpus_site, facet):
    page = soup(corpus_site, "doc/answer/index.html")
    details = next(d for d in page.select("nav.facets details") if d.select_one("summary .en").get_text() in {
        "year": "Year", "committee": "Committee", "minister": "Minister", "party": "Asker's party", "organisation": "Organisation",
    }[facet])
    values = [(a["href"], a.get_text(" ", strip=True), int(li.select_one(".n").get_text())) for li in details.select("li") for a in [li.a]]
    assert len(values) >= 2
    whole = {r["key"]: r for r in csv_rows(corpus_site, "doc/answer/index.csv") + csv_rows(corpus_site, "doc/answer/page/2.csv")}
    seen = set()
    for href, label, count in values:
        folder = (PurePosixPath("doc/answer") / href).parent
        assert folder.parent.name == facet
        data = load_json(corpus_site, f"{folder}/index.json")
        assert data["filter"] == {"facet": facet, "value": folder.name, "label": data["filter"]["label"]}
        rows = [r for n in range(1, data["pages"] + 1)
                for r in csv_rows(corpus_site, f"{folder}/" + ("index.csv" if n == 1 else f"page/{n}.csv"))]
        assert len(rows) == data["total"] == count
        for row in rows:
            if facet == "year":
                assert row["date"].startswith(folder.name)
            elif facet != "organisation":
                column = {"committee": "committee_iri", "minister": "minister_iri", "party": "party_iri"}[facet]
                assert row[column].rsplit("/", 1)[1] == folder.name
            assert whole[row["key"]]["date"] == row["date"]
        seen.update(r["key"] for r in rows)
        narrowed = soup(corpus_site, f"{folder}/index.html")
        assert narrowed.select_one('nav.facets a[aria-current="page"]').get_text(" ", strip=True) == label
    if facet == "year":  # every answer has a date
        assert seen == set(whole)
    elif facet != "organisation":  # every answer that names one (a § 20 question has no committee)
        column = {"committee": "committee", "minister": "minister", "party": "party"}[facet]
        assert seen == {key for key, row in whole.items() if row[column]}


def _rows_by_key(site: Path, relative: str) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Each row of a listing page by its entity's key: its text, and where each link leads from
    the site's root, with the link's text."""
    found = {}
    for tr in soup(site, relative).select("table.listing tbody tr"):
        links = [(posixpath.normpath(posixpath.join(posixpath.dirname(relative), a["href"])), a.get_text(" ", strip=True))
                 for a in tr.select("a")]
        found[links[0][0].rsplit("/", 1)[1].removesuffix(".html")] = (tr.get_text(" ", strip=True), links)
    return found


@pytest.mark.parametrize("kind", ["answer", "response"])
def test_a_row_shows_the_same_and_leads_to_the_same_pages_at_every_depth(corpus_site, kind):
    """A row is on its kind's listing (doc/{kind}/, and doc/{kind}/page/) and on a facet value's
    (doc/{kind}/year/{year}/): three depths of folder, each with its own relative links."""
    whole = {**_rows_by_key(corpus_site, f"doc/{kind}/index.html"), **_rows_by_key(corpus_site, f"doc/{kind}/page/2.html")}
    year = soup(corpus_site, f"doc/{kind}/index.html").select_one("table.listing tbody time")["datetime"][:4]
    narrowed = _rows_by_key(corpus_site, f"doc/{kind}/year/{year}/index.html")
    assert narrowed and len(whole) > 100
    for key, row in narrowed.items():
        assert row == whole[key]
        assert all(site_file(corpus_site, target).exists() for target, _ in row[1])


# The rows of listing.html as its template drew them, before they were made once per depth.
_TEMPLATE_ROWS = """{% for item in page.items %}
<tr><td>{{ link(item.link) }}</td>{% if page.columns %}{% for cell in item.cells %}<td>{% if cell.text %}{% if loop.first %}<time datetime="{{ cell.text }}">{{ cell.text }}</time>{% else %}{{ cell.text }}{% endif %}{% endif %}{% for l in cell.links %}{{ link(l) }}{% if not loop.last %}, {% endif %}{% endfor %}</td>{% endfor %}{% else %}<td><code>{{ item.key }}</code></td>{% endif %}</tr>
{% endfor %}"""


def _listing_page(kind: str, root: str, items, columns):
    from lodpub.site.listings import ListingPage

    return ListingPage(
        kind=kind, path=f"{root}index.html", root=root, columns=columns, items=tuple(items), number=1, page_count=1,
        previous=None, next=None, nearby=(), total=len(items), first=1, facets=(), filter=None, unfiltered="index.html",
        csv="index.csv", json="index.json",
    )


def test_a_listings_rows_are_drawn_as_its_template_drew_them():
    from lodpub.build.listing_files import row
    from lodpub.site.listings import CASE_COLUMNS, Cell, Item
    from lodpub.site.pages import Label, Link
    from lodpub.site.render import environment

    odd = Link(Label('Svar <1> & "2"', "Answer 'x'"), "../a/x&y.html", "https://w3id.org/ftsvar/id/a/x")
    plain = Link(Label("Rigsrevisionen"), None, "urn:x")
    items = [
        Item(odd, "x&y", (Cell("2016-01-02"), Cell(links=(plain, odd)), Cell(), Cell("<b>"), Cell(links=(plain,)))),
        Item(plain, "k", (Cell(), Cell(), Cell(), Cell(), Cell())),
    ]
    template = environment().from_string(_TEMPLATE_ROWS)
    for columns in (CASE_COLUMNS, ()):
        page = _listing_page("answer", "../", items, columns)
        assert "".join(row(item, bool(columns)) for item in items) == template.render(page=page)


def test_a_writer_draws_a_row_for_each_depth_it_is_shown_at():
    """One writer, one entity's row on pages at two depths: each with the links of its own depth."""
    from lodpub.build.listing_files import ListingFiles
    from lodpub.site.listings import Item
    from lodpub.site.pages import Label, Link, SiteInfo

    writer = ListingFiles(SiteInfo(Label("T"), Label("D"), "CC0-1.0", BASE, "2016-01-02"), BASE)
    iri = BASE + "id/person/x"
    shown = {}
    for root in ("../../", "../../../../"):
        item = Item(Link(Label("X"), f"{root}doc/person/x.html", iri), "x", ())
        page = _listing_page("person", root, [item], ())
        html = BeautifulSoup(writer.make(page)[page.path], "html.parser")
        shown[root] = html.select_one("table.listing tbody a")["href"]
    assert shown == {"../../": "../../doc/person/x.html", "../../../../": "../../../../doc/person/x.html"}


def test_organisation_facet_finds_the_answers_an_operator_reported_in(corpus_site):
    folder = "doc/answer/organisation/udlaendingestyrelsen"
    assert site_file(corpus_site, f"{folder}/index.html").exists()
    rows = csv_rows(corpus_site, f"{folder}/index.csv")
    assert rows and all(r["key"] for r in rows)


def test_listing_pages_stay_small(corpus_site):
    """Each listing's first page as served, unpacked (the file on disk is packed)."""
    pages = [p for p in served_files(corpus_site, "index.html") if p.startswith("doc/")]
    # Every kind's listing and every facet value's: 359 on this corpus.
    assert {"doc/answer/index.html", "doc/response/index.html", "doc/answer/year/2016/index.html"} <= set(pages)
    assert len(pages) > 300
    sizes = {p: len(site_bytes(corpus_site, p)) for p in pages}
    assert max(sizes.values()) < 500_000


# Page kinds only a larger corpus has: several pages, many facet values, an operator's timeline.
CORPUS_PAGES = {
    "answers-page-2": "doc/answer/page/2.html",
    "answers-by-year": "doc/answer/year/2016/index.html",
    "questions": "doc/question/index.html",
    "responses-page-3": "doc/response/page/3.html",
    "overview-corpus": "overview.html",
    "home-corpus": "index.html",
    "operator": "doc/organisation/roede-kors.html",
}


def test_corpus_pages_have_no_html_errors(corpus_pages):
    from htmlcheck import format_vnu, vnu_errors, vnu_messages

    paths = [corpus_pages / page for page in CORPUS_PAGES.values()]
    errors = vnu_errors(vnu_messages(paths))
    assert not errors, "Nu HTML Checker errors:\n" + format_vnu(errors)


@pytest.mark.parametrize("language", ["da", "en"])
def test_corpus_pages_have_no_accessibility_violations_and_fit_a_phone(corpus_pages, language):
    from htmlcheck import axe, browser, format_axe, serve_directory, url_for

    shots = ROOT / "test-output" / "html"
    shots.mkdir(parents=True, exist_ok=True)
    found = {}
    with serve_directory(corpus_pages) as base, browser() as chromium:
        for name, page_path in CORPUS_PAGES.items():
            context = chromium.new_context(viewport={"width": 320, "height": 640} if language == "en" else None)
            try:
                page = context.new_page()
                response = page.goto(url_for(base, corpus_pages, corpus_pages / page_path), wait_until="load")
                assert response is not None and response.ok, f"{page_path}: {response and response.status}"
                page.check(f"#lang-{language}")
                violations = axe(page)
                if violations:
                    found[name] = format_axe(violations)
                if language == "en":
                    assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
                else:
                    page.screenshot(path=str(shots / f"{name}-desktop.png"), full_page=True)
            finally:
                context.close()
    assert not found, "axe-core violations:\n" + "\n".join(f"{k}:\n{v}" for k, v in found.items())


def test_a_page_of_a_long_listing_links_to_the_ends_and_its_neighbours_only():
    from lodpub.site.listings import nearby_numbers

    assert nearby_numbers(500, 1000) == (1, None, 498, 499, 500, 501, 502, None, 1000)
    assert nearby_numbers(3, 10) == (1, 2, 3, 4, 5, None, 10)
    assert nearby_numbers(1, 1) == (1,)


# Paths of files of the site: folders, then a file's name (no file is named as a folder).
_PATHS = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(st.sampled_from(["doc", "answer", "page", "year", "2016", "a-b"]), max_size=4),
    st.sampled_from(["index.html", "2.html", "index.csv"]),
)


@given(_PATHS, _PATHS)
def test_a_listing_links_to_a_page_by_the_path_posixpath_would_give(from_path, to_path):
    """Listing pages compute their relative links without posixpath; the link must be the same."""
    assert _relative(from_path, to_path) == posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
