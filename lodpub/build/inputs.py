"""Everything a build is made from, as one digest.

The build is deterministic: the same inputs give the same files, byte for byte. So when the
digest is the one recorded for the build served now, a new build would come out the same,
and `lodpub build` keeps the one it has (build/__init__.py). At 10,000 answers that is about a
second spent reading and hashing files, where making the same build again took a hundred.

What goes in: every setting of the project (as products.py keys them: paths relative to its
folder), every file under data/ (data/reference/ with it), ontology/ and shapes/, the date the
build is told to use (SOURCE_DATE_EPOCH), the validation engine, every file of lodpub itself
(modules, templates, static files), and the name and version of every installed distribution
and of Python: a library that serialises, validates, renders or indexes otherwise may change
the output with nothing else changed. A file in build/ changed or removed by hand is not
noticed; `lodpub build --no-cache` makes everything again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

from ..config import Project
from . import products

_PACKAGE = Path(__file__).resolve().parent.parent


def digest(project: Project, source_date_epoch: str | None, engine: str) -> str:
    """The digest of everything the build of `project` is made from (hex)."""
    summed = hashlib.sha256()
    distributions = sorted({(d.metadata["Name"] or "", d.version) for d in metadata.distributions()})
    summed.update(json.dumps(
        [products.settings(project), source_date_epoch or "", engine, sys.version, distributions], sort_keys=True, default=str,
    ).encode("utf-8"))
    folders = {"data": project.data, "ontology": project.ontology, "shapes": project.shapes, "lodpub": _PACKAGE}
    for name, folder in folders.items():
        for path in _files(folder):
            summed.update(f"{name}/{path.relative_to(folder).as_posix()}\0".encode("utf-8"))
            with path.open("rb") as file:
                summed.update(hashlib.file_digest(file, "sha256").digest())
    return summed.hexdigest()


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, in a fixed order; none of Python's byte code."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found.extend(Path(parent) / name for name in names if not name.endswith(".pyc"))
    return sorted(found)

