"""Everything a build is made from, as one digest.

The build is deterministic: the same inputs give the same files, byte for byte. So when the
digest is the one recorded for the build served now, a new build would come out the same,
and `lodpub build` keeps the one it has (build/__init__.py). At 10,000 answers that is about a
second spent reading and hashing files, where making the same build again took a hundred.

What goes in: every setting of the project (core/digests.py: paths relative to its folder),
each file the build reads (data/*.ttl, data/reference/*.ttl, ontology/*.ttl, shapes/*.ttl,
through symbolic links as the build reads them; a file that cannot be read counts as such, and
the build says why when it reads it), the date the build is told to use (SOURCE_DATE_EPOCH),
the validation engine, and lodpub's own files and the installed packages (core/digests.py). A
file in build/ changed or removed by hand is not noticed; `lodpub build --no-cache` makes
everything again.
"""

from __future__ import annotations

import hashlib
import json

from ..config import Project
from ..core import dataset, digests


def digest(project: Project, source_date_epoch: str | None, engine: str) -> str:
    """The digest of everything the build of `project` is made from (hex)."""
    summed = hashlib.sha256(digests.code())
    summed.update(json.dumps(
        [digests.settings(project), source_date_epoch or "", engine], sort_keys=True, default=str,
    ).encode("utf-8"))
    read = [(graph, path) for graph, paths in dataset.sources(project) for path in paths]
    read += [("shapes", path) for path in sorted(project.shapes.glob("*.ttl"))]
    for label, path in read:
        summed.update(f"{label}\0{path.name}\0".encode("utf-8"))
        try:
            summed.update(digests.file_digest(path))
        except OSError:  # the build reads it too, and stops there with a message
            summed.update(b"unread")
    return summed.hexdigest()
