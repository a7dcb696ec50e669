"""`lodpub serve --store`: the serve acceptance checks against real stores filled by `lodpub publish`.

Each check that goes through a store runs against each of tests/stores.py's stores (Oxigraph and
Virtuoso); the remote engine's own logic is checked in-process against stand-ins.

Queries and entity descriptions come from the store; pages and dumps from build/. The store
keeps literals in canonical form ("4"^^xsd:nonNegativeInteger comes back as 4), so descriptions
are compared with the build's after both pass through an Oxigraph store. `lodpub publish` writes
the merge of the graphs into a graph of its own, which `serve --store` names as the default graph.
"""

from __future__ import annotations

import base64
import concurrent.futures
import csv
import gzip
import http.server
import io
import json
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from oxigraph_server import free_port
from projects import served_files, site_bytes
from rdflib import Graph
from rdflib.compare import isomorphic
from servers import NESTED_QUERIES, listener, query_alongside_a_page, running_server
from stores import KINDS, store_server

# The real-client checks of the embedded server, run here against `serve --store` (the `url` fixture below).
from test_acceptance import (  # noqa: F401
    test_sparqlwrapper_construct,
    test_sparqlwrapper_select_in_every_result_format,
)
from test_serve import ACCEPT_TABLE
from virtuoso_server import VirtuosoServer

from lodpub import publish as publishing
from lodpub import sparql
from lodpub.core.formats import DOCUMENT_FORMATS, NTRIPLES, SPARQL_JSON
from lodpub.core.formats import TURTLE as TURTLE_FORMAT
from lodpub.publish.client import StoreClient
from lodpub.sparql.remote import RemoteEngine, StoreTimeout, StoreUnavailable
from lodpub.store_access import credentials

ROOT = Path(__file__).resolve().parents[2]

ENTITY = "response/20151-uui-896-roede-kors"
BASE = "https://w3id.org/ftsvar/"
NS = BASE + "graph/"
GRAPHS = {NS + "20151-uui-896", NS + "reference", NS + "vocabulary", NS + "shapes"}
MERGE = NS + "default"  # the merge of the N-Quads dump's graphs, the default graph of queries naming none
TIMEOUT = 2.0
MAX_ROWS = 500
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


# -- a store filled by lodpub publish, and lodpub serve in front of it ----------------------


def store_at(kind: str, location: Path):
    """A store server over `location` as the README says to start it, its own timeout a little longer than
    serve's (not started yet)."""
    return store_server(kind, location, timeout_s=TIMEOUT + 3)


def published(server, build: Path):
    """`server`, started, holding the build as `lodpub publish` puts it there."""
    server.start()
    with StoreClient(server.endpoints) as client:
        publishing.publish(build, client, namespace=NS)
    return server


@pytest.fixture(scope="module", params=KINDS)
def store(request, built_site, tmp_path_factory):
    server = store_at(request.param, tmp_path_factory.mktemp(f"served-{request.param}") / "store")
    try:
        yield published(server, built_site)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def server(built_site, store):
    with running_server(built_site.parent, "--store", store.url, "--query", store.query_url, "--max-rows", str(MAX_ROWS),
                        timeout=TIMEOUT, log_name=f"serve-store-{type(store).__name__}.log") as running:
        yield running


@pytest.fixture(scope="module")
def url(server):
    return server[0]


@pytest.fixture(scope="module")
def embedded(built_site):
    """`lodpub serve` over the same build with its embedded store, to compare answers with."""
    with running_server(built_site.parent, "--max-rows", str(MAX_ROWS), timeout=10.0,
                        log_name="serve-embedded.log") as (running, _):
        yield running


def store_triples(store) -> int:
    """Quads in the dataset's graphs, counted by asking the store directly."""
    query = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{NS}")) }}'
    answer = httpx.post(store.query_url, data={"query": query}, headers=JSON_RESULTS)
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def as_the_store_keeps_it(data: bytes | str, fmt: ox.RdfFormat) -> Graph:
    """RDF after a round trip through an Oxigraph store: literals in canonical form, nothing else changed."""
    kept = ox.Store()
    kept.load(data, format=fmt)
    return Graph().parse(data=ox.serialize((q.triple for q in kept), format=ox.RdfFormat.N_TRIPLES), format="nt")


def rows(response: httpx.Response) -> list:
    return response.json()["results"]["bindings"]


# 1. Real clients.


def test_rdflib_follows_the_303_to_the_stores_description_of_the_entity(url, built_site):
    served = Graph().parse(f"{url}/id/{ENTITY}")
    build_file = site_bytes(built_site, f"doc/{ENTITY}.ttl")
    normalised = as_the_store_keeps_it(served.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
    assert isomorphic(normalised, as_the_store_keeps_it(build_file, ox.RdfFormat.TURTLE))
    # It came from the store, not from the file: the store's literals are canonical, the file's are not.
    assert not isomorphic(served, Graph().parse(data=build_file, format="turtle"))


def test_every_entity_description_from_the_store_says_what_the_build_says(url, built_site):
    documents = served_files(built_site, "doc/*/*.ttl")
    assert len(documents) > 40 and f"doc/{ENTITY}.ttl" in documents
    for relative in documents:
        kind, key = relative.split("/")[1], relative.rpartition("/")[2].removesuffix(".ttl")
        response = httpx.get(f"{url}/doc/{kind}/{key}.ttl")
        assert response.status_code == 200, (kind, key)
        assert isomorphic(as_the_store_keeps_it(response.content, ox.RdfFormat.TURTLE),
                          as_the_store_keeps_it(site_bytes(built_site, relative), ox.RdfFormat.TURTLE)), (kind, key)


@pytest.mark.parametrize("extension,parser", [("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml")])
def test_every_rdf_format_of_a_description_holds_the_same_triples(url, extension, parser):
    turtle = Graph().parse(data=httpx.get(f"{url}/doc/{ENTITY}.ttl").text, format="turtle")
    other = httpx.get(f"{url}/doc/{ENTITY}.{extension}")
    assert other.status_code == 200
    assert isomorphic(Graph().parse(data=other.text, format=parser), turtle)


# 2. Negotiation, exactly as in the embedded mode.


@pytest.mark.parametrize("accept,agent,expected", ACCEPT_TABLE)
def test_accept_table_over_http(url, accept, agent, expected):
    headers = {"User-Agent": agent or "python-httpx"}
    if accept is not None:
        headers["Accept"] = accept
    response = httpx.get(f"{url}/doc/{ENTITY}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == expected.content_type
    assert response.headers["content-location"] == f"/doc/{ENTITY}.{expected.extension}"
    assert "Accept" in response.headers["vary"]


def test_unacceptable_malformed_and_huge_accept_headers(url):
    refused = httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    for fmt in DOCUMENT_FORMATS:
        assert fmt.media_type in refused.text
    assert httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": "text/turtle;q=abc"}).status_code == 400
    try:
        status = httpx.get(f"{url}/doc/{ENTITY}", headers={"Accept": ", ".join(["a/b"] * 13000)}, timeout=5).status_code
    except httpx.RemoteProtocolError:
        status = 400  # uvicorn drops a request whose headers are too large
    assert status in (400, 431)


def test_entity_uri_answers_303_and_unknown_entities_404_without_asking_the_store(url):
    response = httpx.get(f"{url}/id/{ENTITY}", headers={"Accept": "application/ld+json"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/doc/{ENTITY}.jsonld"
    assert httpx.get(f"{url}/doc/response/no-such-thing.ttl").status_code == 404
    assert httpx.get(f"{url}/doc/response/%3E%22%7B%7D.ttl").status_code == 404


def test_headers_of_a_description_made_by_the_store(url):
    identity = {"Accept-Encoding": "identity", "Accept": "text/turtle", "Origin": "https://example.org"}
    get = httpx.get(f"{url}/doc/{ENTITY}", headers=identity)
    head = httpx.head(f"{url}/doc/{ENTITY}", headers=identity)
    assert get.status_code == head.status_code == 200 and head.content == b""
    for name in ("content-type", "etag", "content-length", "link", "vary", "content-location", "cache-control"):
        assert head.headers.get(name) == get.headers.get(name), name
    assert get.headers["etag"].startswith('W/"')
    assert get.headers["access-control-allow-origin"] == "*"
    again = httpx.get(f"{url}/doc/{ENTITY}", headers={**identity, "If-None-Match": get.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    gzipped = httpx.get(f"{url}/doc/{ENTITY}.ttl", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers.get("content-encoding") == "gzip" and gzipped.text == get.text


# 4. Nothing leaves lodpub that it does not accept itself; nothing is written.


def test_federation_loading_updates_and_outside_graphs_are_refused_and_the_store_is_unchanged(url, store):
    before = store_triples(store)
    with listener() as (port, seen):
        refused = [
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"LOAD <http://127.0.0.1:{port}/data.ttl>",
            "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "DELETE WHERE { ?s ?p ?o }",
            "CLEAR ALL",
            "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
            f"SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        ]
        for query in refused:
            response = httpx.post(url + "/sparql", data={"query": query})
            assert response.status_code == 400, query
            assert response.text.startswith("400: ")
        for update in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL"):
            assert httpx.post(url + "/sparql", data={"update": update}).status_code == 400
        outside = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"})
        assert outside.status_code == 400
        time.sleep(0.5)
    assert seen == []
    assert store_triples(store) == before


# 5. A runaway query is cut at the timeout; the server and the store go on.


def test_a_runaway_query_is_cut_while_pages_still_answer(url):
    run = query_alongside_a_page(url, CARTESIAN, f"/doc/{ENTITY}.html", TIMEOUT)
    assert run.response.status_code in (503, 504)
    assert "did not answer within" in run.response.text and "stopped" in run.response.text
    assert run.seconds < TIMEOUT + 2
    assert run.page.status_code == 200 and run.page_seconds < 1
    after = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON_RESULTS)
    assert after.status_code == 200 and after.json()["boolean"] is True


# 6. Deep nesting is refused before it reaches the store.


def test_deeply_nested_queries_are_refused(server):
    url, process = server
    for query in NESTED_QUERIES:
        response = httpx.post(url + "/sparql", data={"query": query})
        assert response.status_code == 400 and "nests brackets" in response.text
    assert process.poll() is None


def test_a_syntax_error_found_by_the_store_is_400_with_its_position(url):
    response = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "syntax error at line 1" in response.text  # Oxigraph adds the column, Virtuoso does not
    assert "define" not in response.text  # nor Virtuoso's echo of the query


# The dataset: the merge of the graphs by default, one graph when asked; the same rows as the embedded store.


def canonical(term: dict) -> tuple:
    """A SPARQL JSON term as an Oxigraph store keeps it: literals in canonical form, blank nodes unlabelled."""
    if term["type"] == "bnode":
        return ("bnode",)
    if term["type"] == "uri":
        return ("uri", term["value"])
    if "xml:lang" in term:
        literal = ox.Literal(term["value"], language=term["xml:lang"])
    else:
        literal = ox.Literal(term["value"], datatype=ox.NamedNode(term.get("datatype", "http://www.w3.org/2001/XMLSchema#string")))
    kept = ox.Store()
    kept.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), literal))
    literal = next(iter(kept)).object
    return ("literal", literal.value, literal.datatype.value, literal.language)


def solutions(response: httpx.Response) -> list:
    """The rows of a SPARQL JSON answer, each as sorted (variable, canonical term) pairs, sorted."""
    assert response.status_code == 200, response.text
    return sorted(tuple(sorted((name, canonical(term)) for name, term in row.items())) for row in rows(response))


@pytest.mark.parametrize("example", sorted(path.name for path in (ROOT / "queries").glob("*.rq")))
def test_every_example_query_gives_the_embedded_endpoints_rows(url, embedded, example):
    """Each triple counts once, as in the embedded store: no row repeated because a triple is in two graphs."""
    query = (ROOT / "queries" / example).read_text(encoding="utf-8")
    from_store = solutions(httpx.post(url + "/sparql", data={"query": query}, headers=JSON_RESULTS, timeout=30))
    from_embedded = solutions(httpx.post(embedded + "/sparql", data={"query": query}, headers=JSON_RESULTS, timeout=30))
    assert from_embedded, example  # not vacuous
    assert from_store == from_embedded


@pytest.mark.parametrize("query", [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
    # The store has one graph of the dataset that the embedded store has not: the shapes.
    f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{NS}shapes>) }} GROUP BY ?g",
    f"SELECT (COUNT(*) AS ?n) FROM <{NS}reference> FROM <{NS}20151-uui-896> WHERE {{ ?s ?p ?o }}",
    # FROM NAMED alone: the default graph is empty.
    f"SELECT (COUNT(*) AS ?n) FROM NAMED <{NS}reference> WHERE {{ ?s ?p ?o }}",
    f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{NS}reference> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
])
def test_the_default_and_named_graphs_are_the_embedded_endpoints(url, embedded, query):
    assert solutions(httpx.post(url + "/sparql", data={"query": query}, headers=JSON_RESULTS)) == \
        solutions(httpx.post(embedded + "/sparql", data={"query": query}, headers=JSON_RESULTS))


def test_default_graph_uri_and_from_restrict_the_query_to_one_graph(url, built_site):
    reference = NS + "reference"
    expected = sum(1 for q in ox.parse(gzip.decompress((built_site / "dumps" / "ftsvar.nq.gz").read_bytes()),
                                       format=ox.RdfFormat.N_QUADS)
                   if q.graph_name.value == reference)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    by_protocol = httpx.get(url + "/sparql", params={"query": count, "default-graph-uri": reference}, headers=JSON_RESULTS)
    by_from = httpx.get(url + "/sparql", params={"query": count.replace("WHERE", f"FROM <{reference}> WHERE")},
                        headers=JSON_RESULTS)
    whole = httpx.get(url + "/sparql", params={"query": count}, headers=JSON_RESULTS)
    assert int(rows(by_protocol)[0]["n"]["value"]) == expected
    assert int(rows(by_from)[0]["n"]["value"]) == expected
    assert int(rows(whole)[0]["n"]["value"]) > expected


def test_default_graph_uri_overrides_the_querys_from_as_in_the_embedded_store(url, embedded):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{NS}reference> WHERE {{ ?s ?p ?o }}"
    params = {"query": query, "default-graph-uri": NS + "vocabulary"}
    from_store = solutions(httpx.get(url + "/sparql", params=params, headers=JSON_RESULTS))
    assert from_store == solutions(httpx.get(embedded + "/sparql", params=params, headers=JSON_RESULTS))


def test_named_graph_uri_limits_the_named_graphs_and_keeps_the_union_as_default(url):
    reference = NS + "reference"
    names = httpx.get(url + "/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": reference,
    }, headers=JSON_RESULTS)
    assert [row["g"]["value"] for row in rows(names)] == [reference]
    operators = httpx.get(url + "/sparql", params={
        "query": "SELECT ?r WHERE { ?r <https://w3id.org/ftsvar/vocab#operator> ?op }", "named-graph-uri": reference,
    }, headers=JSON_RESULTS)
    assert len(rows(operators)) == 6


def test_each_source_document_is_a_named_graph(url):
    found = httpx.get(url + "/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
                      headers=JSON_RESULTS)
    # The dataset's graphs, as in the embedded store: not publish's manifest or merge, nor the store's others.
    assert {row["g"]["value"] for row in rows(found)} == GRAPHS


def test_the_service_description_lists_the_builds_graphs(url):
    description = Graph().parse(data=httpx.get(url + "/sparql", headers={"Accept": "text/turtle"}).text, format="turtle")
    names = {str(o) for o in description.objects(predicate=None) if str(o).startswith(NS)}
    assert names == GRAPHS


# The row cap.


def test_the_row_cap_is_signalled_for_select_and_construct(url):
    select = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=JSON_RESULTS)
    assert select.headers["sparql-results-truncated"] == f"max-rows={MAX_ROWS}"
    assert len(rows(select)) == MAX_ROWS
    as_csv = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert len(list(csv.reader(io.StringIO(as_csv.text)))) == MAX_ROWS + 1
    construct = httpx.get(url + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/n-triples"})
    assert construct.headers["sparql-results-truncated"] == f"max-rows={MAX_ROWS}"
    assert len(construct.text.splitlines()) == MAX_ROWS
    small = httpx.get(url + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}, headers=JSON_RESULTS)
    assert "sparql-results-truncated" not in small.headers and len(rows(small)) == 5


# The store goes away and comes back.


@pytest.mark.parametrize("kind", KINDS)
def test_without_the_store_pages_answer_and_sparql_says_502_until_it_is_back(built_site, tmp_path, kind):
    down = store_at(kind, tmp_path / "store")
    log = built_site.parent / f"serve-store-down-{kind}.log"
    try:
        with running_server(built_site.parent, "--store", down.url, "--query", down.query_url, timeout=TIMEOUT,
                            log_name=log.name) as (url, _):
            # Started while the store was not running: it warned, and serves what does not need the store.
            assert f"warning: the SPARQL store at {down.query_url} is not available" in log.read_text()
            check_store_down(url, down)
            published(down, built_site)
            check_store_up(url)
            down.stop()
            check_store_down(url, down)
            down.start()
            check_store_up(url)
    finally:
        down.stop()


def check_store_down(url: str, store) -> None:
    query = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON_RESULTS)
    assert query.status_code == 502
    assert f"the SPARQL store at {store.query_url} is not available" in query.text
    description = httpx.get(f"{url}/doc/{ENTITY}.ttl")
    assert description.status_code == 502 and store.url in description.text
    for path in (f"/doc/{ENTITY}.html", "/", "/doc/response/", "/dumps/", "/dumps/ftsvar.nq.gz", "/vocab.ttl"):
        assert httpx.get(url + path).status_code == 200, path
    assert httpx.get(f"{url}/id/{ENTITY}", headers={"Accept": "text/turtle"}).status_code == 303


def check_store_up(url: str) -> None:
    query = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON_RESULTS)
    assert query.status_code == 200 and query.json()["boolean"] is True
    assert httpx.get(f"{url}/doc/{ENTITY}.ttl").status_code == 200


# Credentials: sent to the store, never shown.


PASSWORD = "pa55-w0rd-that-must-not-leak"


class EchoingStore(http.server.BaseHTTPRequestHandler):
    """A broken store that repeats the request's Authorization header in its error message."""

    seen: list[str] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        authorization = self.headers.get("Authorization", "")
        EchoingStore.seen.append(authorization)
        body = f"internal error handling request with Authorization: {authorization} ({PASSWORD})".encode()
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_credentials_are_sent_to_the_store_and_never_shown_or_logged(built_site):
    echo = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoingStore)
    thread = threading.Thread(target=echo.serve_forever, daemon=True)
    thread.start()
    store = f"http://127.0.0.1:{echo.server_address[1]}"
    basic = base64.b64encode(f"lodpub:{PASSWORD}".encode()).decode()
    try:
        with running_server(built_site.parent, "--store", store, timeout=TIMEOUT, log_name="serve-store-auth.log",
                            env={"LODPUB_STORE_USER": "lodpub", "LODPUB_STORE_PASSWORD": PASSWORD}) as (url, _):
            query = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
            description = httpx.get(f"{url}/doc/{ENTITY}.ttl")
    finally:
        echo.shutdown()
    log = (built_site.parent / "serve-store-auth.log").read_text()
    assert f"Basic {basic}" in EchoingStore.seen
    assert query.status_code == 502 and description.status_code == 502
    assert "HTTP 500" in query.text
    for text in (query.text, description.text, log):
        assert PASSWORD not in text and basic not in text


def test_a_store_that_asks_for_digest_gets_it(built_site, tmp_path):
    """Virtuoso's /sparql-auth takes Digest only."""
    store = published(VirtuosoServer(tmp_path / "virtuoso"), built_site)
    try:
        store.add_user("reader", PASSWORD)
        auth = credentials({"LODPUB_STORE_USER": "reader", "LODPUB_STORE_PASSWORD": PASSWORD})
        with RemoteEngine(store.url + "/sparql-auth", GRAPHS, sparql.Limits(timeout=10), auth=auth) as remote:
            counted = remote.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", SPARQL_JSON)
            assert int(json.loads(counted.body)["results"]["bindings"][0]["n"]["value"]) > 1000
            assert remote.construct(f"CONSTRUCT WHERE {{ <{BASE}id/{ENTITY}> ?p ?o }}")
        wrong = credentials({"LODPUB_STORE_USER": "reader", "LODPUB_STORE_PASSWORD": "not-" + PASSWORD})
        with RemoteEngine(store.url + "/sparql-auth", GRAPHS, sparql.Limits(timeout=10), auth=wrong) as remote:
            with pytest.raises(StoreUnavailable) as refused:
                remote.run("ASK { ?s ?p ?o }", SPARQL_JSON)
        assert "HTTP 401" in refused.value.message and PASSWORD not in refused.value.message
    finally:
        store.stop()


def test_a_query_the_store_stops_at_its_own_timeout_is_a_timeout(built_site, tmp_path):
    """Virtuoso stopped at its MaxQueryExecutionTime before lodpub's deadline: 504, not 502."""
    store = published(VirtuosoServer(tmp_path / "virtuoso", timeout_s=1), built_site)
    try:
        with RemoteEngine(store.query_url, GRAPHS, sparql.Limits(timeout=30)) as remote:
            started = time.monotonic()
            with pytest.raises(StoreTimeout):
                remote.run(CARTESIAN, SPARQL_JSON)
            assert time.monotonic() - started < 15
    finally:
        store.stop()


# The remote engine in-process: refusals before sending, the dataset as protocol parameters, limits.


class Recorder:
    """An httpx transport standing in for a store: records each request, answers with `reply`."""

    def __init__(self, reply=None):
        self.requests: list[httpx.Request] = []
        self.reply = reply or (lambda request: httpx.Response(
            200, headers={"Content-Type": SPARQL_JSON.media_type}, content=b'{"head":{},"boolean":true}'))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.reply(request)

    def form(self, number: int = -1) -> list[tuple[str, str]]:
        from urllib.parse import parse_qsl

        return parse_qsl(self.requests[number].content.decode())


def engine(recorder: Recorder, limits: sparql.Limits = sparql.Limits(timeout=TIMEOUT)) -> RemoteEngine:
    return RemoteEngine("http://store.invalid/query", GRAPHS, limits, transport=httpx.MockTransport(recorder))


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }",
    "",
])
def test_what_the_engine_refuses_is_never_sent(query):
    recorder = Recorder()
    with engine(recorder) as remote, pytest.raises(sparql.QueryRefused):
        remote.run(query, SPARQL_JSON)
    assert recorder.requests == []


def test_a_result_format_that_does_not_fit_is_refused_before_sending():
    recorder = Recorder()
    with engine(recorder) as remote, pytest.raises(sparql.FormNotAcceptable):
        remote.run("CONSTRUCT WHERE { ?s ?p ?o }", SPARQL_JSON)
    assert recorder.requests == []


def test_the_dataset_goes_to_the_store_as_protocol_parameters():
    recorder = Recorder()
    with engine(recorder) as remote:
        # No dataset given: the merge publish wrote is the default graph, the dataset's graphs the named ones,
        # sent where the query has a GRAPH pattern (else they cannot matter).
        remote.run("ASK { GRAPH ?g { ?s ?p ?o } }", SPARQL_JSON)
        assert sorted(recorder.form()[1:]) == sorted(
            [("default-graph-uri", MERGE)] + [("named-graph-uri", g) for g in GRAPHS])
        remote.run("ASK { ?s ?p ?o }", SPARQL_JSON)
        assert recorder.form()[1:] == [("default-graph-uri", MERGE)]
        remote.run(f"ASK FROM <{NS}reference> {{ ?s ?p ?o }}", SPARQL_JSON)
        assert recorder.form()[1:] == [("default-graph-uri", NS + "reference")]
        # Only named graphs given: the default graph is the merge.
        remote.run("ASK { ?s ?p ?o }", SPARQL_JSON, named_graph_uris=[NS + "reference"])
        assert sorted(recorder.form()[1:]) == [("default-graph-uri", MERGE), ("named-graph-uri", NS + "reference")]
        # Only default graphs given: every graph of the dataset is a named graph, the shapes too.
        remote.run("ASK { GRAPH ?g { ?s ?p ?o } }", SPARQL_JSON, default_graph_uris=[NS + "reference"])
        assert sorted(recorder.form()[1:]) == sorted(
            [("default-graph-uri", NS + "reference")] + [("named-graph-uri", g) for g in GRAPHS])
        remote.run("ASK { ?s ?p ?o }", SPARQL_JSON, default_graph_uris=[NS + "reference"])
        assert recorder.form()[1:] == [("default-graph-uri", NS + "reference")]
    assert all(r.headers["accept"] == SPARQL_JSON.media_type for r in recorder.requests)


def test_a_querys_from_goes_only_where_the_protocol_does_not_override_it():
    recorder = Recorder()
    query = f"ASK FROM <{NS}reference>\nFROM NAMED <{NS}vocabulary> {{ ?s ?p ?o }}"
    with engine(recorder) as remote:
        remote.run(query, SPARQL_JSON)
        assert dict(recorder.form())["query"] == query
        remote.run(query, SPARQL_JSON, default_graph_uris=[NS + "shapes"])
        sent = dict(recorder.form())["query"]
        assert "FROM" not in sent and len(sent) == len(query) and sent.index("\n") == query.index("\n")
        assert recorder.form()[1:] == [("default-graph-uri", NS + "shapes")]


def test_entity_descriptions_are_asked_of_the_merge():
    recorder = Recorder(lambda request: httpx.Response(200, headers={"Content-Type": NTRIPLES.media_type}, content=b""))
    with engine(recorder) as remote:
        assert remote.construct("CONSTRUCT WHERE { ?s ?p ?o }") == []
    assert recorder.form()[1:] == [("default-graph-uri", MERGE)]


def test_virtuosos_blank_node_labels_are_read_also_across_chunks():
    """Virtuoso labels blank nodes nodeID://b10002 in SPARQL JSON, which no RDF syntax takes as a label."""
    answer = (b'{ "head": { "link": [], "vars": ["s"] }, "results": { "distinct": false, "ordered": true, "bindings": [ '
              b'{ "s": { "type": "bnode", "value": "nodeID://b10002" }}, { "s": { "type": "bnode", "value": "nodeID://b7" }} ] } }')

    cut = answer.index(b"nodeID") + 3  # a label's prefix spans two chunks

    def reply(request):
        return httpx.Response(200, headers={"Content-Type": SPARQL_JSON.media_type}, stream=Chunks([answer[:cut], answer[cut:]]))

    with engine(Recorder(reply)) as remote:
        result = remote.run("SELECT ?s WHERE { ?s ?p ?o }", SPARQL_JSON)
    values = [row["s"] for row in json.loads(result.body)["results"]["bindings"]]
    assert [v["type"] for v in values] == ["bnode", "bnode"] and values[0]["value"] != values[1]["value"]


class Chunks(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes]):
        self.chunks = chunks

    def __iter__(self):
        yield from self.chunks


@pytest.mark.parametrize("answer,boolean", [(b"1", "true"), (b"0", "false")])
def test_virtuosos_ask_answered_as_a_solution_is_a_boolean(answer, boolean):
    body = (b'{ "head": { "link": [], "vars": ["__ASK_RETVAL"] }, "results": { "distinct": false, "ordered": true, '
            b'"bindings": [ { "__ASK_RETVAL": { "type": "typed-literal", '
            b'"datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "%s" }} ] } }' % answer)
    recorder = Recorder(lambda request: httpx.Response(200, headers={"Content-Type": SPARQL_JSON.media_type}, content=body))
    with engine(recorder) as remote:
        result = remote.run("ASK { ?s ?p ?o }", SPARQL_JSON)
    assert json.loads(result.body)["boolean"] is (boolean == "true")


@pytest.mark.parametrize("headers,status,body", [
    ({"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results, query interrupted by result timeout."},
     200, b'{ "head": { "vars": ["s"] }, "results": { "bindings": [] } }'),
    ({"Content-Type": "text/plain"}, 500, b"Virtuoso S1T00 Error SR171: Transaction timed out"),
])
def test_an_answer_virtuoso_cut_at_its_own_timeout_is_a_timeout_not_rows(headers, status, body):
    """Virtuoso's "anytime" answer is a 200 with the rows found so far; its aggregates fail with a 500."""
    recorder = Recorder(lambda request: httpx.Response(status, headers={"Content-Type": SPARQL_JSON.media_type, **headers},
                                                       content=body))
    with engine(recorder) as remote, pytest.raises(StoreTimeout):
        remote.run("SELECT * WHERE { ?s ?p ?o }", SPARQL_JSON)


def test_construct_results_are_asked_as_ntriples_and_written_as_asked():
    ntriples = b'<urn:a> <urn:b> "1"@da .\n<urn:a> <urn:b> "1"@da .\n<urn:a> <urn:c> <urn:d> .\n'
    recorder = Recorder(lambda request: httpx.Response(200, headers={"Content-Type": NTRIPLES.media_type}, content=ntriples))
    with engine(recorder) as remote:
        result = remote.run("PREFIX ex: <urn:> CONSTRUCT WHERE { ?s ?p ?o }", TURTLE_FORMAT)
    assert recorder.requests[0].headers["accept"] == NTRIPLES.media_type
    assert result.rows == 2 and not result.truncated  # a graph is a set: the store's repeat is dropped
    assert result.media_type == "text/turtle"
    assert len(Graph().parse(data=result.body, format="turtle")) == 2


@pytest.mark.parametrize("status,body,expected", [
    (500, b"boom", StoreUnavailable),
    (503, b"", StoreUnavailable),
    (401, b"", StoreUnavailable),
    (404, b"not found", StoreUnavailable),
    (400, b"error at 1:25: expected OPTIONAL", sparql.QueryRefused),
    (429, b"", sparql.Busy),
    (504, b"", StoreTimeout),
])
def test_the_stores_answers_map_to_the_engines_exceptions(status, body, expected):
    recorder = Recorder(lambda request: httpx.Response(status, content=body))
    with engine(recorder) as remote, pytest.raises(expected) as raised:
        remote.run("SELECT * WHERE { ?s ?p ?o }", SPARQL_JSON)
    if expected is sparql.QueryRefused:
        assert raised.value.status == 400 and "line 1, column 25" in raised.value.message
    if expected is StoreUnavailable:
        assert "http://store.invalid/query" in raised.value.message


def test_a_store_that_is_down_is_unavailable_not_a_traceback():
    port = free_port()
    with RemoteEngine(f"http://127.0.0.1:{port}/query", GRAPHS, sparql.Limits(timeout=TIMEOUT)) as remote:
        with pytest.raises(StoreUnavailable) as raised:
            remote.run("ASK { ?s ?p ?o }", SPARQL_JSON)
        assert "cannot connect" in raised.value.message
        assert remote.check_store() is not None


def test_more_requests_than_max_concurrent_are_busy():
    release = threading.Event()

    def slow(request):
        release.wait(5)
        return httpx.Response(200, headers={"Content-Type": SPARQL_JSON.media_type}, content=b'{"head":{},"boolean":true}')

    recorder = Recorder(slow)
    with engine(recorder, sparql.Limits(timeout=5, max_concurrent=1)) as remote:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            first = pool.submit(remote.run, "ASK { ?s ?p ?o }", SPARQL_JSON)
            deadline = time.monotonic() + 5
            while remote.running == 0 and time.monotonic() < deadline:
                time.sleep(0.01)
            with pytest.raises(sparql.Busy) as busy:
                remote.run("ASK { ?s ?p ?o }", SPARQL_JSON)
            assert busy.value.retry_after >= 1
            release.set()
            assert first.result().body == b'{"head":{},"boolean":true}'
        assert remote.running == 0


class TricklingStore(http.server.BaseHTTPRequestHandler):
    """A store that starts its answer at once and then sends a row every 0.8 s, for a minute."""

    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        try:
            self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[')
            self.wfile.flush()
            for n in range(75):
                time.sleep(0.8)
                self.wfile.write(b'%s{"s":{"type":"uri","value":"urn:x:%d"}}' % (b"," if n else b"", n))
                self.wfile.flush()
        except OSError:
            pass  # lodpub cut the connection

    def log_message(self, *args):
        pass


def test_a_store_that_trickles_rows_is_cut_at_the_deadline():
    # Each row comes well within the read timeout; only the deadline on the whole answer stops it.
    trickle = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TricklingStore)
    trickle.daemon_threads = True
    threading.Thread(target=trickle.serve_forever, daemon=True).start()
    limits = sparql.Limits(timeout=1.0, max_rows=1000)
    try:
        with RemoteEngine(f"http://127.0.0.1:{trickle.server_address[1]}/query", GRAPHS, limits) as remote:
            started = time.monotonic()
            with pytest.raises(StoreTimeout):
                remote.run("SELECT * WHERE { ?s ?p ?o }", SPARQL_JSON)
            assert time.monotonic() - started < limits.timeout + 0.3  # not at the next row (1.6 s)
            assert remote.running == 0
    finally:
        trickle.shutdown()
