"""Shared fixtures: the real project, a copy of it to break, its build and a client of its server."""

from __future__ import annotations

from pathlib import Path

import pytest
from projects import ROOT, copy_project, run_build

from lodpub import config


@pytest.fixture(scope="session")
def project() -> config.Project:
    return config.load(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's inputs in a temporary folder, safe to damage."""
    return copy_project(tmp_path / "project")


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

    from lodpub.serve.app import create_app

    app = create_app(config.load(built_site.parent))
    with TestClient(app, base_url="http://127.0.0.1:8000", follow_redirects=False) as test_client:
        yield test_client
