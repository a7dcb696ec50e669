"""Reading a dump as the build writes it: gzip-compressed (dumps/*.nq.gz), unpacked on the way."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import BinaryIO

from . import layout

# What reading a damaged gzip file raises: not gzip at all, cut short, or corrupt inside.
DAMAGED = (gzip.BadGzipFile, EOFError, zlib.error)


def open_dump(path: Path) -> BinaryIO:
    """The dump's text as a binary stream: unpacked when its name ends in .gz, else as it is."""
    path = Path(path)
    return gzip.open(path, "rb") if path.name.endswith(layout.PACKED) else path.open("rb")
