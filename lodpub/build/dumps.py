"""Whole-dataset downloads: every syntax, gzip copies, checksums."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import json
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import lifeline
from ..core import layout, serialize
from ..core.dataset import Dataset
from ..core.formats import BY_NAME, JSONLD, NQUADS, NTRIPLES, TRIG, TURTLE, Format


@dataclass(frozen=True)
class Dump:
    """A file written under dumps/: what it is, for the dataset description."""

    path: str  # relative to build/, e.g. "dumps/ftsvar.ttl"
    format: Format
    size: int
    sha256: str
    compressed: bool
    title_en: str
    title_da: str


def write(dataset: Dataset, shapes_turtle: bytes, out: Path) -> list[Dump]:
    """Write dumps/ under `out`; returns each file written, in a fixed order.

    One dump at a time is made and written; its gzip copy and both checksums are made from the
    file, in a thread, while the next dump is serialised: at no point are all dumps in memory.
    """
    project = dataset.project
    folder = out / "dumps"
    folder.mkdir(parents=True, exist_ok=True)
    name = project.name
    triples = dataset.triples()
    vocabulary = dataset.graph(dataset.vocabulary_graph)
    prefixes = serialize.prefixes(project)

    def rdf(items, fmt: Format, **options) -> Callable[[Path], None]:
        return lambda path: ox.serialize(items, output=path, format=fmt.oxigraph, **options)

    files: list[tuple[str, Format, Callable[[Path], None], str, str]] = [
        (f"{name}.ttl", TURTLE, rdf(triples, TURTLE, prefixes=prefixes), "all data, Turtle", "alle data, Turtle"),
        (f"{name}.nt", NTRIPLES, rdf(triples, NTRIPLES), "all data, N-Triples (sorted)", "alle data, N-Triples (sorteret)"),
        (f"{name}.nq", NQUADS, lambda path: ox.serialize(dataset.quads(), output=path, format=NQUADS.oxigraph), "all data by source graph, N-Quads", "alle data pr. kildegraf, N-Quads"),
        (f"{name}.trig", TRIG, lambda path: ox.serialize(dataset.quads(), output=path, format=TRIG.oxigraph, prefixes=prefixes), "all data by source graph, TriG", "alle data pr. kildegraf, TriG"),
        (f"{name}.jsonld", JSONLD, lambda path: serialize.write_jsonld(triples, project, path), "all data, JSON-LD", "alle data, JSON-LD"),
        ("vocab.ttl", TURTLE, rdf(vocabulary, TURTLE, prefixes=prefixes), "the vocabulary and concept schemes, Turtle", "ordforrådet og begrebssystemerne, Turtle"),
        ("shapes.ttl", TURTLE, lambda path: path.write_bytes(shapes_turtle), "the SHACL shapes, Turtle", "SHACL-formerne, Turtle"),
    ]
    context = (json.dumps(serialize.context(project), indent=1) + "\n").encode("utf-8")
    (folder / "context.jsonld").write_bytes(context)
    (out / "context.jsonld").write_bytes(context)

    # zlib lets go of the GIL while it compresses, so the copies are made beside the next dump.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        packing = []
        for filename, _, make, _, _ in files:
            path = folder / filename
            make(path)
            packing.append(pool.submit(_pack, path))
        packed = [job.result() for job in packing]
    dumps: list[Dump] = []
    for (filename, fmt, _, title_en, title_da), sums in zip(files, packed):
        for (size, sha256), compressed in zip(sums, (False, True)):
            dumps.append(Dump(
                path=f"dumps/{filename}" + (".gz" if compressed else ""), format=fmt, size=size, sha256=sha256,
                compressed=compressed, title_en=title_en + (" (gzip)" if compressed else ""),
                title_da=title_da + (" (gzip)" if compressed else ""),
            ))
    sums = "".join(f"{d.sha256}  {Path(d.path).name}\n" for d in sorted(dumps, key=lambda d: d.path))
    (folder / layout.DUMP_SUMS).write_text(sums, encoding="utf-8")
    return dumps


def start(dataset: Dataset, shapes_turtle: bytes, out: Path) -> tuple[multiprocessing.Process, object]:
    """Start `write` in a forked process, which shares the dataset instead of receiving a copy,
    so that the build writes listings and reference pages meanwhile on the other core; `finish`
    waits for it. It ends with the build, however that ends (lifeline)."""
    fork = multiprocessing.get_context("fork")
    receiving, sending = fork.Pipe(duplex=False)
    process = fork.Process(target=_write_and_send, args=(sending, os.getpid(), dataset, shapes_turtle, out), daemon=True)
    process.start()
    sending.close()
    return process, receiving


def finish(writing: tuple[multiprocessing.Process, object]) -> list[Dump]:
    """The dumps `start` wrote; what went wrong in its process, raised here."""
    process, receiving = writing
    try:
        outcome, value = receiving.recv()
    except EOFError:  # it died without a word
        outcome, value = "failed", OSError(f"the dump writer ended with exit status {process.exitcode}")
    finally:
        receiving.close()
        process.join()
    if outcome == "failed":
        raise value
    # Sent with each format by name: an Oxigraph format object does not pickle.
    return [Dump(**{**fields, "format": BY_NAME[fields["format"]]}) for fields in value]


def stop(writing: tuple[multiprocessing.Process, object]) -> None:
    """End the writing; for a build that failed."""
    process, receiving = writing
    if process.is_alive():
        process.kill()
    process.join()
    receiving.close()


def _write_and_send(sending, owner: int, dataset: Dataset, shapes_turtle: bytes, out: Path) -> None:
    lifeline.end_with(owner)
    try:
        written = write(dataset, shapes_turtle, out)
        fields = [{f.name: getattr(d, f.name) for f in dataclasses.fields(d)} for d in written]
        sending.send(("done", [{**each, "format": each["format"].name} for each in fields]))
    except Exception as error:  # noqa: BLE001 - raised again in the build's process
        try:
            sending.send(("failed", error))
        except Exception:  # noqa: BLE001 - an error that does not pickle goes as its text
            sending.send(("failed", OSError(str(error))))


_BLOCK = 1 << 20


def _pack(path: Path) -> tuple[tuple[int, str], tuple[int, str]]:
    """Write path.gz beside `path`; the size and sha256 of each, read as they are written."""
    plain, packed = hashlib.sha256(), _Hashing(path.with_name(path.name + ".gz").open("wb"))
    size = 0
    with path.open("rb") as source, packed, _gzip_writer(packed) as target:
        for block in iter(lambda: source.read(_BLOCK), b""):
            plain.update(block)
            size += len(block)
            target.write(block)
    return (size, plain.hexdigest()), (packed.size, packed.digest.hexdigest())


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


def _gzip_writer(handle) -> gzip.GzipFile:
    """gzip with no name and mtime 0, so the same input gives the same bytes.

    Level 6 (gzip's own default): on the N-Triples dump, half the time of level 9 for 2% more bytes.
    """
    return gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0, compresslevel=6)
