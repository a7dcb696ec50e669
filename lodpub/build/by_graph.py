"""The dumps by source graph (N-Quads, TriG), written one graph after another from pieces kept
between builds.

Each graph's piece is its quads in that syntax, sorted, compressed apart (packed.py: raw deflate
flushed to a byte boundary), and the dump is one gzip member made of the pieces in the order of
the graphs' names, as pigz joins the blocks it compresses apart. As in pigz, a piece may refer
to the end of the text before it, the previous graph's: compressed with nothing before them the
pieces made the dumps 40 % larger. So a piece depends on its graph and the graph before it:
the files they are read from, the project's settings and lodpub with the libraries it runs on.
It is kept under .cache/dumps by a digest of those, the graphs' being of the bytes the load
parsed (core/dataset.py): when one answer changed, two pieces of each dump are made again (its
graph's and the next one's) and the rest are read back, where writing the two dumps anew took a
third of the dump writer's time. A dump made of kept pieces is the
same file, byte for byte, as one made from nothing.

The graphs come whole, one after the other: a TriG dump has one block per graph (in the order
of triples it had one per run of a graph's triples, tens of thousands at 1,000 answers).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..core import digests, kept, packed, serialize
from ..core.dataset import Dataset
from ..core.formats import NQUADS, TRIG, Format

CACHE = Path(".cache") / "dumps"
FORMATS = (NQUADS, TRIG)
_VERSION = b"2"  # of a kept piece's layout: a piece of another layout is not read


@dataclass(frozen=True)
class Piece:
    deflated: bytes
    crc: int  # of the text
    size: int  # of the text


class Pieces:
    """Each graph's piece of each dump by graph: kept ones read back, the others made and kept."""

    def __init__(self, dataset: Dataset, cache: bool):
        project = dataset.project
        self.dataset = dataset
        self.cache = cache
        self.folder = project.root / CACHE
        self.prefixes = serialize.prefixes(project)
        common = hashlib.blake2b(_VERSION + digests.code(), digest_size=16)
        common.update(json.dumps(digests.settings(project), sort_keys=True, default=str).encode("utf-8"))
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
        output.write(packed.HEADER)
        crc, size = 0, 0
        for piece in self._pieces(fmt):
            output.write(piece.deflated)
            crc = packed.crc_joined(crc, piece.crc, piece.size)
            size += piece.size
        output.write(packed.trailer(crc, size))
        return size

    def keep_only(self) -> None:
        """Remove the kept pieces of graphs and builds gone by, so the folder does not grow."""
        wanted = {f"{key}.piece" for key in self.keys.values()}
        try:
            for path in self.folder.glob("*"):
                if path.name not in wanted:
                    path.unlink(missing_ok=True)
        except OSError:
            pass

    def _pieces(self, fmt: Format) -> Iterator[Piece]:
        previous: bytes | None = b""  # the text before the next piece; None: not made
        if fmt is TRIG:
            # Every piece of TriG opens with the prefixes, written once at the dump's start.
            previous = self._header
            yield _piece(previous, b"")
        for graph in self.graphs:
            key = self.keys[fmt.name, graph]
            piece = self._read(key) if self.cache else None
            text = None
            if piece is None:
                if previous is None:  # the piece before was kept: its graph's text is made again
                    previous = self._text(fmt, self.before[graph])
                text = self._text(fmt, graph)
                piece = _piece(text, previous)
                self._keep(key, piece)
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
        """The prefix lines pyoxigraph opens TriG with (it writes them with the first quad)."""
        sample = ox.Quad(*(ox.NamedNode(f"urn:x:{name}") for name in "spog"))
        text = ox.serialize([sample], format=TRIG.oxigraph, prefixes=self.prefixes)
        header = bytearray()
        for line in text.splitlines(keepends=True):
            if not line.startswith(b"@prefix "):
                break
            header += line
        return bytes(header)

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

    def _read(self, key: str) -> Piece | None:
        """The piece kept under `key`, if it is there whole: a damaged one is made again."""
        try:
            data = (self.folder / f"{key}.piece").read_bytes()
        except OSError:
            return None
        # A digest of all that follows it: the text's CRC and size, then its compressed bytes.
        digest, rest = data[:32], data[32:]
        if len(rest) < 24 or digest != hashlib.blake2b(rest, digest_size=32).digest():
            return None
        return Piece(rest[24:], int.from_bytes(rest[:4], "little"), int.from_bytes(rest[4:24], "little"))

    def _keep(self, key: str, piece: Piece) -> None:
        rest = piece.crc.to_bytes(4, "little") + piece.size.to_bytes(20, "little") + piece.deflated
        kept.write_bytes(self.folder / f"{key}.piece", hashlib.blake2b(rest, digest_size=32).digest() + rest)


def _piece(text: bytes, before: bytes) -> Piece:
    return Piece(packed.deflate_piece(text, before) if text else b"", packed.crc(text), len(text))

