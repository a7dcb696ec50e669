"""The dumps by source graph (N-Quads, TriG), written one graph after another from pieces kept
between builds (pieces.py).

Each graph's piece is its quads in that syntax, sorted, and the dump is made of the pieces in the
order of the graphs' names. A piece refers to the text before it, the previous graph's, so it
depends on its graph and the graph before it: the files they are read from, the project's
settings and lodpub with the libraries it runs on. It is kept under .cache/dumps by a digest of
those, the graphs' being of the bytes the load parsed (core/dataset.py): when one answer
changed, two pieces of each dump are made again (its graph's and the next one's) and the rest
are read back, where writing the two dumps anew took a third of the dump writer's time.

The graphs come whole, one after the other: a TriG dump has one block per graph (in the order
of triples it had one per run of a graph's triples, tens of thousands at 1,000 answers).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from . import pieces
from ..core import serialize
from ..core.dataset import Dataset
from ..core.formats import NQUADS, TRIG, Format

CACHE = Path(".cache") / "dumps"
FORMATS = (NQUADS, TRIG)
_VERSION = b"2"  # of a kept piece's layout: a piece of another layout is not read


class Pieces:
    """Each graph's piece of each dump by graph: kept ones read back, the others made and kept."""

    def __init__(self, dataset: Dataset, cache: bool):
        project = dataset.project
        self.dataset = dataset
        self.cache = cache
        self.folder = project.root / CACHE
        self.prefixes = serialize.prefixes(project)
        common = pieces.common(_VERSION, project)
        # In the order N-Quads writes the graphs' names in.
        self.graphs = sorted(dataset.sources, key=lambda graph: f"<{graph}>")
        self.before = dict(zip(self.graphs[1:], self.graphs))  # each graph's predecessor
        own: dict[str, bytes] = {}
        for graph in self.graphs:
            summed = common.copy()
            summed.update(graph.encode("utf-8") + b"\0" + dataset.read[graph])
            own[graph] = summed.digest()
        # A piece's key: what its graph and the graph before it are made from (see above).
        self.keys: dict[tuple[str, str], str] = {}
        for fmt in FORMATS:
            for graph in self.graphs:
                previous = own[self.before[graph]] if graph in self.before else b""
                key = hashlib.blake2b(fmt.name.encode("utf-8") + own[graph] + previous, digest_size=16)
                self.keys[fmt.name, graph] = key.hexdigest()
        self._triples: dict[str, list] | None = None

    def write(self, fmt: Format, output: BinaryIO) -> int:
        """The dump of `fmt` into `output` (a binary file): the gzip member of every graph's
        piece. Returns the size of the text it holds."""
        return pieces.write(self._pieces(fmt), output)

    def keep_only(self) -> None:
        """Remove the kept pieces of graphs and builds gone by, so the folder does not grow."""
        pieces.keep_only(self.folder, set(self.keys.values()))

    def _pieces(self, fmt: Format) -> Iterator[pieces.Piece]:
        previous: bytes | None = b""  # the text before the next piece; None: not made
        if fmt is TRIG:
            # Every piece of TriG opens with the prefixes, written once at the dump's start.
            previous = self._header
            yield pieces.make(previous, b"")
        for graph in self.graphs:
            key = self.keys[fmt.name, graph]
            piece = pieces.read(self.folder, key) if self.cache else None
            text = None
            if piece is None:
                if previous is None:  # the piece before was kept: its graph's text is made again
                    previous = self._text(fmt, self.before[graph])
                text = self._text(fmt, graph)
                piece = pieces.make(text, previous)
                pieces.keep(self.folder, key, piece)
            if piece.size:
                yield piece
            previous = text

    def _text(self, fmt: Format, graph: str) -> bytes:
        name = ox.NamedNode(graph)
        quads = (ox.Quad(t.subject, t.predicate, t.object, name) for t in self._triples_of(graph))
        if fmt is NQUADS:
            return ox.serialize(quads, format=NQUADS.oxigraph)
        text = ox.serialize(quads, format=TRIG.oxigraph, prefixes=self.prefixes)
        header = self._header
        if text and not text.startswith(header):
            raise ValueError(f"the TriG of {graph} does not open with the prefixes of the others")
        return text[len(header):] if text else text

    @functools.cached_property
    def _header(self) -> bytes:
        return serialize.prefix_lines(TRIG, self.dataset.project)

    def _triples_of(self, graph: str) -> list:
        """The graph's triples, sorted. Picked out in one pass over the dataset, the first time a
        piece is to be made, for every graph whose pieces are not kept and the graph before each:
        a rebuild that makes a few pieces makes that pass once."""
        if self._triples is None:
            wanted = {g for g in self.graphs if not self._all_kept(g)} if self.cache else set(self.graphs)
            wanted |= {self.before[g] for g in wanted if g in self.before}
            found: dict[str, list] = {g: [] for g in wanted}
            for triple, graphs in zip(self.dataset.merged, self.dataset.graphs):
                for one in (graphs,) if isinstance(graphs, str) else graphs:
                    if one in found:
                        found[one].append(triple)
            self._triples = found
        if graph not in self._triples:  # a kept piece that went missing since: read it out alone
            self._triples[graph] = self.dataset.graph(graph)
        return self._triples[graph]

    def _all_kept(self, graph: str) -> bool:
        return all((self.folder / f"{self.keys[fmt.name, graph]}.piece").is_file() for fmt in FORMATS)
