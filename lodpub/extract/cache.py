"""What each seed gave, kept between runs, so that a seed read before is not read again.

Extraction reads a seed's text and sidecar, the project's settings and lodpub's own code (with
the libraries it runs on), nothing else. Each seed's output is kept under .cache/extract/ by the
sha256 of all of those: its counts and warnings, and the sha256 of the Turtle it gave. The
Turtle itself is data/'s file: an output is taken from the cache only while the data file is
still that Turtle, byte for byte, so a data file changed by hand, or removed, has its seed read
again (and `--check` finds it stale). At 10,000 answers, `lodpub extract --check` (which `make
serve` runs first) read every seed in 31 s; with every seed kept, it takes 3.6 s.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Project
from ..core import digests
from ..core import kept
from ..errors import display_path

if TYPE_CHECKING:
    from . import Output

CACHE = Path(".cache") / "extract"
_VERSION = 2  # of an entry's layout: an entry of another layout is not read


class Kept:
    """The outputs of the seeds extracted before, by the digest of what made them."""

    def __init__(self, project: Project):
        self.project = project
        self.folder = project.root / CACHE
        self.common = hashlib.sha256(digests.code())
        self.common.update(json.dumps(digests.settings(project), sort_keys=True, default=str).encode("utf-8"))
        self._keys: dict[Path, str] = {}

    def key(self, seed: Path) -> str:
        """The digest of everything the seed's output is made from: its text and its sidecar."""
        known = self._keys.get(seed)
        if known is None:
            summed = self.common.copy()
            for path in (seed, seed.with_suffix(".toml")):
                summed.update(path.name.encode("utf-8") + b"\0")
                try:
                    summed.update(digests.file_digest(path))
                except OSError:  # absent or unreadable: read, it is refused with its reason
                    summed.update(b"unread")
            known = self._keys[seed] = summed.hexdigest()
        return known

    def get(self, seed: Path) -> Output | None:
        """The output the seed gave before, if its inputs and its data file are as they were then."""
        from . import Output

        try:
            stored = json.loads((self.folder / f"{self.key(seed)}.json").read_text(encoding="utf-8"))
            if stored["version"] != _VERSION:
                return None
            path = self.project.data / stored["data"]
            text = path.read_bytes()
            if hashlib.sha256(text).hexdigest() != stored["sha256"]:
                return None
            where = display_path(seed)
            return Output(
                path=path, held=None, seed=seed, responses=stored["responses"],
                findings=stored["findings"], statements=stored["statements"],
                warnings=tuple(where + rest for rest in stored["warnings"]),
            )
        except (OSError, ValueError, KeyError, TypeError):  # absent, unreadable or not of this layout
            return None

    def put(self, output: Output) -> None:
        # A warning names its seed as seen from where it was read; kept without it, it names the
        # seed as seen from where it is read again (`-C`, another folder).
        where = display_path(output.seed)
        if not all(warning.startswith(where) for warning in output.warnings):
            return
        stored = {
            "version": _VERSION, "data": output.path.name, "sha256": hashlib.sha256(output.text.encode("utf-8")).hexdigest(),
            "responses": output.responses, "findings": output.findings, "statements": output.statements,
            "warnings": [warning[len(where):] for warning in output.warnings],
        }
        kept.write(self.folder / f"{self.key(output.seed)}.json", json.dumps(stored, ensure_ascii=False))

    def keep_only(self, seeds: list[Path]) -> None:
        """Remove the entries of seeds no longer there or changed since, so the folder does not grow."""
        wanted = {f"{self.key(seed)}.json" for seed in seeds}
        try:
            for path in self.folder.glob("*"):  # with what a killed run left half written
                if path.name not in wanted:
                    path.unlink(missing_ok=True)
        except OSError:
            pass
