"""Shared fixtures: the real project, and throw-away copies of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "lodpub.toml", root)
    for folder in ("seeds", "data", "ontology", "shapes"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    return root
