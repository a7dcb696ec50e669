"""Whole-dataset downloads: every syntax, gzip copies, checksums."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from .. import lifeline
from . import by_graph, by_subject
from ..core import layout, packed, serialize
from ..core.dataset import Dataset
from ..core.formats import BY_NAME, JSONLD, NQUADS, NTRIPLES, TRIG, TURTLE, Format
from ..core.statistics import Statistics, statistics
from ..core.triples import oxigraph


@dataclass(frozen=True)
class Dump:
    """A file written under dumps/, gzip-compressed: what it is, for the dataset description."""

    path: str  # relative to build/, e.g. "dumps/ftsvar.ttl.gz"
    format: Format
    size: int  # of the file, compressed
    sha256: str  # of the file, compressed: what SHA256SUMS lists
    unpacked_size: int
    title_en: str
    title_da: str

    @property
    def unpacked(self) -> str:
        """The name it is also served at, unpacked (hosting.py, serve/app.py): dumps/ftsvar.ttl."""
        return self.path.removesuffix(layout.PACKED)


def write(
    dataset: Dataset, shapes_turtle: bytes, out: Path, written: Callable[[str], None] = lambda path: None,
    cache: bool = True,
) -> list[Dump]:
    """Write dumps/ under `out`; returns each file written, in a fixed order. `written` is called
    with each file's path (relative to `out`) once it is complete; the N-Quads dump first.

    The whole-dataset dumps are made of pieces kept between builds and read back with `cache`,
    made anew and kept again without: each run of subjects' (Turtle, N-Triples, JSON-LD:
    by_subject.py), each graph's (N-Quads, TriG: by_graph.py). Each is written compressed only:
    at 10,000 answers the five syntaxes are 2 GB as text and 130 MB as gzip, and servers send the
    text from the gzip file (hosting.py, serve/app.py). The vocabulary and the shapes are small:
    serialised into a pipe whose other end, a thread, compresses and hashes them.
    """
    project = dataset.project
    folder = out / "dumps"
    folder.mkdir(parents=True, exist_ok=True)
    name = project.name
    vocabulary = dataset.graph(dataset.vocabulary_graph)
    prefixes = serialize.prefixes(project)

    def rdf(items, fmt: Format, **options) -> Callable[[BinaryIO], None]:
        return lambda output: ox.serialize(oxigraph(items), output=output, format=fmt.oxigraph, **options)

    # The whole-dataset dumps are made of pieces kept between builds: of runs of subjects
    # (by_subject.py) or of graphs (by_graph.py); the others are small, and written whole.
    runs, graphs = by_subject.Runs(dataset, cache), by_graph.Pieces(dataset, cache)
    files: list[tuple[str, Format, Callable[[BinaryIO], None] | by_subject.Runs | by_graph.Pieces, str, str]] = [
        (name, TURTLE, runs, "all data, Turtle", "alle data, Turtle"),
        (name, NTRIPLES, runs, "all data, N-Triples (sorted)", "alle data, N-Triples (sorteret)"),
        (name, NQUADS, graphs, "all data by source graph, N-Quads", "alle data pr. kildegraf, N-Quads"),
        (name, TRIG, graphs, "all data by source graph, TriG", "alle data pr. kildegraf, TriG"),
        (name, JSONLD, runs, "all data, JSON-LD", "alle data, JSON-LD"),
        ("vocab", TURTLE, rdf(vocabulary, TURTLE, prefixes=prefixes), "the vocabulary and concept schemes, Turtle", "ordforrådet og begrebssystemerne, Turtle"),
        ("shapes", TURTLE, lambda output: output.write(shapes_turtle), "the SHACL shapes, Turtle", "SHACL-formerne, Turtle"),
    ]
    context = (json.dumps(serialize.context(project), indent=1) + "\n").encode("utf-8")
    (folder / "context.jsonld").write_bytes(context)
    (out / "context.jsonld").write_bytes(context)

    made: dict[int, Dump] = {}
    # The N-Quads dump first: the SPARQL store is made from it while the others are written.
    for number in sorted(range(len(files)), key=lambda n: files[n][1] is not NQUADS):
        stem, fmt, make, title_en, title_da = files[number]
        relative = layout.dump(stem, fmt.extension)
        if isinstance(make, (by_subject.Runs, by_graph.Pieces)):
            with _Hashing((out / relative).open("wb")) as written_file:
                unpacked = make.write(fmt, written_file)
        else:
            with _Packer(out / relative) as packer:
                make(packer)
            written_file, unpacked = packer.packed, packer.size
        made[number] = Dump(
            path=relative, format=fmt, size=written_file.size, sha256=written_file.digest.hexdigest(),
            unpacked_size=unpacked, title_en=title_en, title_da=title_da,
        )
        written(relative)
    graphs.keep_only()
    runs.keep()
    dumps = [made[number] for number in range(len(files))]
    sums = "".join(f"{d.sha256}  {Path(d.path).name}\n" for d in sorted(dumps, key=lambda d: d.path))
    (folder / layout.DUMP_SUMS).write_text(sums, encoding="utf-8")
    return dumps


@dataclass
class Writing:
    """`write` running in a process of its own (`start`), and what it has said so far."""

    process: multiprocessing.Process
    receiving: object  # the pipe's end the process sends on
    listening: threading.Thread | None = None
    outcome: tuple[str, object] | None = None


def start(dataset: Dataset, shapes_turtle: bytes, out: Path, cache: bool = True) -> Writing:
    """Start `write` in a forked process, which shares the dataset instead of receiving a copy,
    so that the build makes its entity pages, listings and reference pages meanwhile; `finish`
    waits for it. It then counts the dataset (core/statistics.py: seconds at 10,000 answers, as
    many as the dumps of a one-answer rebuild) for the build's description and vocabulary page.
    It ends with the build, however that ends (lifeline).

    No thread of this process hears from it until `listen`: the build forks its page writers
    after this, and a fork copies the locks that other threads hold."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    process = fork.Process(
        target=_write_and_send, args=(sending, os.getpid(), dataset, shapes_turtle, out, cache), daemon=True,
    )
    process.start()
    sending.close()
    return Writing(process, receiving)


def listen(writing: Writing, written: Callable[[str], None] | None = None) -> None:
    """Hear from the writing in a thread of this process: `written` is called with each dump's
    path (relative to `out`) once it is complete, the N-Quads dump first, so that the SPARQL
    store is made from it while the others are written. What it said before is kept in the pipe
    and heard now."""
    if writing.listening is None:
        writing.listening = threading.Thread(target=_listen, args=(writing, written), daemon=True)
        writing.listening.start()


def _listen(writing: Writing, written: Callable[[str], None] | None) -> None:
    try:
        while True:
            message, value = writing.receiving.recv()
            if message != "written":
                writing.outcome = (message, value)
                return
            if written is not None:
                written(value)
    except EOFError:  # it died without a word
        writing.process.join()
        writing.outcome = ("failed", OSError(f"the dump writer ended with exit status {writing.process.exitcode}"))
    except Exception as error:  # noqa: BLE001 - `written` failed: raised by `finish`
        writing.outcome = ("failed", error)


def finish(writing: Writing) -> tuple[list[Dump], Statistics]:
    """The dumps `start` wrote, and the dataset's statistics; what went wrong in its process, or
    in `written`, raised here."""
    listen(writing)
    writing.listening.join()
    outcome, value = writing.outcome
    if outcome == "failed" and writing.process.is_alive():
        writing.process.kill()
    writing.process.join()
    writing.receiving.close()
    if outcome == "failed":
        raise value
    # Sent with each format by name: an Oxigraph format object does not pickle.
    written, counts = value
    return [Dump(**{**fields, "format": BY_NAME[fields["format"]]}) for fields in written], counts


def stop(writing: Writing) -> None:
    """End the writing; for a build that failed. `written` is not called after this returns."""
    if writing.process.is_alive():
        writing.process.kill()
    writing.process.join()
    if writing.listening is not None:
        writing.listening.join()  # the pipe is closed now: it sees the end
    writing.receiving.close()


def _write_and_send(sending, owner: int, dataset: Dataset, shapes_turtle: bytes, out: Path, cache: bool) -> None:
    lifeline.end_with(owner)
    try:
        written = write(dataset, shapes_turtle, out, lambda path: sending.send(("written", path)), cache)
        fields = [{f.name: getattr(d, f.name) for f in dataclasses.fields(d)} for d in written]
        # The counts the dataset's description gives, made here too: on this core, not the build's.
        counts = statistics(dataset.project, dataset.triples())
        sending.send(("done", ([{**each, "format": each["format"].name} for each in fields], counts)))
    except Exception as error:  # noqa: BLE001 - raised again in the build's process
        try:
            sending.send(("failed", error))
        except Exception:  # noqa: BLE001 - an error that does not pickle goes as its text
            sending.send(("failed", OSError(str(error))))


_BLOCK = 1 << 20


class _Packer(io.RawIOBase):
    """A binary file that writes `path` as one gzip member (packed.py): what is written to it is
    gathered into blocks, and a thread compresses each and writes it, hashing and counting the
    compressed bytes; `size` counts the bytes written to it. An error in the thread is raised on
    close."""

    def __init__(self, path: Path):
        super().__init__()
        self.size = 0
        self.packed = _Hashing(path.open("wb"))
        self._pending: list[bytes] = []
        self._gathered = 0
        self._blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._compress, daemon=True)
        self._thread.start()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self.size += len(data)
        self._pending.append(data)
        self._gathered += len(data)
        if self._gathered >= _BLOCK:
            self._hand_over(last=False)
        return len(data)

    def _hand_over(self, last: bool) -> None:
        """Hand the text gathered over to the thread in blocks of exactly _BLOCK bytes, the last
        block of the file excepted: zlib-ng's bytes depend on where its input is cut, and a dump's
        must depend on its text alone, not on the sizes its serialiser writes in."""
        if self._failed is not None:
            raise self._failed
        gathered = b"".join(self._pending)
        whole = len(gathered) if last else len(gathered) - len(gathered) % _BLOCK
        for start in range(0, whole, _BLOCK):
            self._blocks.put(gathered[start : start + _BLOCK])
        rest = gathered[whole:]
        self._pending, self._gathered = ([rest] if rest else []), len(rest)

    def _compress(self) -> None:
        ended = False
        try:
            packing = packed.compressor()
            while (block := self._blocks.get()) is not None:
                self.packed.write(packing.compress(block))
            ended = True
            self.packed.write(packing.flush())
        except BaseException as error:  # noqa: BLE001 - raised in the writing thread
            self._failed = error
            while not ended and self._blocks.get() is not None:  # let the writer go on to close
                pass

    def close(self) -> None:
        if self.closed:
            return
        try:
            if self._pending:
                self._hand_over(last=True)
        finally:
            self._blocks.put(None)
            self._thread.join()
            self.packed.close()
            super().close()
        if self._failed is not None:
            raise self._failed


class _Hashing(io.RawIOBase):
    """A binary file that hashes and counts what is written to it."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(data)

    def close(self) -> None:
        self.handle.close()
        super().close()
