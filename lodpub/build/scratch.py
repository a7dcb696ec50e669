"""The folder a build is written into, and the removal of those that killed builds left behind.

A build writes into .builds/new-*, and removes it itself when it fails. A build that is killed
(SIGKILL, the OOM killer) cannot: its folder stays, half written, never linked as build/. Every
running build holds a shared lock on .builds/.lock (flock, which the kernel drops when the last
process holding it ends, however it ends); a build that can take it exclusively knows no other
build is running, so every new-* folder there is a leftover, and removes it before it starts
its own. Builds may still run side by side: a leftover then waits for the next build that runs
alone.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK = ".lock"
PREFIX = "new-"


@contextmanager
def fresh(builds: Path, build: Path) -> Iterator[Path]:
    """A new, empty folder under `builds` to write a build into, for as long as the block runs.

    Leftovers of killed builds are removed first when no other build is running: folders under
    `builds` named new-*, and the temporary links beside `build` that a killed swap left.
    """
    builds.mkdir(exist_ok=True)
    handle = os.open(builds / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # another build is running: its folder is not ours to judge
        else:
            _remove_leftovers(builds, build)
        fcntl.flock(handle, fcntl.LOCK_SH)
        out = builds / f"{PREFIX}{uuid.uuid4().hex}"
        out.mkdir()
        yield out
    finally:
        os.close(handle)


def temporary_link(build: Path) -> Path:
    """A name beside `build` for the link that replaces it in one rename."""
    return build.with_name(f".{build.name}.{uuid.uuid4().hex}")


def _remove_leftovers(builds: Path, build: Path) -> None:
    for path in builds.iterdir():
        if path.name.startswith(PREFIX):
            shutil.rmtree(path, ignore_errors=True)
    for path in build.parent.glob(f".{build.name}.*"):
        if path.is_symlink():
            path.unlink(missing_ok=True)
