"""The whole-dataset dumps (Turtle, N-Triples, JSON-LD), written run by run from pieces kept
between builds (pieces.py), as the dumps by graph are (by_graph.py).

The dataset's triples are sorted, each subject's together, so each of these dumps is an opening,
the text of one run of subjects after another, and a close. A run starts at every subject whose
N-Triples form has a CRC-32 of 0 modulo RUN: where runs start depends on the subjects alone, so a
changed answer moves the bounds of no run but those its own subjects fall in.

The pieces are kept under .cache/runs with a list of the runs (their first subjects) and the
keys of their pieces, for one state of the dataset (Dataset.state). The next build whose load
started from that state (Dataset.since) reads back the piece of every run whose bounds are the
same and in which no subject whose triples changed (Dataset.changed) falls, unless the run
before it is made again: a piece refers to the text before it. Any other build makes every run.
At 10,000 answers, writing these three dumps whole was 24 of the dump writer's 26 s in a
one-answer rebuild.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import marshal
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from . import pieces
from ..core import kept, serialize
from ..core.dataset import Dataset
from ..core.formats import JSONLD, NTRIPLES, TURTLE, Format
from ..core.triples import oxigraph

CACHE = Path(".cache") / "runs"
LIST = "runs.marshal"
FORMATS = (TURTLE, NTRIPLES, JSONLD)
# Subjects a run, on average: at 10,000 answers some 1,600 runs of 1,700 triples, of which a
# changed answer touches a dozen or so.
RUN = 256
_VERSION = b"1"  # of the kept pieces and list: others are not read


class Runs:
    """The runs of the dataset's subjects, and each run's piece of each dump: kept ones read back,
    the others made and kept."""

    def __init__(self, dataset: Dataset, cache: bool):
        project = dataset.project
        self.dataset = dataset
        self.project = project
        self.folder = project.root / CACHE
        self.prefixes = serialize.prefixes(project)
        self.common = pieces.common(_VERSION, project).digest()
        self.starts, self.firsts = _runs(dataset.merged)
        # Each run's kept piece's key by format, where it may be read back; None where it is made.
        self.kept: dict[str, list[str | None]] = {fmt.name: [None] * len(self.starts) for fmt in FORMATS}
        before = _read_list(self.folder / LIST) if cache else None
        if before is not None and before[0] == self.common and dataset.since and before[1] == dataset.since \
                and dataset.changed is not None:
            self._take(before[2], before[3], dataset.changed)
        self.keys: dict[str, list[str]] = {fmt.name: [] for fmt in FORMATS}  # of the pieces written

    def _take(self, firsts: list[str], keys: dict[str, list[str]], changed: frozenset[str]) -> None:
        """Mark for reading back each run that was a run of the dataset the list was made for,
        with the same bounds, none of whose subjects changed, and whose run before is read back
        too (or which is the first)."""
        touched = {bisect.bisect_right(firsts, subject) - 1 for subject in changed}
        place = {first: at for at, first in enumerate(firsts)}
        same = []
        for number, first in enumerate(self.firsts):
            at = place.get(first)
            ends = (self.firsts[number + 1] if number + 1 < len(self.firsts) else None,
                    firsts[at + 1] if at is not None and at + 1 < len(firsts) else None)
            same.append(at if at is not None and at not in touched and (at == 0) == (number == 0)
                        and ends[0] == ends[1] else None)
        for number, at in enumerate(same):
            if at is not None and (number == 0 or same[number - 1] is not None):
                for fmt in FORMATS:
                    if len(keys.get(fmt.name, ())) == len(firsts):
                        self.kept[fmt.name][number] = keys[fmt.name][at]

    def write(self, fmt: Format, output: BinaryIO) -> int:
        """The dump of `fmt` into `output` (a binary file); returns the size of its text."""
        return pieces.write(self._pieces(fmt), output)

    def keep(self) -> None:
        """Keep the list of runs and their pieces' keys for the next build, once every dump is
        written; remove the pieces of runs gone by."""
        if not self.dataset.state or any(len(self.keys[fmt.name]) != len(self.starts) for fmt in FORMATS):
            return
        listed = (_VERSION, self.common, self.dataset.state, self.firsts, self.keys)
        kept.write_bytes(self.folder / LIST, marshal.dumps(listed))
        pieces.keep_only(self.folder, {key for keys in self.keys.values() for key in keys})

    def _pieces(self, fmt: Format) -> Iterator[pieces.Piece]:
        opening, close = self._frame(fmt)
        if not self.starts:
            yield pieces.make(self._empty(fmt), b"")
            return
        yield pieces.make(opening, b"")
        previous: bytes | None = opening  # the text before the next piece; None: read back, not made
        for number, key in enumerate(self.kept[fmt.name]):
            piece = pieces.read(self.folder, key) if key is not None else None
            text = None
            if piece is None:
                if previous is None:  # the piece before was read back: its run's text is made again
                    previous = self._text(fmt, number - 1)
                text = self._text(fmt, number)
                piece = pieces.make(text, previous)
                key = self._key(fmt, number)
                pieces.keep(self.folder, key, piece)
            self.keys[fmt.name].append(key)
            yield piece
            previous = text
        yield pieces.make(close, b"")

    def _key(self, fmt: Format, number: int) -> str:
        """A new piece's key: what it is made from is the dataset of this state."""
        summed = hashlib.blake2b(self.common + self.dataset.state, digest_size=16)
        summed.update(f"{fmt.name}\0{number == 0}\0{self.firsts[number]}".encode("utf-8"))
        return summed.hexdigest()

    def _frame(self, fmt: Format) -> tuple[bytes, bytes]:
        """What the dump opens and ends with, around its runs."""
        if fmt is JSONLD:
            return (serialize.jsonld_head(self.project) + serialize.JSONLD_OPEN).encode("utf-8"), \
                serialize.JSONLD_CLOSE.encode("utf-8")
        return (self._header if fmt is TURTLE else b""), b""

    def _empty(self, fmt: Format) -> bytes:
        """The dump of a dataset of no triples."""
        if fmt is JSONLD:
            return (serialize.jsonld_head(self.project) + serialize.JSONLD_EMPTY).encode("utf-8")
        return ox.serialize([], format=fmt.oxigraph, prefixes=self.prefixes) if fmt is TURTLE else b""

    def _text(self, fmt: Format, number: int) -> bytes:
        end = self.starts[number + 1] if number + 1 < len(self.starts) else len(self.dataset.merged)
        triples = self.dataset.merged[self.starts[number]:end]
        if fmt is JSONLD:
            between = serialize.JSONLD_BETWEEN
            nodes = serialize.jsonld_nodes(triples, self.project)
            if number == 0:
                return between.join(nodes).encode("utf-8")
            return "".join(between + node for node in nodes).encode("utf-8")
        if fmt is NTRIPLES:
            return ox.serialize(oxigraph(triples), format=NTRIPLES.oxigraph)
        text = ox.serialize(oxigraph(triples), format=TURTLE.oxigraph, prefixes=self.prefixes)
        if not text.startswith(self._header):
            raise ValueError(f"the Turtle of the run from {self.firsts[number]} does not open with the prefixes")
        return text[len(self._header):]

    @functools.cached_property
    def _header(self) -> bytes:
        return serialize.prefix_lines(TURTLE, self.project)


def _runs(triples: list) -> tuple[list[int], list[str]]:
    """Where each run starts among the sorted `triples`, and its first subject's N-Triples form."""
    starts: list[int] = []
    firsts: list[str] = []
    last = None
    for at, triple in enumerate(triples):
        subject = triple.subject
        if subject is last or subject == last:
            continue
        last = subject
        text = str(subject)
        if not starts or zlib.crc32(text.encode("utf-8")) % RUN == 0:
            starts.append(at)
            firsts.append(text)
    return starts, firsts


def _read_list(path: Path) -> tuple[bytes, bytes, list[str], dict[str, list[str]]] | None:
    """The kept list (common, state, first subjects, keys by format), if whole and of this layout."""
    try:
        version, common, state, firsts, keys = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if version != _VERSION or not isinstance(firsts, list) or not isinstance(keys, dict):
        return None
    return common, state, firsts, keys
