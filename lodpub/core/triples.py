"""The dataset's triples as the build holds them: three shared terms each.

A pyoxigraph Triple owns copies of its three terms' strings: at 10,000 answers, 2.6 million
triples took 2.3 GB, about 850 bytes each, though they name only 880,000 distinct terms. A
`Triple` here holds references to pyoxigraph terms that every triple naming the same term
shares, and takes about a third of that. It reads like pyoxigraph's (`subject`, `predicate`,
`object`, and `str` gives the N-Triples form), so code that reads triples takes either;
pyoxigraph's own functions (serialisers, stores) are given `oxigraph(triples)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox


class Triple:
    """A triple of terms shared with the other triples that name them (Terms makes them)."""

    __slots__ = ("object", "predicate", "subject")

    def __init__(self, subject, predicate, object):
        self.subject = subject
        self.predicate = predicate
        self.object = object

    def __eq__(self, other) -> bool:
        if not isinstance(other, Triple):
            return NotImplemented
        return self.subject == other.subject and self.predicate == other.predicate and self.object == other.object

    def __hash__(self) -> int:
        return hash((self.subject, self.predicate, self.object))

    def __str__(self) -> str:
        return f"{self.subject} {self.predicate} {self.object}"

    def __repr__(self) -> str:
        return f"<Triple {self}>"


class Terms:
    """One term object for each distinct term: `triple` makes a Triple of the first term seen
    equal to each of the given triple's."""

    def __init__(self):
        self._seen: dict = {}

    def triple(self, triple: ox.Triple) -> Triple:
        seen = self._seen
        subject, predicate, obj = triple.subject, triple.predicate, triple.object
        return Triple(seen.setdefault(subject, subject), seen.setdefault(predicate, predicate), seen.setdefault(obj, obj))

    def ranks(self) -> dict[int, int]:
        """The place of each term (by `id`: the terms are shared) in the order of their N-Triples forms."""
        return {id(term): rank for rank, term in enumerate(sorted(self._seen.values(), key=str))}


def oxigraph(triples: Iterable) -> Iterator[ox.Triple]:
    """`triples` as pyoxigraph's, for its serialisers and stores; its own pass through."""
    for triple in triples:
        yield ox.Triple(triple.subject, triple.predicate, triple.object) if type(triple) is Triple else triple
