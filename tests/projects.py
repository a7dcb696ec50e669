"""The real project's paths, and throw-away copies of it to build or break, for any test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import Graph

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


def run_build(root: Path, **env: str) -> subprocess.CompletedProcess:
    """`lodpub build` as a user runs it, in its own process."""
    script = Path(sys.executable).with_name("lodpub")
    return subprocess.run(
        [script, "-C", root, "build"], capture_output=True, text=True, env={**os.environ, **env}
    )
