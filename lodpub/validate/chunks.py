"""Validating many seeds: chunks cut by the seeds' names, their reports kept on disk by the
sha256 of their inputs, and the worker processes that check them."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rdflib import Graph

from .. import lifeline
from ..config import Project
from ..core import kept
from .report import Part, Report, Result, merge, part_of
from .shacl import DEFAULT_ENGINE, check, engine_version
from .sources import Text, read_text, subject_lines

# Seeds validated together in one SHACL run, on average. pyshacl's cost grows faster than
# the graph, so many small runs (on all cores) beat one large one; each run also holds the
# reference data and the vocabulary, which every seed's nodes point into.
CHUNK = 25
CACHE = Path(".cache") / "validation"
# Reports kept by marshal: at 10,000 answers, merging 418 kept reports took 4.4 s of decoding JSON.
SUFFIX = ".marshal"


def split(seeds: list[Path], size: int) -> list[list[Path]]:
    """Seeds in chunks of about `size`, cut where a seed's name says so.

    After at least size/2 seeds, a chunk ends at a seed whose name hashes to 0 modulo size/2,
    so where chunks end depends on the names, not on positions: adding or removing a seed
    changes only the chunk it falls in (and perhaps the next), and the other chunks' cached
    reports still apply. A chunk never grows past twice `size`.
    """
    shortest = max(1, size // 2)
    modulus = max(1, size - shortest)
    chunks: list[list[Path]] = []
    current: list[Path] = []
    for path in seeds:
        current.append(path)
        mark = int.from_bytes(hashlib.sha256(path.name.encode("utf-8")).digest()[:8], "big")
        if (len(current) >= shortest and mark % modulus == 0) or len(current) >= 2 * size:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def check_chunks(
    project: Project, seeds: list[Path], shared: list[Path], shapes: Graph, chunk: int, workers: int | None, cache: bool,
    engine: str = DEFAULT_ENGINE,
) -> Report:
    """The seeds' report, validated in chunks of about `chunk` seeds (each with the `shared` files)
    on `workers` processes, every chunk's report taken from the cache when its inputs are unchanged."""
    store = _ChunkCache(project, shared, shapes, engine)
    chunks = split(seeds, chunk)
    missing = [n for n, paths in enumerate(chunks) if not (cache and store.has(paths))]
    workers = min(workers or os.cpu_count() or 1, len(missing))
    with contextlib.ExitStack() as stack:
        if workers > 1:
            # Workers end with us, however we end (lifeline); else they would sleep on the queue forever.
            tied = (os.getpid(), _init_worker, shapes, shared, engine)
            pool = stack.enter_context(ProcessPoolExecutor(workers, initializer=lifeline.started_by, initargs=tied))
            fresh = pool.map(_check_chunk, [chunks[n] for n in missing])  # in order, as they are done
        else:
            if missing:
                _init_worker(shapes, shared, engine)  # one chunk to do (a seed changed): no pool to start
            fresh = map(_check_chunk, [chunks[n] for n in missing])
        report = merge(_parts(chunks, set(missing), fresh, store, shapes, shared, engine))
    store.keep_only(chunks)
    return report


def _parts(chunks: list[list[Path]], missing: set[int], fresh: Iterator[Part], store: _ChunkCache, shapes: Graph,
           shared: list[Path], engine: str) -> Iterator[Part]:
    """Every chunk's report, in order, one at a time: those validated now as they come, kept for
    the next build; the others read from the cache, or validated here when what was kept no longer
    reads (removed or damaged since it was found)."""
    ready = False  # this process set up to validate (the shared files read once)
    for number, paths in enumerate(chunks):
        if number in missing:
            part = next(fresh)
            store.put(paths, part)
        else:
            part = store.get(paths)
            if part is None:
                if not ready:
                    _init_worker(shapes, shared, engine)
                    ready = True
                part = _check_chunk(paths)
                store.put(paths, part)
        yield part


class _ChunkCache:
    """Reports of chunks already validated, on disk, keyed by the sha256 of their inputs."""

    def __init__(self, project: Project, shared: list[Path], shapes: Graph, engine: str = DEFAULT_ENGINE):
        import pyshacl
        import rdflib

        self.root = project.root
        self.folder = project.root / CACHE
        common = hashlib.sha256()
        validator = [module.read_bytes() for module in sorted(Path(__file__).parent.glob("*.py"))]
        # (and Python's: marshal writes the reports)
        for part in (engine_version(engine), pyshacl.__version__, rdflib.__version__, sys.version, *validator):
            common.update(part.encode("utf-8") if isinstance(part, str) else part)
            common.update(b"\0")
        # The shapes as validated, whoever loaded them: load_shapes labels their blank nodes
        # canonically, so the same shapes give the same lines in every run.
        for line in sorted(shapes.serialize(format="nt").splitlines()):
            common.update(line.encode("utf-8") + b"\n")
        for path in shared:
            _hash_file(common, path, self.root)
        self.common = common
        self.keys: dict[tuple[Path, ...], str] = {}  # each chunk's files are read and hashed once

    def _key(self, paths: list[Path]) -> str:
        known = self.keys.get(tuple(paths))
        if known is None:
            digest = self.common.copy()
            for path in paths:
                _hash_file(digest, path, self.root)
            known = self.keys[tuple(paths)] = digest.hexdigest()
        return known

    def has(self, paths: list[Path]) -> bool:
        return (self.folder / f"{self._key(paths)}{SUFFIX}").is_file()

    def get(self, paths: list[Path]) -> Part | None:
        try:
            stored = marshal.loads((self.folder / f"{self._key(paths)}{SUFFIX}").read_bytes())
            results = [
                Result(**{**r, "file": self.root / r["file"] if r["file"] else None}) for r in stored["results"]
            ]
            found = [(tuple(identity), node, triples) for identity, node, triples in stored["found"]]
            return Part(conforms=stored["conforms"], results=results, found=found,
                        prefixes=[(prefix, namespace) for prefix, namespace in stored["prefixes"]])
        except (OSError, EOFError, ValueError, KeyError, TypeError):  # absent, or not written by this code: validate again
            return None

    def put(self, paths: list[Path], part: Part) -> None:
        if any(r.file and not r.file.is_relative_to(self.root) for r in part.results):
            return  # located outside the project: not something a cached path can say
        stored = {
            "conforms": part.conforms,
            # Terms as they are, blank node labels included: N-Triples parsers relabel them.
            "found": [[list(identity), node, triples] for identity, node, triples in part.found],
            "prefixes": [list(pair) for pair in part.prefixes],
            "results": [
                {**r.__dict__, "file": r.file.relative_to(self.root).as_posix() if r.file else None}
                for r in part.results
            ],
        }
        kept.write_bytes(self.folder / f"{self._key(paths)}{SUFFIX}", marshal.dumps(stored))


    def keep_only(self, chunks: list[list[Path]]) -> None:
        """Remove the reports of chunks that no longer exist, so the folder does not grow."""
        wanted = {f"{self._key(paths)}{SUFFIX}" for paths in chunks}
        for path in [*self.folder.glob(f"*{SUFFIX}"), *self.folder.glob("*.json")]:  # .json: an earlier layout
            if path.name not in wanted:
                path.unlink(missing_ok=True)


def _hash_file(digest, path: Path, root: Path) -> None:
    digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
    digest.update(path.read_bytes())
    digest.update(b"\0")


_WORKER: dict = {}


def _read(paths: list[Path]) -> tuple[list[Text], dict[str, tuple[Path, int]]]:
    """Each file as N-Triples, and where each subject is written: every file read once."""
    texts, locations = [], {}
    for path in paths:
        try:
            turtle = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            texts.append(read_text(path))  # raises the UserError that names the byte
            continue
        texts.append(read_text(path, turtle))
        for subject, line in subject_lines(turtle).items():
            locations.setdefault(subject, (path, line))
    return texts, locations


def _init_worker(shapes: Graph, shared: list[Path], engine: str = DEFAULT_ENGINE) -> None:
    base, locations = _read(shared)
    _WORKER.update(shapes=shapes, base=base, locations=locations, engine=engine)


def _check_chunk(paths: list[Path]) -> Part:
    texts, locations = _read(paths)
    for subject, where in _WORKER["locations"].items():
        locations.setdefault(subject, where)
    return part_of(check(Text.join([*_WORKER["base"], *texts]), _WORKER["shapes"], locations, _WORKER["engine"]))
