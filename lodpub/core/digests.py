"""What lodpub's outputs are made from besides a project's files: its settings, lodpub's own
files and the installed packages, as digests. They key what is kept between runs: the data
each seed gives (extract/cache.py) and the build served (build/inputs.py, build/products.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

from ..config import Project
from . import packed

PACKAGE = Path(__file__).resolve().parent.parent


def settings(project: Project) -> dict:
    """Every field of the project, as keys read them: where the project lies does not reach what
    is made from it, so a copy of it reuses the same builds (paths relative to its folder)."""
    found = {field.name: _setting(getattr(project, field.name), project.root) for field in dataclasses.fields(project)}
    found.update(vocab=project.vocab, data_base=project.data_base)
    return found


def code() -> bytes:
    """A digest of every file of lodpub (modules, templates, static files) and of the name and
    version of every installed distribution, of zlib-ng and of Python: a library that parses, serialises,
    validates, renders or indexes may change the output with nothing else changed."""
    summed = hashlib.sha256()
    distributions = sorted({(d.metadata["Name"] or "", d.version) for d in metadata.distributions()})
    # What compresses the dumps (packed.py) is in a package's binary, whose version may not say it.
    summed.update(json.dumps([sys.version, packed.VERSION, distributions]).encode("utf-8"))
    for path in files(PACKAGE):
        summed.update(f"{path.relative_to(PACKAGE).as_posix()}\0".encode("utf-8") + file_digest(path))
    return summed.digest()


def files(folder: Path) -> list[Path]:
    """Every file under `folder`, in a fixed order; none of Python's byte code."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found.extend(Path(parent) / name for name in names if not name.endswith(".pyc"))
    return sorted(found)


def file_digest(path: Path) -> bytes:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").digest()


def _setting(value, root: Path):
    if isinstance(value, Path):
        return value.relative_to(root).as_posix() if value.is_relative_to(root) and value != root else ""
    return value
