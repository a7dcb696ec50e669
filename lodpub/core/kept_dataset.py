"""The dataset as the last load made it, kept between builds (.cache/dataset/): its terms, each
triple as the numbers of its three terms, each triple's graphs, and a digest of the bytes each
graph was parsed from.

A load that finds it parses only the graphs whose bytes changed and puts their triples in place
among the kept ones, in the order a load from the files gives (dataset.merge): at 10,000
answers the parsing, the canonical blank-node labels, the shared terms and the sort were 17 of
a load's 19 s, for one changed answer as for all of them. What comes back equals a load from
the files: the same triples in the same order, the same graphs, each distinct term one object.

It is read only when made by the same lodpub, libraries and Python (digests.code: the parser,
the canonical labels and the rebasing are all in it) for the same bases; a kept file of
anything else, or one that cannot be read whole, is passed over and the files are loaded.
Written whole or not at all (kept.py), by marshal (plain lists, strings and bytes), compressed
part by part.
"""

from __future__ import annotations

import bisect
import hashlib
import marshal
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from zlib_ng import zlib_ng

from . import digests, kept
from .triples import Triple

CACHE = Path(".cache") / "dataset"
FILE = "dataset.marshal"
_LAYOUT = 4  # of the kept file: a file of another layout is not read
_SLICE = 1 << 16  # terms' values, or triples' numbers, in one part of the file

# A term's kind, beside its value: an IRI, a blank node; any other mark is a literal's, its
# datatype IRI or "@" and its language tag (with "--" and its direction, RDF 1.2).
_IRI, _BLANK = 0, 1

Graphs = "str | tuple[str, ...]"
_DIRECTIONS = {str(d): d for d in (ox.BaseDirection.LTR, ox.BaseDirection.RTL)}


@dataclass
class Kept:
    """What a load keeps: `values` and `marks` give each term (see above), `spo` three numbers
    of terms a triple in the order of the dataset's triples, `graphs` each triple's graph or
    graphs as numbers of `names` (in N-Quads order), `read` each graph's digest; its terms may
    include some no triple names any more (see `_UNUSED`)."""

    key: bytes
    values: list[str]
    marks: list
    spo: array
    graphs: list
    names: list[str]
    read: dict[str, bytes]
    numbered: int  # how many terms there were when they were last numbered from those in use


def key(base: str, data_base: str) -> bytes:
    """What a kept dataset must have been made with to be read: this lodpub and its libraries,
    and the bases it rebased from and to."""
    summed = hashlib.blake2b(digest_size=16)
    summed.update(f"{_LAYOUT}\0{data_base}\0{base}\0".encode("utf-8") + digests.code())
    return summed.digest()


def read(folder: Path, wanted: bytes) -> Kept | None:
    """The kept dataset made with `wanted` (key), if there is one and it reads whole."""
    try:
        # zlib's own check (Adler-32) fails a file cut short or damaged
        parts = _parts(memoryview(zlib_ng.decompress((folder / FILE).read_bytes())))
        if next(parts) != _LAYOUT or next(parts) != wanted:
            return None
        values = [value for _ in range(next(parts)) for value in next(parts)]
        marks = next(parts)
        numbers = array("I")
        for _ in range(next(parts)):
            numbers.frombytes(next(parts))
        graphs, names, read_, numbered = parts
        if len(values) != len(marks):
            return None
        if len(numbers) != 3 * len(graphs):
            return None
        return Kept(wanted, values, marks, numbers, graphs, names, read_, numbered)
    except (OSError, EOFError, ValueError, TypeError, StopIteration, zlib_ng.error):
        return None


def _parts(data: memoryview) -> Iterator:
    """The parts of a kept file, each after its length (marshal.load from a stream reads a
    string at a time: 1.5 s more at 10,000 answers)."""
    at = 0
    while at < len(data):
        size = int.from_bytes(data[at: at + 8], "big")
        if at + 8 + size > len(data):
            raise EOFError("a kept dataset cut short")
        yield marshal.loads(data[at + 8: at + 8 + size])
        at += 8 + size


def write(folder: Path, made: Kept) -> None:
    """Each part compressed as it is made, never the whole file's bytes at once: at 10,000
    answers 183 MB, which were the largest part of the build's process at its largest."""
    # At zlib-ng's fastest level: at 10,000 answers 183 MB made 40 MB in 0.33 s, read back in 0.24 s.
    packing = zlib_ng.compressobj(1)

    def chunks() -> Iterator[bytes]:
        for part in _written(made):
            data = marshal.dumps(part)
            yield packing.compress(len(data).to_bytes(8, "big"))
            yield packing.compress(data)
        yield packing.flush()

    kept.write_chunks(folder / FILE, chunks())


def _written(made: Kept) -> Iterator:
    """The parts of a kept file, in the order `read` reads them. The terms' values and the
    triples' numbers go in slices, each made as it is written: at 10,000 answers they were parts
    of 120 MB (the verbatim texts) and 31 MB, made while the whole dataset was held, at the
    build's largest."""
    yield _LAYOUT
    yield made.key
    values = range(0, len(made.values), _SLICE)
    yield len(values)
    for at in values:
        yield made.values[at: at + _SLICE]
    yield made.marks
    numbers = range(0, len(made.spo), 3 * _SLICE)
    yield len(numbers)
    for at in numbers:
        yield made.spo[at: at + 3 * _SLICE].tobytes()
    yield from (made.graphs, made.names, made.read, made.numbered)


def terms(made: Kept) -> list:
    """Each kept term as a pyoxigraph term, one object each."""
    datatypes: dict[str, ox.NamedNode] = {}
    found = []
    append = found.append
    for value, mark in zip(made.values, made.marks):
        if mark == _IRI:
            append(ox.NamedNode(value))
        elif mark == _BLANK:
            append(ox.BlankNode(value))
        elif mark[0] == "@":
            language, _, direction = mark[1:].partition("--")
            append(ox.Literal(value, language=language, direction=_DIRECTIONS[direction]) if direction
                   else ox.Literal(value, language=language))
        else:
            datatype = datatypes.get(mark)
            if datatype is None:
                datatype = datatypes[mark] = ox.NamedNode(mark)
            append(ox.Literal(value, datatype=datatype))
    return found


def mark(term) -> int | str | None:
    """A term's mark (see above); None for a term a kept dataset does not hold (a quoted triple)."""
    if isinstance(term, ox.NamedNode):
        return _IRI
    if isinstance(term, ox.BlankNode):
        return _BLANK
    if isinstance(term, ox.Literal):
        if term.language:
            return f"@{term.language}--{term.direction}" if term.direction else f"@{term.language}"
        return term.datatype.value
    return None


def update(
    before: Kept, known: list, names: list[str], redo: set[str], rows: list[tuple[str, object]], read: dict[str, bytes],
) -> tuple[Kept, list[Triple], list[Graphs], frozenset[str]] | None:
    """The kept dataset `before` (whose terms are `known`) with the graphs in `redo` (changed or
    gone) taken out and `rows` (graph, pyoxigraph triple: those graphs as they are now) put in:
    what to keep next, the dataset's triples and graphs in the order dataset.merge gives, and
    the subjects (their N-Triples forms) of the triples taken out and of the rows: every other
    subject's triples are as they were. `names` are the graphs now, in N-Quads order. None
    where a term cannot be kept."""
    number = {name: i for i, name in enumerate(names)}
    # Old graph numbers to new ones; None for a graph taken out. Both are in N-Quads order, so a
    # triple's graphs stay in order.
    moved = [None if name in redo or name not in number else number[name] for name in before.names]

    dropped: list[int] = []  # the places in `before` of the triples taken out, in order
    kept_graphs: list = []  # the graphs of the triples that stay, renumbered
    for place, graphs in enumerate(before.graphs):
        if graphs.__class__ is int:
            now = moved[graphs]
            if now is None:
                dropped.append(place)
                continue
        else:
            now = tuple(g for g in (moved[h] for h in graphs) if g is not None)
            if not now:
                dropped.append(place)
                continue
            if len(now) == 1:
                now = now[0]
        kept_graphs.append(now)
    # The n-th triple that stays is at place n + (how many taken out before it) in `before`.
    shifted = [place - n for n, place in enumerate(dropped)]

    def place_of(index: int) -> int:
        return index + bisect.bisect_right(shifted, index)

    values, marks = list(before.values), list(before.marks)
    known = list(known)
    numbered = {term: i for i, term in enumerate(known)}

    def term_number(term) -> int | None:
        found = numbered.get(term)
        if found is None:
            made = mark(term)
            if made is None:
                return None
            found = numbered[term] = len(known)
            known.append(term)
            values.append(term.value)
            marks.append(made)
        return found

    spo = before.spo
    added: dict[tuple[int, int, int], set[int]] = {}
    for graph, triple in rows:
        numbers = (term_number(triple.subject), term_number(triple.predicate), term_number(triple.object))
        if None in numbers:
            return None
        added.setdefault(numbers, set()).add(number[graph])

    def line(numbers) -> tuple[str, str, str]:
        return (str(known[numbers[0]]), str(known[numbers[1]]), str(known[numbers[2]]))

    def kept_line(index: int) -> tuple[str, str, str]:
        place = 3 * place_of(index)
        return line((spo[place], spo[place + 1], spo[place + 2]))

    # Each added triple in its place among those that stay, found by halving (they are in
    # order already); equal to one of them, it joins that one's graphs.
    staying = len(kept_graphs)
    inserted: list[tuple[int, tuple[int, int, int], tuple[int, ...]]] = []
    low = 0
    for numbers in sorted(added, key=line):
        text = line(numbers)
        at = low = bisect.bisect_left(range(staying), text, low, key=kept_line)
        if at < staying and kept_line(at) == text:
            graphs = kept_graphs[at]
            kept_graphs[at] = _together({*((graphs,) if graphs.__class__ is int else graphs), *added[numbers]})
        else:
            inserted.append((at, numbers, _together(added[numbers])))

    new_spo = array("I")
    new_graphs: list = []

    def copy(begin: int, end: int) -> None:
        """The triples that stay, from the begin-th to before the end-th, run by run."""
        if begin >= end:
            return
        first, last = place_of(begin), place_of(end - 1) + 1
        for gap in dropped[bisect.bisect_left(dropped, first): bisect.bisect_left(dropped, last)]:
            new_spo.extend(spo[3 * first: 3 * gap])
            first = gap + 1
        new_spo.extend(spo[3 * first: 3 * last])
        new_graphs.extend(kept_graphs[begin:end])

    start = 0
    for at, numbers, graphs in inserted:
        copy(start, at)
        new_spo.extend(numbers)
        new_graphs.append(graphs)
        start = at
    copy(start, staying)

    numbered = before.numbered
    if len(values) > _UNUSED * numbered:
        values, marks, new_spo, known = _used(values, marks, new_spo, known)
        numbered = len(values)
    changed = {str(triple.subject) for _, triple in rows}
    for place in dropped:
        subject = spo[3 * place]
        changed.add(f"<{before.values[subject]}>" if before.marks[subject] == _IRI else f"_:{before.values[subject]}")
    made = Kept(before.key, values, marks, new_spo, new_graphs, names, read, numbered)
    return made, *dataset_of(made, known), frozenset(changed)


def state(key_: bytes, read: dict[str, bytes]) -> bytes:
    """What a dataset loaded with `key` (the lodpub, libraries and bases) from graphs whose bytes
    had the digests `read` is: two loads of the same state give the same triples."""
    summed = hashlib.blake2b(key_, digest_size=16)
    for name in sorted(read):
        summed.update(name.encode("utf-8") + b"\0" + read[name])
    return summed.digest()


def _together(graphs: set[int]) -> int | tuple[int, ...]:
    """A triple's graphs as kept: the one graph's number, or the numbers in N-Quads order."""
    every = sorted(graphs)
    return every[0] if len(every) == 1 else tuple(every)


# Terms no triple names any more stay kept (an edited literal leaves its old value) until the
# terms are this many times those numbered last: then only the terms in use are kept, numbered anew.
_UNUSED = 1.125


def _used(values: list[str], marks: list, spo: array, known: list) -> tuple[list[str], list, array, list]:
    """Only the terms `spo` names, in their order, and `spo` numbered by them."""
    used = sorted(set(spo))
    renumbered = {old: new for new, old in enumerate(used)}
    return ([values[i] for i in used], [marks[i] for i in used], array("I", [renumbered[i] for i in spo]),
            [known[i] for i in used])


def dataset_of(made: Kept, known: list) -> tuple[list[Triple], list[Graphs]]:
    """The triples and graphs of a kept dataset whose terms are `known`."""
    numbers = iter(made.spo)
    triples = [Triple(known[s], known[p], known[o]) for s, p, o in zip(numbers, numbers, numbers)]
    names = made.names
    graphs = [names[g] if g.__class__ is int else tuple(names[h] for h in g) for g in made.graphs]
    return triples, graphs


def of(key_: bytes, triples: list[Triple], graphs: list[Graphs], names: list[str], read: dict[str, bytes]) -> Kept | None:
    """What to keep of a dataset loaded from the files; None where a term cannot be kept."""
    numbered: dict[int, int] = {}
    values: list[str] = []
    marks: list = []
    spo = array("I")
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            found = numbered.get(id(term))
            if found is None:
                made = mark(term)
                if made is None:
                    return None
                found = numbered[id(term)] = len(values)
                values.append(term.value)
                marks.append(made)
            spo.append(found)
    number = {name: i for i, name in enumerate(names)}
    numbered_graphs = [number[g] if g.__class__ is str else tuple(number[h] for h in g) for g in graphs]
    return Kept(key_, values, marks, spo, numbered_graphs, names, read, len(values))
