"""Validating in chunks of seeds, on all cores, reports exactly what validating the whole graph does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lodpub import config, validate

ROOT = Path(__file__).resolve().parent.parent


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
    chunked = validate.validate(project, workers=2, chunk=7)
    assert identities(chunked) == identities(expected)
    assert chunked.violations == expected.violations > 0
    assert chunked.conforms is expected.conforms is False


def test_chunked_results_are_located_in_their_files(corpus):
    report = validate.validate(config.load(corpus), workers=2, chunk=7)
    located = [r for r in report.results if r.severity == "Violation"]
    assert located and all(r.file is not None and r.line for r in located)


def test_chunked_validation_equals_whole_graph_validation_on_the_real_data(project):
    assert identities(validate.validate(project, workers=2, chunk=1)) == identities(whole(project))
