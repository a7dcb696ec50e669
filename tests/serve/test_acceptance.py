"""Acceptance: a real `lodpub serve` (uvicorn) on loopback, talked to by real clients."""

from __future__ import annotations

import csv
import http.client
import io
import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from htmlcheck import browser
from projects import copy_project, run_build
from rdflib import Graph, URIRef
from servers import NESTED_QUERIES, listener, query_alongside_a_page, running_server
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper

from lodpub.serve.files import accepts_gzip

ENTITY = "response/20151-uui-896-roede-kors"
BASE = "https://w3id.org/ftsvar/"
TIMEOUT = 2.0
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "serve"


@pytest.fixture(scope="module")
def server(built_site):
    with running_server(built_site.parent) as running:
        yield running


@pytest.fixture(scope="module")
def url(server):
    return server[0]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


# 1. Real clients.

@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_every_result_format(url, fmt):
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery("SELECT ?r ?op WHERE { ?r <https://w3id.org/ftsvar/vocab#operator> ?op } ORDER BY ?r")
    client.setReturnFormat(fmt)
    result = client.query()
    body = result.response.read()
    if fmt == JSON:
        rows = json.loads(body)["results"]["bindings"]
    elif fmt == XML:
        rows = ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result")
    else:
        rows = list(csv.reader(io.StringIO(body.decode()), delimiter="," if fmt == CSV else "\t"))[1:]
    assert len(rows) == 6


@pytest.mark.parametrize("fmt,parser", [(TURTLE, "turtle"), (JSONLD, "json-ld")])
def test_sparqlwrapper_construct(url, fmt, parser):
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/ftsvar/vocab#OperatorResponse> ; ?p ?o }")
    client.setReturnFormat(fmt)
    graph = Graph().parse(data=client.query().response.read(), format=parser)
    assert len(set(graph.subjects())) == 6


def test_rdflib_dereferences_an_entity_uri_through_the_303(url):
    graph = Graph().parse(f"{url}/id/{ENTITY}")
    entity = URIRef(BASE + "id/" + ENTITY)
    assert (entity, URIRef(BASE + "vocab#operator"), URIRef(BASE + "id/organisation/roede-kors")) in graph


def test_headers_over_http(url):
    response = httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"] == "application/ld+json; charset=utf-8"
    assert "Accept" in response.headers["vary"]
    assert response.headers["etag"].startswith('W/"')
    assert response.headers["access-control-allow-origin"] == "*"
    assert "last-modified" in response.headers and "cache-control" in response.headers
    assert httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": "text/turtle;q=abc"}).status_code == 400


def test_a_64kb_accept_header_is_refused_quickly(url):
    started = time.monotonic()
    try:
        status = httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": ", ".join(["a/b"] * 13000)}, timeout=5).status_code
    except httpx.RemoteProtocolError:
        status = 400  # uvicorn's HTTP parser drops a request whose headers are too large
    assert status in (400, 431)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_sparql_results_are_gzipped_for_clients_that_accept_gzip(url, accept):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 300"

    def post(encoding: str) -> httpx.Response:
        return httpx.post(f"{url}/sparql", data={"query": query}, headers={"Accept": accept, "Accept-Encoding": encoding})

    gzipped, plain, refused = post("gzip, deflate"), post("identity"), post("gzip;q=0, deflate")
    assert gzipped.headers["content-encoding"] == "gzip"
    assert int(gzipped.headers["content-length"]) * 3 < len(plain.content)
    assert "content-encoding" not in plain.headers and "content-encoding" not in refused.headers
    assert gzipped.text == plain.text and gzipped.headers["content-type"] == plain.headers["content-type"]
    for response in (gzipped, plain):
        assert {"Accept", "Accept-Encoding"} <= {name.strip() for name in response.headers["vary"].split(",")}


@pytest.mark.parametrize("header,allowed", [
    ("gzip", True), ("gzip, deflate, br", True), ("GZIP;Q=0.5", True), ("deflate, x-gzip", True), ("*", True),
    ("gzip;q=0", False), ("*;q=0", False), ("*, gzip;q=0", False), ("gzip;q=abc", False),
    ("identity", False), ("deflate", False), ("", False), (None, False),
])
def test_accept_encoding_allows_gzip_only_with_a_positive_weight(header, allowed):
    assert accepts_gzip(header) is allowed


# 4. Nothing leaves the machine; nothing is written.


def test_federation_loading_updates_and_outside_graphs_are_refused(url):
    with listener() as (port, seen):
        refused = [
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"LOAD <http://127.0.0.1:{port}/data.ttl>",
            "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
            f"SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        ]
        for query in refused:
            response = httpx.post(url + "/sparql", data={"query": query})
            assert response.status_code == 400, query
            assert response.text.startswith("400: ")
        update = httpx.post(url + "/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
        assert update.status_code == 400
        time.sleep(0.5)
    assert seen == []


# 5. Limits that hold while the server stays responsive.

@pytest.mark.parametrize("query", [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i '
    'FILTER(REGEX(CONCAT(STR(?a), STR(?d), STR(?g), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"), "^(a+)+$")) }',
])
def test_a_runaway_query_is_stopped_while_pages_still_answer(url, query):
    run = query_alongside_a_page(url, query, f"/doc/{ENTITY}.html", TIMEOUT)
    assert run.response.status_code == 503
    assert "stopped" in run.response.text
    assert run.seconds < TIMEOUT + 2
    assert run.page.status_code == 200 and run.page_seconds < 1
    after = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert after.status_code == 200 and after.json()["boolean"] is True


# 6. Deep nesting never takes the server down.

def test_deeply_nested_queries_are_refused_and_the_server_survives(server):
    url, process = server
    for query in NESTED_QUERIES:
        assert httpx.post(url + "/sparql", data={"query": query}).status_code == 400
    assert process.poll() is None
    assert httpx.get(url + "/").status_code == 200


# 7. Size limits.

def test_oversized_queries_are_refused_without_the_server_growing(server):
    url, process = server
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/sparql?query=%23" + "x" * 1_000_000)
        status = connection.getresponse().status
    except (ConnectionError, http.client.HTTPException):
        status = 400  # the server may close the connection on a request line this long
    assert status in (400, 414)
    before = rss_kb(process.pid)
    body = b"query=" + b"x" * 10_000_000
    big_post = httpx.post(url + "/sparql", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
    assert big_post.status_code == 413
    assert rss_kb(process.pid) - before < 50_000


# 8. Traversal over a real socket (no client-side normalisation).

@pytest.mark.parametrize("path", [
    "/doc/../../etc/passwd", "/doc/%2e%2e/%2e%2e/etc/passwd", "/doc/..%2f..%2fetc/passwd", "/doc/%252e%252e/etc/passwd",
])
def test_path_traversal_over_http(url, path):
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    assert response.status in (400, 404)
    assert b"root:" not in body


# 9. Hostile data is shown, never run.

HOSTILE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/ftsvar/id/organisation/hostile> a org:Organization ;
    rdfs:label "<script>alert('label')</script>"@da, "\\"><img src=x onerror=alert(1)>"@en ;
    dcterms:identifier "hostile" ;
    rdfs:seeAlso <javascript:alert(1)> .
"""


def test_hostile_literals_and_iris_are_escaped_and_not_linked(tmp_path):
    root = copy_project(tmp_path / "hostile")
    (root / "data" / "reference" / "hostile.ttl").write_text(HOSTILE, encoding="utf-8")
    done = run_build(root)
    assert done.returncode == 0, done.stderr
    with running_server(root) as (url, _):
        html = httpx.get(f"{url}/doc/organisation/hostile", headers={"Accept": "text/html"}).text
    page = BeautifulSoup(html, "html.parser")
    assert len(page.find_all("script")) == 1  # the JSON-LD, nothing injected
    assert page.find("img") is None
    assert "<script>alert('label')</script>" in page.h1.get_text()
    assert not [a for a in page.find_all("a") if a.get("href", "").lower().startswith("javascript:")]
    assert "javascript:alert(1)" in page.get_text()


# 10. A browser.

def test_a_browser_shows_an_entity_page_and_runs_an_example_query(url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/id/{ENTITY}")
        assert page.url.endswith(f"/doc/{ENTITY}.html")
        assert "Røde Kors" in page.locator("h1").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "entity.png"), full_page=True)

        page.goto(f"{url}/sparql")
        page.wait_for_selector(".yasqe")
        page.locator("a.example").first.click()
        page.wait_for_selector(".yasr table tbody tr", timeout=15000)
        rows = page.locator(".yasr table tbody tr").count()
        page.screenshot(path=str(SCREENSHOTS / "sparql.png"), full_page=True)
        page.close()
    assert rows >= 1
