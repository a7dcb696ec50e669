"""The digest of what a build is made from: it changes with every input, and with nothing else."""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

import pytest
from projects import copy_project

from lodpub import config
from lodpub.build import inputs
from lodpub.core import digests


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "p")


def digest(root: Path, source_date_epoch: str | None = None, engine: str = "turbo", base: str | None = None) -> str:
    return inputs.digest(config.load(root).published_at(base), source_date_epoch, engine)


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


CHANGES = {
    "a data file": lambda root: append(next((root / "data").glob("*.ttl")), "\n"),
    "a file added to data/": lambda root: shutil.copy(next((root / "data").glob("*.ttl")), root / "data" / "added.ttl"),
    "a data file removed": lambda root: next((root / "data").glob("*.ttl")).unlink(),
    "reference data": lambda root: append(root / "data" / "reference" / "parties.ttl", "\n"),
    "the vocabulary": lambda root: append(next((root / "ontology").glob("*.ttl")), "\n"),
    "a shape": lambda root: append(next((root / "shapes").glob("*.ttl")), "\n"),
    "a setting": lambda root: (root / "lodpub.toml").write_text(
        (root / "lodpub.toml").read_text(encoding="utf-8").replace('publisher = "lodpub"', 'publisher = "someone else"'),
        encoding="utf-8",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_changed_input_changes_the_digest(root, change):
    before = digest(root)
    CHANGES[change](root)
    assert digest(root) != before


def test_the_date_the_engine_and_the_base_change_the_digest(root):
    same = digest(root)
    assert digest(root, source_date_epoch="1700000000") != same
    assert digest(root, engine="pyshacl") != same
    assert digest(root, base="http://127.0.0.1:8000/") != same


def test_the_same_inputs_give_the_same_digest_wherever_the_project_lies(root, tmp_path):
    elsewhere = shutil.copytree(root, tmp_path / "elsewhere" / "p")
    assert digest(root) == digest(root) == digest(elsewhere)


def test_seeds_and_what_the_build_writes_do_not_change_the_digest(root):
    """The build reads data/, not seeds/ (extract makes data/ from them); build/ and .cache/ are its output."""
    before = digest(root)
    append(next((root / "seeds").glob("*")), "\n")
    (root / "build").mkdir()
    (root / "build" / "index.html").write_text("<p>", encoding="utf-8")
    assert digest(root) == before


def test_a_changed_file_of_lodpub_changes_the_digest(root, tmp_path, monkeypatch):
    package = shutil.copytree(digests.PACKAGE, tmp_path / "lodpub", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(digests, "PACKAGE", package)
    before = digest(root)
    append(package / "templates" / "entity.html", "\n")
    changed = digest(root)
    assert changed != before
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"\0")  # byte code: made from the modules
    assert digest(root) == changed


def test_another_version_of_a_library_changes_the_digest(root, monkeypatch):
    before = digest(root)
    installed = list(metadata.distributions())

    class Upgraded:
        def __init__(self, distribution):
            self.metadata, self.version = distribution.metadata, distribution.version + ".post1"

    upgraded = [Upgraded(d) if d.metadata["Name"] == "pyoxigraph" else d for d in installed]
    monkeypatch.setattr(digests.metadata, "distributions", lambda: upgraded)
    assert digest(root) != before


def test_reference_data_read_through_a_linked_folder_changes_the_digest(root, tmp_path):
    shared = shutil.move(root / "data" / "reference", tmp_path / "shared")
    (root / "data" / "reference").symlink_to(shared, target_is_directory=True)
    before = digest(root)
    append(Path(shared) / "parties.ttl", "\n")
    assert digest(root) != before


def test_files_the_build_does_not_read_neither_change_the_digest_nor_stop_it(root):
    before = digest(root)
    (root / "ontology" / ".#vocab.md").symlink_to(root / "nowhere")  # an editor's lock: dangling
    (root / "data" / "notes.md").write_text("mine", encoding="utf-8")
    (root / "shapes" / "draft").mkdir()
    assert digest(root) == before


def test_a_data_file_that_cannot_be_read_is_left_to_the_build_to_report(root):
    before = digest(root)
    (root / "data" / "broken.ttl").symlink_to(root / "nowhere")
    assert digest(root) != before
