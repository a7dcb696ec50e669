"""The whole-dataset dumps (Turtle, N-Triples, JSON-LD) are written run by run from pieces kept
between builds (build/by_subject.py): whatever changed, what comes out is the dataset serialised
whole, and a rebuild makes again only the runs that the change reaches."""

from __future__ import annotations

import gzip
import io
import random
import zlib

import pyoxigraph as ox
import pytest

from lodpub import config
from lodpub.build import by_subject
from lodpub.core import dataset, serialize
from lodpub.core.formats import JSONLD, NTRIPLES, TURTLE
from lodpub.core.triples import oxigraph


@pytest.fixture(autouse=True)
def short_runs(monkeypatch):
    monkeypatch.setattr(by_subject, "RUN", 4)  # many runs, even in a small dataset


def _whole(data, fmt) -> bytes:
    project = data.project
    if fmt is JSONLD:
        return "".join(serialize._document(project, True, serialize.jsonld_nodes(data.merged, project))).encode("utf-8")
    options = {"prefixes": serialize.prefixes(project)} if fmt is TURTLE else {}
    return ox.serialize(oxigraph(data.merged), format=fmt.oxigraph, **options)


def _written(data, cache=True) -> tuple[by_subject.Runs, dict]:
    runs = by_subject.Runs(data, cache)
    texts = {}
    for fmt in by_subject.FORMATS:
        output = io.BytesIO()
        size = runs.write(fmt, output)
        texts[fmt] = gzip.decompress(output.getvalue())
        assert size == len(texts[fmt])
    runs.keep()
    return runs, texts


def test_dumps_written_run_by_run_are_the_dataset_serialised_whole(project_copy):
    data = dataset.load(config.load(project_copy))
    runs, texts = _written(data)
    assert len(runs.starts) > 10
    for fmt, text in texts.items():
        assert text == _whole(data, fmt)


def test_a_dataset_of_no_triples_gives_the_dumps_of_none(project_copy):
    data = dataset.Dataset(config.load(project_copy), [], [], {})
    _, texts = _written(data)
    assert texts[NTRIPLES] == b""
    assert ox.Dataset(ox.parse(texts[TURTLE], format=ox.RdfFormat.TURTLE)).__len__() == 0
    assert texts[JSONLD].endswith(b'"@graph": []}\n')


def test_after_any_change_the_runs_read_back_and_made_again_are_the_dataset_serialised_whole(project_copy, tmp_path):
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    chosen = random.Random(7)
    # and some that come before every other subject, so that the first run changes too
    subjects = [f"{project.base}id/person/zz-{n}" for n in range(12)] + [f"http://example.org/{n}" for n in range(4)]
    subjects += [f"aa:{n}" for n in range(4)]
    read_back = made = 0
    _written(dataset.load(project, keep))
    for step in range(40):
        name = project.data / f"zz-{chosen.randrange(5)}.ttl"
        if name.exists() and chosen.random() < 0.3:
            name.unlink()  # subjects that only it named are gone from their runs
        else:
            lines = [f'<{chosen.choice(subjects)}> <http://example.org/p> "{chosen.randrange(3)}" .'
                     for _ in range(chosen.randrange(1, 6))]
            if chosen.random() < 0.3:
                lines.append(f"<{chosen.choice(subjects)}> <http://example.org/q> [ <http://example.org/r> {step} ] .")
            name.write_text("\n".join(lines) + "\n", encoding="utf-8")
        data = dataset.load(project, keep)
        runs, texts = _written(data)
        for fmt, text in texts.items():
            assert text == _whole(data, fmt), (step, fmt)
        taken = sum(key is not None for key in runs.kept[TURTLE.name])
        read_back += taken
        made += len(runs.starts) - taken
    assert read_back > 4 * made  # most runs were read back, not made again


def test_runs_kept_for_another_state_of_the_dataset_are_not_read_back(project_copy, tmp_path):
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    _written(dataset.load(project, keep))
    seed = sorted(project.data.glob("*.ttl"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + '\n<http://example.org/a> <http://example.org/b> "c" .\n')
    dataset.load(project, keep)  # a load whose runs were never written: its state is not the one kept
    seed.write_text(seed.read_text(encoding="utf-8") + '\n<http://example.org/a> <http://example.org/b> "d" .\n')
    data = dataset.load(project, keep)
    runs, texts = _written(data)
    assert all(key is None for key in runs.kept[TURTLE.name])
    assert texts[TURTLE] == _whole(data, TURTLE)


def test_damaged_kept_pieces_and_list_are_made_again(project_copy, tmp_path):
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    _written(dataset.load(project, keep))
    folder = project.root / by_subject.CACHE
    for piece in sorted(folder.glob("*.piece"))[::3]:
        piece.write_bytes(piece.read_bytes()[:-5])
    data = dataset.load(project, keep)  # nothing changed: every run may be read back
    _, texts = _written(data)
    assert all(text == _whole(data, fmt) for fmt, text in texts.items())
    (folder / by_subject.LIST).write_bytes(b"not marshal")
    runs, texts = _written(dataset.load(project, keep))
    assert all(key is None for key in runs.kept[TURTLE.name])
    assert texts[NTRIPLES] == _whole(data, NTRIPLES)


def test_a_run_that_becomes_the_first_or_stops_being_it_is_made_again(project_copy, tmp_path):
    # The first run's JSON-LD has no separator before its first node; every other run's has.
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    # A subject that starts a run of its own, and one that comes before it and every other subject.
    second = next(f"aa:b{n}" for n in range(100) if zlib.crc32(f"<aa:b{n}>".encode()) % by_subject.RUN == 0)
    (project.data / "zz-second.ttl").write_text(f'<{second}> <http://example.org/p> "2" .\n', encoding="utf-8")
    first = project.data / "zz-first.ttl"
    for step in range(3):
        if step % 2 == 0:
            first.write_text('<aa:a> <http://example.org/p> "1" .\n', encoding="utf-8")
        else:
            first.unlink()
        data = dataset.load(project, keep)
        runs, texts = _written(data)
        assert runs.firsts[0 if step % 2 else 1] == f"<{second}>"
        assert texts[JSONLD] == _whole(data, JSONLD)
