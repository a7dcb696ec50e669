"""`lodpub build`: dumps equal the sources, counts are computed, the build is deterministic and atomic."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from projects import ROOT, assert_left_whole, built_copy, copy_project, run_build, served_files, site_bytes, site_file, tree
from pyld import jsonld
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from lodpub.core.formats import DOCUMENT_FORMATS, WRITTEN_DOCUMENT_FORMATS

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
BASE = "https://w3id.org/ftsvar/"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"

def source_files(root: Path = ROOT) -> list[Path]:
    return sorted((root / "data").glob("*.ttl")) + sorted((root / "data" / "reference").glob("*.ttl")) + sorted(
        (root / "ontology").glob("*.ttl")
    )

@pytest.fixture(scope="module")
def sources() -> Graph:
    graph = Graph()
    for path in source_files():
        graph.parse(path)
    return graph


def unpacked(built_site: Path, name: str) -> bytes:
    """The text of the dump dumps/{name}, which the build writes as {name}.gz alone."""
    return gzip.decompress((built_site / "dumps" / f"{name}.gz").read_bytes())

def pyld_graph(text: bytes) -> Graph:
    """A JSON-LD document read by pyld (independent of rdflib and Oxigraph), as an rdflib graph."""
    document = json.loads(text)
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    return Graph().parse(data=nquads, format="nquads")

@pytest.mark.parametrize("name,fmt", [("ftsvar.ttl", "turtle"), ("ftsvar.nt", "nt")])
def test_triple_dumps_parse_with_rdflib_and_equal_the_sources(built_site, sources, name, fmt):
    graph = Graph().parse(data=unpacked(built_site, name), format=fmt)
    assert isomorphic(graph, sources)

def test_jsonld_dump_read_by_pyld_equals_the_sources(built_site, sources):
    assert isomorphic(pyld_graph(unpacked(built_site, "ftsvar.jsonld")), sources)

@pytest.mark.parametrize("name,fmt", [("ftsvar.nq", "nquads"), ("ftsvar.trig", "trig")])
def test_quad_dumps_hold_one_graph_per_source_document_plus_reference_and_vocabulary(built_site, name, fmt):
    dataset = Dataset()
    dataset.parse(data=unpacked(built_site, name), format=fmt)
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    expected = {BASE + f"graph/{p.stem}": [p] for p in sorted((ROOT / "data").glob("*.ttl"))}
    expected[BASE + "graph/reference"] = sorted((ROOT / "data" / "reference").glob("*.ttl"))
    expected[BASE + "graph/vocabulary"] = sorted((ROOT / "ontology").glob("*.ttl"))
    assert set(graphs) == set(expected)
    for name_, paths in expected.items():
        wanted = Graph()
        for path in paths:
            wanted.parse(path)
        assert isomorphic(graphs[name_], wanted), name_

def test_dumps_by_graph_hold_each_graph_whole_sorted_and_in_the_order_of_the_names(built_site):
    lines = unpacked(built_site, "ftsvar.nq").decode("utf-8").splitlines()
    graphs = [line.rsplit(" ", 2)[-2] for line in lines]
    runs = [graph for number, graph in enumerate(graphs) if number == 0 or graph != graphs[number - 1]]
    assert len(runs) == 3 and runs == sorted(set(graphs))
    for graph in runs:
        own = [line for line in lines if line.rsplit(" ", 2)[-2] == graph]
        assert own == sorted(own)
    trig = unpacked(built_site, "ftsvar.trig").decode("utf-8")
    assert [line.removesuffix(" {") for line in trig.splitlines() if line.endswith(" {")] == runs


def test_sorted_ntriples_dump_is_sorted(built_site):
    lines = unpacked(built_site, "ftsvar.nt").decode("utf-8").splitlines()
    assert lines == sorted(lines)

def test_dumps_are_written_compressed_only_and_record_no_time(built_site):
    names = {p.name for p in (built_site / "dumps").iterdir()}
    packed = {name for name in names if name.endswith(".gz")}
    assert packed == {f"ftsvar.{ext}.gz" for ext in ("ttl", "nt", "nq", "trig", "jsonld")} | {"vocab.ttl.gz", "shapes.ttl.gz"}
    assert not {name.removesuffix(".gz") for name in packed} & names
    for name in packed:
        header = (built_site / "dumps" / name).read_bytes()[:10]
        assert header[4:8] == b"\0\0\0\0", f"{name} records a modification time"

def test_sha256sums_verify(built_site):
    lines = (built_site / "dumps" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
        assert hashlib.sha256((built_site / "dumps" / name).read_bytes()).hexdigest() == digest
    assert {"ftsvar.ttl.gz", "ftsvar.nt.gz", "ftsvar.nq.gz", "ftsvar.trig.gz", "ftsvar.jsonld.gz", "vocab.ttl.gz",
            "shapes.ttl.gz"} == set(listed)

def test_vocabulary_and_shapes_dumps_equal_their_sources(built_site):
    vocab = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        vocab.parse(path)
    shapes = Graph()
    for path in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.parse(path)
    assert isomorphic(Graph().parse(data=unpacked(built_site, "vocab.ttl"), format="turtle"), vocab)
    assert isomorphic(Graph().parse(data=unpacked(built_site, "shapes.ttl"), format="turtle"), shapes)

def _void(built_site: Path) -> tuple[Graph, URIRef]:
    graph = Graph().parse(built_site / ".well-known" / "void.ttl")
    return graph, URIRef(BASE + ".well-known/void#dataset")

def test_void_counts_equal_counts_computed_independently(built_site, sources):
    void, dataset = _void(built_site)
    assert int(void.value(dataset, VOID.triples)) == len(sources)
    assert int(void.value(dataset, VOID.distinctSubjects)) == len(set(sources.subjects()))
    assert int(void.value(dataset, VOID.distinctObjects)) == len(set(sources.objects()))
    entities = {s for s in sources.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE + "id/")}
    assert int(void.value(dataset, VOID.entities)) == len(entities)
    classes = {
        row.cls: int(row.n)
        for row in sources.query("SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?cls } GROUP BY ?cls")
    }
    partitions = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities)) for p in void.objects(dataset, VOID.classPartition)}
    assert partitions == classes
    properties = {
        row.p: int(row.n) for row in sources.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    }
    partitions = {void.value(p, VOID.property): int(void.value(p, VOID.triples)) for p in void.objects(dataset, VOID.propertyPartition)}
    assert partitions == properties

def test_void_describes_each_dump_with_size_and_checksum(built_site):
    void, dataset = _void(built_site)
    distributions = list(void.objects(dataset, DCAT.distribution))
    files = sorted(p.name for p in (built_site / "dumps").glob("*.gz"))
    assert len(distributions) == len(files)
    for distribution in distributions:
        url = str(void.value(distribution, DCAT.downloadURL))
        path = built_site / url.removeprefix(BASE)
        data = path.read_bytes()
        assert int(void.value(distribution, DCAT.byteSize)) == len(data)
        checksum = void.value(distribution, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        # The format of what is packed, and the packing: DCAT's compressFormat.
        assert str(void.value(distribution, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
        assert "gzip" not in str(void.value(distribution, DCAT.mediaType))
        assert str(void.value(distribution, DCAT.compressFormat)).endswith("/application/gzip")
    for field in (VOID.sparqlEndpoint, VOID.uriSpace, VOID.exampleResource, VOID.dataDump, VOID.vocabulary):
        assert void.value(dataset, field) is not None, field
    titles = {t.language for t in void.objects(dataset, URIRef("http://purl.org/dc/terms/title"))}
    assert titles == {"da", "en"}

def test_two_builds_with_different_hash_seeds_are_byte_identical(tmp_path):
    trees = []
    for seed in ("0", "12345"):
        root = copy_project(tmp_path / seed)
        done = run_build(root, PYTHONHASHSEED=seed)
        assert done.returncode == 0, done.stderr
        trees.append(tree(root / "build"))
    assert trees[0].keys() == trees[1].keys()
    different = [name for name in trees[0] if trees[0][name] != trees[1][name]]
    assert different == []

def test_source_date_epoch_sets_the_published_date(tmp_path):
    root = copy_project(tmp_path / "p")
    done = run_build(root, SOURCE_DATE_EPOCH="1700000000")
    assert done.returncode == 0, done.stderr
    void = Graph().parse(root / "build" / ".well-known" / "void.ttl")
    modified = void.value(URIRef(BASE + ".well-known/void#dataset"), URIRef("http://purl.org/dc/terms/modified"))
    assert str(modified) == "2023-11-14"

def test_a_violation_stops_the_build_and_leaves_the_previous_build_whole(tmp_path):
    root = copy_project(tmp_path / "p")
    assert run_build(root).returncode == 0
    before = tree(root / "build")
    data = root / "data" / "20151-uui-896.ttl"
    text = data.read_text(encoding="utf-8")
    broken = text.replace('ftv:maxPerWeek 3.0', 'ftv:maxPerWeek -1.0', 1)
    assert broken != text
    data.write_text(broken, encoding="utf-8")

    done = run_build(root)

    assert done.returncode == 1
    assert "nothing was published" in done.stderr
    assert "data/20151-uui-896.ttl:" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree(root / "build") == before
    assert not [p for p in (root / ".builds").iterdir() if p.name.startswith("new-")]

def test_the_build_reports_the_files_and_bytes_it_left_in_build(tmp_path):
    from lodpub import build, config

    root = copy_project(tmp_path / "p")
    summary = build.build(config.load(root))
    files = [p for p in (root / "build").resolve().rglob("*") if p.is_file()]
    assert summary.files == len(files)
    assert summary.bytes == sum(p.stat().st_size for p in files)
    assert {"robots.txt", "sitemap.xml"} <= {p.name for p in files}


def broken(*args, **kwargs):
    raise OSError("disk full")


def test_a_build_that_fails_midway_leaves_the_previous_build_whole(tmp_path, monkeypatch):
    from lodpub import build

    root, project, before = built_copy(tmp_path)
    monkeypatch.setattr(build.hosting, "robots", broken)
    with pytest.raises(OSError, match="disk full"):
        build.build(project, cache=False)  # nothing changed: with the cache, the build served is kept
    assert_left_whole(root, before)


def test_a_build_whose_pages_fail_ends_its_dump_writer_and_keeps_the_previous_build(tmp_path, monkeypatch):
    """The dumps are written by a forked process while the pages are made: a build that fails
    meanwhile ends it, and leaves no process behind."""
    from lodpub import build

    root, project, before = built_copy(tmp_path)

    def still_writing(*args, **kwargs):
        time.sleep(600)

    monkeypatch.setattr(build.dumps, "write", still_writing)  # in the forked writer too
    monkeypatch.setattr(build, "entity_page", broken)
    with pytest.raises(OSError, match="disk full"):
        build.build(project, cache=False)  # every page made, none linked from the build before
    assert_left_whole(root, before)


def test_a_dump_writer_that_fails_stops_the_build_with_its_error(tmp_path, monkeypatch):
    from lodpub import build

    root, project, before = built_copy(tmp_path)
    monkeypatch.setattr(build.dumps, "write", broken)
    with pytest.raises(OSError, match="disk full"):
        build.build(project, cache=False)  # nothing changed: with the cache, the build served is kept
    assert_left_whole(root, before)


def _change_an_answer(project) -> None:
    path = sorted(project.data.glob("*.ttl"))[0]
    text = path.read_text(encoding="utf-8")
    assert 'schema:text "' in text
    path.write_text(text.replace('schema:text "', 'schema:text "Rettet. ', 1), encoding="utf-8")


def test_files_the_linking_process_cannot_link_are_made_and_the_build_is_as_one_from_scratch(tmp_path, monkeypatch):
    """A rebuild links the unchanged entities' files from the build before in a forked process,
    forked, as the dump writer is, while no other thread runs (a fork copies the locks threads
    hold); those it cannot link (the build before removed meanwhile) the build makes itself."""
    from lodpub import build
    from lodpub.build import products

    root, project, _ = built_copy(tmp_path)
    before = {p.relative_to(root / "build").as_posix(): p.stat().st_ino for p in (root / "build").rglob("*") if p.is_file()}
    link = products.link

    def refusing(folder, names, out):  # in the forked process too
        return False if any(name.startswith("doc/organisation/") for name in names) else link(folder, names, out)

    monkeypatch.setattr(products, "link", refusing)
    alone, running_at_fork = _threads_at_fork(monkeypatch)
    _change_an_answer(project)
    build.build(project)
    # the dump writer, the linking process and the writers of the pages refused, all forked while
    # no other thread ran
    assert len(running_at_fork) >= 2 and running_at_fork == [alone] * len(running_at_fork)
    after = {p.relative_to(root / "build").as_posix(): p.stat().st_ino for p in (root / "build").rglob("*") if p.is_file()}
    organisations = [path for path in after if path.startswith("doc/organisation/") and path.count("/") == 2]
    assert organisations and all(after[path] != before.get(path) for path in organisations)  # made, not linked
    assert any(after[path] == before.get(path) for path in after if path.startswith("doc/person/"))  # linked
    cold_root = copy_project(tmp_path / "cold")
    _change_an_answer(config_of(cold_root))
    build.build(config_of(cold_root), cache=False)
    assert tree(root / "build") == tree(cold_root / "build")


def config_of(root: Path):
    from lodpub import config

    return config.load(root)


def test_a_linking_process_that_dies_stops_the_build_and_keeps_the_previous_build(tmp_path, monkeypatch):
    from lodpub import build
    from lodpub.build import products

    root, project, before = built_copy(tmp_path)
    link, parent = products.link, os.getpid()
    # the forked process dies; the build's own links what Pagefind reads first, as ever
    monkeypatch.setattr(products, "link", lambda *args: link(*args) if os.getpid() == parent else os._exit(3))
    _change_an_answer(project)
    with pytest.raises(OSError, match="exit status 3"):
        build.build(project)
    assert_left_whole(root, before)


def test_a_build_that_fails_while_its_linking_process_works_ends_it(tmp_path, monkeypatch):
    """Else it would go on linking into the folder the failed build set aside."""
    from lodpub import build
    from lodpub.build import products

    root, project, before = built_copy(tmp_path)
    link, parent = products.link, os.getpid()
    monkeypatch.setattr(products, "link", lambda *args: link(*args) if os.getpid() == parent else time.sleep(600))
    monkeypatch.setattr(build, "_listing_plan", broken)
    _change_an_answer(project)
    with pytest.raises(OSError, match="disk full"):
        build.build(project)
    assert_left_whole(root, before)


def _threads_at_fork(monkeypatch) -> tuple[list[str], list[list[str]]]:
    """The threads running now, and a list that gets the threads running at each fork from now on."""
    running_at_fork: list[list[str]] = []
    fork = os.fork

    def recording_fork():
        running_at_fork.append([thread.name for thread in threading.enumerate()])
        return fork()

    monkeypatch.setattr(os, "fork", recording_fork)
    return [thread.name for thread in threading.enumerate()], running_at_fork


def test_the_build_forks_its_writers_while_it_runs_no_other_thread(tmp_path, monkeypatch):
    """A forked child gets a copy of every lock, held by whichever thread held it; one held by a
    thread that did not come along is never let go. So the dump writer and the page writers are
    forked before the build starts the thread that hears from the dump writer."""
    from lodpub import build, config

    project = config.load(copy_project(tmp_path / "p"))
    monkeypatch.setattr(build, "PAGE_BATCH", 5)  # several batches, on a pool of page writers
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    alone, running_at_fork = _threads_at_fork(monkeypatch)
    begun = []
    build.build(project, lambda phase, done, total: None if phase in begun else begun.append(phase))
    assert len(running_at_fork) == 3  # the dump writer and two page writers
    assert running_at_fork == [alone] * 3
    assert begun.index("dumps") < begun.index("pages")  # the dumps from the load on, beside the pages


def test_the_build_forks_alone_under_the_progress_bar_a_terminal_shows(tmp_path, monkeypatch):
    """The progress bar `lodpub build` draws on a terminal, and validation in chunks, forked too:
    a bar that drew itself from a thread of its own held its console's lock at any fork."""
    from lodpub import build, config, terminal, validate

    project = config.load(copy_project(tmp_path / "p"))
    monkeypatch.setattr(validate, "CHUNK", 0)  # one seed, validated in chunks: in a process of its own
    monkeypatch.setattr(build, "PAGE_BATCH", 5)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    alone, running_at_fork = _threads_at_fork(monkeypatch)
    build.build(project, terminal.progress())
    assert len(running_at_fork) == 4  # validation, the dump writer and two page writers
    assert running_at_fork == [alone] * 4


def test_every_entity_has_its_documents_in_the_written_formats_and_they_agree(built_site, sources):
    entities = {
        str(s).split("#", 1)[0] for s in sources.subjects()
        if isinstance(s, URIRef) and str(s).startswith(BASE + "id/")
    }
    assert len(entities) > 40
    for iri in sorted(entities):
        kind, key = iri.removeprefix(BASE + "id/").split("/")
        stem = f"doc/{kind}/{key}"
        turtle = Graph().parse(data=site_bytes(built_site, f"{stem}.ttl"), format="turtle")
        assert isomorphic(turtle, pyld_graph(site_bytes(built_site, f"{stem}.jsonld"))), iri
        document = URIRef(BASE + f"doc/{kind}/{key}")
        assert (document, URIRef("http://xmlns.com/foaf/0.1/primaryTopic"), URIRef(iri)) in turtle
        # Its own description, whole: every triple about it (and its hash parts) in the sources.
        own = {t for t in sources if isinstance(t[0], URIRef) and str(t[0]).split("#", 1)[0] == iri}
        assert own <= set(turtle), iri
        assert site_file(built_site, f"{stem}.html").is_file()

def test_the_build_writes_exactly_three_files_per_entity(built_site):
    """HTML, Turtle and JSON-LD (WRITTEN_DOCUMENT_FORMATS); `lodpub serve` makes N-Triples and
    RDF/XML from the Turtle, and a static host offers the three."""
    written = sorted(f".{f.extension}" for f in WRITTEN_DOCUMENT_FORMATS)
    assert written == [".html", ".jsonld", ".ttl"]
    stems: dict[str, list[str]] = {}
    for path in served_files(built_site, "doc/*/*"):  # an entity's files lie directly in its kind's folder
        stem, suffix = path.rsplit(".", 1)
        if not stem.endswith("/index"):
            stems.setdefault(stem, []).append(f".{suffix}")
    assert len(stems) > 40
    for stem, suffixes in stems.items():
        assert sorted(suffixes) == written, stem
    # The few documents of the site itself keep every format.
    for name in ("vocab", "shapes", "validation", ".well-known/void"):
        assert all((built_site / f"{name}.{f.extension}").is_file() for f in DOCUMENT_FORMATS), name


def test_every_file_under_doc_is_stored_gzip_compressed_only_without_name_or_date(built_site):
    """doc/ is most of a build's files and bytes; it is stored packed, and served unpacked at the
    name without .gz. The gzip header names no file and no time, so a build is reproducible."""
    stored = sorted(p for p in (built_site / "doc").rglob("*") if p.is_file())
    assert len(stored) > 150
    for path in stored:
        assert path.name.endswith(".gz"), path
        data = path.read_bytes()
        assert data[:4] == b"\x1f\x8b\x08\x00", path  # gzip, deflate, no FNAME flag
        assert data[4:8] == b"\0\0\0\0", path  # MTIME 0
        text = gzip.decompress(data)
        assert len(text) == int.from_bytes(data[-4:], "little")
        if path.name.endswith(".html.gz"):
            assert text.startswith(b"<!DOCTYPE html>"), path
    assert not (built_site / "doc" / "answer" / "20151-uui-896.html").exists()


def test_entity_documents_carry_labels_of_what_they_link_to(built_site):
    doc = Graph().parse(data=site_bytes(built_site, "doc/response/20151-uui-896-roede-kors.ttl"), format="turtle")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert (URIRef(BASE + "id/organisation/roede-kors"), label, Literal("Røde Kors", lang="da")) in doc
    assert (URIRef(BASE + "id/offer-kind/mother-group"), label, Literal("mødregruppe", lang="da")) in doc

def test_sitemap_lists_every_page(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    pages = served_files(built_site, "*.html")
    assert len([page for page in pages if page.startswith("doc/")]) > 50
    for page in pages:
        path = page.removesuffix(".html").removesuffix("index")
        assert f"<loc>{BASE}{path}</loc>" in sitemap
    assert "sitemap.xml" in (built_site / "robots.txt").read_text(encoding="utf-8")

def test_a_small_site_has_one_sitemap_and_no_parts(built_site):
    root = ET.fromstring((built_site / "sitemap.xml").read_bytes())
    assert root.tag == f"{{{SITEMAP}}}urlset"
    assert not list(built_site.glob("sitemap-*.xml"))

def test_a_site_too_large_for_one_sitemap_gets_an_index_of_parts(built_site, tmp_path, monkeypatch):
    from lodpub import build, config
    from lodpub.build import hosting

    # Below the number of pages, yet enough that one index can name all the parts.
    limit = math.isqrt(len(served_files(built_site, "*.html"))) + 1
    monkeypatch.setattr(hosting, "SITEMAP_MAX_URLS", limit)
    root = copy_project(tmp_path / "p")
    build.build(config.load(root))
    site = root / "build"

    index = ET.fromstring((site / "sitemap.xml").read_bytes())
    assert index.tag == f"{{{SITEMAP}}}sitemapindex"
    named = [loc.text for loc in index.findall("s:sitemap/s:loc", {"s": SITEMAP})]
    parts = sorted(site.glob("sitemap-*.xml"))
    assert len(parts) > 1
    assert sorted(named) == sorted(BASE + p.name for p in parts)

    listed = []
    for part in parts:
        urlset = ET.fromstring(part.read_bytes())
        assert urlset.tag == f"{{{SITEMAP}}}urlset"
        locs = [loc.text for loc in urlset.findall("s:url/s:loc", {"s": SITEMAP})]
        assert 0 < len(locs) <= limit
        listed += locs
    pages = [path.removesuffix(".html").removesuffix("index") for path in served_files(site, "*.html")]
    assert sorted(listed) == sorted(BASE + path for path in pages)
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8").splitlines()


def test_a_version_iri_the_site_cannot_serve_is_refused_before_anything_is_written(tmp_path):
    root = copy_project(tmp_path / "p")
    vocab = root / "ontology" / "vocab.ttl"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(
        "owl:versionIRI <https://w3id.org/ftsvar/vocab/0.1.0>", "owl:versionIRI <https://example.org/other/0.1.0>"
    ), encoding="utf-8")
    done = run_build(root)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "versionIRI" in done.stderr or "version" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (root / "build").exists() and not (root / ".builds").exists()  # validated, then refused: nothing written


def test_a_base_under_the_data_base_names_every_graph_under_it_once(tmp_path):
    """Graph names are made under the published base; rewriting them again as if they were data
    gave .../staging/staging/graph/... when the base lay under the one the files use."""
    import subprocess
    import sys

    root = copy_project(tmp_path / "project")
    staging = "https://w3id.org/ftsvar/staging/"
    done = subprocess.run([Path(sys.executable).with_name("lodpub"), "-C", root, "build", "--base", staging],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    dump = Dataset()
    dump.parse(data=unpacked(root / "build", "ftsvar.nq"), format="nquads")
    graphs = {str(g.identifier) for g in dump.graphs() if len(g)}
    assert staging + "graph/vocabulary" in graphs and staging + "graph/reference" in graphs
    assert all(g.startswith(staging + "graph/") and "staging/staging" not in g for g in graphs), sorted(graphs)


@pytest.mark.parametrize("collecting", [True, False])
def test_a_build_leaves_the_garbage_collector_of_its_caller_as_it_found_it(tmp_path, monkeypatch, collecting):
    """The build sets its dataset aside from the collector while it runs (build._load); a program
    that calls it, whether the build ends well or not, gets back the collector it had."""
    import gc

    from lodpub import build

    root, project, _ = built_copy(tmp_path)
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        build.build(project, cache=False)
        assert (gc.isenabled(), gc.get_freeze_count()) == (collecting, 0)
        monkeypatch.setattr(build.hosting, "robots", broken)
        with pytest.raises(OSError, match="disk full"):
            build.build(project, cache=False)
        assert (gc.isenabled(), gc.get_freeze_count()) == (collecting, 0)
    finally:
        (gc.enable if was else gc.disable)()


def test_a_build_leaves_what_its_caller_set_aside_from_the_collector_set_aside(tmp_path):
    import gc

    from lodpub import build

    root, project, _ = built_copy(tmp_path)
    gc.freeze()  # a program that forks workers of its own sets its objects aside so
    try:
        held = gc.get_freeze_count()
        build.build(project, cache=False)
        assert gc.get_freeze_count() >= held
    finally:
        gc.unfreeze()


def test_a_dumps_bytes_depend_on_its_text_alone_not_on_the_sizes_it_is_written_in(tmp_path):
    """zlib-ng's output depends on where its input is cut, so the dump writer cuts it itself."""
    from lodpub.build import dumps

    lines = [f"<https://example.org/s{n}> <https://example.org/p> \"{n * 7919 % 100003}\" .\n".encode() for n in range(60000)]
    text = b"".join(lines)
    assert len(text) > 3 * dumps._BLOCK

    def written(name: str, pieces) -> bytes:
        with dumps._Packer(tmp_path / name) as packer:
            for piece in pieces:
                packer.write(piece)
        return (tmp_path / name).read_bytes()

    by_line = written("lines.gz", lines)
    at_once = written("whole.gz", [text])
    odd = written("odd.gz", [text[i : i + 65537] for i in range(0, len(text), 65537)])
    assert gzip.decompress(by_line) == text
    assert by_line == at_once == odd
