"""The dataset kept between loads: a load that reads it and parses only the changed graphs gives
what a load of every file gives."""

from __future__ import annotations

import shutil
from array import array

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zlib_ng import zlib_ng

from lodpub import config
from lodpub.core import dataset, kept_dataset
from lodpub.core.dataset import merge
from lodpub.core.triples import Terms
from lodpub.errors import UserError

_GRAPHS = ["http://x/g/a", "http://x/g/b", "http://x/g/c", "http://x/g/d"]
_NAMED = st.sampled_from(["http://x/", "http://x/a", "http://x/a#b", "http://x/ab", "http://x/a-b"]).map(ox.NamedNode)
_BLANKS = st.sampled_from(["a", "ab", "b"]).map(ox.BlankNode)
_TEXT = st.text(alphabet=st.sampled_from(list('ab "\\\n>@é')), max_size=3)
_LITERALS = st.one_of(
    _TEXT.map(ox.Literal),
    st.tuples(_TEXT, st.sampled_from(["en", "da"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.tuples(_TEXT, st.sampled_from([ox.BaseDirection.LTR, ox.BaseDirection.RTL])).map(
        lambda t: ox.Literal(t[0], language="ar", direction=t[1])),
    st.tuples(_TEXT, _NAMED).map(lambda t: ox.Literal(t[0], datatype=t[1])),
)
_TRIPLES = st.lists(st.builds(ox.Triple, st.one_of(_NAMED, _BLANKS), _NAMED, st.one_of(_NAMED, _BLANKS, _LITERALS)),
                    max_size=12)
# Each graph's triples, or None for a graph that is not there.
_STATES = st.fixed_dictionaries({g: st.one_of(st.none(), _TRIPLES) for g in _GRAPHS})


def _merged(state: dict):
    terms = Terms()
    rows = [(g, terms.triple(t)) for g, triples in state.items() if triples is not None for t in triples]
    return merge(rows, terms, project=None, sources={})


def _lines(data) -> list[tuple[str, object]]:
    return [(str(t), g) for t, g in zip(data.merged, data.graphs)]


@settings(max_examples=300)
@given(_STATES, _STATES)
def test_a_kept_dataset_updated_with_the_changed_graphs_equals_a_merge_of_every_graph(first, then):
    before_data = _merged(first)
    names = sorted((g for g, t in first.items() if t is not None), key=lambda g: f"<{g}>")
    read = {g: repr(t).encode() for g, t in first.items() if t is not None}
    before = kept_dataset.of(b"key", before_data.merged, before_data.graphs, names, read)
    stored = (list(before.values), list(before.marks), array("I", before.spo), list(before.graphs))
    names_now = sorted((g for g, t in then.items() if t is not None), key=lambda g: f"<{g}>")
    redo = {g for g in _GRAPHS if first[g] != then[g]}
    terms = Terms()
    rows = [(g, terms.triple(t)) for g in names_now if g in redo for t in then[g]]

    made, triples, graphs, changed = kept_dataset.update(before, kept_dataset.terms(before), names_now, redo, rows, {})

    expected = _merged(then)
    assert [(str(t), g) for t, g in zip(triples, graphs)] == _lines(expected)
    # every subject whose triples differ is among those said to have changed
    def about(data) -> set[tuple[str, str]]:
        return {(str(t.subject), str(t)) for t in data.merged}
    assert {subject for subject, _ in about(before_data) ^ about(expected)} <= changed
    # and what is kept next gives the same again
    assert [(str(t), g) for t, g in zip(*kept_dataset.dataset_of(made, kept_dataset.terms(made)))] == _lines(expected)
    # the kept dataset read is not changed in place
    assert stored == (before.values, before.marks, before.spo, before.graphs)


def _same(one, other) -> None:
    assert _lines(one) == _lines(other)
    assert (one.read, one.sources) == (other.read, other.sources)
    seen: dict[str, object] = {}
    for triple in other.merged:
        for term in (triple.subject, triple.predicate, triple.object):
            assert seen.setdefault(str(term), term) is term  # each distinct term one object


# The kept file's values and numbers go in slices: one, and many (the seed has some 900 terms).
@pytest.mark.parametrize("terms_a_slice", [kept_dataset._SLICE, 7])
def test_a_load_that_keeps_the_dataset_gives_what_a_load_of_every_file_gives(project_copy, tmp_path, monkeypatch,
                                                                              terms_a_slice):
    monkeypatch.setattr(kept_dataset, "_SLICE", terms_a_slice)
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    data = project.data
    seed = sorted(data.glob("*.ttl"))[0]
    _same(dataset.load(project), dataset.load(project, keep))  # nothing kept yet
    _same(dataset.load(project), dataset.load(project, keep))  # nothing changed

    text = seed.read_text(encoding="utf-8")
    seed.write_text(text + '\n<http://example.org/a> <http://example.org/b> "c"@da , _:x .\n', encoding="utf-8")
    _same(dataset.load(project), dataset.load(project, keep))  # a graph changed

    shutil.copy(seed, data / "zz-another.ttl")
    _same(dataset.load(project), dataset.load(project, keep))  # a graph added, every triple in two graphs

    seed.write_text(text, encoding="utf-8")
    _same(dataset.load(project), dataset.load(project, keep))  # changed back

    (data / "zz-another.ttl").unlink()
    _same(dataset.load(project), dataset.load(project, keep))  # a graph removed
    read = kept_dataset.read(keep, kept_dataset.key(project.base, project.data_base))  # read, not passed over
    assert read is not None and len(read.spo) == 3 * len(dataset.load(project).merged)


def test_a_damaged_or_foreign_kept_dataset_is_passed_over(project, tmp_path):
    keep = tmp_path / "kept"
    expected = dataset.load(project)
    dataset.load(project, keep)
    kept_file = keep / kept_dataset.FILE
    whole = kept_file.read_bytes()
    middle = len(whole) // 2
    flipped = whole[:middle] + bytes([whole[middle] ^ 0xFF]) + whole[middle + 1:]
    for damaged in (b"", whole[:middle], b"not marshal", flipped, zlib_ng.compress(b"")):
        kept_file.write_bytes(damaged)
        _same(expected, dataset.load(project, keep))
    kept_file.write_bytes(whole)
    other_base = project.published_at("http://127.0.0.1:9/")
    _same(dataset.load(other_base), dataset.load(other_base, keep))  # kept for the configured base


def test_many_changed_triples_are_sorted_with_the_kept_ones_into_what_a_load_of_every_file_gives(
        project_copy, tmp_path, monkeypatch):
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    dataset.load(project, keep)
    seed = sorted(project.data.glob("*.ttl"))[0]
    shutil.copy(seed, project.data / "zz-another.ttl")
    seed.write_text('<http://example.org/a> <http://example.org/b> "c" .\n', encoding="utf-8")  # all else gone
    monkeypatch.setattr(dataset, "_PLACED", 0)  # more than it places one by one
    _same(dataset.load(project), dataset.load(project, keep))


def test_terms_no_triple_names_any_more_are_dropped_once_they_are_many(project_copy, tmp_path):
    project = config.load(project_copy)
    keep = tmp_path / "kept"
    dataset.load(project, keep)
    seed = sorted(project.data.glob("*.ttl"))[0]
    text = seed.read_text(encoding="utf-8")
    counts = []
    for edit in range(40):  # each edit leaves its literals of the edit before unused
        seed.write_text(text + "".join(f'\n<http://example.org/{i}> <http://example.org/v> "{edit}-{i}" .\n'
                                       for i in range(50)), encoding="utf-8")
        _same(dataset.load(project), dataset.load(project, keep))
        counts.append(len(kept_dataset.read(keep, kept_dataset.key(project.base, project.data_base)).values))
    assert max(counts) <= kept_dataset._UNUSED * counts[0] + 50
    assert any(after < before for before, after in zip(counts, counts[1:]))  # dropped, not only grown


def test_a_kept_file_that_cannot_be_written_leaves_nothing_behind(tmp_path):
    def failing():
        yield b"part"
        raise OSError(28, "No space left on device")

    from lodpub.core import kept

    kept.write_chunks(tmp_path / "file", failing())
    assert list(tmp_path.iterdir()) == []


def test_a_data_file_named_as_a_graph_of_lodpubs_own_is_refused_by_name(project_copy):
    project = config.load(project_copy)
    shutil.copy(sorted(project.data.glob("*.ttl"))[0], project.data / "reference.ttl")
    with pytest.raises(UserError) as refused:
        dataset.load(project)
    assert "reference.ttl" in str(refused.value) and refused.value.path == project.data / "reference.ttl"
