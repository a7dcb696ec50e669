"""The benchmark corpus: the same seed gives the same bytes, every fact written is extracted."""

from __future__ import annotations

import hashlib
import json
import random
import re
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
from benchmarks.answers import Answer  # noqa: E402

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
    kinds = {"general": "alm. del", "bill": "lovforslag", "proposal": "beslutningsforslag", "section-20": "§ 20"}
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
    assert {f["question"]["kind"] for f in facts} == {"general", "bill", "proposal", "section-20"}
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


# Each real layout docs/layouts.md lists as read, by a mark only a text in that layout carries.
REAL_LAYOUTS = {
    "committee question": r"udvalg(?:et)? har den \d+\. ?\w+ \d{4} stillet følgende spørgsmål nr\. \d+ \(alm\. del\)",
    "letter of a date": r"har i brev af \d+\. ?\w+ \d{4} stillet følgende spørgsmål",
    "§ 20": r"Medlem af Folketinget [^()]+ \(\w+\) har den",
    "§ 20, 'stillet mig'": r"Folketingsmedlem [^()]+ \(\w+\) har den .* stillet mig følgende spørgsmål S \d+, som jeg",
    "not a member of the committee": r"efter ønske fra ikkemedlem af udvalget \(MFU\) ",
    "cover letter": r"Hermed sendes (?:endelig )?besvarelse af spørgsmål nr\. \d+ \([Aa]lm\. del\), som .* har stillet "
                    r"til \S+ministeren den .*\. Spørgsmålet er stillet efter ønske fra",
    "Under henvisning": r"Under henvisning til Folketingets \w+udvalgs brev af .* følger hermed \w+ministerens "
                        r"(?:endelige )?svar på spørgsmål nr\. \d+ \(alm\. del\)\.",
    "'stillet mig', no post": r"har den .*, stillet mig følgende spørgsmål, nr\. \d+ \(Alm\. del\), som jeg hermed "
                              r"besvarer",
    "Besvarelse af": r"Besvarelse af spørgsmål nr\. \d+ stillet af .* til \S+ministeren den .* \([Aa]lm\. [Dd]el\)\.",
    "Xministerens besvarelse": r"[A-ZÆØ]\w+ministerens besvarelse af spørgsmål nr\. \d+ \(alm\. del\) stillet af",
    "Svar på Xs spørgsmål": r"Svar på [\w, -]+udvalgets spørgsmål nr\. \d+ \(Alm\. del\) af .* stillet efter ønske fra",
    "I brev af ... har udvalget": r"I brev af .* har udvalget efter ønske fra .* stillet mig følgende spørgsmål:",
    "bedt om Xs besvarelse": r"har ved brev af .* bedt om \w+ministerens besvarelse af spørgsmål \d+ vedrørende L \d+",
    "proposal for a resolution": r"spørgsmål nr\. \d+ vedrørende B \d+",
    "question on a bill": r"spørgsmål nr\. \d+ (?:til|ad) L \d+",
    "heading run into the question": r"^Spørgsmål nr\. \d+: [A-ZÆØ]",
    "heading run into the answer": r"^Svar: [A-ZÆØ]",
    "Endeligt svar": r"^Endeligt svar:$",
    "Svar without a colon": r"^Svar$",
    "Spørgsmål without a colon": r"^Spørgsmål \d+$",
    "keyword hyphenated": r"spørgs-\nmål nr\.",
    "(alm. / del)": r"\(alm\.\ndel\)",
    "label rows before values": r"^Dato:\nKontor:\nSagsbeh\.:\nJ\.nr\.:\n",
    "label and value on one line": r"^Enhed: \w+\nSagsbeh\.: \w+",
    "single-letter labels": r"^T \+45 [\d ]+\nM \S+\nW \S+$",
    "ministry's footer": r"ministeriet (?:•|·) .* (?:•|·) www\.",
    "enclosure mark": r"^\./\.$",
    "post heading the letter": r"^[A-ZÆØ][\w, -]*ministeren$",
    "post over two lines": r"^[A-ZÆØ][\w, -]*-\nog \w+ministeren$",
    "signed on one line": r"^[A-ZÆØ][\w .-]+ / [A-ZÆØ][\w .-]+$",
    "'/' alone between the names": r"\n/\n[A-ZÆØ]",
    "'/ Name' under the name": r"\n/ [A-ZÆØ]\w+ [A-ZÆØ]",
    "names run into the last line": r"\. [A-ZÆØ][\w -]+/ [A-ZÆØ][\w ]+$",
    "Venlig hilsen": r"^Venlig hilsen$",
    "Med / venlig / hilsen": r"^Med\nvenlig\nhilsen$",
    "title under the name": r"^[A-ZÆØ][\w, -]*minister$",
    "names before the letterhead": r"^[A-ZÆØ][\w .-]+\n/\n[A-ZÆØ][\w .-]+\n\d+\. ?\w+ \d{4}\n",
}


def test_corpus_carries_every_real_layout_and_mostly_the_common_ones():
    texts = ["\n".join(line.strip() for line in text.split("\n") if line.strip())
             for _, text, _ in corpus.generate(3000, SEED)]
    flat = [" ".join(text.split("\n")) for text in texts]
    missing = [name for name, mark in REAL_LAYOUTS.items()
               if not any(re.search(mark, text, re.MULTILINE) for text in texts + flat)]
    assert missing == []


def test_most_answers_open_in_the_common_layouts():
    openings = []
    for index, question in enumerate(corpus.questions(2000, SEED)):
        answer = Answer(question, random.Random(f"{SEED}/{index}"))
        answer.compose()
        openings.append(answer.opening)
    common = ("committee question", "letter of a date", "section-20", "bill", "proposal")
    assert sum(o in common for o in openings) > 0.75 * len(openings)
    assert len(set(openings)) == 14  # and every other opening too


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
