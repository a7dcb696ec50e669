"""Shared fixtures: the real project, a copy of it to break, its build and a client of its server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from projects import ROOT, copy_project, run_build

from lodpub import config

# The suite tries the same generated cases on every run, so a red CI means a change broke something;
# `HYPOTHESIS_PROFILE=explore make test` goes looking for new cases.
settings.register_profile("default", max_examples=60, derandomize=True, database=None)
settings.register_profile("explore", max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
