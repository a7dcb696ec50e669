"""What a build reads of each entity's own triples for its key (products.known) is taken from the
build before for the entities whose triples no changed graph touched, and comes out as it would
made from nothing."""

from __future__ import annotations

import shutil

from lodpub import config
from lodpub.build import products
from lodpub.core import dataset, entities


def _facts(project, keep, before):
    data = dataset.load(project, keep)
    index = entities.index(project, data.triples())
    return data, index, products.known(index, data, before)


def test_an_entitys_facts_are_taken_from_the_build_before_only_where_its_triples_did_not_change(project_copy, tmp_path):
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    question, person = f"{project.base}id/question/zz-q", f"{project.base}id/person/zz-p"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    seed = sorted(project.data.glob("*.ttl"))[0]
    steps = [
        # an entity that names an IRI under id/ that is no entity yet
        lambda: (project.data / "zz-a.ttl").write_text(f'<{question}> <{project.vocab}asks> <{person}> .\n'),
        # that IRI becomes an entity: the first entity's triples are untouched, its neighbours are not
        lambda: (project.data / "zz-b.ttl").write_text(f'<{person}> {label} "P" .\n'),
        lambda: seed.write_text(seed.read_text(encoding="utf-8") + f'\n<{person}> {label} "Q"@da .\n'),
        lambda: (project.data / "zz-b.ttl").unlink(),
        lambda: shutil.copy(project.data / "zz-a.ttl", project.data / "zz-c.ttl"),  # a triple in two graphs
    ]
    _, _, before = _facts(project, keep, None)
    for step in steps:
        step()
        data, index, facts = _facts(project, keep, before)
        assert data.since == before.state and data.changed is not None
        from_nothing = products.known(index, data, None)
        assert facts == from_nothing
        assert products.keys(index, b"", {}, facts) == products.keys(index, b"", {}, from_nothing)
        # and they were taken from `before`, not made again: a stale digest shows it
        stale = products.Known(before.state, dict.fromkeys(before.own, b"stale"), before.named)
        taken = products.known(index, data, stale)
        kept = {iri for iri, own in taken.own.items() if own == b"stale"}
        assert kept and len(kept) > len(index.entities) // 2
        changed_entities = {iri for iri in index.entities if iri not in before.own or facts.own[iri] != before.own[iri]}
        assert not kept & changed_entities
        before = facts


def test_facts_of_another_dataset_than_the_one_the_load_started_from_are_not_taken(project_copy, tmp_path):
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    _, _, first = _facts(project, keep, None)
    seed = sorted(project.data.glob("*.ttl"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + '\n<http://example.org/a> <http://example.org/b> "c" .\n')
    _facts(project, keep, first)
    seed.write_text(seed.read_text(encoding="utf-8") + '\n<http://example.org/a> <http://example.org/b> "d" .\n')
    stale = products.Known(first.state, dict.fromkeys(first.own, b"stale"), first.named)
    data, index, facts = _facts(project, keep, stale)  # the load started from the second state, not the first
    assert data.since != first.state
    assert facts == products.known(index, data, None)


def test_kept_facts_read_back_whole_and_damaged_ones_are_passed_over(project_copy, tmp_path):
    project = config.load(project_copy)
    _, _, facts = _facts(project, tmp_path / "kept", None)
    path = tmp_path / "known.marshal"
    products.keep_known(path, facts)
    assert products.read_known(path) == facts
    whole = path.read_bytes()
    for damaged in (b"", whole[: len(whole) // 2], b"not marshal"):
        path.write_bytes(damaged)
        assert products.read_known(path) is None
