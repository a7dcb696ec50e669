"""Writing what is kept between runs (.cache/): each file whole or not at all, and never a
reason for the run itself to fail."""

from __future__ import annotations

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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        scratch.write_bytes(data)
        os.replace(scratch, target)
    except OSError:
        pass


def write_chunks(target: Path, chunks: Iterable[bytes]) -> None:
    """`chunks` one after the other into `target`, as `write` does, never all of them at once."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with scratch.open("wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(scratch, target)
    except OSError:
        pass
