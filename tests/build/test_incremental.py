"""A build after a change links the unchanged entities' files from the build before it, and comes
out byte for byte the same as a build from scratch of the changed project."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from projects import ROOT, served_files

from lodpub import sparql
from lodpub.build import products
from lodpub.core import layout
from lodpub.core.formats import WRITTEN_DOCUMENT_FORMATS

COUNT = 30
BASE = "http://127.0.0.1:8000/"
INPUTS = ("lodpub.toml", "seeds", "data", "ontology", "shapes", "queries")


def lodpub(root: Path, *args: str) -> None:
    done = subprocess.run([Path(sys.executable).with_name("lodpub"), "-C", root, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr + done.stdout


@pytest.fixture(scope="module")
def built_corpus(tmp_path_factory) -> Path:
    """A project of generated answers, extracted and built; one answer's seed and data kept aside in spare/."""
    root = tmp_path_factory.mktemp("incremental") / "corpus"
    subprocess.run([sys.executable, "-m", "benchmarks.corpus", "--count", str(COUNT), "--seed", "5", "--out", str(root)],
                   cwd=ROOT, check=True, capture_output=True)
    (root / "data" / "reference").mkdir(parents=True, exist_ok=True)
    lodpub(root, "extract")
    # Search index shards of about 16 pages: several, as a large site has.
    with (root / "lodpub.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[search]\nshard_pages = 16\n")
    spare = root.parent / "spare"
    spare.mkdir()
    last = sorted((root / "seeds").glob("*.txt"))[-1]
    shutil.move(last, spare / last.name)
    shutil.move(root / "data" / f"{last.stem}.ttl", spare / f"{last.stem}.ttl")
    lodpub(root, "build")
    return root


@pytest.fixture
def project(built_corpus: Path, tmp_path: Path) -> Path:
    """A copy of the built project, its build/ and the record of its keys, to change and build again."""
    return Path(shutil.copytree(built_corpus, tmp_path / "project", symlinks=True))


def digests(build: Path) -> dict[str, str]:
    """The digest of every file of build/ by its name on disk (doc/'s packed .gz files as they are stored)."""
    return {p.relative_to(build).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(build.rglob("*")) if p.is_file()}


# The files of cold builds by what they were made of (their digests: some twenty builds are
# kept). Many cases end with the same inputs, one answer's text changed, and a build without
# the cache depends on its inputs and arguments alone.
_COLD: dict[str, dict[str, str]] = {}


def inputs_digest(project: Path, args: tuple[str, ...]) -> str:
    summed = hashlib.sha256(repr(args).encode("utf-8"))
    for name in INPUTS:
        top = project / name
        for path in sorted([top] if top.is_file() else top.rglob("*") if top.is_dir() else []):
            if path.is_file():
                summed.update(f"{path.relative_to(project).as_posix()}\0".encode("utf-8") + path.read_bytes() + b"\0")
    return summed.hexdigest()


def cold_build(project: Path, tmp_path: Path, *args: str) -> dict[str, str]:
    """The files of a fresh copy of `project`'s inputs built without the cache."""
    key = inputs_digest(project, args)
    if key not in _COLD:
        cold = tmp_path / "cold"
        cold.mkdir()
        for name in INPUTS:
            if (project / name).is_dir():
                shutil.copytree(project / name, cold / name)
            elif (project / name).is_file():
                shutil.copy(project / name, cold)
        lodpub(cold, "build", "--no-cache", *args)
        _COLD[key] = digests(cold / "build")
    return _COLD[key]


def assert_same_as_cold_build(project: Path, tmp_path: Path, *args: str) -> None:
    """build/ of `project` holds the same files, byte for byte, as a fresh copy built without the cache."""
    warm, fresh = digests(project / "build"), cold_build(project, tmp_path, *args)
    assert sorted(warm) == sorted(fresh)
    assert [path for path in warm if warm[path] != fresh[path]] == []


def inodes(build: Path) -> dict[str, int]:
    """The inode of every file of build/, by the path it is served at: doc/answer/x.html is the
    inode of the stored doc/answer/x.html.gz that holds it."""
    found = {layout.served(p.relative_to(build).as_posix()): p.stat().st_ino for p in build.rglob("*") if p.is_file()}
    assert any(path.startswith("doc/") and (build / layout.stored(path)).is_file() for path in found)
    return found


def data_files(project: Path) -> list[Path]:
    return sorted((project / "data").glob("*.ttl"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_an_answer_text(project: Path) -> Path:
    """Change the wording of the first answer; its data file."""
    path = data_files(project)[0]
    edit(path, 'schema:text "', 'schema:text "Rettet. ')
    return path


def entity_pages(build: Path, kind: str) -> list[str]:
    """The entity pages of a kind, as served (stored as doc/{kind}/{key}.html.gz)."""
    pages = [path for path in served_files(build, f"doc/{kind}/*.html") if not path.endswith("/index.html")]
    assert pages, kind
    return pages


@dataclass(frozen=True)
class Rebuilt:
    """A copy of the built project after one answer's text changed and it was built again: what
    several cases read, and none changes."""

    project: Path
    changed: str  # the answer's file's stem
    before: dict[str, int]  # inodes (see `inodes`)
    after: dict[str, int]
    pieces_before: set[str]
    pieces_after: set[str]


@pytest.fixture(scope="module")
def text_changed(built_corpus: Path, tmp_path_factory) -> Rebuilt:
    project = Path(shutil.copytree(built_corpus, tmp_path_factory.mktemp("text-changed") / "project", symlinks=True))
    before, pieces_before = inodes(project / "build"), pieces(project)
    changed = change_an_answer_text(project).stem
    lodpub(project, "build")
    return Rebuilt(project, changed, before, inodes(project / "build"), pieces_before, pieces(project))


def test_a_changed_answer_gives_the_same_build_as_one_from_scratch(text_changed, tmp_path):
    assert_same_as_cold_build(text_changed.project, tmp_path)


def test_an_unchanged_entity_is_linked_from_the_previous_build_and_a_changed_one_made_again(text_changed):
    before, after, changed = text_changed.before, text_changed.after, text_changed.changed
    answers = entity_pages(text_changed.project / "build", "answer")
    assert f"doc/answer/{changed}.html" in answers
    unchanged = next(page for page in answers if page != f"doc/answer/{changed}.html")
    for fmt in WRITTEN_DOCUMENT_FORMATS:
        unchanged_file = unchanged.removesuffix("html") + fmt.extension
        assert after[unchanged_file] == before[unchanged_file], unchanged_file
    assert after[f"doc/answer/{changed}.html"] != before[f"doc/answer/{changed}.html"]
    # Most of the site's entities do not touch the changed answer.
    documents = [path for path in after if path.startswith("doc/") and path.count("/") == 2 and "/index." not in path]
    assert sum(after[path] == before.get(path) for path in documents) > len(documents) / 2


def listing_files(build: Path) -> list[str]:
    """The files of every listing page, as served (each stored packed, as {path}.gz)."""
    found = [path for path in served_files(build) if path.startswith("doc/") and path.count("/") >= 2 and ("/index." in path or "/page/" in path)]
    assert any(path.endswith("/index.html") for path in found)
    return found


def shard_of(build: Path, page: str) -> str:
    """The search index shard that holds `page` (a path under the build), by its fragments."""
    for shard in json.loads((build / "pagefind" / "indexes.json").read_text(encoding="utf-8")):
        for fragment in (build / "pagefind" / shard / "fragment").iterdir():
            if f"/{page}".encode("utf-8") in gzip.decompress(fragment.read_bytes()):
                return shard
    raise AssertionError(f"no shard indexes {page}")


def test_a_changed_answer_indexes_its_shard_and_the_organisations_again_and_links_the_rest(text_changed):
    build, before, after = text_changed.project / "build", text_changed.before, text_changed.after
    shards = json.loads((build / "pagefind" / "indexes.json").read_text(encoding="utf-8"))
    assert len(shards) > 4
    indexed = {shard for shard in shards if after[f"pagefind/{shard}pagefind-entry.json"] != before[f"pagefind/{shard}pagefind-entry.json"]}
    assert indexed == {shard_of(build, f"doc/answer/{text_changed.changed}.html"), "organisations/"}
    linked = [path for path in after if path.startswith("pagefind/") and path.split("/")[1] + "/" not in indexed]
    assert linked and all(after[path] == before[path] for path in linked if path != "pagefind/indexes.json")


def test_listing_pages_that_a_changed_answer_text_leaves_alone_are_linked_from_the_previous_build(text_changed):
    listed = listing_files(text_changed.project / "build")
    assert any(path.endswith(".csv") for path in listed) and any("/page/" in path for path in listed)
    assert [path for path in listed if text_changed.after[path] != text_changed.before[path]] == []


def test_a_changed_question_date_remakes_the_listing_pages_it_moves_and_equals_a_cold_build(project, tmp_path):
    before = inodes(project / "build")
    path = next(p for p in data_files(project) if 'question:' in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    start = text.index("dcterms:date", text.index("\nquestion:"))
    edit(path, text[start : text.index("^^", start)], 'dcterms:date "2000-01-03"')
    lodpub(project, "build")
    after = inodes(project / "build")
    listed = listing_files(project / "build")
    remade = [path for path in listed if after[path] != before.get(path)]
    # The question and its answer moved into the year 2000, and out of the year they were in.
    assert "doc/question/year/2000/index.html" in remade and "doc/answer/year/2000/index.csv" in remade
    assert any(path.startswith("doc/question/year/20") and "/2000/" not in path for path in remade)
    assert len(remade) < len(listed)
    assert_same_as_cold_build(project, tmp_path)


def test_a_changed_answer_label_remakes_the_listing_pages_that_show_it_and_equals_a_cold_build(project, tmp_path):
    before = inodes(project / "build")
    edit(data_files(project)[0], '"Svar på spørgsmål nr.', '"Besvarelse af spørgsmål nr.')
    lodpub(project, "build")
    after = inodes(project / "build")
    listed = listing_files(project / "build")
    remade = [path for path in listed if after[path] != before.get(path)]
    assert any(path.startswith("doc/answer/") for path in remade)
    assert not any(path.startswith("doc/organisation/") for path in remade)
    assert_same_as_cold_build(project, tmp_path)


def test_a_changed_label_that_no_listing_shows_links_every_listing_page_and_equals_a_cold_build(project, tmp_path):
    """An extraction's label is on its document's page alone: no listing page is made again."""
    before = inodes(project / "build")
    path = next(p for p in data_files(project) if '"Udtræk af ' in p.read_text(encoding="utf-8"))
    edit(path, '"Udtræk af ', '"Rettet udtræk af ')
    lodpub(project, "build")
    after = inodes(project / "build")
    listed = listing_files(project / "build")
    assert [path for path in listed if after[path] != before[path]] == []
    assert_same_as_cold_build(project, tmp_path)


def test_a_changed_organisation_label_remakes_the_listing_pages_that_link_it_and_equals_a_cold_build(project, tmp_path):
    """An organisation is linked from the rows and facets of the answers and statements it is in."""
    before = inodes(project / "build")
    organisations = project / "data" / "reference" / "organisations.ttl"
    edit(organisations, '"Røde Kors"@da', '"Dansk Røde Kors"@da')  # an operator of several answers
    lodpub(project, "build")
    after = inodes(project / "build")
    remade = [path for path in listing_files(project / "build") if after[path] != before.get(path)]
    assert any(path.startswith("doc/response/") for path in remade)
    assert any(path.startswith("doc/answer/") for path in remade)
    assert_same_as_cold_build(project, tmp_path)


def test_an_added_seed_gives_the_same_build_as_one_from_scratch(built_corpus, project, tmp_path):
    for path in (built_corpus.parent / "spare").iterdir():
        shutil.copy(path, project / ("seeds" if path.suffix == ".txt" else "data") / path.name)
    lodpub(project, "build")
    assert_same_as_cold_build(project, tmp_path)


def test_a_removed_seed_gives_the_same_build_as_one_from_scratch(project, tmp_path):
    removed = data_files(project)[1]
    removed.unlink()
    (project / "seeds" / f"{removed.stem}.txt").unlink()
    lodpub(project, "build")
    assert_same_as_cold_build(project, tmp_path)


def test_a_changed_shape_gives_the_same_build_as_one_from_scratch(project, tmp_path):
    edit(project / "shapes" / "shapes.ttl", "Needs exactly two rdfs:label values", "Needs two rdfs:label values")
    lodpub(project, "build")
    assert_same_as_cold_build(project, tmp_path)


def test_the_validation_reports_files_are_linked_while_it_says_the_same_and_made_again_when_it_does_not(project, tmp_path):
    before = inodes(project / "build")
    change_an_answer_text(project)  # the same warnings, on the same lines
    lodpub(project, "build")
    after = inodes(project / "build")
    assert [name for name in products.REPORT_FILES if after[name] != before[name]] == []
    # a message the corpus's responses are warned with
    edit(project / "shapes" / "shapes.ttl", '"Frequency not stated: ', '"Frequency not given: ')
    lodpub(project, "build")
    again = inodes(project / "build")
    assert [name for name in products.REPORT_FILES if again[name] == after[name]] == []
    assert "Frequency not given" in (project / "build" / "validation.ttl").read_text(encoding="utf-8")


def test_a_changed_vocabulary_gives_the_same_build_as_one_from_scratch(project, tmp_path):
    edit(project / "ontology" / "vocab.ttl", '"operator response"@en', '"response of an operator"@en')
    lodpub(project, "build")
    assert_same_as_cold_build(project, tmp_path)


def test_a_build_for_another_base_gives_the_same_build_as_one_from_scratch(project, tmp_path):
    lodpub(project, "build", "--base", BASE)
    assert_same_as_cold_build(project, tmp_path, "--base", BASE)


RECORDS = {
    "corrupt": lambda text: text[: len(text) // 2],
    "missing": None,
    # Of a build folder that is not the one build/ points to (removed since, or another's).
    "stale": lambda text: json.dumps({**json.loads(text), "build": "0" * 32}),
    "of another layout": lambda text: json.dumps({**json.loads(text), "version": "0"}),
}


@pytest.mark.parametrize("record", RECORDS)
def test_a_corrupt_missing_or_stale_record_makes_every_file_again(project, tmp_path, record):
    before = inodes(project / "build")
    path = project / products.RECORD
    if RECORDS[record] is None:
        path.unlink()
    else:
        path.write_text(RECORDS[record](path.read_text(encoding="utf-8")), encoding="utf-8")
    change_an_answer_text(project)
    lodpub(project, "build")
    after = inodes(project / "build")
    assert not set(before.items()) & set(after.items())
    assert_same_as_cold_build(project, tmp_path)


@pytest.mark.parametrize("rows", [b"\x80\x05not a pickle", b"\x80\x04]\x94."])  # damaged, a list
def test_overview_rows_kept_damaged_or_of_another_shape_are_made_again(project, tmp_path, rows):
    (project / products.ROWS).write_bytes(rows)
    change_an_answer_text(project)
    lodpub(project, "build")
    assert_same_as_cold_build(project, tmp_path)


def test_a_build_without_the_cache_makes_every_file_and_the_next_build_reuses_them(project):
    lodpub(project, "build", "--no-cache")
    made = inodes(project / "build")
    lodpub(project, "build")
    again = inodes(project / "build")
    pages = [path for path in made if path.startswith("doc/answer/") and path.count("/") == 2 and "/index." not in path]
    assert pages and all(again[path] == made[path] for path in pages)


def test_a_changed_answer_updates_a_copy_of_the_store_before_to_what_a_load_from_scratch_gives(project, tmp_path):
    def store_of(build: Path) -> Path:
        return project / sparql.STORES / hashlib.sha256((build / "dumps" / "ftsvar.nq.gz").read_bytes()).hexdigest() / "store"

    before = store_of(project / "build")
    held = sparql.hold(before)  # as a server reading it would: the build leaves it in place
    try:
        change_an_answer_text(project)
        lodpub(project, "build")
        after = store_of(project / "build")
        assert after != before
        # Made from the store before: its files linked, not written again.
        assert {p.stat().st_ino for p in after.iterdir()} & {p.stat().st_ino for p in before.iterdir()}
    finally:
        os.close(held)
    scratch = sparql.open_store(project / "build" / "dumps" / "ftsvar.nq.gz", tmp_path / "scratch")

    def contents(store: Path) -> set[str]:
        return {str(quad) for quad in ox.Store.read_only(str(store)).quads_for_pattern(None, None, None)}

    assert contents(after) == contents(scratch)
    assert sparql.graph_names(after) == sparql.graph_names(scratch)


# Nothing changed: the build served is kept (build/inputs.py).


def built(root: Path, *args: str, env: dict | None = None) -> str:
    done = subprocess.run([Path(sys.executable).with_name("lodpub"), "-C", root, "build", *args],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def test_a_build_with_nothing_changed_keeps_the_build_served_and_writes_nothing(project):
    served = (project / "build").resolve()
    before = inodes(project / "build")
    folders = sorted(p.name for p in (project / ".builds").iterdir())
    record = (project / products.RECORD).read_bytes()
    said = built(project)
    assert "build is up to date" in said
    assert (project / "build").resolve() == served
    assert inodes(project / "build") == before
    assert sorted(p.name for p in (project / ".builds").iterdir()) == folders
    assert (project / products.RECORD).read_bytes() == record


def test_a_kept_build_says_what_the_build_served_holds(project):
    files_in_build = [p for p in (project / "build").rglob("*") if p.is_file()]
    said = built(project)
    assert "up to date" in said
    assert f"{len(files_in_build)} files" in said
    assert f"{sum(p.stat().st_size for p in files_in_build) / 1e6:.1f} MB" in said


def test_a_build_whose_store_was_removed_is_made_again_with_its_store(project):
    served = (project / "build").resolve()
    shutil.rmtree(project / sparql.STORES)
    said = built(project)
    assert "up to date" not in said
    assert (project / "build").resolve() != served
    dump = project / "build" / "dumps" / "ftsvar.nq.gz"
    assert sparql.complete(project / sparql.STORES / hashlib.sha256(dump.read_bytes()).hexdigest() / "store")


def test_a_build_for_another_date_or_engine_is_not_the_one_kept(project):
    assert "up to date" not in built(project, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert "up to date" not in built(project, "--engine", "pyshacl")
    assert "up to date" in built(project, "--engine", "pyshacl")


def test_a_changed_answer_after_a_kept_build_gives_the_same_build_as_one_from_scratch(project, tmp_path):
    assert "up to date" in built(project)
    change_an_answer_text(project)
    assert "up to date" not in built(project)
    assert_same_as_cold_build(project, tmp_path)


def test_a_build_whose_inputs_changed_while_it_ran_is_not_kept_by_the_next(project, monkeypatch):
    """It may hold some of each version of what changed: recorded as made from nothing."""
    from lodpub import build, config

    change_an_answer_text(project)
    digests = iter(["as the build began", "as it ended"])
    monkeypatch.setattr(build.inputs, "digest", lambda *args: next(digests))
    build.build(config.load(project))
    assert json.loads((project / products.RECORD).read_text(encoding="utf-8"))["inputs"] == ""
    monkeypatch.undo()
    served = (project / "build").resolve()
    assert "up to date" not in built(project)
    assert (project / "build").resolve() != served


def test_a_changed_answer_makes_the_overview_rows_of_its_responses_again_and_keeps_the_rest(project, monkeypatch, tmp_path):
    from lodpub import build, config
    from lodpub.site import overview

    changed = change_an_answer_text(project).stem
    made: list[str] = []
    row = overview.row
    monkeypatch.setattr(overview, "row", lambda entity, *args: made.append(entity.iri) or row(entity, *args))
    build.build(config.load(project))
    monkeypatch.undo()
    responses = entity_pages(project / "build", "response")
    assert made and len(made) < len(responses) / 4
    assert all(f"/response/{changed}-" in iri for iri in made), made
    assert_same_as_cold_build(project, tmp_path)


def pieces(project: Path) -> set[str]:
    return {p.name for p in (project / ".cache" / "dumps").glob("*.piece")}


def test_a_changed_answer_makes_its_graphs_pieces_of_the_dumps_by_graph_again_and_reads_the_rest(text_changed):
    graphs = len(data_files(text_changed.project)) + 2  # and the reference data and the vocabulary
    before, after = text_changed.pieces_before, text_changed.pieces_after
    assert len(before) == 2 * graphs  # one for the N-Quads dump, one for TriG
    # Its graph's, and the next graph's, which refers to the end of its text (by_graph.py).
    assert len(after) == 2 * graphs and len(after - before) == 4


def test_damaged_or_missing_pieces_of_the_dumps_are_made_again(project, tmp_path):
    kept = sorted((project / ".cache" / "dumps").glob("*.piece"))
    kept[0].unlink()
    data = bytearray(kept[1].read_bytes())
    data[-3] ^= 0xFF  # a changed byte in the compressed text
    kept[1].write_bytes(bytes(data))
    kept[2].write_bytes(kept[2].read_bytes()[:20])  # cut short
    data = bytearray(kept[3].read_bytes())
    data[33] ^= 0xFF  # a changed byte in the CRC of the text it holds
    kept[3].write_bytes(bytes(data))
    change_an_answer_text(project)
    lodpub(project, "build")
    assert_same_as_cold_build(project, tmp_path)


def test_pieces_of_a_removed_answer_are_not_kept(project):
    removed = data_files(project)[-1]
    (project / "seeds" / f"{removed.stem}.txt").unlink()
    sidecar = project / "seeds" / f"{removed.stem}.toml"
    sidecar.unlink(missing_ok=True)
    removed.unlink()
    lodpub(project, "build")
    assert len(pieces(project)) == 2 * (len(data_files(project)) + 2)
