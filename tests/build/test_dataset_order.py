"""The order every dump and document is written in: quads by subject, predicate, object, graph."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from lodpub.core.canonical import triple_key
from lodpub.core.dataset import merge, quad_key
from lodpub.core.triples import Terms, oxigraph

_TEXT = st.text(alphabet=st.sampled_from(list('ab "\\\t\n>@^<_:-.é')), max_size=4)
_IRIS = st.sampled_from(["http://x/", "http://x/a", "http://x/a#b", "http://x/ab", "http://x/a-b", "http://x/a b"[:10]])
_BLANKS = st.sampled_from(["a", "ab", "a1", "b"]).map(ox.BlankNode)
_NAMED = _IRIS.map(ox.NamedNode)
_LITERALS = st.one_of(
    _TEXT.map(ox.Literal),
    st.tuples(_TEXT, st.sampled_from(["en", "da", "en-gb"])).map(lambda t: ox.Literal(t[0], language=t[1])),
    st.tuples(_TEXT, _NAMED).map(lambda t: ox.Literal(t[0], datatype=t[1])),
)
_QUADS = st.lists(
    st.builds(ox.Quad, st.one_of(_NAMED, _BLANKS), _NAMED, st.one_of(_NAMED, _BLANKS, _LITERALS), _NAMED),
    max_size=30,
)


def _terms(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.subject), str(quad.predicate), str(quad.object), str(quad.graph_name))


@given(_QUADS)
def test_quads_sort_by_their_terms_in_turn(quads):
    assert sorted(quads, key=quad_key) == sorted(quads, key=_terms)


@given(_QUADS)
def test_the_dataset_gives_each_triple_once_and_every_quad_in_order(quads):
    terms = Terms()
    rows = [(q.graph_name.value, terms.triple(q.triple)) for q in quads]  # a quad may come twice
    dataset = merge(rows, terms, project=None, sources={})
    assert list(oxigraph(dataset.triples())) == sorted({q.triple for q in quads}, key=triple_key)
    assert list(dataset.quads()) == sorted(set(quads), key=quad_key)
    for name in {q.graph_name.value for q in quads}:
        expected = sorted({q.triple for q in quads if q.graph_name.value == name}, key=triple_key)
        assert list(oxigraph(dataset.graph(name))) == expected


_TRIPLES = st.lists(st.builds(ox.Triple, st.one_of(_NAMED, _BLANKS), _NAMED, st.one_of(_NAMED, _BLANKS, _LITERALS)), max_size=30)


@given(_TRIPLES)
def test_the_dataset_s_triples_read_sort_and_compare_as_pyoxigraph_s_do(triples):
    terms = Terms()
    shared = [terms.triple(t) for t in triples]
    assert [str(t) for t in shared] == [str(t) for t in triples]
    assert list(oxigraph(shared)) == triples
    assert sorted(shared, key=triple_key) == [terms.triple(t) for t in sorted(triples, key=triple_key)]
    assert len(set(shared)) == len(set(triples))
    for a, b in zip(shared, triples):
        assert (a.subject, a.predicate, a.object) == (b.subject, b.predicate, b.object)
        assert a == terms.triple(b) and hash(a) == hash(terms.triple(b))


def test_the_dataset_s_triples_share_one_object_per_term(project):
    from lodpub.core import dataset

    triples = dataset.load(project).triples()
    subjects, objects = {}, {}
    for t in triples:
        assert subjects.setdefault(str(t.subject), t.subject) is t.subject
        assert objects.setdefault(str(t.object), t.object) is t.object
    assert len(subjects) < len(triples) / 2  # so sharing them counts
