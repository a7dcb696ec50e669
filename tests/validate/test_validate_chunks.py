"""Validating in chunks of seeds, on all cores, reports exactly what validating the whole graph does."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.compare import isomorphic

from lodpub import config, validate
from lodpub.validate import chunks
from lodpub.validate.chunks import SUFFIX

ROOT = Path(__file__).resolve().parents[2]


def identities(report: validate.Report) -> set[tuple]:
    return {(r.focus, r.path, r.component, r.shape, r.value, r.severity, r.message()) for r in report.results}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 generated answers with violations injected into a few of them."""
    out = tmp_path_factory.mktemp("chunks") / "corpus"
    subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--count", "60", "--seed", "7", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    subprocess.run([Path(sys.executable).with_name("lodpub"), "-C", out, "extract"], check=True, capture_output=True)
    files = sorted((out / "data").glob("*.ttl"))
    broken = 0
    for path in files[::9]:
        text = path.read_text(encoding="utf-8")
        for old, new in (("ftv:maxPerWeek ", "ftv:maxPerWeek -"), ('oa:start "', 'oa:start "1')):
            if old in text:
                text = text.replace(old, new, 1)
                broken += 1
        path.write_text(text, encoding="utf-8")
    assert broken >= 6
    return out


def whole(project: config.Project) -> validate.Report:
    sources = validate.load(project)
    return validate.check(sources.graph, validate.load_shapes(project), sources.locations)


def test_chunked_validation_equals_whole_graph_validation_on_a_corpus_with_violations(corpus):
    project = config.load(corpus)
    expected = whole(project)
    chunked = validate.validate(project, workers=2, chunk=7, cache=False)
    assert identities(chunked) == identities(expected)
    assert chunked.violations == expected.violations > 0
    assert chunked.conforms is expected.conforms is False


def test_chunked_results_are_located_in_their_files(corpus):
    report = validate.validate(config.load(corpus), workers=2, chunk=7)
    located = [r for r in report.results if r.severity == "Violation"]
    assert located and all(r.file is not None and r.line for r in located)


def test_chunked_validation_equals_whole_graph_validation_on_the_real_data(project):
    assert identities(validate.validate(project, workers=2, chunk=1, cache=False)) == identities(whole(project))


@pytest.fixture
def fresh_corpus(corpus, tmp_path) -> config.Project:
    """A copy of the corpus with no validation cache, for tests that change files."""
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns(".cache"))
    return config.load(copy)


def cached_reports(project: config.Project) -> set[str]:
    return {p.name for p in (project.root / validate.CACHE).glob(f"*{SUFFIX}")}


def test_a_report_read_from_the_cache_equals_a_fresh_one(fresh_corpus):
    fresh = validate.validate(fresh_corpus, workers=2, chunk=7)
    assert cached_reports(fresh_corpus)
    again = validate.validate(fresh_corpus, workers=2, chunk=7)
    assert identities(again) == identities(fresh)
    assert [(r.file, r.line) for r in again.results] == [(r.file, r.line) for r in fresh.results]
    assert isomorphic(again.graph, fresh.graph)
    assert again.conforms is fresh.conforms is False


def test_after_one_seed_changes_only_its_chunk_is_validated_again(fresh_corpus):
    validate.validate(fresh_corpus, workers=2, chunk=7)
    before = cached_reports(fresh_corpus)
    seed = sorted(fresh_corpus.data.glob("*.ttl"))[20]
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace('oa:end "', 'oa:end "9', 1), encoding="utf-8")
    report = validate.validate(fresh_corpus, workers=2, chunk=7)
    assert len(cached_reports(fresh_corpus) - before) == 1
    assert len(before - cached_reports(fresh_corpus)) == 1  # the old chunk's report is gone
    assert any(r.file == seed and r.severity == "Violation" for r in report.results)
    assert identities(report) == identities(whole(fresh_corpus))

    seed.write_text(text, encoding="utf-8")  # and back: the violation goes with it
    assert not any(r.file == seed for r in validate.validate(fresh_corpus, workers=2, chunk=7).results if r.severity == "Violation")


def test_changed_shapes_are_never_answered_from_the_cache(fresh_corpus):
    validate.validate(fresh_corpus, workers=2, chunk=7)
    shapes = fresh_corpus.shapes / "shapes.ttl"
    # Quotes may no longer be longer than 3 characters: every chunk must be validated again.
    shapes.write_text(shapes.read_text(encoding="utf-8") + """
<https://example.org/short-quotes> a <http://www.w3.org/ns/shacl#NodeShape> ;
    <http://www.w3.org/ns/shacl#targetClass> <http://www.w3.org/ns/oa#TextQuoteSelector> ;
    <http://www.w3.org/ns/shacl#property> [ <http://www.w3.org/ns/shacl#path> <http://www.w3.org/ns/oa#exact> ;
                                            <http://www.w3.org/ns/shacl#maxLength> 3 ] .
""", encoding="utf-8")
    report = validate.validate(fresh_corpus, workers=2, chunk=7)
    short = {r.file for r in report.results if r.component == "MaxLengthConstraintComponent"}
    assert short == set(fresh_corpus.data.glob("*.ttl"))


def test_adding_a_seed_leaves_the_other_chunks_as_they_were():
    names = [Path(f"data/{n:05d}.ttl") for n in range(0, 2000, 3)]
    before = validate.split(names, 25)
    after = validate.split(sorted(names + [Path("data/00100.ttl")]), 25)
    assert all(1 <= len(c) <= 50 for c in before)
    assert 20 <= len(names) / len(before) <= 30
    changed = [c for c in after if c not in before]
    assert 1 <= len(changed) <= 2


def test_shapes_handed_in_are_the_shapes_the_cache_is_keyed_by(fresh_corpus):
    validate.validate(fresh_corpus, workers=2, chunk=7)
    shapes = validate.load_shapes(fresh_corpus)
    SH = "http://www.w3.org/ns/shacl#"
    extra, rule = URIRef("https://example.org/short-quotes"), BNode()
    shapes.add((extra, RDF.type, URIRef(SH + "NodeShape")))
    shapes.add((extra, URIRef(SH + "targetClass"), URIRef("http://www.w3.org/ns/oa#TextQuoteSelector")))
    shapes.add((extra, URIRef(SH + "property"), rule))
    shapes.add((rule, URIRef(SH + "path"), URIRef("http://www.w3.org/ns/oa#exact")))
    shapes.add((rule, URIRef(SH + "maxLength"), Literal(3)))
    report = validate.validate(fresh_corpus, workers=2, chunk=7, shapes=shapes)
    short = {r.file for r in report.results if r.component == "MaxLengthConstraintComponent"}
    assert short == set(fresh_corpus.data.glob("*.ttl"))


def test_a_kept_report_that_no_longer_reads_is_validated_again(fresh_corpus):
    fresh = validate.validate(fresh_corpus, workers=2, chunk=7)
    kept = sorted((fresh_corpus.root / validate.CACHE).glob(f"*{SUFFIX}"))
    kept[0].write_bytes(kept[0].read_bytes()[:40])  # cut short
    kept[1].write_bytes(b"not marshal")
    again = validate.validate(fresh_corpus, workers=2, chunk=7)
    assert identities(again) == identities(fresh)
    assert isomorphic(again.graph, fresh.graph)
    assert cached_reports(fresh_corpus) == {p.name for p in kept}
    assert validate.validate(fresh_corpus, workers=2, chunk=7).digest == fresh.digest


def test_kept_reports_are_merged_one_at_a_time(fresh_corpus, monkeypatch):
    """While merging, no chunk's report is held but the one read last (until the next replaces
    it): at 10,000 answers all of them at once were 370 MB."""
    validate.validate(fresh_corpus, workers=2, chunk=7)
    read: list[weakref.ref] = []
    get = chunks._ChunkCache.get

    def reading(self, paths):
        gc.collect()
        assert [ref for ref in read[:-1] if ref() is not None] == []
        part = get(self, paths)
        read.append(weakref.ref(part))
        return part

    monkeypatch.setattr(chunks._ChunkCache, "get", reading)
    report = validate.validate(fresh_corpus, workers=2, chunk=7)
    assert len(read) > 5 and report.violations > 0


def test_results_of_two_reports_with_the_same_blank_node_labels_stay_two_results():
    """Labels are a report's own: two runs (forked processes among them) may give the same ones."""
    from rdflib.namespace import SH

    from lodpub.validate.report import Report, merge, part_of

    def report(focus: str):
        graph, node = rdflib.Graph(), BNode("result")
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, URIRef(focus)))
        graph.add((node, SH.resultSeverity, SH.Warning))
        graph.add((node, SH.sourceConstraintComponent, SH.MinCountConstraintComponent))
        graph.add((node, SH.sourceShape, URIRef("https://example.org/shape")))
        graph.add((node, SH.resultMessage, Literal("missing")))
        return part_of(Report(conforms=False, results=[], graph=graph))

    merged = merge([report("https://example.org/a"), report("https://example.org/b")])
    results = list(merged.graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == 2
    assert {str(merged.graph.value(node, SH.focusNode)) for node in results} == {"https://example.org/a", "https://example.org/b"}
