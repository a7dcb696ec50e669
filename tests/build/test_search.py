"""Searching the built seed site in Chromium, as a static site and under `lodpub serve`."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from htmlcheck import browser, serve_directory, unpacked_site
from projects import served_files, site_file, site_text
from servers import running_server

from lodpub.build import search as search_index
from lodpub.core import packed

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "html"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as started:
        yield started


@pytest.fixture(scope="module", params=["static", "serve"])
def site_url(request, built_site: Path, tmp_path_factory) -> Iterator[str]:
    """The site's root URL, from a plain static file server or from `lodpub serve`. The static
    server serves files as they are, so it gets the build with doc/ (stored packed) unpacked at the
    names a static host serves it at."""
    if request.param == "static":
        with serve_directory(unpacked_site(built_site, tmp_path_factory.mktemp("static"))) as url:
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
    pages = served_files(built_site, "*.html")
    assert "doc/answer/20151-uui-896.html" in pages and len(pages) > 100
    assert not any("mødregrupperne" in site_text(built_site, p) for p in pages)
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
        assert site_file(built_site, path).is_file(), href


def test_every_page_has_a_search_box_that_works_without_javascript(built_site):
    for page in ("index.html", "doc/answer/index.html", "doc/response/20151-uui-896-roede-kors.html", "vocab.html"):
        html = BeautifulSoup(site_text(built_site, page), "html.parser")
        form = html.select_one('header form[role="search"]')
        assert form is not None and form["method"] == "get" and form["action"].endswith("search.html")
        assert form.select_one('input[name="q"]') is not None
        assert form.select_one("label")["for"] == form.select_one("input")["id"]


def test_only_entity_pages_of_answers_questions_organisations_and_statements_are_indexed(built_site):
    marked = {p.split("/")[1] for p in served_files(built_site, "*.html")
              if "data-pagefind-body" in site_text(built_site, p)}
    assert marked == {"answer", "question", "organisation", "response", "finding"}
    shards = json.loads((built_site / "pagefind" / "indexes.json").read_text(encoding="utf-8"))
    assert shards == ["answers-0/", "organisations/"]
    for shard in shards:
        assert (built_site / "pagefind" / shard / "pagefind.js").is_file()
        assert any((built_site / "pagefind" / shard).glob("wasm.da.*"))  # Danish: the pages' lang="da"
    assert not (built_site / search_index.STAGING).exists()  # the pages Pagefind read, linked, are gone


def test_an_organisation_and_an_answer_are_found_together_from_their_two_shards(chromium, site_url):
    _, results = search(chromium, site_url, "Thisted")
    hrefs = [h for _, h in results]
    assert any(h.endswith("doc/organisation/thisted-kommune.html") for h in hrefs), hrefs
    assert any(h.endswith("doc/response/20151-uui-896-thisted-kommune.html") for h in hrefs), hrefs


def page(path: str, answer: str, key: str = "k") -> search_index.Page:
    return search_index.Page(path, answer, key)


def test_the_pages_of_one_answer_share_a_shard_and_the_organisations_have_their_own():
    pages = [page("doc/organisation/o1.html", ""), page("doc/organisation/o2.html", "")]
    for n in range(200):
        pages += [page(f"doc/question/{n}.html", f"a{n}"), page(f"doc/answer/{n}.html", f"a{n}"),
                  page(f"doc/response/{n}-x.html", f"a{n}"), page(f"doc/finding/{n}-y.html", f"a{n}")]
    shards = search_index.shards(pages, 100)
    assert [s.name for s in shards] == [f"answers-{n}" for n in range(8)] + ["organisations"]
    where = {path: shard.name for shard in shards for path in shard.pages}
    assert sorted(where) == sorted(p.path for p in pages)  # each page in exactly one shard
    assert sum(len(shard.pages) for shard in shards) == len(pages)
    for n in range(200):
        assert len({where[p.path] for p in pages if p.answer == f"a{n}"}) == 1
    assert shards[-1].pages == ("doc/organisation/o1.html", "doc/organisation/o2.html")
    # Spread by a hash of the answer: no shard holds much more than its share.
    assert max(len(shard.pages) for shard in shards[:-1]) < 150


def test_the_number_of_shards_doubles_as_the_answers_outgrow_them():
    def count(answers: int) -> int:
        return len(search_index.shards([page(f"doc/answer/{n}.html", f"a{n}") for n in range(answers)], 10))

    assert [count(n) for n in (1, 10, 11, 20, 21, 40, 41)] == [1, 1, 2, 2, 4, 4, 8]
    assert search_index.shards([], 10) == []


def test_a_changed_page_changes_the_key_of_its_shard_alone():
    pages = [page(f"doc/answer/{n}.html", f"a{n}") for n in range(40)]
    before = {shard.name: shard.key for shard in search_index.shards(pages, 10)}
    pages[7] = page("doc/answer/7.html", "a7", "changed")
    after = {shard.name: shard.key for shard in search_index.shards(pages, 10)}
    assert before.keys() == after.keys()
    assert [name for name in before if before[name] != after[name]] == [
        next(s.name for s in search_index.shards(pages, 10) if "doc/answer/7.html" in s.pages)
    ]


def test_statements_are_indexed_with_the_answer_they_belong_to():
    from lodpub import config
    from lodpub.core import dataset, entities
    from lodpub.site import listings

    project = config.load(ROOT)
    index = entities.index(project, dataset.load(project).triples())
    found = search_index.pages(index, listings.cases(index), {iri: "k" for iri in index.entities})
    by_kind = {}
    for p in found:
        by_kind.setdefault(p.path.split("/")[1], set()).add(p.answer)
    assert by_kind["organisation"] == {""}
    assert by_kind["answer"] == by_kind["question"] == by_kind["response"] == by_kind["finding"] == {"20151-uui-896"}


@pytest.mark.parametrize("setting", ["shard_pages = 0", 'shard_pages = "many"', "shard_pages = 1.5"])
def test_a_bad_shard_size_is_refused_with_the_settings_file_named(project_copy, setting):
    from projects import run_build

    with (project_copy / "lodpub.toml").open("a", encoding="utf-8") as settings:
        settings.write(f"\n[search]\n{setting}\n")
    done = run_build(project_copy)
    assert done.returncode != 0
    assert "lodpub.toml" in done.stderr and "[search] shard_pages must be a whole number" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (project_copy / "build").exists()


def _site_of(tmp_path: Path, answers: int) -> tuple[Path, list]:
    site = tmp_path / "site"
    (site / "doc" / "answer").mkdir(parents=True)
    pages = []
    for n in range(answers):
        path = f"doc/answer/{n}.html"
        # Stored as a build stores doc/: packed, at the name with .gz.
        site_file(site, path).write_bytes(packed.pack(
            f'<!doctype html><html lang="da"><body><main data-pagefind-body><h1>Svar {n}</h1>'
            f"<p>Mødregrupper på centret nummer {n}.</p></main></body></html>".encode()))
        pages.append(search_index.Page(path, f"a{n}", "k"))
    return site, search_index.shards(pages, 2)


def test_each_shard_is_indexed_and_the_pages_pagefind_read_are_gone(tmp_path):
    site, shards = _site_of(tmp_path, 6)
    process = search_index.start(site, shards)
    search_index.finish(process, site)
    assert len(shards) == 3  # of four, one got no page
    for shard in shards:
        assert (site / search_index.folder(shard) / "pagefind.js").is_file()
    assert not (site / search_index.STAGING).exists()


def test_a_shard_that_fails_as_another_ends_is_reported_not_waited_for_twice(tmp_path, monkeypatch):
    """Two Pagefinds end together, the first seen failing: the other, ended too, is reaped once
    (killing it reaps it), and the indexing says what failed instead of waiting for no child."""
    site, shards = _site_of(tmp_path, 6)
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho cannot write the index >&2\nexit 1\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(search_index, "executable", lambda: failing)
    wait = os.wait

    def late_wait():
        time.sleep(0.5)  # both have ended by now
        return wait()

    monkeypatch.setattr(os, "wait", late_wait)
    (site / search_index.STAGING).mkdir()
    failure = search_index.index(site, shards[:2])
    assert failure is not None and "cannot write the index" in failure


def test_a_shard_pagefind_cannot_write_fails_the_indexing_with_its_message(tmp_path):
    from lodpub.errors import UserError

    site, shards = _site_of(tmp_path, 6)
    (site / "pagefind").mkdir()
    (site / search_index.folder(shards[1]).rstrip("/")).write_text("in the way\n")
    process = search_index.start(site, shards)
    with pytest.raises(UserError) as failed:
        search_index.finish(process, site)
    message = failed.value.format_message()
    assert "Pagefind could not index" in message and shards[1].name in message
    assert "RuntimeWarning" not in message  # runpy's, about how the indexing process was started
