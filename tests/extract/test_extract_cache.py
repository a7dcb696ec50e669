"""A seed read before is not read again while nothing its output is made from changed, and the
outputs are the same either way (lodpub/extract/cache.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import SEED

from lodpub import config
from lodpub import extract as extracting
from lodpub.cli import main
from lodpub.core import digests


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The seeds extraction reads, from here on."""
    seen: list[str] = []
    real = extracting.answer.extract

    def reading(seed):
        seen.append(seed.path.name)
        return real(seed)

    monkeypatch.setattr(extracting.answer, "extract", reading)
    return seen


def seed_names(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "seeds").glob("*.txt"))


def test_a_seed_read_before_is_not_read_again_and_gives_the_same_output(project_copy, reads):
    project = config.load(project_copy)
    first = extracting.extract(project, cache=False)
    assert sorted(reads) == seed_names(project_copy)
    again = extracting.extract(project)
    assert sorted(reads) == seed_names(project_copy)  # none read the second time
    assert again.outputs == first.outputs
    # The committed data/ is what the seeds give: the cache takes it as each seed's output.
    assert again.outputs and all(o.text == o.path.read_text(encoding="utf-8") for o in first.outputs)


def test_a_data_file_whose_seed_is_kept_is_not_written_again(project_copy, reads):
    assert run(project_copy, "extract").exit_code == 0
    files = sorted((project_copy / "data").glob("*.ttl"))
    before = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in files]
    result = run(project_copy, "extract")
    assert result.exit_code == 0, result.output
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in files] == before
    assert result.output.count("operator response(s)") == len(files)  # it still says what each seed gave


def test_check_reads_no_seed_the_second_time_and_says_the_data_is_current(project_copy, reads):
    assert run(project_copy, "extract", "--check").exit_code == 0
    read = len(reads)
    result = run(project_copy, "extract", "--check")
    assert result.exit_code == 0, result.output
    assert "data/ is current" in result.output
    assert len(reads) == read


def test_a_data_file_changed_by_hand_has_its_seed_read_again_and_is_found_stale(project_copy, reads):
    assert run(project_copy, "extract", "--check").exit_code == 0
    data = project_copy / "data" / "20151-uui-896.ttl"
    committed = data.read_bytes()
    data.write_text(data.read_text(encoding="utf-8").replace("Baby School", "Baby Skole"), encoding="utf-8")
    reads.clear()
    result = run(project_copy, "extract", "--check")
    assert result.exit_code == 1
    assert "stale: " in result.output
    assert reads == ["20151-uui-896.txt"]
    assert run(project_copy, "extract").exit_code == 0
    assert data.read_bytes() == committed


def test_a_removed_data_file_is_written_again(project_copy):
    assert run(project_copy, "extract", "--check").exit_code == 0
    data = project_copy / "data" / "20151-uui-896.ttl"
    committed = data.read_bytes()
    data.unlink()
    assert run(project_copy, "extract").exit_code == 0
    assert data.read_bytes() == committed


def test_a_changed_sidecar_has_its_seed_read_again(project_copy, reads):
    assert run(project_copy, "extract").exit_code == 0
    sidecar = project_copy / "seeds" / "20151-uui-896.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n# a comment changes no fact, but the file\n", encoding="utf-8")
    reads.clear()
    assert run(project_copy, "extract", "--check").exit_code == 0
    assert reads == ["20151-uui-896.txt"]


CHANGES = {
    "lodpub's code or a library": lambda root, monkeypatch: monkeypatch.setattr(digests, "code", lambda: b"another"),
    "a setting": lambda root, monkeypatch: (root / "lodpub.toml").write_text(
        (root / "lodpub.toml").read_text(encoding="utf-8").replace('publisher = "lodpub"', 'publisher = "someone else"'),
        encoding="utf-8",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_what_every_seed_is_read_with_reads_every_seed_again(project_copy, reads, monkeypatch, change):
    assert run(project_copy, "extract").exit_code == 0
    CHANGES[change](project_copy, monkeypatch)
    reads.clear()
    run(project_copy, "extract", "--check")
    assert sorted(reads) == seed_names(project_copy)


def test_no_cache_reads_every_seed(project_copy, reads):
    assert run(project_copy, "extract").exit_code == 0
    reads.clear()
    assert run(project_copy, "extract", "--check", "--no-cache").exit_code == 0
    assert sorted(reads) == seed_names(project_copy)


def test_entries_of_seeds_that_are_gone_are_removed(project_copy):
    assert run(project_copy, "extract").exit_code == 0
    entries = project_copy / ".cache" / "extract"
    assert len(list(entries.glob("*.json"))) == len(seed_names(project_copy))
    (entries / ("0" * 64 + ".json")).write_text("{}", encoding="utf-8")
    assert run(project_copy, "extract").exit_code == 0
    assert len(list(entries.glob("*.json"))) == len(seed_names(project_copy))


def test_kept_warnings_name_the_seed_as_seen_from_where_extract_runs(project_copy, tmp_path, monkeypatch):
    text = SEED.read_bytes()[:2300]  # cut off: a warning on line 89
    (project_copy / "seeds" / "truncated.txt").write_bytes(text)
    sidecar = (project_copy / "seeds" / "20151-uui-896.toml").read_text(encoding="utf-8")
    sidecar = sidecar.replace(hashlib.sha256(SEED.read_bytes()).hexdigest(), hashlib.sha256(text).hexdigest())
    (project_copy / "seeds" / "truncated.toml").write_text(sidecar, encoding="utf-8")
    monkeypatch.chdir(project_copy)
    first = run(project_copy, "extract")
    assert "Warning: seeds/truncated.txt:89: the answer seems cut off" in first.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    kept = run(project_copy, "extract", "--check")
    read = run(project_copy, "extract", "--check", "--no-cache")
    assert kept.exit_code == read.exit_code == 0, read.output
    assert f"Warning: {project_copy}/seeds/truncated.txt:89: the answer seems cut off" in read.output
    assert kept.output == read.output
