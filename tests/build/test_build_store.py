"""The build fills the SPARQL store of its dump, so `lodpub serve` starts on it, and keeps one store."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
from projects import copy_project, run_build

from lodpub import config, sparql


def _store_of(root: Path) -> Path:
    project = config.load(root)
    dump = project.build / "dumps" / f"{project.name}.nq"
    return root / sparql.STORES / hashlib.sha256(dump.read_bytes()).hexdigest()


def _stores(root: Path) -> list[Path]:
    return sorted(p for p in (root / sparql.STORES).iterdir() if not p.name.startswith("."))


def _change_vocabulary(root: Path, comment: str) -> None:
    with (root / "ontology" / "vocab.ttl").open("a", encoding="utf-8") as handle:
        handle.write(f'\n<https://w3id.org/ftsvar/vocab#> <http://www.w3.org/2000/01/rdf-schema#comment> "{comment}"@en .\n')


def test_the_build_leaves_the_store_of_its_dump_complete_with_every_quad(built_site):
    home = _store_of(built_site.parent)
    assert (home / "complete").is_file()
    dump = list(ox.parse(path=str(built_site / "dumps" / "ftsvar.nq"), format=ox.RdfFormat.N_QUADS))
    store = ox.Store.read_only(str(home / "store"))
    named = {q for q in store.quads_for_pattern(None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)}
    merged = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    # The store writes literals in canonical form ("1.0"^^xsd:decimal as "1"), so it is compared by
    # count, per graph: nothing lost, nothing merged away.
    def per_graph(quads):
        counts: dict[str, int] = {}
        for quad in quads:
            counts[quad.graph_name.value] = counts.get(quad.graph_name.value, 0) + 1
        return counts

    assert per_graph(named) == per_graph(set(dump))
    assert len(merged) == len({q.triple for q in dump})


def test_serving_after_a_build_opens_the_store_the_build_filled(built_site):
    home = _store_of(built_site.parent)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in (home / "store").iterdir())
    project = config.load(built_site.parent)
    opened = sparql.open_store(project.build / "dumps" / f"{project.name}.nq", project.root / sparql.STORES)
    assert opened == home / "store"
    assert sorted((p.name, p.stat().st_mtime_ns) for p in (home / "store").iterdir()) == before


def test_a_build_removes_earlier_stores_but_not_one_a_server_still_reads(tmp_path):
    root = copy_project(tmp_path / "project")
    assert run_build(root).returncode == 0
    first = _store_of(root)

    _change_vocabulary(root, "second")
    held = sparql.hold(first / "store")  # as a running server's engine does
    try:
        assert run_build(root).returncode == 0
        second = _store_of(root)
        assert second != first
        assert _stores(root) == sorted([first, second])
    finally:
        os.close(held)

    _change_vocabulary(root, "third")
    assert run_build(root).returncode == 0
    assert _stores(root) == [_store_of(root)]


def test_a_build_removes_what_a_killed_load_left_but_not_a_load_still_running(tmp_path):
    root = copy_project(tmp_path / "project")
    stores = root / sparql.STORES
    abandoned, running = stores / ".loading-abandoned", stores / ".loading-running"
    for folder in (abandoned, running):
        (folder / "store").mkdir(parents=True)
        os.utime(folder, (0, 0))  # long ago: only the lock tells them apart
    guard = os.open(running, os.O_RDONLY)
    fcntl.flock(guard, fcntl.LOCK_EX)  # as open_store holds it while loading
    try:
        assert run_build(root).returncode == 0
        assert not abandoned.exists()
        assert running.is_dir()
    finally:
        os.close(guard)


def test_a_store_that_cannot_be_made_stops_the_build_with_a_message_and_keeps_the_previous_build(tmp_path):
    root = copy_project(tmp_path / "project")
    assert run_build(root).returncode == 0
    served = (root / "build").resolve()
    shutil.rmtree(root / sparql.STORES)
    (root / sparql.STORES).write_text("not a folder\n")
    _change_vocabulary(root, "changed")

    done = run_build(root)

    assert done.returncode == 2
    assert "cannot build the SPARQL store here" in done.stderr and str(sparql.STORES) in done.stderr
    assert "Traceback" not in done.stderr
    assert (root / "build").resolve() == served
