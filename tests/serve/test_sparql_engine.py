"""The read-only SPARQL engine: refusals before evaluation, limits enforced by real worker
processes, result formats, the dataset's graphs, and the example queries under queries/."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from projects import ROOT, SEED
from rdflib import Graph, URIRef
from seed_facts import RESPONSES

from lodpub import sparql
from lodpub.core.formats import (
    CSV,
    JSONLD,
    NTRIPLES,
    RDFXML,
    SPARQL_JSON,
    SPARQL_XML,
    TSV,
    TURTLE,
)
from lodpub.sparql import worker

BASE = "https://w3id.org/ftsvar/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
SEED_GRAPH = GRAPH + "20151-uui-896"
PREFIXES = """PREFIX ftv: <https://w3id.org/ftsvar/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_LIMITS = sparql.Limits(timeout=2)


@pytest.fixture(scope="module")
def store(built_site, tmp_path_factory) -> Path:
    dump = built_site / "dumps" / "ftsvar.nq.gz"
    return sparql.open_store(dump, tmp_path_factory.mktemp("stores"))


@pytest.fixture(scope="module")
def graphs(store) -> set[str]:
    return set(sparql.graph_names(store))


@pytest.fixture(scope="module")
def engine(store, graphs):
    with sparql.Engine(store, graphs) as running:
        yield running


@pytest.fixture(scope="module")
def slow_engine(store, graphs):
    """An engine with a 2 s timeout, for the queries that must be stopped."""
    with sparql.Engine(store, graphs, SLOW_LIMITS) as running:
        yield running


def select(engine, query: str, **kwargs) -> list[dict[str, str]]:
    """Rows of a SELECT as {variable: value}, through SPARQL JSON."""
    result = engine.run(query, SPARQL_JSON, **kwargs)
    data = json.loads(result.body)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def refusal(query: str, graphs=frozenset(), limits=sparql.Limits()) -> sparql.QueryRefused:
    with pytest.raises(sparql.QueryRefused) as refused:
        sparql.check(query, set(graphs), limits)
    return refused.value


# --- check(): what is refused before anything runs --------------------------------------------

UPDATES = [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "DELETE DATA { <http://a> <http://b> <http://c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "insert { ?s ?p ?o } where { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://g>",
    "CLEAR ALL",
    "CREATE GRAPH <http://g>",
    "DROP DEFAULT",
    "COPY DEFAULT TO <http://g>",
    "MOVE <http://a> TO <http://b>",
    "ADD <http://a> TO <http://b>",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <http://a> <http://b> <http://c> }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(update):
    refused = refusal(update)
    assert refused.status == 400
    assert "read-only" in refused.message


SERVICES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service ?endpoint { ?s ?p ?o } VALUES ?endpoint { <http://127.0.0.1:9/> } }",
    # Oxigraph's parser reads each of these as SERVICE: it does not need a space after a keyword.
    "SELECT * WHERE { ?s ?p trueSERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p 1SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p 1.SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p 1e1SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o.SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p true.SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL{}SERVICE SILENT <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { ?s ?p ?o SERVICE:x { ?a ?b ?c } }",
]


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused_however_it_is_written(query):
    refused = refusal(query)
    assert refused.status == 400
    assert "SERVICE" in refused.message


HARMLESS = [
    # keywords inside strings, IRIs and comments are text, not keywords
    'SELECT * WHERE { ?s ?p "INSERT DATA { <a> <b> <c> } SERVICE <http://x/> LOAD DROP" }',
    "SELECT * WHERE { ?s ?p '''\nDELETE WHERE { ?s ?p ?o }\nFROM <file:///etc/hostname>\n''' }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE/INSERT/load#FROM> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { } INSERT DATA",
    "# LOAD <file:///etc/passwd>\nSELECT * WHERE { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p "escaped \\" quote SERVICE <x>" }',
    # and in variables and local names
    "PREFIX ex: <http://example.org/> SELECT ?service ?from WHERE { ?service ex:insertedFrom ?from ; ex:addService ?x }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<?a&&?b>1) }",
]


@pytest.mark.parametrize("query", HARMLESS)
def test_keywords_inside_strings_iris_and_comments_are_accepted(query):
    assert sparql.check(query, set(), sparql.Limits()) == "SELECT"


@pytest.mark.parametrize("query,form", [
    ("select * { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://example.org/> BASE <http://example.org/> ask { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("# a comment first\nDESCRIBE <http://example.org/x>", "DESCRIBE"),
])
def test_check_names_the_query_form(query, form):
    assert sparql.check(query, set(), sparql.Limits()) == form


@pytest.mark.parametrize("clause", [
    "FROM <file:///etc/hostname>",
    "FROM NAMED <file:///etc/hostname>",
    "FROM <http://127.0.0.1:9/graph>",
    "FROM <file:///etc/host\\u006Eame>",
    "FROM <https://w3id.org/ftsvar/graph/nothing-here>",
])
def test_from_outside_the_dataset_is_refused(clause, graphs):
    refused = refusal(f"SELECT * {clause} WHERE {{ ?s ?p ?o }}", graphs)
    assert refused.status == 400
    assert "not in this dataset" in refused.message


@pytest.mark.parametrize("clause", [
    f"FROM <{SEED_GRAPH}>",
    f"FROM NAMED <{SEED_GRAPH}>",
    "PREFIX g: <https://w3id.org/ftsvar/graph/> SELECT * FROM g:reference",
    "BASE <https://w3id.org/ftsvar/graph/> SELECT * FROM <vocabulary>",
])
def test_from_a_graph_of_the_dataset_is_accepted(clause, graphs):
    query = (clause if "SELECT" in clause else f"SELECT * {clause}") + " WHERE { ?s ?p ?o }"
    assert sparql.check(query, graphs, sparql.Limits()) == "SELECT"


def test_nesting_deeper_than_the_limit_is_refused():
    limits = sparql.Limits(max_depth=10)
    # WHERE's brace is the first level, FILTER's parenthesis the second.
    fits = "SELECT * WHERE { FILTER(" + "(" * 8 + "1" + ")" * 8 + ") }"
    assert sparql.check(fits, set(), limits) == "SELECT"
    too_deep = "SELECT * WHERE { FILTER(" + "(" * 9 + "1" + ")" * 9 + ") }"
    refused = refusal(too_deep, limits=limits)
    assert refused.status == 400
    assert "deep" in refused.message


def test_brackets_that_look_like_an_iri_still_count():
    # `<((((1))))>` could be an IRI, but the parser reads `?o < (((1))) > 1` as comparisons.
    query = "SELECT * WHERE { FILTER((?o<" + "(" * 70 + "1" + ")" * 70 + ")>1) }"
    assert refusal(query).status == 400


def test_five_thousand_nested_parentheses_are_refused():
    query = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    assert refusal(query).status == 400


def test_a_thousand_nested_ifs_are_refused():
    query = "SELECT * WHERE { BIND(" + "IF(true, " * 1000 + "1" + ", 0)" * 1000 + " AS ?x) }"
    assert refusal(query).status == 400


def test_a_query_longer_than_the_limit_is_refused_with_413():
    limits = sparql.Limits(max_query_bytes=1000)
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 1000
    assert refusal(query, limits=limits).status == 413


def test_the_length_limit_counts_bytes_not_characters():
    limits = sparql.Limits(max_query_bytes=1000)
    query = 'SELECT * WHERE { ?s ?p "' + "ø" * 600 + '" }'  # 600 characters, 1,200 bytes
    assert refusal(query, limits=limits).status == 413


def test_a_ten_megabyte_query_is_refused_by_its_length():
    assert refusal("SELECT * WHERE { ?s ?p ?o } #" + "(" * 10_000_000).status == 413


@pytest.mark.parametrize("query", ["", "   \n", "FOO BAR", "SELECT * WHERE { ?s ?p 'never closed }"])
def test_what_is_not_a_query_is_refused(query):
    assert refusal(query).status == 400


# --- running queries ----------------------------------------------------------------------------

def test_the_default_graph_is_the_union_of_all_graphs_without_duplicates(engine):
    # Each operator's Danish label is stated in the reference graph and in the answer's graph.
    rows = select(engine, f"""{PREFIXES}
        SELECT ?label WHERE {{ <{ID}organisation/langeland-kommune> rdfs:label ?label }}""")
    assert sorted(r["label"] for r in rows) == ["Langeland Kommune", "Langeland Municipality"]


def test_each_source_document_is_a_named_graph(engine, graphs):
    assert graphs == {SEED_GRAPH, GRAPH + "reference", GRAPH + "vocabulary"}
    rows = select(engine, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{ID}question/20151-uui-896> ?p ?o }} }}")
    assert [r["g"] for r in rows] == [SEED_GRAPH]


def test_default_graph_uri_restricts_the_default_graph(engine):
    query = f"{PREFIXES} SELECT ?label WHERE {{ <{ID}organisation/langeland-kommune> rdfs:label ?label }}"
    everywhere = select(engine, query)
    only_seed = select(engine, query, default_graph_uris=[SEED_GRAPH])
    assert len(everywhere) == 2
    assert [r["label"] for r in only_seed] == ["Langeland Kommune"]
    assert select(engine, query, default_graph_uris=[GRAPH + "vocabulary"]) == []


def test_named_graph_uri_restricts_the_named_graphs(engine):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    assert len(select(engine, query)) == 3
    assert select(engine, query, named_graph_uris=[GRAPH + "reference"]) == [{"g": GRAPH + "reference"}]


def test_protocol_graphs_outside_the_dataset_are_refused(engine):
    for kwargs in ({"default_graph_uris": ["file:///etc/hostname"]}, {"named_graph_uris": ["http://127.0.0.1:9/"]}):
        with pytest.raises(sparql.QueryRefused) as refused:
            engine.run("SELECT * WHERE { ?s ?p ?o }", SPARQL_JSON, **kwargs)
        assert refused.value.status == 400


def test_from_in_the_query_chooses_the_default_graph(engine):
    query = f"SELECT ?p WHERE {{ <{ID}organisation/langeland-kommune> ?p ?o }}"
    from_reference = select(engine, query.replace("SELECT ?p", f"SELECT ?p FROM <{GRAPH}reference>"))
    from_seed = select(engine, query.replace("SELECT ?p", f"SELECT ?p FROM <{SEED_GRAPH}>"))
    assert len(from_reference) > len(from_seed) > 0


def test_from_named_alone_leaves_the_default_graph_empty(engine):
    # SPARQL 1.1 Query, 13.2: a dataset clause replaces the endpoint's dataset.
    assert select(engine, f"SELECT * FROM NAMED <{SEED_GRAPH}> WHERE {{ ?s ?p ?o }} LIMIT 1") == []
    rows = select(engine, f"SELECT DISTINCT ?g FROM NAMED <{SEED_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert rows == [{"g": SEED_GRAPH}]


def test_the_row_cap_truncates_and_says_so(store, graphs):
    with sparql.Engine(store, graphs, sparql.Limits(max_rows=5), workers=1) as capped:
        cut = capped.run("SELECT * WHERE { ?s ?p ?o }", SPARQL_JSON)
        assert (cut.rows, cut.truncated) == (5, True)
        assert len(json.loads(cut.body)["results"]["bindings"]) == 5
        exact = capped.run("SELECT * WHERE { ?s ?p ?o } LIMIT 5", CSV)
        assert (exact.rows, exact.truncated) == (5, False)
        triples = capped.run("CONSTRUCT WHERE { ?s ?p ?o }", NTRIPLES)
        assert (triples.rows, triples.truncated) == (5, True)
        assert len(triples.body.decode().strip().splitlines()) == 5


MULTILINE = r"""SELECT ?n ?text WHERE {
    VALUES (?n ?text) { (1 "two\nlines") (2 "a\ttab and a \"quote\"") (3 "crlf\r\nhere") (4 "four") }
} ORDER BY ?n"""


@pytest.mark.parametrize("fmt", [SPARQL_JSON, SPARQL_XML, CSV, TSV])
def test_the_row_cap_counts_rows_not_lines(store, graphs, fmt):
    with sparql.Engine(store, graphs, sparql.Limits(max_rows=3), workers=1) as capped:
        cut = capped.run(MULTILINE, fmt)
    assert (cut.rows, cut.truncated) == (3, True)
    if fmt is CSV:
        table = list(csv.reader(io.StringIO(cut.body.decode("utf-8"), newline="")))
        texts = [row[1] for row in table[1:]]
    else:
        texts = [s["text"].value for s in ox.parse_query_results(cut.body, fmt.results)]
    assert texts == ["two\nlines", 'a\ttab and a "quote"', "crlf\r\nhere"]


def test_a_capped_result_is_the_first_rows_of_the_whole(store, graphs, engine):
    # Hundreds of rows: the writer hands them over in several pieces, and the cut falls inside one.
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    whole = json.loads(engine.run(query, SPARQL_JSON).body)["results"]["bindings"]
    assert len(whole) > 1000
    for cap in (1, 499, 1000):
        with sparql.Engine(store, graphs, sparql.Limits(max_rows=cap), workers=1) as capped:
            cut = capped.run(query, SPARQL_JSON)
        assert (cut.rows, cut.truncated) == (cap, True)
        assert json.loads(cut.body)["results"]["bindings"] == whole[:cap]
    with sparql.Engine(store, graphs, sparql.Limits(max_rows=len(whole)), workers=1) as exact:
        assert exact.run(query, SPARQL_JSON).body == engine.run(query, SPARQL_JSON).body


def test_a_huge_result_is_cut_without_being_evaluated_in_full(store, graphs):
    # A product of the data three times over has ~10^17 rows; only the first eleven are ever made.
    with sparql.Engine(store, graphs, sparql.Limits(timeout=5, max_rows=10), workers=1) as capped:
        started = time.monotonic()
        cut = capped.run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", TSV)
        assert time.monotonic() - started < 5
    assert (cut.rows, cut.truncated) == (10, True)
    assert len(cut.body.decode("utf-8").splitlines()) == 11


def test_the_rows_kept_do_not_depend_on_how_the_writer_splits_them():
    # pyoxigraph hands the writer's output over in pieces of its choosing; cut at every place.
    from lodpub.sparql.results import _Full, _RowCap

    lines = [b"?a\t?b\n", b"\n", b"<x>\t\"1\"\n", b"\t\n", b"_:b\t\"\\n\"\n"]
    text = b"".join(lines)
    for cap in range(len(lines) + 1):
        for size in range(1, len(text) + 1):
            sink = _RowCap(cap)
            try:
                for start in range(0, len(text), size):
                    sink.write(text[start:start + size])
            except _Full:
                pass
            kept = min(cap, len(lines) - 1)
            assert sink.kept() == (b"".join(lines[:kept + 1]), kept, cap < len(lines) - 1), (cap, size)


def test_select_results_in_all_four_formats_parse(engine):
    query = f"""{PREFIXES} SELECT ?operator ?name WHERE {{
        ?r ftv:operator ?operator . ?operator rdfs:label ?name FILTER(lang(?name) = 'da') }} ORDER BY ?name"""
    results = {fmt.name: engine.run(query, fmt) for fmt in (SPARQL_JSON, SPARQL_XML, CSV, TSV)}
    assert {r.media_type for r in results.values()} == {
        "application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"
    }
    names = [b["name"]["value"] for b in json.loads(results["json"].body)["results"]["bindings"]]
    assert len(names) == 6 and names[0] == "Jammerbugt Kommune"

    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(results["xml"].body)
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["operator", "name"]
    assert [e.text for e in root.findall("r:results/r:result/r:binding[@name='name']/r:literal", ns)] == names

    table = list(csv.reader(io.StringIO(results["csv"].body.decode("utf-8"))))
    assert table[0] == ["operator", "name"] and [row[1] for row in table[1:]] == names

    tsv = list(csv.reader(io.StringIO(results["tsv"].body.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tsv[0] == ["?operator", "?name"] and [row[1] for row in tsv[1:]] == [f'"{n}"@da' for n in names]


def test_ask_results_in_json_and_xml(engine):
    assert json.loads(engine.run("ASK { ?s ?p ?o }", SPARQL_JSON).body)["boolean"] is True
    xml = ET.fromstring(engine.run("ASK { <http://example.org/nothing> ?p ?o }", SPARQL_XML).body)
    assert xml.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "false"


@pytest.mark.parametrize("fmt,rdflib_format", [(TURTLE, "turtle"), (JSONLD, "json-ld"), (NTRIPLES, "nt"), (RDFXML, "xml")])
def test_construct_results_parse_with_rdflib(engine, fmt, rdflib_format):
    query = f"""{PREFIXES}
        CONSTRUCT {{ ?r ftv:operator ?o ; rdfs:label ?label }}
        WHERE {{ ?r ftv:operator ?o ; rdfs:label ?label }}"""
    result = engine.run(query, fmt)
    assert result.form == "CONSTRUCT" and result.media_type == fmt.media_type
    graph = Graph().parse(data=result.body, format=rdflib_format)
    assert len(graph) == result.rows == 6 * 3  # six responses: an operator and two labels each
    roede_kors = URIRef(ID + "response/20151-uui-896-roede-kors")
    operator = URIRef("https://w3id.org/ftsvar/vocab#operator")
    assert graph.value(roede_kors, operator) == URIRef(ID + "organisation/roede-kors")


def test_turtle_results_use_the_querys_prefixes(engine):
    body = engine.run(f"{PREFIXES} CONSTRUCT WHERE {{ ?r ftv:operator ?o }}", TURTLE).body.decode()
    assert "@prefix ftv: <https://w3id.org/ftsvar/vocab#>" in body and "ftv:operator" in body


def test_describe_gives_the_resource(engine):
    result = engine.run(f"DESCRIBE <{ID}organisation/roede-kors>", TURTLE)
    graph = Graph().parse(data=result.body, format="turtle")
    assert (URIRef(ID + "organisation/roede-kors"), None, None) in graph


@pytest.mark.parametrize("query,fmt", [
    ("SELECT * WHERE { ?s ?p ?o }", TURTLE),
    ("ASK { ?s ?p ?o }", JSONLD),
    ("CONSTRUCT WHERE { ?s ?p ?o }", CSV),
    ("DESCRIBE <http://example.org/x>", SPARQL_JSON),
])
def test_a_format_that_does_not_fit_the_query_form_is_not_acceptable(engine, query, fmt):
    with pytest.raises(sparql.FormNotAcceptable) as refused:
        engine.run(query, fmt)
    assert refused.value.status == 406
    assert fmt not in refused.value.alternatives and refused.value.alternatives


def test_a_syntax_error_gives_the_parsers_message_and_position(engine):
    with pytest.raises(sparql.QueryRefused) as refused:
        engine.run("SELECT * WHERE {\n  ?s ?p \n}", SPARQL_JSON)
    assert refused.value.status == 400
    assert refused.value.message.startswith("The query has a syntax error at line 3, column ")


def test_the_store_canonicalises_literals(engine):
    # The data says "1312"^^xsd:nonNegativeInteger and 3.0 (xsd:decimal); Oxigraph stores values,
    # so results carry xsd:integer and "3". Code that reads results must not expect the source form.
    row = select(engine, f"""PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX ftv: <https://w3id.org/ftsvar/vocab#>
        SELECT (datatype(?start) AS ?type) ?max WHERE {{
          <{ID}response/20151-uui-896-jammerbugt-kommune> ftv:citation/oa:hasSelector/oa:start ?start ;
            ftv:frequency/ftv:maxPerWeek ?max }}""")
    assert row == [{"type": "http://www.w3.org/2001/XMLSchema#integer", "max": "3"}]


# --- limits enforced by killing workers ---------------------------------------------------------

def timed(engine, query: str):
    started = time.monotonic()
    try:
        return engine.run(query, SPARQL_JSON), time.monotonic() - started
    except sparql.QueryTimeout as stopped:
        return stopped, time.monotonic() - started


def test_a_cartesian_product_is_stopped_at_the_timeout(slow_engine):
    outcome, seconds = timed(slow_engine, CARTESIAN)
    assert isinstance(outcome, sparql.QueryTimeout)
    assert seconds < SLOW_LIMITS.timeout + 2
    assert json.loads(slow_engine.run("ASK { ?s ?p ?o }", SPARQL_JSON).body)["boolean"] is True


def test_a_catastrophic_regex_cannot_hang_the_engine(slow_engine):
    # Oxigraph's regular expressions (Rust's regex crate) run in linear time, so this classic
    # backtracking trap is answered at once; over a product of the data it still must stop in time.
    alone = 'SELECT ?x WHERE { BIND("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" AS ?x) FILTER REGEX(?x, "^(a+)+$") }'
    outcome, seconds = timed(slow_engine, alone)
    assert seconds < SLOW_LIMITS.timeout + 2
    assert isinstance(outcome, sparql.QueryTimeout) or json.loads(outcome.body)["results"]["bindings"] == []
    product = """SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f
        FILTER REGEX(CONCAT("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", STR(?c), STR(?f), "!"), "^(a+)+$") }"""
    outcome, seconds = timed(slow_engine, product)
    assert isinstance(outcome, sparql.QueryTimeout)
    assert seconds < SLOW_LIMITS.timeout + 2
    assert json.loads(slow_engine.run("ASK { ?s ?p ?o }", SPARQL_JSON).body)["boolean"] is True


def test_nested_queries_are_refused_by_the_engine_before_evaluation(slow_engine):
    for query in (
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * WHERE { BIND(" + "IF(true, " * 1000 + "1" + ", 0)" * 1000 + " AS ?x) }",
    ):
        with pytest.raises(sparql.QueryRefused) as refused:
            slow_engine.run(query, SPARQL_JSON)
        assert refused.value.status == 400
    assert slow_engine.run("ASK {}", SPARQL_JSON).form == "ASK"


def test_a_worker_that_dies_is_reported_and_replaced(store, graphs):
    # Sorting a product of the data needs far more than 300 MB: the allocation fails inside
    # Oxigraph, the worker process aborts, and only that query is lost.
    limits = sparql.Limits(timeout=30, max_memory_mb=300)
    with sparql.Engine(store, graphs, limits, workers=1) as small:
        with pytest.raises(sparql.QueryRefused) as refused:
            small.run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1", SPARQL_JSON)
        assert refused.value.status == 400
        assert "memory" in refused.value.message
        assert small.run("ASK { ?s ?p ?o }", SPARQL_JSON).body == b'{"head":{},"boolean":true}'


def test_queries_beyond_the_concurrency_limit_are_busy(store, graphs):
    limits = sparql.Limits(timeout=3, max_concurrent=2)
    outcomes: list = []

    def slow():
        try:
            outcomes.append(busy_engine.run(CARTESIAN, SPARQL_JSON))
        except Exception as error:  # the outcome is what the test checks
            outcomes.append(error)

    with sparql.Engine(store, graphs, limits, workers=2) as busy_engine:
        threads = [threading.Thread(target=slow) for _ in range(2)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while busy_engine.running < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(sparql.Busy) as busy:
            busy_engine.run("ASK {}", SPARQL_JSON)
        assert 1 <= busy.value.retry_after <= limits.timeout
        for thread in threads:
            thread.join()
        assert [type(o) for o in outcomes] == [sparql.QueryTimeout, sparql.QueryTimeout]
        assert busy_engine.run("ASK {}", SPARQL_JSON).form == "ASK"


def test_service_reaches_no_one(engine):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?s ?p true.SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} }}",
            f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ ?s ?p ?o SERVICE:x {{ ?a ?b ?c }} }}",
        ):
            with pytest.raises(sparql.QueryRefused) as refused:
                engine.run(query, SPARQL_JSON)
            assert refused.value.status == 400
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


def test_an_isolated_worker_cannot_connect_anywhere():
    # The second wall behind check(): where the kernel allows it, a worker process has no network.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    script = (
        "import socket; from lodpub.sparql.worker import _leave_network\n"
        "isolated = _leave_network()\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {port}), timeout=2); print(isolated, 'connected')\n"
        "except OSError:\n"
        "    print(isolated, 'no connection')\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    finally:
        listener.close()
    isolated, outcome = done.stdout.split(" ", 1)
    assert outcome.strip() == ("no connection" if isolated == "True" else "connected"), done.stderr


def test_a_closed_engine_stops_its_workers(store, graphs):
    closing = sparql.Engine(store, graphs, workers=2)
    processes = [w.process for w in closing._idle]
    closing.close()
    assert not any(p.is_alive() for p in processes)
    with pytest.raises(sparql.EngineError):
        closing.run("ASK {}", SPARQL_JSON)


def test_an_engine_without_a_store_fails_at_once(tmp_path):
    with pytest.raises(sparql.EngineError) as failed:
        sparql.Engine(tmp_path / "nothing", set(), workers=1)
    assert "store" in str(failed.value)


# --- the store ----------------------------------------------------------------------------------

def test_the_store_is_reused_while_the_dump_is_the_same(built_site, store, tmp_path):
    dump = built_site / "dumps" / "ftsvar.nq.gz"
    again = sparql.open_store(dump, store.parent.parent)
    assert again == store
    changed = tmp_path / "changed.nq"  # unpacked: a store is made from either
    changed.write_bytes(gzip.decompress(dump.read_bytes()) + b'<http://example.org/s> <http://example.org/p> "o" <http://example.org/g> .\n')
    other = sparql.open_store(changed, store.parent.parent)
    assert other != store and other.parent.name == hashlib.sha256(changed.read_bytes()).hexdigest()
    assert "http://example.org/g" in sparql.graph_names(other)


def test_a_broken_dump_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.nq"
    broken.write_text("<http://example.org/s> <http://example.org/p> .\n")
    with pytest.raises(sparql.EngineError) as failed:
        sparql.open_store(broken, tmp_path / "cache")
    assert "N-Quads" in str(failed.value)
    assert not any((tmp_path / "cache").iterdir())  # no half store left behind


@pytest.mark.parametrize("damage", [lambda packed: packed[: len(packed) // 2], lambda packed: b"not gzip at all\n"])
def test_a_dump_that_is_not_a_whole_gzip_file_is_a_clear_error_naming_it(built_site, tmp_path, damage):
    broken = tmp_path / "ftsvar.nq.gz"
    broken.write_bytes(damage((built_site / "dumps" / "ftsvar.nq.gz").read_bytes()))
    with pytest.raises(sparql.EngineError) as failed:
        sparql.open_store(broken, tmp_path / "cache")
    assert "gzip" in failed.value.format_message() and failed.value.path == broken
    assert not any((tmp_path / "cache").iterdir())


# --- result writing (in-process: the same function the worker runs) -----------------------------

def test_our_sparql_json_matches_pyoxigraphs_own():
    memory = ox.Store()
    s, p, q = (ox.NamedNode(f"http://example.org/{name}") for name in "spq")
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    memory.add(ox.Quad(s, p, ox.Literal("hej", language="da")))
    memory.add(ox.Quad(ox.BlankNode("b1"), p, ox.Literal("7", datatype=integer)))
    memory.add(ox.Quad(s, q, ox.Literal("plain")))
    query = "SELECT ?s ?p ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?o"
    request = {"query": query, "format": "json", "default": None, "named": None, "max_rows": 100, "prefixes": {}}
    status, body, rows, truncated = worker.answer(memory, request)
    assert (status, rows, truncated) == ("ok", 3, False)
    theirs = memory.query(query).serialize(format=ox.QueryResultsFormat.JSON)
    assert json.loads(body) == json.loads(theirs)


# --- the example queries under queries/ ---------------------------------------------------------

QUERIES = ROOT / "queries"
EXAMPLES = sorted(p.name for p in QUERIES.glob("*.rq"))


def example(name: str) -> str:
    return (QUERIES / name).read_text(encoding="utf-8")


def test_the_required_examples_exist():
    assert {
        "operators-all-centres.rq", "weekly-frequency-by-operator.rq", "facts-with-source-sentence.rq",
        "responses-per-offer-kind.rq", "questions-and-answers.rq",
    } <= set(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_has_titles_in_danish_and_english_and_passes_the_check(name, graphs):
    header = [line for line in example(name).splitlines() if line.startswith("# title")]
    keys = {line.split(":", 1)[0] for line in header}
    assert {"# title", "# title-da", "# title-en"} <= keys
    assert sparql.check(example(name), graphs, sparql.Limits()) in sparql.FORMS


def test_example_operators_with_offers_on_all_centres(engine):
    rows = select(engine, example("operators-all-centres.rq"))
    expected = sorted(name for name, _, (kind, _, _), *_ in RESPONSES.values() if kind == "all")
    assert [r["name"] for r in rows] == expected == ["Langeland Kommune", "Tønder Kommune"]
    assert {r["offer"] for r in rows} == {"mor/barn-grupper og lignende", "tilbud for mødre med små børn"}


def test_example_weekly_frequency_by_operator(engine):
    rows = select(engine, example("weekly-frequency-by-operator.rq"))
    got = [(r["name"], float(r["min"]), float(r["max"]), r["average"] == "true", r["unit"].split()[0]) for r in rows]
    expected = sorted(
        (
            (name, float(low), float(high), average, unit)
            for name, _, _, (low, high, average, unit), *_ in RESPONSES.values()
        ),
        key=lambda row: (-row[2], -row[1], row[0]),
    )
    assert got == expected
    assert got[0] == ("Thisted Kommune", 4.0, 4.0, False, "days")


def test_example_every_fact_with_its_source_sentence(engine):
    verbatim = SEED.read_text(encoding="utf-8")
    rows = select(engine, example("facts-with-source-sentence.rq"))
    facts = {r["fact"] for r in rows}
    assert facts == {ID + f"response/20151-uui-896-{key}" for key in RESPONSES} | {
        ID + f"finding/20151-uui-896-{kind}"
        for kind in ("not-required-by-contract", "no-dedicated-funds", "uptake-not-registered")
    }
    for row in rows:
        assert verbatim[int(row["start"]):int(row["end"])] == row["sentence"], row["fact"]
    assert [int(r["start"]) for r in rows] == sorted(int(r["start"]) for r in rows)


def test_example_responses_per_offer_kind(engine):
    rows = select(engine, example("responses-per-offer-kind.rq"))
    counted = {r["kind"].rsplit("/", 1)[1]: int(r["responses"]) for r in rows}
    expected = Counter(kind for _, kinds, *_ in RESPONSES.values() for kind in kinds)
    assert counted == dict(expected)
    assert [int(r["responses"]) for r in rows][:2] == [4, 3]  # similar offer, then mother group


def test_example_questions_and_answers(engine):
    rows = select(engine, example("questions-and-answers.rq"))
    assert {r["signatory"] for r in rows} == {"Inger Støjberg", "Anette Görtz"}
    for row in rows:
        assert row["question"] == ID + "question/20151-uui-896"
        assert row["answer"] == ID + "answer/20151-uui-896"
        assert (row["asked"], row["asker"], row["party"]) == ("2016-09-07", "Sofie Carsten Nielsen", "RV")
        assert row["committee"] == "Udlændinge-, Integrations- og Boligudvalget"
        assert row["addressedTo"] == "udlændinge-, integrations- og boligminister"
