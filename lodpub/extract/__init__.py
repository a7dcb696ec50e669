"""seeds/ -> data/: one Turtle file per seed, each written whole or not at all.

A batch reads every seed: a seed that cannot be read is refused (and its old data file, if any,
left as it was), the others are written.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..config import Project
from ..core import packed, serialize
from ..errors import UserError, display_path
from . import answer, seeds, to_rdf
from .cache import Kept


@dataclass(frozen=True, eq=False)
class Output:
    path: Path
    held: bytes | None  # its Turtle, compressed (`text`); None: the data file holds that Turtle already
    seed: Path
    responses: int
    findings: int
    statements: int = 0
    warnings: tuple[str, ...] = ()  # "seeds/X.txt:12: ...", one per thing left out or uncertain

    @property
    def text(self) -> str:
        """The Turtle the seed gives. The outputs of a batch are held until all are written, and
        their text took 5.2 GB at 100,000 answers: each is held compressed, at the level that
        compresses fastest (a fifth of its size), or, when the cache found the data file to be
        that Turtle already, not at all."""
        if self.held is None:
            return self.path.read_text(encoding="utf-8")
        return packed.unpack(self.held).decode("utf-8")

    @property
    def written(self) -> bool:
        """The data file is this output already (cache.py checked it, byte for byte)."""
        return self.held is None

    def __eq__(self, other) -> bool:
        if not isinstance(other, Output):
            return NotImplemented
        return self._fields() == other._fields() and self.text == other.text

    def __hash__(self) -> int:
        return hash(self._fields())

    def _fields(self) -> tuple:
        return (self.path, self.seed, self.responses, self.findings, self.statements, self.warnings)


# Outputs are held at the level that compresses fastest: 600 MB/s, a fifth of the text's size.
HELD = 1


def hold(text: str) -> bytes:
    return packed.pack(text.encode("utf-8"), HELD)


@dataclass(frozen=True)
class Batch:
    outputs: list[Output]  # the seeds read, in seed order
    refused: list[UserError]  # the seeds that could not be (or, with strict, were not cleanly) read
    seeds: list[Path]  # every seed of the batch

# Below this many seeds, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def extract(project: Project, names: list[str] | None = None, workers: int | None = None,
            strict: bool = False, cache: bool = True) -> Batch:
    """The data file each seed gives, in memory, and the seeds refused, each with its reason.

    Seeds are independent, so they are extracted on all cores once there are enough of them.
    With `cache`, a seed whose output is kept (cache.py: its text, sidecar, the settings and the
    code unchanged, its data file still that output) is not read again; the outputs are the
    same either way. With `strict`, a seed read with warnings is refused, its warnings the reason.
    """
    paths = seeds.find(project.seeds, names)
    kept = Kept(project)
    found = {path: kept.get(path) for path in paths} if cache else {}
    todo = [path for path in paths if found.get(path) is None]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(todo) >= PARALLEL_FROM:
        with ProcessPoolExecutor(workers) as pool:
            read = list(pool.map(_extract_one, todo, [project] * len(todo), chunksize=32))
    else:
        read = [_extract_one(path, project) for path in todo]
    for result in read:
        if isinstance(result, Output):
            kept.put(result)
    if names is None:
        kept.keep_only(paths)
    fresh = iter(read)
    results = [found.get(path) or next(fresh) for path in paths]
    outputs: list[Output] = []
    refused: list[UserError] = []
    for result in results:
        if isinstance(result, UserError):
            refused.append(result)
        elif strict and result.warnings:
            refused.append(UserError(
                "refused with --strict, for its warnings:\n  " + "\n  ".join(result.warnings), result.seed
            ))
        else:
            outputs.append(result)
    return Batch(outputs, refused, paths)


def _extract_one(path: Path, project: Project) -> Output | UserError:
    try:
        seed = seeds.read(path)
        extraction = answer.extract(seed)
    except UserError as error:
        return error
    triples = to_rdf.graph(extraction, seed, project)
    where = display_path(path)
    return Output(
        path=project.data / f"{seed.name}.ttl",
        held=hold(turtle(triples, seed, project)),
        seed=path,
        responses=len(extraction.answer.responses) if extraction.answer else 0,
        findings=len(extraction.answer.findings) if extraction.answer else 0,
        statements=len(extraction.answer.statements) if extraction.answer else 0,
        warnings=tuple(f"{where}:{w.line}: {w.message}" if w.line else f"{where}: {w.message}" for w in extraction.warnings),
    )


def turtle(triples: list[ox.Triple], seed: seeds.Seed, project: Project) -> str:
    """Sorted triples as Turtle: prefixes sorted, a blank line before each subject, for review."""
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=serialize.prefixes(project)).decode("utf-8")
    prefixes, statements = [], []
    for line in body.splitlines():
        if line.startswith("@prefix"):
            prefixes.append(line)
        elif line.startswith("\t"):
            statements.append("    " + line[1:])
        else:
            # Oxigraph writes one statement per line (newlines in literals are escaped) and
            # starts each subject at the margin.
            statements += ["", line]
    header = [
        f"# Generated by `lodpub extract` from seeds/{seed.path.name}; do not edit.",
        "# Change the extractor or the seed and run `lodpub extract` again.",
        "",
    ]
    return "\n".join(header + sorted(prefixes) + statements) + "\n"


def stale(project: Project, outputs: list[Output], complete: bool, seeds_read: list[Path] | None = None) -> list[Path]:
    """Data files that differ from `outputs`, and (for a complete run) ones no seed makes."""
    changed = [
        o.path for o in outputs
        if not o.written and (not o.path.is_file() or o.path.read_text(encoding="utf-8") != o.text)
    ]
    if complete:
        changed += orphans(project, outputs, seeds_read)
    return sorted(changed)


def orphans(project: Project, outputs: list[Output], seeds_read: list[Path] | None = None) -> list[Path]:
    """Data files whose seed is gone (a refused seed's file is not an orphan: its seed is there)."""
    made = {o.path for o in outputs} | {project.data / f"{p.stem}.ttl" for p in seeds_read or []}
    return sorted(p for p in project.data.glob("*.ttl") if p not in made)


def write(project: Project, outputs: list[Output], complete: bool, seeds_read: list[Path] | None = None) -> list[Path]:
    """Write every output that its data file is not already (and, for a complete run, remove
    orphans); each file whole or not at all.

    Each file is written beside its target and renamed into place only once all are written,
    so a failure (a full disk, a kill) leaves data/ as it was rather than half-updated.
    """
    project.data.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for output in outputs:
            if output.written:
                continue
            fd, tmp = tempfile.mkstemp(dir=project.data, prefix=f".{output.path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(output.text)
            staged.append((tmp, output.path))
    except OSError as error:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise UserError(f"cannot write data: {error}", project.data) from None
    for tmp, target in staged:
        os.replace(tmp, target)
    removed = orphans(project, outputs, seeds_read) if complete else []
    for path in removed:
        path.unlink()
    return removed

