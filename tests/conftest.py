"""Shared fixtures: the real project, and throw-away copies of it to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from lodpub import config

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "20151-uui-896.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def project() -> config.Project:
    return config.load(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's inputs in a temporary folder, safe to damage."""
    return copy_project(tmp_path / "project")


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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A complete build/ of the real project, made once per test session in a copy of it."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    done = run_build(root)
    assert done.returncode == 0, done.stderr + done.stdout
    return root / "build"


@pytest.fixture(scope="module")
def client(built_site):
    """`lodpub serve`'s app over the built seed project, through Starlette's test client."""
    from starlette.testclient import TestClient

    from lodpub.server import create_app

    app = create_app(config.load(built_site.parent))
    with TestClient(app, base_url="http://127.0.0.1:8000", follow_redirects=False) as test_client:
        yield test_client
