"""`lodpub publish` against real stores: whole graphs, only what changed, verified, restartable.

What depends on the store (counts and content as in the dumps, republishing, a changed or removed
source, SPARQL Update instead of the Graph Store Protocol, a crash mid-publish) runs against each
of tests/stores.py's stores, Oxigraph and Virtuoso; lodpub's own logic (retries, credentials,
messages) against Oxigraph.
"""

from __future__ import annotations

import base64
import gzip
import http.server
import shutil
import threading
from collections import Counter
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from oxigraph_server import OxigraphServer, free_port, oxigraph_server
from projects import copy_project, run_build
from rdflib import Graph
from rdflib.compare import isomorphic
from stores import KINDS, store_server
from virtuoso_server import VirtuosoServer

from lodpub import publish as publishing
from lodpub.cli import main
from lodpub.errors import UserError
from lodpub.publish import PublishError, Step
from lodpub.publish.client import Retry, StoreClient, update_replacing
from lodpub.store_access import Credentials, Endpoints, credentials

NS = "https://w3id.org/ftsvar/graph/"
SEED_GRAPH = NS + "20151-uui-896"
EXTRA_GRAPH = NS + "20151-uui-896-extra"
MANIFEST = NS + "manifest"
BUILD_GRAPHS = [SEED_GRAPH, NS + "reference", NS + "shapes", NS + "vocabulary"]
DEFAULT = NS + publishing.MERGE  # the merge of the dump's graphs: the default graph of queries naming none
WRITTEN = [*BUILD_GRAPHS, DEFAULT]  # what a first publish writes, in order (then the manifest)
PUTS = [f"PUT <{g}>" for g in WRITTEN]
PASSWORD = "pa55-w0rd-that-must-not-leak"
FAST = Retry(tries=3, first_wait=0.01)
PREFIXES = {"answer": "https://w3id.org/ftsvar/id/answer/", "oa": "http://www.w3.org/ns/oa#",
            "ftv": "https://w3id.org/ftsvar/vocab#", "xsd": "http://www.w3.org/2001/XMLSchema#"}


# -- helpers -------------------------------------------------------------------------------


def client(where, **kwargs) -> StoreClient:
    """A client for a server object (its endpoints), an Endpoints, or a base URL."""
    if isinstance(where, str):
        endpoints = Endpoints.of(where)
    else:
        endpoints = where if isinstance(where, Endpoints) else where.endpoints
    return StoreClient(endpoints, retry=kwargs.pop("retry", FAST), **kwargs)


def publish(build: Path, url_or_endpoints, **kwargs) -> publishing.Report:
    with client(url_or_endpoints, **{k: kwargs.pop(k) for k in ("auth", "transport", "retry", "sleep") if k in kwargs}) as store:
        return publishing.publish(build, store, **kwargs)


def select(server, query: str) -> list[dict[str, str]]:
    answer = httpx.post(server.query_url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    answer.raise_for_status()
    return [{name: term["value"] for name, term in row.items()} for row in answer.json()["results"]["bindings"]]


def update(server, text: str) -> None:
    httpx.post(server.update_url, data={"update": text}).raise_for_status()


def store_counts(server) -> dict[str, int]:
    """Triples per named graph of the dataset, asked of the store directly (not through lodpub; Virtuoso has
    graphs of its own)."""
    query = f'SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{NS}")) }} GROUP BY ?g'
    return {row["g"]: int(row["n"]) for row in select(server, query)}


def store_ntriples(server, graph: str) -> str | None:
    """The graph as the store gives it back (GSP GET), lines sorted; None when it has no such graph."""
    answer = httpx.get(server.gsp_url, params={"graph": graph}, headers={"Accept": "application/n-triples"})
    if answer.status_code == 404:
        return None
    answer.raise_for_status()
    return "".join(sorted(line.replace("\t", " ") for line in answer.text.splitlines(keepends=True)))


def dump(build: Path, name: str) -> bytes:
    """The text of the build's dump dumps/{name}, written as {name}.gz."""
    return gzip.decompress((build / "dumps" / f"{name}.gz").read_bytes())


def build_counts(build: Path) -> dict[str, int]:
    """Triples per graph counted from the build's own files, independently of lodpub.publish; DEFAULT: the
    triples of the dump's graphs, each once."""
    quads = list(ox.parse(dump(build, "ftsvar.nq"), format=ox.RdfFormat.N_QUADS))
    counts = Counter(q.graph_name.value for q in quads)
    counts[NS + "shapes"] = len(set(ox.parse(dump(build, "shapes.ttl"), format=ox.RdfFormat.TURTLE)))
    counts[DEFAULT] = len({q.triple for q in quads})
    return dict(counts)


def build_graph(build: Path, graph: str) -> Graph:
    """The build's graph as an Oxigraph store keeps it.

    Oxigraph stores literals in canonical form ("1"^^xsd:nonNegativeInteger comes back as
    "1"^^xsd:integer, "1.50" as "1.5"), so the build's graph goes through an in-memory Oxigraph
    store first: the same normalisation, nothing else.
    """
    store = ox.Store()
    if graph == NS + "shapes":
        store.load(dump(build, "shapes.ttl"), format=ox.RdfFormat.TURTLE)
        quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    elif graph == DEFAULT:  # the merge: every graph of the dump (a triple in two of them is one in the Graph)
        store.load(dump(build, "ftsvar.nq"), format=ox.RdfFormat.N_QUADS)
        quads = store.quads_for_pattern(None, None, None, None)
    else:
        store.load(dump(build, "ftsvar.nq"), format=ox.RdfFormat.N_QUADS)
        quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
    data = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data, format="nt")


def as_oxigraph_keeps_it(ntriples: str) -> Graph:
    """The store's copy with literals in Oxigraph's canonical form, as build_graph has the build's (another
    store keeps them in a form of its own)."""
    store = ox.Store()
    store.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=ox.serialize((q.triple for q in store), format=ox.RdfFormat.N_TRIPLES), format="nt")


def assert_store_matches(server, build: Path) -> None:
    """Every graph of the build is in the store with the same count and isomorphic content, and the merge
    graph holds their merge; no other graph."""
    expected = build_counts(build)
    held = store_counts(server)
    assert {g: n for g, n in held.items() if g != MANIFEST} == expected
    for graph in expected:
        assert isomorphic(as_oxigraph_keeps_it(store_ntriples(server, graph)), build_graph(build, graph)), graph


def snapshot(server) -> dict[str, str | None]:
    """Each graph exactly as stored, blank-node labels included: any rewrite of a graph changes them."""
    return {graph: store_ntriples(server, graph) for graph in sorted(store_counts(server))}


def kill_after(server: OxigraphServer, writes: int):
    def progress(step: Step) -> None:
        if step.done == writes:
            server.kill()
    return progress


@pytest.fixture(scope="module")
def variants(tmp_path_factory, built_site) -> dict[str, Path]:
    """Three builds' dumps: the seed dataset with a second source document, that document edited, and it removed."""
    root = copy_project(tmp_path_factory.mktemp("variants") / "project")
    extra = root / "data" / "20151-uui-896-extra.ttl"
    out = {}

    def keep(name: str) -> None:
        done = run_build(root)
        assert done.returncode == 0, done.stderr + done.stdout
        shutil.copytree((root / "build" / "dumps").resolve(), root.parent / name / "dumps")
        out[name] = root.parent / name

    shutil.copy(root / "data" / "20151-uui-896.ttl", extra)
    keep("two")
    # The edit: the answer's text position selector goes (its three triples), whatever the file's layout.
    triples = list(ox.parse(path=str(extra), format=ox.RdfFormat.TURTLE))
    position = ox.NamedNode("https://w3id.org/ftsvar/id/answer/20151-uui-896#position")
    kept = [t for t in triples if t.subject != position]
    assert len(triples) - len(kept) == 3
    extra.write_bytes(ox.serialize(kept, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    keep("edited")
    extra.unlink()
    keep("one")
    return out


@pytest.fixture(params=KINDS)
def new_store(request, tmp_path):
    """Makes a server of each kind in turn (not started; use `with`), over a folder under tmp_path."""
    made = []

    def make(location: Path = tmp_path / "store"):
        made.append(store_server(request.param, location))
        return made[-1]

    yield make
    for server in made:
        server.stop()


# -- publishing the seed dataset ---------------------------------------------------------------


def test_publish_puts_every_graph_with_the_builds_counts_and_content(built_site, new_store):
    with new_store() as server:
        report = publish(built_site, server)
        assert report.changed == 5
        assert report.requests == PUTS + [f"PUT <{MANIFEST}>"]
        assert report.verified == build_counts(built_site)
        assert_store_matches(server, built_site)
        assert "4 named graph(s)" in report.summary() and f"<{DEFAULT}> with {report.verified[DEFAULT]}" in report.summary()


def test_the_merge_graph_holds_each_triple_once(built_site, new_store):
    """A label stated in the reference graph and in a source text's graph is one triple there, not two."""
    with new_store() as server:
        publish(built_site, server)
        twice = select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                   f"FILTER(?g != <{DEFAULT}>) }} GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1) }}")
        assert int(twice[0]["n"]) > 0  # the seed dataset has such triples ...
        repeated = select(server, f"SELECT (COUNT(*) AS ?n) FROM <{DEFAULT}> WHERE {{ {{ SELECT ?s ?p ?o (COUNT(*) AS ?c) "
                                      "WHERE { ?s ?p ?o } GROUP BY ?s ?p ?o } FILTER(?c > 1) }")
        assert repeated == [{"n": "0"}]  # ... and a query with the merge as its default graph sees each once
        for outside in (f"<{MANIFEST}> ?p ?o", "?shape a <http://www.w3.org/ns/shacl#NodeShape>"):
            assert select(server, f"SELECT * FROM <{DEFAULT}> WHERE {{ {outside} }} LIMIT 1") == []  # not in the merge
            assert select(server, f"SELECT * WHERE {{ GRAPH ?g {{ {outside} }} }} LIMIT 1") != []


def test_publishing_twice_changes_nothing_the_second_time(built_site, new_store):
    with new_store() as server:
        publish(built_site, server)
        before = snapshot(server)
        again = publish(built_site, server)
        assert again.changed == 0
        assert again.requests == []
        assert [a.kind for a in again.plan.actions] == ["unchanged"] * 5
        assert "0 graph(s) changed" in again.summary()
        assert snapshot(server) == before  # byte for byte, blank-node labels too: nothing was rewritten


def test_the_manifest_records_each_graphs_sha256_and_count(built_site, tmp_path):
    with oxigraph_server(tmp_path / "store") as server:
        report = publish(built_site, server)
        with client(server) as store:
            recorded = publishing.read_manifest(store, MANIFEST)
        assert recorded == {name: publishing.Entry(g.sha256, g.triples) for name, g in report.plan.local.items()}
        assert set(recorded) == {*BUILD_GRAPHS, DEFAULT}
        described = select(server, f"SELECT ?n WHERE {{ GRAPH <{MANIFEST}> {{ <{DEFAULT}> "
                                        "<http://rdfs.org/ns/void#triples> ?n } }")
        assert described == [{"n": str(build_counts(built_site)[DEFAULT])}]


def test_a_changed_source_puts_only_its_graph(variants, new_store):
    with new_store() as server:
        first = publish(variants["two"], server)
        assert EXTRA_GRAPH in first.verified and first.changed == 6
        before = snapshot(server)

        report = publish(variants["edited"], server)
        # The merge is the same: the extra text is a copy of the seed's, whose graph still has the three
        # triples taken out of the copy. So the merge graph is not written again.
        assert report.requests == [f"PUT <{EXTRA_GRAPH}>", f"PUT <{MANIFEST}>"]
        assert [a.graph for a in report.plan.writes] == [EXTRA_GRAPH]
        after = snapshot(server)
        assert store_counts(server)[EXTRA_GRAPH] == len(before[EXTRA_GRAPH].splitlines()) - 3
        for graph in WRITTEN:  # the vocabulary's blank nodes would have new labels had it been rewritten
            assert after[graph] == before[graph], graph
        assert_store_matches(server, variants["edited"])


def test_a_removed_source_has_its_graph_deleted(variants, new_store):
    with new_store() as server:
        publish(variants["two"], server)
        report = publish(variants["one"], server)
        assert report.requests == [f"DELETE <{EXTRA_GRAPH}>", f"PUT <{MANIFEST}>"]  # the merge is the same
        assert EXTRA_GRAPH not in store_counts(server)
        assert store_ntriples(server, EXTRA_GRAPH) is None
        assert_store_matches(server, variants["one"])
        with client(server) as store:
            assert EXTRA_GRAPH not in publishing.read_manifest(store, MANIFEST)


def test_dry_run_reports_the_changes_and_writes_nothing(variants, tmp_path):
    with oxigraph_server(tmp_path / "store") as server:
        empty = publish(variants["two"], server, dry_run=True)
        assert [(a.kind, a.reason) for a in empty.plan.writes] == [("put", "new")] * 6
        assert empty.plan.writes[-1].graph == DEFAULT
        assert empty.requests == [] and empty.changed == 0
        assert store_counts(server) == {}
        assert "would change 6 graph(s)" in empty.summary()

        publish(variants["two"], server)
        before = snapshot(server)
        edited = publish(variants["edited"], server, dry_run=True)
        removed = publish(variants["one"], server, dry_run=True)
        assert [(a.kind, a.graph) for a in edited.plan.writes] == [("put", EXTRA_GRAPH)]
        assert [(a.kind, a.graph) for a in removed.plan.writes] == [("delete", EXTRA_GRAPH)]
        assert snapshot(server) == before


def test_a_graph_changed_in_the_store_behind_lodpubs_back_is_written_again(built_site, new_store):
    with new_store() as server:
        publish(built_site, server)
        update(server, f"DELETE WHERE {{ GRAPH <{NS}reference> {{ ?s a ?o }} }}")
        report = publish(built_site, server)
        assert [(a.graph, a.kind) for a in report.plan.writes] == [(NS + "reference", "put")]
        assert "the store holds" in report.plan.writes[0].reason
        assert_store_matches(server, built_site)


def test_a_merge_graph_changed_in_the_store_behind_lodpubs_back_is_written_again(built_site, new_store):
    with new_store() as server:
        publish(built_site, server)
        update(server, f"INSERT DATA {{ GRAPH <{DEFAULT}> {{ <urn:x:s> <urn:x:p> <urn:x:o> }} }}")
        report = publish(built_site, server)
        assert report.requests == [f"PUT <{DEFAULT}>"]
        assert report.plan.writes[0].reason == f"the store holds {build_counts(built_site)[DEFAULT] + 1} triples, " \
                                               f"the build {build_counts(built_site)[DEFAULT]}"
        assert_store_matches(server, built_site)


def test_a_change_to_the_merge_rewrites_the_merge_graph(built_site, tmp_path, new_store):
    """A triple that only the reference graph states goes: its graph and the merge are written, nothing else."""
    changed = tmp_path / "changed"
    shutil.copytree(built_site / "dumps", changed / "dumps")
    nquads = changed / "dumps" / "ftsvar.nq.gz"
    lines = gzip.decompress(nquads.read_bytes()).decode("utf-8").splitlines(keepends=True)
    triples = Counter(line.rsplit(" ", 2)[0] for line in lines)
    gone = next(line for line in lines if line.endswith(f"<{NS}reference> .\n") and triples[line.rsplit(" ", 2)[0]] == 1)
    nquads.write_bytes(gzip.compress("".join(line for line in lines if line != gone).encode("utf-8")))
    with new_store() as server:
        publish(built_site, server)
        before = snapshot(server)
        report = publish(changed, server)
        assert report.requests == [f"PUT <{NS}reference>", f"PUT <{DEFAULT}>", f"PUT <{MANIFEST}>"]
        assert report.verified[DEFAULT] == build_counts(built_site)[DEFAULT] - 1
        after = snapshot(server)
        for graph in (SEED_GRAPH, NS + "shapes", NS + "vocabulary"):
            assert after[graph] == before[graph], graph
        assert_store_matches(server, changed)
        assert publish(changed, server).requests == []


def test_a_store_whose_default_graph_is_the_union_takes_the_same_publish(built_site, tmp_path):
    """Oxigraph's --union-default-graph (a bag of every graph) changes nothing: publish never uses the store's
    own default graph."""
    with oxigraph_server(tmp_path / "store", union_default_graph=True) as server:
        report = publish(built_site, server)
        assert report.verified == build_counts(built_site)
        assert publish(built_site, server).changed == 0


def test_the_merge_an_earlier_publish_left_in_the_stores_default_graph_is_removed_once(built_site, tmp_path):
    """Before the merge had a graph of its own, publish wrote it into the store's default graph and described
    it in the manifest as {manifest}#default-graph."""
    with oxigraph_server(tmp_path / "store") as server:
        publish(built_site, server)
        earlier = (f"INSERT DATA {{ <urn:x:s> <urn:x:p> <urn:x:o> . GRAPH <{MANIFEST}> {{ <{MANIFEST}#default-graph> "
                   "<http://rdfs.org/ns/void#triples> 1 ; <http://spdx.org/rdf/terms#checksum> _:c . "
                   "_:c <http://spdx.org/rdf/terms#algorithm> <http://spdx.org/rdf/terms#checksumAlgorithm_sha256> ; "
                   '<http://spdx.org/rdf/terms#checksumValue> "00" } }')
        update(server, earlier)
        report = publish(built_site, server)
        assert report.requests == ["DELETE default", f"PUT <{MANIFEST}>"]
        assert select(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": "0"}]
        assert_store_matches(server, built_site)
        assert publish(built_site, server).requests == []


def test_force_writes_every_graph(built_site, tmp_path):
    with oxigraph_server(tmp_path / "store") as server:
        publish(built_site, server)
        report = publish(built_site, server, force=True)
        assert report.changed == 5
        assert_store_matches(server, built_site)


# -- SPARQL Update where the store has no Graph Store Protocol ----------------------------------


def test_sparql_update_is_the_fallback_when_the_store_has_no_graph_store(variants, new_store):
    with new_store() as server:
        endpoints = Endpoints.of(gsp=server.url + "/no-graph-store-here", query=server.query_url, update=server.update_url)
        report = publish(variants["two"], endpoints)
        assert report.plan.method == "update"
        assert report.requests[0] == f"UPDATE <{SEED_GRAPH}>" and report.requests[-2:] == [f"UPDATE <{DEFAULT}>", f"UPDATE <{MANIFEST}>"]
        assert len(report.requests) == 7
        assert_store_matches(server, variants["two"])
        assert publish(variants["two"], endpoints).changed == 0
        edited = publish(variants["edited"], endpoints)
        assert edited.requests == [f"UPDATE <{EXTRA_GRAPH}>", f"UPDATE <{MANIFEST}>"]
        removed = publish(variants["one"], Endpoints.of(query=server.query_url, update=server.update_url))
        assert removed.requests == [f"DROP <{EXTRA_GRAPH}>", f"UPDATE <{MANIFEST}>"]
        assert_store_matches(server, variants["one"])


def test_a_graph_larger_than_virtuosos_parser_takes_in_one_block_goes_in_blocks(tmp_path):
    """Virtuoso's SPARQL parser gives up at about 5,000 triples in one INSERT DATA; one request holds many blocks."""
    lines = sorted(f'<urn:x:s{n}> <urn:x:p> "v\u00e6rdi {n}"@da .\n' for n in range(12000))
    lines.append('<urn:x:s0> <urn:x:q> _:b0 .\n_:b0 <urn:x:p> "blank" .\n')
    body = "".join(lines).encode("utf-8")
    assert update_replacing("urn:x:big", body).count(b"INSERT DATA") == 6
    with VirtuosoServer(tmp_path / "virtuoso") as server, client(Endpoints.of(query=server.query_url, update=server.update_url)) as store:
        store.replace_by_update("urn:x:big", body)
        assert select(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:big> { ?s ?p ?o } }") == [{"n": "12002"}]
        assert select(server, 'SELECT ?o WHERE { GRAPH <urn:x:big> { <urn:x:s7> ?p ?o } }') == [{"o": "v\u00e6rdi 7"}]
        assert select(server, 'SELECT ?o WHERE { GRAPH <urn:x:big> { <urn:x:s0> <urn:x:q> [ <urn:x:p> ?o ] } }') == [{"o": "blank"}]


def test_endpoints_from_a_base_url_or_given_one_by_one():
    assert Endpoints.of("http://127.0.0.1:7878/") == Endpoints(
        query="http://127.0.0.1:7878/query", gsp="http://127.0.0.1:7878/store", update="http://127.0.0.1:7878/update")
    fuseki = Endpoints.of(gsp="http://h:3030/ds/data", query="http://h:3030/ds/sparql", update="http://h:3030/ds/update")
    assert (fuseki.gsp, fuseki.query, fuseki.update) == ("http://h:3030/ds/data", "http://h:3030/ds/sparql", "http://h:3030/ds/update")
    with pytest.raises(UserError, match="--query"):
        Endpoints.of(gsp="http://h/ds/data")
    with pytest.raises(UserError, match="http"):
        Endpoints.of("ftp://h/")


# -- failures: the store down, stopping mid-publish, flaky, lossy ------------------------------


def test_a_store_that_is_down_fails_with_one_clear_message(built_site):
    sleeps: list[float] = []
    with pytest.raises(PublishError) as failed:
        publish(built_site, f"http://127.0.0.1:{free_port()}", retry=Retry(tries=5, first_wait=0.5), sleep=sleeps.append)
    message = failed.value.format_message()
    assert "could not read the store's state" in message and "cannot connect" in message
    assert "Nothing was changed" in message and "5 tries" in message
    assert sleeps == [0.5, 1.0, 2.0, 4.0]  # bounded exponential backoff
    assert failed.value.exit_code == 1


def test_a_store_stopped_mid_publish_fails_clearly_and_a_rerun_completes(built_site, new_store):
    server = new_store().start()
    try:
        with pytest.raises(PublishError) as failed:
            publish(built_site, server, progress=kill_after(server, 1))
        message = failed.value.format_message()
        assert f"while writing graph <{BUILD_GRAPHS[1]}>" in message
        assert "cannot connect" in message
        assert "1 of 5 graph write(s) had finished" in message
        assert "again completes the publish" in message
        assert "Traceback" not in message

        server.start()  # the same directory and port
        assert store_counts(server) == {SEED_GRAPH: build_counts(built_site)[SEED_GRAPH]}  # the first PUT stayed
        report = publish(built_site, server)
        assert report.verified == build_counts(built_site)
        assert_store_matches(server, built_site)
        assert publish(built_site, server).changed == 0
    finally:
        server.stop()


def test_the_manifest_lags_the_graphs_so_a_rerun_writes_only_what_it_does_not_vouch_for(built_site, tmp_path):
    server = OxigraphServer(tmp_path / "store").start()
    try:
        with pytest.raises(PublishError) as failed:  # the manifest is written after every graph here
            publish(built_site, server, progress=kill_after(server, 2), manifest_every=0)
        assert "while writing the manifest" in failed.value.format_message()
        assert "2 of 5 graph write(s) had finished" in failed.value.format_message()
        server.start()
        rerun = publish(built_site, server)
        # The manifest vouches for the first graph only; the second was written but not yet recorded.
        assert rerun.requests == PUTS[1:] + [f"PUT <{MANIFEST}>"]
        assert_store_matches(server, built_site)
    finally:
        server.stop()


class Flaky(httpx.BaseTransport):
    """Passes requests to the real server, but fails the first few writes: 503 or a dropped connection."""

    def __init__(self, failures: list[str], lose_line_of: str | None = None):
        self.real = httpx.HTTPTransport()
        self.failures = list(failures)
        self.lose_line_of = lose_line_of
        self.seen: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request.method)
        if request.method in ("PUT", "DELETE") and self.failures:
            failure = self.failures.pop(0)
            if failure == "503":
                return httpx.Response(503, text="busy, try later")
            raise httpx.ConnectError("connection reset", request=request)
        if request.method == "PUT" and self.lose_line_of and request.url.params.get("graph") == self.lose_line_of:
            body = request.read().split(b"\n", 1)[1]
            headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
            request = httpx.Request("PUT", request.url, headers=headers, content=body)
        return self.real.handle_request(request)


def test_5xx_and_connection_errors_are_retried_with_backoff(built_site, tmp_path):
    sleeps: list[float] = []
    flaky = Flaky(["503", "connect", "503"])
    with oxigraph_server(tmp_path / "store") as server:
        report = publish(built_site, server, transport=flaky, retry=Retry(tries=5, first_wait=0.01), sleep=sleeps.append)
        assert report.changed == 5
        assert flaky.seen.count("PUT") == 6 + 3  # four graphs, the merge, the manifest, three failed tries
        assert sleeps == [0.01, 0.02, 0.04]
        assert_store_matches(server, built_site)


def test_retries_are_bounded_and_the_message_says_which_graph(built_site, tmp_path):
    with oxigraph_server(tmp_path / "store") as server:
        with pytest.raises(PublishError) as failed:
            publish(built_site, server, transport=Flaky(["503"] * 3), retry=Retry(tries=3, first_wait=0.0))
        message = failed.value.format_message()
        assert f"while writing graph <{SEED_GRAPH}>" in message
        assert "HTTP 503: busy, try later (3 tries" in message
        assert "0 of 5" in message


def test_a_count_that_differs_after_publishing_is_an_error_naming_the_graph(built_site, tmp_path):
    with oxigraph_server(tmp_path / "store") as server:
        with pytest.raises(PublishError) as failed:
            publish(built_site, server, transport=Flaky([], lose_line_of=NS + "reference"))
        message = failed.value.format_message()
        expected = build_counts(built_site)[NS + "reference"]
        assert f"<{NS}reference> has {expected - 1} triples in the store, {expected} in the build" in message
        assert publish(built_site, server).requests == [f"PUT <{NS}reference>"]  # the next run repairs it


# -- credentials ---------------------------------------------------------------------------------


class EchoingStore(http.server.BaseHTTPRequestHandler):
    """A hostile store: answers HEAD, and refuses everything else, quoting the credentials it was sent."""

    status = 401
    received: list[str] = []

    def do_HEAD(self):
        self.send_response(200)
        self.end_headers()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        header = self.headers.get("Authorization", "")
        type(self).received.append(header)
        decoded = base64.b64decode(header.split(" ", 1)[1]).decode() if header.startswith("Basic ") else header
        body = f"denied: you sent {header} ({decoded})".encode()
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def echoing_store():
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(status: int):
        handler = type("Handler", (EchoingStore,), {"status": status, "received": []})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", handler

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("status", [401, 500])
def test_the_password_never_appears_in_an_error(built_site, echoing_store, status):
    url, handler = echoing_store(status)
    auth = credentials({"LODPUB_STORE_USER": "publisher", "LODPUB_STORE_PASSWORD": PASSWORD})
    with pytest.raises(PublishError) as failed:
        publish(built_site, url, auth=auth)
    message = failed.value.format_message()
    assert handler.received and handler.received[0].startswith("Basic ")  # the credentials were sent ...
    assert PASSWORD not in message  # ... and are not repeated, neither plain nor base64
    assert base64.b64encode(f"publisher:{PASSWORD}".encode()).decode() not in message
    assert "***" in message
    if status == 401:
        assert "refused the request (HTTP 401)" in message and "LODPUB_STORE_USER" in message
    assert PASSWORD not in repr(auth) and PASSWORD not in str(auth)


def test_a_bearer_token_is_sent_and_never_shown(built_site, echoing_store):
    url, handler = echoing_store(403)
    auth = credentials({"LODPUB_STORE_TOKEN": PASSWORD})
    with pytest.raises(PublishError) as failed:
        publish(built_site, url, auth=auth)
    assert handler.received == [f"Bearer {PASSWORD}"]
    assert PASSWORD not in failed.value.format_message()


def test_the_password_is_not_in_the_message_when_the_store_is_down(built_site):
    auth = credentials({"LODPUB_STORE_USER": "publisher", "LODPUB_STORE_PASSWORD": PASSWORD})
    with pytest.raises(PublishError) as failed:
        publish(built_site, f"http://127.0.0.1:{free_port()}", auth=auth)
    assert PASSWORD not in failed.value.format_message()


@pytest.mark.parametrize("gsp", [True, False])
def test_credentials_go_as_digest_where_the_store_asks_for_it(built_site, tmp_path, gsp):
    """Virtuoso's /sparql-auth and /sparql-graph-crud-auth take Digest only; its open endpoints refuse to
    write unless the anonymous user was granted SPARQL_UPDATE, which this one was not."""
    with VirtuosoServer(tmp_path / "virtuoso", anonymous_updates=False) as server:
        server.add_user("publisher", PASSWORD)
        with pytest.raises(PublishError) as refused:
            publish(built_site, server)
        assert "HTTP 403" in refused.value.format_message() and "no credentials" in refused.value.format_message()

        auth = credentials({"LODPUB_STORE_USER": "publisher", "LODPUB_STORE_PASSWORD": PASSWORD})
        endpoints = Endpoints.of(gsp=server.gsp_url + "-auth" if gsp else None, query=server.url + "/sparql-auth",
                                 update=server.url + "/sparql-auth")
        report = publish(built_site, endpoints, auth=auth)
        assert report.plan.method == ("gsp" if gsp else "update")
        assert report.verified == build_counts(built_site)
        assert_store_matches(server, built_site)
        assert publish(built_site, endpoints, auth=auth).changed == 0
        wrong = credentials({"LODPUB_STORE_USER": "publisher", "LODPUB_STORE_PASSWORD": "not-" + PASSWORD})
        with pytest.raises(PublishError) as denied:
            publish(built_site, endpoints, auth=wrong)
        assert "HTTP 401" in denied.value.format_message() and PASSWORD not in denied.value.format_message()


def test_credentials_from_an_auth_file(tmp_path):
    path = tmp_path / "store-auth.toml"
    path.write_text(f'[store]\nuser = "publisher"\npassword = "{PASSWORD}"\n', encoding="utf-8")
    path.chmod(0o600)
    auth = credentials({"LODPUB_STORE_TOKEN": "ignored: the file wins"}, path)
    assert (auth.user, auth.password, auth.token, auth.warnings) == ("publisher", PASSWORD, None, ())
    path.chmod(0o644)
    assert "chmod 600" in credentials({}, path).warnings[0]
    path.write_text(f'[store]\ntoken = "{PASSWORD}"\n', encoding="utf-8")
    assert credentials({}, path).headers() == {"Authorization": f"Bearer {PASSWORD}"}


@pytest.mark.parametrize("content,complaint", [
    ('user = "x"\n', "[store] table"),
    ('[store]\nuser = "x"\npasword = "y"\n', "unknown keys pasword"),
    (f'[store]\npassword = "{PASSWORD}"\n', "no user"),
    (f'[store]\nuser = "x"\npassword = "{PASSWORD}\n', "not valid TOML"),
])
def test_a_bad_auth_file_is_a_user_error_that_does_not_quote_it(tmp_path, content, complaint):
    path = tmp_path / "auth.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as failed:
        credentials({}, path)
    assert complaint in failed.value.format_message()
    assert "auth.toml" in failed.value.format_message()
    assert PASSWORD not in failed.value.format_message()


def test_credentials_in_the_environment_need_both_parts_and_one_kind():
    assert credentials({}) == Credentials()
    with pytest.raises(UserError, match="LODPUB_STORE_USER is not"):
        credentials({"LODPUB_STORE_PASSWORD": PASSWORD})
    with pytest.raises(UserError, match="not both"):
        credentials({"LODPUB_STORE_TOKEN": "t", "LODPUB_STORE_USER": "u"})


def test_a_password_in_a_store_url_is_refused_without_repeating_it():
    with pytest.raises(UserError) as failed:
        Endpoints.of(f"http://publisher:{PASSWORD}@127.0.0.1:7878")
    assert "LODPUB_STORE_USER" in failed.value.format_message()
    assert PASSWORD not in failed.value.format_message()


def test_no_build_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="run `lodpub build` first"):
        publishing.read_build(tmp_path)


def test_cli_publish_prints_plain_lines_and_a_summary(built_site, new_store):
    with new_store() as server:
        runner = CliRunner()
        where = ["--store", server.url, "--gsp", server.gsp_url, "--query", server.query_url, "--update", server.update_url]
        done = runner.invoke(main, ["-C", str(built_site.parent), "publish", *where])
        assert done.exit_code == 0, done.output
        assert f"1/5 put <{SEED_GRAPH}>" in done.stderr
        assert f"5/5 put <{DEFAULT}>" in done.stderr
        assert "5 graph(s) changed" in done.stdout
        again = runner.invoke(main, ["-C", str(built_site.parent), "publish", *where])
        assert "0 graph(s) changed" in again.stdout


def test_cli_publish_to_a_store_that_is_down_exits_1_without_a_traceback_or_the_password(built_site):
    done = CliRunner().invoke(
        main, ["-C", str(built_site.parent), "publish", "--store", f"http://127.0.0.1:{free_port()}"],
        env={"LODPUB_STORE_USER": "publisher", "LODPUB_STORE_PASSWORD": PASSWORD},
    )
    assert done.exit_code == 1
    assert "Error: could not read the store's state" in done.output
    assert "Traceback" not in done.output and PASSWORD not in done.output
