"""The build fills the SPARQL store of its dump, so `lodpub serve` starts on it, and keeps one store."""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
from projects import copy_project, run_build

from lodpub import config, sparql


def _store_of(root: Path) -> Path:
    project = config.load(root)
    dump = project.build / "dumps" / f"{project.name}.nq.gz"
    return root / sparql.STORES / hashlib.sha256(dump.read_bytes()).hexdigest()


def _stores(root: Path) -> list[Path]:
    return sorted(p for p in (root / sparql.STORES).iterdir() if not p.name.startswith("."))


def _change_vocabulary(root: Path, comment: str) -> None:
    with (root / "ontology" / "vocab.ttl").open("a", encoding="utf-8") as handle:
        handle.write(f'\n<https://w3id.org/ftsvar/vocab#> <http://www.w3.org/2000/01/rdf-schema#comment> "{comment}"@en .\n')


def test_the_build_leaves_the_store_of_its_dump_complete_with_every_quad(built_site):
    home = _store_of(built_site.parent)
    assert (home / "complete").is_file()
    dump = list(ox.parse(gzip.decompress((built_site / "dumps" / "ftsvar.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS))
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
    opened = sparql.open_store(project.build / "dumps" / f"{project.name}.nq.gz", project.root / sparql.STORES)
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


XSD = "http://www.w3.org/2001/XMLSchema#"


def _nquads(graphs: dict[str, list[str]]) -> str:
    return "".join(
        f"{triple.removesuffix(' .')} <http://example.org/graph/{name}> .\n" for name, triples in graphs.items() for triple in triples
    )


def _contents(store: Path) -> set[str]:
    """Every quad of the store, the default graph's too, as N-Quads."""
    return {str(quad) for quad in ox.Store.read_only(str(store)).quads_for_pattern(None, None, None)}


def _inodes(folder: Path) -> set[int]:
    return {p.stat().st_ino for p in folder.iterdir() if p.is_file()}


def test_a_dump_loaded_in_many_batches_gives_the_store_one_batch_gives(tmp_path, monkeypatch):
    from lodpub.sparql import store as stores

    graphs = {f"g{n}": [f'<http://example.org/s{n}> <http://example.org/p> "{k}" .' for k in range(5)] for n in range(4)}
    graphs["g0"].append("<http://example.org/s1> <http://example.org/p> \"0\" .")  # also in g1: once in the merge
    # One blank node, named in the first batch and described in the last.
    graphs["g0"].insert(0, "<http://example.org/s0> <http://example.org/q> _:b1 .")
    graphs["g3"].append('_:b1 <http://example.org/p> "b" .')
    dump = tmp_path / "data.nq.gz"
    dump.write_bytes(gzip.compress(_nquads(graphs).encode("utf-8")))
    whole = _contents(stores.open_store(dump, tmp_path / "whole"))
    monkeypatch.setattr(stores, "_LOAD_BATCH", 4)  # 46 quads with the merge's copies: the last batch is partial
    batches = stores.open_store(dump, tmp_path / "batches")
    assert _contents(batches) == whole
    assert len(whole) == 23 + 22
    joined = "SELECT ?v WHERE { GRAPH ?g { <http://example.org/s0> <http://example.org/q> ?b } GRAPH ?h { ?b ?p ?v } }"
    assert [str(row["v"]) for row in ox.Store.read_only(str(batches)).query(joined)] == ['"b"']


def test_a_store_made_from_the_store_of_the_dump_before_holds_what_a_load_from_scratch_holds(tmp_path):
    same = {f"g{n}": [f"<http://example.org/s{n}> <http://example.org/p> \"{n}\" ."] for n in range(20)}
    shared = '<http://example.org/operator> <http://www.w3.org/2000/01/rdf-schema#label> "Røde Kors"@da .'
    old = {
        **same,
        "g0": [*same["g0"], shared],
        "changed": [
            shared,  # also in g0: stays in the default graph
            '<http://example.org/a> <http://example.org/p> "only here" .',  # leaves the default graph
            f'<http://example.org/a> <http://example.org/n> "1.0"^^<{XSD}decimal> .',  # stored as "1"
            '<http://example.org/a> <http://example.org/b> _:c0ffee .',
            '_:c0ffee <http://example.org/p> "blank" .',
            '<http://example.org/a> <http://example.org/kept> "kept" .',
        ],
        "removed": ['<http://example.org/r> <http://example.org/p> "gone" .', shared],
    }
    new = {
        **same,
        "g0": [*same["g0"], shared],
        "changed": [
            '<http://example.org/a> <http://example.org/kept> "kept" .',
            '<http://example.org/a> <http://example.org/p> "new text" .',
            '<http://example.org/a> <http://example.org/b> _:beef .',
            '_:beef <http://example.org/p> "blank, changed" .',
        ],
        "added": ['<http://example.org/new> <http://example.org/p> "new" .', '<http://example.org/s1> <http://example.org/p> "1" .'],
    }
    (tmp_path / "old.nq").write_text(_nquads(old), encoding="utf-8")
    (tmp_path / "new.nq").write_text(_nquads(new), encoding="utf-8")
    stores = tmp_path / "stores"
    before = sparql.open_store(tmp_path / "old.nq", stores)

    after = sparql.open_store(tmp_path / "new.nq", stores, previous=tmp_path / "old.nq")
    scratch = sparql.open_store(tmp_path / "new.nq", tmp_path / "scratch")

    assert after != before and _inodes(after) & _inodes(before)  # a copy of the store before, not a load
    assert _contents(after) == _contents(scratch)
    assert sparql.graph_names(after) == sparql.graph_names(scratch)
    assert _contents(before) != _contents(after)


def test_a_store_made_from_one_that_was_itself_updated_reads_only_the_new_dump(tmp_path, monkeypatch):
    from lodpub.sparql import store as stores

    graphs = {f"g{n}": [f'<http://example.org/s{n}> <http://example.org/p> "{n}" .'] for n in range(12)}
    shared = '<http://example.org/operator> <http://www.w3.org/2000/01/rdf-schema#label> "Røde Kors"@da .'
    versions = [
        {**graphs, "g0": [shared]},
        {**graphs, "g0": [shared], "g5": [shared, '<http://example.org/s5> <http://example.org/p> "changed" .']},
        {**graphs, "g5": ['<http://example.org/s5> <http://example.org/p> "changed again" .'], "g11": [shared]},
    ]
    for number, version in enumerate(versions):
        (tmp_path / f"v{number}.nq").write_text(_nquads(version), encoding="utf-8")
    stores_folder = tmp_path / "stores"
    first = sparql.open_store(tmp_path / "v0.nq", stores_folder)
    second = sparql.open_store(tmp_path / "v1.nq", stores_folder, previous=tmp_path / "v0.nq")
    # The dump before is not read again: what the update needs of it was kept with its store.
    monkeypatch.setattr(stores, "_digests", lambda nquads: (_ for _ in ()).throw(AssertionError(f"{nquads} read")))
    third = sparql.open_store(tmp_path / "v2.nq", stores_folder, previous=tmp_path / "v1.nq")

    assert _inodes(second) & _inodes(first) and _inodes(third) & _inodes(second)  # copies, not loads
    for made, number in ((second, 1), (third, 2)):
        scratch = sparql.open_store(tmp_path / f"v{number}.nq", tmp_path / f"scratch{number}")
        assert _contents(made) == _contents(scratch)
        assert sparql.graph_names(made) == sparql.graph_names(scratch)


def test_a_dump_whose_graphs_are_not_each_one_run_of_lines_is_loaded_from_scratch(tmp_path):
    old = {f"g{n}": [f'<http://example.org/s{n}> <http://example.org/p> "{n}" .'] for n in range(12)}
    (tmp_path / "old.nq").write_text(_nquads(old), encoding="utf-8")
    # Sorted by subject, as dumps were once written: g0's two lines are apart.
    new = _nquads({**old, "g0": ['<http://example.org/a> <http://example.org/p> "0" .', '<http://example.org/z> <http://example.org/p> "0" .']})
    (tmp_path / "new.nq").write_text("".join(sorted(new.splitlines(keepends=True))), encoding="utf-8")
    before = sparql.open_store(tmp_path / "old.nq", tmp_path / "stores")
    after = sparql.open_store(tmp_path / "new.nq", tmp_path / "stores", previous=tmp_path / "old.nq")
    assert not _inodes(after) & _inodes(before)
    assert _contents(after) == _contents(sparql.open_store(tmp_path / "new.nq", tmp_path / "scratch"))


def test_a_store_is_loaded_from_scratch_when_most_of_the_dump_changed(tmp_path):
    (tmp_path / "old.nq").write_text(_nquads({"a": ['<http://example.org/s> <http://example.org/p> "old" .']}))
    (tmp_path / "new.nq").write_text(_nquads({"a": ['<http://example.org/s> <http://example.org/p> "new" .']}))
    before = sparql.open_store(tmp_path / "old.nq", tmp_path / "stores")
    after = sparql.open_store(tmp_path / "new.nq", tmp_path / "stores", previous=tmp_path / "old.nq")
    assert not _inodes(after) & _inodes(before)
    assert _contents(after) == _contents(sparql.open_store(tmp_path / "new.nq", tmp_path / "scratch"))


def test_a_dump_is_known_by_the_sum_listed_beside_it_unless_the_list_is_older(tmp_path):
    from lodpub.sparql import store

    dump = tmp_path / "ftsvar.nq"
    dump.write_text(_nquads({"a": ['<http://example.org/s> <http://example.org/p> "o" .']}), encoding="utf-8")
    read = hashlib.sha256(dump.read_bytes()).hexdigest()
    assert store._sha256(dump) == read  # no list
    sums = tmp_path / "SHA256SUMS"
    sums.write_text(f"{'0' * 64}  other.nq\n{'1' * 64}  ftsvar.nq\n", encoding="utf-8")
    os.utime(sums, ns=(dump.stat().st_mtime_ns, dump.stat().st_mtime_ns))
    assert store._sha256(dump) == "1" * 64  # as the build listed it when it wrote the dump
    os.utime(sums, ns=(0, 0))
    assert store._sha256(dump) == read  # a list older than the dump says nothing of it
