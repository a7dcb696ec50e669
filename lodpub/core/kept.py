"""Writing what is kept between runs (.cache/): each file whole or not at all, and never a
reason for the run itself to fail."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path


def write(target: Path, text: str) -> None:
    """`text` into `target`, through a file beside it renamed into place, so a reader sees the
    whole file or none; nothing when it cannot be written (a read-only checkout makes
    everything every time, and nothing else changes)."""
    write_bytes(target, text.encode("utf-8"))


def write_bytes(target: Path, data: bytes) -> None:
    """`data` into `target`, as `write` does."""
    write_chunks(target, (data,))


def write_chunks(target: Path, chunks: Iterable[bytes]) -> None:
    """`chunks` one after the other into `target`, as `write` does, never all of them at once."""
    scratch = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with scratch.open("wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(scratch, target)
    except OSError:
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)  # a full disk: nothing is left of it
