"""Everything a build is made from, as one digest.

The build is deterministic: the same inputs give the same files, byte for byte. So when the
digest is the one recorded for the build served now, a new build would come out the same,
and `lodpub build` keeps the one it has (build/__init__.py). At 10,000 answers that is about a
second spent reading and hashing files, where making the same build again took a hundred.

What goes in: every setting of the project (core/digests.py: paths relative to its folder),
every file under data/ (data/reference/ with it), ontology/ and shapes/, the date the build is
told to use (SOURCE_DATE_EPOCH), the validation engine, and lodpub's own files and the
installed packages (core/digests.py). A file in build/ changed or removed by hand is not
noticed; `lodpub build --no-cache` makes everything again.
"""

from __future__ import annotations

import hashlib
import json

from ..config import Project
from ..core import digests


def digest(project: Project, source_date_epoch: str | None, engine: str) -> str:
    """The digest of everything the build of `project` is made from (hex)."""
    summed = hashlib.sha256(digests.code())
    summed.update(json.dumps(
        [digests.settings(project), source_date_epoch or "", engine], sort_keys=True, default=str,
    ).encode("utf-8"))
    folders = {"data": project.data, "ontology": project.ontology, "shapes": project.shapes}
    for name, folder in folders.items():
        for path in digests.files(folder):
            summed.update(f"{name}/{path.relative_to(folder).as_posix()}\0".encode("utf-8") + digests.file_digest(path))
    return summed.hexdigest()
