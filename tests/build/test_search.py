"""Searching the built seed site in Chromium, as a static site and under `lodpub serve`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from htmlcheck import browser, serve_directory
from servers import running_server

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "html"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as started:
        yield started


@pytest.fixture(scope="module", params=["static", "serve"])
def site_url(request, built_site: Path) -> Iterator[str]:
    """The site's root URL, from a plain static file server or from `lodpub serve`."""
    if request.param == "static":
        with serve_directory(built_site) as url:
            yield url
    else:
        with running_server(built_site.parent, log_name="serve-search.log") as (url, _):
            yield url + "/"


def search(chromium: Any, site_url: str, query: str, screenshot: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    """The search page's status and its results (title, href) for `query`, typed into the header's box."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + "doc/organisation/index.html")
        page.fill("#site-search", query)
        page.press("#site-search", "Enter")
        page.wait_for_url("**/search.html?q=*")
        status = page.locator("#search-status .da")
        page.wait_for_function(
            "() => /fundet|Intet|fejlede/.test(document.querySelector('#search-status .da')?.textContent || '')", timeout=15000
        )
        results = [(a.inner_text(), a.get_attribute("href")) for a in page.locator("#search-results li > a").all()]
        if screenshot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / screenshot), full_page=True)
        return status.inner_text(), results
    finally:
        context.close()


def test_a_word_from_the_answer_finds_it(chromium, site_url):
    status, results = search(chromium, site_url, "Baby School", screenshot="search-results.png")
    assert "fundet" in status and "Intet" not in status
    titles = [title for title, _ in results]
    assert any(title.startswith("Thisted Kommune: svar om tilbud til mødre") for title in titles), titles
    href = next(h for t, h in results if t.startswith("Thisted Kommune"))
    assert href.endswith("doc/response/20151-uui-896-thisted-kommune.html")
    # The response is found, not the other operators' responses that show the passage around it.
    assert not any(h.endswith("-roede-kors.html") for _, h in results), results


def test_a_stemmed_form_finds_the_answer(chromium, site_url, built_site):
    # No page says "mødregrupperne"; the answer says "mødregrupper": Danish stemming joins them.
    assert not any("mødregrupperne" in p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))
    status, results = search(chromium, site_url, "mødregrupperne")
    hrefs = [h for _, h in results]
    assert "fundet" in status
    assert any(h.endswith("doc/answer/20151-uui-896.html") for h in hrefs), hrefs
    assert any(h.endswith("doc/response/20151-uui-896-roede-kors.html") for h in hrefs), hrefs


def test_a_word_from_no_answer_finds_nothing_and_says_so(chromium, site_url):
    status, results = search(chromium, site_url, "elefant", screenshot="search-nothing.png")
    assert results == []
    assert status == "Intet fundet for ”elefant”."


def test_results_link_to_entity_pages_that_exist(chromium, site_url, built_site):
    _, results = search(chromium, site_url, "Støjberg")
    assert results
    for _, href in results:
        path = href.split("://", 1)[-1].split("/", 1)[1] if "://" in href else href.lstrip("/")
        assert (built_site / path).is_file(), href


def test_every_page_has_a_search_box_that_works_without_javascript(built_site):
    for page in ("index.html", "doc/answer/index.html", "doc/response/20151-uui-896-roede-kors.html", "vocab.html"):
        html = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        form = html.select_one('header form[role="search"]')
        assert form is not None and form["method"] == "get" and form["action"].endswith("search.html")
        assert form.select_one('input[name="q"]') is not None
        assert form.select_one("label")["for"] == form.select_one("input")["id"]


def test_only_entity_pages_of_answers_questions_organisations_and_statements_are_indexed(built_site):
    marked = {p.relative_to(built_site).parts[1] for p in built_site.rglob("*.html")
              if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert marked == {"answer", "question", "organisation", "response", "finding"}
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert any((built_site / "pagefind").glob("wasm.da.*"))  # Danish: the pages' lang="da"


def test_the_indexer_reads_the_pages_of_the_searched_kinds_and_no_others():
    from lodpub.build import search

    assert search.reads("doc/answer/20151-uui-896.html")
    assert search.reads("doc/answer/index.html")  # the listing's first page sits beside them
    assert not search.reads("doc/answer/page/2.html")
    assert not search.reads("doc/answer/year/2015/index.html")
    assert not search.reads("doc/answer/20151-uui-896.ttl")
    assert not search.reads("doc/document/20151-uui-896.html")
    assert not search.reads("index.html")
