"""What clients nobody here wrote expect of a real `lodpub serve`: the SPARQL 1.1 Protocol tests'
relative IRIs, shared caches (Vary), pyld's and rdflib's loaders, and the vocabulary's version IRI."""

from __future__ import annotations

import gzip
import urllib.request

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from servers import running_server

from lodpub.core.formats import NTRIPLES, SPARQL_JSON
from lodpub.sparql import Limits, QueryRefused
from lodpub.sparql.remote import RemoteEngine

BASE = "https://w3id.org/ftsvar/"
ENDPOINT = BASE + "sparql"
RELATIVE = "CONSTRUCT { <s> <p> 1 } WHERE {}"  # the protocol tests' query with relative IRIs


@pytest.fixture(scope="module")
def url(built_site):
    with running_server(built_site.parent, log_name="serve-interop.log") as (running, _):
        yield running


def test_relative_iris_in_a_query_resolve_against_the_endpoint(url):
    response = httpx.post(url + "/sparql", data={"query": RELATIVE}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.text, format="nt")
    assert set(graph) == {(URIRef(BASE + "s"), URIRef(BASE + "p"), Literal(1))}


def test_a_query_base_resolves_against_the_endpoint_too(url):
    query = "BASE <other/> SELECT ?x WHERE { BIND(<x> AS ?x) }"
    response = httpx.get(url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["x"]["value"] == BASE + "other/x"


def test_a_relative_from_names_a_graph_under_the_endpoint(url):
    query = "SELECT (COUNT(*) AS ?n) FROM <graph/reference> WHERE { ?s ?p ?o }"
    response = httpx.get(url + "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_the_service_description_states_the_base(url):
    response = httpx.get(url + "/sparql", headers={"Accept": "text/turtle"})
    assert f"Relative IRIs in a query resolve against <{ENDPOINT}>" in response.text


def test_an_external_store_resolves_against_the_endpoint_not_itself(tmp_path):
    from oxigraph_server import oxigraph_server

    with oxigraph_server(tmp_path / "store") as store:
        with RemoteEngine(store.url + "/query", {BASE + "graph/reference"}, Limits(timeout=5), base=ENDPOINT) as engine:
            result = engine.run(RELATIVE, NTRIPLES)
            assert set(Graph().parse(data=result.body, format="nt")) == {
                (URIRef(BASE + "s"), URIRef(BASE + "p"), Literal(1))}
            with pytest.raises(QueryRefused) as refused:
                engine.run("SELECT * WHERE { ?s ?p }", SPARQL_JSON)
    # The store's message points into the query as the client wrote it, not as it was sent.
    assert "line 1, column" in refused.value.message
    column = int(refused.value.message.split("column ")[1].split(":")[0])
    assert column <= len("SELECT * WHERE { ?s ?p }") + 1


# -- Vary: every request field that takes part in the choice (RFC 9110 §12.5.5) -----------------

ENTITY = "response/20151-uui-896-roede-kors"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
CURL = "curl/8.5.0"
NEGOTIATED = [
    f"/id/{ENTITY}", f"/doc/{ENTITY}", "/vocab", "/shapes", "/validation", "/.well-known/void", "/sparql",
    "/sparql?query=" + httpx.QueryParams({"q": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"})["q"],
    "/doc/question/no-such-question",  # an error answered in the negotiated format
]


def varies_on(response: httpx.Response) -> set[str]:
    return {name.strip().lower() for name in response.headers.get("vary", "").split(",") if name.strip()}


@pytest.mark.parametrize("path", NEGOTIATED)
@pytest.mark.parametrize("accept", [None, "*/*", "text/turtle"])
def test_negotiated_answers_vary_on_accept_and_user_agent(url, path, accept):
    headers = {"User-Agent": CURL, **({"Accept": accept} if accept else {})}
    response = httpx.get(url + path, headers=headers)
    if response.status_code == 406:  # a SELECT has no Turtle: refused whoever asks, on Accept alone
        assert "accept" in varies_on(response) and "user-agent" not in varies_on(response)
        return
    assert {"accept", "user-agent"} <= varies_on(response), (path, response.headers.get("vary"))
    assert response.headers.get("cache-control", "").startswith("public") or response.status_code >= 400


@pytest.mark.parametrize("path", NEGOTIATED)
def test_the_user_agent_does_choose_when_accept_names_nothing(url, path):
    """Why Vary names User-Agent: the same request from a browser and from curl gets two answers."""
    browser = httpx.get(url + path, headers={"User-Agent": BROWSER, "Accept": "*/*"})
    program = httpx.get(url + path, headers={"User-Agent": CURL, "Accept": "*/*"})
    as_page = (browser.headers.get("location", "") + browser.headers.get("content-type", ""))
    as_data = (program.headers.get("location", "") + program.headers.get("content-type", ""))
    assert "html" in as_page and "html" not in as_data, (as_page, as_data)


def test_a_not_modified_answer_keeps_the_vary_of_the_answer(url):
    first = httpx.get(url + f"/doc/{ENTITY}", headers={"User-Agent": CURL})
    again = httpx.get(url + f"/doc/{ENTITY}", headers={"User-Agent": CURL, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert {"accept", "user-agent"} <= varies_on(again)


# -- the vocabulary's version IRI dereferences ---------------------------------------------------

OWL_VERSION_IRI = URIRef("http://www.w3.org/2002/07/owl#versionIRI")


def local(iri: str, url: str) -> str:
    return url + "/" + iri.removeprefix(BASE)


def test_the_version_iri_the_vocabulary_declares_is_served_negotiated(url):
    vocab = Graph().parse(data=httpx.get(url + "/vocab", headers={"Accept": "text/turtle"}).text, format="turtle")
    versions = list(vocab.objects(None, OWL_VERSION_IRI))
    assert versions, "the vocabulary declares a version IRI"
    for version in versions:
        turtle = httpx.get(local(str(version), url), headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200, version
        assert turtle.headers["content-type"].startswith("text/turtle")
        assert (None, OWL_VERSION_IRI, version) in Graph().parse(data=turtle.text, format="turtle")
        page = httpx.get(local(str(version), url), headers={"Accept": "text/html", "User-Agent": BROWSER})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert {"accept", "user-agent"} <= varies_on(page)
        jsonld = httpx.get(local(str(version), url) + ".jsonld")
        assert jsonld.status_code == 200 and jsonld.headers["content-type"].startswith("application/ld+json")


def test_the_version_page_links_to_its_own_files(url):
    from bs4 import BeautifulSoup

    version_url = url + "/vocab/0.1.0"
    page = BeautifulSoup(httpx.get(version_url, headers={"Accept": "text/html"}).text, "html.parser")
    for link in page.select('link[rel="alternate"]'):
        target = httpx.get(httpx.URL(version_url).join(link["href"]))
        assert target.status_code == 200, link["href"]


def test_an_unreleased_version_is_404(url):
    assert httpx.get(url + "/vocab/9.9.9", headers={"Accept": "text/turtle"}).status_code == 404
    assert httpx.get(url + "/vocab/..%2Fshapes").status_code == 404


# -- pyld, with its own default document loader --------------------------------------------------


@pytest.mark.parametrize("path", [f"/id/{ENTITY}", f"/doc/{ENTITY}", f"/doc/{ENTITY}.jsonld", "/vocab"])
def test_pyld_expands_entity_uris_documents_and_the_vocabulary(url, path):
    from pyld import jsonld

    jsonld.set_document_loader(jsonld.requests_document_loader())
    expanded = jsonld.expand(url + path)
    ids = {node.get("@id") for node in expanded}
    wanted = BASE + ("vocab" if path == "/vocab" else f"id/{ENTITY}")
    assert wanted in ids, sorted(i for i in ids if i)[:5]


def test_json_ld_answers_carry_no_alternate_links_and_the_others_keep_them(url):
    as_jsonld = httpx.get(url + f"/doc/{ENTITY}", headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")
    assert 'rel="alternate"' not in as_jsonld.headers.get("link", "")
    as_turtle = httpx.get(url + f"/doc/{ENTITY}", headers={"Accept": "text/turtle"})
    assert as_turtle.headers["link"].count('rel="alternate"') == 5
    assert 'type="application/ld+json"' in as_turtle.headers["link"]


# -- N-Triples asked for as text/plain -----------------------------------------------------------


@pytest.mark.parametrize("accept,agent,expected", [
    ("text/plain", None, "nt"),
    ("text/plain, */*;q=0.1", None, "nt"),  # rdflib's parse(url, format="nt")
    ("text/*", None, "ttl"),
    ("*/*", None, "ttl"),
    ("*/*", BROWSER, "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", BROWSER, "html"),
])
def test_text_plain_names_n_triples_and_nothing_else_reaches_it(accept, agent, expected):
    from lodpub.core.formats import DOCUMENT_FORMATS
    from lodpub.serve.negotiate import negotiate

    assert negotiate(DOCUMENT_FORMATS, accept, agent).name == expected


@pytest.mark.parametrize("path", [f"/id/{ENTITY}", f"/doc/{ENTITY}", "/vocab"])
def test_rdflib_reads_n_triples_asked_for_by_format(url, path):
    graph = Graph().parse(url + path, format="nt")
    subject = URIRef(BASE + ("vocab" if path == "/vocab" else f"id/{ENTITY}"))
    assert len(graph) > 5 and (subject, None, None) in graph


@pytest.mark.parametrize(("name", "fmt"), [("ftsvar.nt", "nt"), ("ftsvar.ttl", "turtle")])
def test_rdflib_reads_a_dump_at_its_unpacked_name(url, built_site, name, fmt):
    """build/ holds only dumps/*.gz; a client that asks for no gzip (rdflib, through urllib) gets the text."""
    fetched = Graph().parse(url + "/dumps/" + name, format=fmt)
    expected = Graph().parse(data=gzip.decompress((built_site / "dumps" / f"{name}.gz").read_bytes()), format=fmt)
    assert len(fetched) == len(expected) > 1000
    assert isomorphic(fetched, expected)


def test_urllib_gets_a_dump_unpacked_byte_for_byte(url, built_site):
    with urllib.request.urlopen(url + "/dumps/ftsvar.nq") as response:  # sends Accept-Encoding: identity
        body = response.read()
        assert response.headers["Content-Type"] == "application/n-quads; charset=utf-8"
        assert response.headers.get("Content-Encoding") is None
    assert body == gzip.decompress((built_site / "dumps" / "ftsvar.nq.gz").read_bytes())


def test_a_dump_is_sent_as_its_gzip_file_to_a_client_that_takes_gzip(url, built_site):
    packed = (built_site / "dumps" / "ftsvar.nq.gz").read_bytes()
    with httpx.stream("GET", url + "/dumps/ftsvar.nq", headers={"Accept-Encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"] == "application/n-quads; charset=utf-8"
    assert "Accept-Encoding" in response.headers["vary"]
    assert raw == packed
    # Ranges are of the gzip file's bytes, as sent.
    with httpx.stream("GET", url + "/dumps/ftsvar.nq", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-9"}) as ranged:
        part = b"".join(ranged.iter_raw())
    assert (ranged.status_code, part) == (206, packed[:10])
