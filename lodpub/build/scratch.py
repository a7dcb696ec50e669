"""The folder a build is written into, and the removal of folders no build needs any more.

A build writes into .builds/new-*, and removes it itself when it fails. A build that is killed
(SIGKILL, the OOM killer) cannot: its folder stays, half written, never linked as build/. Every
running build holds a shared lock on .builds/.lock (flock, which the kernel drops when the last
process holding it ends, however it ends); a build that can take it exclusively knows no other
build is running, so every new-* folder there is a leftover. Builds may still run side by side:
a leftover then waits for the next build that runs alone.

Removing a build takes long (tens of thousands of files; on a disk mounted with `discard`, each
freed file waits for the device: about 9 s at 1,000 answers), so nothing is removed on the way
to a new build/. What is to go is renamed old-* at once (the build a swap replaced, a killed
build's folder), and a process of the next build that runs alone removes every old-* while that
build works; the build waits for it before it ends. So after a build, .builds/ holds it and the
build before it, until the next.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import lifeline

LOCK = ".lock"
PREFIX = "new-"
OLD = "old-"  # no longer needed; removed by the next build that runs alone


@contextmanager
def fresh(builds: Path, build: Path) -> Iterator[Path]:
    """A new, empty folder under `builds` to write a build into, for as long as the block runs.

    Leftovers of killed builds are removed first when no other build is running: folders under
    `builds` named new-*, and the temporary links beside `build` that a killed swap left.
    """
    builds.mkdir(exist_ok=True)
    handle = os.open(builds / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    sweeper = None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # another build is running: its folder is not ours to judge
        else:
            _set_aside_leftovers(builds, build)
            sweeper = _start_sweeper(builds)
        fcntl.flock(handle, fcntl.LOCK_SH)
        out = builds / f"{PREFIX}{uuid.uuid4().hex}"
        out.mkdir()
        yield out
        if sweeper is not None:
            sweeper.wait()
    finally:
        if sweeper is not None and sweeper.poll() is None:
            sweeper.kill()  # the build failed or was interrupted: the next one goes on
            sweeper.wait()
        os.close(handle)


def tidy(builds: Path, build: Path) -> None:
    """Set aside what killed builds left (new-* folders, stray links), when no other build runs,
    for a build that keeps the one served and writes nothing. Removing them, and the build before
    (old-*), is left to the next build that writes: waiting for it here would take seconds (tens
    of them at 10,000 answers) where keeping the build takes one."""
    if not builds.is_dir():
        return
    handle = os.open(builds / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _set_aside_leftovers(builds, build)
    except BlockingIOError:
        pass  # another build is running: its folder is not ours to judge
    finally:
        os.close(handle)


def set_aside(path: Path) -> None:
    """Mark the folder `path` under .builds/ for removal by the next build (see above)."""
    os.rename(path, path.with_name(f"{OLD}{uuid.uuid4().hex}"))


def temporary_link(build: Path) -> Path:
    """A name beside `build` for the link that replaces it in one rename."""
    return build.with_name(f".{build.name}.{uuid.uuid4().hex}")


def _set_aside_leftovers(builds: Path, build: Path) -> None:
    for path in builds.iterdir():
        if path.name.startswith(PREFIX):
            set_aside(path)
    for path in build.parent.glob(f".{build.name}.*"):
        if path.is_symlink():
            path.unlink(missing_ok=True)


def _start_sweeper(builds: Path) -> subprocess.Popen | None:
    old = sorted(str(path) for path in builds.iterdir() if path.name.startswith(OLD))
    if not old:
        return None
    # `rm`, not a fork of this process: a fork would count every page the build holds as its own.
    # It ends with the build, however that ends.
    return subprocess.Popen(["rm", "-rf", "--", *old], preexec_fn=lifeline.before_exec(os.getpid()),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
