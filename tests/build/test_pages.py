"""The HTML pages, read with selectors: what a person sees, and what a crawler reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from projects import SEED, copy_project, run_build, site_file, site_text
from rdflib import Graph
from rdflib.compare import isomorphic

BASE = "https://w3id.org/ftsvar/"


def soup(site: Path, relative: str) -> BeautifulSoup:
    """The page a build serves at `relative` (doc/ pages are stored packed)."""
    return BeautifulSoup(site_text(site, relative), "html.parser")


@pytest.fixture(scope="module")
def response_page(built_site) -> BeautifulSoup:
    return soup(built_site, "doc/response/20151-uui-896-roede-kors.html")


def test_entity_page_is_titled_by_its_label(response_page):
    assert response_page.title.string.startswith("Røde Kors: svar om tilbud til mødre")
    assert "Røde Kors: svar om tilbud til mødre" in response_page.h1.get_text()
    assert response_page.html["lang"] == "da"


def test_entity_page_offers_the_formats_beside_it_on_disk(built_site, response_page):
    """Only files every host serves: N-Triples and RDF/XML come from `lodpub serve` alone."""
    alternates = {link["type"]: link["href"] for link in response_page.select('head link[rel="alternate"]')}
    assert alternates == {
        "text/turtle": "20151-uui-896-roede-kors.ttl",
        "application/ld+json": "20151-uui-896-roede-kors.jsonld",
    }
    assert [a["href"] for a in response_page.select("p.formats a")] == list(alternates.values())
    assert all(site_file(built_site, f"doc/response/{href}").is_file() for href in alternates.values())


def test_entity_page_embeds_its_data_as_json_ld(built_site, response_page):
    scripts = response_page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    embedded = json.loads(scripts[0].string)
    document = json.loads(site_text(built_site, "doc/response/20151-uui-896-roede-kors.jsonld"))
    assert embedded == document


def test_properties_show_labels_and_links_not_raw_iris(response_page):
    rows = {row.th.get_text(" ", strip=True): row.td for row in response_page.select("table.properties tbody tr")}
    operator = next(td for th, td in rows.items() if "operatør" in th)
    link = operator.find("a")
    assert link.select_one('[lang="da"]').get_text() == "Røde Kors"
    assert link.select_one('[lang="en"]').get_text() == "Danish Red Cross"
    assert link["href"] == "../../doc/organisation/roede-kors.html"
    offers = next(td for th, td in rows.items() if "tilbudstype" in th)
    assert {a.get_text() for a in offers.select("a .da, a")} >= {"mødregruppe"}


def test_response_page_shows_the_source_passage_as_paragraphs_with_the_cited_span_marked(response_page):
    verbatim = SEED.read_text(encoding="utf-8")
    marks = response_page.select("section.citation blockquote mark")
    assert len(marks) == 1
    stated = "Røde Kors har oplyst, at der på alle operatørens centre, med undtagelse af fire centre, er etableret"
    assert marks[0].get_text().startswith(stated)  # joined across the PDF's line breaks
    assert stated not in verbatim  # which the verbatim text has
    paragraphs = response_page.select("section.citation blockquote p")
    assert [p.get_text()[:17] for p in paragraphs] == ["Langeland Kommune", "Røde Kors har opl", "Thisted Kommune h"]
    assert not any("\n" in p.get_text() for p in paragraphs)
    links = {a.get_text(" ", strip=True): a["href"] for a in response_page.select("section.citation p.cite a")}
    assert links.pop("svaret på ft.dk the answer on ft.dk") == "https://www.ft.dk/samling/20151/almdel/uui/spm/896/index.htm"
    assert list(links.values()) == ["../../doc/document/20151-uui-896.html"]  # the verbatim text


def test_hash_parts_get_their_own_sections(response_page):
    frequency = response_page.select_one("section#frequency")
    assert frequency is not None
    assert "gennemsnit" in frequency.get_text() or "true" in frequency.get_text()
    assert response_page.select_one("section#coverage") is not None


def test_pages_carry_both_languages(response_page):
    assert response_page.select('[lang="en"]')
    assert response_page.select('[lang="da"]')
    assert response_page.select_one('input#lang-en[type="radio"]') is not None


def test_referred_to_by_groups_incoming_links_by_property(built_site):
    page = soup(built_site, "doc/organisation/udlaendingestyrelsen.html")
    section = page.select_one("section[aria-labelledby=incoming]")
    rows = {row.th.get_text(" ", strip=True): [a.get_text() for a in row.select("td a")] for row in section.select("tbody tr")}
    reported = next(links for name, links in rows.items() if "indberettet via" in name)
    assert len(reported) == 6


def test_overview_has_one_row_and_one_bar_per_operator(built_site):
    page = soup(built_site, "overview.html")
    rows = page.select("table.overview tbody tr")
    assert [r.th.select_one('[lang="da"]').get_text(strip=True) for r in rows] == [
        "Jammerbugt Kommune", "Langeland Kommune", "Røde Kors", "Thisted Kommune", "Tønder Kommune", "Vesthimmerland Kommune",
    ]
    svg = page.select_one("figure.chart svg")
    assert svg["role"] == "img" and svg.title is not None
    bars = svg.select("g.bar rect")
    assert len(bars) == 6
    widths = {g.select_one("text.name").get_text(): float(g.rect["width"]) for g in svg.select("g.bar")}
    assert widths["Vesthimmerland Kommune"] == pytest.approx(3 * widths["Røde Kors"])  # 1-4 spans 3, 1-2 spans 1
    assert "1–3 gange om ugen" in rows[0].get_text()
    # The detail is one click away: the operator's own page, at what it stated.
    assert rows[2].th.a["href"] == "doc/organisation/roede-kors.html#statements"
    assert rows[2].select_one("td time")["datetime"] == "2016-09-07"
    timeline = rows[2].select_one("svg.timeline")
    assert timeline["role"] == "img" and timeline["aria-label"] == "2016: 1–2 pr. uge (1 svar)"
    assert page.select_one('a[href="doc/response/index.html"]') is not None


def test_organisation_page_shows_all_it_stated_by_date(built_site):
    page = soup(built_site, "doc/organisation/roede-kors.html")
    items = page.select("section#statements ol.statements li")
    assert len(items) == 1
    assert items[0].time["datetime"] == "2016-09-07"
    assert items[0].a["href"] == "../../doc/response/20151-uui-896-roede-kors.html"
    assert "1–2 gange om ugen" in items[0].get_text()
    assert items[0].blockquote.get_text().startswith("Røde Kors har oplyst")
    agency = soup(built_site, "doc/organisation/udlaendingestyrelsen.html")
    assert len(agency.select("section#statements li")) == 3  # its three findings, not the responses it passed on


def test_home_page_links_to_everything_a_user_needs(built_site):
    page = soup(built_site, "index.html")
    hrefs = {a["href"] for a in page.select("main a")}
    assert {"dumps/index.html", "sparql", "vocab.html", ".well-known/void.html", "overview.html"} <= hrefs
    counts = {row.th.get_text(" ", strip=True): row.td.get_text() for row in page.select("table.counts tbody tr")}
    assert any("Operatørsvar" in name and count == "6" for name, count in counts.items())


def test_vocabulary_page_shows_every_term_with_both_languages(built_site):
    page = soup(built_site, "vocab.html")
    term = page.select_one("article#OperatorResponse")
    assert term is not None
    assert term.select_one('[lang="da"]') and term.select_one('[lang="en"]')
    assert page.select_one("article#minPerWeek") is not None


def test_script_end_tags_in_the_data_cannot_break_out_of_the_embedded_json(tmp_path):
    root = copy_project(tmp_path / "p")
    data = root / "data" / "20151-uui-896.ttl"
    hostile = '</script><script>alert(1)</script><!--'
    text = data.read_text(encoding="utf-8").replace(
        'ftv:offerWording "mødregrupper eller lignende"@da', f'ftv:offerWording "{hostile}"@da', 1
    )
    data.write_text(text, encoding="utf-8")
    assert run_build(root).returncode == 0
    html = site_text(root / "build", "doc/response/20151-uui-896-roede-kors.html")
    page = BeautifulSoup(html, "html.parser")
    assert len(page.find_all("script")) == 1
    embedded = json.loads(page.find("script").string)
    assert hostile in json.dumps(embedded, ensure_ascii=False)
    assert html.count("</script") == 1 and "<!--" not in html
    document = Graph().parse(data=json.dumps(embedded), format="json-ld")
    assert isomorphic(document, Graph().parse(data=site_text(root / "build", "doc/response/20151-uui-896-roede-kors.jsonld"), format="json-ld"))


def test_home_page_shows_the_newest_answers_the_numbers_and_the_ways_in(built_site):
    page = soup(built_site, "index.html")
    newest = page.select("ol.newest li")
    assert len(newest) == 1
    assert newest[0].time["datetime"] == "2016-09-07"
    assert newest[0].a["href"] == "doc/answer/20151-uui-896.html"
    figures = {li.select_one(".en").get_text(): li.strong.get_text() for li in page.select("ul.figures li")}
    assert figures == {"answers": "1", "questions": "1", "organisations": "10",
                       "statements by operators and agencies": "9", "years": "2016"}
    ways = {section.h3.select_one(".en").get_text(): [a["href"] for a in section.select("a")]
            for section in page.select("div.ways > section")}
    assert ways["By committee"] == ["doc/answer/committee/uui/index.html"]
    assert ways["By minister"] == ["doc/answer/minister/udlaendinge-integrations-og-boligminister/index.html"]
    assert "doc/answer/organisation/roede-kors/index.html" in ways["By organisation"]
    for hrefs in ways.values():
        assert all(site_file(built_site, href).is_file() for href in hrefs)
    assert page.select_one('main form[role="search"]')["action"] == "search.html"


def test_the_validation_page_counts_results_by_kind_and_lists_only_the_first_ones():
    from rdflib import Graph

    from lodpub.site.specpages import REPORT_ROWS_SHOWN, report_page
    from lodpub.validate import Report, Result

    def result(n: int, path: str) -> Result:
        return Result(focus=f"https://w3id.org/ftsvar/id/response/r{n:04d}", path=path,
                      messages={"da": f"mangler {path}", "en": f"missing {path}"}, severity="Warning",
                      shape="_:s", component="MinCountConstraintComponent", value=None)

    results = [result(n, "ftv:frequency") for n in range(700)] + [result(n, "ftv:coverage") for n in range(300)]
    page = report_page(Report(conforms=True, results=results, graph=Graph()))
    assert page.total == 1000
    assert len(page.rows) == REPORT_ROWS_SHOWN < page.total
    assert [(g.path, g.count) for g in page.groups] == [("ftv:frequency", 700), ("ftv:coverage", 300)]
    assert page.groups[0].message.en == "missing ftv:frequency"
