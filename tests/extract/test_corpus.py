"""The benchmark corpus: the same seed gives the same bytes, every fact written is extracted."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from projects import ROOT

from lodpub.extract import seeds

if str(ROOT) not in sys.path:  # benchmarks/ is not part of the installed package
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

SEED = 20151
COUNT = 200


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "corpus"
    corpus.write(out, COUNT, SEED)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _facts(root: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((root / "facts").glob("*.json"))]


def test_same_seed_writes_identical_bytes(generated, tmp_path):
    again = tmp_path / "again"
    corpus.write(again, COUNT, SEED, processes=1)  # one process or two: the same files
    assert _files(again) == _files(generated)


def test_another_seed_writes_other_texts(generated, tmp_path):
    other = tmp_path / "other"
    corpus.write(other, 20, SEED + 1)
    # Compared by content, not by name: two seeds seldom draw the same question numbers.
    first = {p.read_bytes() for p in (generated / "seeds").glob("*.txt")}
    texts = [p.read_bytes() for p in (other / "seeds").glob("*.txt")]
    assert len(texts) == 20 and first.isdisjoint(texts)


def test_writes_the_texts_sidecars_and_facts_of_a_project(generated):
    texts = sorted((generated / "seeds").glob("*.txt"))
    assert len(texts) == COUNT
    assert sorted(p.stem for p in (generated / "facts").glob("*.json")) == [p.stem for p in texts]
    for name in ("lodpub.toml", "data/reference/organisations.ttl", "ontology/vocab.ttl", "shapes/shapes.ttl"):
        assert (generated / name).is_file()


def test_every_text_is_extracted_with_exactly_the_facts_written(generated):
    assert corpus.verify(generated) == []


def test_sidecars_hold_the_sha256_of_their_text(generated):
    for text in sorted((generated / "seeds").glob("*.txt")):
        sidecar = tomllib.loads(text.with_suffix(".toml").read_text(encoding="utf-8"))
        assert sidecar["source"]["sha256"] == hashlib.sha256(text.read_bytes()).hexdigest()
        assert seeds.read(text).name == text.stem  # the extractor's own check agrees


def test_sidecars_name_the_question_as_the_facts_do(generated):
    kinds = {"general": "alm. del", "bill": "lovforslag", "section-20": "§ 20"}
    for facts in _facts(generated):
        question = facts["question"]
        sidecar = tomllib.loads((generated / "seeds" / f"{question['key']}.toml").read_text(encoding="utf-8"))
        assert sidecar["question"]["number"] == question["number"]
        assert sidecar["question"]["kind"] == kinds[question["kind"]]
        assert sidecar["question"].get("bill") == question.get("bill")
        assert ("committee" in sidecar["question"]) == (question["kind"] != "section-20")
        assert sidecar["source"]["url"].startswith(f"https://www.ft.dk/samling/{sidecar['question']['session']}/")


def test_corpus_varies_what_it_says(generated):
    facts = _facts(generated)
    responses = [r for f in facts for r in f["responses"]]
    assert {f["question"]["kind"] for f in facts} == {"general", "bill", "section-20"}
    assert len({f["question"]["key"].split("-")[1] for f in facts}) >= 10  # committees, "l", "s"
    assert len({f["question"]["party"] for f in facts}) >= 10
    assert {f["question"]["key"][:5] for f in facts} >= {"20151", "20181", "20231"}
    assert {"date" in f["answer"] for f in facts} == {True, False}
    assert {len(f["responses"]) for f in facts} >= set(range(9))
    assert {len(f["findings"]) for f in facts} == {0, 1, 2, 3}
    assert {r["coverage"] for r in responses} == {"all", "all-except", "number", "unspecified"}
    assert {k for r in responses for k in r["offer_kinds"]} == set(corpus._KIND_ORDER)
    assert {(r.get("unit"), r.get("average")) for r in responses} >= {
        ("times", False), ("times", True), ("days", False), ("days", True), (None, None)
    }
    assert {q for r in responses for q in r["qualifiers"]} == {"as-far-as-possible", "currently"}
    assert {"Røde Kors", "Dansk Røde Kors"} <= {r["operator"] for r in responses}


def test_corpus_varies_its_layout(generated):
    texts = [p.read_text(encoding="utf-8") for p in sorted((generated / "seeds").glob("*.txt"))]
    double = [t for t in texts if "\n \n\n" in t]
    compact = [t for t in texts if "\n\n" not in t]
    assert double and compact and len(double) + len(compact) < len(texts)
    for mark in ("\uf0b7 ", "• ", "_0001.png", "_0002.png", "Sags nr.", "Akt-id", "endeligt svar på spørgsmål",
                 "Medlem af Folketinget", "Med venlig hilsen", "mor/barn-\n"):
        assert any(mark in t for t in texts), mark
    assert any(line.endswith("-") and line[-2].isalpha() for t in texts for line in t.split("\n"))


def test_gap_phrasings_are_labelled_and_only_they_may_mismatch(tmp_path):
    out = tmp_path / "gaps"
    corpus.write(out, 150, SEED, gaps=True)
    labelled = {f["question"]["key"] for f in _facts(out) if f.get("gaps")}
    assert labelled
    mismatched = {line.split(":", 1)[0] for line in corpus.verify(out)}
    assert mismatched <= labelled


def test_rerun_replaces_a_corpus_but_not_another_folder(tmp_path):
    out = tmp_path / "corpus"
    corpus.write(out, 3, SEED)
    corpus.write(out, 2, SEED)
    assert len(list((out / "seeds").glob("*.txt"))) == 2
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        corpus.write(other, 2, SEED)
    assert (other / "notes.txt").read_text() == "mine"


def test_generated_project_extracts_and_validates(tmp_path):
    out = tmp_path / "project"
    corpus.write(out, 50, SEED)
    lodpub = Path(sys.executable).with_name("lodpub")
    for command in ("extract", "validate"):
        done = subprocess.run([lodpub, "-C", out, command], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr + done.stdout
    assert len(list((out / "data").glob("*.ttl"))) == 50
