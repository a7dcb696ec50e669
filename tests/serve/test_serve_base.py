"""The same data published under another base (`lodpub serve --base`, `lodpub build --base`):
a client that follows links stays on the server it started from, and every document describes
the URI that was fetched."""

from __future__ import annotations

import gzip

import httpx
import pytest
from oxigraph_server import free_port
from projects import copy_project
from rdflib import Graph, URIRef
from servers import running_server

from lodpub.errors import UserError

CONFIGURED = "https://w3id.org/ftsvar/"
ENTITY = "id/response/20151-uui-896-roede-kors"


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """`lodpub serve --base http://127.0.0.1:PORT/` on a project that has no build yet."""
    root = copy_project(tmp_path_factory.mktemp("rebased") / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with running_server(root, "--base", base, port=port, startup=120, log_name="serve-base.log") as (url, _):
        yield base, root


def describes(graph: Graph, uri: str) -> bool:
    return (URIRef(uri), None, None) in graph


def test_an_entity_uri_fetched_locally_is_described_under_that_uri(local):
    base, _ = local
    graph = Graph().parse(base + ENTITY, format="turtle")
    assert describes(graph, base + ENTITY)
    assert not any(CONFIGURED in str(term) for triple in graph for term in triple)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml"])
def test_rdflib_follows_links_link_by_link_and_each_document_describes_what_was_fetched(local, fmt):
    base, _ = local
    start = Graph().parse(base + ENTITY, format=fmt)
    linked = sorted({str(o) for o in start.objects() if isinstance(o, URIRef) and str(o).startswith(base + "id/")})
    assert len(linked) >= 3, linked
    seen = {base + ENTITY}
    for uri in linked[:4]:
        graph = Graph().parse(uri, format=fmt)
        assert describes(graph, uri), uri
        # one step further, from the document just read
        onward = sorted({str(o) for o in graph.objects() if isinstance(o, URIRef)
                         and str(o).startswith(base + "id/") and str(o) not in seen})
        if onward:
            assert describes(Graph().parse(onward[0], format=fmt), onward[0])
        seen.add(uri)


def test_pages_dumps_and_the_dataset_description_follow_the_base(local):
    base, root = local
    page = httpx.get(base + "doc/response/20151-uui-896-roede-kors", headers={"Accept": "text/html"}).text
    assert base + ENTITY in page and CONFIGURED not in page
    void = Graph().parse(base + ".well-known/void", format="turtle")
    assert describes(void, base + "id/dataset") or any(str(s).startswith(base) for s in void.subjects())
    assert not any(CONFIGURED in str(term) for triple in void for term in triple)
    for dump in ("ftsvar.nt", "ftsvar.nq.gz", "ftsvar.jsonld", "vocab.ttl"):
        body = httpx.get(base + "dumps/" + dump).content
        text = (gzip.decompress(body) if dump.endswith(".gz") else body).decode("utf-8")
        assert base + "id/" in text or base + "vocab" in text, dump
        assert CONFIGURED not in text, dump
    assert (root / "build" / "robots.txt").read_text().endswith(f"Sitemap: {base}sitemap.xml\n")


def test_the_endpoint_answers_under_the_base(local):
    base, _ = local
    query = "SELECT ?s WHERE { ?s a ?type } LIMIT 5"
    rows = httpx.get(base + "sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}).json()
    values = [row["s"]["value"] for row in rows["results"]["bindings"]]
    assert values and all(v.startswith(base) for v in values if not v.startswith("_:")), values
    relative = httpx.post(base + "sparql", data={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                          headers={"Accept": "application/n-triples"}).text
    assert f"<{base}s>" in relative


def test_a_base_that_is_not_a_base_uri_is_refused(project):
    with pytest.raises(UserError) as refused:
        project.published_at("ftp://example.org/")
    assert "--base" in str(refused.value)
    assert project.published_at("http://127.0.0.1:8000").base == "http://127.0.0.1:8000/"
    assert project.published_at(CONFIGURED) == project


def test_serving_without_base_builds_again_for_the_configured_base(local):
    """Last in this file: it replaces the build the other tests read."""
    _, root = local
    with running_server(root, startup=120, log_name="serve-configured.log") as (url, _):
        graph = Graph().parse(url + "/" + ENTITY, format="turtle")
        assert describes(graph, CONFIGURED + ENTITY)
    assert "building it for " + CONFIGURED in (root / "serve-configured.log").read_text()
