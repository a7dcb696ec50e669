"""The order every dump and document is written in: quads by subject, predicate, object, graph."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from lodpub.core.canonical import triple_key
from lodpub.core.dataset import merge, quad_key

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
    rows = [(q.graph_name.value, str(q.triple), q.triple) for q in quads]  # a quad may come twice
    dataset = merge(rows, project=None, sources={})
    assert dataset.triples() == sorted({q.triple for q in quads}, key=triple_key)
    assert list(dataset.quads()) == sorted(set(quads), key=quad_key)
    for name in {q.graph_name.value for q in quads}:
        assert dataset.graph(name) == sorted({q.triple for q in quads if q.graph_name.value == name}, key=triple_key)
