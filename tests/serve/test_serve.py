"""`lodpub serve` in-process: dereferencing, negotiation, caching headers, CORS, errors."""

from __future__ import annotations

import gzip
import os

import pytest
from projects import site_file
from rdflib import Graph

from lodpub.core import packed
from lodpub.core.formats import DOCUMENT_FORMATS, HTML, JSONLD, NTRIPLES, RDFXML, TURTLE
from lodpub.serve.negotiate import MalformedAccept, NotAcceptable, negotiate

ENTITY = "response/20151-uui-896-roede-kors"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"



ACCEPT_TABLE = [
    ("text/turtle", None, TURTLE),
    ("application/ld+json", None, JSONLD),
    ("application/n-triples", None, NTRIPLES),
    ("application/rdf+xml", None, RDFXML),
    ("text/turtle;q=0, text/html", None, HTML),
    ("text/html;q=0.5, text/turtle;q=0.9", BROWSER, TURTLE),
    ("*/*", None, TURTLE),
    ("*/*", BROWSER, HTML),
    (None, None, TURTLE),
    (None, BROWSER, HTML),
    ("text/*", None, TURTLE),
    ("application/*;q=0.8, text/html;q=0.1", None, JSONLD),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", BROWSER, HTML),
    ("TEXT/TURTLE", None, TURTLE),
    ("text/turtle, application/ld+json", None, TURTLE),
    ("application/ld+json, text/turtle", None, TURTLE),  # equal q: the server's preference
]


@pytest.mark.parametrize("accept,agent,expected", ACCEPT_TABLE)
def test_negotiation_table(accept, agent, expected):
    assert negotiate(DOCUMENT_FORMATS, accept, agent) is expected


@pytest.mark.parametrize("accept", ["text/turtle;q=abc", "text/turtle;q=1.5", "text/turtle;q=0.1234", "turtle", "*/turtle"])
def test_malformed_accept_is_refused(accept):
    with pytest.raises(MalformedAccept):
        negotiate(DOCUMENT_FORMATS, accept)


def test_nothing_acceptable_lists_the_alternatives():
    with pytest.raises(NotAcceptable) as refused:
        negotiate(DOCUMENT_FORMATS, "image/png")
    assert refused.value.alternatives == DOCUMENT_FORMATS


def test_format_parameter_overrides_accept():
    assert negotiate(DOCUMENT_FORMATS, "text/html", None, "ttl") is TURTLE
    assert negotiate(DOCUMENT_FORMATS, "text/html", None, "application/ld+json") is JSONLD


@pytest.mark.parametrize("accept,extension", [("text/turtle", "ttl"), ("text/html", "html"), ("application/ld+json", "jsonld")])
def test_entity_uri_answers_303_to_the_best_document(client, accept, extension):
    response = client.get(f"/id/{ENTITY}", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/{ENTITY}.{extension}"
    assert "Accept" in response.headers["vary"]
    assert 'rel="describedby"' in response.headers["link"]


def test_document_negotiates_and_says_where_the_variant_lives(client):
    response = client.get(f"/doc/{ENTITY}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert response.headers["vary"].startswith("Accept")
    assert response.headers["content-location"] == f"/doc/{ENTITY}.ttl"
    links = response.headers["link"]
    for fmt in DOCUMENT_FORMATS:
        assert f'type="{fmt.media_type}"' in links
    graph = Graph().parse(data=response.text, format="turtle")
    assert len(graph) > 20


def test_extension_fixes_the_format_whatever_accept_says(client):
    response = client.get(f"/doc/{ENTITY}.jsonld", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"] == "application/ld+json; charset=utf-8"


def test_format_parameter_overrides_accept_over_http(client):
    response = client.get(f"/doc/{ENTITY}?format=nt", headers={"Accept": "text/html"})
    assert response.headers["content-type"] == "application/n-triples; charset=utf-8"


def test_unacceptable_gets_406_listing_alternatives(client):
    response = client.get(f"/doc/{ENTITY}", headers={"Accept": "image/png"})
    assert response.status_code == 406
    for fmt in DOCUMENT_FORMATS:
        assert fmt.media_type in response.text


def test_malformed_accept_gets_400(client):
    assert client.get(f"/doc/{ENTITY}", headers={"Accept": "text/turtle;q=abc"}).status_code == 400


def test_huge_accept_header_is_refused(client):
    response = client.get(f"/doc/{ENTITY}", headers={"Accept": "text/turtle, " * 6000})
    assert response.status_code in (400, 431)


def test_every_negotiated_response_varies_on_accept(client):
    for path in (f"/id/{ENTITY}", f"/doc/{ENTITY}", "/vocab", "/shapes", "/.well-known/void", "/validation"):
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert "Accept" in response.headers.get("vary", ""), path


@pytest.mark.parametrize("path", ["/vocab", "/shapes", "/.well-known/void"])
def test_top_resources_negotiate(client, path):
    html = client.get(path, headers={"Accept": "text/html"})
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert html.headers["content-type"].startswith("text/html")
    assert turtle.headers["content-type"].startswith("text/turtle")
    Graph().parse(data=turtle.text, format="turtle")


def test_head_equals_get_without_a_body(client):
    identity = {"Accept-Encoding": "identity"}
    get = client.get(f"/doc/{ENTITY}.ttl", headers=identity)
    head = client.head(f"/doc/{ENTITY}.ttl", headers=identity)
    assert head.status_code == 200 and head.content == b""
    for name in ("content-type", "etag", "content-length", "last-modified", "link"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_if_none_match_gets_304(client):
    first = client.get(f"/doc/{ENTITY}.ttl")
    again = client.get(f"/doc/{ENTITY}.ttl", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


@pytest.mark.parametrize("extension", ["ttl", "nt"])  # a file, and a document made from that file
def test_etag_follows_content_not_size_or_time(built_site, client, extension):
    path = site_file(built_site, f"doc/{ENTITY}.ttl")  # the build writes it packed: ….ttl.gz
    before = client.get(f"/doc/{ENTITY}.{extension}").headers["etag"]
    original = path.read_bytes()
    text = packed.unpack(original)
    # Still Turtle (the N-Triples are made from it), the same length of text and of packed file.
    candidates = (text.replace(b"Kors", b"Kor" + bytes([letter])) for letter in b"tzxqwvkjy")
    changed = next((packed.pack(c) for c in candidates if len(packed.pack(c)) == len(original)), None)
    assert changed is not None and changed != original and len(packed.unpack(changed)) == len(text)
    stat = path.stat()
    try:
        path.write_bytes(changed)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
        after = client.get(f"/doc/{ENTITY}.{extension}").headers["etag"]
    finally:
        path.write_bytes(original)
    assert after != before


def test_cors_is_open_and_preflight_is_answered(client):
    simple = client.get(f"/doc/{ENTITY}.ttl", headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in simple.headers
    preflight = client.options(
        f"/doc/{ENTITY}", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET",
                                   "Access-Control-Request-Headers": "accept"}
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "GET" in preflight.headers["access-control-allow-methods"]


def test_other_methods_get_405_with_allow(client):
    response = client.put(f"/doc/{ENTITY}.ttl", content=b"x")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def test_responses_are_compressed_when_asked(client):
    response = client.get("/vocab.ttl", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    Graph().parse(data=response.text, format="turtle")


def test_unknown_entity_is_404_in_the_negotiated_format(client):
    html = client.get("/id/response/no-such-thing", headers={"Accept": "text/html"})
    assert html.status_code == 404
    assert html.headers["content-type"].startswith("text/html")
    assert 'href="/sparql"' in html.text and 'href="/doc/response/"' in html.text
    turtle = client.get("/doc/response/no-such-thing", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 404 and turtle.headers["content-type"].startswith("text/turtle")
    Graph().parse(data=turtle.text, format="turtle")


@pytest.mark.parametrize("path", [
    "/doc/../../etc/passwd", "/doc/%2e%2e/%2e%2e/etc/passwd", "/doc/..%2f..%2fetc/passwd",
    "/doc/%252e%252e/etc/passwd", "/..%2f..%2fetc/passwd", "/assets/..%2f..%2f..%2fetc%2fpasswd",
    "/dumps/..%2fnginx.conf", "/id/%3E%22%7B%7D/x", "/doc/response/%3E%22%7B%7D",
])
def test_path_traversal_and_odd_keys_get_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text


def test_home_listings_dumps_and_assets_are_served(client):
    assert client.get("/").headers["content-type"].startswith("text/html")
    assert client.get("/doc/response/").status_code == 200
    assert client.get("/dumps/").status_code == 200
    assert client.get("/dumps/SHA256SUMS").headers["content-type"] == "text/plain; charset=utf-8"
    gz = client.get("/dumps/ftsvar.nt.gz")
    assert gz.headers["content-type"] == "application/gzip"
    assert client.get("/assets/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/context.jsonld").headers["content-type"].startswith("application/ld+json")
    assert client.get("/assets/yasgui/yasgui.min.js").status_code == 200


def test_a_dump_is_served_unpacked_at_its_name_without_gz_to_a_client_that_refuses_gzip(client, built_site):
    text = gzip.decompress((built_site / "dumps" / "ftsvar.nt.gz").read_bytes())
    response = client.get("/dumps/ftsvar.nt", headers={"Accept-Encoding": "identity"})
    assert (response.status_code, response.headers["content-type"]) == (200, "application/n-triples; charset=utf-8")
    assert "content-encoding" not in response.headers
    assert response.content == text
    assert "Accept-Encoding" in response.headers["vary"]
    head = client.head("/dumps/ftsvar.nt", headers={"Accept-Encoding": "identity"})
    assert (head.status_code, head.headers["content-type"], head.content) == (200, response.headers["content-type"], b"")
    again = client.get("/dumps/ftsvar.nt", headers={"Accept-Encoding": "identity", "If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/dumps/ftsvar.html", "/dumps/nothing.nt", "/dumps/index.html.gz", "/ftsvar.nt"])
def test_only_a_dump_that_is_there_is_served_by_its_unpacked_name(client, path):
    assert client.get(path).status_code == 404


def test_listing_pages_come_as_csv_and_json_with_their_media_types(client):
    assert client.get("/doc/answer/index.csv").headers["content-type"] == "text/csv; charset=utf-8"
    data = client.get("/doc/answer/index.json")
    assert data.headers["content-type"] == "application/json; charset=utf-8"
    assert data.json()["rows"][0]["key"] == "20151-uui-896"
    assert client.get("/doc/answer/index.html").headers["content-type"].startswith("text/html")


def test_a_facet_folder_serves_its_first_page(client):
    page = client.get("/doc/answer/year/2016/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert client.get("/doc/answer/year/2016/index.csv").headers["content-type"] == "text/csv; charset=utf-8"
    assert client.get("/doc/answer/year/1999/").status_code == 404


def test_the_search_page_its_script_and_index_are_served(client):
    assert client.get("/search.html").headers["content-type"].startswith("text/html")
    assert client.get("/assets/search.js").headers["content-type"] == "text/javascript; charset=utf-8"
    assert client.get("/pagefind/indexes.json").headers["content-type"] == "application/json; charset=utf-8"
    for shard in client.get("/pagefind/indexes.json").json():
        assert client.get(f"/pagefind/{shard}pagefind.js").headers["content-type"] == "text/javascript; charset=utf-8"
        assert client.get(f"/pagefind/{shard}wasm.da.pagefind").status_code == 200


def test_a_listing_page_is_a_plain_file_not_an_entity_document(client):
    page = client.get("/doc/question/index.html", headers={"User-Agent": "Mozilla/5.0"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "rel=\"alternate\"" not in page.headers.get("link", "")  # no .ttl or .jsonld of a listing exists
    assert client.get("/doc/question/index", headers={"Accept": "text/turtle"}).status_code == 404
