"""The real project's paths, and throw-away copies of it to build or break, for any test."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

from rdflib import Graph

from lodpub.core import layout, packed

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "20151-uui-896.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parse_turtle(paths) -> Graph:
    """One rdflib graph of the given Turtle files."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def copy_project(root: Path) -> Path:
    """The project's inputs (settings, seeds, data, vocabulary, shapes, example queries) in `root`."""
    root.mkdir(parents=True)
    shutil.copy(ROOT / "lodpub.toml", root)
    for folder in ("seeds", "data", "ontology", "shapes", "queries"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its path there, with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def built_copy(tmp_path: Path):
    """A copy of the project, built: its folder, its Project and the files of its build."""
    from lodpub import build, config

    root = copy_project(tmp_path / "p")
    project = config.load(root)
    build.build(project)
    return root, project, tree(root / "build")


def assert_left_whole(root: Path, before: dict[str, bytes]) -> None:
    """The build before is served as it was, no half-written one is left, nor any process."""
    assert multiprocessing.active_children() == []
    assert tree(root / "build") == before
    assert not [p for p in (root / ".builds").iterdir() if p.name.startswith("new-")]


def run_build(root: Path, **env: str) -> subprocess.CompletedProcess:
    """`lodpub build` as a user runs it, in its own process."""
    script = Path(sys.executable).with_name("lodpub")
    return subprocess.run(
        [script, "-C", root, "build"], capture_output=True, text=True, env={**os.environ, **env}
    )


def site_file(site: Path, relative: str) -> Path:
    """The file of a build that holds `relative`, a path as served: doc/answer/x.html is in
    doc/answer/x.html.gz (the build writes doc/ compressed only), anything else is itself."""
    return site / layout.stored(relative)


def site_bytes(site: Path, relative: str) -> bytes:
    """What a build serves at `relative`: the text of the file that holds it, unpacked if stored
    packed (a dump, dumps/x.nt.gz, is served at its own name as the archive it is)."""
    data = site_file(site, relative).read_bytes()
    return packed.unpack(data) if layout.stored(relative) != relative else data


def site_text(site: Path, relative: str) -> str:
    return site_bytes(site, relative).decode("utf-8")


def served_files(site: Path, pattern: str = "*") -> list[str]:
    """The paths, as served and sorted, of the files of a build below `site` matching `pattern`,
    a glob matched from the right end of the path as served (PurePosixPath.match): doc/answer/*.html
    is the answers' pages, *.html every page."""
    found = (layout.served(p.relative_to(site).as_posix()) for p in site.rglob("*") if p.is_file())
    return sorted(path for path in found if PurePosixPath(path).match(pattern))
